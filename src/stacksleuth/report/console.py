"""Rich consoles: results on stdout, progress and errors on stderr."""

from __future__ import annotations

from rich.console import Console


class _StdoutConsole(Console):
    """Rich exits with status 1 when the reader leaves (`| head`); 1 means "partial" here.
    Stop printing and let `stacksleuth.stdout.reader_may_leave` end the output quietly."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def stdout_console(no_color: bool = False) -> Console:
    return _StdoutConsole(no_color=no_color or None, highlight=False, width=_width())


def stderr_console(no_color: bool = False) -> Console:
    return Console(stderr=True, no_color=no_color or None, highlight=False)


def _width() -> int | None:
    # Piped output is laid out for 100 columns rather than Rich's default 80.
    import sys

    return None if sys.stdout.isatty() else 100
