"""`stacksleuth cache ...`: what the extraction cache holds, and cleaning it.

Only entries of ours are listed or removed (see `evidence/cachedir.py`): unpacked trees
named by a checksum key, extraction temp dirs, the cache's tag. A directory that is not a
stacksleuth cache (`/`, your home, a directory with none of our entries) is refused.
"""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from stacksleuth.cli import EXIT_USAGE, CacheDir, Format, OutputFormat

app = typer.Typer(
    help="The extraction cache: where tarballs are unpacked (once, keyed by checksum). "
    "List what it holds and its size; clean it.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Stale = Annotated[
    bool,
    typer.Option(
        "--stale",
        help="Only what no run will reuse: temp dirs of crashed or killed runs, and trees "
        "whose removal was cut short. Finished trees stay.",
    ),
]


@app.command("list")
def list_cache(cache_dir: CacheDir = None, output: Format = OutputFormat.text) -> None:
    """Each unpacked archive (key, archive it came from, size, when) and each temp dir of
    an extraction in progress or left by a crashed run, with a total.

    Examples:

      stacksleuth cache list

      stacksleuth cache list --cache-dir /scratch/stacksleuth --format json
    """
    from stacksleuth.evidence import cachedir

    where = _our_cache_dir(cache_dir)
    entries = cachedir.scan(where)
    if output is OutputFormat.json:
        _echo_json(where, entries, key="entries")
        return
    console = _console()
    if not entries:
        console.print(f"{_shown(str(where))}: empty", highlight=False)
        return
    console.print(_table(entries))
    total = sum(e.size for e in entries)
    count = len(entries)
    noun = "entry" if count == 1 else "entries"
    console.print(f"{count} {noun}, {_size(total)} in {_shown(str(where))}", markup=False)


@app.command()
def clean(cache_dir: CacheDir = None, stale: Stale = False, output: Format = OutputFormat.text):
    """Remove everything stacksleuth unpacked (or, with --stale, only leftovers), and say
    what was freed. A temp dir that a running stacksleuth is extracting into is left alone.
    Nothing that is not ours is ever removed. The next run unpacks again what it needs.

    Examples:

      stacksleuth cache clean --stale

      stacksleuth cache clean --cache-dir /scratch/stacksleuth
    """
    from stacksleuth.evidence import cachedir

    started = time.time()
    where = _our_cache_dir(cache_dir)
    leftovers = (cachedir.EntryKind.STALE, cachedir.EntryKind.INCOMPLETE)
    removed, busy = [], []
    for entry in cachedir.scan(where):
        if stale and entry.kind not in leftovers:
            continue
        # A temp dir newer than this command may belong to a run that has not locked it yet.
        young = entry.kind is cachedir.EntryKind.STALE and entry.modified >= started
        if entry.kind is cachedir.EntryKind.IN_PROGRESS or young or not cachedir.remove(entry):
            busy.append(entry)
        else:
            removed.append(entry)
    if output is OutputFormat.json:
        _echo_json(where, removed, key="removed", busy=busy)
        return
    console = _console()
    if removed:
        console.print(_table(removed, title="removed"))
    freed = sum(e.size for e in removed)
    console.print(
        f"freed {_size(freed)}: {len(removed)} entries removed from {_shown(str(where))}",
        markup=False,
    )
    if busy:
        console.print(
            f"left {len(busy)} temp dir(s) a running stacksleuth is extracting into",
            markup=False,
        )


def _our_cache_dir(cache_dir: Path | None) -> Path:
    """The cache directory, or exit 2 when it is not a stacksleuth cache."""
    from stacksleuth.evidence.archive import default_cache_dir
    from stacksleuth.evidence.cachedir import NotOurCache, check_ours

    where = cache_dir or default_cache_dir()
    try:
        check_ours(where)
    except NotOurCache as refusal:
        typer.echo(f"error: {_shown(str(refusal))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as error:
        typer.echo(f"error: cannot read {_shown(str(where))}: {error.strerror}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    return where


def _table(entries, title: str | None = None):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    table.add_column("key", no_wrap=True)
    table.add_column("state", no_wrap=True)
    table.add_column("archive", overflow="fold")  # whole, wrapped: it says which case it is
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("when", no_wrap=True)
    for entry in entries:
        when = datetime.fromtimestamp(entry.modified).isoformat(sep=" ", timespec="seconds")
        table.add_row(
            entry.key,
            str(entry.kind),
            Text(_shown(entry.archive or "-")),
            _size(entry.size),
            when,
        )
    return table


def _echo_json(where: Path, entries, key: str, busy=None) -> None:
    from stacksleuth.report.jsonout import dumps

    payload = {
        "cache_dir": _json_safe(str(where)),
        key: [
            {**e.to_json(), "archive": _json_safe(e.archive), "path": _json_safe(str(e.path))}
            for e in entries
        ],
        "total": sum(e.size for e in entries),
    }
    if busy is not None:
        payload["busy"] = [_json_safe(str(e.path)) for e in busy]
    typer.echo(dumps(payload))


def _console():
    from stacksleuth.report.console import stdout_console

    return stdout_console()


def _size(size: int) -> str:
    from stacksleuth.evidence.safety import format_size

    return format_size(size)


def _shown(text: str) -> str:
    """`text` with control characters and undecodable bytes escaped, safe on a terminal."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _json_safe(text: str | None) -> str | None:
    # A file name's undecodable bytes (kept by Python as surrogates) are not valid UTF-8.
    return None if text is None else os.fsencode(text).decode("utf-8", "backslashreplace")
