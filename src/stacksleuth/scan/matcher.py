"""What a scan engine gives back for one log file: the lines that matched, and how.

Both engines (`re_engine`, `hyperscan_engine`) implement `Matcher`; `engine.scan_logs`
turns their `LineMatch`es into `LogHit`s. Keeping the engines behind this one small type
is what lets the parity tests compare them line for line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from stacksleuth.evidence.model import EvidenceFile, HostEvidence


@dataclass(frozen=True, slots=True)
class LineMatch:
    """One line of a file that at least one pattern matched.

    `line` counts from 1; `text` is decoded (invalid UTF-8 replaced) without its line
    end; `matches` pairs each matching pattern's index (into the matcher's `patterns`)
    with Python's match, whose named groups the checks join on.
    """

    line: int
    text: str
    matches: tuple[tuple[int, re.Match[str]], ...]


class Matcher(Protocol):
    """Many patterns, compiled once, run over a file in one pass."""

    patterns: tuple[str, ...]

    def matching_lines(self, evidence: HostEvidence, file: EvidenceFile) -> Iterator[LineMatch]:
        """The file's matching lines, in order."""
        ...
