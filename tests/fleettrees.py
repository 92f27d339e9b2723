"""Fleets for tests: copies of the real-format check fixtures under new host names.

A copy differs from its template only by the host name, written where sos keeps it
(`sos_commands/host/hostname`) and in the log lines, which carry it after the time stamp.
Templates are the trees under checks/library-fixtures/<id>/{positive,negative}/ (origins in
checks/library-fixtures/SOURCES.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from stacksleuth.checks.fixtures import LIBRARY_FIXTURES

CHECK_FIXTURES = LIBRARY_FIXTURES
HOSTNAME_FILE = "sos_commands/host/hostname"


def fixture(check: str, kind: str) -> Path:
    return CHECK_FIXTURES / check / kind


def clone_host(template: Path, fleet: Path, name: str) -> Path:
    """A copy of `template` named `name`, as `fleet/sosreport-<name>`."""
    target = fleet / f"sosreport-{name}"
    shutil.copytree(template, target, symlinks=True)
    old = (template / HOSTNAME_FILE).read_text().strip()
    (target / HOSTNAME_FILE).write_text(name + "\n")
    logs = target / "var" / "log"
    if logs.is_dir():
        for log in logs.rglob("*"):
            if log.is_file() and not log.is_symlink():
                text = log.read_text(encoding="utf-8", errors="surrogateescape")
                log.write_text(
                    text.replace(f" {old} ", f" {name} "),
                    encoding="utf-8",
                    errors="surrogateescape",
                )
    return target


def build_fleet(fleet: Path, plan: list[tuple[str, Path]]) -> list[Path]:
    """One host per (name, template)."""
    fleet.mkdir(parents=True, exist_ok=True)
    return [clone_host(template, fleet, name) for name, template in plan]
