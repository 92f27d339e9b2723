"""The Hyperscan engine and the pure `re` engine find the same lines, with the same
groups, line numbers and notes, on real logs and on the ways real logs go wrong."""

from __future__ import annotations

import gzip
import random
from datetime import UTC, datetime

import pytest
from scantrees import (
    ALL_PATTERNS,
    EXTRA_PATTERNS,
    SmallBlocks,
    both,
    library_patterns,
    log_tree,
    outcome,
    real_log_lines,
)

from stacksleuth.checks.engine import wanted_patterns
from stacksleuth.checks.loader import load_checks
from stacksleuth.checks.model import LOG_SOURCES
from stacksleuth.scan.engine import scan_logs
from stacksleuth.scan.timestamps import LineClock

pytest.importorskip("hyperscan")

LINES = real_log_lines()


def _text(lines: list[bytes], end: bytes = b"\n") -> bytes:
    return b"".join(line + end for line in lines)


def _same(ref, got, ref_notes, got_notes) -> None:
    assert got == ref
    assert got_notes == ref_notes


def test_real_samples_give_the_same_hits_and_the_library_patterns_do_hit(tmp_path):
    data = _text(LINES)
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": data}))
    _same(ref, got, *notes)
    library = set(library_patterns())
    hit = {pattern for _p, _n, _t, matches in ref for pattern, _s, _g in matches}
    # Not a vacuous comparison: the fixtures prove most checks, so most patterns hit.
    assert len(hit & library) >= len(library) // 2


@pytest.mark.parametrize("size", [1, 7, 64, 1000])
def test_lines_straddling_block_boundaries_are_found_whole(tmp_path, size):
    data = _text(LINES[:120])

    def small():
        return SmallBlocks(log_tree(tmp_path, {"kern.log": data}), size)

    ref, got, *notes = both(ALL_PATTERNS, small)
    _same(ref, got, *notes)
    assert ref


def test_a_last_line_without_newline_is_scanned(tmp_path):
    data = _text(LINES[:30]) + b"Feb 10 11:00:00 compute4 kernel: eth4: NIC Link is Down"
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": data}))
    _same(ref, got, *notes)
    assert ref[-1][2].endswith("NIC Link is Down")


def test_crlf_lines_match_end_anchors_as_python_sees_them(tmp_path):
    data = _text(LINES[:80], b"\r\n") + LINES[0] + b"\r"
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": data}))
    _same(ref, got, *notes)
    anchored = [t for _p, _n, t, m in ref if any(p == r"\d+$" for p, _s, _g in m)]
    assert anchored  # Python strips the CR, so `\d+$` does match these lines


def test_invalid_utf8_is_replaced_and_noted_alike(tmp_path):
    broken = [line[:20] + b"\xff\xfe" + line[20:] for line in LINES[:40]]
    data = _text(broken + LINES[40:80])
    ref, got, ref_notes, got_notes = both(
        ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": data})
    )
    _same(ref, got, ref_notes, got_notes)
    assert any("invalid UTF-8" in n for n in got_notes)
    assert any("\ufffd" in text for _p, _n, text, _m in got)


def test_unicode_and_control_characters_take_pythons_meaning(tmp_path):
    # Python's str classes: \w matches é, \s matches \x1c; Hyperscan's byte classes do not.
    altered = [line.replace(b" ", "\u00e9 ".encode(), 1) for line in LINES[:40]]
    altered += [line.replace(b" ", b"\x1c", 2) for line in LINES[40:80]]
    data = _text(altered)
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": data}))
    _same(ref, got, *notes)
    assert any(p == r"\w+é" for *_x, m in ref for p, _s, _g in m)


def test_an_empty_file_has_no_hits(tmp_path):
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, {"kern.log": b""}))
    _same(ref, got, *notes)
    assert got == []


def test_gzipped_rotations_are_read_oldest_first_with_their_own_line_numbers(tmp_path):
    files = {
        "kern.log.2.gz": gzip.compress(_text(LINES[:50])),
        "kern.log.1": _text(LINES[50:100]),
        "kern.log": _text(LINES[100:150]),
    }
    ref, got, *notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, files))
    _same(ref, got, *notes)
    assert [p for p, *_ in got][0] == "var/log/kern.log.2.gz"
    assert {p for p, *_ in got} == {f"var/log/{name}" for name in files}


def test_a_truncated_gzip_rotation_gives_the_same_lines_and_note(tmp_path):
    whole = gzip.compress(_text(LINES[:150]))
    files = {"kern.log.1.gz": whole[: len(whole) * 2 // 3], "kern.log": _text(LINES[:10])}
    ref, got, ref_notes, got_notes = both(ALL_PATTERNS, lambda: log_tree(tmp_path, files))
    _same(ref, got, ref_notes, got_notes)
    assert any("log ends early" in n for n in got_notes)


def test_randomly_damaged_real_lines_agree(tmp_path):
    # Deterministic: the same damage every run, of the kinds logs really suffer.
    rng = random.Random(8)
    damage = [b"\r", b"\x1c", b"\xff", "\u00e9".encode(), b"\t", b"  ", b"\x00", b"]"]
    lines = []
    for _ in range(3000):
        line = bytearray(rng.choice(LINES))
        for _ in range(rng.randrange(3)):
            line[rng.randrange(len(line) + 1) : 0] = rng.choice(damage)
        lines.append(bytes(line))
    data = b"\n".join(lines)
    ref, got, *notes = both(
        ALL_PATTERNS, lambda: SmallBlocks(log_tree(tmp_path, {"kern.log": data}), 4096)
    )
    _same(ref, got, *notes)


def test_patterns_hyperscan_cannot_run_still_match_every_line(tmp_path):
    data = _text(LINES[:60])
    python_only = (r"(?P<word>\w+) (?P=word)", r"x*", r"^$")
    assert set(python_only) <= set(EXTRA_PATTERNS)
    ref, got, *notes = both(python_only, lambda: log_tree(tmp_path, {"kern.log": data}))
    _same(ref, got, *notes)
    assert len(got) == 60  # x* matches every line


def test_the_real_corpus_logs_agree(open_corpus):
    # As `analyze` scans: each source's patterns over its log, hits timed by the clock.
    wanted = wanted_patterns(load_checks().checks)
    wanted["kernel"] |= {r"(?i)LINK IS (?P<state>down|up)", r"\S+\]$", r"[^\x00-\x7f]"}
    wanted["syslog"] |= {r"\bkernel\b", r"^Feb\s+\d+ \d\d:\d\d:\d\d"}
    wanted["nova-compute"] |= {r"(?P<level>ERROR|CRITICAL) (?P<module>[\w.]+)"}
    results, notes = [], []
    for engine in ("re", "hyperscan"):
        evidence = open_corpus()
        clock = LineClock(datetime(2022, 2, 10, 16, 19, tzinfo=UTC), None)
        results.append(scan_logs(evidence, wanted, LOG_SOURCES, clock, engine=engine))
        notes.append([str(n) for n in evidence.notes])
    ref, got = results
    assert got.used == ref.used
    assert got.hits == ref.hits
    assert notes[1] == notes[0]
    assert all(ref.hits[(source, p)] for source, p in [("kernel", r"\S+\]$")])
    assert sum(map(len, ref.hits.values())) > 1000


def test_outcome_sees_differences(tmp_path):
    # The comparison itself can fail: one pattern fewer is a different outcome.
    from stacksleuth.scan.re_engine import ReMatcher

    evidence = log_tree(tmp_path, {"kern.log": _text(LINES)})
    full = outcome(ReMatcher(ALL_PATTERNS), evidence)
    fewer = outcome(ReMatcher(ALL_PATTERNS[1:]), evidence)
    assert full != fewer
