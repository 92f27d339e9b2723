"""The cache keeps no leftovers: an interrupted, crashed or failed extraction costs no disk
for long, and a run never deletes what another live run is extracting."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from hosttrees import build_sosreport_archive, write

from stacksleuth.evidence import archive as archive_module
from stacksleuth.evidence.archive import ArchiveCache, sha256_of
from stacksleuth.evidence.sources import UnreadableEvidence, discover, open_host

HOLD_LOCK = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "sys.stdin.read()\n"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "evidence").mkdir()
    return build_sosreport_archive(tmp_path / "evidence", "compute5")


def _crashed_temp_dir(cache_dir: Path, key: str = "0123456789abcdef0123") -> Path:
    """What a run killed mid-extraction leaves: `.<key>.<random>` with a partial tree."""
    temp = cache_dir / f".{key}.k1ll3d_x"
    write(temp / "sosreport-x/var/log/kern.log", b"x" * 100_000)
    an_hour_ago = time.time() - 3600
    os.utime(temp, (an_hour_ago, an_hour_ago))
    return temp


def _names(cache_dir: Path) -> list[str]:
    return sorted(p.name for p in cache_dir.iterdir() if p.name != "CACHEDIR.TAG")


def test_a_crashed_runs_temp_dir_is_swept_at_the_next_unpack(tmp_path, report):
    cache = ArchiveCache(tmp_path / "cache")
    stale = _crashed_temp_dir(cache.dir)
    unpacked = cache.unpack(report)
    assert not stale.exists()
    assert _names(cache.dir) == [unpacked.root.name]


def test_a_temp_dir_another_live_run_holds_is_left_alone(tmp_path, report):
    cache = ArchiveCache(tmp_path / "cache")
    busy = _crashed_temp_dir(cache.dir)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(busy)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        unpacked = cache.unpack(report)
        assert (busy / "sosreport-x/var/log/kern.log").stat().st_size == 100_000
        assert _names(cache.dir) == sorted([busy.name, unpacked.root.name])
    finally:
        holder.communicate("")
    # Once that run is gone, the next run sweeps it.
    ArchiveCache(cache.dir).unpack(report)
    assert not busy.exists()


def test_an_interrupted_extraction_leaves_no_temp_dir(tmp_path, report, monkeypatch):
    def interrupted(archive, dest, **options):
        write(dest / "half/extracted.txt", b"x" * 10_000)
        raise KeyboardInterrupt

    monkeypatch.setattr(archive_module, "extract_archive", interrupted)
    cache = ArchiveCache(tmp_path / "cache")
    with pytest.raises(KeyboardInterrupt):
        cache.unpack(report)
    assert _names(cache.dir) == []


def test_a_full_disk_stops_the_extraction_and_keeps_nothing(tmp_path, report, monkeypatch):
    extract = tarfile.TarFile.extract
    written = []

    def disk_fills_up(self, member, *args, **kwargs):
        if written:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(member.name)
        return extract(self, member, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "extract", disk_fills_up)
    cache = ArchiveCache(tmp_path / "cache")
    (source,) = discover([report], cache)
    evidence = open_host(source, cache)
    # A tree cut short by a full disk must not be kept and trusted by the next run.
    assert isinstance(evidence, UnreadableEvidence)
    (note,) = evidence.notes
    assert note.message == "cannot unpack: [Errno 28] No space left on device"
    assert _names(cache.dir) == []


def test_a_key_directory_without_its_marker_is_replaced(tmp_path, report):
    """A removal cut short leaves `<key>/` without its marker: it is not a finished tree."""
    cache = ArchiveCache(tmp_path / "cache")
    leftover = write(cache.dir / sha256_of(report)[:20] / "partial.txt", b"half deleted\n")
    unpacked = cache.unpack(report)
    assert not unpacked.reused
    assert not leftover.exists()
    assert (unpacked.root / "sosreport-compute5-2022-02-10-vqsfldp/version.txt").is_file()
