"""The `stacksleuth` command line. Thin: parse arguments, call the engine, pick a renderer.

Output for people goes to stdout; progress and logs go to stderr, so `--format json`
can be piped. Heavy modules are imported inside commands to keep `--help` fast.
"""

from __future__ import annotations

import io
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from stacksleuth import __version__
from stacksleuth.errors import UsageError
from stacksleuth.stdout import reader_may_leave

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


def _one_of(kind: type[StrEnum]):
    """A callback that turns an option's text into `kind`, or says which values exist (the
    plain words, not Typer's 'Value error, ...')."""

    def convert(value: str | StrEnum) -> StrEnum:
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise typer.BadParameter(f"{value!r} is not one of {choices}") from None

    return convert


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stacksleuth {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
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
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Hosts analysed in parallel [default: cores]."),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        callback=_one_of(OutputFormat),
        help="text for people, json for tools.",
        metavar="[text|json]",
    ),
]


def _add_cache_app() -> None:  # after CacheDir and Format, which cache_cli reuses
    from stacksleuth.cache_cli import app as cache_app

    app.add_typer(cache_app, name="cache")


_add_cache_app()


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
    with reader_may_leave():
        if output is OutputFormat.json:
            from stacksleuth.report.jsonout import dumps

            payload = facts[0].to_json() if len(facts) == 1 else [f.to_json() for f in facts]
            typer.echo(dumps(payload))
        else:
            from stacksleuth.report.host_text import render_hosts

            render_hosts(facts, stdout_console(no_color))
    raise typer.Exit(EXIT_PARTIAL if any(f.partial for f in facts) else EXIT_OK)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    html = "html"


@app.command(epilog=EXIT_CODES)
def analyze(
    paths: Paths = None,
    affected: Annotated[
        str | None,
        typer.Option(
            help="The hosts that show the problem, comma-separated (short names or FQDNs).",
            show_default=False,
        ),
    ] = None,
    affected_file: Annotated[
        Path | None,
        typer.Option(
            help="The affected hosts, one per line (# comments allowed).", show_default=False
        ),
    ] = None,
    vms: Annotated[
        Path | None,
        typer.Option(
            help="The affected VMs as `openstack server show -f json` output (one or many "
            "documents) or `openstack server list --long -f json`: their computes are the "
            "affected hosts.",
            show_default=False,
        ),
    ] = None,
    symptom: Annotated[
        str | None,
        typer.Option(
            help="A regular expression: hosts whose logs match it are the affected ones.",
            show_default=False,
        ),
    ] = None,
    checks: Annotated[
        list[Path] | None, typer.Option("--checks", help="Your own checks too (repeatable).")
    ] = None,
    jobs: Jobs = None,
    live: Live = False,
    host_name: HostName = None,
    output: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            callback=_one_of(ReportFormat),
            help="text for people, json for tools, markdown for a knowledge-base article, "
            "html for a self-contained report.",
            metavar="[text|json|markdown|html]",
        ),
    ] = ReportFormat.text,
    out_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file instead of stdout."),
    ] = None,
    cache_dir: CacheDir = None,
    max_extract_size: MaxExtract = "16G",
    command_timeout: CommandTimeout = 30.0,
    no_color: NoColor = False,
) -> None:
    """Run the knowledge base on every host and compare the fleet: which hosts are
    affected, what they share that the healthy ones do not, which known issues explain
    them, with the log lines and command outputs that prove it, the next tests to run,
    the workaround and the fix.

    The affected set comes from --affected / --affected-file, else --vms, else --symptom,
    else the hosts with a finding of severity high or worse.

    Examples:

      stacksleuth analyze /cases/1234/sosreports/

      stacksleuth analyze /cases/1234/ --vms slow-vms.json --format html -o report.html

      stacksleuth analyze /cases/1234/ --affected compute-3,compute-17 --format json

      stacksleuth analyze /cases/1234/ --symptom 'NETDEV WATCHDOG' --format markdown

      stacksleuth analyze --checks ./my-checks/ sosreport-compute4.tar.xz
    """
    from stacksleuth.analysis import analyze as run_analysis
    from stacksleuth.fleet.affected import AffectedRequest

    request = AffectedRequest(
        names=tuple(n.strip() for n in (affected or "").split(",") if n.strip()),
        names_file=affected_file,
        vms_file=vms,
        symptom=symptom,
    )
    analysis = _run(
        run_analysis,
        paths,
        live,
        no_color,
        checks_dirs=checks,
        request=request,
        jobs=jobs,
        host=host_name,
        cache_dir=cache_dir,
        max_extract_bytes=parse_size(max_extract_size),
        command_timeout=command_timeout,
    )
    _write_report(analysis.to_json(), output, out_file, no_color)
    raise typer.Exit(EXIT_PARTIAL if analysis.partial else EXIT_OK)


@app.command(epilog=EXIT_CODES)
def kb(
    analysis_file: Annotated[
        Path, typer.Argument(help="A saved `stacksleuth analyze --format json` result.")
    ],
    out_file: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the article to this file instead of stdout."),
    ] = None,
) -> None:
    """Write the knowledge-base article (Markdown) of a saved analysis: symptoms, evidence,
    how it was diagnosed, root cause, workaround and fix.

    Example:

      stacksleuth analyze /cases/1234/ --format json > analysis.json

      stacksleuth kb analysis.json -o KB-1234.md
    """
    import json

    expected = "expected the JSON written by `stacksleuth analyze --format json`"
    try:
        document = json.loads(analysis_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise typer.BadParameter(f"{analysis_file}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise typer.BadParameter(
            f"{analysis_file}: not a JSON file: not UTF-8 text (byte {error.start}); {expected}"
        ) from None
    except json.JSONDecodeError as error:
        raise typer.BadParameter(
            f"{analysis_file}: not a JSON file ({error.msg} at line {error.lineno}, "
            f"column {error.colno}); {expected}"
        ) from None
    if not isinstance(document, dict) or document.get("schema") != "stacksleuth/analysis/v1":
        raise typer.BadParameter(f"{analysis_file}: not a stacksleuth/analysis/v1 document")
    try:
        _write_report(document, ReportFormat.markdown, out_file, no_color=True)
    except (KeyError, TypeError, AttributeError) as error:
        # A hand-edited or truncated document: say so instead of a traceback.
        raise typer.BadParameter(
            f"{analysis_file}: incomplete analysis document ({type(error).__name__}: {error})"
        ) from None


@app.command(epilog=EXIT_CODES)
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Where the report, the KB article and the JSON go.")
    ] = Path("stacksleuth-demo"),
    keep: Annotated[
        bool,
        typer.Option(help="Keep the generated sosreports in OUT/fleet (else they are removed)."),
    ] = False,
    jobs: Jobs = None,
    no_color: NoColor = False,
) -> None:
    """Show what stacksleuth is for, on a generated cloud: 168 computes and 3 controllers
    with the seeds' problems planted (12 computes with an X710 card split between i40e and
    DPDK, a double VLAN, vhost_net off, image cache on NFS, a churned LACP bond, failing
    iSCSI paths, ...). It analyses them with the ticket's affected VMs, prints the
    summary, and writes report.html, kb.md and analysis.json to OUT.
    """
    import shutil
    import tempfile

    from stacksleuth.analysis import analyze as run_analysis
    from stacksleuth.demo.generate import generate_fleet
    from stacksleuth.fleet.affected import AffectedRequest
    from stacksleuth.report.console import stderr_console

    errors = stderr_console(no_color)
    out.mkdir(parents=True, exist_ok=True)
    work = out / "fleet" if keep else Path(tempfile.mkdtemp(prefix="stacksleuth-demo-"))
    try:
        with errors.status("generating 171 sosreports", spinner="dots"):
            fleet = generate_fleet(work)
        vms = out / "affected-vms.json"
        shutil.copyfile(fleet.vms_file, vms)
        errors.print(
            f"generated {len(fleet.hosts)} sosreports; the ticket's affected VMs: {vms}",
            highlight=False,
        )
        analysis = run_analysis(
            [work], request=AffectedRequest(vms_file=vms), jobs=jobs, progress=errors
        )
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    document = analysis.to_json()
    _write_report(document, ReportFormat.text, None, no_color)
    for name, output in (
        ("analysis.json", ReportFormat.json),
        ("kb.md", ReportFormat.markdown),
        ("report.html", ReportFormat.html),
    ):
        _write_report(document, output, out / name, no_color)
    errors.print(f"open {(out / 'report.html').resolve()} in a browser", highlight=False)
    raise typer.Exit(EXIT_PARTIAL if analysis.partial else EXIT_OK)


def _write_report(
    document: dict, output: ReportFormat, out_file: Path | None, no_color: bool
) -> None:
    """Render the analysis document in the chosen format, to stdout or `out_file`."""
    if output is ReportFormat.text and out_file is None:
        from stacksleuth.report.console import stdout_console
        from stacksleuth.report.terminal import render_summary

        with reader_may_leave():
            render_summary(document, stdout_console(no_color))
        return
    if output is ReportFormat.json:
        from stacksleuth.report.jsonout import dumps

        text = dumps(document) + "\n"
    elif output is ReportFormat.markdown:
        from stacksleuth.report.kb import render_markdown

        text = render_markdown(document)
    elif output is ReportFormat.html:
        from stacksleuth.report.html import render_html

        text = render_html(document)
    else:
        from rich.console import Console

        from stacksleuth.report.terminal import render_summary

        console = Console(record=True, width=100, no_color=True, file=io.StringIO())
        render_summary(document, console)
        text = console.export_text()
    if out_file is None:
        with reader_may_leave():
            typer.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as error:
        raise typer.BadParameter(f"cannot write {out_file}: {error.strerror or error}") from None
    from stacksleuth.report.console import stderr_console

    stderr_console(no_color).print(f"wrote {out_file}", highlight=False)


def _run(job, paths: list[Path] | None, live: bool, no_color: bool, **options):
    """Run a job over the evidence: progress on stderr, a usage problem exits 2."""
    from stacksleuth.report.console import stderr_console

    if not paths and not live:
        raise typer.BadParameter("give at least one PATH, or --live", param_hint="PATHS")
    errors = stderr_console(no_color)
    try:
        return job(list(paths or []), live=live, progress=errors, **options)
    except UsageError as problem:
        from stacksleuth.report.safe_text import markup

        errors.print(f"error: {markup(problem)}", style="bold red", highlight=False)
        raise typer.Exit(EXIT_USAGE) from None


def main() -> None:
    app()
