"""Directory listings: ``ls -l`` and its recursive and SELinux forms (``-laR``, ``-laZR``,
``-alRh``, ``-lanR``), as sos collects them for many directories
(``sos_commands/libvirt/ls_-lR_.var.lib.libvirt.qemu``, ``logs/ls_-alRh_.var.log``) and as
insights-client collects ``ls -laR /var/lib/nova/instances``.

Real input (insights-core's test data for ``ls -laR /var/lib/nova/instances``)::

    /var/lib/nova/instances/e560e649-41fd-46a2-a3d2-5f4750ba2bb4:
    total 2104
    drwxr-xr-x. 2 nova nova      54 Feb 17  2017 .
    -rw-r--r--. 1 qemu qemu   48957 Feb 20  2017 console.log

gives ``ListingEntry(directory="/var/lib/nova/instances/e560e649-...", name="console.log",
type="-", size=48957, size_exact=True, ...)``. Other real shapes read the same way:
``-Z`` adds an SELinux context column (``?`` on a host without SELinux, corpus
``ls -laZR /var/lib/neutron/lock``); ``-h`` prints ``4.0K``/``3.5M`` sizes (turned into
bytes, ``size_exact=False``); device files show ``major, minor`` instead of a size
(``size=None``); symlinks end in ``name -> target``. RHEL 7's coreutils printed ``-laRZ``
without link count and size (``drwxr-xr-x. nova nova system_u:object_r:... name``): those
entries have ``size=None``.

Why: nova keeps each instance's serial console log at
``<instances_path>/<instance>/console.log``; a listing is how its size is known without
copying gigabytes (seed 002, "Down the Rabbit Hole": a 5.5G console.log).

Tolerance rule: ``total N`` lines, blank lines and lines that are neither an entry nor a
``DIR:`` header (a partial first line of a tailed listing, stderr) are skipped; ``ls:``
error lines are kept in ``errors``. Empty text gives an empty listing. ``ParseError`` only
when non-empty text holds no entry, no header and no ``ls:`` error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_SIZE = r"\d+(?:[.,]\d+)?[KMGTPE]?"
_DATE = (
    r"[A-Z][a-z]{2}\s+\d{1,2}\s+(?:\d{1,2}:\d{2}|\d{4})"  # C locale: `Feb 20  2017`, `Feb 10 16:09`
    r"|\d{4}-\d{2}-\d{2}(?:\s+\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s+[+-]\d{4})?)?"  # --time-style
)
_MODE = r"(?P<type>[-dlcbpsDn?])(?P<perms>[-rwxsStTlL?]{9})(?P<flag>[.+@]?)"
_ENTRY = re.compile(
    rf"^(?:{_SIZE}\s+)?"  # -s: blocks before the mode
    rf"{_MODE}\s+(?P<links>\d+)\s+(?P<owner>\S+)\s+(?P<group>\S+)\s+"
    r"(?:(?P<context>\?|\S+:\S+)\s+)?"
    rf"(?:(?P<major>\d+),\s*(?P<minor>\d+)|(?P<size>{_SIZE}))\s+"
    rf"(?P<date>{_DATE})\s(?P<name>.+)$"
)
# coreutils < 8.29 with -Z: no link count, no size, no date.
_OLD_SELINUX_ENTRY = re.compile(
    rf"^{_MODE}\s+(?P<owner>\S+)\s+(?P<group>\S+)\s+(?P<context>\S+:\S+)\s+(?P<name>.+)$"
)
_HEADER = re.compile(r"^(?P<dir>\S.*):$")
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4, "P": 1024**5, "E": 1024**6}


@dataclass(slots=True)
class ListingEntry:
    """One line of a listing. `directory` is the header it sits under ("" without one)."""

    directory: str
    name: str
    type: str
    perms: str
    owner: str
    group: str
    size: int | None = None
    size_exact: bool = True
    date: str = ""
    target: str | None = None
    context: str | None = None

    @property
    def path(self) -> str:
        """The entry's full path when the listing says it (a header, or a path as name)."""
        if self.name.startswith("/") or not self.directory:
            return self.name
        return f"{self.directory.rstrip('/')}/{self.name}"

    @property
    def is_file(self) -> bool:
        return self.type == "-"


@dataclass(slots=True)
class Listing:
    entries: list[ListingEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def files_named(self, name: str) -> list[ListingEntry]:
        """Regular files with this base name, in listing order."""
        return [e for e in self.entries if e.is_file and e.path.rsplit("/", 1)[-1] == name]


def parse_listing(text: str) -> Listing:
    """Parse ``ls -l``-family output (recursive or not) into entries."""
    listing = Listing()
    directory = ""
    headers = 0
    for line in text.splitlines():
        if not line.strip() or line.startswith("total "):
            continue
        if line.startswith("ls: "):
            listing.errors.append(line)
            continue
        entry = _entry(line, directory)
        if entry is not None:
            listing.entries.append(entry)
            continue
        header = _HEADER.match(line)
        if header:
            directory = header["dir"]
            headers += 1
    if text.strip() and not (listing.entries or listing.errors or headers):
        raise ParseError("not an `ls -l` listing: no entry, no directory header")
    return listing


def _entry(line: str, directory: str) -> ListingEntry | None:
    match = _ENTRY.match(line)
    if match is None:
        old = _OLD_SELINUX_ENTRY.match(line)
        if old is None:
            return None
        return _build(old, directory, size=None, exact=True, date="")
    size, exact = (None, True) if match["size"] is None else _bytes(match["size"])
    return _build(match, directory, size=size, exact=exact, date=match["date"])


def _build(
    match: re.Match[str], directory: str, *, size: int | None, exact: bool, date: str
) -> ListingEntry:
    name, target = match["name"], None
    if match["type"] == "l" and " -> " in name:
        name, target = name.split(" -> ", 1)
    context = match["context"]
    return ListingEntry(
        directory=directory,
        name=name,
        type=match["type"],
        perms=match["perms"],
        owner=match["owner"],
        group=match["group"],
        size=size,
        size_exact=exact,
        date=date,
        target=target,
        context=None if context in (None, "?") else context,
    )


def _bytes(text: str) -> tuple[int, bool]:
    """`48957` -> (48957, exact); `5.5G` (from -h) -> (5905580032, approximate)."""
    unit = text[-1] if text[-1] in _UNITS else ""
    number = text[: len(text) - len(unit)].replace(",", ".")
    if not unit and "." not in number:
        return to_int(number), True
    return to_int(float(number) * _UNITS[unit]), False
