"""The `stacksleuth` command line. Thin: parse arguments, call the engine, pick a renderer.

Output for people goes to stdout; progress and logs go to stderr, so `--format json`
can be piped. Heavy modules are imported inside commands to keep `--help` fast.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stacksleuth import __version__
from stacksleuth.errors import UsageError

EXIT_CODES = """Exit status: 0 complete; 1 partial (some evidence could not be read: see the notes);
2 usage error."""

app = typer.Typer(
    help=(
        "Find the root cause of OpenStack problems from sosreports, sos collect bundles, "
        "plain log bundles or the live host.\n\n" + EXIT_CODES
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE = 0, 1, 2


def _add_checks_app() -> None:
    from stacksleuth.checks_cli import app as checks_app

    app.add_typer(checks_app, name="checks")


_add_checks_app()


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stacksleuth {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Global options."""


def parse_size(text: str) -> int:
    """`16G`, `500M`, `1024` -> bytes."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?", text.strip(), re.IGNORECASE)
    if not match:
        raise typer.BadParameter(f"{text!r} is not a size like 500M or 16G")
    factor = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}[match[2].upper()]
    return int(float(match[1]) * factor)


CacheDir = Annotated[
    Path | None,
    typer.Option(
        help="Where tarballs are unpacked (once, keyed by checksum). "
        "Default: $XDG_CACHE_HOME/stacksleuth or ~/.cache/stacksleuth."
    ),
]
MaxExtract = Annotated[
    str, typer.Option(help="Refuse an archive that unpacks past this size (decompression bombs).")
]
Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="sosreport directories or tarballs, sos collect bundles, fleet directories, "
        "or plain log bundles.",
        show_default=False,
    ),
]
Live = Annotated[bool, typer.Option(help="Read this machine (read-only commands).")]
HostName = Annotated[str | None, typer.Option("--host", help="Host name for a plain log bundle.")]
CommandTimeout = Annotated[float, typer.Option(help="Seconds each live command may run.")]
NoColor = Annotated[bool, typer.Option("--no-color", help="No colours, even on a TTY.")]
Format = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="text for people, json for tools.")
]


@app.command(epilog=EXIT_CODES)
def host(
    paths: Paths = None,
    live: Live = False,
    host_name: HostName = None,
    output: Format = OutputFormat.text,
    cache_dir: CacheDir = None,
    max_extract_size: MaxExtract = "16G",
    command_timeout: CommandTimeout = 30.0,
    no_color: NoColor = False,
) -> None:
    """Who each host is: name, OS, kernel, sos version, report date, uptime, role, and which
    evidence the report holds (found, missing, truncated).

    Examples:

      stacksleuth host sosreport-compute4-2022-02-10.tar.xz

      stacksleuth host --format json /cases/1234/sosreports/

      stacksleuth host --live
    """
    from stacksleuth.hostinfo import collect_host_facts
    from stacksleuth.report.console import stdout_console

    facts = _run(
        collect_host_facts,
        paths,
        live,
        no_color,
        host=host_name,
        cache_dir=cache_dir,
        max_extract_bytes=parse_size(max_extract_size),
        command_timeout=command_timeout,
    )
    if output is OutputFormat.json:
        from stacksleuth.report.jsonout import dumps

        payload = facts[0].to_json() if len(facts) == 1 else [f.to_json() for f in facts]
        typer.echo(dumps(payload))
    else:
        from stacksleuth.report.host_text import render_hosts

        render_hosts(facts, stdout_console(no_color))
    raise typer.Exit(EXIT_PARTIAL if any(f.partial for f in facts) else EXIT_OK)


@app.command(epilog=EXIT_CODES)
def analyze(
    paths: Paths = None,
    checks: Annotated[
        list[Path] | None, typer.Option("--checks", help="Your own checks too (repeatable).")
    ] = None,
    live: Live = False,
    host_name: HostName = None,
    output: Format = OutputFormat.text,
    cache_dir: CacheDir = None,
    max_extract_size: MaxExtract = "16G",
    command_timeout: CommandTimeout = 30.0,
    no_color: NoColor = False,
) -> None:
    """Run the knowledge base on every host: findings with the log lines and command
    outputs that prove them, predictions to test next, workaround and fix.

    Examples:

      stacksleuth analyze /cases/1234/sosreports/

      stacksleuth analyze sosreport-compute4.tar.xz --format json

      stacksleuth analyze --checks ./my-checks/ /cases/1234/
    """
    from stacksleuth.analysis import analyze as run_analysis
    from stacksleuth.report.console import stdout_console

    analysis = _run(
        run_analysis,
        paths,
        live,
        no_color,
        checks_dirs=checks,
        host=host_name,
        cache_dir=cache_dir,
        max_extract_bytes=parse_size(max_extract_size),
        command_timeout=command_timeout,
    )
    if output is OutputFormat.json:
        from stacksleuth.report.jsonout import dumps

        typer.echo(dumps(analysis.to_json()))
    else:
        from stacksleuth.report.findings_text import render_analysis

        render_analysis(analysis, stdout_console(no_color))
    raise typer.Exit(EXIT_PARTIAL if analysis.partial else EXIT_OK)


def _run(job, paths: list[Path] | None, live: bool, no_color: bool, **options):
    """Run a job over the evidence: progress on stderr, a usage problem exits 2."""
    from stacksleuth.report.console import stderr_console

    if not paths and not live:
        raise typer.BadParameter("give at least one PATH, or --live", param_hint="PATHS")
    errors = stderr_console(no_color)
    try:
        return job(list(paths or []), live=live, progress=errors, **options)
    except UsageError as problem:
        errors.print(f"error: {problem}", style="bold red", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


def main() -> None:
    app()
