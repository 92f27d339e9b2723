"""iproute2 interface listings: ``ip [-d] [-s] address|link`` and ``ip -o addr``.

sos files: ``sos_commands/networking/ip_-d_address``, ``ip_-s_-d_link``, ``ip_-o_addr``,
older sos ``ip_address``, and ``ip_netns_exec_<ns>_ip_address_show`` per namespace.

Real input (corpus compute, ``ip -d address``)::

    17: veth1883dceb@if16: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue ...
        link/ether 4e:68:29:1e:ed:52 brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1 ...
        veth
        bridge_slave state forwarding priority 32 cost 2 hairpin off ...
    31: vxlan_sys_4789: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 65000 qdisc noqueue ...
        link/ether 5a:bc:16:3c:d0:f0 brd ff:ff:ff:ff:ff:ff promiscuity 1 minmtu 68 maxmtu 65535
        vxlan external
        openvswitch_slave numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535
        inet6 fe80::58bc:16ff:fe3c:d0f0/64 scope link

comes out as ``IpInterface(index=17, name="veth1883dceb", parent=None, peer_ifindex=16,
master="br-ens3", kind="veth", slave_kind="bridge_slave", link_netnsid=0, ...)`` and
``IpInterface(index=31, name="vxlan_sys_4789", kind="vxlan", kind_info={},
kind_flags=["external"], slave_kind="openvswitch_slave", addresses=[IpAddress("inet6",
"fe80::58bc:16ff:fe3c:d0f0", 64, scope="link")], ...)``.

With ``-s`` the ``RX:``/``TX:`` header and number lines fill ``IpInterface.stats``; the
column names are read from the header, so both the old ``overrun`` and the new
``missed`` column (iproute2 >= 5.10) are understood.

The part after ``@`` in the name is split three ways: ``@ifN`` is the ifindex of a peer
(a veth end) in another namespace -> ``peer_ifindex``; ``@NONE`` means no lower device;
anything else is the lower device in this namespace (``bond1.4003@bond1``,
``vlan100@vlan20``) -> ``parent``. ``at`` keeps the raw text.

``ip -o addr`` (one address per line, continuation folded into ``\\``)::

    9: br-ens3    inet 10.0.0.128/24 brd 10.0.0.255 scope global br-ens3\\    valid_lft ...

-> ``IpOnelineAddress(index=9, name="br-ens3", address=IpAddress("inet", "10.0.0.128",
24, broadcast="10.0.0.255", scope="global", label="br-ens3", valid_lft="forever", ...))``.

Tolerance rule: lines that belong to no interface (a first line cut in the middle because
sos kept only the end of a large output, stderr such as ``Cannot find device "x"``) are
skipped, as are lines inside an interface that are not understood. Empty text gives an
empty list. ``ParseError`` is raised only when non-empty text has not one line that looks
like iproute2 output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_HEADER = re.compile(r"^(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>\s*(.*)$")
_ONELINE = re.compile(r"^(\d+):\s+(\S+)\s+(inet6?)\s+(.*)$")
_PEER_IFINDEX = re.compile(r"^if(\d+)$")

# Keys iproute2 appends to whichever details line comes last; they describe the netdev
# itself, not its kind, so they are kept apart from kind_info/slave_info.
_NETDEV_KEYS = frozenset(
    {
        "addrgenmode",
        "numtxqueues",
        "numrxqueues",
        "gso_max_size",
        "gso_max_segs",
        "gro_max_size",
        "gso_ipv4_max_size",
        "gro_ipv4_max_size",
        "tso_max_size",
        "tso_max_segs",
        "parentbus",
        "parentdev",
        "allmulti",
        "netns-immutable",
    }
)
_KINDS = frozenset(
    {
        "vlan",
        "vxlan",
        "geneve",
        "bond",
        "bridge",
        "openvswitch",
        "veth",
        "tun",
        "macvlan",
        "macvtap",
        "ipvlan",
        "gre",
        "gretap",
        "ip6gre",
        "ipip",
        "sit",
        "vrf",
        "dummy",
        "team",
        "ifb",
        "wireguard",
    }
)
# Words that stand alone (no value) in a kind's details; everything else is key value.
_KIND_FLAGS = frozenset(
    {
        "external",
        "nolearning",
        "proxy",
        "rsc",
        "l2miss",
        "l3miss",
        "udpcsum",
        "noudpcsum",
        "udp6zerocsumtx",
        "noudp6zerocsumtx",
        "udp6zerocsumrx",
        "noudp6zerocsumrx",
        "remcsumtx",
        "noremcsumtx",
        "remcsumrx",
        "noremcsumrx",
        "gbp",
        "gpe",
        "vnifilter",
        "localbypass",
        "nolocalbypass",
        "pmtudisc",
        "nopmtudisc",
        "ignore-df",
        "noignore-df",
        "multi_queue",
    }
)
_ADDRESS_FLAGS = frozenset(
    {
        "dynamic",
        "noprefixroute",
        "secondary",
        "temporary",
        "deprecated",
        "tentative",
        "dadfailed",
        "mngtmpaddr",
        "permanent",
        "home",
        "nodad",
        "optimistic",
        "stable-privacy",
        "autojoin",
    }
)


@dataclass(slots=True)
class IpAddress:
    """One ``inet``/``inet6`` line and its ``valid_lft`` continuation."""

    family: str
    address: str
    prefixlen: int | None
    scope: str | None = None
    broadcast: str | None = None
    peer: str | None = None
    label: str | None = None
    flags: list[str] = field(default_factory=list)
    valid_lft: str | None = None
    preferred_lft: str | None = None


@dataclass(slots=True)
class IpLinkStats:
    """Counters from ``ip -s``; a field is None when the column was not printed."""

    rx_bytes: int | None = None
    rx_packets: int | None = None
    rx_errors: int | None = None
    rx_dropped: int | None = None
    rx_overrun: int | None = None
    rx_missed: int | None = None
    rx_mcast: int | None = None
    tx_bytes: int | None = None
    tx_packets: int | None = None
    tx_errors: int | None = None
    tx_dropped: int | None = None
    tx_carrier: int | None = None
    tx_collisions: int | None = None
    # ``ip -s -s`` adds "RX errors:"/"TX errors:" rows; keyed like "rx_errors_crc".
    extended: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class IpInterface:
    """One interface block of ``ip address`` / ``ip link`` output."""

    index: int
    name: str
    at: str | None = None
    parent: str | None = None
    peer_ifindex: int | None = None
    flags: list[str] = field(default_factory=list)
    mtu: int | None = None
    qdisc: str | None = None
    master: str | None = None
    state: str | None = None
    mode: str | None = None
    group: str | None = None
    qlen: int | None = None
    link_type: str | None = None
    mac: str | None = None
    brd: str | None = None
    link_netnsid: int | None = None
    link_netns: str | None = None
    promiscuity: int | None = None
    minmtu: int | None = None
    maxmtu: int | None = None
    altnames: list[str] = field(default_factory=list)
    kind: str | None = None
    kind_info: dict[str, str] = field(default_factory=dict)
    kind_flags: list[str] = field(default_factory=list)
    slave_kind: str | None = None
    slave_info: dict[str, str] = field(default_factory=dict)
    netdev_info: dict[str, str] = field(default_factory=dict)
    addresses: list[IpAddress] = field(default_factory=list)
    stats: IpLinkStats | None = None


@dataclass(slots=True)
class IpOnelineAddress:
    """One line of ``ip -o addr``."""

    index: int
    name: str
    address: IpAddress


def parse_ip_interfaces(text: str) -> list[IpInterface]:
    """Interfaces from ``ip [-d] [-s] [-s] address`` or ``ip [-d] [-s] link`` output."""
    interfaces: list[IpInterface] = []
    current: IpInterface | None = None
    pending_stats: tuple[str, list[str]] | None = None
    recognised = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        header = _HEADER.match(line)
        if header:
            current = _interface_from_header(header)
            interfaces.append(current)
            pending_stats = None
            recognised = True
            continue
        if current is None or not raw[:1].isspace():
            # Before the first header (tailed output) or unindented stderr noise.
            recognised = recognised or _looks_like_continuation(line)
            continue
        recognised = True
        pending_stats = _read_continuation(current, line.strip(), pending_stats)
    if not recognised and text.strip():
        raise ParseError("no iproute2 interface lines found")
    return interfaces


def parse_ip_oneline_addr(text: str) -> list[IpOnelineAddress]:
    """Addresses from ``ip -o addr`` (one address per line)."""
    result: list[IpOnelineAddress] = []
    for line in text.splitlines():
        match = _ONELINE.match(line.strip())
        if not match:
            continue
        body, _, rest = match.group(4).partition("\\")
        address = _parse_address(match.group(3), body.split())
        if address is None:
            continue
        _read_lifetimes(address, rest.split())
        result.append(IpOnelineAddress(to_int(match.group(1)), match.group(2), address))
    if not result and text.strip():
        raise ParseError("no 'ip -o addr' lines found")
    return result


def _interface_from_header(match: re.Match[str]) -> IpInterface:
    iface = IpInterface(index=to_int(match.group(1)), name=match.group(2), at=match.group(3))
    if iface.at and iface.at != "NONE":
        peer = _PEER_IFINDEX.match(iface.at)
        if peer:
            iface.peer_ifindex = to_int(peer.group(1))
        else:
            iface.parent = iface.at
    iface.flags = [f for f in match.group(4).split(",") if f]
    pairs = _pairs(match.group(5).split())
    iface.mtu = _int(pairs.get("mtu"))
    iface.qdisc = pairs.get("qdisc")
    iface.master = pairs.get("master")
    iface.state = pairs.get("state")
    iface.mode = pairs.get("mode")
    iface.group = pairs.get("group")
    iface.qlen = _int(pairs.get("qlen"))
    return iface


def _read_continuation(
    iface: IpInterface, line: str, pending_stats: tuple[str, list[str]] | None
) -> tuple[str, list[str]] | None:
    """Apply one indented line to iface; return a stats header awaiting its numbers."""
    tokens = line.split()
    first = tokens[0]
    if pending_stats is not None and first.isdigit():
        _apply_stats(iface, pending_stats, tokens)
        return None
    if first in ("RX:", "TX:"):
        return (first[:2].lower(), tokens[1:])
    if first in ("RX", "TX") and len(tokens) > 1 and tokens[1] == "errors:":
        return (first.lower() + "_errors", tokens[2:])
    if first.startswith("link/"):
        _read_link_line(iface, tokens)
    elif first in ("inet", "inet6"):
        address = _parse_address(first, tokens[1:])
        if address is not None:
            iface.addresses.append(address)
    elif first == "valid_lft" and iface.addresses:
        _read_lifetimes(iface.addresses[-1], tokens)
    elif first == "altname" and len(tokens) > 1:
        iface.altnames.append(tokens[1])
    elif first.endswith("_slave"):
        iface.slave_kind = first
        _read_details(iface, tokens[1:], iface.slave_info, None)
    elif first in _KINDS:
        iface.kind = first
        _read_details(iface, tokens[1:], iface.kind_info, iface.kind_flags)
    elif first in _NETDEV_KEYS:
        _read_details(iface, tokens, iface.netdev_info, None)
    return None


def _read_link_line(iface: IpInterface, tokens: list[str]) -> None:
    iface.link_type = tokens[0].removeprefix("link/")
    rest = tokens[1:]
    # link/none (tun in L3 mode) has no address; anything else starts with one.
    if rest and (":" in rest[0] or "." in rest[0]):
        iface.mac = rest[0]
        rest = rest[1:]
    pairs = _pairs(rest)
    iface.brd = pairs.pop("brd", None)
    iface.link_netnsid = _int(pairs.pop("link-netnsid", None))
    iface.link_netns = pairs.pop("link-netns", None)
    iface.promiscuity = _int(pairs.pop("promiscuity", None))
    iface.minmtu = _int(pairs.pop("minmtu", None))
    iface.maxmtu = _int(pairs.pop("maxmtu", None))
    iface.netdev_info.update(pairs)


def _read_details(
    iface: IpInterface, tokens: list[str], info: dict[str, str], flags: list[str] | None
) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("<") or token in _KIND_FLAGS:
            if flags is not None:
                flags.append(token.strip("<>"))
            i += 1
            continue
        if token == "srcport" and i + 2 < len(tokens):
            # vxlan prints a port range: "srcport 0 0".
            info[token] = f"{tokens[i + 1]} {tokens[i + 2]}"
            i += 3
            continue
        value = tokens[i + 1] if i + 1 < len(tokens) else ""
        target = iface.netdev_info if token in _NETDEV_KEYS else info
        target[token] = value
        i += 2


def _parse_address(family: str, tokens: list[str]) -> IpAddress | None:
    if not tokens:
        return None
    addr, _, prefix = tokens[0].partition("/")
    result = IpAddress(family=family, address=addr, prefixlen=_int(prefix or None))
    i = 1
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in ("brd", "scope", "peer", "metric", "proto") and nxt is not None:
            if token == "peer":
                peer, _, peer_prefix = nxt.partition("/")
                result.peer = peer
                result.prefixlen = _int(peer_prefix or None) or result.prefixlen
            elif token == "brd":
                result.broadcast = nxt
            elif token == "scope":
                result.scope = nxt
            i += 2
            continue
        if token in _ADDRESS_FLAGS:
            result.flags.append(token)
        else:
            result.label = token
        i += 1
    return result


def _read_lifetimes(address: IpAddress, tokens: list[str]) -> None:
    pairs = _pairs(tokens)
    address.valid_lft = pairs.get("valid_lft")
    address.preferred_lft = pairs.get("preferred_lft")


def _apply_stats(iface: IpInterface, pending: tuple[str, list[str]], numbers: list[str]) -> None:
    direction, columns = pending
    if iface.stats is None:
        iface.stats = IpLinkStats()
    for column, number in zip(columns, numbers, strict=False):
        value = _int(number)
        if value is None:
            continue
        if direction.endswith("_errors"):
            iface.stats.extended[f"{direction}_{column}"] = value
            continue
        name = f"{direction}_{'collisions' if column == 'collsns' else column}"
        if hasattr(iface.stats, name):
            setattr(iface.stats, name, value)
        else:
            iface.stats.extended[name] = value


def _looks_like_continuation(line: str) -> bool:
    first = line.split()[0] if line.split() else ""
    return first.startswith("link/") or first in ("inet", "inet6", "RX:", "TX:", "valid_lft")


def _pairs(tokens: list[str]) -> dict[str, str]:
    return {tokens[i]: tokens[i + 1] for i in range(0, len(tokens) - 1, 2)}


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return to_int(value)
    except ValueError:
        return None
