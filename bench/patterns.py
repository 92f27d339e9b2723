"""The check library's log patterns, written for each tool of the scan benchmark.

ripgrep reads Python's syntax nearly as it is (Rust's regex has `\\d`, `\\s`, `(?:`);
only group names go, since ripgrep joins the patterns into one.
GNU `grep -E` reads POSIX ERE: no `(?:`, no `\\d`, and a backslash inside brackets is a
plain backslash, so `[^\\s:]` must become `[^[:space:]:]`. Rather than rewrite text, each
pattern is parsed by Python's own parser and written back as ERE; a construct ERE cannot
say raises, so a wrong translation cannot pass unnoticed (the benchmark also compares the
line counts of every tool).
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from stacksleuth.checks.engine import wanted_patterns
from stacksleuth.checks.loader import load_checks


def library_patterns() -> list[str]:
    """Every log pattern of every check of the library, all sources together."""
    wanted = wanted_patterns(load_checks().checks)
    return sorted({p for patterns in wanted.values() for p in patterns})


def to_rust(pattern: str) -> str:
    """`pattern` for ripgrep: unnamed groups, since `rg -f` joins all patterns with `|`
    and Rust's regex refuses a group name used twice."""
    return _NAMED_GROUP.sub("(", pattern)


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<[A-Za-z_]\w*>")


def to_ere(pattern: str) -> str:
    """`pattern` in POSIX ERE (with GNU's `\\b`), matching the same ASCII lines."""
    tree = sre_parse.parse(pattern)
    if tree.state.flags & re.IGNORECASE:
        raise ValueError(f"{pattern!r}: grep -E has no per-pattern case folding")
    return _sequence(tree)


_SPECIAL = set(".[]()*+?{}|^$\\")
_CLASS = {
    sre.CATEGORY_DIGIT: ("0-9", False),
    sre.CATEGORY_NOT_DIGIT: ("0-9", True),
    sre.CATEGORY_SPACE: ("[:space:]", False),
    sre.CATEGORY_NOT_SPACE: ("[:space:]", True),
    sre.CATEGORY_WORD: ("[:alnum:]_", False),
    sre.CATEGORY_NOT_WORD: ("[:alnum:]_", True),
}
_ANCHORS = {sre.AT_BEGINNING: "^", sre.AT_END: "$", sre.AT_BOUNDARY: r"\b"}


def _sequence(items) -> str:
    return "".join(_item(op, av) for op, av in items)


def _item(op, av) -> str:
    if op is sre.LITERAL:
        char = chr(av)
        return "\\" + char if char in _SPECIAL else char
    if op is sre.NOT_LITERAL:
        return _bracket([chr(av)], negated=True)
    if op is sre.ANY:
        return "."
    if op is sre.IN:
        return _in(av)
    if op is sre.CATEGORY:
        members, negated = _CLASS[av]
        return _bracket([members], negated)
    if op is sre.BRANCH:
        return "(" + "|".join(_sequence(b) for b in av[1]) + ")"
    if op is sre.SUBPATTERN:
        return "(" + _sequence(av[3]) + ")"
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        body = _sequence(sub)
        if len(sub) != 1 or sub[0][0] in (sre.SUBPATTERN, sre.BRANCH):
            body = body if body.startswith("(") and body.endswith(")") else f"({body})"
        if high == sre.MAXREPEAT:
            return body + {0: "*", 1: "+"}.get(low, f"{{{low},}}")
        return body + ("?" if (low, high) == (0, 1) else f"{{{low},{high}}}")
    if op is sre.AT and av in _ANCHORS:
        return _ANCHORS[av]
    raise ValueError(f"no ERE form for {op} {av}")


def _in(items) -> str:
    negated = items[0][0] is sre.NEGATE
    rest = items[1:] if negated else items
    if len(rest) == 1 and rest[0][0] is sre.CATEGORY:  # [\S] is \S; [^\S] is \s
        members, inverse = _CLASS[rest[0][1]]
        return _bracket([members], negated != inverse)
    members = []
    for op, av in items[1:] if negated else items:
        if op is sre.LITERAL:
            members.append(chr(av))
        elif op is sre.RANGE:
            members.append(f"{chr(av[0])}-{chr(av[1])}")
        elif op is sre.CATEGORY and not _CLASS[av][1]:
            members.append(_CLASS[av][0])
        else:
            raise ValueError(f"no ERE bracket form for {op} {av}")
    return _bracket(members, negated)


def _bracket(members: list[str], negated: bool) -> str:
    # In a bracket, `]` must come first, `-` last, and `^` anywhere but first.
    plain = [m for m in members if m not in ("]", "-", "^")]
    ordered = (["]"] if "]" in members else []) + plain
    ordered += ["^"] if "^" in members else []
    ordered += ["-"] if "-" in members else []
    if ordered == ["^"]:
        return r"\^" if not negated else "[^^]"
    return "[" + ("^" if negated else "") + "".join(ordered) + "]"
