"""A line-less log of 64 MiB (standing for the 10 GiB member that ran the line splitter out
of memory) is read by every line reader in bounded memory, with one note naming the file."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest
from scantrees import log_tree, real_log_lines

LINE = real_log_lines()[0]
MIB = 1024**2
LINELESS_BYTES = 64 * MIB


def lineless_log(tmp_path, compressed: bool):
    """A kern.log of 64 MiB of NUL bytes and no newline: sparse on disk (or gzipped)."""
    if compressed:
        files = {"kern.log.1.gz": gzip.compress(bytes(LINELESS_BYTES), 1, mtime=0)}
        return log_tree(tmp_path, files | {"kern.log": LINE + b"\n"})
    evidence = log_tree(tmp_path, {"kern.log": b""})
    with open(tmp_path / "var/log/kern.log", "r+b") as sparse:
        sparse.truncate(LINELESS_BYTES)
    return evidence


def peak_while(consume) -> int:
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize("reader", ["iter_lines", "iter_blocks"])
def test_a_lineless_log_is_read_in_bounded_memory_with_one_note(tmp_path, reader, compressed):
    evidence = lineless_log(tmp_path, compressed)
    lengths: list[int] = []

    def consume():
        for file in evidence.find("kern.log"):
            lengths.extend(len(piece) for piece in getattr(evidence, reader)(file))

    peak = peak_while(consume)
    assert peak < 8 * MIB, f"peak {peak / MIB:.1f} MiB for a 64 MiB line"
    assert max(lengths) <= MIB + 1
    cut_notes = [n for n in evidence.notes if "longer than 1 MiB" in n.message]
    where = "var/log/kern.log.1.gz" if compressed else "var/log/kern.log"
    assert [n.where for n in cut_notes] == [where]


def test_analyze_reads_a_lineless_kern_log_and_says_so(tmp_path):
    from hosttrees import build_sosreport

    from stacksleuth.analysis import analyze

    root = build_sosreport(tmp_path, "compute4")
    with open(root / "var/log/kern.log", "r+b") as log:  # the real lines, then NUL fill
        log.truncate(LINELESS_BYTES)
    (host,) = analyze([root], jobs=1).to_json()["hosts"]
    notes = [n["message"] for n in host["notes"] if n["where"] == "var/log/kern.log"]
    assert notes == ["line longer than 1 MiB; kept its first MiB, the rest of the line skipped"]
