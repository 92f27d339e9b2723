"""Block storage paths of a compute: multipath maps and iSCSI sessions.

"Slow or no access to block devices on some VMs" on a compute that attaches Cinder volumes
over iSCSI is told by these two outputs: a map with a failed path (I/O queued on
`queue_if_no_path` or slowed to one path), a session logged in whose LUN never appeared,
or an iSCSI disk that no multipath map claims (os-brick attached it single-path, or left it
behind on a detach).

Corpus compute: no multipath map (only `HDIO_GETGEO failed` log lines) and
`iscsiadm: No active sessions.`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.facts.reading import parse_first
from stacksleuth.parsers.iscsi import IscsiSession, IscsiSessions, parse_iscsiadm_session
from stacksleuth.parsers.multipath import MultipathMap, parse_multipath_output


@dataclass(slots=True)
class MultipathPathFacts:
    device: str | None
    hctl: str | None
    dm_state: str | None
    path_state: str | None
    online_state: str | None
    failed: bool

    def to_json(self) -> dict[str, object]:
        return {
            "device": self.device,
            "hctl": self.hctl,
            "dm_state": self.dm_state,
            "path_state": self.path_state,
            "online_state": self.online_state,
            "failed": self.failed,
        }


@dataclass(slots=True)
class MultipathMapFacts:
    name: str
    wwid: str
    dm_device: str
    vendor: str | None
    product: str | None
    paths: list[MultipathPathFacts] = field(default_factory=list)

    @property
    def failed_paths(self) -> int:
        return sum(1 for path in self.paths if path.failed)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "wwid": self.wwid,
            "dm_device": self.dm_device,
            "vendor": self.vendor,
            "product": self.product,
            "paths": [path.to_json() for path in self.paths],
            "failed_paths": self.failed_paths,
        }


@dataclass(slots=True)
class IscsiSessionFacts:
    target: str | None
    portal: str | None
    sid: int | None
    session_state: str | None
    connection_state: str | None
    disks: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.target or '?'} via {self.portal or '?'}"

    def to_json(self) -> dict[str, object]:
        return {
            "target": self.target,
            "portal": self.portal,
            "sid": self.sid,
            "session_state": self.session_state,
            "connection_state": self.connection_state,
            "disks": self.disks,
        }


@dataclass(slots=True)
class StorageFacts:
    """Multipath maps and iSCSI sessions; `None` when the command output was not collected."""

    multipath_maps: list[MultipathMapFacts] | None = None
    iscsi_sessions: list[IscsiSessionFacts] | None = None
    # libdevmapper's reason when multipath could not reach device-mapper (a container):
    # the maps are then unknown (None), and this is a state of the host, not damage.
    multipath_unavailable: str | None = None

    @property
    def maps_with_failed_paths(self) -> list[str]:
        return sorted(m.name for m in self.multipath_maps or [] if m.failed_paths)

    @property
    def sessions_without_disks(self) -> list[str]:
        """Sessions logged in with no disk attached (LUN never seen, or left after a detach)."""
        return sorted(s.label for s in self.iscsi_sessions or [] if not s.disks)

    @property
    def iscsi_disks_outside_multipath(self) -> list[str]:
        """iSCSI sd devices that no multipath map lists; empty when multipath was not read."""
        if self.multipath_maps is None:
            return []
        in_maps = {p.device for m in self.multipath_maps for p in m.paths if p.device}
        disks = {d for s in self.iscsi_sessions or [] for d in s.disks}
        return sorted(disks - in_maps)

    @property
    def iscsi_leftovers(self) -> bool:
        """Sessions without disks, or, on a host that does use multipath, iSCSI disks no
        map claims. A host with no map at all runs iSCSI single-path: its disks are not
        leftovers, so they do not count."""
        if self.sessions_without_disks:
            return True
        return bool(self.multipath_maps) and bool(self.iscsi_disks_outside_multipath)

    def attributes(self) -> dict[str, object]:
        attributes: dict[str, object] = {}
        if self.multipath_maps is not None:
            attributes["storage.multipath"] = bool(self.multipath_maps)
            attributes["storage.multipath.failed_paths"] = bool(self.maps_with_failed_paths)
        if self.multipath_unavailable:
            attributes["storage.multipath.device_mapper_unreachable"] = True
        if self.iscsi_sessions is not None:
            attributes["storage.iscsi"] = bool(self.iscsi_sessions)
            attributes["storage.iscsi_leftovers"] = self.iscsi_leftovers
        return attributes

    def to_json(self) -> dict[str, object]:
        return {
            "multipath_maps": (
                None if self.multipath_maps is None else [m.to_json() for m in self.multipath_maps]
            ),
            "multipath_unavailable": self.multipath_unavailable,
            "iscsi_sessions": (
                None if self.iscsi_sessions is None else [s.to_json() for s in self.iscsi_sessions]
            ),
            "maps_with_failed_paths": self.maps_with_failed_paths,
            "sessions_without_disks": self.sessions_without_disks,
            "iscsi_disks_outside_multipath": self.iscsi_disks_outside_multipath,
            "iscsi_leftovers": self.iscsi_leftovers,
        }


def build_storage(evidence: HostEvidence) -> StorageFacts:
    facts = StorageFacts()
    output = parse_first(evidence, "multipath -ll", parse_multipath_output)
    if output is not None and output.device_mapper_error and not output.maps:
        facts.multipath_unavailable = output.device_mapper_error
    elif output is not None:
        facts.multipath_maps = [_map(m) for m in output.maps]
    sessions = parse_first(evidence, "iscsiadm session", parse_iscsiadm_session)
    if sessions is not None:
        facts.iscsi_sessions = _sessions(sessions)
    return facts


def _map(parsed: MultipathMap) -> MultipathMapFacts:
    failed = {id(path) for path in parsed.failed_paths}
    paths = [
        MultipathPathFacts(
            device=path.device,
            hctl=path.hctl,
            dm_state=path.dm_state,
            path_state=path.path_state,
            online_state=path.online_state,
            failed=id(path) in failed,
        )
        for path in parsed.paths
    ]
    return MultipathMapFacts(
        name=parsed.name,
        wwid=parsed.wwid,
        dm_device=parsed.dm_device,
        vendor=parsed.vendor,
        product=parsed.product,
        paths=paths,
    )


def _sessions(parsed: IscsiSessions) -> list[IscsiSessionFacts]:
    return [_session(session) for session in parsed.sessions]


def _session(session: IscsiSession) -> IscsiSessionFacts:
    return IscsiSessionFacts(
        target=session.target,
        portal=session.current_portal,
        sid=session.sid,
        session_state=session.session_state,
        connection_state=session.connection_state,
        disks=session.disks,
    )
