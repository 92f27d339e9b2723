"""The real pieces the demo fleet is built from (`demo/data/`, sources in its SOURCES.md).

Every byte the generator writes starts as one of these files: the corpus sosreport's
outputs, the check fixtures' real outputs, or rows of public command outputs. The
generator only substitutes host names, PCI addresses, interface names and times in them.
`line()` refuses a row that is not in its source file, so a typo cannot turn into an
invented output.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def piece(path: str) -> str:
    """The text of `demo/data/<path>`."""
    return resources.files("stacksleuth.demo").joinpath("data", path).read_text(encoding="utf-8")


def line(path: str, contains: str) -> str:
    """The first line of `demo/data/<path>` holding `contains` (ValueError if none)."""
    for text in piece(path).splitlines():
        if contains in text:
            return text
    raise ValueError(f"demo data {path} has no line with {contains!r}")


def lines(path: str) -> list[str]:
    return piece(path).splitlines()
