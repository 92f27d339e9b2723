"""Device-mapper multipath topology: ``multipath -ll`` (and ``multipath -v4 -ll``).

sos stores it as ``sos_commands/multipath/multipath_-ll`` (older sos:
``sos_commands/devicemapper/multipath_-v4_-ll``; newer sos also keeps the ``-v4`` run
under ``sos_commands/multipath/``).

Real input, newer multipath-tools (0.4.9 and later), one path dead::

    mpatha (3600140557c66dd047214999a651eb037) dm-2 LIO-ORG,data-chunk2
    size=1022M features='1 queue_if_no_path' hwhandler='1 alua' wp=rw
    |-+- policy='service-time 0' prio=0 status=active
    | `- 5:0:0:0 sdd 8:48 failed faulty running
    `-+- policy='service-time 0' prio=50 status=enabled
      `- 6:0:0:0 sde 8:64 active ready running

comes out as ``MultipathMap(name="mpatha", alias="mpatha",
wwid="3600140557c66dd047214999a651eb037", dm_device="dm-2", vendor="LIO-ORG",
product="data-chunk2", size="1022M", features="1 queue_if_no_path", hwhandler="1 alua",
write_permission="rw", path_groups=[MultipathPathGroup(policy="service-time 0", prio=0,
status="active", paths=[MultipathPath(hctl="5:0:0:0", device="sdd", major_minor="8:48",
dm_state="failed", path_state="faulty", online_state="running")]), ...])``.

Real input, older multipath-tools (RHEL 5 era)::

    L004 (360060160ade32800f2e3baf47665e211) dm-9 DGC,RAID 5
    [size=100G][features=1 queue_if_no_path][hwhandler=1 emc][rw]
    \\_ round-robin 0 [prio=1][active]
     \\_ 3:0:1:4 sdk  8:160  [active][ready]

gives the same records; the old format has no online state (``online_state=None``).

A map without alias prints the WWID alone (``36001405b1... dm-5 LIO-ORG ,block0_sdb``);
then ``name == wwid`` and ``alias`` is None. A path whose SCSI device is gone prints
``#:#:#:# -   #:#`` (os-brick leftovers after a detach): ``hctl``, ``device`` and
``major_minor`` are None. ``path_state`` can contain a space (``i/o pending``).

Tolerance rule: multipath prints its log lines into the same stream (``Feb 10 16:19:25 |
bcache0: HDIO_GETGEO failed with 25``, ``6996.373607 | /etc/multipath.conf line 26,
invalid keyword``); with ``-v4`` also whole debug sections (``===== paths list =====``
tables, ``params = ...``, ``sdz: ...``). All such lines are skipped. Path and group lines
seen before the first map header (a tailed file) are dropped. Empty text, or text with
only multipath log lines (no maps configured, the usual case on a compute without SAN),
gives ``[]``. ``ParseError`` only when non-empty text has no line multipath would print.

In a container (LXD, Docker) without ``/dev/mapper/control``, libdevmapper prints instead
of any map (real lines, see tests/samples/storage/SOURCES.md)::

    /dev/mapper/control: open failed: Operation not permitted
    Failure to communicate with kernel device-mapper driver.
    Check that device-mapper is available in the kernel.

That is a state of the host, not damage: ``parse_multipath_output`` returns no map and
``device_mapper_error="/dev/mapper/control: open failed: Operation not permitted"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError

_LOG_LINE = re.compile(r"^(?:\w{3} [ \d]\d \d\d:\d\d:\d\d|\d+\.\d+) \| ")
_MAP_WITH_ALIAS = re.compile(r"^(?P<alias>\S+) \((?P<wwid>[^)]+)\) (?P<dm>dm-\d+)(?: (?P<vp>.*))?$")
# WWIDs of some arrays contain blanks ("1IET     00080001"), hence the lazy match.
_MAP_WITHOUT_ALIAS = re.compile(r"^(?P<wwid>\S.*?) (?P<dm>dm-\d+)(?: (?P<vp>.*))?$")
_NEW_ATTR = re.compile(r"(\w+)=(?:'([^']*)'|(\S+))")
_NEW_GROUP = re.compile(
    r"policy='(?P<policy>[^']*)'(?: prio=(?P<prio>-?\d+))?(?: status=(?P<status>\S+))?"
)
_OLD_GROUP = re.compile(
    r"^\\_ (?P<policy>[^\[]+?)\s*(?:\[prio=(?P<prio>-?\d+)\])?\[(?P<status>\w+)\]"
)
_HCTL = re.compile(r"^(?:\d+:\d+:\d+:\d+|#:#:#:#)$")
_DM_STATES = frozenset({"active", "failed", "undef"})
_TREE_CHARS = "|`-+ \\_"
_SIGNS_OF_MULTIPATH = ("===== paths list =====", "size=", "[size=", "policy=")
# libdevmapper's own messages when the kernel's device-mapper cannot be reached.
_DM_FAILURE = "Failure to communicate with kernel device-mapper driver"
_DM_LINES = re.compile(
    r"^(?:/dev/mapper/control: open failed: .*|"
    + re.escape(_DM_FAILURE)
    + r"\.?|Check that device-mapper is available in the kernel\.?|"
    r"Incompatible libdevmapper .* and kernel driver.*|"
    r"/proc/misc: No entry for device-mapper found|"
    r"Is device-mapper driver missing from kernel\?)$"
)


@dataclass(slots=True)
class MultipathPath:
    """One path line: a SCSI device under a path group."""

    hctl: str | None
    device: str | None
    major_minor: str | None
    dm_state: str | None = None
    path_state: str | None = None
    online_state: str | None = None


@dataclass(slots=True)
class MultipathPathGroup:
    """A path group: selector policy, priority and the kernel's group status."""

    policy: str | None = None
    prio: int | None = None
    status: str | None = None
    paths: list[MultipathPath] = field(default_factory=list)


@dataclass(slots=True)
class MultipathMap:
    """One multipath map (a ``dm-N`` device) with its path groups."""

    name: str
    wwid: str
    alias: str | None
    dm_device: str
    vendor: str | None = None
    product: str | None = None
    size: str | None = None
    features: str | None = None
    hwhandler: str | None = None
    write_permission: str | None = None
    path_groups: list[MultipathPathGroup] = field(default_factory=list)

    @property
    def paths(self) -> list[MultipathPath]:
        """All paths of all groups, in printed order."""
        return [path for group in self.path_groups for path in group.paths]

    @property
    def failed_paths(self) -> list[MultipathPath]:
        """Paths the kernel failed or the checker found faulty."""
        return [p for p in self.paths if p.dm_state == "failed" or p.path_state == "faulty"]


@dataclass(slots=True)
class MultipathOutput:
    """The maps, and why there are none when device-mapper could not be reached."""

    maps: list[MultipathMap]
    device_mapper_error: str | None = None


def parse_multipath_output(text: str) -> MultipathOutput:
    """``multipath -ll`` as maps plus the device-mapper state (see the module docstring)."""
    error = device_mapper_error(text)
    return MultipathOutput(parse_multipath_ll(text), error)


def device_mapper_error(text: str) -> str | None:
    """The libdevmapper line saying why device-mapper is unreachable, or None."""
    lines = [line.strip() for line in text.splitlines() if _DM_LINES.match(line.strip())]
    if not any(line.startswith(_DM_FAILURE) for line in lines):
        return None
    return next((line for line in lines if line.startswith("/")), lines[0].rstrip("."))


def parse_multipath_ll(text: str) -> list[MultipathMap]:
    """Parse ``multipath -ll`` / ``multipath -v4 -ll`` output into maps."""
    maps: list[MultipathMap] = []
    current: MultipathMap | None = None
    group: MultipathPathGroup | None = None
    looks_like_multipath = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if _LOG_LINE.match(line) or _DM_LINES.match(line.strip()):
            looks_like_multipath = True
            continue
        looks_like_multipath = looks_like_multipath or line.lstrip().startswith(_SIGNS_OF_MULTIPATH)
        new_map = _parse_map_header(line)
        if new_map is not None:
            current, group = new_map, None
            maps.append(current)
            continue
        if current is None:
            continue
        if line.startswith(("size=", "[size=")):
            _read_attributes(current, line)
            continue
        new_group = _parse_group(line)
        if new_group is not None:
            group = new_group
            current.path_groups.append(group)
            continue
        path = _parse_path(line)
        if path is not None and group is not None:
            group.paths.append(path)
    if not maps and not looks_like_multipath and text.strip():
        raise ParseError("no multipath map, table or log line found")
    return maps


def _parse_map_header(line: str) -> MultipathMap | None:
    # Map headers start in column 0; tree and table lines are indented or start with |`\.
    if line[0] in _TREE_CHARS or line.startswith(("params =", "status =")):
        return None
    match = _MAP_WITH_ALIAS.match(line)
    alias = None
    if match is not None:
        alias = match["alias"]
    else:
        match = _MAP_WITHOUT_ALIAS.match(line)
        # "-v4"/"-v2" action lines ("reload: mpatha (3600...) dm-2 ...") are not headers.
        if match is None or "(" in match["wwid"] or ":" in match["wwid"]:
            return None
    wwid = match["wwid"]
    vendor, product = _split_vendor_product(match["vp"])
    return MultipathMap(
        name=alias or wwid,
        wwid=wwid,
        alias=alias,
        dm_device=match["dm"],
        vendor=vendor,
        product=product,
    )


def _split_vendor_product(text: str | None) -> tuple[str | None, str | None]:
    # Vendor is space-padded to 8 characters by the SCSI inquiry ("IBM     ,2810XIV").
    if not text:
        return None, None
    if "," not in text:
        return text.strip() or None, None
    vendor, _, product = text.partition(",")
    return vendor.strip() or None, product.strip() or None


def _read_attributes(current: MultipathMap, line: str) -> None:
    if line.startswith("["):
        _read_old_attributes(current, line)
        return
    for key, quoted, plain in _NEW_ATTR.findall(line):
        value = quoted if quoted or not plain else plain
        if key == "size":
            current.size = value
        elif key == "features":
            current.features = value
        elif key == "hwhandler":
            current.hwhandler = value
        elif key == "wp":
            current.write_permission = value


def _read_old_attributes(current: MultipathMap, line: str) -> None:
    for item in re.findall(r"\[([^\]]*)\]", line):
        key, sep, value = item.partition("=")
        if not sep:
            if item in ("rw", "ro"):
                current.write_permission = item
            continue
        if key == "size":
            current.size = value
        elif key == "features":
            current.features = value
        elif key == "hwhandler":
            current.hwhandler = value


def _parse_group(line: str) -> MultipathPathGroup | None:
    match = _NEW_GROUP.search(line)
    if match is None:
        match = _OLD_GROUP.match(line)
    if match is None:
        return None
    prio = match["prio"]
    return MultipathPathGroup(
        policy=match["policy"].strip(),
        prio=int(prio) if prio is not None else None,
        status=match["status"],
    )


def _parse_path(line: str) -> MultipathPath | None:
    tokens = line.lstrip(_TREE_CHARS).split()
    if len(tokens) < 4 or not _HCTL.match(tokens[0]):
        return None
    hctl, device, major_minor = (None if t.startswith("#") or t == "-" else t for t in tokens[:3])
    if tokens[3].startswith("["):
        states = re.findall(r"\[([^\]]*)\]", " ".join(tokens[3:]))
    else:
        states = _new_states(tokens[3:])
    if not states or states[0] not in _DM_STATES:
        # "-v4" paths-list tables print a priority here, not a dm state.
        return None
    return MultipathPath(
        hctl=hctl,
        device=device,
        major_minor=major_minor,
        dm_state=states[0],
        path_state=states[1] if len(states) > 1 else None,
        online_state=states[2] if len(states) > 2 else None,
    )


def _new_states(tokens: list[str]) -> list[str]:
    # "active i/o pending running": the checker state may hold a blank.
    if len(tokens) <= 3:
        return tokens
    return [tokens[0], " ".join(tokens[1:-1]), tokens[-1]]
