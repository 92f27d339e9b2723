"""What every parser shares."""

from __future__ import annotations


class ParseError(ValueError):
    """The text is not the format this parser reads (not merely odd or truncated)."""
