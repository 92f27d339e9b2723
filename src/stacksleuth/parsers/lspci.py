"""PCI device listing: ``lspci -nnvv`` (also ``-vv``, ``-vvv``, ``-nnk``).

sos file: ``sos_commands/pci/lspci_-nnvv`` (the top-level ``lspci`` symlink in a
sosreport points at the short listing, which this parser also reads, header lines only).

Real input (corpus compute, a KVM guest)::

    00:03.0 Ethernet controller [0200]: Red Hat, Inc. Virtio network device [1af4:1000]
    \tSubsystem: Red Hat, Inc. Virtio network device [1af4:0001]
    \tPhysical Slot: 3
    \t...
    \tKernel driver in use: virtio-pci

comes out as ``PciDevice(slot="0000:00:03.0", class_name="Ethernet controller",
class_id="0200", vendor_name="Red Hat, Inc.", vendor_id="1af4",
device_name="Virtio network device", device_id="1000", subsystem="Red Hat, Inc. Virtio
network device", subsystem_vendor_id="1af4", subsystem_device_id="0001",
physical_slot="3", driver="virtio-pci", ...)``.

A PCIe device (public sample, a card trained on 4 of its 16 lanes)::

    \t\tLnkCap:\tPort #4, Speed 2.5GT/s, Width x16, ASPM L0s L1, ...
    \t\tLnkSta:\tSpeed 2.5GT/s (ok), Width x4 (downgraded)

-> ``link_cap=PciLink(speed="2.5GT/s", width=16)``, ``link_sta=PciLink(speed="2.5GT/s",
width=4, speed_state="ok", width_state="downgraded")``, ``link_downgraded`` is True.

Slots are always given in domain form (``00:03.0`` -> ``0000:00:03.0``) so they compare
equal to ``ethtool -i`` bus-info, lshw ``pci@`` and dpdk-devbind addresses. lspci prints
vendor and device names run together ("Intel Corporation Ethernet Controller X710 for
10GbE SFP+"); ``vendor_name`` is split off only when the text starts with a company-like
name (ending in Corporation, Inc., Ltd., Technologies, ...); otherwise it is None and
``device_name`` is the whole text. ``description`` always keeps the text as printed.
``(ok)`` / ``(downgraded)`` markers exist only in newer pciutils; older ones print
``LnkSta: Speed 8GT/s, Width x8, TrErr- ...`` and ``link_downgraded`` then compares the
numbers with LnkCap. ``Capabilities: <access denied>`` (lspci run without root) sets
``capabilities_denied``: no link data can be read for that device.

Tolerance rule: indentation may be tabs or spaces; lines before the first device header
(sos keeps only the end of a large output, so the first line can be cut) and lines that
are not understood (stderr such as ``pcilib: sysfs_read_vpd: read failed``) are skipped.
Empty text gives an empty list. ``ParseError`` is raised only when non-empty text has no
device header and no line that looks like an lspci detail line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_SLOT = r"(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]"
# `\s++` and `(?<!\s)`: the class name neither starts inside the blanks after the slot nor
# ends inside a run of blanks before its `[id]`, so a run of blanks is walked once, not
# once per character (the matches are the same: the leftmost split never did that).
_HEADER = re.compile(rf"^({_SLOT})\s++([^:\[]+?)(?:(?<!\s)\s+\[([0-9a-fA-F]{{4}})\])?:\s+(.*)$")
# Searched suffixes: `(?<!\s)` lets the blanks start only where a run of them begins (the
# leftmost match always does), so a long run costs its length, not its square.
_PROG_IF = re.compile(r"(?<!\s)\s*\(prog-if [^()]*\)$")
_REV = re.compile(r"(?<!\s)\s*\(rev ([0-9a-fA-F]+)\)$")
_IDS = re.compile(r"(?<!\s)\s*\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]$")
_SPEED = re.compile(r"Speed ([^\s,]+)(?: \(([a-z]+)\))?")
_WIDTH = re.compile(r"Width x(\d+)(?: \(([a-z]+)\))?")
_GTS = re.compile(r"^([\d.]+)GT/s$")
# Last word of a PCI vendor name as pci.ids spells them; used to split vendor from device.
_VENDOR_ENDINGS = (
    "Corporation",
    "Corp.",
    "Inc.",
    "Ltd.",
    "Ltd",
    "Limited",
    "Co.",
    "GmbH",
    "AG",
    "Technologies",
    "Technology",
    "Semiconductor",
    "Systems",
    "Electronics",
    "Company",
)
_DETAIL_KEYS = frozenset(
    {
        "Subsystem",
        "Control",
        "Status",
        "Latency",
        "Interrupt",
        "Region 0",
        "Capabilities",
        "Kernel driver in use",
        "Kernel modules",
        "LnkCap",
        "LnkSta",
    }
)


@dataclass(slots=True)
class PciLink:
    """One PCIe link line (LnkCap or LnkSta). States are lspci's markers, if printed."""

    speed: str | None = None
    width: int | None = None
    speed_state: str | None = None
    width_state: str | None = None

    @property
    def speed_gts(self) -> float | None:
        """Speed in GT/s as a number ("8GT/s" -> 8.0); None for "unknown"."""
        if self.speed is None:
            return None
        match = _GTS.match(self.speed)
        return float(match.group(1)) if match else None


@dataclass(slots=True)
class PciDevice:
    """One device block of lspci -v output."""

    slot: str
    class_name: str
    class_id: str | None = None
    description: str = ""
    vendor_name: str | None = None
    vendor_id: str | None = None
    device_name: str = ""
    device_id: str | None = None
    revision: str | None = None
    subsystem: str | None = None
    subsystem_vendor_id: str | None = None
    subsystem_device_id: str | None = None
    physical_slot: str | None = None
    numa_node: int | None = None
    iommu_group: int | None = None
    driver: str | None = None
    modules: list[str] = field(default_factory=list)
    link_cap: PciLink | None = None
    link_sta: PciLink | None = None
    capabilities_denied: bool = False

    @property
    def link_downgraded(self) -> bool:
        """True when the trained link is slower or narrower than the device can do."""
        sta, cap = self.link_sta, self.link_cap
        if sta is None:
            return False
        if "downgraded" in (sta.speed_state, sta.width_state):
            return True
        if cap is None:
            return False
        # Older pciutils print no markers: compare the numbers ourselves.
        if sta.width is not None and cap.width is not None and sta.width < cap.width:
            return True
        sta_gts, cap_gts = sta.speed_gts, cap.speed_gts
        return sta_gts is not None and cap_gts is not None and sta_gts < cap_gts


def normalise_pci_slot(slot: str) -> str:
    """``00:03.0`` -> ``0000:00:03.0``; a slot that already has a domain is lower-cased."""
    slot = slot.strip().lower()
    if slot.count(":") == 1:
        return "0000:" + slot
    return slot


def parse_lspci(text: str) -> list[PciDevice]:
    """Devices of ``lspci [-nn] [-v[v[v]]] [-k]`` output, in the order printed."""
    devices: list[PciDevice] = []
    current: PciDevice | None = None
    detail_lines = 0
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            current = _device_from_header(header)
            devices.append(current)
            continue
        if not line[:1].isspace() or ":" not in line:
            continue
        key, _, value = line.strip().partition(":")
        if key in _DETAIL_KEYS:
            detail_lines += 1
        if current is not None:
            _read_detail(current, key, value.strip())
    if not devices and not detail_lines and text.strip():
        raise ParseError("no lspci device header or detail line found")
    return devices


def _device_from_header(match: re.Match[str]) -> PciDevice:
    slot, class_name, class_id, rest = match.groups()
    rest = _PROG_IF.sub("", rest.rstrip())
    revision = None
    rev = _REV.search(rest)
    if rev:
        revision = rev.group(1)
        rest = rest[: rev.start()]
    vendor_id = device_id = None
    ids = _IDS.search(rest)
    if ids:
        vendor_id, device_id = ids.group(1).lower(), ids.group(2).lower()
        rest = rest[: ids.start()]
    description = rest.strip()
    vendor_name, device_name = _split_vendor(description)
    return PciDevice(
        slot=normalise_pci_slot(slot),
        class_name=class_name.strip(),
        class_id=class_id.lower() if class_id else None,
        description=description,
        vendor_name=vendor_name,
        vendor_id=vendor_id,
        device_name=device_name,
        device_id=device_id,
        revision=revision,
    )


def _split_vendor(description: str) -> tuple[str | None, str]:
    """Split "Intel Corporation I350 ..." at the last company-like word, if any."""
    words = description.split(" ")
    cut = None
    for index, word in enumerate(words):
        if word in _VENDOR_ENDINGS:
            cut = index + 1
    if cut is None or cut == len(words):
        return None, description
    # A bracketed alias belongs to the vendor: "Advanced Micro Devices, Inc. [AMD/ATI]".
    if words[cut].startswith("[") and words[cut].endswith("]"):
        cut += 1
    if cut >= len(words):
        return None, description
    return " ".join(words[:cut]), " ".join(words[cut:])


def _read_detail(device: PciDevice, key: str, value: str) -> None:
    if key == "Subsystem":
        ids = _IDS.search(value)
        if ids:
            device.subsystem_vendor_id = ids.group(1).lower()
            device.subsystem_device_id = ids.group(2).lower()
            value = value[: ids.start()]
        device.subsystem = value.strip()
    elif key == "Physical Slot":
        device.physical_slot = value
    elif key == "NUMA node":
        device.numa_node = _int(value)
    elif key == "IOMMU group":
        device.iommu_group = _int(value)
    elif key == "Kernel driver in use":
        device.driver = value
    elif key == "Kernel modules":
        device.modules = [name.strip() for name in value.split(",") if name.strip()]
    elif key == "Capabilities" and value == "<access denied>":
        device.capabilities_denied = True
    elif key == "LnkCap" and device.link_cap is None:
        device.link_cap = _link(value)
    elif key == "LnkSta" and device.link_sta is None:
        device.link_sta = _link(value)


def _link(value: str) -> PciLink:
    link = PciLink()
    speed = _SPEED.search(value)
    if speed:
        link.speed, link.speed_state = speed.group(1), speed.group(2)
    width = _WIDTH.search(value)
    if width:
        link.width, link.width_state = to_int(width.group(1)), width.group(2)
    return link


def _int(value: str) -> int | None:
    try:
        return to_int(value)
    except ValueError:
        return None
