"""The fast engine: Hyperscan finds the candidate lines, Python's `re` confirms them.

Hyperscan (the `hyperscan` wheel, which bundles Vectorscan) matches all patterns at once
over raw byte blocks of whole lines, without decoding; it reports where matches end, not
their groups. Each reported end is mapped to its line, and only those lines are decoded
and matched with `re` for the named groups. So Python's semantics decide every hit, and
Hyperscan only has to never miss a line Python would match (see `translate.py`).

Some lines go to Python whatever Hyperscan reported:
- lines with a byte >= 0x80 or in \\x1c-\\x1f, where Python's Unicode classes and
  Hyperscan's byte classes can disagree: every pattern is tried;
- lines ending in CR, which Python strips, so `$` means something else: the patterns that
  use `$` are tried;
- every line, for patterns Hyperscan cannot run (backreferences, lookaround, patterns that
  can match the empty string): those patterns are tried.
A sentinel expression in the same database reports, once per block, whether the block
holds such a byte at all, so clean blocks cost no extra pass. Line numbers are counted
(newlines up to a candidate) and text decoded only for candidates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from stacksleuth.evidence.model import EvidenceFile, HostEvidence
from stacksleuth.evidence.textio import decode
from stacksleuth.scan.linear import compile_linear, required_literal
from stacksleuth.scan.matcher import LineMatch
from stacksleuth.scan.translate import Translation, translate

try:  # optional at run time: without it the pure `re` engine runs
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform's wheels
    hyperscan = None

# Bytes on which Python's str classes and Hyperscan's byte classes may disagree.
_UNSAFE = re.compile(rb"[\x1c-\x1f\x80-\xff]")
_SENTINEL = rb"[\x1c-\x1f\x80-\xff]"
_SENTINEL_WITH_CR = rb"[\r\x1c-\x1f\x80-\xff]"

Candidates = dict[int, set[int] | frozenset[int]]  # line start offset -> pattern indexes


def available() -> bool:
    return hyperscan is not None


class HyperscanMatcher:
    """One compiled database for a tuple of patterns; `for_patterns` shares it."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        if hyperscan is None:
            raise RuntimeError("the hyperscan module is not installed")
        self.patterns = patterns
        self._compiled = [compile_linear(p) for p in patterns]
        self._literals = [required_literal(p) for p in patterns]
        translations = {i: translate(p) for i, p in enumerate(patterns)}
        servable = {i: t for i, t in translations.items() if t is not None}
        self._everything = frozenset(range(len(patterns)))
        self._end_anchored = frozenset(i for i, t in servable.items() if t.end_anchored)
        self._sentinel = len(patterns)
        sentinel = _SENTINEL_WITH_CR if self._end_anchored else _SENTINEL
        self._database, served = _compile(servable, self._sentinel, sentinel)
        self._python_only = self._everything - served
        self._end_anchored &= served

    @classmethod
    @functools.cache
    def for_patterns(cls, patterns: tuple[str, ...]) -> HyperscanMatcher:
        """Compile once per pattern set per process: each host of a run reuses it."""
        return cls(patterns)

    @property
    def python_only(self) -> frozenset[int]:
        """Indexes of the patterns Hyperscan cannot run, tried by Python on every line."""
        return self._python_only

    def matching_lines(self, evidence: HostEvidence, file: EvidenceFile) -> Iterator[LineMatch]:
        before = 0  # lines in the blocks already scanned
        for block in evidence.iter_blocks(file):
            candidates = self._candidates(block)
            if candidates:
                yield from self._confirm(block, candidates, before)
            before += block.count(b"\n")

    # -- finding candidate lines -----------------------------------------------------

    def _candidates(self, block: bytes) -> Candidates:
        ends: list[tuple[int, int]] = []
        self._database.scan(block, match_event_handler=_collector(ends))
        lines: Candidates = {}
        low = high = -1
        current: set[int] = set()
        unsafe = False
        for index, end in ends:
            if index == self._sentinel:
                unsafe = True
                continue
            last = end - 1  # the last byte of the match: translated patterns are never empty
            if not low <= last <= high:
                low = block.rfind(b"\n", 0, last) + 1
                high = block.find(b"\n", last)
                high = len(block) if high < 0 else high
                current = lines.setdefault(low, set())  # type: ignore[assignment]
            current.add(index)
        if self._python_only:
            _add_every_line(block, lines, self._python_only)
        if unsafe:
            if self._end_anchored:
                _add_cr_lines(block, lines, self._end_anchored)
            _add_unsafe_lines(block, lines, self._everything)
        return lines

    # -- confirming them with Python -------------------------------------------------

    def _confirm(self, block: bytes, candidates: Candidates, before: int) -> Iterator[LineMatch]:
        number, counted = before, 0
        for start in sorted(candidates):
            number += block.count(b"\n", counted, start)
            counted = start
            end = block.find(b"\n", start)
            text = decode(block[start : end if end >= 0 else len(block)])[0].rstrip("\r\n")
            found = tuple(
                (i, m)
                for i in sorted(candidates[start])
                if self._may_match(i, text) and (m := self._compiled[i].search(text))
            )
            if found:
                yield LineMatch(number + 1, text, found)

    def _may_match(self, index: int, text: str) -> bool:
        # Lines handed to Python for every pattern (bytes >= 0x80, Python-only patterns)
        # are ruled out cheaply when they lack the pattern's required literal.
        literal = self._literals[index]
        return literal is None or literal in text


def _merge(lines: Candidates, start: int, indexes: frozenset[int]) -> None:
    present = lines.get(start)
    lines[start] = indexes if present is None else set(present) | indexes


def _add_every_line(block: bytes, lines: Candidates, indexes: frozenset[int]) -> None:
    start = 0
    while start < len(block):
        _merge(lines, start, indexes)
        start = block.find(b"\n", start) + 1 or len(block)


def _add_cr_lines(block: bytes, lines: Candidates, indexes: frozenset[int]) -> None:
    at = block.find(b"\r\n")
    while at >= 0:
        _merge(lines, block.rfind(b"\n", 0, at) + 1, indexes)
        at = block.find(b"\r\n", at + 2)
    if block.endswith(b"\r"):  # the file's last line, without a newline
        _merge(lines, block.rfind(b"\n") + 1, indexes)


def _add_unsafe_lines(block: bytes, lines: Candidates, everything: frozenset[int]) -> None:
    found = _UNSAFE.search(block)
    while found:
        lines[block.rfind(b"\n", 0, found.start()) + 1] = everything
        end = block.find(b"\n", found.start())
        if end < 0:
            break
        found = _UNSAFE.search(block, end + 1)


def _collector(ends: list[tuple[int, int]]):
    append = ends.append

    def on_match(index: int, _start: int, end: int, _flags: int, _context: object) -> None:
        append((index, end))

    return on_match


def _compile(
    servable: dict[int, Translation], sentinel_id: int, sentinel: bytes
) -> tuple[hyperscan.Database, frozenset[int]]:
    """One database for the servable patterns plus the sentinel, and which patterns it
    serves: those Hyperscan refuses (too large, a construct it rejects) go to Python."""
    try:
        return _database(servable, sentinel_id, sentinel), frozenset(servable)
    except hyperscan.error:
        pass
    # Find the culprits one by one; this happens once per pattern set.
    kept = {i: t for i, t in servable.items() if _compiles(i, t)}
    try:
        return _database(kept, sentinel_id, sentinel), frozenset(kept)
    except hyperscan.error:  # only together are they too much: Python runs them all
        return _database({}, sentinel_id, sentinel), frozenset()


def _compiles(index: int, translation: Translation) -> bool:
    try:
        _database({index: translation}, None, b"")
    except hyperscan.error:
        return False
    return True


def _database(translations: dict[int, Translation], sentinel_id: int | None, sentinel: bytes):
    line = hyperscan.HS_FLAG_MULTILINE  # ^ and $ at every line, as Python sees lines
    ids = sorted(translations)
    expressions = [translations[i].expression for i in ids]
    flags = [line | (hyperscan.HS_FLAG_CASELESS * translations[i].caseless) for i in ids]
    if sentinel_id is not None:
        # Once per block is enough to know the block needs a closer look.
        ids, expressions = [*ids, sentinel_id], [*expressions, sentinel]
        flags.append(hyperscan.HS_FLAG_SINGLEMATCH)
    database = hyperscan.Database()
    database.compile(expressions=expressions, ids=ids, elements=len(ids), flags=flags)
    return database
