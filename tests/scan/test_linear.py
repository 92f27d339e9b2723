"""The patterns the engines run are rewritten to search long runs in linear time
(`scan.linear`); the rewritten patterns match exactly what the originals did, and a line
without a pattern's required literal could never have matched it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scantrees import ALL_PATTERNS, real_log_lines

from stacksleuth.scan.linear import anchored, compile_linear, required_literal

LINES = [line.decode("utf-8", "replace") for line in real_log_lines()]
# What the lines are damaged with: NUL fill, and runs of the classes patterns start with.
PREFIXES = ["", "\0" * 40, "x" * 40, "eth0:" * 8, "a.b-c" * 8, " \0" * 20]


def found(regex: re.Pattern[str], line: str):
    m = regex.search(line)
    return m and (m.span(), m.groupdict(), m.groups())


@pytest.mark.parametrize("prefix", PREFIXES, ids=range(len(PREFIXES)))
def test_anchored_patterns_find_what_the_originals_found(prefix):
    pairs = [(re.compile(p), compile_linear(p)) for p in ALL_PATTERNS]
    for line in LINES:
        damaged = prefix + line
        for original, linear in pairs:
            assert found(linear, damaged) == found(original, damaged), original.pattern


PIECES = ["\0", " ", ":", "x", "eth0", ": ", "NIC Link is Up", "(slave ", "a-b.", "é", "\t"]


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_anchored_patterns_agree_on_any_line_of_their_pieces(pieces):
    line = "".join(pieces)
    for pattern in ALL_PATTERNS:
        assert found(compile_linear(pattern), line) == found(re.compile(pattern), line)


def test_a_pattern_that_refers_back_is_left_alone():
    # "ab ab" in "xab ab" matches only from the "a", right after a \w.
    assert anchored(r"(?P<word>\w+) (?P=word)") == r"(?P<word>\w+) (?P=word)"
    assert anchored(r"(?i)\S+: link") == r"(?i)(?<![\S])\S+: link"


def test_every_line_a_pattern_matches_holds_its_required_literal():
    literals = {p: required_literal(p) for p in ALL_PATTERNS}
    assert sum(v is not None for v in literals.values()) > len(ALL_PATTERNS) / 2
    for pattern, literal in literals.items():
        if literal is None:
            continue
        regex = re.compile(pattern)
        for line in LINES:
            if regex.search(line):
                assert literal in line, (pattern, literal)
