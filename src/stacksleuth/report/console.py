"""Rich consoles: results on stdout, progress and errors on stderr."""

from __future__ import annotations

from rich.console import Console


def stdout_console(no_color: bool = False) -> Console:
    return Console(no_color=no_color or None, highlight=False, width=_width())


def stderr_console(no_color: bool = False) -> Console:
    return Console(stderr=True, no_color=no_color or None, highlight=False)


def _width() -> int | None:
    # Piped output is laid out for 100 columns rather than Rich's default 80.
    import sys

    return None if sys.stdout.isatty() else 100
