"""SMBIOS/DMI table dump: ``dmidecode``.

sos file: ``sos_commands/hardware/dmidecode`` (also copied to ``dmidecode`` at the top of
the sosreport).

Real input (corpus compute, a KVM guest)::

    # dmidecode 3.2
    SMBIOS 2.8 present.

    Handle 0x0000, DMI type 0, 24 bytes
    BIOS Information
    \tVendor: SeaBIOS
    \tVersion: 1.10.2-1ubuntu1
    \tRelease Date: 04/01/2014

    Handle 0x0100, DMI type 1, 27 bytes
    System Information
    \tManufacturer: QEMU
    \tProduct Name: Standard PC (i440FX + PIIX, 1996)

comes out of ``parse_dmidecode`` as ``DmiInfo(dmidecode_version="3.2",
smbios_version="2.8", present=True, system_manufacturer="QEMU",
system_product_name="Standard PC (i440FX + PIIX, 1996)", bios_vendor="SeaBIOS",
bios_version="1.10.2-1ubuntu1", bios_release_date="04/01/2014", ...)``;
``parse_dmidecode_sections`` gives every ``Handle`` block as a ``DmiSection`` (type,
title, first value of each ``Key: Value`` line) for other facts (chassis, memory, CPUs).

dmidecode 2.2 and older print the type and title indented under the handle
(``Handle 0x0100`` / ``\\tDMI type 1, 27 bytes.`` / ``\\tSystem Information`` /
``\\t\\tManufacturer: HP``); both layouts are read. ``# No SMBIOS nor DMI entry point
found, sorry.`` (containers, some VMs) gives ``present=False``. Dates stay as printed
(``MM/DD/YYYY``).

Tolerance rule: lines before the first ``Handle`` (sos keeps only the end of a large
output, so a tailed dump starts inside some section whose title is lost) are not
attributed to any section; list items without ``:`` (BIOS characteristics) are skipped.
Empty text gives an empty result. ``ParseError`` is raised only when non-empty text has
no handle, no dmidecode/SMBIOS banner and no indented ``Key: Value`` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_HANDLE = re.compile(r"^Handle (0x[0-9A-Fa-f]+)(?:, DMI type (\d+))?")
_TYPE = re.compile(r"^\s*DMI type (\d+)")
_VERSION = re.compile(r"^# dmidecode (\S+)")
_SMBIOS = re.compile(r"^SMBIOS (\S+) present")
_FIELD = re.compile(r"^\s+([^:]+?):\s*(.*)$")
_NOT_PRESENT = "No SMBIOS nor DMI entry point found"


@dataclass(slots=True)
class DmiSection:
    """One ``Handle`` block: its DMI type, title and ``Key: Value`` fields."""

    handle: str
    dmi_type: int | None = None
    title: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DmiInfo:
    """What the fact builders ask of dmidecode most: who made the box, which BIOS."""

    dmidecode_version: str | None = None
    smbios_version: str | None = None
    present: bool = False
    system_manufacturer: str | None = None
    system_product_name: str | None = None
    system_version: str | None = None
    system_serial: str | None = None
    bios_vendor: str | None = None
    bios_version: str | None = None
    bios_release_date: str | None = None
    sections: list[DmiSection] = field(default_factory=list)


def parse_dmidecode_sections(text: str) -> list[DmiSection]:
    """Every ``Handle`` block of a dmidecode dump, in the order printed."""
    sections: list[DmiSection] = []
    current: DmiSection | None = None
    evidence = False
    for line in text.splitlines():
        handle = _HANDLE.match(line)
        if handle:
            dmi_type = to_int(handle.group(2)) if handle.group(2) else None
            current = DmiSection(handle=handle.group(1), dmi_type=dmi_type)
            sections.append(current)
            evidence = True
            continue
        if _VERSION.match(line) or _SMBIOS.match(line) or _NOT_PRESENT in line:
            evidence = True
            continue
        found = _FIELD.match(line) if ":" in line else None  # no colon: quadratic to refuse
        if found:
            evidence = True
            if current is not None:
                current.fields.setdefault(found.group(1).strip(), found.group(2).strip())
            continue
        if current is None or not line.strip():
            continue
        dmi_type = _TYPE.match(line)
        if dmi_type:
            current.dmi_type = to_int(dmi_type.group(1))
        elif current.title is None:
            current.title = line.strip()
    if not evidence and text.strip():
        raise ParseError("no dmidecode handle, banner or field found")
    return sections


def parse_dmidecode(text: str) -> DmiInfo:
    """System and BIOS identity from a dmidecode dump, plus all sections."""
    sections = parse_dmidecode_sections(text)
    info = DmiInfo(sections=sections, present=bool(sections))
    for line in text.splitlines():
        version = _VERSION.match(line)
        if version:
            info.dmidecode_version = version.group(1)
        smbios = _SMBIOS.match(line)
        if smbios:
            info.smbios_version = smbios.group(1)
        if _NOT_PRESENT in line:
            info.present = False
    bios = _first(sections, 0, "BIOS Information")
    if bios is not None:
        info.bios_vendor = bios.fields.get("Vendor")
        info.bios_version = bios.fields.get("Version")
        info.bios_release_date = bios.fields.get("Release Date")
    system = _first(sections, 1, "System Information")
    if system is not None:
        info.system_manufacturer = system.fields.get("Manufacturer")
        info.system_product_name = system.fields.get("Product Name")
        info.system_version = system.fields.get("Version")
        info.system_serial = system.fields.get("Serial Number")
    return info


def _first(sections: list[DmiSection], dmi_type: int, title: str) -> DmiSection | None:
    for section in sections:
        if section.dmi_type == dmi_type or section.title == title:
            return section
    return None
