"""How fact builders read evidence: by spec, parsed once, failures turned into notes.

A parser that meets text it cannot read must not stop the host's analysis: the fact
builder gets None and the host gets a note naming the file ("unparsed: ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from stacksleuth.evidence.model import EvidenceFile, HostEvidence, Note, Severity
from stacksleuth.evidence.specs import SPECS, Kind
from stacksleuth.parsers.base import ParseError

T = TypeVar("T")

# What a parser may raise on text it does not understand (ParseError by contract; the
# others are bugs in a parser meeting an unforeseen format, reported the same way).
PARSE_FAILURES = (ParseError, ValueError, IndexError, KeyError)

# Bytes no command output or config holds: NULs (blocks zeroed by a crash or a hard reset)
# and C0 controls other than tab, newlines, form feed and ESC (colour). Parsers skip lines
# they do not know, so without this check a damaged output would be read in silence.
_DAMAGE = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def read_spec(evidence: HostEvidence, spec: str) -> str | None:
    """The text of the first file for a spec, or None."""
    files = evidence.find(spec)
    return evidence.read_text(files[0]) if files else None


def parse_file(evidence: HostEvidence, file: EvidenceFile, parser: Callable[[str], T]) -> T | None:
    """Read and parse one file; None, with a note on the host, when either fails."""
    text = evidence.read_text(file)
    if text is None:
        return None
    damaged = len(_DAMAGE.findall(text))
    try:
        parsed = parser(text)
    except PARSE_FAILURES as exc:
        reason = f"{type(exc).__name__}: {exc}"
        evidence.notes.append(
            Note(Severity.WARNING, file.path, f"unparsed: {what_it_is(file)} ({reason})")
        )
        return None
    if damaged:
        evidence.notes.append(
            Note(
                Severity.WARNING,
                file.path,
                f"damaged: {what_it_is(file)} holds {damaged} NUL or control byte(s); "
                "read as far as it could be, some of it may be missing",
            )
        )
    return parsed


def what_it_is(file: EvidenceFile) -> str:
    """`the output of `lspci -nnvv``, or the file's spec name (`nova.conf`)."""
    try:
        kind = SPECS[file.spec].kind
    except KeyError:
        return f"`{file.spec}`"
    return f"the output of `{file.spec}`" if kind is Kind.COMMAND else f"`{file.spec}`"


def parse_first(evidence: HostEvidence, spec: str, parser: Callable[[str], T]) -> T | None:
    """Parse the first file of a spec (the best candidate)."""
    files = evidence.find(spec)
    return parse_file(evidence, files[0], parser) if files else None


def parse_each(evidence: HostEvidence, spec: str, parser: Callable[[str], T]) -> dict[str, T]:
    """Parse every file of a per-device (or multi-file) spec, keyed by device or path."""
    parsed: dict[str, T] = {}
    for file in evidence.find(spec):
        result = parse_file(evidence, file, parser)
        if result is not None:
            parsed[file.key or file.path] = result
    return parsed
