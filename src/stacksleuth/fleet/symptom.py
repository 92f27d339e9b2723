"""`--symptom REGEX`: the hosts whose logs show what the operator sees.

The pattern obeys the same rules as a check's log patterns (RE2 subset) and is matched
against every log source a check could use, in the same pass as the checks' patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from stacksleuth.checks.model import validate_pattern
from stacksleuth.checks.results import LogScan
from stacksleuth.errors import UsageError
from stacksleuth.scan.engine import LogHit

QUOTED = 3


def compile_symptom(pattern: str) -> str:
    try:
        return validate_pattern(pattern)
    except ValueError as error:
        raise UsageError(f"--symptom: {error}") from None


@dataclass
class SymptomScan:
    """How many log lines of one host match the symptom, and the first few."""

    pattern: str
    count: int = 0
    first: list[LogHit] = field(default_factory=list)

    @classmethod
    def of(cls, scan: LogScan, pattern: str, sources: Iterable[str]) -> SymptomScan:
        """The symptom's lines in a scan that looked for `pattern` in every source."""
        seen: dict[tuple[str, int], LogHit] = {}
        for source in sources:
            for hit in scan.for_pattern(source, pattern):
                seen.setdefault((hit.path, hit.line), hit)
        hits = [seen[key] for key in sorted(seen)]
        return cls(pattern, len(hits), hits[:QUOTED])

    def to_json(self) -> dict[str, object]:
        return {
            "pattern": self.pattern,
            "count": self.count,
            "lines": [hit.to_json() for hit in self.first],
        }
