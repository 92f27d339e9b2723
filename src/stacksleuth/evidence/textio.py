"""Reading bytes as text: compressed rotations, invalid UTF-8, and rotation order.

Logs arrive as `syslog`, `syslog.1`, `syslog.2.gz` (Debian) or `messages-20220210` (RHEL),
compressed with gzip, xz or bzip2. Readers see plain lines, oldest file first.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

_MAGIC = (
    (b"\x1f\x8b", gzip.open),
    (b"\xfd7zXZ\x00", lzma.open),
    (b"BZh", bz2.open),
)

# Errors a damaged compressed stream raises part-way through: gzip lets zlib's own error
# through on corrupt deflate data (a bad Huffman table), not only its OSError subclass.
DECOMPRESS_ERRORS = (EOFError, OSError, lzma.LZMAError, zlib.error, ValueError)


def open_binary(path: Path) -> BinaryIO:
    """Open a file for reading, decompressing by content (not by name: names lie)."""
    with open(path, "rb") as raw:
        head = raw.read(6)
    for magic, opener in _MAGIC:
        if head.startswith(magic):
            return opener(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def decode(data: bytes) -> tuple[str, bool]:
    """Text of `data`, and whether it held invalid UTF-8 (replaced by U+FFFD)."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), True


# Logs are handed to the scan engine in blocks this big: large enough that per-block
# Python work vanishes next to matching, small enough to stay in the CPU cache while
# each block is scanned, counted and checked (measured: 128 KiB scans ~35% faster than
# 4 MiB; see bench/README.md). Memory stays flat whatever the file size.
LOG_BLOCK_BYTES = 128 * 1024

# No real log line comes near this (the kernel's longest, "Modules linked in", is a few
# KiB); a longer one is a line-less file (a core dump, a disk image, NUL fill after a
# hard reset). Its first MiB is kept as the line and the rest skipped, so memory stays
# bounded by this, not by the file.
MAX_LINE_BYTES = 1024 * 1024


def iter_line_blocks(
    stream: BinaryIO,
    size: int = LOG_BLOCK_BYTES,
    on_cut: Callable[[], None] | None = None,
    limit: int = MAX_LINE_BYTES,
) -> Iterator[bytes]:
    """The stream's bytes in blocks of whole lines, about `size` each.

    Every block ends with a newline except the last, when the file has no final one. A
    line longer than a block is carried whole into the next, up to `limit` bytes: a
    longer line is cut to its first `limit` bytes (ended with a newline) and the rest is
    read past without being kept; `on_cut` is called for each line cut. A decompression
    error propagates, and the unfinished line before it is dropped, as
    `iter_decoded_lines` does.
    """
    size = min(size, limit)  # so a line within one read never exceeds the limit alone
    read = getattr(stream, "read1", stream.read)  # read1: what a damaged stream gave us
    pending: list[bytes] = []
    held = 0  # bytes in pending
    skipping = False  # inside the rest of a line already cut
    while chunk := read(size):
        if skipping:
            newline = chunk.find(b"\n")
            if newline < 0:
                continue
            skipping, chunk = False, chunk[newline + 1 :]
            if not chunk:
                continue
        cut = chunk.rfind(b"\n") + 1
        first_end = chunk.find(b"\n") + 1 if cut else len(chunk)  # after its newline
        if held + first_end - (cut > 0) > limit:
            # The line carried so far, with this chunk's part of it, is too long.
            head = b"".join([*pending, chunk[: limit - held]])
            pending, held = [], 0
            if on_cut is not None:
                on_cut()
            yield head + b"\n"
            if not cut:
                skipping = True
                continue
            chunk, cut = chunk[first_end:], cut - first_end
            if not chunk:
                continue
        if not cut:
            pending.append(chunk)
            held += len(chunk)
            continue
        head = chunk if cut == len(chunk) else chunk[:cut]
        yield b"".join([*pending, head]) if pending else head
        pending = [chunk[cut:]] if cut < len(chunk) else []
        held = len(chunk) - cut
    if pending:
        yield b"".join(pending)


def iter_decoded_lines(
    stream: BinaryIO, on_cut: Callable[[], None] | None = None
) -> Iterator[tuple[str, bool]]:
    """Lines without their line end, each with a flag for invalid UTF-8; lines cut as
    `iter_line_blocks` cuts them (never a whole line-less file in memory)."""
    for block in iter_line_blocks(stream, on_cut=on_cut):
        lines = block.split(b"\n")
        if block.endswith(b"\n"):
            lines.pop()
        for raw in lines:
            text, bad = decode(raw)
            yield text.rstrip("\r"), bad


_NUMBERED = re.compile(r"\.(\d+)(?:\.(?:gz|xz|bz2))?$")
_DATED = re.compile(r"-(\d{8})(?:\.(?:gz|xz|bz2))?$")
_COMPRESSED = re.compile(r"\.(?:gz|xz|bz2)$")


def is_rotation_of(base: str, name: str) -> bool:
    """Whether `name` is `base` or one of its rotations (`.1`, `.2.gz`, `-20220210`)."""
    if name == base:
        return True
    rest = name[len(base) :] if name.startswith(base) else ""
    return bool(rest) and bool(
        re.fullmatch(r"(?:\.\d+|-\d{8})(?:\.(?:gz|xz|bz2))?|\.(?:gz|xz|bz2)", rest)
    )


def rotation_age(name: str) -> tuple[int, str]:
    """A sort key putting the oldest rotation first and the live file last.

    Numbered rotations are older the higher the number; dated ones are older the earlier
    the date; the live file (no suffix) is the newest.
    """
    numbered = _NUMBERED.search(name)
    if numbered:
        return (-int(numbered.group(1)), "")
    dated = _DATED.search(name)
    if dated:
        return (-1, dated.group(1))
    if _COMPRESSED.search(name):
        return (-1, "")
    return (0, "")


def is_compressed(name: str) -> bool:
    return bool(_COMPRESSED.search(name))


def oldest_first(paths: list[str]) -> list[str]:
    return sorted(paths, key=lambda p: rotation_age(p.rsplit("/", 1)[-1]))
