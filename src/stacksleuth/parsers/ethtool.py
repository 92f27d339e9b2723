"""ethtool outputs as sos collects them under ``sos_commands/networking/``.

One parser per command; the device name is in the file name (``ethtool_-S_ens3``), and
also in the header line where the command prints one.

``ethtool <dev>`` (``parse_ethtool``)::

    Settings for ens3:
    \tSupported link modes:   Not reported
    \tSpeed: Unknown!
    \tDuplex: Unknown! (255)
    \tLink detected: yes

gives ``EthtoolSettings(interface="ens3", speed_mbps=None, duplex=None,
link_detected=True, supported_link_modes=[], ...)``. Link modes and the message level
flags continue over the following lines without a colon; they are gathered into lists.

``ethtool -i <dev>`` (``parse_ethtool_i``)::

    driver: i40e
    firmware-version: 8.60 0x8000bd5d 1.3140.0
    bus-info: 0000:3b:00.1
    supports-priv-flags: yes

gives ``DriverInfo(driver="i40e", firmware_version="8.60 0x8000bd5d 1.3140.0",
bus_info="0000:3b:00.1", supports_priv_flags=True, ...)``; the value is everything after
the first colon, so firmware strings with spaces stay whole. An empty value is None.

``ethtool -S <dev>`` (``parse_ethtool_s``)::

    NIC statistics:
         port.rx_dropped: 0
         tx-0.tx_packets: 108004507162

gives ``NicStatistics(counters={"port.rx_dropped": 0, "tx-0.tx_packets": 108004507162})``.
The name is split from the value at the LAST colon, because some drivers put colons in
names (be2net ``rxq0: rx_pkts``, bnx2x ``[0]: rx_bytes``). "no stats available" (bridges,
taps, vxlan) sets ``no_stats``.

``ethtool -g <dev>`` (``parse_ethtool_g``)::

    Ring parameters for ens3:
    Pre-set maximums:
    RX:\t\t256
    Current hardware settings:
    RX:\t\t256

gives ``RingParams(interface="ens3", maximums=RingSizes(rx=256, ...), current=...)``.
Newer lines ("RX Buf Len", "CQE Size", "TX Push", "TCP data split") go to
``RingSizes.extra``; "n/a" is None.

``ethtool -k <dev>`` (``parse_ethtool_k``)::

    Features for ens3:
    rx-checksumming: on [fixed]
    \ttx-checksum-ipv4: off [fixed]
    generic-segmentation-offload: off [requested on]

gives ``Features(interface="ens3", features={"rx-checksumming": Feature(enabled=True,
fixed=True, ...), "tx-checksum-ipv4": Feature(parent="tx-checksumming", ...), ...})``.
The old format ("Offload parameters for eth1:", names with spaces) is read the same way.

``ethtool --show-priv-flags <dev>`` (``parse_ethtool_priv_flags``)::

    Private flags for eno1:
    link-down-on-close    : off
    disable-fw-lldp       : off

gives ``PrivateFlags(interface="eno1", flags={"link-down-on-close": False, ...})``;
"No private flags defined" sets ``none_defined``.

Tolerance rule, for every parser: sos merges stderr into the file, so lines such as
"Cannot get device settings: No such device", "Cannot get device ring settings: Operation
not supported", "netlink error: ..." or "No data available" are collected in ``errors``
(they may come before or after the header). Lines not understood are skipped. When sos
tailed a big output the first line can be a partial line: ``parse_ethtool_s`` drops an
unindented first line when there is no "NIC statistics:" header and sets ``truncated``.
Empty text gives an empty record. ``ParseError`` is raised only when non-empty text has
nothing at all of the command's format in it (no header, no known line, no ethtool error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_HEADER = re.compile(
    r"^(Settings|Features|Offload parameters|Ring parameters|Private flags) for (.+):\s*$"
)
# Messages ethtool prints on stderr, which sos stores in the same file.
_STDERR_PREFIXES = (
    "Cannot ",
    "No data available",
    "netlink error",
    "ethtool: ",
    "Operation not supported",
    "No such device",
)
_SPEED = re.compile(r"^(\d+)\s*Mb/s$")
_LINK_MODE_KEYS = {
    "supported link modes": "supported_link_modes",
    "advertised link modes": "advertised_link_modes",
    "link partner advertised link modes": "link_partner_advertised_link_modes",
}
_MESSAGE_LEVEL = "current message level"
_KNOWN_SETTINGS = {
    *_LINK_MODE_KEYS,
    _MESSAGE_LEVEL,
    "supported ports",
    "speed",
    "duplex",
    "port",
    "auto-negotiation",
    "link detected",
}
_DRIVER_FLAGS = {
    "supports-statistics": "supports_statistics",
    "supports-test": "supports_test",
    "supports-eeprom-access": "supports_eeprom_access",
    "supports-register-dump": "supports_register_dump",
    "supports-priv-flags": "supports_priv_flags",
}
_DRIVER_TEXT = {
    "driver": "driver",
    "version": "version",
    "firmware-version": "firmware_version",
    "expansion-rom-version": "expansion_rom_version",
    "bus-info": "bus_info",
}
_RING_KEYS = {"rx": "rx", "rx mini": "rx_mini", "rx jumbo": "rx_jumbo", "tx": "tx"}
# Possessive blanks: the name after them cannot start with a blank that (\s*) gave back,
# and the blanks before `[` or the end are all taken or none; so no match is lost, and a
# long run of blanks is not tried at every split.
_FEATURE = re.compile(r"^(\s*+)([^:]+):\s*+(on|off)(?:\s*+\[([^\]]*)\])?\s*$")


@dataclass(slots=True)
class EthtoolSettings:
    """``ethtool <dev>``: link settings and state."""

    interface: str | None = None
    supported_ports: list[str] = field(default_factory=list)
    supported_link_modes: list[str] = field(default_factory=list)
    advertised_link_modes: list[str] = field(default_factory=list)
    link_partner_advertised_link_modes: list[str] = field(default_factory=list)
    supports_auto_negotiation: bool | None = None
    advertised_auto_negotiation: bool | None = None
    speed_mbps: int | None = None
    duplex: str | None = None
    port: str | None = None
    phyad: int | None = None
    transceiver: str | None = None
    auto_negotiation: bool | None = None
    mdi_x: str | None = None
    supports_wake_on: str | None = None
    wake_on: str | None = None
    message_level: str | None = None
    message_level_flags: list[str] = field(default_factory=list)
    link_detected: bool | None = None
    # Every "key: value" line as printed (first line of multi-line values only).
    fields: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class DriverInfo:
    """``ethtool -i <dev>``."""

    driver: str | None = None
    version: str | None = None
    firmware_version: str | None = None
    expansion_rom_version: str | None = None
    bus_info: str | None = None
    supports_statistics: bool | None = None
    supports_test: bool | None = None
    supports_eeprom_access: bool | None = None
    supports_register_dump: bool | None = None
    supports_priv_flags: bool | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class NicStatistics:
    """``ethtool -S <dev>``: driver counters by the driver's own names."""

    counters: dict[str, int] = field(default_factory=dict)
    no_stats: bool = False
    truncated: bool = False
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RingSizes:
    """One block of ``ethtool -g``: ring entries, None where the driver says n/a."""

    rx: int | None = None
    rx_mini: int | None = None
    rx_jumbo: int | None = None
    tx: int | None = None
    # Newer lines by their printed name: "RX Buf Len" -> None, "TX Push" -> "off".
    extra: dict[str, int | str | None] = field(default_factory=dict)


@dataclass(slots=True)
class RingParams:
    """``ethtool -g <dev>``."""

    interface: str | None = None
    maximums: RingSizes | None = None
    current: RingSizes | None = None
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Feature:
    """One ``ethtool -k`` line."""

    name: str
    enabled: bool
    fixed: bool = False
    requested: bool | None = None
    parent: str | None = None


@dataclass(slots=True)
class Features:
    """``ethtool -k <dev>`` (also the old "Offload parameters for" format)."""

    interface: str | None = None
    features: dict[str, Feature] = field(default_factory=dict)
    legacy_format: bool = False
    errors: list[str] = field(default_factory=list)

    def is_on(self, name: str) -> bool | None:
        """Whether the feature is on; None when the output does not list it."""
        feature = self.features.get(name)
        return None if feature is None else feature.enabled


@dataclass(slots=True)
class PrivateFlags:
    """``ethtool --show-priv-flags <dev>``."""

    interface: str | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    none_defined: bool = False
    errors: list[str] = field(default_factory=list)


def _is_stderr(line: str) -> bool:
    return line.startswith(_STDERR_PREFIXES)


def _header(line: str) -> tuple[str, str] | None:
    match = _HEADER.match(line.strip())
    return (match.group(1), match.group(2)) if match else None


def _yes_no(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in ("yes", "on"):
        return True
    if lowered in ("no", "off"):
        return False
    return None


def _int_or_none(value: str) -> int | None:
    value = value.strip()
    return to_int(value) if re.fullmatch(r"-?\d+", value) else None


def _speed_mbps(value: str) -> int | None:
    match = _SPEED.match(value.strip())
    return to_int(match.group(1)) if match else None


def _duplex(value: str) -> str | None:
    word = value.split()[0].lower() if value.split() else ""
    return word if word in ("full", "half") else None


def _link_modes(value: str) -> list[str]:
    # "Not reported" is what virtual NICs print instead of a list.
    return [] if value.strip() == "Not reported" else value.split()


def _ports(value: str) -> list[str]:
    return value.replace("[", " ").replace("]", " ").split()


def _apply_setting(settings: EthtoolSettings, key: str, value: str) -> str | None:
    """Store one "key: value"; return the list attribute that may continue, if any."""
    lowered = key.lower()
    settings.fields[key] = value
    if lowered in _LINK_MODE_KEYS:
        attr = _LINK_MODE_KEYS[lowered]
        getattr(settings, attr).extend(_link_modes(value))
        return attr
    if lowered == _MESSAGE_LEVEL:
        settings.message_level = value or None
        return "message_level_flags"
    if lowered == "supported ports":
        settings.supported_ports = _ports(value)
    elif lowered == "supports auto-negotiation":
        settings.supports_auto_negotiation = _yes_no(value)
    elif lowered == "advertised auto-negotiation":
        settings.advertised_auto_negotiation = _yes_no(value)
    elif lowered == "speed":
        settings.speed_mbps = _speed_mbps(value)
    elif lowered == "duplex":
        settings.duplex = _duplex(value)
    elif lowered == "port":
        settings.port = value or None
    elif lowered == "phyad":
        settings.phyad = _int_or_none(value)
    elif lowered == "transceiver":
        settings.transceiver = value or None
    elif lowered == "auto-negotiation":
        settings.auto_negotiation = _yes_no(value)
    elif lowered == "mdi-x":
        settings.mdi_x = value or None
    elif lowered == "supports wake-on":
        settings.supports_wake_on = value or None
    elif lowered == "wake-on":
        settings.wake_on = value or None
    elif lowered == "link detected":
        settings.link_detected = _yes_no(value)
    return None


def parse_ethtool(text: str) -> EthtoolSettings:
    """Parse ``ethtool <dev>``."""
    settings = EthtoolSettings()
    continuing: str | None = None
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _header(raw)
        if header and header[0] == "Settings":
            settings.interface = header[1]
            seen_header = True
            continue
        if _is_stderr(line):
            settings.errors.append(line)
            continuing = None
            continue
        if ":" in line:
            key, value = (part.strip() for part in line.split(":", 1))
            continuing = _apply_setting(settings, key, value)
        elif continuing is not None:
            getattr(settings, continuing).extend(line.split())
    known = any(key.lower() in _KNOWN_SETTINGS for key in settings.fields)
    if text.strip() and not (seen_header or known or settings.errors):
        raise ParseError("not ethtool <dev> output: no 'Settings for' and no known line")
    return settings


def parse_ethtool_i(text: str) -> DriverInfo:
    """Parse ``ethtool -i <dev>``."""
    info = DriverInfo()
    known = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _is_stderr(line):
            info.errors.append(line)
            continue
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        if key in _DRIVER_TEXT:
            setattr(info, _DRIVER_TEXT[key], value or None)
            known = True
        elif key in _DRIVER_FLAGS:
            setattr(info, _DRIVER_FLAGS[key], _yes_no(value))
            known = True
    if text.strip() and not (known or info.errors):
        raise ParseError("not ethtool -i output: no driver key")
    return info


def _counter(raw: str) -> tuple[str, int] | None:
    if ":" not in raw:
        return None
    name, value = raw.rsplit(":", 1)
    number = _int_or_none(value)
    if number is None or not name.strip():
        return None
    return name.strip(), number


def _looks_partial(first: str) -> bool:
    # A tailed file starts mid-line; real counter lines are always indented.
    if not first or first[0].isspace():
        return False
    return not _is_stderr(first) and first.strip() != "no stats available"


def parse_ethtool_s(text: str) -> NicStatistics:
    """Parse ``ethtool -S <dev>``."""
    stats = NicStatistics()
    lines = text.splitlines()
    has_header = any(line.strip() == "NIC statistics:" for line in lines)
    if not has_header and lines and _looks_partial(lines[0]):
        lines = lines[1:]
        stats.truncated = True
    for raw in lines:
        line = raw.strip()
        if not line or line == "NIC statistics:":
            continue
        if line == "no stats available":
            stats.no_stats = True
        elif _is_stderr(line):
            stats.errors.append(line)
        elif raw[0].isspace():
            counter = _counter(line)
            if counter:
                stats.counters[counter[0]] = counter[1]
    nothing = not (has_header or stats.counters or stats.no_stats or stats.errors)
    if text.strip() and nothing:
        raise ParseError("not ethtool -S output: no 'NIC statistics:' and no counter")
    return stats


def _ring_value(value: str) -> int | str | None:
    value = value.strip()
    if value == "n/a" or not value:
        return None
    number = _int_or_none(value)
    return value if number is None else number


def _apply_ring(sizes: RingSizes, key: str, value: str) -> None:
    parsed = _ring_value(value)
    attr = _RING_KEYS.get(key.lower())
    if attr is None:
        sizes.extra[key] = parsed
    else:
        setattr(sizes, attr, parsed if isinstance(parsed, int) else None)


def parse_ethtool_g(text: str) -> RingParams:
    """Parse ``ethtool -g <dev>``."""
    rings = RingParams()
    section: RingSizes | None = None
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _header(raw)
        if header and header[0] == "Ring parameters":
            rings.interface = header[1]
            seen_header = True
        elif _is_stderr(line):
            rings.errors.append(line)
        elif line == "Pre-set maximums:":
            section = rings.maximums = RingSizes()
        elif line == "Current hardware settings:":
            section = rings.current = RingSizes()
        elif section is not None and ":" in line:
            key, value = line.split(":", 1)
            _apply_ring(section, key.strip(), value)
    found = seen_header or rings.maximums or rings.current or rings.errors
    if text.strip() and not found:
        raise ParseError("not ethtool -g output: no 'Ring parameters for' or section")
    return rings


def _feature(match: re.Match[str], parent: str | None) -> Feature:
    bracket = match.group(4) or ""
    requested = re.search(r"requested (on|off)", bracket)
    return Feature(
        name=match.group(2).strip(),
        enabled=match.group(3) == "on",
        fixed="fixed" in bracket,
        requested=(requested.group(1) == "on") if requested else None,
        parent=parent,
    )


def parse_ethtool_k(text: str) -> Features:
    """Parse ``ethtool -k <dev>``."""
    result = Features()
    top_level: str | None = None
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _header(raw)
        if header and header[0] in ("Features", "Offload parameters"):
            result.interface = header[1]
            result.legacy_format = header[0] == "Offload parameters"
            seen_header = True
            continue
        if _is_stderr(line):
            result.errors.append(line)
            continue
        match = _FEATURE.match(raw) if ":" in raw else None
        if not match:
            continue
        # Indented features are the parts of the unindented one above them.
        parent = top_level if match.group(1) else None
        feature = _feature(match, parent)
        if not match.group(1):
            top_level = feature.name
        result.features[feature.name] = feature
    if text.strip() and not (seen_header or result.features or result.errors):
        raise ParseError("not ethtool -k output: no 'Features for' and no feature line")
    return result


def _priv_flag(line: str) -> tuple[str, bool] | None:
    r"""`name : on|off` (the name may hold colons and blanks): split at the last colon,
    as `^(.+?)\s*:\s*(on|off)\s*$` did, without its quadratic walk over blanks."""
    name, colon, state = line.rpartition(":")
    state = state.strip()
    if not colon or state not in ("on", "off") or not name.strip():
        return None
    return name.rstrip(), state == "on"


def parse_ethtool_priv_flags(text: str) -> PrivateFlags:
    """Parse ``ethtool --show-priv-flags <dev>``."""
    result = PrivateFlags()
    seen_header = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        header = _header(raw)
        if header and header[0] == "Private flags":
            result.interface = header[1]
            seen_header = True
        elif line == "No private flags defined":
            result.none_defined = True
        elif _is_stderr(line):
            result.errors.append(line)
        else:
            flag = _priv_flag(line)
            if flag is not None:
                result.flags[flag[0]] = flag[1]
    found = seen_header or result.flags or result.none_defined or result.errors
    if text.strip() and not found:
        raise ParseError("not ethtool --show-priv-flags output")
    return result
