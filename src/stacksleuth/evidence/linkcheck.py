"""Where each archive member would land, judged from what is already extracted.

A name check alone cannot see through links that earlier members planted, and
`os.path.realpath` (and with it `tarfile.data_filter` on Python 3.11.7) gives up when the
expanded path passes PATH_MAX and then reads the rest lexically: a chain of directory
symlinks makes it call inside what the kernel resolves outside (the CVE-2025-4517 class).
So the extractor keeps its own account of the tree it builds and resolves every link the
way the kernel will, component by component, with no system call on the link's target:

- nothing is written through a symlink: a member whose directory path contains a symlink
  (extracted, or declared earlier and refused) is refused;
- a symlink is resolved against the links already extracted (at most 40 hops, as the
  kernel) and refused when it leaves the root;
- a hard link must name, through real directories only, a regular file extracted before it
  (tarfile would otherwise link whatever the kernel finds there, or raise KeyError);
- a `..` over a name that is not yet a directory of ours is resolved lexically, which stays
  true only while that name never becomes a symlink: such names are pinned, and a later
  symlink at a pinned name is refused.

Real sosreports pass untouched: sos never writes below a symlink, and its links (root
shortcuts, `etc/localtime`) point to files inside the report.
"""

from __future__ import annotations

import os
import stat
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

# The kernel's limit on symlinks followed in one lookup (MAXSYMLINKS).
MAX_HOPS = 40


class _Refused(Exception):
    """Internal: resolution stopped for the given reason."""


def parts_of(name: str) -> tuple[str, ...]:
    """`./a//b/` -> ("a", "b"): the components a member name stands for."""
    return tuple(p for p in name.split("/") if p not in ("", "."))


@dataclass
class ExtractedTree:
    """The account of one extraction: what each relative path in `root` has become."""

    root: Path
    dirs: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    # A symlink's directory (components) and its target text, resolved afresh on each use.
    links: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    # Every symlink name met, extracted or refused: nothing may be written below one.
    declared_links: set[str] = field(default_factory=set)
    pinned: set[str] = field(default_factory=set)

    def refusal(self, member: tarfile.TarInfo) -> str | None:
        """Why `member` must not be extracted here, or None. Call before extracting it."""
        parts = parts_of(member.name)
        key = "/".join(parts)
        if not parts:
            return None if member.isdir() else "empty name"
        if ".." in parts:
            return "path climbs out with '..'"  # not even an lstat outside the root
        reason = self._parent_refusal(parts)
        if reason is None and key in self.declared_links:
            reason = "a symlink of that name came earlier"
        if member.issym():
            self.declared_links.add(key)
            if reason is None:
                reason = self._symlink_refusal(key, parts, member.linkname)
        elif member.islnk() and reason is None:
            reason = self._hard_link_refusal(member.linkname)
        return reason

    def record(self, member: tarfile.TarInfo) -> None:
        """Account for `member`, which was just extracted."""
        parts = parts_of(member.name)
        key = "/".join(parts)
        self.dirs.update("/".join(parts[:i]) for i in range(1, len(parts)))
        if member.isdir():
            self.dirs.add(key)
        elif member.issym():
            self.files.discard(key)
            self.links[key] = (parts[:-1], member.linkname)
        else:
            self.files.add(key)

    def _parent_refusal(self, parts: tuple[str, ...]) -> str | None:
        for i in range(1, len(parts)):
            prefix = "/".join(parts[:i])
            if prefix in self.dirs:
                continue
            if prefix in self.declared_links or self._is_symlink_on_disk(prefix):
                return f"its directory is a symlink ({prefix})"
        return None

    def _is_symlink_on_disk(self, rel: str) -> bool:
        # Every shorter prefix is a real directory of ours (checked first), so this lstat
        # stays inside the root.
        try:
            return stat.S_ISLNK(os.lstat(self.root / rel).st_mode)
        except OSError:
            return False

    def _symlink_refusal(self, key: str, parts: tuple[str, ...], linkname: str) -> str | None:
        if key in self.dirs:
            return "symlink would replace a directory"
        if key in self.pinned:
            return "an earlier link climbs through this name, so it cannot become a symlink"
        try:
            self._resolve(parts[:-1], linkname, [MAX_HOPS])
        except _Refused as refused:
            return f"symlink {refused} ({linkname})"
        return None

    def _hard_link_refusal(self, linkname: str) -> str | None:
        target = parts_of(linkname)
        if ".." in target:
            return f"hard link points out of the archive ({linkname})"
        through = self._parent_refusal(target)
        if through is not None:
            return f"hard link through a symlink: {through} ({linkname})"
        key = "/".join(target)
        if key not in self.files:
            return f"hard link to a name not extracted before it ({linkname})"
        try:
            regular = stat.S_ISREG(os.lstat(self.root / key).st_mode)
        except OSError:
            regular = False
        return None if regular else f"hard link to something not a regular file ({linkname})"

    def _resolve(self, base: tuple[str, ...], target: str, hops: list[int]) -> list[str]:
        """Where `target`, read from directory `base`, lands: components inside the root."""
        if target.startswith("/"):
            raise _Refused("points to an absolute path")
        stack = list(base)
        for part in target.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if not stack:
                    raise _Refused("resolves outside the archive")
                self._pin_unless_directory(stack)
                stack.pop()
                continue
            stack.append(part)
            link = self.links.get("/".join(stack))
            if link is not None:
                hops[0] -= 1
                if hops[0] < 0:
                    raise _Refused("has too many levels of symlinks")
                stack = self._resolve(link[0], link[1], hops)
        return stack

    def _pin_unless_directory(self, stack: list[str]) -> None:
        """Before `..` pops `stack`: pin each of its prefixes not known as a directory."""
        for i in range(1, len(stack) + 1):
            prefix = "/".join(stack[:i])
            if prefix not in self.dirs:
                self.pinned.add(prefix)
