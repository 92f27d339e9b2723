"""Match many regular expressions against a host's logs in one pass per file.

Every pattern of every active check is compiled once per log spec into one matcher; each
file of the spec is read once, streaming (rotations decompressed on the fly), and a line
is numbered, decoded and timed only when it matched. Two engines give identical hits:
Hyperscan where the wheel is installed (`hyperscan_engine`), else pure `re`
(`re_engine`). `STACKSLEUTH_SCAN_ENGINE=re|hyperscan` picks one (tests, benchmarks).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.scan import hyperscan_engine
from stacksleuth.scan.matcher import Matcher
from stacksleuth.scan.quotes import quoted_text
from stacksleuth.scan.re_engine import ReMatcher
from stacksleuth.scan.timestamps import LineClock

ENGINE_VARIABLE = "STACKSLEUTH_SCAN_ENGINE"
HYPERSCAN, RE = "hyperscan", "re"

log = logging.getLogger(__name__)


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
            "text": quoted_text(self.text),  # masked and capped: what reports may show
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


def engine_name(requested: str | None = None) -> str:
    """The engine to run: `requested`, else $STACKSLEUTH_SCAN_ENGINE, else Hyperscan
    when its wheel imports; the pure `re` engine whenever Hyperscan is unavailable."""
    wanted = (requested or os.environ.get(ENGINE_VARIABLE) or HYPERSCAN).strip().lower()
    if wanted == RE or not hyperscan_engine.available():
        return RE
    return HYPERSCAN


def matcher_for(patterns: tuple[str, ...], engine: str | None = None) -> Matcher:
    """A matcher for these patterns; Hyperscan databases are compiled once per process."""
    if engine_name(engine) == HYPERSCAN:
        return hyperscan_engine.HyperscanMatcher.for_patterns(patterns)
    return ReMatcher(patterns)


def scan_logs(
    evidence: HostEvidence,
    wanted: dict[str, set[str]],
    sources: dict[str, tuple[str, ...]],
    clock: LineClock,
    *,
    engine: str | None = None,
) -> ScanResult:
    """Scan each source's log once for all its wanted patterns.

    `wanted` maps a source (e.g. "kernel") to its regexes; `sources` maps a source to its
    candidate log specs in order of preference. Sources that share a spec (the journal)
    share its one pass.
    """
    result = ScanResult()
    by_spec: dict[str, dict[str, list[str]]] = {}  # spec -> pattern -> sources wanting it
    for source, patterns in wanted.items():
        spec = choose_log_spec(evidence, sources.get(source, ()))
        result.used[source] = spec
        for pattern in sorted(patterns):
            result.hits[(source, pattern)] = []
            if spec is not None:
                by_spec.setdefault(spec, {}).setdefault(pattern, []).append(source)
    if by_spec:
        log.debug("scan engine: %s", engine_name(engine))
    for spec, targets in by_spec.items():
        matcher = matcher_for(tuple(sorted(targets)), engine)
        lists = [[result.hits[(s, p)] for s in targets[p]] for p in matcher.patterns]
        for file in evidence.find(spec):
            for found in matcher.matching_lines(evidence, file):
                time = clock.time_of(found.text)
                for index, match in found.matches:
                    groups = {k: v for k, v in match.groupdict().items() if v is not None}
                    hit = LogHit(file.path, found.line, found.text, groups, time)
                    for hits in lists[index]:
                        hits.append(hit)
    return result
