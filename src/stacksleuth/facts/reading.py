"""How fact builders read evidence: by spec, parsed once, failures turned into notes.

A parser that meets text it cannot read must not stop the host's analysis: the fact
builder gets None and the host gets a note naming the file ("unparsed: ...").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from stacksleuth.evidence.model import EvidenceFile, HostEvidence, Note, Severity
from stacksleuth.parsers.base import ParseError

T = TypeVar("T")

# What a parser may raise on text it does not understand (ParseError by contract; the
# others are bugs in a parser meeting an unforeseen format, reported the same way).
PARSE_FAILURES = (ParseError, ValueError, IndexError, KeyError)


def read_spec(evidence: HostEvidence, spec: str) -> str | None:
    """The text of the first file for a spec, or None."""
    files = evidence.find(spec)
    return evidence.read_text(files[0]) if files else None


def parse_file(evidence: HostEvidence, file: EvidenceFile, parser: Callable[[str], T]) -> T | None:
    """Read and parse one file; None, with a note on the host, when either fails."""
    text = evidence.read_text(file)
    if text is None:
        return None
    try:
        return parser(text)
    except PARSE_FAILURES as exc:
        evidence.notes.append(
            Note(Severity.WARNING, file.path, f"unparsed ({type(exc).__name__}: {exc})")
        )
        return None


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
