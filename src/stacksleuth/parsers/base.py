"""What every parser shares."""

from __future__ import annotations


class ParseError(ValueError):
    """The text is not the format this parser reads (not merely odd or truncated)."""


def to_int(value: str | float, base: int | None = None) -> int:
    """`int(value)` (or in `base`) for a number a parser read; ParseError, not a bare
    ValueError, when it is not one Python can hold (more than 4,300 digits, or infinity:
    damage)."""
    try:
        return int(value) if base is None else int(value, base)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:  # OverflowError: int() of an infinite float
        raise ParseError(f"not a number: {str(value)[:40]!r}") from exc
