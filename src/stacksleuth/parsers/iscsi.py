"""open-iscsi sessions: ``iscsiadm -m session -P 3``.

sos stores it as ``sos_commands/iscsi/iscsiadm_-m_session_-P_3``.

Real input (iscsiadm 6.2.1.9; indentation is tabs, older builds and copies use spaces)::

    iSCSI Transport Class version 2.0-870
    version 6.2.1.9
    Target: iqn.2024-12.tp2.b3:data-chunk2 (non-flash)
        Current Portal: 10.3.2.2:3260,1
        Persistent Portal: 10.3.2.2:3260,1
            Iface Name: default
            Iface Transport: tcp
            Iface Initiatorname: iqn.2024-12.tp2.b3:data-chunk2:chunk1-initiator
            Iface IPaddress: 10.3.2.102
            SID: 10
            iSCSI Connection State: LOGGED IN
            iSCSI Session State: LOGGED_IN
            Internal iscsid Session State: NO CHANGE
            ...
            Host Number: 6  State: running
            scsi6 Channel 00 Id 0 Lun: 0
                Attached scsi disk sde      State: running

comes out as ``IscsiSessions(version="6.2.1.9", sessions=[IscsiSession(
target="iqn.2024-12.tp2.b3:data-chunk2", current_portal="10.3.2.2:3260,1",
iface_name="default", iface_transport="tcp", sid=10, connection_state="LOGGED IN",
session_state="LOGGED_IN", internal_state="NO CHANGE", host_number=6,
host_state="running", luns=[IscsiLun(host=6, channel=0, target_id=0, lun=0,
device="sde", state="running")], ...)])``.

One ``Target:`` heading covers every session to that target: each ``Current Portal:``
line starts a new session (multipath setups log in once per portal). A LUN line without
an ``Attached scsi disk`` line below it gives ``device=None``; a session whose LUNs never
appeared has ``luns == []`` (e.g. a target without LUN 0, or a rescan that did not run).
Values printed as ``<empty>`` become None.

Tolerance rule: ``iscsiadm: No active sessions.`` gives an empty list with
``no_active_sessions=True``. Other ``iscsiadm:`` messages are kept in ``messages``.
Lines before the first ``Current Portal:`` (a tailed file) have no session to go to and
are skipped; a session whose ``Target:`` line was cut off has ``target=None``. Unknown
keys (timeouts, CHAP, negotiated parameters) are skipped except ``Recovery Timeout``.
Empty text gives an empty result; ``ParseError`` only when non-empty text has no line
iscsiadm would print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_LUN = re.compile(r"^scsi(?P<host>\d+) Channel (?P<channel>\d+) Id (?P<id>\d+) Lun: (?P<lun>\d+)")
_DISK = re.compile(r"^Attached scsi disk (?P<dev>\S+)\s+State: (?P<state>.+)$")
_HOST = re.compile(r"^Host Number: (?P<host>\d+)\s+State: (?P<state>.+)$")
_SESSION_KEYS = {
    "Persistent Portal": "persistent_portal",
    "Iface Name": "iface_name",
    "Iface Transport": "iface_transport",
    "Iface Initiatorname": "iface_initiatorname",
    "Iface IPaddress": "iface_ipaddress",
    "Iface HWaddress": "iface_hwaddress",
    "Iface Netdev": "iface_netdev",
    "iSCSI Connection State": "connection_state",
    "iSCSI Session State": "session_state",
    "Internal iscsid Session State": "internal_state",
}
_INT_KEYS = {"SID": "sid", "Recovery Timeout": "recovery_timeout"}
_KNOWN_KEYS = frozenset({"Target", "Current Portal", *_SESSION_KEYS, *_INT_KEYS})


@dataclass(slots=True)
class IscsiLun:
    """One ``scsiH Channel C Id T Lun: L`` line and the disk attached to it."""

    host: int
    channel: int
    target_id: int
    lun: int
    device: str | None = None
    state: str | None = None


@dataclass(slots=True)
class IscsiSession:
    """One logged-in (or logging-in) session: one portal of one target."""

    target: str | None
    current_portal: str | None = None
    persistent_portal: str | None = None
    iface_name: str | None = None
    iface_transport: str | None = None
    iface_initiatorname: str | None = None
    iface_ipaddress: str | None = None
    iface_hwaddress: str | None = None
    iface_netdev: str | None = None
    sid: int | None = None
    connection_state: str | None = None
    session_state: str | None = None
    internal_state: str | None = None
    recovery_timeout: int | None = None
    host_number: int | None = None
    host_state: str | None = None
    luns: list[IscsiLun] = field(default_factory=list)

    @property
    def disks(self) -> list[str]:
        """Block devices (``sdb``, ...) attached through this session."""
        return [lun.device for lun in self.luns if lun.device]


@dataclass(slots=True)
class IscsiSessions:
    """Everything ``iscsiadm -m session -P 3`` printed."""

    transport_class_version: str | None = None
    version: str | None = None
    sessions: list[IscsiSession] = field(default_factory=list)
    no_active_sessions: bool = False
    messages: list[str] = field(default_factory=list)


def parse_iscsiadm_session(text: str) -> IscsiSessions:
    """Parse ``iscsiadm -m session -P 3`` (``-P 1`` and ``-P 2`` give subsets of it)."""
    result = IscsiSessions()
    target: str | None = None
    session: IscsiSession | None = None
    recognised = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("*"):
            continue
        if line.startswith("iscsiadm:"):
            recognised = True
            _read_message(result, line)
            continue
        if line.startswith("iSCSI Transport Class version"):
            result.transport_class_version = line.rpartition(" ")[2]
            recognised = True
            continue
        if line.startswith("version ") and session is None:
            result.version = line.partition(" ")[2].strip()
            continue
        if session is not None and _read_scsi_line(session, line):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        recognised = recognised or key in _KNOWN_KEYS
        if key == "Target":
            target, session = _target_name(value), None
        elif key == "Current Portal":
            session = IscsiSession(target=target, current_portal=_value(value))
            result.sessions.append(session)
        elif session is not None:
            _read_session_line(session, key, value)
    if not recognised and text.strip():
        raise ParseError("no iscsiadm session keys found")
    return result


def _read_message(result: IscsiSessions, line: str) -> None:
    if line.rstrip(".").endswith("No active sessions"):
        result.no_active_sessions = True
    else:
        result.messages.append(line)


def _target_name(value: str) -> str:
    # Newer iscsiadm appends "(non-flash)" / "(flash)" to the IQN.
    return value.split(" (", 1)[0].strip()


def _value(value: str) -> str | None:
    return None if value in ("", "<empty>") else value


def _read_scsi_line(session: IscsiSession, line: str) -> bool:
    host = _HOST.match(line)
    if host is not None:
        session.host_number = to_int(host["host"])
        session.host_state = host["state"].strip()
        return True
    lun = _LUN.match(line)
    if lun is not None:
        session.luns.append(
            IscsiLun(
                host=to_int(lun["host"]),
                channel=to_int(lun["channel"]),
                target_id=to_int(lun["id"]),
                lun=to_int(lun["lun"]),
            )
        )
        return True
    disk = _DISK.match(line)
    if disk is not None and session.luns:
        session.luns[-1].device = disk["dev"]
        session.luns[-1].state = disk["state"].strip()
        return True
    return False


def _read_session_line(session: IscsiSession, key: str, value: str) -> None:
    if key in _SESSION_KEYS:
        setattr(session, _SESSION_KEYS[key], _value(value))
    elif key in _INT_KEYS and value.isdigit():
        setattr(session, _INT_KEYS[key], to_int(value))
