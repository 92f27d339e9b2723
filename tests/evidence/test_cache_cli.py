"""`stacksleuth cache list|clean`: sizes of what is cached, and cleaning only what is ours."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hosttrees import build_sosreport_archive, snapshot, write
from typer.testing import CliRunner

from stacksleuth.cli import app
from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.cachedir import held

KILLED = ".0123456789abcdef0123.k1ll3d_x"
ARCHIVE = "sosreport-compute5-2022-02-10-vqsfldp.tar.xz"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    """A cache holding one unpacked report and the 100 KB temp dir of a killed run."""
    (tmp_path / "evidence").mkdir()
    archive = build_sosreport_archive(tmp_path / "evidence", "compute5")
    cache = ArchiveCache(tmp_path / "cache")
    cache.unpack(archive)
    write(cache.dir / KILLED / "sosreport-x/var/log/kern.log", os.urandom(100_000))
    an_hour_ago = time.time() - 3600
    os.utime(cache.dir / KILLED, (an_hour_ago, an_hour_ago))
    return cache.dir


def _run(*args: str):
    return CliRunner().invoke(app, ["cache", *args], env={"COLUMNS": "200", "NO_COLOR": "1"})


def _tree_key(cache_dir: Path) -> str:
    (key,) = [p.name for p in cache_dir.iterdir() if len(p.name) == 20]
    return key


def test_list_shows_each_tree_and_stale_temp_dir_with_sizes(cache_dir):
    done = _run("list", "--cache-dir", str(cache_dir))
    assert done.exit_code == 0, done.output
    key = _tree_key(cache_dir)
    tree_row = next(line for line in done.output.splitlines() if key in line)
    assert "tree" in tree_row and "KiB" in tree_row
    stale_row = next(line for line in done.output.splitlines() if "0123456789abcdef0123" in line)
    assert "stale" in stale_row and "KiB" in stale_row
    assert done.output.rstrip().splitlines()[-1].startswith("2 entries, ")

    as_json = json.loads(_run("list", "--cache-dir", str(cache_dir), "--format", "json").output)
    kinds = {e["key"]: (e["kind"], e["size"]) for e in as_json["entries"]}
    archives = {e["key"]: e["archive"] for e in as_json["entries"]}
    assert archives[key] == str(cache_dir.parent / "evidence" / ARCHIVE)
    assert kinds[key][0] == "tree" and kinds["0123456789abcdef0123"][0] == "stale"
    assert kinds["0123456789abcdef0123"][1] >= 100_000
    assert as_json["total"] == sum(size for _, size in kinds.values())


def test_clean_stale_removes_only_the_dead_runs_temp_dir(cache_dir):
    key = _tree_key(cache_dir)
    done = _run("clean", "--stale", "--cache-dir", str(cache_dir))
    assert done.exit_code == 0, done.output
    assert "freed " in done.output and "1 entries removed" in done.output
    assert not (cache_dir / KILLED).exists()
    assert (cache_dir / key / ".stacksleuth-extracted.json").is_file()


def test_clean_removes_everything_of_ours_and_nothing_else(tmp_path, cache_dir):
    write(tmp_path / "precious" / "keep.txt", "not ours\n")
    before = snapshot(tmp_path / "precious")
    write(cache_dir / "notes.txt", "the operator's own file\n")
    # A symlink named like a key is not ours: neither it nor its target is touched.
    (cache_dir / "ffffffffffffffffffff").symlink_to(tmp_path / "precious")

    done = _run("clean", "--cache-dir", str(cache_dir), "--format", "json")

    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert len(report["removed"]) == 2 and report["total"] > 100_000
    assert sorted(p.name for p in cache_dir.iterdir()) == [
        "CACHEDIR.TAG",
        "ffffffffffffffffffff",
        "notes.txt",
    ]
    assert snapshot(tmp_path / "precious") == before


def test_clean_leaves_a_temp_dir_a_live_run_holds(cache_dir):
    with held(cache_dir / KILLED) as ours:  # as the running extraction would
        assert ours
        done = _run("clean", "--cache-dir", str(cache_dir))
    assert done.exit_code == 0, done.output
    assert (cache_dir / KILLED / "sosreport-x/var/log/kern.log").is_file()
    assert "left 1 temp dir(s) a running stacksleuth is extracting into" in done.output


@pytest.mark.parametrize("command", ["list", "clean"])
def test_a_directory_that_is_not_our_cache_is_refused(tmp_path, command):
    other = tmp_path / "documents"
    write(other / "thesis.tex", "\\documentclass{article}\n")
    done = _run(command, "--cache-dir", str(other))
    assert done.exit_code == 2
    assert "holds no stacksleuth cache entry" in done.output
    assert (other / "thesis.tex").is_file()


def test_home_and_root_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    write(tmp_path / "CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# stacksleuth\n")
    for where in (tmp_path, Path("/")):
        done = _run("clean", "--cache-dir", str(where))
        assert done.exit_code == 2, done.output
        assert "not a stacksleuth cache" in done.output
    assert (tmp_path / "CACHEDIR.TAG").is_file()
