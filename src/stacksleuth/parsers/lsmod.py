"""Loaded kernel modules: ``lsmod`` (sos: ``sos_commands/kernel/lsmod``).

Real input (corpus compute)::

    Module                  Size  Used by
    vhost_net              32768  1
    tap                    24576  1 vhost_net
    kvm                   663552  1 kvm_intel

comes out as ``{"vhost_net": KernelModule(name="vhost_net", size=32768, used_by_count=1,
users=[]), "tap": KernelModule(..., users=["vhost_net"]), ...}``.

A module is loaded when it is a key of the result; ``users`` lists the modules that hold
it (a trailing ``[permanent]`` or ``-`` marker is dropped, ``(+)``/``(-)`` state flags
are stripped from names).

Tolerance rule: lsmod always prints its ``Module`` header, so when the first line is not
the header the text was tailed by sos (it keeps the END of big outputs) and that first line
may be a partial row: it is dropped. Lines that are not ``name size count [users]`` (stderr
text) are skipped. Empty text gives ``{}``. ``ParseError`` only when non-empty text has not
one module line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_LINE = re.compile(
    r"^(?P<name>[A-Za-z0-9_\-]+)\s+(?P<size>\d+)\s+(?P<count>-?\d+)(?:\s+(?P<users>\S+))?"
)


@dataclass(slots=True)
class KernelModule:
    """One ``lsmod`` row."""

    name: str
    size: int
    used_by_count: int
    users: list[str] = field(default_factory=list)


def _users(field_text: str | None) -> list[str]:
    if not field_text or field_text in ("-", "[permanent]"):
        return []
    names = []
    for part in field_text.split(","):
        part = part.strip().strip("()+-")
        if part and part != "[permanent]":
            names.append(part)
    return names


def parse_lsmod(text: str) -> dict[str, KernelModule]:
    """Parse ``lsmod`` output into modules keyed by name."""
    modules: dict[str, KernelModule] = {}
    if not text.strip():
        return modules
    lines = text.splitlines()
    if lines and not lines[0].startswith("Module"):
        lines = lines[1:]
    for line in lines:
        match = _LINE.match(line)
        if not match:
            continue
        name = match["name"]
        modules[name] = KernelModule(
            name=name,
            size=to_int(match["size"]),
            used_by_count=to_int(match["count"]),
            users=_users(match["users"]),
        )
    if not modules and any(line.strip() for line in lines):
        raise ParseError("no lsmod module line found")
    return modules
