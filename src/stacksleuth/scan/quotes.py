"""Excerpts of command outputs and files to quote as evidence (`spec` + `grep`), and the
one function every quoted line's text goes through on its way into a report.

`quoted_text` is where quotes are made safe to hand out: secrets masked (`redact.py`)
and each line capped at MAX_QUOTE_CHARS, saying how much was cut. Both kinds of quote,
a command output line (`Quote`) and a log hit (`LogHit.to_json`), call it, so JSON,
Markdown, HTML and the terminal all get the same masked, bounded text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.scan.linear import compile_linear
from stacksleuth.scan.redact import mask_secrets

MAX_LINES_PER_QUOTE = 20  # per file
MAX_QUOTES_PER_REQUEST = 40  # over all the files of a spec; then "... N more"
MAX_QUOTE_CHARS = 4096


@dataclass(frozen=True, slots=True)
class Quote:
    """One line of a command output or file; `proof` when it matched the request's
    `proof` pattern, `focus` the pattern whose match a reader should be shown."""

    spec: str
    path: str
    line: int
    text: str
    proof: bool = False
    focus: re.Pattern[str] | None = None

    def to_json(self) -> dict[str, object]:
        text = quoted_text(self.text)
        data: dict[str, object] = {"path": self.path, "line": self.line, "text": text}
        if self.proof:
            data["proof"] = True
        found = self.focus.search(text) if self.focus is not None else None
        if found is not None:
            data["match"] = [found.start(), found.end()]
        return data


def quoted_text(text: str) -> str:
    """`text` as a report may quote it: secrets masked, at most MAX_QUOTE_CHARS kept.

    Masking looks at twice what is kept, so a secret that starts before the cut is
    masked whole, and a 50 MB line costs no more than a 8 KiB one."""
    cut = len(text) - MAX_QUOTE_CHARS
    masked = mask_secrets(text[: 2 * MAX_QUOTE_CHARS])
    if cut <= 0:
        return masked
    return f"{masked[:MAX_QUOTE_CHARS]} [... {cut:,} more characters cut]"


def quote(evidence: HostEvidence, spec: str, grep: str, proof: str = "") -> list[Quote]:
    """Lines of a spec's files that match `grep`: at most MAX_LINES_PER_QUOTE per file and
    MAX_QUOTES_PER_REQUEST in all, then one `... N more` line saying how many were left.
    Lines that also match `proof` come first in each file's share and are marked: they
    are what the check's conditions saw."""
    regex = compile_linear(grep)
    proving = compile_linear(proof) if proof else None
    quotes: list[Quote] = []
    left_out = 0
    for file in evidence.find(spec):
        text = evidence.read_text(file) or ""
        found = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not regex.search(line):
                continue
            proves = proving is not None and proving.search(line) is not None
            found.append(Quote(spec, file.path, number, line, proves, proving if proves else regex))
        # Proof lines are kept first when a file has more matches than are quoted.
        kept = sorted(found, key=lambda q: not q.proof)
        room = max(0, min(MAX_LINES_PER_QUOTE, MAX_QUOTES_PER_REQUEST - len(quotes)))
        quotes.extend(sorted(kept[:room], key=lambda q: q.line))
        left_out += len(found) - min(room, len(found))
    if left_out:
        quotes.append(Quote(spec, "", 0, f"... {left_out} more"))
    return quotes
