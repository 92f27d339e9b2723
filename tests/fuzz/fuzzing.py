"""Mutated real samples fed to every parser: the shared harness of the fuzz test (a few
seconds in `make test`) and of `bench/fuzz.py` (as long as you like).

Parsers are found by introspection (every public `parse*` function of every module in
`stacksleuth.parsers`), so a new parser is fuzzed the day it lands. A parser may return
anything or raise its `ParseError`; anything else it raises is a bug.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

from hypothesis import strategies as st

import stacksleuth.parsers
from stacksleuth.parsers.base import ParseError

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
HEAD_CHARS = 16 * 1024  # of each sample: enough for every section, fast to mutate

# What damage inserts: numbers no field can hold, zone offsets no clock has, separators
# and brackets parsers split on, NUL fill, invalid and wide characters, line ends.
NASTY = (
    "0",
    "-1",
    "99999999999999999999",
    "1e999",
    "nan",
    "0x",
    "+90:00",
    "42:54:30",
    "2022-02-30",
    ":",
    "=",
    ",",
    "|",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    '"',
    "'",
    "\\",
    "/",
    "\t",
    " ",
    "\n",
    "\r\n",
    "\0" * 16,
    "\ufffd",
    "é",
    "\u2028",
    "\x1c",
    "--",
    "...",
)


def parsers() -> dict[str, Callable[[str], object]]:
    """Every `parse*` function that reads text, defined in a module of
    `stacksleuth.parsers`, by `module.name`."""
    found: dict[str, Callable[[str], object]] = {}
    package = stacksleuth.parsers
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if (
                name.startswith("parse")
                and function.__module__ == module.__name__
                and _reads_text(function)
            ):
                found[f"{info.name}.{name}"] = function
    return found


def _reads_text(function: Callable) -> bool:
    """Whether the function's first argument is text (`parse_lacp_port_state` takes the
    number already read; the rest take command output or a line)."""
    first = next(iter(inspect.signature(function).parameters.values()))
    return first.annotation in ("str", str)


def sample_texts() -> list[str]:
    """The head of every real sample (tests/samples/**, their SOURCES.md left out)."""
    texts = []
    for path in sorted(SAMPLES.rglob("*")):
        if path.is_file() and not path.name.endswith(".md"):
            texts.append(path.read_bytes()[:HEAD_CHARS].decode("utf-8", "replace"))
    return texts


@st.composite
def mutated_samples(draw, texts: list[str]) -> str:
    """A real sample with a few damages: spans cut, nasty pieces inserted, digits made
    huge, lines repeated, a line of another sample spliced in, a long run of one piece,
    the text truncated."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(
            st.sampled_from(["cut", "insert", "number", "repeat", "truncate", "splice", "run"])
        )
        at = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 64)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif kind == "number":
            digit = next((i for i in range(at, len(text)) if text[i].isdigit()), None)
            if digit is not None:
                text = text[:digit] + "9" * draw(st.integers(5, 40)) + text[digit + 1 :]
        elif kind == "repeat":
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            line = text[start : end if end >= 0 else len(text)]
            text = text[:start] + (line + "\n") * draw(st.integers(2, 5)) + text[start:]
        elif kind == "splice":  # a line of another format in the middle (mixed files)
            other = draw(st.sampled_from(texts)).splitlines() or [""]
            text = text[:at] + draw(st.sampled_from(other)) + "\n" + text[at:]
        elif kind == "run":  # a long run of one piece: what makes a backtracking regex slow
            text = (
                text[:at] + draw(st.sampled_from(NASTY)) * draw(st.integers(100, 4000)) + text[at:]
            )
        else:
            text = text[:at]
    return text


def feed_all(text: str, functions: dict[str, Callable[[str], object]]) -> None:
    """Run every parser on `text`; raise AssertionError naming the first parser that
    raises anything but ParseError."""
    for name, function in functions.items():
        try:
            function(text)
        except ParseError:
            pass
        except Exception as exc:  # noqa: BLE001 - the fuzz test's whole point: name it
            raise AssertionError(f"{name} raised {type(exc).__name__}: {exc}") from exc
