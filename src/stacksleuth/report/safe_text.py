"""Evidence text made safe to show: no control character reaches a terminal or a file.

Host names, device names, paths and log lines come from customers' machines, and any of
them can hold bytes that act on the reader's terminal (`comp\\x1b[2J\\x1b]0;pwned\\x07` as
a hostname clears the screen and sets the window title when printed or `cat`), bidi
overrides that reorder what is read, or undecodable bytes of a file name (carried as
lone surrogates by Python's `surrogateescape`), which are not UTF-8 at all.

`printable` shows each of them as a visible escape (`\\x1b`, `\\u202e`, `\\xff` for the
undecodable byte), and `printable_tree` applies it to every string of an analysis
document: the terminal, Markdown and HTML renderers call it once on what they render.
The JSON output keeps the exact text (JSON escapes controls itself) except the
undecodable bytes, which no UTF-8 document can hold: `json_text` does that part.
"""

from __future__ import annotations

import re
from typing import Any

from rich.markup import escape

# C0 controls but tab and newline (check texts are multi-line; a newline moves the
# cursor but cannot rewrite what is shown, unlike a carriage return), DEL, C1 controls,
# line/paragraph separators, bidi embeddings, overrides and isolates, and lone
# surrogates (undecodable bytes of a name). One character class: one linear pass.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# What JSON must change: lone surrogates (not UTF-8); and what it may escape without
# changing the value, so a JSON document `cat` to a terminal is safe too.
_JSON_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte surrogateescape stood in for
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control (but tab and newline), bidi or undecodable character
    as a visible escape."""
    return _UNSAFE.sub(_escaped, text)


def markup(text: object) -> str:
    """Untrusted text for Rich: printable, and no `[bold]` in it taken as markup."""
    return escape(printable(str(text)))


def printable_tree(value: Any) -> Any:
    """A copy of a JSON-like document (dicts, lists, strings) with every string,
    keys included, made `printable`; other values as they are."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable_tree(key): printable_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [printable_tree(item) for item in value]
    return value


def json_text(dumped: str) -> str:
    """A `json.dumps(..., ensure_ascii=False)` result made valid UTF-8 and terminal-safe:
    an undecodable byte becomes the text `\\xff` (the value changes: UTF-8 cannot hold it),
    C1 controls and bidi characters become `\\u009b`-style JSON escapes (same value)."""
    dumped = _JSON_SURROGATE.sub(lambda m: "\\" + _escaped(m), dumped)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)
