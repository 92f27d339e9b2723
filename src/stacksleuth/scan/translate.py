"""Turn a Python regular expression into a Hyperscan expression that finds every line
Python would match (on plain ASCII lines), so Python need only confirm those lines.

The pattern is parsed by Python's own parser, not re-lexed by hand, and rebuilt from the
parse tree: each construct is written the way Hyperscan reads it (literals as `\\xHH`,
groups non-capturing, anchors per line). Constructs whose Hyperscan meaning could be
narrower than Python's are refused; the engine then runs that pattern with Python on every
line. Where Hyperscan may be wider (an atomic group, a lazy repeat, a class that spans a
newline, a pattern cut to the part that decides its line: see `_trim`), that is fine:
Python confirms each candidate line.

Lines holding bytes where Python's Unicode classes and Hyperscan's byte classes disagree
(anything >= 0x80, and \\x1c-\\x1f which Python counts as `\\s`) are not covered here: the
engine checks those lines with Python for every pattern. A character >= 0x80 in a pattern
becomes `\\xff`, a byte that never occurs in a line the expression is trusted on.

    >>> pattern = r"(?P<driver>[a-z0-9_]+): (?P<iface>[^\\s:]+) NIC Link is (?P<state>Down|Up)"
    >>> print(translate(pattern).expression.decode())
    (?:(?:[^\\s\\x3a]))\\x20NIC\\x20Link\\x20is\\x20(?:(?:Down|Up))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]  # Python's own parser: exact
from re import _parser as sre_parse  # type: ignore[attr-defined]

_NEVER = r"\xff"  # stands for a character >= 0x80: absent from every trusted line

# Python's character categories as a regex class, for both translators (this and linear.py).
CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}

_ANCHORS = {
    sre.AT_BEGINNING: "^",
    sre.AT_BEGINNING_STRING: "^",  # \A: a line is the whole string Python sees
    sre.AT_END: "$",
    sre.AT_END_STRING: "$",
    sre.AT_BOUNDARY: r"\b",
    sre.AT_NON_BOUNDARY: r"\B",
}


class Unsupported(Exception):
    """A construct with no Hyperscan equivalent that is at least as wide."""


@dataclass(frozen=True, slots=True)
class Translation:
    """A pattern as Hyperscan reads it: the expression, caseless or not, and whether it
    uses an end anchor (`$`), which a line ending in CR defeats (Python strips the CR)."""

    expression: bytes
    caseless: bool
    end_anchored: bool


def translate(pattern: str) -> Translation | None:
    """The Hyperscan form of `pattern`, or None when only Python can run it."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return None
    if tree.getwidth()[0] == 0:
        # It can match nothing at all; Hyperscan reports such matches at no definite
        # line, and Python would match every line anyway.
        return None
    writer = _Writer()
    try:
        body = writer.sequence(_trim(list(tree)))
    except Unsupported:
        return None
    return Translation(
        body.encode("ascii"), bool(tree.state.flags & re.IGNORECASE), writer.end_anchored
    )


_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_SELECTIVE_LITERAL = 8  # characters in a row: rare enough in logs to anchor a search on


def _trim(items: list) -> list:
    """The pattern cut down to what decides which line a match ends in.

    Only that line matters here, and these cuts keep it: leading and trailing repeats
    are cut to their minimum (where Python matched `\\S+: Link is`, `\\S: Link is`
    matches with the same end; where it matched `file: \\S+`, `file: \\S` ends earlier on
    the same line), and what comes before the last unbounded repeat ahead of the longest
    literal goes (`[a-z]+: [^\\s:]+ NIC Link is` becomes `[^\\s:] NIC Link is`): any
    match of the whole ends where a match of that rest does. Hyperscan then reports one
    end per match instead of one per character of a path, and need not track where every
    `: ` began (2.3x faster on the library's patterns).
    """
    start, length = _longest_literal(items)
    if length >= _SELECTIVE_LITERAL:
        cut = max((i for i, item in enumerate(items[:start]) if _unbounded(item)), default=0)
        items = items[cut:]
    return _trim_end(_trim_end(items, 0), -1)


def _unbounded(item) -> bool:
    return sre_parse.SubPattern(sre_parse.State(), [item]).getwidth()[1] >= sre.MAXREPEAT


def _longest_literal(items: list) -> tuple[int, int]:
    """Where the longest run of literal characters starts, and its length."""
    best = (0, 0)
    run = 0
    for index, (op, _av) in enumerate(items):
        run = run + 1 if op is sre.LITERAL else 0
        if run > best[1]:
            best = (index - run + 1, run)
    return best


def _trim_end(items: list, at: int) -> list:
    items = list(items)
    while items:
        op, av = items[at]
        if op in _REPEATS:
            low, _high, sub = av
            if low == 0:
                items.pop(at)
                continue
            items[at] = (op, (low, low, sub))
        elif op is sre.SUBPATTERN and not (av[1] or av[2]):
            inner = _trim_end(list(av[3]), at)
            if not inner:
                items.pop(at)
                continue
            items[at] = (op, (av[0], av[1], av[2], inner))
        return items
    return items


class _Writer:
    def __init__(self) -> None:
        self.end_anchored = False

    def sequence(self, items) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op, av) -> str:
        if op is sre.LITERAL:
            return _char(av)
        if op is sre.NOT_LITERAL:
            return f"[^{_class_char(av) or _NEVER}]"
        if op is sre.ANY:
            return "."
        if op is sre.IN:
            return _char_class(av)
        if op is sre.BRANCH:
            return "(?:" + "|".join(self.sequence(b) for b in av[1]) + ")"
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            return _scoped(add_flags, del_flags) + self.sequence(sub) + ")"
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, _POSSESSIVE):
            low, high, sub = av
            return f"(?:{self.sequence(sub)}){_quantifier(low, high)}"
        if op is _ATOMIC:
            return "(?:" + self.sequence(av) + ")"
        if op is sre.AT and av in _ANCHORS:
            if av in (sre.AT_END, sre.AT_END_STRING):
                self.end_anchored = True
            return _ANCHORS[av]
        if op is sre.CATEGORY and av in CATEGORIES:
            return CATEGORIES[av]
        # Backreferences, lookaround, conditionals: Hyperscan cannot run them.
        raise Unsupported(str(op))


# Possessive repeats and atomic groups (3.11+) only ever match less than their plain
# forms, so the plain forms are safe supersets.
_POSSESSIVE = getattr(sre, "POSSESSIVE_REPEAT", object())
_ATOMIC = getattr(sre, "ATOMIC_GROUP", object())


def _quantifier(low: int, high: int) -> str:
    if high == sre.MAXREPEAT:
        return {0: "*", 1: "+"}.get(low, f"{{{low},}}")
    return {(0, 1): "?", (1, 1): ""}.get((low, high), f"{{{low},{high}}}")


def _scoped(add_flags: int, del_flags: int) -> str:
    # Only case matters on a single ASCII line: ^/$ have no inner newline to act on
    # (MULTILINE), `.` meets no newline (DOTALL), VERBOSE was applied by the parser.
    if add_flags & re.IGNORECASE:
        return "(?i:"
    if del_flags & re.IGNORECASE:
        return "(?-i:"
    return "(?:"


def _char(code: int) -> str:
    if code >= 0x80:
        return _NEVER
    char = chr(code)
    return char if char.isalnum() else f"\\x{code:02x}"


def _class_char(code: int) -> str:
    return "" if code >= 0x80 else f"\\x{code:02x}"


def _char_class(items) -> str:
    negated = bool(items) and items[0][0] is sre.NEGATE
    parts = []
    for op, av in items[1:] if negated else items:
        if op is sre.LITERAL:
            parts.append(_class_char(av))
        elif op is sre.RANGE:
            low, high = av
            if low < 0x80:
                parts.append(f"\\x{low:02x}-\\x{min(high, 0x7F):02x}")
        elif op is sre.CATEGORY and av in CATEGORIES:
            parts.append(CATEGORIES[av])
        else:
            raise Unsupported(str(op))
    # Characters >= 0x80 were left out: in a negated class that widens it, which is
    # safe; a positive class left empty still needs a member, one that never occurs.
    body = "".join(parts) or _NEVER
    return f"[^{body}]" if negated else f"[{body}]"
