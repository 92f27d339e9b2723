"""What evaluating a condition yields, shared by the YAML engine and the Python checks.

Kept apart from `engine.py` so that Python checks (`checks/python/`) can build results
without importing the engine that calls them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from stacksleuth.checks.model import LogMatch
from stacksleuth.scan.engine import LogHit


class LogScan(Protocol):
    """What checks read of a log scan (`scan.engine.ScanResult`, or the same with years
    filled in, `checks.yearless.YearFilledScan`): lines per pattern, and which log spec
    served each source (None: the host has no such log)."""

    used: dict[str, str | None]

    def for_pattern(self, source: str, pattern: str) -> list[LogHit]: ...


@dataclass(slots=True)
class ConditionResult:
    """One condition of a check as judged on one host: whether it holds, a one-line
    `detail` for the operator, and the log lines that prove it (quoted in the finding)."""

    name: str
    kind: str
    holds: bool
    detail: str
    hits: list[LogHit] = field(default_factory=list)


def log_hits(log: LogMatch, scan: LogScan) -> list[LogHit]:
    """Lines matched by any of a log match's patterns, each once, in file and line order."""
    hits = {(h.path, h.line): h for p in log.patterns for h in scan.for_pattern(log.source, p)}
    return [hits[key] for key in sorted(hits)]
