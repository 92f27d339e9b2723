"""The pure-Python engine: every pattern tried on every line with `re`.

It is the reference the fast engine is tested against, and what runs where the
`hyperscan` wheel cannot be installed. One pass per file all the same: each line is
read once and tried against all patterns.
"""

from __future__ import annotations

from collections.abc import Iterator

from stacksleuth.evidence.model import EvidenceFile, HostEvidence
from stacksleuth.scan.linear import compile_linear, required_literal
from stacksleuth.scan.matcher import LineMatch


class ReMatcher:
    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self._compiled = [compile_linear(p) for p in patterns]
        # A line without a pattern's required literal cannot match it: `in` is linear and
        # far cheaper than a regex search, so most patterns never run on most lines.
        self._literals = [required_literal(p) for p in patterns]

    def matching_lines(self, evidence: HostEvidence, file: EvidenceFile) -> Iterator[LineMatch]:
        compiled = list(enumerate(zip(self._literals, self._compiled, strict=True)))
        for number, line in enumerate(evidence.iter_lines(file), start=1):
            found = tuple(
                (i, m)
                for i, (literal, regex) in compiled
                if (literal is None or literal in line) and (m := regex.search(line))
            )
            if found:
                yield LineMatch(number, line, found)
