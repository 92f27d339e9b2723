"""DPDK driver binding status: ``dpdk-devbind.py --status`` (``-s``, ``--status-dev net``).

Older releases call the script ``dpdk_nic_bind.py`` / ``dpdk-devbind``; same output.

Real input (DPDK 20.11+, public sample)::

    Network devices using DPDK-compatible driver
    ============================================
    0000:01:00.0 'Ethernet Controller X710 for 10GbE SFP+ 1572' drv=vfio-pci unused=uio_pci_generic

    Network devices using kernel driver
    ===================================
    0000:07:00.0 'I350 Gigabit Network Connection 1521' if=enxf8bc121412c0 drv=igb ...
        ... unused=vfio-pci,uio_pci_generic *Active*  (one line, folded here)

    No 'Crypto' devices detected
    ============================

comes out as ``DevbindDevice(pci_address="0000:01:00.0", description="Ethernet
Controller X710 for 10GbE SFP+", device_id="1572", driver="vfio-pci",
unused=["uio_pci_generic"], section="dpdk", device_type="network", ...)`` and
``DevbindDevice(pci_address="0000:07:00.0", description="I350 Gigabit Network
Connection", device_id="1521", interfaces=["enxf8bc121412c0"], driver="igb",
unused=["vfio-pci", "uio_pci_generic"], active=True, section="kernel", ...)``.

``section`` is ``dpdk`` (bound to a userspace driver such as vfio-pci / igb_uio),
``kernel`` (a kernel driver owns it) or ``other`` (no driver at all: ``unused=`` only);
``device_type`` is the lower-cased first word of the header (network, crypto, eventdev,
mempool, compress, baseband, dma, misc, regex, ml). ``*Active*`` means the kernel has a
route over the interface. DPDK 17.02+ appends the PCI device id to the description;
releases before print only the name, so ``device_id`` is None there (the id is recognised
as a last word of exactly four hex digits). Newer releases add ``numa_node=N``. ``<none>``
and ``No '<type>' devices detected`` sections yield no rows.

Tolerance rule: header case varies between releases (``Other network devices`` /
``Other Network devices``); stderr mixed in (``lspci: Unable to load libkmod resources:
error -12``), underlines, ``<none>`` and anything not understood are skipped. Device lines
before any header (a tailed output) keep ``section=None``. Empty text gives an empty list.
``ParseError`` is raised only when non-empty text has no section header and no device line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_DEVICE = re.compile(
    r"^\s*(?:\d+:\s+)?([0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7])\s+'(.*)'(.*)$"
)
_USING = re.compile(r"^(.+?) devices using (DPDK-compatible|kernel) driver\s*$", re.IGNORECASE)
_OTHER = re.compile(r"^Other (.+?) devices\s*$", re.IGNORECASE)
_NONE_DETECTED = re.compile(r"^No '(.+?)' devices detected\s*$", re.IGNORECASE)
_DEVICE_ID = re.compile(r"^(.*\S)\s+([0-9a-fA-F]{4})$")
_USERSPACE_DRIVERS = frozenset({"vfio-pci", "igb_uio", "uio_pci_generic"})


@dataclass(slots=True)
class DevbindDevice:
    """One device line of dpdk-devbind --status."""

    pci_address: str
    description: str
    device_id: str | None = None
    driver: str | None = None
    unused: list[str] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    numa_node: int | None = None
    active: bool = False
    section: str | None = None
    device_type: str | None = None

    @property
    def interface(self) -> str | None:
        """The first kernel netdev name (``if=``), if any."""
        return self.interfaces[0] if self.interfaces else None

    @property
    def uses_dpdk_driver(self) -> bool:
        """Bound to a userspace driver (by section, or by driver name when tailed)."""
        if self.section is not None:
            return self.section == "dpdk"
        return self.driver in _USERSPACE_DRIVERS


def parse_dpdk_devbind_status(text: str) -> list[DevbindDevice]:
    """Device lines of ``dpdk-devbind.py --status``, in the order printed."""
    devices: list[DevbindDevice] = []
    section: str | None = None
    device_type: str | None = None
    headers = 0
    for line in text.splitlines():
        header = _section(line.strip())
        if header is not None:
            section, device_type = header
            headers += 1
            continue
        match = _DEVICE.match(line)
        if match:
            devices.append(_device(match, section, device_type))
    if not devices and not headers and text.strip():
        raise ParseError("no dpdk-devbind section header or device line found")
    return devices


def _section(line: str) -> tuple[str | None, str | None] | None:
    """(section, device type) for a header line, None when the line is no header."""
    using = _USING.match(line)
    if using:
        section = "dpdk" if using.group(2).lower() == "dpdk-compatible" else "kernel"
        return section, _device_type(using.group(1))
    other = _OTHER.match(line)
    if other:
        return "other", _device_type(other.group(1))
    none = _NONE_DETECTED.match(line)
    if none:
        return None, _device_type(none.group(1))
    return None


def _device_type(words: str) -> str:
    return words.split()[0].lower()


def _device(match: re.Match[str], section: str | None, device_type: str | None) -> DevbindDevice:
    pci_address, description, rest = match.groups()
    device = DevbindDevice(
        pci_address=pci_address.lower(),
        description=description.strip(),
        section=section,
        device_type=device_type,
    )
    with_id = _DEVICE_ID.match(device.description)
    if with_id:
        device.description, device.device_id = with_id.group(1), with_id.group(2).lower()
    for token in rest.split():
        key, equals, value = token.partition("=")
        if token == "*Active*":
            device.active = True
        elif not equals:
            continue
        elif key == "drv":
            device.driver = value or None
        elif key == "unused":
            device.unused = [name for name in value.split(",") if name]
        elif key == "if":
            device.interfaces = [name for name in value.split(",") if name]
        elif key == "numa_node":
            device.numa_node = to_int(value) if value.lstrip("-").isdigit() else None
    return device
