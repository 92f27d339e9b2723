"""What an extraction cache holds, which of it is ours, and how it is cleaned.

A cache directory holds, and stacksleuth touches nothing else in it:

- `CACHEDIR.TAG`: the Cache Directory Tagging Specification's tag (backup tools skip the
  directory), whose comment line names stacksleuth;
- `<key>/`: a finished tree, `key` the first 20 hex digits of the archive's sha256, with
  `.stacksleuth-extracted.json` (the archive's path and the extraction notes) inside;
- `.<key>.<random>/`: an extraction in progress. Its run holds an exclusive `flock` on the
  directory for as long as it works, and the kernel drops that lock when the run dies
  however it dies, so a temp dir whose lock can be taken belongs to no live run: it is
  stale (a crash, a kill, a power cut) and is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DONE = ".stacksleuth-extracted.json"
TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by stacksleuth.\n"
    "# Archives unpacked here are re-created on demand: see `stacksleuth cache --help`.\n"
)
_KEY = re.compile(r"[0-9a-f]{20}")
# tempfile.mkdtemp(prefix=".<key>.") adds 8 characters from this alphabet.
_TEMP = re.compile(r"\.([0-9a-f]{20})\.[a-z0-9_]{8}")


class EntryKind(StrEnum):
    TREE = "tree"
    INCOMPLETE = "incomplete"  # a key directory without its marker: a removal cut short
    IN_PROGRESS = "in progress"  # a temp dir a live run holds
    STALE = "stale"  # a temp dir no live run holds


@dataclass(frozen=True)
class CacheEntry:
    """One entry of ours in the cache directory."""

    path: Path
    key: str
    kind: EntryKind
    archive: str | None
    size: int
    modified: float

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "kind": str(self.kind),
            "archive": self.archive,
            "size": self.size,
            "modified": self.modified,
            "path": str(self.path),
        }


class NotOurCache(Exception):
    """The directory is not a stacksleuth cache: nothing in it may be deleted."""


def tag_cache_dir(cache_dir: Path) -> None:
    """Create `cache_dir` if needed and tag it as ours (once)."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    tag = cache_dir / TAG
    if not tag.exists():
        with contextlib.suppress(OSError):  # a read-only cache still works untagged
            tag.write_text(TAG_TEXT)


def check_ours(cache_dir: Path) -> None:
    """Raise NotOurCache unless `cache_dir` is a stacksleuth cache (or does not exist)."""
    if not cache_dir.exists():
        return
    real = cache_dir.resolve()
    home = Path.home().resolve()
    if real == Path(real.anchor) or real == home or real in home.parents:
        raise NotOurCache(
            f"{cache_dir} is the root or your home directory, not a stacksleuth cache"
        )
    if not cache_dir.is_dir():
        raise NotOurCache(f"{cache_dir} is not a directory")
    if _has_our_tag(cache_dir) or any(True for _ in _our_names(cache_dir)):
        return
    if any(cache_dir.iterdir()):
        raise NotOurCache(
            f"{cache_dir} holds no stacksleuth cache entry (no {TAG}, no unpacked archive): "
            "not touching it"
        )


def scan(cache_dir: Path) -> list[CacheEntry]:
    """Every entry of ours in `cache_dir`, finished trees first, then by name."""
    if not cache_dir.is_dir():
        return []
    entries = [_entry(path, key, is_temp) for path, key, is_temp in _our_names(cache_dir)]
    order = list(EntryKind)
    return sorted(entries, key=lambda e: (order.index(e.kind), e.path.name))


def remove(entry: CacheEntry) -> bool:
    """Remove one entry; False when it is a temp dir a live run holds (left alone)."""
    if entry.kind in (EntryKind.IN_PROGRESS, EntryKind.STALE):
        with held(entry.path) as ours:
            if not ours:
                return False
            shutil.rmtree(entry.path, ignore_errors=True)
        return not entry.path.exists()
    # Rename first: a removal cut short then leaves a stale temp dir (swept later), never
    # a key directory that a later run would take for a finished tree.
    trash = Path(tempfile.mkdtemp(prefix=f".{entry.key}.", dir=entry.path.parent))
    os.replace(entry.path, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return not trash.exists()


def sweep_stale(cache_dir: Path, started_before: float) -> list[Path]:
    """Remove the temp dirs no live run holds that are older than `started_before`.

    The age test keeps a run that has just created its temp dir, and not yet locked it,
    safe from a sweep running at that very moment. Cheap: no tree is measured.
    """
    if not cache_dir.is_dir():
        return []
    removed = []
    for path, _, is_temp in list(_our_names(cache_dir)):
        if not is_temp or path.lstat().st_mtime >= started_before:
            continue
        with held(path) as ours:
            if ours:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


@contextlib.contextmanager
def held(directory: Path) -> Iterator[bool]:
    """Hold the extraction lock on `directory`; yields False when a live run holds it."""
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def tree_size(path: Path) -> int:
    """Bytes on disk under `path` (hard links once; symlinks not followed)."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            try:
                info = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return total


def _has_our_tag(cache_dir: Path) -> bool:
    try:
        return "stacksleuth" in (cache_dir / TAG).read_text(errors="replace")[:512]
    except OSError:
        return False


def _our_names(cache_dir: Path) -> Iterator[tuple[Path, str, bool]]:
    """(path, key, is_temp) of each real directory whose name is one of ours."""
    for path in cache_dir.iterdir():
        if key := _KEY.fullmatch(path.name):
            found, is_temp = key.group(0), False
        elif temp := _TEMP.fullmatch(path.name):
            found, is_temp = temp.group(1), True
        else:
            continue
        try:
            if stat.S_ISDIR(os.lstat(path).st_mode):  # a symlink named like a key is not ours
                yield path, found, is_temp
        except OSError:
            continue


def _entry(path: Path, key: str, is_temp: bool) -> CacheEntry:
    archive = None
    modified = path.lstat().st_mtime
    if is_temp:
        with held(path) as free:
            kind = EntryKind.STALE if free else EntryKind.IN_PROGRESS
    else:
        kind, archive = EntryKind.INCOMPLETE, None
        with contextlib.suppress(OSError, ValueError, AttributeError):
            done = path / DONE
            modified = done.lstat().st_mtime
            archive = json.loads(done.read_text()).get("archive")
            kind = EntryKind.TREE
    return CacheEntry(path, key, kind, archive, tree_size(path), modified)
