"""Tarballs unpacked once into a cache, keyed by their checksum, and reused.

The cache lives outside the evidence (default `~/.cache/stacksleuth`, or `--cache-dir`).
An archive is unpacked into a private temporary directory, locked while we work in it,
and renamed into place only when done, so an interrupted run never leaves a
half-extracted tree that a later run would trust. Whatever stops an extraction (a bomb
refused at the cap, a full disk, Ctrl-C) removes its temporary directory at once; one
left by a run that was killed is swept at the next unpacking (see `cachedir`). The notes
from extraction (refused members, damage) are kept beside the tree and given back on
reuse, so the second run says what the first one said.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from stacksleuth.evidence import cachedir
from stacksleuth.evidence.cachedir import DONE as _DONE
from stacksleuth.evidence.model import Note, Severity
from stacksleuth.evidence.safety import DEFAULT_MAX_BYTES, extract_archive

ARCHIVE_SUFFIXES = (".tar.xz", ".tar.gz", ".tgz", ".txz", ".tar.bz2", ".tbz2", ".tar")


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stacksleuth"


def is_archive_name(path: Path) -> bool:
    return path.name.endswith(ARCHIVE_SUFFIXES)


def archive_stem(path: Path) -> str:
    for suffix in ARCHIVE_SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return path.name


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Unpacked:
    """Where an archive was unpacked, with what extraction had to say."""

    root: Path
    notes: list[Note]
    reused: bool


class ArchiveCache:
    def __init__(self, cache_dir: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.dir = cache_dir or default_cache_dir()
        self.max_bytes = max_bytes
        # Temp dirs older than this and held by no run are a dead run's: ours to sweep.
        self.started = time.time()
        self._swept = False

    def unpack(self, archive: Path) -> Unpacked:
        """Unpack `archive` (or reuse an earlier unpacking of the same bytes).

        Raises tarfile.ReadError when the file is not a readable archive at all,
        ArchiveTooLarge when it would unpack past the cap, and OSError when the cache
        cannot be written (a full disk). Nothing of a failed unpacking stays behind.
        """
        key = sha256_of(archive)[:20]
        final = self.dir / key
        done = final / _DONE
        self._sweep_once()
        if done.is_file():
            return Unpacked(final, _load_notes(done), reused=True)
        cachedir.tag_cache_dir(self.dir)
        work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=self.dir))
        lock = os.open(work, os.O_RDONLY | os.O_DIRECTORY)
        try:
            # Held until the rename: a sweep by another run sees a live extraction.
            fcntl.flock(lock, fcntl.LOCK_EX)
            result = extract_archive(archive, work, max_bytes=self.max_bytes)
            (work / _DONE).write_text(
                json.dumps(
                    {
                        "archive": os.path.abspath(archive),
                        "notes": [n.to_json() for n in result.notes],
                    }
                )
            )
            _replace_incomplete(final)
            work.rename(final)
        except OSError:
            shutil.rmtree(work, ignore_errors=True)
            if not done.is_file():
                raise
            # Another run finished the same archive first: use theirs.
            return Unpacked(final, _load_notes(done), reused=True)
        except BaseException:
            # A bomb refused at the cap, a damaged stream, Ctrl-C: its gigabytes go now.
            shutil.rmtree(work, ignore_errors=True)
            raise
        finally:
            os.close(lock)
        return Unpacked(final, result.notes, reused=False)

    def _sweep_once(self) -> None:
        if not self._swept:
            self._swept = True
            cachedir.sweep_stale(self.dir, started_before=self.started)


def _replace_incomplete(final: Path) -> None:
    """Remove a key directory without its marker (a removal cut short) before the rename."""
    if final.is_dir() and not (final / _DONE).is_file():
        entry = cachedir.CacheEntry(final, final.name, cachedir.EntryKind.INCOMPLETE, None, 0, 0)
        cachedir.remove(entry)


def _load_notes(done: Path) -> list[Note]:
    data = json.loads(done.read_text())
    return [Note(Severity(n["severity"]), n["where"], n["message"]) for n in data.get("notes", [])]


def report_root(unpacked: Path) -> Path:
    """The report's top directory inside an unpacked archive.

    sos puts everything under one directory named like the archive; a hand-made tarball
    may not. Our marker file is ignored.
    """
    entries = [p for p in unpacked.iterdir() if p.name != _DONE]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return unpacked
