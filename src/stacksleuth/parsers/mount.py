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

_LINE = re.compile(
    r"^(?P<device>.+?) on (?P<mountpoint>/.*?) type (?P<fstype>\S+)"
    r"(?: \((?P<options>[^)]*)\))?(?: \[(?P<label>[^\]]*)\])?\s*$"
)
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
        match = _LINE.match(line)
        if not match:
            continue
        options = match["options"]
        entries.append(
            MountEntry(
                device=match["device"],
                mountpoint=match["mountpoint"],
                fstype=match["fstype"],
                options=options.split(",") if options else [],
                label=match["label"],
            )
        )
    if not entries and len([ln for ln in text.splitlines() if ln.strip()]) > 1:
        raise ParseError("no mount line found")
    return entries


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
