"""Patterns made safe to `search` a long line with Python's backtracking `re`.

`re.search` tries a pattern at every position of a line. A pattern that starts with an
unbounded repeat of one character class (`(?P<driver>\\S+) ...`, `[\\w.-]+: ...`) then
runs over the whole run of such characters from each of its positions: 100 KB of NUL
bytes before a kernel line (the fill a hard reset leaves in a log) cost 100,000 x 100,000
steps. Two rewrites keep every result and make that cost linear:

- `anchored(pattern)`: a lookbehind `(?<!X)` before a leading repeat `X+`/`X*`/`X{n,}`.
  It changes no match: a match starting after an X would also start one character
  earlier (the repeat takes that X too), and `search` returns the leftmost start, so it
  never starts a repeat of X right after an X. With the lookbehind, the repeat starts once
  per run instead of once per character.

      >>> anchored(r"(?P<iface>[^\\s:]+): (?:NIC )?Link is (?P<state>Down|Up)")
      '(?<![^\\\\s\\\\x3a])(?P<iface>[^\\\\s:]+): (?:NIC )?Link is (?P<state>Down|Up)'

- `required_literal(pattern)`: the longest text every match contains. A line without it
  cannot match, and `literal in line` is linear and fast: the pure-`re` engine tries the
  regex only on lines that hold it.

      >>> required_literal(r"(?P<bond>\\S+): Warning: No 802\\.3ad response from")
      ': Warning: No 802.3ad response from'
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]  # Python's own parser: exact
from re import _parser as sre_parse  # type: ignore[attr-defined]

from stacksleuth.scan.translate import CATEGORIES

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", object()))
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_MIN_LITERAL = 3  # shorter ones hardly rule a line out


def anchored(pattern: str) -> str:
    """`pattern` with a lookbehind before its leading unbounded one-class repeat, or
    `pattern` itself when it has none (or uses a construct this does not rewrite)."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return pattern
    items = list(tree)
    if not items or _refers_back(items):
        return pattern
    flags = _GLOBAL_FLAGS.match(pattern)
    at = flags.end() if flags else 0
    op, av = items[0]
    if op in _REPEATS and av[1] == 1 and pattern.startswith("(?:", at):
        # An optional group first, `(?:(?P<iface>\S+): )?dropped`: the lookbehind goes
        # inside it, before the repeat, so a match that skips the group is not affected.
        cls = _leading_class(list(av[2]))
        at += len("(?:")
    else:
        cls = _leading_class(items)
    if cls is None:
        return pattern
    return f"{pattern[:at]}(?<!{cls}){pattern[at:]}"


# A backreference or a lookaround can tell one start of the repeat from another (`(\w+)
# (?P=1)` matches "ab ab" in "xab ab" only from the "a"): such patterns are left alone.
_CONTEXTUAL = {sre.GROUPREF, sre.GROUPREF_EXISTS, sre.ASSERT, sre.ASSERT_NOT}


def _refers_back(items) -> bool:
    for op, av in items:
        if op in _CONTEXTUAL:
            return True
        nested = (av,) if isinstance(av, sre_parse.SubPattern) else av
        nested = nested if isinstance(nested, tuple | list) else ()
        for part in nested:
            if isinstance(part, sre_parse.SubPattern) and _refers_back(part):
                return True
            if isinstance(part, list) and any(
                isinstance(x, sre_parse.SubPattern) and _refers_back(x) for x in part
            ):
                return True
    return False


def compile_linear(pattern: str) -> re.Pattern[str]:
    """`pattern` compiled in its anchored form: the same matches, searched in linear time
    over a run of the characters its leading repeat takes."""
    return re.compile(anchored(pattern))


def _leading_class(items: list) -> str | None:
    """The class X when the sequence starts with an unbounded repeat of X (possibly inside
    plain groups), written for a lookbehind; None otherwise."""
    while items:
        op, av = items[0]
        if op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None  # scoped flags: the lookbehind would sit outside them
            items = list(sub)
            continue
        if op in _REPEATS:
            _low, high, sub = av
            sub = list(sub)
            if high != sre.MAXREPEAT or len(sub) != 1:
                return None
            return _one_class(*sub[0])
        return None
    return None


def _one_class(op, av) -> str | None:
    if op is sre.LITERAL:
        return _escape(av)
    if op is sre.NOT_LITERAL:
        return f"[^{_escape(av)}]"
    if op is sre.ANY:
        return "."
    if op is sre.CATEGORY:
        return CATEGORIES.get(av)
    if op is sre.IN:
        negated = bool(av) and av[0][0] is sre.NEGATE
        parts = []
        for item_op, item_av in av[1:] if negated else av:
            if item_op is sre.LITERAL:
                parts.append(_escape(item_av))
            elif item_op is sre.RANGE:
                parts.append(f"{_escape(item_av[0])}-{_escape(item_av[1])}")
            elif item_op is sre.CATEGORY and item_av in CATEGORIES:
                parts.append(CATEGORIES[item_av])
            else:
                return None
        return f"[{'^' if negated else ''}{''.join(parts)}]"
    return None


def _escape(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def required_literal(pattern: str) -> str | None:
    """The longest run of characters that every match of `pattern` contains, or None
    (when it is shorter than 3 characters, or the pattern ignores case)."""
    try:
        tree = sre_parse.parse(pattern)
    except (re.error, RecursionError):
        return None
    if tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    runs: list[str] = []
    _collect(list(tree), runs)
    best = max(runs, key=len, default="")
    return best if len(best) >= _MIN_LITERAL else None


def _collect(items: list, runs: list[str]) -> None:
    """Append to `runs` the literal runs every match of `items` passes through."""
    current: list[str] = []

    def close() -> None:
        if current:
            runs.append("".join(current))
            current.clear()

    for op, av in items:
        if op is sre.LITERAL:
            current.append(chr(av))
            continue
        if op is sre.SUBPATTERN and not (av[1] or av[2]):
            # A plain group is part of the sequence: its literals continue the run.
            inner: list[str] = []
            _collect(list(av[3]), inner)
            sub = list(av[3])
            if inner and all(o is sre.LITERAL for o, _ in sub):
                current.append(inner[0])
                continue
            close()
            runs.extend(inner)
            continue
        close()
        if op in _REPEATS and av[0] >= 1:
            _collect(list(av[2]), runs)  # met at least once, but not next to its neighbours
    close()
