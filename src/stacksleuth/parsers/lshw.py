"""Hardware lister: ``lshw`` (full text), ``lshw -C network`` and ``lshw [-C network] -businfo``.

sos file: ``sos_commands/hardware/lshw``; the businfo table comes from operators'
notes and tickets.

Real input (corpus compute, a KVM guest: the PCI function and the interface on it are
two nodes, parent and child)::

            *-network:0
                 description: Ethernet controller
                 product: Virtio network device
                 bus info: pci@0000:00:03.0
                 configuration: driver=virtio-pci latency=0
               *-virtio0
                    description: Ethernet interface
                    bus info: virtio@0
                    logical name: ens3
                    serial: 52:54:00:e2:28:a3
                    capabilities: ethernet physical
                    configuration: autonegotiation=off broadcast=yes driver=virtio_net ...
      *-network:8 DISABLED
           logical name: br-int
           configuration: broadcast=yes driver=openvswitch link=no multicast=yes

comes out of ``parse_lshw_network`` as ``LshwNetwork(node_id="network:0",
bus_info="pci@0000:00:03.0", pci_address="0000:00:03.0", logical_name=None,
configuration={"driver": "virtio-pci", "latency": "0"}, ...)``, ``LshwNetwork(
node_id="virtio0", parent_id="network:0", bus_info="virtio@0",
pci_address="0000:00:03.0", logical_name="ens3", ...)`` and ``LshwNetwork(
node_id="network:8", disabled=True, logical_name="br-int", pci_address=None, ...)``.

A node is a network node when its id is ``network`` / ``network:N`` or its capabilities
name ``ethernet``. ``pci_address`` is the node's own ``pci@`` bus info, else the nearest
PCI ancestor's, so the virtio interface above maps to its PCI function. ``DISABLED`` (link
administratively down) and ``UNCLAIMED`` (no driver bound: a function handed to DPDK or
VFIO shows up so) are flags. ``configuration:`` values may contain spaces
(``firmware=6.01 0x800035cf 1.1747.0``, ``port=twisted pair``): a value runs until the
next `` key=``.

``parse_lshw_businfo`` reads the table::

    Bus info          Device          Class          Description
    ============================================================
    pci@0000:83:00.0  eth2            network        Ethernet Controller X710 for 10GbE SFP+
    pci@0000:83:00.1                  network        Ethernet Controller X710 for 10GbE SFP+

-> ``LshwBusInfoRow(bus_info="pci@0000:83:00.1", pci_address="0000:83:00.1",
device=None, device_class="network", description="Ethernet Controller X710 ...")``: an
empty Device column means no kernel netdev (the function is bound to DPDK or unbound).

Tolerance rule: columns are cut at the header's positions (the column widths vary with
the content); without a header line (tailed output) rows are split on runs of two or more
spaces. Lines before the first node (a first line cut by sos' tail, ``[sudo] password
for ...:``) and attributes that are not understood are skipped. Empty text gives an empty
list. ``ParseError`` is raised only when non-empty text has no lshw node or attribute
line (respectively no businfo header or row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError

_NODE = re.compile(r"^(\s*)\*-(\S+)((?:\s+(?:DISABLED|UNCLAIMED))*)\s*$")
_ATTR = re.compile(r"^(\s+)([a-z][a-z ]*[a-z]):\s?(.*)$")
_CONFIG_KEY = re.compile(r"(?:^|\s)([A-Za-z_][\w.-]*)=")
_PCI_BUS = re.compile(r"^pci@((?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])$")
# The description is taken whole and stripped in code: a lazy `(.*?)\s*$` walked every
# run of blanks inside it once per character.
_BUSINFO_ROW = re.compile(r"^(\S*@\S*)?\s+(?:(\S+)\s{2,})?(\S+)\s{2,}(.*)$")
_KNOWN_ATTRS = frozenset(
    {"description", "product", "vendor", "physical id", "bus info", "configuration"}
)


@dataclass(slots=True)
class LshwNetwork:
    """One network node of lshw's text tree."""

    node_id: str
    parent_id: str | None = None
    disabled: bool = False
    unclaimed: bool = False
    description: str | None = None
    product: str | None = None
    vendor: str | None = None
    bus_info: str | None = None
    pci_address: str | None = None
    logical_name: str | None = None
    logical_names: list[str] = field(default_factory=list)
    serial: str | None = None
    version: str | None = None
    capacity: str | None = None
    size: str | None = None
    capabilities: list[str] = field(default_factory=list)
    configuration: dict[str, str] = field(default_factory=dict)

    @property
    def driver(self) -> str | None:
        return self.configuration.get("driver")

    @property
    def firmware(self) -> str | None:
        return self.configuration.get("firmware")

    @property
    def link(self) -> str | None:
        return self.configuration.get("link")

    @property
    def speed(self) -> str | None:
        return self.configuration.get("speed")


@dataclass(slots=True)
class LshwBusInfoRow:
    """One row of ``lshw -businfo``."""

    bus_info: str | None
    device: str | None
    device_class: str
    description: str
    pci_address: str | None = None


@dataclass(slots=True)
class _Node:
    indent: int
    node_id: str
    flags: str
    parent: _Node | None
    attrs: dict[str, str] = field(default_factory=dict)
    logical_names: list[str] = field(default_factory=list)


def parse_lshw_network(text: str) -> list[LshwNetwork]:
    """Network nodes of lshw's text output, in the order printed."""
    nodes = _read_nodes(text)
    return [_network(node) for node in nodes if _is_network(node)]


def parse_lshw_businfo(text: str) -> list[LshwBusInfoRow]:
    """Rows of ``lshw -businfo`` (any class filter)."""
    rows: list[LshwBusInfoRow] = []
    columns: tuple[int, int, int] | None = None
    seen_table = False
    for line in text.splitlines():
        if line.startswith("Bus info") and "Class" in line:
            columns = (line.find("Device"), line.find("Class"), line.find("Description"))
            seen_table = True
            continue
        if not line.strip() or set(line.strip()) == {"="}:
            continue
        row = _row_by_columns(line, columns) if columns else _row_by_spaces(line)
        if row is not None:
            rows.append(row)
            seen_table = True
    if not seen_table and text.strip():
        raise ParseError("no lshw -businfo header or row found")
    return rows


def _read_nodes(text: str) -> list[_Node]:
    nodes: list[_Node] = []
    stack: list[_Node] = []
    attr_lines = 0
    for line in text.splitlines():
        node = _NODE.match(line)
        if node:
            indent = len(node.group(1))
            while stack and stack[-1].indent >= indent:
                stack.pop()
            parent = stack[-1] if stack else None
            current = _Node(indent, node.group(2), node.group(3), parent)
            nodes.append(current)
            stack.append(current)
            continue
        attr = _ATTR.match(line)
        if not attr:
            continue
        key, value = attr.group(2), attr.group(3).strip()
        if key in _KNOWN_ATTRS:
            attr_lines += 1
        if not stack:
            continue
        if key == "logical name":
            stack[-1].logical_names.append(value)
        else:
            stack[-1].attrs.setdefault(key, value)
    if not nodes and not attr_lines and text.strip():
        raise ParseError("no lshw node or attribute line found")
    return nodes


def _is_network(node: _Node) -> bool:
    if node.node_id.split(":")[0] == "network":
        return True
    return "ethernet" in node.attrs.get("capabilities", "").split()


def _network(node: _Node) -> LshwNetwork:
    attrs = node.attrs
    return LshwNetwork(
        node_id=node.node_id,
        parent_id=node.parent.node_id if node.parent else None,
        disabled="DISABLED" in node.flags,
        unclaimed="UNCLAIMED" in node.flags,
        description=attrs.get("description"),
        product=attrs.get("product"),
        vendor=attrs.get("vendor"),
        bus_info=attrs.get("bus info"),
        pci_address=_nearest_pci(node),
        logical_name=node.logical_names[0] if node.logical_names else None,
        logical_names=list(node.logical_names),
        serial=attrs.get("serial"),
        version=attrs.get("version"),
        capacity=attrs.get("capacity"),
        size=attrs.get("size"),
        capabilities=attrs.get("capabilities", "").split(),
        configuration=parse_lshw_configuration(attrs.get("configuration", "")),
    )


def parse_lshw_configuration(value: str) -> dict[str, str]:
    """``driver=i40e firmware=6.01 0x800035cf 1.1747.0 link=yes`` -> dict; values keep spaces."""
    found: dict[str, str] = {}
    keys = list(_CONFIG_KEY.finditer(value))
    for index, match in enumerate(keys):
        end = keys[index + 1].start() if index + 1 < len(keys) else len(value)
        found[match.group(1)] = value[match.end() : end].strip()
    return found


def _nearest_pci(node: _Node | None) -> str | None:
    while node is not None:
        address = _pci_address(node.attrs.get("bus info"))
        if address:
            return address
        node = node.parent
    return None


def _pci_address(bus_info: str | None) -> str | None:
    if not bus_info:
        return None
    match = _PCI_BUS.match(bus_info.strip())
    if not match:
        return None
    slot = match.group(1).lower()
    return slot if slot.count(":") == 2 else "0000:" + slot


def _row_by_columns(line: str, columns: tuple[int, int, int]) -> LshwBusInfoRow | None:
    device_col, class_col, desc_col = columns
    if min(columns) < 0:
        return _row_by_spaces(line)
    device_class = line[class_col:desc_col].strip()
    if not device_class:
        return None
    return _row(
        line[:device_col].strip(),
        line[device_col:class_col].strip(),
        device_class,
        line[desc_col:].strip(),
    )


def _row_by_spaces(line: str) -> LshwBusInfoRow | None:
    match = _BUSINFO_ROW.match(line)
    if not match or not match.group(1):
        return None
    bus_info, device, device_class, description = match.groups()
    return _row(bus_info, device or "", device_class, description.rstrip())


def _row(bus_info: str, device: str, device_class: str, description: str) -> LshwBusInfoRow:
    return LshwBusInfoRow(
        bus_info=bus_info or None,
        device=device or None,
        device_class=device_class,
        description=description,
        pci_address=_pci_address(bus_info),
    )
