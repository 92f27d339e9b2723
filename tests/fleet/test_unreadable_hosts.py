"""No false all-clear: an input with no usable evidence is an unreadable host, never a
healthy one, and the run says so (a note naming the input and why, exit status 1)."""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest
from fleettrees import build_fleet, fixture
from hosttrees import run_cli

from stacksleuth.analysis import analyze

HEALTHY = fixture("vhost-net-disabled", "negative")


def _analyse_json(*args: str, cwd: Path) -> tuple[int, dict]:
    result = run_cli("analyze", *args, "--format", "json", cwd=cwd)
    assert not result.stderr.count("Traceback"), result.stderr
    return result.returncode, json.loads(result.stdout)


def _empty_tarball(path: Path) -> Path:
    with tarfile.open(path, "w:xz"):
        pass  # a valid tarball with no member
    return path


def _foreign_tarball(tmp_path: Path) -> Path:
    """A tarball of someone's home directory: files, none of them evidence."""
    home = tmp_path / "home"
    (home / "photos").mkdir(parents=True)
    (home / "photos" / "cat.txt").write_text("not a picture\n")
    (home / ".bashrc").write_text("alias ll='ls -l'\n")
    archive = tmp_path / "home.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(home, arcname="home")
    return archive


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda tmp: (tmp / "case").mkdir() or tmp / "case", "empty"),
        (lambda tmp: _empty_tarball(tmp / "sosreport-compute9-2022.tar.xz"), "empty"),
        (lambda tmp: _foreign_tarball(tmp), "not a sos report"),
        (lambda tmp: (tmp / "notes.txt").write_text("hello\n") and tmp / "notes.txt", "not a sos"),
    ],
    ids=["empty directory", "empty tarball", "foreign tarball", "text file"],
)
def test_an_input_without_evidence_is_unreadable_not_healthy(tmp_path, make, why):
    evidence = make(tmp_path)
    code, document = _analyse_json(str(evidence), cwd=tmp_path)
    assert code == 1, "nothing could be read: the run is partial, not clean"
    (host,) = document["hosts"]
    assert document["fleet"]["healthy"] == []
    assert document["fleet"]["unreadable"] == [host["name"]]
    assert host["unreadable"] and why in host["unreadable"].lower().replace(
        "sosreport", "sos report"
    )
    errors = [n for n in host["notes"] if n["severity"] == "error"]
    assert errors and errors[0]["where"] == str(evidence)
    assert why in errors[0]["message"].replace("sosreport", "sos report")


def test_an_empty_directory_beside_healthy_hosts_is_listed_apart(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", HEALTHY), ("compute-2", HEALTHY)])
    (tmp_path / "compute-3").mkdir()
    code, document = _analyse_json(
        str(tmp_path / "fleet"), str(tmp_path / "compute-3"), cwd=tmp_path
    )
    assert code == 1
    assert document["fleet"]["healthy"] == ["compute-1", "compute-2"]
    assert document["fleet"]["unreadable"] == ["compute-3"]


def test_one_missing_path_among_several_is_a_note_not_an_abort(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", HEALTHY)])
    missing = tmp_path / "sosreport-compute-2-2022-02-10-abcdefg.tar.xz"
    code, document = _analyse_json(str(tmp_path / "fleet"), str(missing), cwd=tmp_path)
    assert code == 1
    assert document["fleet"]["healthy"] == ["compute-1"]
    (gone,) = (h for h in document["hosts"] if h["source"] == str(missing))
    assert document["fleet"]["unreadable"] == [gone["name"]]
    assert gone["notes"][0]["message"] == "no such file or directory"


def test_affected_naming_only_unknown_hosts_is_a_usage_error(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", HEALTHY)])
    result = run_cli("analyze", str(tmp_path / "fleet"), "--affected", "compute-99", cwd=tmp_path)
    assert result.returncode == 2
    assert "no analysed host is called compute-99" in result.stderr
    assert "compute-1" in result.stderr, "the error names the hosts that were read"


def _lock(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`chmod 000` on `directory`. As root chmod does not stop reads, so the kernel's rule
    for everyone else is applied by hand: the directory itself can be stat'ed but neither
    listed nor traversed (PermissionError from scandir, and from stat of what is inside)."""
    directory.chmod(0)
    if os.geteuid() != 0:
        return
    locked = os.path.abspath(directory)

    def inside(path) -> bool:
        return not isinstance(path, int) and os.path.abspath(os.fspath(path)).startswith(
            locked + os.sep
        )

    def denying(call, deny_itself: bool):
        def wrapper(path=".", *args, **kwargs):
            itself = not isinstance(path, int) and os.path.abspath(os.fspath(path)) == locked
            if inside(path) or (deny_itself and itself):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return call(path, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(os, "scandir", denying(os.scandir, deny_itself=True))
    monkeypatch.setattr(os, "stat", denying(os.stat, deny_itself=False))
    monkeypatch.setattr(os, "lstat", denying(os.lstat, deny_itself=False))


def test_a_report_whose_directories_cannot_be_listed_is_unreadable(tmp_path, monkeypatch):
    (report,) = build_fleet(tmp_path / "fleet", [("compute-1", HEALTHY)])
    locked = tmp_path / "locked"
    report.rename(locked)
    try:
        _lock(locked, monkeypatch)
        analysis = analyze([locked], jobs=1, cache_dir=tmp_path / "cache")
    finally:
        locked.chmod(0o755)
    (host,) = analysis.hosts
    assert host.unreadable.startswith("unreadable: cannot read ")
    assert "Permission denied" in host.unreadable
    assert analysis.partial
    assert analysis.affected.healthy == [] and analysis.affected.unreadable == [host.name]


def test_a_report_whose_subdirectories_cannot_be_read_is_noted_not_a_crash(tmp_path, monkeypatch):
    (report,) = build_fleet(tmp_path / "fleet", [("compute-1", HEALTHY)])
    locked = report / "sos_commands"
    try:
        _lock(locked, monkeypatch)
        analysis = analyze([report], jobs=1, cache_dir=tmp_path / "cache")
    finally:
        locked.chmod(0o755)
    (host,) = analysis.hosts
    notes = host.to_json()["notes"]
    assert analysis.partial
    assert any("Permission denied" in n["message"] for n in notes), notes
