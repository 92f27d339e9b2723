"""Evidence for the scan tests: a one-log sosreport tree, and both engines run over it.

Log content is always real lines (tests/samples/logs/, checks/library-fixtures/*/ fixtures), at
most altered the way real logs get damaged (see SOURCES.md here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stacksleuth.checks.engine import wanted_patterns
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.checks.loader import load_checks
from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.evidence.model import EvidenceFile
from stacksleuth.scan.matcher import Matcher
from stacksleuth.scan.re_engine import ReMatcher

TESTS = Path(__file__).resolve().parents[1]
LOG_SAMPLES = TESTS / "samples" / "logs"
VERSION_TXT = TESTS / "samples" / "sos" / "version.txt"

# Constructs the check library does not use yet but a user's check may: anchors, case,
# word boundaries, classes that differ between Unicode and bytes, a backreference and an
# empty-matching pattern (Hyperscan cannot run those two: Python runs them on every line).
EXTRA_PATTERNS = (
    r"^Feb\s+\d+",
    r"\d+$",
    r"(?i)LINK IS (?P<state>down|up)",
    r"\bkernel\b",
    r"\Bernel:",
    r"(?P<word>\w+) (?P=word)",
    r"x*",
    r"[^\x00-\x7f]",
    r"\w+é",
    r"\s\s",
    r"[^\S ]",
    r"nova\.compute\.\w+",
    r"\S+\]$",
    r"(?i:error)\s+\S+",
    r"^$",
    r"[\w.-]+: \(slave",
    r"(?a)\w+\s+\w+$",
    r"(?P<host>\S+) kernel: \[\s*\d+\.\d+\] (?P<message>.+)$",
    r"(?P<unit>[\w@.-]+)\[(?P<pid>\d+)\]: (?P<what>[\w.-]+\.service): Succeeded",
    r"(?:NIC Link is )+(?P<state>Up|Down)",
    r"(?P<ts>\d{4}-\d\d-\d\d \S+) (?P<pid>\d+) (?P<level>[A-Z]+) (?P<module>[\w.]+) \[",
)


def library_patterns() -> tuple[str, ...]:
    wanted = wanted_patterns(load_checks().checks)
    return tuple(sorted({p for patterns in wanted.values() for p in patterns}))


ALL_PATTERNS = tuple(sorted({*library_patterns(), *EXTRA_PATTERNS}))


def real_log_lines() -> list[bytes]:
    """Every line of every real log sample and check fixture log, as bytes."""
    files = sorted(LOG_SAMPLES.iterdir()) + sorted(LIBRARY_FIXTURES.glob("*/*/var/log/**/*"))
    lines: list[bytes] = []
    for path in files:
        if path.is_file() and path.name != "SOURCES.md":
            lines.extend(path.read_bytes().splitlines())
    return lines


def log_tree(root: Path, files: dict[str, bytes]) -> DirectoryEvidence:
    """A sosreport directory holding `files` (paths under var/log/) and version.txt."""
    (root / "var" / "log").mkdir(parents=True, exist_ok=True)
    (root / "version.txt").write_bytes(VERSION_TXT.read_bytes())
    for rel, data in files.items():
        path = root / "var" / "log" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return DirectoryEvidence(root)


class SmallBlocks:
    """Evidence whose logs come in tiny blocks, so lines straddle block boundaries."""

    def __init__(self, evidence: DirectoryEvidence, size: int) -> None:
        self._evidence = evidence
        self._size = size

    def __getattr__(self, name: str):
        return getattr(self._evidence, name)

    def iter_blocks(self, file: EvidenceFile):
        return self._evidence.iter_blocks(file, self._size)


def hyperscan_matcher(patterns: tuple[str, ...]) -> Matcher:
    pytest.importorskip("hyperscan")
    from stacksleuth.scan.hyperscan_engine import HyperscanMatcher

    return HyperscanMatcher(patterns)


def outcome(matcher: Matcher, evidence, spec: str = "kern.log") -> list[tuple]:
    """Everything a matcher said about a spec's files: line, text, and per pattern the
    span and the named groups."""
    said = []
    for file in evidence.find(spec):
        for found in matcher.matching_lines(evidence, file):
            matches = [(matcher.patterns[i], m.span(), m.groupdict()) for i, m in found.matches]
            said.append((file.path, found.line, found.text, matches))
    return said


def both(patterns: tuple[str, ...], make_evidence, spec: str = "kern.log"):
    """The outcome and notes of the `re` engine and of Hyperscan, each on fresh evidence."""
    fast = hyperscan_matcher(patterns)
    reference, ref_ev = ReMatcher(patterns), make_evidence()
    ref = outcome(reference, ref_ev, spec)
    fast_ev = make_evidence()
    got = outcome(fast, fast_ev, spec)
    return ref, got, [str(n) for n in ref_ev.notes], [str(n) for n in fast_ev.notes]
