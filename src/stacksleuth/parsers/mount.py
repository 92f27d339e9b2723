"""Mounted filesystems: ``mount -l`` (sos: ``sos_commands/filesys/mount_-l``), also plain
``mount``.

Real input (corpus compute)::

    /dev/vda2 on / type ext4 (rw,relatime) [root]
    /dev/mapper/crypt-88244ad9-... on /var/lib/nova/instances type xfs (rw,relatime,attr2,...)

and a public NFSv4 line::

    192.168.123.100:/nfs/pv1 on /run/kubevirt-private/vmi-disks/rhel8-nfs type nfs4 (rw,...)

give ``MountEntry(device="/dev/vda2", mountpoint="/", fstype="ext4", options=["rw",
"relatime"], label="root")`` and so on. ``mount_for_path(mounts, "/var/lib/nova/instances/
<uuid>/disk")`` returns the entry with the longest mountpoint that holds the path (the last
one mounted wins when a mountpoint is stacked), which tells whether nova's
``instances_path`` sits on local disk or on nfs/nfs4/ceph/glusterfs (``is_network_fs``).

Tolerance rule: lines that are not ``DEV on DIR type FSTYPE (OPTIONS) [LABEL]`` (stderr, a
partial first line of tailed output) are skipped. Empty text gives ``[]``; ``ParseError``
only when non-empty text has not one mount line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError

# A line is `DEV on DIR type FSTYPE[ (OPTIONS)][ [LABEL]]`; DEV and DIR may hold blanks,
# " on " or " type " (mount prints them raw). As one backtracking regex that was cubic in
# the line (a 46 KB line took 42 s); `_read_line` finds the same split in linear time.
_FSTYPE = re.compile(r"\S+")
NETWORK_FSTYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "ceph", "fuse.ceph-fuse", "glusterfs", "fuse.glusterfs"}
)


@dataclass(slots=True)
class MountEntry:
    """One mounted filesystem."""

    device: str
    mountpoint: str
    fstype: str
    options: list[str] = field(default_factory=list)
    label: str | None = None

    @property
    def is_network_fs(self) -> bool:
        """True for filesystems served over the network (instances shared between hosts)."""
        return self.fstype in NETWORK_FSTYPES

    def option(self, name: str) -> str | None:
        """Value of ``name=value`` in the options, ``""`` for a bare flag, else None."""
        for opt in self.options:
            key, sep, value = opt.partition("=")
            if key == name:
                return value if sep else ""
        return None


def parse_mount(text: str) -> list[MountEntry]:
    """Parse ``mount -l`` / ``mount`` output."""
    entries: list[MountEntry] = []
    for line in text.splitlines():
        entry = _read_line(line)
        if entry is not None:
            entries.append(entry)
    if not entries and len([ln for ln in text.splitlines() if ln.strip()]) > 1:
        raise ParseError("no mount line found")
    return entries


def _read_line(line: str) -> MountEntry | None:
    r"""One `mount` line, split as the regex
    `^(.+?) on (/.*?) type (\S+)(?: \(([^)]*)\))?(?: \[([^\]]*)\])?\s*$` splits it,
    in one pass.

    The device ends at the first " on /" (a later split would only move text from the
    mountpoint into the device, and the first works whenever any does). The mountpoint
    ends at the first " type " whose tail reads as `FSTYPE[ (OPTIONS)][ [LABEL]]` to the
    end of the line; whether the end of the line from a position reads as `[ [LABEL]]`
    is known in constant time from where the text's last `]` is.
    """
    on = line.find(" on /", 1)
    if on < 0:
        return None
    end = len(line.rstrip())  # the blanks `\s*$` takes
    # A label ends with the line's last "]" and holds no "]" itself.
    inner = line.rfind("]", 0, end - 1) if line[end - 1 : end] == "]" else end

    def label_from(at: int) -> tuple[bool, str | None]:
        """Whether line[at:] is `[ [LABEL]]` then blanks, and the label."""
        if at >= end:
            return True, None
        if line.startswith(" [", at) and inner < at + 2 <= end - 1:
            return True, line[at + 2 : end - 1]
        return False, None

    close = -1  # the first ")" at or after a position: positions only grow, so kept
    at = line.find(" type ", on + 5)
    while at >= 0:
        fstype = _FSTYPE.match(line, at + 6)
        if fstype is not None:
            after = fstype.end()
            options: str | None = None
            ok = False
            if line.startswith(" (", after):
                if close < after + 2:
                    close = line.find(")", after + 2)
                if close >= 0:
                    ok, label = label_from(close + 1)
                    options = line[after + 2 : close] if ok else None
            if not ok:
                ok, label = label_from(after)
            if ok:
                return MountEntry(
                    device=line[:on],
                    mountpoint=line[on + 4 : at],
                    fstype=fstype.group(),
                    options=options.split(",") if options else [],
                    label=label,
                )
        at = line.find(" type ", at + 1)
    return None


def _holds(mountpoint: str, path: str) -> bool:
    if mountpoint == "/":
        return path.startswith("/")
    return path == mountpoint or path.startswith(mountpoint.rstrip("/") + "/")


def mount_for_path(mounts: list[MountEntry], path: str) -> MountEntry | None:
    """The mount that holds ``path``: longest matching mountpoint, last mounted wins."""
    best: MountEntry | None = None
    for entry in mounts:
        if _holds(entry.mountpoint, path) and (
            best is None or len(entry.mountpoint) >= len(best.mountpoint)
        ):
            best = entry
    return best
