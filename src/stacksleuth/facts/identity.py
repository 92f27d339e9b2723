"""A host's identity: name, OS, kernel, sos version, the report's "now", uptime and role.

The role is guessed from the OpenStack services a host runs (processes) or has installed
(packages), so containerised deployments, whose packages live in images, are still read
right from `ps`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from stacksleuth.evidence.model import HostEvidence, Note, Severity
from stacksleuth.facts.reading import parse_first, read_spec
from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.host import (
    OsRelease,
    parse_hostname,
    parse_lsb_release,
    parse_os_release,
    parse_redhat_release,
    parse_report_time,
    parse_sos_version,
    parse_uname,
    parse_uptime,
)
from stacksleuth.parsers.packages import (
    package_versions,
    parse_dpkg_l,
    parse_installed_rpms,
)
from stacksleuth.parsers.ps import Process, parse_ps_aux

# The services that make a role, first match wins for the primary role. nova-api-metadata
# runs on DVR computes too, so it makes no controller.
ROLE_SERVICES: dict[str, tuple[str, ...]] = {
    "compute": ("nova-compute",),
    "controller": (
        "nova-api",
        "nova-conductor",
        "nova-scheduler",
        "neutron-server",
        "keystone",
        "glance-api",
        "cinder-api",
        "placement-api",
        "heat-api",
    ),
    "network": ("neutron-l3-agent", "neutron-dhcp-agent", "ovn-northd", "ovn-controller"),
    "storage": ("ceph-osd", "cinder-volume", "swift-object-server", "swift-object"),
}

_EXECUTABLE = re.compile(r"(?:^|/)([a-z][a-z0-9_.-]+)(?=\s|$)")


@dataclass(slots=True)
class HostIdentity:
    hostname: str
    fqdn: str = ""
    os_id: str = ""
    os_name: str = ""
    os_version: str = ""
    os_pretty: str = ""
    kernel: str = ""
    machine: str = ""
    sos_version: str = ""
    report_time: datetime | None = None
    uptime: timedelta | None = None
    role: str = "unknown"
    roles: list[str] = field(default_factory=list)
    packages: dict[str, str] = field(default_factory=dict)

    @property
    def boot_time(self) -> datetime | None:
        if self.report_time is None or self.uptime is None:
            return None
        return self.report_time - self.uptime

    def to_json(self) -> dict[str, object]:
        return {
            "hostname": self.hostname,
            "fqdn": self.fqdn,
            "os": {
                "id": self.os_id,
                "name": self.os_name,
                "version": self.os_version,
                "pretty": self.os_pretty,
            },
            "kernel": self.kernel,
            "machine": self.machine,
            "sos_version": self.sos_version,
            "report_time": self.report_time.isoformat() if self.report_time else None,
            "uptime_seconds": int(self.uptime.total_seconds()) if self.uptime else None,
            "boot_time": self.boot_time.isoformat() if self.boot_time else None,
            "role": self.role,
            "roles": self.roles,
        }


def build_identity(evidence: HostEvidence, processes: list[Process] | None = None) -> HostIdentity:
    """Identity facts; `processes` is the parsed `ps` when the caller has it already."""
    if processes is None:
        processes = parse_first(evidence, "ps", parse_ps_aux)
    identity = HostIdentity(hostname=evidence.name)
    _read_names(evidence, identity)
    _read_os(evidence, identity)
    uname = parse_uname(read_spec(evidence, "uname -a") or "")
    if uname:
        identity.kernel, identity.machine = uname.release, uname.machine
        if identity.hostname == evidence.name and not _has_spec(evidence, "hostname"):
            identity.hostname = uname.hostname
    identity.sos_version = parse_sos_version(read_spec(evidence, "sos version") or "") or ""
    # parse_first: an impossible date or uptime becomes a note naming the file.
    identity.report_time = parse_first(evidence, "date", parse_report_time)
    if identity.report_time is None and evidence.kind == "live":
        identity.report_time = datetime.now(UTC)
    identity.uptime = parse_first(evidence, "uptime", parse_uptime)
    identity.packages = _read_packages(evidence)
    identity.roles = guess_roles(identity.packages, _executables(processes or []))
    identity.role = identity.roles[0] if identity.roles else "unknown"
    return identity


def _has_spec(evidence: HostEvidence, spec: str) -> bool:
    return bool(evidence.find(spec))


def _read_names(evidence: HostEvidence, identity: HostIdentity) -> None:
    short = parse_hostname(read_spec(evidence, "hostname") or "")
    fqdn = parse_hostname(read_spec(evidence, "hostname -f") or "")
    if short:
        identity.hostname = short.split(".")[0]
    if fqdn:
        identity.fqdn = fqdn
        if not short:
            identity.hostname = fqdn.split(".")[0]


def _read_os(evidence: HostEvidence, identity: HostIdentity) -> None:
    release: OsRelease | None = (
        parse_os_release(read_spec(evidence, "os-release") or "")
        or parse_lsb_release(read_spec(evidence, "lsb_release") or "")
        or parse_redhat_release(read_spec(evidence, "redhat-release") or "")
    )
    if release:
        identity.os_id, identity.os_name = release.id, release.name
        identity.os_version, identity.os_pretty = release.version_id, release.pretty_name


def _read_packages(evidence: HostEvidence) -> dict[str, str]:
    try:
        text = read_spec(evidence, "dpkg -l")
        if text:
            return package_versions(parse_dpkg_l(text))
        text = read_spec(evidence, "rpm -qa")
        if text:
            return package_versions(parse_installed_rpms(text).packages)
    except ParseError as exc:
        evidence.notes.append(Note(Severity.WARNING, "packages", f"unparsed package list: {exc}"))
    return {}


def _executables(processes: list[Process]) -> set[str]:
    """Base names of the programs in the process list (`/usr/bin/nova-compute` ...)."""
    names: set[str] = set()
    for process in processes:
        # Python services run as `python3 /usr/bin/nova-compute --config-file ...`.
        for word in process.command.split()[:3]:
            match = _EXECUTABLE.search(word)
            if match:
                names.add(match.group(1))
    return names


def guess_roles(packages: dict[str, str], executables: set[str]) -> list[str]:
    """Roles in priority order, from services running or installed."""
    present = set(executables) | {name.removeprefix("openstack-") for name in packages}
    return [role for role, services in ROLE_SERVICES.items() if present & set(services)]
