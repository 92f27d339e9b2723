"""Open vSwitch topology and bonding: ``ovs-vsctl show``, ``ovs-appctl bond/show`` and
``ovs-appctl lacp/show``.

sos files: ``sos_commands/openvswitch/ovs-vsctl_-t_5_show``, ``ovs-appctl_bond.show``,
``ovs-appctl_bond.show_<port>``, ``ovs-appctl_lacp.show``.

Real input (corpus compute, ``ovs-vsctl -t 5 show``)::

    b8a20458-9009-41a0-aa49-71bcc0080537
        Bridge br-tun
            Controller "tcp:127.0.0.1:6633"
                is_connected: true
            fail_mode: secure
            datapath_type: system
            Port vxlan-0a000085
                Interface vxlan-0a000085
                    type: vxlan
                    options: {df_default="true", in_key=flow, local_ip="10.0.0.128", ...}
        ovs_version: "2.13.3"

-> ``OvsShow(uuid="b8a20458-...", ovs_version="2.13.3", bridges=[OvsBridge(name="br-tun",
fail_mode="secure", datapath_type="system", controllers=[OvsController(
"tcp:127.0.0.1:6633", is_connected=True)], ports=[OvsPort(name="vxlan-0a000085",
interfaces=[OvsInterface(name="vxlan-0a000085", type="vxlan", options={"df_default":
"true", "in_key": "flow", "local_ip": "10.0.0.128", ...})])])])``. An Interface without
a ``type:`` line is a plain netdev and gets ``type="system"``; a Port with more than one
Interface is a bond (``OvsPort.is_bond``). ``error: "..."`` under an Interface fills
``OvsInterface.error``. Older OVS quotes names (``Bridge "br0"``); quotes are removed.

``ovs-appctl bond/show`` (older OVS says ``slave``, 2.15+ says ``member``)::

    ---- bond0 ----
    bond_mode: balance-tcp
    lacp_status: negotiated

    slave p0: disabled
    \tmay_enable: false

-> ``OvsBond(name="bond0", bond_mode="balance-tcp", lacp_status="negotiated",
members=[OvsBondMember(name="p0", enabled=False, may_enable=False, ...)])``.

``ovs-appctl lacp/show``::

    ---- bond0 ----
    \tstatus: active negotiated
    slave: p0: defaulted detached
    \tactor state: activity timeout aggregation defaulted
    \tpartner sys_id: 00:00:00:00:00:00

-> ``OvsLacpBond(name="bond0", status="active negotiated", members=[OvsLacpMember(
name="p0", status="defaulted", attached=False, actor=OvsLacpParty(state=["activity",
"timeout", "aggregation", "defaulted"], ...), partner=OvsLacpParty(sys_id=
"00:00:00:00:00:00", ...))])``.

Tolerance rule: lines that are not understood are skipped; for the two ``ovs-appctl``
commands, unindented lines outside any known shape (``no such bond``, ``ovs-appctl:
ovs-vswitchd: server returned an error``, ``2024-...|ovs|WARN|...`` from stderr) are kept
in ``messages`` so a caller can tell "no bonds" from "the daemon did not answer". Empty
text gives an empty result. ``ParseError`` is raised only when non-empty text has not one
line of the expected shape (and, for appctl, no ``ovs-appctl:`` error either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_OPTION = re.compile(r'([^\s,{}=]+)=("(?:[^"\\]|\\.)*"|[^,}]*)')
_BOND_HEADER = re.compile(r"^---- (.+) ----$")
_BOND_MEMBER = re.compile(r"^(?:slave|member) (\S+): (\S+)$")
_LACP_MEMBER = re.compile(r"^(?:slave|member): (\S+): (\S+)(?: (\S+))?$")


@dataclass(slots=True)
class OvsController:
    """A ``Controller`` or ``Manager`` target and its connection state."""

    target: str
    is_connected: bool | None = None


@dataclass(slots=True)
class OvsInterface:
    """An ``Interface`` row as ``ovs-vsctl show`` prints it."""

    name: str
    type: str = "system"
    options: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    other: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class OvsPort:
    """A ``Port`` row; several interfaces make it a bond."""

    name: str
    tag: int | None = None
    other: dict[str, str] = field(default_factory=dict)
    interfaces: list[OvsInterface] = field(default_factory=list)

    @property
    def is_bond(self) -> bool:
        return len(self.interfaces) > 1


@dataclass(slots=True)
class OvsBridge:
    """A ``Bridge`` row with its controllers and ports."""

    name: str
    fail_mode: str | None = None
    datapath_type: str | None = None
    controllers: list[OvsController] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)
    ports: list[OvsPort] = field(default_factory=list)


@dataclass(slots=True)
class OvsShow:
    """The whole ``ovs-vsctl show`` tree."""

    uuid: str | None = None
    managers: list[OvsController] = field(default_factory=list)
    bridges: list[OvsBridge] = field(default_factory=list)
    ovs_version: str | None = None


@dataclass(slots=True)
class OvsBondMember:
    """A ``slave``/``member`` entry of ``bond/show``."""

    name: str
    enabled: bool
    active: bool = False
    may_enable: bool | None = None


@dataclass(slots=True)
class OvsBond:
    """One ``---- bond ----`` section of ``bond/show``."""

    name: str
    bond_mode: str | None = None
    lacp_status: str | None = None
    lacp_fallback_ab: bool | None = None
    updelay_ms: int | None = None
    downdelay_ms: int | None = None
    active_member_mac: str | None = None
    active_member: str | None = None
    other: dict[str, str] = field(default_factory=dict)
    members: list[OvsBondMember] = field(default_factory=list)


@dataclass(slots=True)
class OvsBondShow:
    """``bond/show`` output: bonds, plus lines that were errors rather than data."""

    bonds: list[OvsBond] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OvsLacpParty:
    """The actor or partner half of a ``lacp/show`` member."""

    sys_id: str | None = None
    sys_priority: int | None = None
    port_id: int | None = None
    port_priority: int | None = None
    key: int | None = None
    state: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OvsLacpMember:
    """A ``slave:``/``member:`` entry of ``lacp/show``."""

    name: str
    status: str
    attached: bool | None = None
    port_id: int | None = None
    port_priority: int | None = None
    may_enable: bool | None = None
    actor: OvsLacpParty = field(default_factory=OvsLacpParty)
    partner: OvsLacpParty = field(default_factory=OvsLacpParty)


@dataclass(slots=True)
class OvsLacpBond:
    """One ``---- bond ----`` section of ``lacp/show``."""

    name: str
    status: str | None = None
    sys_id: str | None = None
    sys_priority: int | None = None
    aggregation_key: int | None = None
    lacp_time: str | None = None
    members: list[OvsLacpMember] = field(default_factory=list)

    @property
    def negotiated(self) -> bool:
        return self.status is not None and "negotiated" in self.status.split()


@dataclass(slots=True)
class OvsLacpShow:
    """``lacp/show`` output: bonds, plus lines that were errors rather than data."""

    bonds: list[OvsLacpBond] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def parse_ovs_vsctl_show(text: str) -> OvsShow:
    """Parse ``ovs-vsctl show``."""
    show = OvsShow()
    bridge: OvsBridge | None = None
    port: OvsPort | None = None
    iface: OvsInterface | None = None
    target: OvsController | None = None
    recognised = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        word, _, rest = line.partition(" ")
        if _UUID.match(line):
            show.uuid = line
            recognised = True
        elif word == "Manager":
            target = OvsController(_unquote(rest))
            show.managers.append(target)
            bridge = port = iface = None
        elif word == "Bridge":
            bridge = OvsBridge(_unquote(rest))
            show.bridges.append(bridge)
            port = iface = target = None
            recognised = True
        elif word == "ovs_version:":
            show.ovs_version = _unquote(rest)
            recognised = True
        elif word == "Controller" and bridge is not None:
            target = OvsController(_unquote(rest))
            bridge.controllers.append(target)
        elif word == "Port" and bridge is not None:
            port = OvsPort(_unquote(rest))
            bridge.ports.append(port)
            iface = target = None
        elif word == "Interface" and port is not None:
            iface = OvsInterface(_unquote(rest))
            port.interfaces.append(iface)
        elif word.endswith(":"):
            _read_attribute(word[:-1], rest.strip(), bridge, port, iface, target)
    if not recognised and text.strip():
        raise ParseError("no ovs-vsctl show lines found")
    return show


def parse_ovs_bond_show(text: str) -> OvsBondShow:
    """Parse ``ovs-appctl bond/show [bond]``."""
    result = OvsBondShow()
    bond: OvsBond | None = None
    member: OvsBondMember | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _BOND_HEADER.match(line)
        member_match = _BOND_MEMBER.match(line)
        if header:
            bond = OvsBond(header.group(1))
            result.bonds.append(bond)
            member = None
        elif bond is not None and member_match:
            member = OvsBondMember(member_match.group(1), member_match.group(2) == "enabled")
            bond.members.append(member)
        elif member is not None and raw[:1].isspace():
            _read_bond_member_line(member, line)
        elif bond is not None and ": " in line and not raw[:1].isspace():
            key, _, value = line.partition(": ")
            _read_bond_line(bond, key, value.strip())
        elif not raw[:1].isspace():
            result.messages.append(line)
    _check_appctl(text, bool(result.bonds), result.messages, "bond/show")
    return result


def parse_ovs_lacp_show(text: str) -> OvsLacpShow:
    """Parse ``ovs-appctl lacp/show [bond]``."""
    result = OvsLacpShow()
    bond: OvsLacpBond | None = None
    member: OvsLacpMember | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _BOND_HEADER.match(line)
        member_match = _LACP_MEMBER.match(line)
        if header:
            bond = OvsLacpBond(header.group(1))
            result.bonds.append(bond)
            member = None
        elif bond is not None and member_match:
            name, status, attach = member_match.groups()
            member = OvsLacpMember(name, status, None if attach is None else attach == "attached")
            bond.members.append(member)
        elif bond is not None and raw[:1].isspace():
            key, _, value = line.partition(":")
            if member is None:
                _read_lacp_bond_line(bond, key, value.strip())
            else:
                _read_lacp_member_line(member, key, value.strip())
        elif not raw[:1].isspace():
            result.messages.append(line)
    _check_appctl(text, bool(result.bonds), result.messages, "lacp/show")
    return result


def _read_attribute(
    key: str,
    value: str,
    bridge: OvsBridge | None,
    port: OvsPort | None,
    iface: OvsInterface | None,
    target: OvsController | None,
) -> None:
    # The innermost open row owns the attribute, except is_connected which always
    # belongs to the Controller/Manager line above it.
    if key == "is_connected" and target is not None:
        target.is_connected = value == "true"
    elif iface is not None:
        if key == "type":
            iface.type = value
        elif key == "options":
            iface.options = _options(value)
        elif key == "error":
            iface.error = _unquote(value)
        else:
            iface.other[key] = value
    elif port is not None:
        if key == "tag":
            port.tag = _int(value)
        else:
            port.other[key] = value
    elif bridge is not None:
        if key == "fail_mode":
            bridge.fail_mode = value
        elif key == "datapath_type":
            bridge.datapath_type = value
        else:
            bridge.other[key] = value


def _read_bond_line(bond: OvsBond, key: str, value: str) -> None:
    if key == "bond_mode":
        bond.bond_mode = value
    elif key == "lacp_status":
        bond.lacp_status = value
    elif key == "lacp_fallback_ab":
        bond.lacp_fallback_ab = value == "true"
    elif key == "updelay":
        bond.updelay_ms = _int(value.split()[0])
    elif key == "downdelay":
        bond.downdelay_ms = _int(value.split()[0])
    elif key in ("active slave mac", "active member mac"):
        mac, _, owner = value.partition("(")
        bond.active_member_mac = mac
        owner = owner.rstrip(")")
        bond.active_member = owner if owner and owner != "none" else None
    else:
        bond.other[key] = value


def _read_bond_member_line(member: OvsBondMember, line: str) -> None:
    if line in ("active slave", "active member"):
        member.active = True
    elif line.startswith("may_enable:"):
        member.may_enable = line.partition(":")[2].strip() == "true"


def _read_lacp_bond_line(bond: OvsLacpBond, key: str, value: str) -> None:
    if key == "status":
        bond.status = value
    elif key == "sys_id":
        bond.sys_id = value
    elif key == "sys_priority":
        bond.sys_priority = _int(value)
    elif key == "aggregation key":
        bond.aggregation_key = _int(value)
    elif key == "lacp_time":
        bond.lacp_time = value


def _read_lacp_member_line(member: OvsLacpMember, key: str, value: str) -> None:
    if key == "port_id":
        member.port_id = _int(value)
    elif key == "port_priority":
        member.port_priority = _int(value)
    elif key == "may_enable":
        member.may_enable = value == "true"
    elif key.startswith("actor "):
        _read_lacp_party(member.actor, key.removeprefix("actor "), value)
    elif key.startswith("partner "):
        _read_lacp_party(member.partner, key.removeprefix("partner "), value)


def _read_lacp_party(party: OvsLacpParty, key: str, value: str) -> None:
    if key == "sys_id":
        party.sys_id = value
    elif key == "sys_priority":
        party.sys_priority = _int(value)
    elif key == "port_id":
        party.port_id = _int(value)
    elif key == "port_priority":
        party.port_priority = _int(value)
    elif key == "key":
        party.key = _int(value)
    elif key == "state":
        party.state = value.split()


def _check_appctl(text: str, found: bool, messages: list[str], what: str) -> None:
    if found or not text.strip():
        return
    if any(m.startswith("ovs-appctl:") or m.startswith("no such") for m in messages):
        return
    raise ParseError(f"no ovs-appctl {what} sections found")


def _options(value: str) -> dict[str, str]:
    return {key: _unquote(val.strip()) for key, val in _OPTION.findall(value)}


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _int(value: str) -> int | None:
    try:
        return to_int(value)
    except ValueError:
        return None
