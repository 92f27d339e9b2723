"""The line splitters cut a line at the limit (1 MiB): its head is kept as the line, the
rest is skipped, the lines after it come whole, and each cut is reported."""

from __future__ import annotations

import io

from scantrees import real_log_lines

from stacksleuth.evidence.textio import MAX_LINE_BYTES, iter_decoded_lines, iter_line_blocks

LINES = real_log_lines()[:50]


def test_a_line_over_the_limit_is_cut_and_the_next_lines_are_whole():
    long_line = b"\0" * 5000 + LINES[0]
    data = b"\n".join([LINES[1], long_line, *LINES[2:]]) + b"\n"
    cuts = []
    blocks = list(iter_line_blocks(io.BytesIO(data), 64, lambda: cuts.append(1), limit=1000))
    lines = b"".join(blocks).split(b"\n")[:-1]
    assert lines[0] == LINES[1]
    assert lines[1] == long_line[:1000]
    assert lines[2:] == LINES[2:]
    assert cuts == [1]


def test_lines_at_the_limit_are_not_cut():
    data = b"x" * 1000 + b"\n" + b"y" * 999 + b"\n"
    cuts = []
    blocks = list(iter_line_blocks(io.BytesIO(data), 300, lambda: cuts.append(1), limit=1000))
    assert b"".join(blocks) == data and cuts == []


def test_decoded_lines_are_cut_the_same_way():
    data = LINES[0] + b"\n" + b"z" * (MAX_LINE_BYTES + 10) + b"\n" + LINES[1]
    cuts = []
    lines = [text for text, _bad in iter_decoded_lines(io.BytesIO(data), lambda: cuts.append(1))]
    assert [len(line) for line in lines[1:2]] == [MAX_LINE_BYTES]
    assert lines[0] == LINES[0].decode() and lines[2] == LINES[1].decode()
    assert cuts == [1]
