"""Matching is linear in the line: 100 KB of NUL bytes before a kernel line (the fill a
hard reset leaves) cost the `re` engine minutes and Hyperscan's Python confirmation 183 s,
quadratic in the length of the fill. Four times the fill must cost about four times the
time (a ratio, not a wall-clock limit: speed targets live in bench/)."""

from __future__ import annotations

import time

import pytest
from scantrees import ALL_PATTERNS, hyperscan_matcher, log_tree, outcome, real_log_lines

from stacksleuth.scan.re_engine import ReMatcher

# A real igb kernel line (tests/samples/logs/apu2-174-kern.log-netdev-watchdog-igb) that
# the library's `(?P<iface>[^\s:]+): (?:tx_timeout|...|PCIe link lost)` matches.
KERNEL_LINE = next(line for line in real_log_lines() if line.endswith(b"PCIe link lost"))


def nul_filled_log(tmp_path, fill: int):
    """kern.log: five real lines, each after `fill` NUL bytes (the hard reset's fill)."""
    return lambda: log_tree(tmp_path, {"kern.log": (b"\0" * fill + KERNEL_LINE + b"\n") * 5})


def scan_time(matcher, make_evidence) -> float:
    best = float("inf")
    for _ in range(3):
        evidence = make_evidence()
        start = time.perf_counter()
        hits = outcome(matcher, evidence)
        best = min(best, time.perf_counter() - start)
    assert len(hits) == 5 and all(text.endswith("PCIe link lost") for _p, _l, text, _m in hits)
    return best


@pytest.mark.parametrize("engine", ["re", "hyperscan"])
def test_nul_fill_before_a_kernel_line_costs_time_linear_in_its_length(tmp_path, engine):
    patterns = ALL_PATTERNS
    matcher = ReMatcher(patterns) if engine == "re" else hyperscan_matcher(patterns)
    small = scan_time(matcher, nul_filled_log(tmp_path / "small", 4000))
    large = scan_time(matcher, nul_filled_log(tmp_path / "large", 16000))
    # Four times the fill: about four times the work when linear, sixteen when quadratic.
    assert large < 8 * max(small, 2e-3), (small, large)
