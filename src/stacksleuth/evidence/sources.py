"""From the paths an operator gives to one `HostEvidence` per host.

Recognised, in this order:
- a sosreport directory (has `version.txt`, `sos_commands/` or `sos_reports/`);
- a tarball: one sosreport, or a `sos collect` bundle (a tar of per-node sosreport
  tarballs), told apart by peeking at the first members;
- a fleet directory: sosreport directories and/or tarballs side by side;
- anything else that is a directory: a plain log bundle, one host.

Discovery is cheap (no unpacking); `open_host` does the work, and never raises: a source
that cannot be read (a missing path among others, a file that is not a report, a damaged
tarball) becomes a host with an error note, so nothing is dropped silently. A source that
opens but holds nothing stacksleuth knows is told apart by `why_unusable`.
"""

from __future__ import annotations

import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from stacksleuth.errors import UsageError
from stacksleuth.evidence.archive import (
    ArchiveCache,
    archive_stem,
    is_archive_name,
    report_root,
)
from stacksleuth.evidence.directory import LOG_BUNDLE, DirectoryEvidence, looks_like_sosreport
from stacksleuth.evidence.model import EvidenceFile, HostEvidence, Note, Severity
from stacksleuth.evidence.safety import ArchiveTooLarge

_PEEK_MEMBERS = 200


class SourceKind(StrEnum):
    SOSREPORT_DIR = "sosreport directory"
    SOSREPORT_ARCHIVE = "sosreport archive"
    LOG_BUNDLE = "log bundle"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class HostSource:
    """Where one host's evidence is; `path` is the user's (or, inside a bundle, ours)."""

    kind: SourceKind
    path: Path
    label: str
    host: str | None = None
    problem: str = ""


class UnreadableEvidence:
    """A host whose evidence could not be read at all: it still appears, with the reason."""

    def __init__(self, name: str, source: str, notes: list[Note], problem: str = "") -> None:
        self.name = name
        self.source = source
        self.kind = "unreadable"
        self.notes = notes
        self.problem = problem

    def find(self, spec: str) -> list[EvidenceFile]:
        return []

    def read_text(self, file: EvidenceFile) -> str | None:
        return None

    def iter_lines(self, file: EvidenceFile) -> Iterator[str]:
        return iter(())

    def iter_blocks(self, file: EvidenceFile) -> Iterator[bytes]:
        return iter(())

    def size_of(self, file: EvidenceFile) -> int | None:
        return None

    def not_collected(self, spec: str) -> str | None:
        return None


def discover(paths: list[Path], cache: ArchiveCache, host: str | None = None) -> list[HostSource]:
    """The host sources behind `paths`, in a stable order.

    A path that does not exist is an unreadable host (the run goes on with the others);
    when none exists the operator mistyped: UsageError.
    """
    missing = [path for path in paths if not path.exists()]
    if missing and len(missing) == len(paths):
        raise UsageError(f"{missing[0]}: no such file or directory")
    for path in paths:
        if path not in missing:
            _refuse_cache_inside(path, cache)
    sources: list[HostSource] = []
    for path in paths:
        if path in missing:
            problem = "no such file or directory"
            sources.append(HostSource(SourceKind.UNREADABLE, path, str(path), problem=problem))
        else:
            sources.extend(_sources_of(path, cache, host))
    return sources


def _refuse_cache_inside(evidence: Path, cache: ArchiveCache) -> None:
    # Evidence is read-only: unpacking into it would modify what the customer sent.
    if evidence.is_dir():
        root, cache_dir = evidence.resolve(), cache.dir.resolve()
        if cache_dir == root or root in cache_dir.parents:
            raise UsageError(
                f"the cache directory {cache.dir} is inside the evidence {evidence}; "
                "choose another --cache-dir (evidence is never written to)"
            )


def _sources_of(path: Path, cache: ArchiveCache, host: str | None) -> list[HostSource]:
    try:
        return _sources_of_path(path, cache, host)
    except OSError as exc:  # a directory that cannot be listed or traversed (chmod 000)
        return [HostSource(SourceKind.UNREADABLE, path, str(path), problem=_denied(exc, path))]


def _denied(exc: OSError, top: Path) -> str:
    where = _relative(exc.filename, top) if exc.filename else str(top)
    return f"unreadable: cannot read {where}: {exc.strerror or type(exc).__name__}"


def _sources_of_path(path: Path, cache: ArchiveCache, host: str | None) -> list[HostSource]:
    if path.is_file():
        return _sources_of_file(path, cache)
    if looks_like_sosreport(path):
        return [HostSource(SourceKind.SOSREPORT_DIR, path, str(path))]
    children = sorted(path.iterdir())
    reports = [c for c in children if _is_report_entry(c)]
    if reports:
        found: list[HostSource] = []
        for child in reports:
            found.extend(_sources_of(child, cache, None))
        return found
    return [HostSource(SourceKind.LOG_BUNDLE, path, str(path), host=host or path.name)]


def _is_report_entry(path: Path) -> bool:
    try:
        if path.is_dir():
            return looks_like_sosreport(path)
    except OSError:
        return True  # it cannot be looked into: list it (as unreadable), never drop it
    return path.is_file() and is_archive_name(path)


def _sources_of_file(path: Path, cache: ArchiveCache) -> list[HostSource]:
    label = str(path)
    if not is_archive_name(path) and not _is_tarfile(path):
        problem = "not a sosreport, a tarball or a directory"
        return [HostSource(SourceKind.UNREADABLE, path, label, problem=problem)]
    if _is_collect_bundle(path):
        return _collect_bundle_sources(path, cache)
    return [HostSource(SourceKind.SOSREPORT_ARCHIVE, path, label)]


def _is_tarfile(path: Path) -> bool:
    try:
        return tarfile.is_tarfile(path)
    except OSError:
        return False


def _is_collect_bundle(path: Path) -> bool:
    """A tar whose first members include sosreport tarballs and no sosreport files."""
    try:
        with tarfile.open(path, mode="r:*") as tar:
            for count, member in enumerate(tar):
                if "/sos_commands/" in f"/{member.name}" or member.name.endswith("version.txt"):
                    return False
                if member.isfile() and is_archive_name(Path(member.name)):
                    return True
                if count >= _PEEK_MEMBERS:
                    return False
    except (tarfile.TarError, OSError, EOFError):
        return False  # open_host will report the damage
    return False


def _collect_bundle_sources(path: Path, cache: ArchiveCache) -> list[HostSource]:
    try:
        unpacked = cache.unpack(path)
    except (tarfile.TarError, ArchiveTooLarge, OSError) as exc:
        return [HostSource(SourceKind.UNREADABLE, path, str(path), problem=str(exc))]
    inner = sorted(p for p in unpacked.root.rglob("*") if p.is_file() and is_archive_name(p))
    return [
        HostSource(SourceKind.SOSREPORT_ARCHIVE, p, f"{path}:{p.relative_to(unpacked.root)}")
        for p in inner
    ]


def open_host(source: HostSource, cache: ArchiveCache) -> HostEvidence:
    """Open one source for reading. Never raises for bad evidence."""
    match source.kind:
        case SourceKind.SOSREPORT_DIR:
            notes = _denied_notes(source.path)
            return DirectoryEvidence(source.path, source=source.label, notes=notes)
        case SourceKind.LOG_BUNDLE:
            return DirectoryEvidence(
                source.path,
                name=source.host,
                source=source.label,
                kind=LOG_BUNDLE,
                notes=_denied_notes(source.path),
            )
        case SourceKind.SOSREPORT_ARCHIVE:
            return _open_archive(source, cache)
        case _:
            return _unreadable(source, source.problem)


def _open_archive(source: HostSource, cache: ArchiveCache) -> HostEvidence:
    try:
        unpacked = cache.unpack(source.path)
    except ArchiveTooLarge as exc:
        return _unreadable(source, f"refused: {exc}")
    except (tarfile.TarError, EOFError) as exc:
        # tarfile lists every compression it tried; the first line says enough.
        reason = str(exc).splitlines()[0].rstrip(":") if str(exc) else type(exc).__name__
        return _unreadable(source, f"not a readable tarball: corrupt or not a sosreport ({reason})")
    except OSError as exc:
        return _unreadable(source, f"cannot unpack: {exc}")
    root = report_root(unpacked.root)
    notes = [*unpacked.notes, *_denied_notes(root)]
    return DirectoryEvidence(root, name=archive_stem(source.path), source=source.label, notes=notes)


def _unreadable(source: HostSource, problem: str) -> UnreadableEvidence:
    note = Note(Severity.ERROR, source.label, problem)
    return UnreadableEvidence(archive_stem(source.path), source.label, [note], problem)


# A walk of a sosreport's listing (about 10-20k entries) costs tens of milliseconds; stop
# long before a foreign tree of millions could cost more.
_WALK_ENTRIES = 200_000


@dataclass(frozen=True)
class _Listing:
    files: int
    denied: list[OSError]


def _list_tree(root: Path) -> _Listing:
    """How many files the tree holds, and which directories could not be listed."""
    denied: list[OSError] = []
    files = entries = 0
    for _dirpath, dirs, names in os.walk(root, onerror=denied.append):
        # The cache's own bookkeeping (`.stacksleuth-extracted.json`) is not evidence.
        files += sum(1 for name in names if not name.startswith(".stacksleuth-"))
        entries += len(names) + len(dirs)
        if entries > _WALK_ENTRIES:
            break
    return _Listing(files, denied)


def _denied_notes(root: Path) -> list[Note]:
    """A note per directory that cannot be read: what it holds is missing for that reason,
    not because sos did not collect it."""
    return [
        Note(Severity.WARNING, _relative(exc.filename, root), _denied(exc, root))
        for exc in _list_tree(root).denied
    ]


def why_unusable(evidence: HostEvidence) -> str:
    """Why a host gave no evidence stacksleuth knows: empty, unreadable, or not a sos
    report. Called once no spec was found; reads directory listings only."""
    if isinstance(evidence, UnreadableEvidence):
        return evidence.problem or "unreadable"
    if not isinstance(evidence, DirectoryEvidence):
        return "no evidence could be read"
    listing = _list_tree(evidence.root)
    if listing.denied:
        more = f" (and {len(listing.denied) - 1} more)" if len(listing.denied) > 1 else ""
        return _denied(listing.denied[0], evidence.root) + more
    if not listing.files:
        return "empty: it holds no file"  # an empty directory, or a tarball with no member
    return (
        "not a sos report or log bundle: none of its files is evidence stacksleuth knows "
        "(no sos_commands/, version.txt, logs or command outputs)"
    )


def _relative(filename: object, root: Path) -> str:
    try:
        relative = Path(str(filename)).relative_to(root)
    except ValueError:
        return str(filename)
    return str(relative) if str(relative) != "." else "the top directory"
