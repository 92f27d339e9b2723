"""Python patterns become Hyperscan expressions at least as wide on ASCII lines; what
Hyperscan cannot run is refused, never approximated narrower."""

from __future__ import annotations

import doctest
import re

import pytest
from scantrees import ALL_PATTERNS, library_patterns, real_log_lines

from stacksleuth.scan import translate as translate_module
from stacksleuth.scan.translate import translate


def test_every_library_pattern_is_served_by_hyperscan():
    assert all(translate(p) is not None for p in library_patterns())


@pytest.mark.parametrize(
    "pattern",
    [r"(?P<w>\w+) (?P=w)", r"(\d)\1", r"(?=eth)\w+", r"(?<!x)y", r"x*", r"^$", r"\b", r"(a|)"],
)
def test_backreferences_lookaround_and_empty_matches_are_left_to_python(pattern):
    assert translate(pattern) is None


def test_case_and_end_anchors_are_carried():
    caseless = translate(r"(?i)nic link is down")
    assert caseless is not None and caseless.caseless and not caseless.end_anchored
    anchored = translate(r"timed out\Z")
    assert anchored is not None and anchored.end_anchored and not anchored.caseless


def test_characters_beyond_ascii_become_a_byte_no_trusted_line_holds():
    assert translate("é+x").expression == rb"(?:\xff)x"
    assert translate("[^é]x").expression == rb"[^\xff]x"
    assert translate("[a-é]").expression == rb"[\x61-\x7f]"


def test_the_docstring_example_holds():
    assert doctest.testmod(translate_module).failed == 0


def test_on_real_ascii_lines_hyperscan_finds_every_line_python_does():
    hyperscan = pytest.importorskip("hyperscan")
    lines = [line for line in real_log_lines() if line.isascii() and b"\r" not in line]
    for pattern in ALL_PATTERNS:
        found = translate(pattern)
        if found is None:
            continue
        database = hyperscan.Database()
        flags = hyperscan.HS_FLAG_MULTILINE | (hyperscan.HS_FLAG_CASELESS * found.caseless)
        database.compile(expressions=[found.expression], ids=[0], elements=1, flags=flags)
        regex = re.compile(pattern)
        for line in lines:
            hits: list[int] = []
            database.scan(line, match_event_handler=lambda *a, hits=hits: hits.append(1))
            if regex.search(line.decode()):
                assert hits, (pattern, line)
