"""Live mode on the machine running the tests: it reads, it respects timeouts, it writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from stacksleuth.evidence.live import LiveEvidence
from stacksleuth.evidence.specs import Kind, Spec, SpecTable
from stacksleuth.facts.build import build_host_facts


def test_live_host_identity_is_this_machine():
    facts = build_host_facts(LiveEvidence(command_timeout=20))
    assert facts.kind == "live"
    assert facts.identity.kernel == os.uname().release
    assert facts.identity.report_time is not None


def test_live_command_timeout_is_enforced(tmp_path):
    # A spec table holding one slow command stands in for a hung tool (e.g. lshw on a bad bus).
    slow = Spec("slow", Kind.COMMAND, "a command that hangs", commands=("sleep 5",), plugins=("x",))
    evidence = LiveEvidence(command_timeout=0.3, specs=SpecTable((slow,)))
    started = time.monotonic()
    files = evidence.find("slow")
    assert time.monotonic() - started < 3
    assert files and files[0].truncated
    assert any("timed out after 0.3 s" in note.message for note in evidence.notes)


def test_missing_tool_is_reported_not_run():
    absent = Spec(
        "absent",
        Kind.COMMAND,
        "not installed",
        commands=("no-such-tool-stacksleuth --status",),
        plugins=("x",),
    )
    evidence = LiveEvidence(specs=SpecTable((absent,)))
    assert evidence.find("absent") == []
    assert "not installed" in evidence.not_collected("absent")


def _snapshot(directory: Path) -> list[tuple[str, float]]:
    return sorted((str(p), p.stat().st_mtime) for p in directory.rglob("*"))


def test_live_cli_writes_nothing(tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    env = dict(os.environ, HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), TMPDIR=str(work))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "stacksleuth",
            "host",
            "--live",
            "--format",
            "json",
            "--command-timeout",
            "20",
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    host = json.loads(done.stdout)
    assert host["kind"] == "live"
    assert _snapshot(home) == [] and _snapshot(work) == []
