"""Safe extraction of untrusted archives: what a customer uploads is hostile until shown not.

Every member is checked before anything is written: names that are absolute or climb out
with `..`, device files and fifos are refused by their name and type; links are resolved
against the tree extracted so far (`linkcheck.ExtractedTree`, our own bookkeeping, never
`os.path.realpath` on an attacker's path), so nothing is written below a symlink, no
symlink resolves outside the root and no hard link reaches a file the archive did not
bring. Each refusal is a note naming the member, and extraction goes on without it. A
running total of member sizes stops a decompression bomb at a cap; a full disk stops the
extraction. A truncated or corrupt archive keeps what was read before the damage, with a
note.

Nothing here depends on the interpreter's `tarfile` filters (Python 3.11.7's `data_filter`
is defeated by symlink chains longer than PATH_MAX): members are extracted with
`fully_trusted` once our checks have passed.
"""

from __future__ import annotations

import errno
import lzma
import posixpath
import tarfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from stacksleuth.evidence.linkcheck import ExtractedTree
from stacksleuth.evidence.model import Note, Severity

DEFAULT_MAX_BYTES = 16 * 1024**3
DEFAULT_MAX_MEMBERS = 2_000_000

# What a damaged archive raises while it is being read, by compression.
_READ_ERRORS = (tarfile.TarError, EOFError, lzma.LZMAError, zlib.error, OSError)
# Write errors that would fail every later member too: they stop the extraction.
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


class ArchiveTooLarge(Exception):
    """The archive would unpack past the configured cap."""


@dataclass
class ExtractResult:
    members: int = 0
    bytes: int = 0
    notes: list[Note] = field(default_factory=list)
    complete: bool = True


def member_refusal(member: tarfile.TarInfo) -> str | None:
    """Why a member must not be extracted, or None when it is safe to try."""
    name = member.name
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute path"
    if ".." in name.split("/"):
        return "path climbs out with '..'"
    if member.ischr() or member.isblk():
        return "device file"
    if member.isfifo():
        return "fifo"
    if not (member.isfile() or member.isdir() or member.issym() or member.islnk()):
        return f"unsupported member type {member.type!r}"
    if member.issym():
        if member.linkname.startswith("/"):
            return f"symlink to an absolute path ({member.linkname})"
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), member.linkname))
        if target == ".." or target.startswith("../"):
            return f"symlink points out of the archive ({member.linkname})"
    if member.islnk():
        target = posixpath.normpath(member.linkname)
        if member.linkname.startswith("/") or target == ".." or target.startswith("../"):
            return f"hard link points out of the archive ({member.linkname})"
    return None


def extract_archive(
    archive: Path,
    dest: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> ExtractResult:
    """Extract `archive` into the existing directory `dest`, refusing what is unsafe.

    Raises ArchiveTooLarge when the cap is crossed (what was extracted stays, so the
    caller can decide), tarfile.ReadError when the file is not an archive at all, and
    OSError (ENOSPC, EDQUOT) when the disk fills up.
    """
    result = ExtractResult()
    where = archive.name
    dest = dest.resolve()
    tree = ExtractedTree(dest)
    with tarfile.open(archive, mode="r:*") as tar:
        try:
            for member in tar:
                result.members += 1
                if result.members > max_members:
                    raise ArchiveTooLarge(
                        f"{where}: more than {max_members:,} members; refusing to go on "
                        "(raise --max-members if this archive is genuine)"
                    )
                _extract_member(tar, member, tree, result, where, max_bytes)
            _check_end_marker(tar, result, where)
        except ArchiveTooLarge:
            result.complete = False
            raise
        except _READ_ERRORS as exc:
            result.complete = False
            if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
                raise
            result.notes.append(
                Note(
                    Severity.ERROR,
                    where,
                    f"archive is truncated or corrupt after {result.members - 1} members "
                    f"({type(exc).__name__}: {exc}); analysing what was extracted",
                )
            )
    return result


def _extract_member(
    tar: tarfile.TarFile,
    member: tarfile.TarInfo,
    tree: ExtractedTree,
    result: ExtractResult,
    where: str,
    max_bytes: int,
) -> None:
    # Both checks run: the tree must hear of every symlink, even one refused by its name.
    by_name = member_refusal(member)
    by_tree = tree.refusal(member)
    reason = by_name or by_tree
    if reason is not None:
        note = f"refused member {member.name!r}: {reason}"
        result.notes.append(Note(Severity.WARNING, where, note))
        return
    if member.isfile():
        if result.bytes + member.size > max_bytes:
            raise ArchiveTooLarge(
                f"{where}: unpacks to more than {format_size(max_bytes)} "
                f"(stopped at member {member.name!r}); decompression bomb or a very large "
                "report: raise --max-extract-size if it is genuine"
            )
        result.bytes += member.size
    try:
        # Our checks above are the filter; "fully_trusted" stops tarfile running its own,
        # whose verdict depends on the interpreter's version.
        tar.extract(member, tree.root, set_attrs=False, filter="fully_trusted")
    except (EOFError, lzma.LZMAError, zlib.error, tarfile.ReadError):
        raise  # the archive stream itself is damaged: extract_archive notes it
    except (OSError, tarfile.ExtractError) as exc:
        if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
            raise  # a full disk fails every member after this one: stop here
        note = f"could not extract {member.name!r}: {exc}"
        result.notes.append(Note(Severity.WARNING, where, note))
        return
    tree.record(member)


def _check_end_marker(tar: tarfile.TarFile, result: ExtractResult, where: str) -> None:
    """Note an archive that stops without tar's end-of-archive block.

    tarfile ends its iteration quietly when the file ends between members (a plain `.tar`
    cut short, as a `sos collect` bundle copied halfway): only the missing zero block after
    the last member tells that members were lost.
    """
    if tar.fileobj is not None and tar.fileobj.tell() < tar.offset + tarfile.BLOCKSIZE:
        result.complete = False
        result.notes.append(
            Note(
                Severity.ERROR,
                where,
                f"archive ends without its end-of-archive marker after {result.members} "
                "members: it is truncated; analysing what was extracted",
            )
        )


def format_size(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"
