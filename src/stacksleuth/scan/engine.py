"""Match many regular expressions against a host's logs in one pass per file.

Every pattern of every active check is compiled once; each file of a log source is read
once, streaming (rotations decompressed on the fly), and a line is timed only when it
matched. This is the pure-Python engine; a multi-pattern engine can replace `_Matcher`
and must give identical hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.scan.timestamps import LineClock


@dataclass(frozen=True, slots=True)
class LogHit:
    """One matching line: where it is, what it says, what its named groups captured."""

    path: str
    line: int
    text: str
    groups: dict[str, str]
    time: datetime | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "text": self.text,
            "time": self.time.isoformat() if self.time else None,
        }


@dataclass
class ScanResult:
    """Hits per pattern, keyed by (source, pattern); which log spec each source used."""

    hits: dict[tuple[str, str], list[LogHit]] = field(default_factory=dict)
    used: dict[str, str | None] = field(default_factory=dict)

    def for_pattern(self, source: str, pattern: str) -> list[LogHit]:
        return self.hits.get((source, pattern), [])


def choose_log_spec(evidence: HostEvidence, candidates: Iterable[str]) -> str | None:
    """The first log spec of a source that the host has."""
    for spec in candidates:
        if evidence.find(spec):
            return spec
    return None


def scan_logs(
    evidence: HostEvidence,
    wanted: dict[str, set[str]],
    sources: dict[str, tuple[str, ...]],
    clock: LineClock,
) -> ScanResult:
    """Scan each source's log once for all its wanted patterns.

    `wanted` maps a source (e.g. "kernel") to its regexes; `sources` maps a source to its
    candidate log specs in order of preference.
    """
    result = ScanResult()
    by_spec: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for source, patterns in wanted.items():
        spec = choose_log_spec(evidence, sources.get(source, ()))
        result.used[source] = spec
        for pattern in sorted(patterns):
            result.hits[(source, pattern)] = []
            if spec is not None:
                by_spec.setdefault(spec, []).append((source, re.compile(pattern)))
    for spec, compiled in by_spec.items():
        for file in evidence.find(spec):
            _scan_file(evidence, file, compiled, clock, result)
    return result


def _scan_file(evidence, file, compiled, clock: LineClock, result: ScanResult) -> None:
    for number, line in enumerate(evidence.iter_lines(file), start=1):
        for source, regex in compiled:
            match = regex.search(line)
            if match:
                groups = {k: v for k, v in match.groupdict().items() if v is not None}
                hit = LogHit(file.path, number, line, groups, clock.time_of(line))
                result.hits[(source, regex.pattern)].append(hit)
