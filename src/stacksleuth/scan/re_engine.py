"""The pure-Python engine: every pattern tried on every line with `re`.

It is the reference the fast engine is tested against, and what runs where the
`hyperscan` wheel cannot be installed. One pass per file all the same: each line is
read once and tried against all patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stacksleuth.evidence.model import EvidenceFile, HostEvidence
from stacksleuth.scan.matcher import LineMatch


class ReMatcher:
    def __init__(self, patterns: tuple[str, ...]) -> None:
        self.patterns = patterns
        self._compiled = [re.compile(p) for p in patterns]

    def matching_lines(self, evidence: HostEvidence, file: EvidenceFile) -> Iterator[LineMatch]:
        compiled = list(enumerate(self._compiled))
        for number, line in enumerate(evidence.iter_lines(file), start=1):
            found = tuple((i, m) for i, regex in compiled if (m := regex.search(line)))
            if found:
                yield LineMatch(number, line, found)
