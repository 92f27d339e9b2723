"""Network facts: NICs and the cards they sit on, bonds, VLANs, bridges, tunnels, MTUs.

The question behind this section is the seed's "12 out of 168": which hosts have a card
whose ports are split between a kernel driver and a userspace (DPDK) driver, and what
else sits between a guest's tap and the wire (bridges, bonds, VLANs, tunnels, MTUs).

Evidence, each file read once:
- PCI functions: `lspci -nnvv` (class, ids, "Kernel driver in use", LnkCap/LnkSta),
  `lshw` (function and interface nodes), `lshw -businfo` (bus address -> netdev name),
  `dpdk-devbind --status` (which functions a userspace driver owns);
- per netdev: `ethtool` (link, speed), `ethtool -i` (driver, firmware, bus-info),
  `ethtool -S` (counters), `ethtool -g` (rings), `sys/class/net/<dev>/device/numa_node`;
- topology: `ip -d address` (MTU, master, lower link, link kind), `ip -s -d link`
  (counters), `/proc/net/bonding/*`, `ovs-vsctl show`, `ovs-appctl bond/show`,
  `ovs-appctl lacp/show`.

A NIC is anything with a PCI address that is a network function (virtio NICs included),
plus every PCI network function that has no kernel interface at all: a function bound to
vfio-pci or igb_uio has no netdev, so it shows up only in lspci, lshw and dpdk-devbind.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.facts.reading import parse_each, parse_first
from stacksleuth.parsers.bonding import BondStatus, parse_proc_net_bonding
from stacksleuth.parsers.dpdk_devbind import DevbindDevice, parse_dpdk_devbind_status
from stacksleuth.parsers.ethtool import (
    DriverInfo,
    EthtoolSettings,
    NicStatistics,
    RingParams,
    parse_ethtool,
    parse_ethtool_g,
    parse_ethtool_i,
    parse_ethtool_s,
)
from stacksleuth.parsers.iproute import IpInterface, IpLinkStats, parse_ip_interfaces
from stacksleuth.parsers.lshw import (
    LshwBusInfoRow,
    LshwNetwork,
    parse_lshw_businfo,
    parse_lshw_network,
)
from stacksleuth.parsers.lspci import PciDevice, normalise_pci_slot, parse_lspci
from stacksleuth.parsers.ovs import (
    OvsBondShow,
    OvsLacpShow,
    OvsShow,
    parse_ovs_bond_show,
    parse_ovs_lacp_show,
    parse_ovs_vsctl_show,
)

# Drivers that hand a PCI function to a userspace process (DPDK, VFIO passthrough): the
# kernel has no netdev for the function while one of these owns it.
USERSPACE_DRIVERS = frozenset({"vfio-pci", "igb_uio", "uio_pci_generic"})
# Kinds of driver binding, as `Nic.driver_kind` / `CardFunction.driver_kind` say them.
KERNEL, USERSPACE, UNBOUND = "kernel", "userspace", "unbound"

_PCI_ADDRESS = re.compile(r"^(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$")
# lspci classes of network functions, when lspci ran without -n (no class id).
_NETWORK_CLASSES = frozenset({"Ethernet controller", "Network controller", "Infiniband controller"})
# Counter names that count packets lost on the host (ring full, no buffer, discarded by
# the NIC or the driver). "missed", not "miss": ixgbe's fdir_miss is a flow-director
# lookup miss, no loss.
_DROP_COUNTER = re.compile(
    r"drop|discard|missed|no_buf|nobuf|no_dma|out_of_buffer|fifo_err|overrun|alloc_fail",
    re.IGNORECASE,
)
_ZERO_MAC = "00:00:00:00:00:00"
_TUNNEL_TYPES = frozenset({"vxlan", "geneve", "gre", "gretap", "ip6gre", "stt", "erspan", "lisp"})


# -- records -------------------------------------------------------------------------------


@dataclass(slots=True)
class PcieLink:
    """What a PCIe function can do (LnkCap) against what it trained at (LnkSta)."""

    cap_speed: str | None
    cap_width: int | None
    sta_speed: str | None
    sta_width: int | None
    degraded: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class Rings:
    """`ethtool -g`: ring entries in use and the hardware maximum."""

    rx: int | None
    tx: int | None
    rx_max: int | None
    tx_max: int | None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class Nic:
    """One netdev on a PCI function, or a PCI network function with no netdev (name None)."""

    name: str | None
    pci_address: str
    card: str
    function: int
    vendor: str | None = None
    model: str | None = None
    vendor_id: str | None = None
    device_id: str | None = None
    driver: str | None = None
    driver_kind: str | None = None
    # Which evidence named the driver: "ethtool -i", "dpdk-devbind", "lspci" or "lshw".
    driver_evidence: str | None = None
    driver_version: str | None = None
    firmware: str | None = None
    link_detected: bool | None = None
    speed_mbps: int | None = None
    mtu: int | None = None
    numa_node: int | None = None
    pcie: PcieLink | None = None
    rings: Rings | None = None
    # Non-zero drop/discard counters of `ethtool -S`; `counters` keeps them all.
    drops: dict[str, int] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["pcie"] = self.pcie.to_json() if self.pcie else None
        data["rings"] = self.rings.to_json() if self.rings else None
        return data


@dataclass(slots=True)
class CardFunction:
    """One PCI function of a card, with the driver that owns it."""

    pci_address: str
    function: int
    names: list[str]
    driver: str | None
    driver_kind: str | None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class Card:
    """The functions of one physical card: same PCI domain:bus:device (`0000:83:00`)."""

    address: str
    vendor: str | None
    model: str | None
    functions: list[CardFunction] = field(default_factory=list)

    @property
    def drivers(self) -> list[str]:
        return sorted({f.driver for f in self.functions if f.driver})

    @property
    def mixed_drivers(self) -> bool:
        """Some functions on a kernel driver and others on a userspace (DPDK) driver."""
        kinds = {f.driver_kind for f in self.functions}
        return KERNEL in kinds and USERSPACE in kinds

    @property
    def without_interface(self) -> bool:
        """Some functions have a kernel netdev and others none (the seed's lshw view)."""
        named = [bool(f.names) for f in self.functions]
        return any(named) and not all(named)

    def to_json(self) -> dict[str, object]:
        return {
            "address": self.address,
            "vendor": self.vendor,
            "model": self.model,
            "functions": [f.to_json() for f in self.functions],
            "drivers": self.drivers,
            "mixed_drivers": self.mixed_drivers,
            "without_interface": self.without_interface,
        }


@dataclass(slots=True)
class BondMember:
    """A Linux bond slave as /proc/net/bonding (or `ip -d` as a fallback) shows it."""

    name: str
    mii_status: str | None = None
    speed_mbps: int | None = None
    link_failure_count: int | None = None
    aggregator_id: int | None = None
    actor_churn_state: str | None = None
    partner_churn_state: str | None = None
    actor_churned_count: int | None = None
    partner_churned_count: int | None = None
    partner_mac: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class LinuxBond:
    """A Linux bond; `evidence` is "/proc/net/bonding" or "ip -d address"."""

    name: str
    mode: str | None
    evidence: str
    mii_status: str | None = None
    transmit_hash_policy: str | None = None
    lacp_rate: str | None = None
    active_aggregator_id: int | None = None
    partner_mac: str | None = None
    no_active_aggregator: bool = False
    members: list[BondMember] = field(default_factory=list)

    @property
    def lacp_churned(self) -> bool:
        """An 802.3ad member whose actor or partner LACP state machine is "churned"."""
        return any("churned" in (m.actor_churn_state, m.partner_churn_state) for m in self.members)

    @property
    def partner_mac_zero(self) -> bool:
        """802.3ad with a partner MAC of all zeros: the switch never answered LACP."""
        if self.mode != "802.3ad":
            return False
        macs = [self.partner_mac, *(m.partner_mac for m in self.members)]
        return _ZERO_MAC in macs

    @property
    def split_aggregators(self) -> bool:
        """802.3ad members in different aggregators: only one of them carries traffic."""
        ids = {m.aggregator_id for m in self.members if m.aggregator_id is not None}
        return self.mode == "802.3ad" and len(ids) > 1

    def to_json(self) -> dict[str, object]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["members"] = [m.to_json() for m in self.members]
        data["lacp_churned"] = self.lacp_churned
        data["partner_mac_zero"] = self.partner_mac_zero
        data["split_aggregators"] = self.split_aggregators
        return data


@dataclass(slots=True)
class OvsBondMemberState:
    """An OVS bond member, from `bond/show` and `lacp/show` together."""

    name: str
    enabled: bool | None = None
    active: bool = False
    may_enable: bool | None = None
    lacp_status: str | None = None
    attached: bool | None = None
    partner_sys_id: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class OvsBondState:
    """An OVS bond port."""

    name: str
    bridge: str | None = None
    mode: str | None = None
    lacp_status: str | None = None
    lacp: str | None = None
    members: list[OvsBondMemberState] = field(default_factory=list)

    @property
    def partner_mac_zero(self) -> bool:
        return any(m.partner_sys_id == _ZERO_MAC for m in self.members)

    @property
    def lacp_defaulted(self) -> bool:
        """A member that fell back to default partner values: no LACPDU from the switch."""
        return any(m.lacp_status == "defaulted" for m in self.members)

    def to_json(self) -> dict[str, object]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["members"] = [m.to_json() for m in self.members]
        data["partner_mac_zero"] = self.partner_mac_zero
        data["lacp_defaulted"] = self.lacp_defaulted
        return data


@dataclass(slots=True)
class Vlan:
    """A VLAN device; `chain` runs from it down to the first non-VLAN device."""

    name: str
    vlan_id: int | None
    protocol: str | None
    parent: str | None
    depth: int
    chain: list[str]
    qinq: bool

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class BridgePort:
    """A port of a Linux or OVS bridge. `type` is the OVS interface type (internal,
    patch, vxlan, geneve, dpdk, system, ...; "bond" for a multi-interface port) or, on a
    Linux bridge, the device's kind (veth, tap, nic, bond, ...)."""

    name: str
    type: str | None
    mtu: int | None = None
    tag: int | None = None
    options: dict[str, str] = field(default_factory=dict)
    interfaces: list[str] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class Bridge:
    """A Linux bridge (`kind="linux"`) or an OVS bridge (`kind="ovs"`)."""

    name: str
    kind: str
    mtu: int | None = None
    datapath_type: str | None = None
    fail_mode: str | None = None
    ports: list[BridgePort] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        data = {name: getattr(self, name) for name in self.__slots__}
        data["ports"] = [p.to_json() for p in self.ports]
        return data


@dataclass(slots=True)
class Tunnel:
    """A vxlan/geneve/gre endpoint: an OVS interface or a Linux link (`source`)."""

    name: str
    type: str
    source: str
    bridge: str | None = None
    mtu: int | None = None
    options: dict[str, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class NetDevice:
    """One netdev of `ip -d address`, with what it hangs off.

    `parent` is the link it was made on (a VLAN's lower device), `master` the Linux
    master as printed (`ovs-system` for every OVS port), `ovs_bridge` the OVS bridge whose
    port it is, and `lower` the next device towards the wire that a walk tap -> bridge ->
    bond -> NIC follows from here: parent, else the OVS bridge, else the master.
    """

    name: str
    kind: str | None
    mtu: int | None = None
    state: str | None = None
    parent: str | None = None
    master: str | None = None
    ovs_bridge: str | None = None
    lower: str | None = None
    slave_kind: str | None = None
    counters: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class NetworkFacts:
    nics: list[Nic] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    bonds: list[LinuxBond] = field(default_factory=list)
    ovs_bonds: list[OvsBondState] = field(default_factory=list)
    vlans: list[Vlan] = field(default_factory=list)
    bridges: list[Bridge] = field(default_factory=list)
    tunnels: list[Tunnel] = field(default_factory=list)
    devices: list[NetDevice] = field(default_factory=list)
    ovs_version: str | None = None

    @property
    def mtu(self) -> dict[str, int]:
        return {d.name: d.mtu for d in self.devices if d.mtu is not None}

    @property
    def lower(self) -> dict[str, str]:
        return {d.name: d.lower for d in self.devices if d.lower}

    def nic(self, name: str) -> Nic | None:
        return next((n for n in self.nics if n.name == name), None)

    def bridge(self, name: str) -> Bridge | None:
        return next((b for b in self.bridges if b.name == name), None)

    def card(self, address: str) -> Card | None:
        return next((c for c in self.cards if c.address == address), None)

    def to_json(self) -> dict[str, object]:
        return {
            "nics": [n.to_json() for n in self.nics],
            "cards": [c.to_json() for c in self.cards],
            "bonds": [b.to_json() for b in self.bonds],
            "ovs_bonds": [b.to_json() for b in self.ovs_bonds],
            "vlans": [v.to_json() for v in self.vlans],
            "bridges": [b.to_json() for b in self.bridges],
            "tunnels": [t.to_json() for t in self.tunnels],
            "devices": [d.to_json() for d in self.devices],
            "mtu": self.mtu,
            "lower": self.lower,
            "ovs_version": self.ovs_version,
        }

    def attributes(self) -> dict[str, object]:
        """Values hosts can share (models, drivers, modes, flags), for fleet comparison."""
        found: dict[str, object] = {}
        found.update(_nic_attributes(self.nics))
        found.update(_card_attributes(self.cards))
        found.update(_bond_attributes(self.bonds, self.ovs_bonds))
        found.update(_topology_attributes(self))
        # An empty list says nothing a missing key does not; keep False (it is a finding).
        return {key: value for key, value in found.items() if value not in ([], "", None)}


# -- attributes ----------------------------------------------------------------------------


def _sorted_set(values: Iterable[object]) -> list[str]:
    return sorted({str(v) for v in values if v is not None and v != ""})


def _nic_attributes(nics: list[Nic]) -> dict[str, object]:
    if not nics:
        return {}
    found: dict[str, object] = {
        "nic.count": len(nics),
        "nic.model": _sorted_set(n.model for n in nics),
        "nic.driver": _sorted_set(n.driver for n in nics),
        "nic.driver_version": _sorted_set(
            f"{n.driver} {n.driver_version}" for n in nics if n.driver and n.driver_version
        ),
        "nic.firmware": _sorted_set(
            f"{n.model} {n.driver} {n.firmware}" for n in nics if n.firmware
        ),
        "nic.userspace_driver": any(n.driver_kind == USERSPACE for n in nics),
        "nic.mtu": _sorted_set(n.mtu for n in nics),
        "nic.rx_ring": _sorted_set(
            f"{n.driver} {n.rings.rx}/{n.rings.rx_max}" for n in nics if n.rings and n.driver
        ),
    }
    with_pcie = [n for n in nics if n.pcie]
    if with_pcie:
        degraded = [n for n in with_pcie if n.pcie and n.pcie.degraded]
        found["nic.pcie_degraded"] = bool(degraded)
        found["nic.pcie_degraded.model"] = _sorted_set(n.model for n in degraded)
    return found


def _card_attributes(cards: list[Card]) -> dict[str, object]:
    if not cards:
        return {}
    mixed = [c for c in cards if c.mixed_drivers]
    split = [c for c in cards if c.without_interface]
    return {
        "card.mixed_drivers": bool(mixed),
        "card.mixed_drivers.model": _sorted_set(f"{c.model}: {'+'.join(c.drivers)}" for c in mixed),
        "card.function_without_interface": bool(split),
        "card.function_without_interface.model": _sorted_set(c.model for c in split),
    }


def _bond_attributes(bonds: list[LinuxBond], ovs_bonds: list[OvsBondState]) -> dict[str, object]:
    found: dict[str, object] = {}
    if bonds:
        found["bond.mode"] = _sorted_set(b.mode for b in bonds)
        found["bond.lacp_churned"] = any(b.lacp_churned for b in bonds)
        found["bond.partner_mac_zero"] = any(b.partner_mac_zero for b in bonds)
        found["bond.split_aggregators"] = any(b.split_aggregators for b in bonds)
    if ovs_bonds:
        found["ovs.bond_mode"] = _sorted_set(b.mode for b in ovs_bonds)
        found["ovs.bond_lacp_status"] = _sorted_set(b.lacp_status for b in ovs_bonds)
        found["ovs.bond_partner_mac_zero"] = any(b.partner_mac_zero for b in ovs_bonds)
        found["ovs.bond_lacp_defaulted"] = any(b.lacp_defaulted for b in ovs_bonds)
    return found


def _topology_attributes(facts: NetworkFacts) -> dict[str, object]:
    found: dict[str, object] = {}
    if facts.devices:
        found["vlan.present"] = bool(facts.vlans)
        found["vlan.stacked"] = any(v.depth > 1 for v in facts.vlans)
        found["vlan.qinq"] = any(v.qinq for v in facts.vlans)
        found["vlan.protocol"] = _sorted_set(v.protocol for v in facts.vlans)
        found["bridge.kind"] = _sorted_set(b.kind for b in facts.bridges)
        found["tunnel.type"] = _sorted_set(t.type for t in facts.tunnels)
    ovs = [b for b in facts.bridges if b.kind == "ovs"]
    if ovs:
        found["ovs.version"] = facts.ovs_version
        found["ovs.datapath_type"] = _sorted_set(b.datapath_type for b in ovs)
        found["ovs.fail_mode"] = _sorted_set(b.fail_mode for b in ovs)
        found["ovs.interface_type"] = _sorted_set(p.type for b in ovs for p in b.ports)
    return found


# -- the builder -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Evidence:
    """Every parsed input, read once."""

    lspci: list[PciDevice]
    lshw: list[LshwNetwork]
    businfo: list[LshwBusInfoRow]
    devbind: list[DevbindDevice]
    settings: dict[str, EthtoolSettings]
    driver_info: dict[str, DriverInfo]
    statistics: dict[str, NicStatistics]
    rings: dict[str, RingParams]
    numa: dict[str, int]
    interfaces: list[IpInterface]
    link_stats: dict[str, IpLinkStats]
    bonding: dict[str, BondStatus]
    ovs: OvsShow | None
    ovs_bonds: OvsBondShow | None
    ovs_lacp: OvsLacpShow | None


def build_network(evidence: HostEvidence) -> NetworkFacts:
    parsed = _read(evidence)
    ovs_ports = _ovs_port_bridges(parsed.ovs)
    devices = _devices(parsed, ovs_ports)
    nics = _nics(parsed, {d.name: d for d in devices})
    nic_names = {n.name for n in nics if n.name}
    for device in devices:
        if device.kind is None and device.name in nic_names:
            device.kind = "nic"
    return NetworkFacts(
        nics=nics,
        cards=_cards(nics),
        bonds=_linux_bonds(parsed.bonding, parsed.interfaces),
        ovs_bonds=_ovs_bonds(parsed.ovs, parsed.ovs_bonds, parsed.ovs_lacp),
        vlans=vlans_from_interfaces(parsed.interfaces),
        bridges=_linux_bridges(devices) + _ovs_bridges(parsed.ovs, devices),
        tunnels=_tunnels(parsed.ovs, devices, parsed.interfaces),
        devices=devices,
        ovs_version=parsed.ovs.ovs_version if parsed.ovs else None,
    )


def _read(evidence: HostEvidence) -> _Evidence:
    links = parse_first(evidence, "ip -s -d link", parse_ip_interfaces) or []
    # `ip -d address` is the topology (MTU, master, kinds); when sos did not keep it,
    # `ip -s -d link` prints the same link lines, without the addresses.
    interfaces = parse_first(evidence, "ip -d address", parse_ip_interfaces) or links
    return _Evidence(
        lspci=parse_first(evidence, "lspci -nnvv", parse_lspci) or [],
        lshw=parse_first(evidence, "lshw", parse_lshw_network) or [],
        businfo=parse_first(evidence, "lshw -businfo", parse_lshw_businfo) or [],
        devbind=parse_first(evidence, "dpdk-devbind", parse_dpdk_devbind_status) or [],
        settings=parse_each(evidence, "ethtool", parse_ethtool),
        driver_info=parse_each(evidence, "ethtool -i", parse_ethtool_i),
        statistics=parse_each(evidence, "ethtool -S", parse_ethtool_s),
        rings=parse_each(evidence, "ethtool -g", parse_ethtool_g),
        numa=parse_each(evidence, "numa_node", _parse_numa_node),
        interfaces=interfaces,
        link_stats={i.name: i.stats for i in links if i.stats is not None},
        bonding={
            _basename(key): status
            for key, status in parse_each(evidence, "bonding", parse_proc_net_bonding).items()
        },
        ovs=parse_first(evidence, "ovs-vsctl show", parse_ovs_vsctl_show),
        ovs_bonds=parse_first(evidence, "ovs-appctl bond/show", parse_ovs_bond_show),
        ovs_lacp=parse_first(evidence, "ovs-appctl lacp/show", parse_ovs_lacp_show),
    )


def _parse_numa_node(text: str) -> int:
    """`sys/class/net/<dev>/device/numa_node`: one integer; -1 when the platform has none."""
    return int(text.strip())


def _basename(key: str) -> str:
    # A bonding file's key is its bond name, or its path when the source gave no key.
    return key.rstrip("/").rsplit("/", 1)[-1]


# -- NICs ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Function:
    """What each source says about one PCI network function."""

    address: str
    lspci: PciDevice | None = None
    lshw: LshwNetwork | None = None
    businfo: LshwBusInfoRow | None = None
    devbind: DevbindDevice | None = None
    names: list[str] = field(default_factory=list)


def _is_network_pci(device: PciDevice) -> bool:
    if device.class_id:
        return device.class_id.startswith("02")
    return device.class_name in _NETWORK_CLASSES


def _pci(address: str | None) -> str | None:
    if not address or not _PCI_ADDRESS.match(address.strip()):
        return None
    return normalise_pci_slot(address)


def _functions(parsed: _Evidence) -> dict[str, _Function]:
    """Every PCI network function any source knows, with the netdev names on it."""
    functions: dict[str, _Function] = {}

    def get(address: str) -> _Function:
        return functions.setdefault(address, _Function(address))

    for device in parsed.lspci:
        if _is_network_pci(device):
            get(device.slot).lspci = device
    for node in parsed.lshw:
        if node.pci_address is None:
            continue
        function = get(node.pci_address)
        # The function node carries the pci@ bus info; an interface child node only
        # inherits the address (virtio0 under network:0).
        if _pci((node.bus_info or "").removeprefix("pci@")) or function.lshw is None:
            function.lshw = node
    for row in parsed.businfo:
        if row.pci_address and row.device_class == "network":
            get(row.pci_address).businfo = row
    for device in parsed.devbind:
        if device.device_type in (None, "network"):
            get(device.pci_address).devbind = device
    for name, address in _name_addresses(parsed).items():
        if address in functions or name in parsed.driver_info:
            get(address).names.append(name)
    return functions


def _name_addresses(parsed: _Evidence) -> dict[str, str]:
    """netdev name -> PCI address; the first source to name a device wins: ethtool -i
    bus-info (the kernel's own answer), then lshw, lshw -businfo, dpdk-devbind if=."""
    found: dict[str, str] = {}
    for name, info in sorted(parsed.driver_info.items()):
        address = _pci(info.bus_info)
        if address:
            found.setdefault(name, address)
    for node in parsed.lshw:
        if node.pci_address:
            for name in node.logical_names:
                found.setdefault(name, node.pci_address)
    for row in parsed.businfo:
        if row.pci_address and row.device:
            found.setdefault(row.device, row.pci_address)
    for device in parsed.devbind:
        for name in device.interfaces:
            found.setdefault(name, device.pci_address)
    return found


def _nics(parsed: _Evidence, devices: dict[str, NetDevice]) -> list[Nic]:
    nics: list[Nic] = []
    functions = _functions(parsed)
    for function in (functions[address] for address in sorted(functions)):
        for name in sorted(function.names) or [None]:
            nics.append(_nic(parsed, function, name, devices.get(name or "")))
    return nics


def _nic(parsed: _Evidence, function: _Function, name: str | None, device: NetDevice | None) -> Nic:
    address = function.address
    pci, node = function.lspci, function.lshw
    card, _, number = address.rpartition(".")
    nic = Nic(name=name, pci_address=address, card=card, function=int(number))
    nic.vendor = (pci.vendor_name if pci else None) or (node.vendor if node else None)
    nic.model = _model(function)
    if pci:
        nic.vendor_id, nic.device_id = pci.vendor_id, pci.device_id
        nic.pcie = pcie_link(pci)
    if nic.device_id is None and function.devbind:
        nic.device_id = function.devbind.device_id
    info = parsed.driver_info.get(name or "")
    nic.driver, nic.driver_kind, nic.driver_evidence = _driver(function, info)
    nic.driver_version = _first(
        info and info.version, node and node.configuration.get("driverversion")
    )
    nic.firmware = _first(info and info.firmware_version, node and node.firmware)
    _read_link(nic, parsed.settings.get(name or ""), node)
    nic.mtu = device.mtu if device else None
    nic.numa_node = _numa_node(parsed, function, name)
    nic.rings = _rings(parsed.rings.get(name or ""))
    stats = parsed.statistics.get(name or "")
    if stats:
        nic.counters = dict(stats.counters)
        nic.drops = {k: v for k, v in stats.counters.items() if v and _DROP_COUNTER.search(k)}
    return nic


def _first(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _model(function: _Function) -> str | None:
    pci, node = function.lspci, function.lshw
    return _first(
        pci.device_name if pci else None,
        node.product if node else None,
        function.businfo.description if function.businfo else None,
        function.devbind.description if function.devbind else None,
    )


def _driver(
    function: _Function, info: DriverInfo | None
) -> tuple[str | None, str | None, str | None]:
    """(driver, kind, evidence) of one netdev, or of a function that has none.

    What decides, in order: `ethtool -i` of the netdev (the kernel driver that made it);
    then, for a function with no netdev, dpdk-devbind's `drv=` (its "DPDK-compatible"
    section means userspace; "Other" with no `drv=` means no driver bound); then lspci's
    "Kernel driver in use" (vfio-pci/igb_uio show there too); then lshw's `driver=`
    (`UNCLAIMED` = no driver). An empty Device column of `lshw -businfo` alone only says
    "no netdev"; it never decides the driver: the seed's reading of it as "DPDK" needs
    dpdk-devbind or lspci to confirm it.
    """
    if info and info.driver:
        return info.driver, _kind(info.driver), "ethtool -i"
    devbind = function.devbind
    if devbind and devbind.driver:
        return devbind.driver, _kind(devbind.driver), "dpdk-devbind"
    if function.lspci and function.lspci.driver:
        return function.lspci.driver, _kind(function.lspci.driver), "lspci"
    node = function.lshw
    if node and node.driver:
        return node.driver, _kind(node.driver), "lshw"
    if (devbind and devbind.section == "other") or (node and node.unclaimed):
        return None, UNBOUND, "dpdk-devbind" if devbind else "lshw"
    return None, None, None


def _kind(driver: str) -> str:
    return USERSPACE if driver in USERSPACE_DRIVERS else KERNEL


def pcie_link(device: PciDevice) -> PcieLink | None:
    cap, sta = device.link_cap, device.link_sta
    if cap is None and sta is None:
        return None
    return PcieLink(
        cap_speed=cap.speed if cap else None,
        cap_width=cap.width if cap else None,
        sta_speed=sta.speed if sta else None,
        sta_width=sta.width if sta else None,
        degraded=device.link_downgraded,
    )


def _read_link(nic: Nic, settings: EthtoolSettings | None, node: LshwNetwork | None) -> None:
    if settings is not None:
        nic.link_detected, nic.speed_mbps = settings.link_detected, settings.speed_mbps
    # lshw's link=/speed= only describe a netdev's own interface node.
    if node is not None and nic.name in node.logical_names:
        if nic.link_detected is None and node.link in ("yes", "no"):
            nic.link_detected = node.link == "yes"
        if nic.speed_mbps is None and node.speed:
            nic.speed_mbps = _lshw_speed(node.speed)


def _lshw_speed(value: str) -> int | None:
    match = re.fullmatch(r"(\d+)([MG])bit/s", value.strip())
    if not match:
        return None
    return int(match.group(1)) * (1000 if match.group(2) == "G" else 1)


def _numa_node(parsed: _Evidence, function: _Function, name: str | None) -> int | None:
    if name and name in parsed.numa:
        return parsed.numa[name]
    if function.lspci and function.lspci.numa_node is not None:
        return function.lspci.numa_node
    return function.devbind.numa_node if function.devbind else None


def _rings(params: RingParams | None) -> Rings | None:
    if params is None or (params.current is None and params.maximums is None):
        return None
    current, maximum = params.current, params.maximums
    return Rings(
        rx=current.rx if current else None,
        tx=current.tx if current else None,
        rx_max=maximum.rx if maximum else None,
        tx_max=maximum.tx if maximum else None,
    )


# -- cards -----------------------------------------------------------------------------------


def _cards(nics: list[Nic]) -> list[Card]:
    by_function: dict[str, list[Nic]] = {}
    for nic in nics:
        by_function.setdefault(nic.pci_address, []).append(nic)
    cards: dict[str, Card] = {}
    for address, on_function in sorted(by_function.items()):
        first = on_function[0]
        card = cards.setdefault(first.card, Card(first.card, None, None))
        card.functions.append(
            CardFunction(
                pci_address=address,
                function=first.function,
                names=[n.name for n in on_function if n.name],
                driver=first.driver,
                driver_kind=first.driver_kind,
            )
        )
    for card in cards.values():
        members = [n for n in nics if n.card == card.address]
        card.vendor = _most_common(n.vendor for n in members)
        card.model = _most_common(n.model for n in members)
    return list(cards.values())


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None


# -- bonds -----------------------------------------------------------------------------------


def _linux_bonds(bonding: dict[str, BondStatus], interfaces: list[IpInterface]) -> list[LinuxBond]:
    bonds = [_bond_from_proc(name, status) for name, status in sorted(bonding.items())]
    known = {b.name for b in bonds}
    # A bond sos did not copy /proc/net/bonding for is still described by `ip -d`.
    for iface in interfaces:
        if iface.kind == "bond" and iface.name not in known:
            bonds.append(_bond_from_ip(iface, interfaces))
    return bonds


def _bond_from_proc(name: str, status: BondStatus) -> LinuxBond:
    aggregator = status.active_aggregator
    return LinuxBond(
        name=name,
        mode=status.mode,
        evidence="/proc/net/bonding",
        mii_status=status.mii_status,
        transmit_hash_policy=status.transmit_hash_policy,
        lacp_rate=status.lacp_rate,
        active_aggregator_id=aggregator.aggregator_id if aggregator else None,
        partner_mac=aggregator.partner_mac if aggregator else None,
        no_active_aggregator=status.no_active_aggregator,
        members=[
            BondMember(
                name=slave.name,
                mii_status=slave.mii_status,
                speed_mbps=slave.speed_mbps,
                link_failure_count=slave.link_failure_count,
                aggregator_id=slave.aggregator_id,
                actor_churn_state=slave.actor_churn_state,
                partner_churn_state=slave.partner_churn_state,
                actor_churned_count=slave.actor_churned_count,
                partner_churned_count=slave.partner_churned_count,
                partner_mac=slave.partner_lacp_pdu.system_mac if slave.partner_lacp_pdu else None,
            )
            for slave in status.slaves
        ],
    )


def _bond_from_ip(bond: IpInterface, interfaces: list[IpInterface]) -> LinuxBond:
    info = bond.kind_info
    members = [
        BondMember(
            name=iface.name,
            mii_status=iface.slave_info.get("mii_status"),
            link_failure_count=_int(iface.slave_info.get("link_failure_count")),
            aggregator_id=_int(iface.slave_info.get("ad_aggregator_id")),
        )
        for iface in interfaces
        if iface.master == bond.name and iface.slave_kind == "bond_slave"
    ]
    return LinuxBond(
        name=bond.name,
        mode=info.get("mode"),
        evidence="ip -d address",
        transmit_hash_policy=info.get("xmit_hash_policy"),
        lacp_rate=info.get("lacp_rate"),
        active_aggregator_id=_int(info.get("ad_aggregator")),
        partner_mac=info.get("ad_partner_mac"),
        members=members,
    )


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.lstrip("-").isdigit() else None


def _ovs_bonds(
    show: OvsShow | None, bond_show: OvsBondShow | None, lacp_show: OvsLacpShow | None
) -> list[OvsBondState]:
    bonds: dict[str, OvsBondState] = {}
    for bridge in show.bridges if show else []:
        for port in bridge.ports:
            if port.is_bond:
                state = bonds.setdefault(port.name, OvsBondState(port.name))
                state.bridge = bridge.name
                state.members = [OvsBondMemberState(i.name) for i in port.interfaces]
    for bond in bond_show.bonds if bond_show else []:
        state = bonds.setdefault(bond.name, OvsBondState(bond.name))
        state.mode, state.lacp_status = bond.bond_mode, bond.lacp_status
        for member in bond.members:
            entry = _member(state, member.name)
            entry.enabled, entry.active, entry.may_enable = (
                member.enabled,
                member.active,
                member.may_enable,
            )
    for lacp in lacp_show.bonds if lacp_show else []:
        state = bonds.setdefault(lacp.name, OvsBondState(lacp.name))
        state.lacp = lacp.status
        for member in lacp.members:
            entry = _member(state, member.name)
            entry.lacp_status, entry.attached = member.status, member.attached
            entry.partner_sys_id = member.partner.sys_id
    return list(bonds.values())


def _member(bond: OvsBondState, name: str) -> OvsBondMemberState:
    for member in bond.members:
        if member.name == name:
            return member
    member = OvsBondMemberState(name)
    bond.members.append(member)
    return member


# -- devices, VLANs, bridges, tunnels --------------------------------------------------------


def _ovs_port_bridges(show: OvsShow | None) -> dict[str, str]:
    """OVS interface (and port) name -> its bridge."""
    found: dict[str, str] = {}
    for bridge in show.bridges if show else []:
        for port in bridge.ports:
            found[port.name] = bridge.name
            for iface in port.interfaces:
                found[iface.name] = bridge.name
    return found


def _devices(parsed: _Evidence, ovs_ports: dict[str, str]) -> list[NetDevice]:
    devices = []
    for iface in parsed.interfaces:
        ovs_bridge = ovs_ports.get(iface.name)
        device = NetDevice(
            name=iface.name,
            kind=_device_kind(iface),
            mtu=iface.mtu,
            state=iface.state,
            parent=iface.parent,
            master=iface.master,
            ovs_bridge=ovs_bridge,
            slave_kind=iface.slave_kind,
            counters=_counters(parsed.link_stats.get(iface.name)),
        )
        upper = ovs_bridge if ovs_bridge and ovs_bridge != iface.name else None
        # Every OVS port's master is the datapath `ovs-system`: the bridge says more.
        master = upper if iface.master == "ovs-system" and upper else iface.master
        device.lower = iface.parent or upper or master
        devices.append(device)
    return devices


def _device_kind(iface: IpInterface) -> str | None:
    if iface.kind == "tun":
        # tun devices say which they are: "tun type tap pi off vnet_hdr on".
        return iface.kind_info.get("type") or "tun"
    if iface.kind:
        return iface.kind
    if iface.link_type == "loopback":
        return "loopback"
    return None


def _counters(stats: IpLinkStats | None) -> dict[str, int]:
    if stats is None:
        return {}
    found = {k: v for k, v in asdict(stats).items() if isinstance(v, int)}
    found.update(stats.extended)
    return found


def vlans_from_interfaces(interfaces: list[IpInterface]) -> list[Vlan]:
    """VLAN devices with their stacking: depth 2 is a VLAN on a VLAN (QinQ-style)."""
    by_name = {i.name: i for i in interfaces}
    vlans = []
    for iface in interfaces:
        if iface.kind != "vlan":
            continue
        chain = _vlan_chain(iface, by_name)
        protocols = [by_name[n].kind_info.get("protocol") for n in chain]
        vlans.append(
            Vlan(
                name=iface.name,
                vlan_id=_int(iface.kind_info.get("id")),
                protocol=iface.kind_info.get("protocol"),
                parent=iface.parent,
                depth=len(chain),
                chain=chain,
                qinq="802.1ad" in protocols,
            )
        )
    return vlans


def _vlan_chain(iface: IpInterface, by_name: dict[str, IpInterface]) -> list[str]:
    """The VLAN devices from this one down (vlan100 -> vlan20 -> eth0 gives 2 names)."""
    chain: list[str] = []
    current: IpInterface | None = iface
    while current is not None and current.kind == "vlan" and current.name not in chain:
        chain.append(current.name)
        current = by_name.get(current.parent or "")
    return chain


def _linux_bridges(devices: list[NetDevice]) -> list[Bridge]:
    bridges = []
    for device in devices:
        if device.kind != "bridge":
            continue
        ports = [
            BridgePort(name=d.name, type=d.kind, mtu=d.mtu)
            for d in devices
            if d.master == device.name
        ]
        bridges.append(Bridge(name=device.name, kind="linux", mtu=device.mtu, ports=ports))
    return bridges


def _ovs_bridges(show: OvsShow | None, devices: list[NetDevice]) -> list[Bridge]:
    mtu = {d.name: d.mtu for d in devices}
    bridges = []
    for bridge in show.bridges if show else []:
        ports = []
        for port in bridge.ports:
            first = port.interfaces[0] if port.interfaces else None
            ports.append(
                BridgePort(
                    name=port.name,
                    type="bond" if port.is_bond else (first.type if first else None),
                    mtu=mtu.get(port.name),
                    tag=port.tag,
                    options=dict(first.options) if first and not port.is_bond else {},
                    interfaces=[i.name for i in port.interfaces],
                    error=first.error if first else None,
                )
            )
        bridges.append(
            Bridge(
                name=bridge.name,
                kind="ovs",
                # The bridge's MTU is that of its internal port of the same name.
                mtu=mtu.get(bridge.name),
                datapath_type=bridge.datapath_type,
                fail_mode=bridge.fail_mode,
                ports=ports,
            )
        )
    return bridges


def _tunnels(
    show: OvsShow | None, devices: list[NetDevice], interfaces: list[IpInterface]
) -> list[Tunnel]:
    mtu = {d.name: d.mtu for d in devices}
    tunnels = [
        Tunnel(
            name=iface.name,
            type=iface.type,
            source="ovs",
            bridge=bridge.name,
            mtu=mtu.get(iface.name),
            options=dict(iface.options),
        )
        for bridge in (show.bridges if show else [])
        for port in bridge.ports
        for iface in port.interfaces
        if iface.type in _TUNNEL_TYPES
    ]
    tunnels += [
        Tunnel(
            name=iface.name,
            type=iface.kind,
            source="linux",
            bridge=iface.master,
            mtu=iface.mtu,
            options=dict(iface.kind_info),
            flags=list(iface.kind_flags),
        )
        for iface in interfaces
        if iface.kind in _TUNNEL_TYPES
    ]
    return tunnels
