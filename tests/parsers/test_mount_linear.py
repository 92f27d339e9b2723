"""`mount -l` lines are split in linear time, exactly as the old one-regex parser split
them: the regex is kept here as the reference the new reader is compared with."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st
from realsamples import sample

from stacksleuth.parsers.mount import parse_mount

REFERENCE = re.compile(
    r"^(?P<device>.+?) on (?P<mountpoint>/.*?) type (?P<fstype>\S+)"
    r"(?: \((?P<options>[^)]*)\))?(?: \[(?P<label>[^\]]*)\])?\s*$"
)
REAL = [sample("system", n) for n in ("compute4-mount_-l", "burrito-mount-nfs4-nova-instances")]
# The pieces a mount line is made of, so random lines hit every branch of the split.
PIECES = [" on /", " on ", " type ", " (", ")", " [", "]", " ", "/", "x", "rw,relatime", "\t"]


def reference(text: str) -> list[tuple]:
    found = []
    for line in text.splitlines():
        m = REFERENCE.match(line)
        if m:
            options = m["options"].split(",") if m["options"] else []
            found.append((m["device"], m["mountpoint"], m["fstype"], options, m["label"]))
    return found


def split(text: str) -> list[tuple]:
    return [
        (e.device, e.mountpoint, e.fstype, e.options, e.label)
        for e in parse_mount(text)  # one line: ParseError only for 2+ unreadable lines
    ]


def test_real_mount_output_splits_as_before():
    for text in REAL:
        assert split(text) == reference(text)
        assert len(split(text)) > 1


@settings(derandomize=True, max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_any_line_of_mount_pieces_splits_as_the_regex_did(pieces):
    line = "".join(pieces)
    assert split(line) == reference(line)


def best_time(run, n: int) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        run(n)
        times.append(time.perf_counter() - start)
    return min(times)


def test_a_long_crafted_line_costs_time_linear_in_its_length():
    # " on / type x" repeated: every " type " is a place the old regex tried every split
    # at. Four times the line must cost about four times the time (quadratic: 16).
    def run(n: int) -> None:
        parse_mount("d" + " on / type x" * n + " (\n")

    small, large = best_time(run, 4000), best_time(run, 16000)
    assert large < 8 * max(small, 2e-3), (small, large)
