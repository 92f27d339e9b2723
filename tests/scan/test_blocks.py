"""Logs reach the fast engine as blocks of whole lines: bounded in size, none split."""

from __future__ import annotations

import gzip
import io

from scantrees import log_tree, real_log_lines

from stacksleuth.evidence.textio import iter_line_blocks

LINES = real_log_lines()


def test_blocks_end_at_newlines_and_rejoin_to_the_file():
    data = b"\n".join(LINES[:200]) + b"\n"
    blocks = list(iter_line_blocks(io.BytesIO(data), 100))
    assert b"".join(blocks) == data
    assert all(block.endswith(b"\n") for block in blocks)
    assert len(blocks) > 10


def test_block_size_stays_bounded_by_size_plus_the_longest_line():
    data = b"\n".join(LINES * 3)  # no final newline
    longest = max(map(len, LINES)) + 1
    blocks = list(iter_line_blocks(io.BytesIO(data), 256))
    assert b"".join(blocks) == data
    assert max(map(len, blocks)) <= 256 + longest
    assert not blocks[-1].endswith(b"\n")


def test_a_line_longer_than_a_block_is_kept_whole():
    long_line = b" ".join(LINES[:50])
    data = long_line + b"\nend\n"
    blocks = list(iter_line_blocks(io.BytesIO(data), 64))
    assert len(long_line) > 64 * 10
    assert blocks[0].startswith(long_line + b"\n")
    assert b"".join(blocks) == data


def test_evidence_blocks_give_the_same_lines_as_iter_lines(tmp_path):
    data = gzip.compress(b"\r\n".join(LINES[:300]) + b"\xff\n")
    evidence = log_tree(tmp_path, {"kern.log.1.gz": data, "kern.log": b"\n".join(LINES[:5])})
    for file in evidence.find("kern.log"):
        from_blocks = b"".join(evidence.iter_blocks(file, 512)).split(b"\n")
        if from_blocks[-1] == b"":
            from_blocks.pop()
        decoded = [b.decode("utf-8", "replace").rstrip("\r\n") for b in from_blocks]
        assert decoded == list(evidence.iter_lines(file))
    assert [n.message for n in evidence.notes] == ["invalid UTF-8; bytes replaced"]


def test_a_live_command_output_gives_the_same_lines_both_ways():
    from scantrees import LOG_SAMPLES

    from stacksleuth.evidence.live import LiveEvidence
    from stacksleuth.evidence.specs import Kind, Spec, SpecTable

    sample = LOG_SAMPLES / "compute4-dmesg"
    spec = Spec("dmesg", Kind.COMMAND, "ring buffer", commands=(f"cat {sample}",), plugins=("x",))
    evidence = LiveEvidence(specs=SpecTable((spec,)))
    (file,) = evidence.find("dmesg")
    from_blocks = b"".join(evidence.iter_blocks(file)).decode().split("\n")
    assert from_blocks.pop() == ""
    assert from_blocks == list(evidence.iter_lines(file))
    assert len(from_blocks) == len(sample.read_bytes().splitlines())
