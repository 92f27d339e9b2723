"""Excerpts of command outputs and files to quote as evidence (`spec` + `grep`)."""

from __future__ import annotations

from dataclasses import dataclass

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.scan.linear import compile_linear

MAX_LINES_PER_QUOTE = 20


@dataclass(frozen=True, slots=True)
class Quote:
    spec: str
    path: str
    line: int
    text: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "text": self.text}


def quote(evidence: HostEvidence, spec: str, grep: str) -> list[Quote]:
    """Lines of a spec's files that match `grep`, at most MAX_LINES_PER_QUOTE per file."""
    regex = compile_linear(grep)
    quotes = []
    for file in evidence.find(spec):
        text = evidence.read_text(file) or ""
        found = [
            Quote(spec, file.path, number, line)
            for number, line in enumerate(text.splitlines(), start=1)
            if regex.search(line)
        ]
        quotes.extend(found[:MAX_LINES_PER_QUOTE])
    return quotes
