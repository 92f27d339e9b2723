"""The terminal view of `stacksleuth host`: identity, evidence coverage, notes."""

from __future__ import annotations

from datetime import timedelta

from rich.console import Console
from rich.table import Table

from stacksleuth.facts.model import HostFacts
from stacksleuth.report.host_sections import render_sections
from stacksleuth.report.safe_text import markup

_SEVERITY_STYLE = {"info": "dim", "warning": "yellow", "error": "bold red"}


def render_hosts(hosts: list[HostFacts], console: Console) -> None:
    for number, facts in enumerate(hosts):
        if number:
            console.print()
        render_host(facts, console)


def render_host(facts: HostFacts, console: Console) -> None:
    identity = facts.identity
    title = f"[bold]{markup(identity.hostname)}[/bold]" + (
        f" ({markup(identity.fqdn)})"
        if identity.fqdn and identity.fqdn != identity.hostname
        else ""
    )
    console.rule(title, align="left")
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan")
    table.add_column()
    roles = ", ".join(r for r in identity.roles if r != identity.role)
    rows = [
        ("source", f"{facts.source} ({facts.kind})"),
        ("role", identity.role + (f"  (also: {roles})" if roles else "")),
        ("os", identity.os_pretty or "unknown"),
        ("kernel", f"{identity.kernel} {identity.machine}".strip() or "unknown"),
        ("sos", identity.sos_version or "-"),
        (
            "report time",
            identity.report_time.strftime("%Y-%m-%d %H:%M:%S UTC")
            if identity.report_time
            else "unknown",
        ),
        ("uptime", _uptime(identity.uptime)),
        (
            "booted",
            identity.boot_time.strftime("%Y-%m-%d %H:%M UTC") if identity.boot_time else "-",
        ),
    ]
    for label, value in rows:
        table.add_row(label, markup(value))
    console.print(table)
    render_sections(facts, console)
    if facts.kind != "unreadable":
        _render_coverage(facts, console)
    _render_notes(facts, console)


def _uptime(uptime: timedelta | None) -> str:
    if uptime is None:
        return "unknown"
    hours, rest = divmod(int(uptime.total_seconds()), 3600)
    days, hours = divmod(hours, 24)
    return (f"{days} d " if days else "") + f"{hours} h {rest // 60} min"


def _render_coverage(facts: HostFacts, console: Console) -> None:
    found = [row for row in facts.coverage if row.files]
    console.print(f"\n[bold]evidence[/bold]: {len(found)} of {len(facts.coverage)} specs found")
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_column("status")
    table.add_column("spec")
    table.add_column("detail", overflow="fold")
    for row in facts.coverage:
        if row.status == "truncated":
            detail = f"{row.truncated} of {row.files} file(s) tailed by sos"
            table.add_row("[yellow]truncated[/yellow]", markup(row.spec), detail)
        elif row.status == "not collected":
            table.add_row("[dim]not collected[/dim]", markup(row.spec), markup(row.why_missing))
    if facts.kind == "log-bundle":
        # A bundle holds what the customer chose to send: list what is there instead.
        table.add_row("found", markup(", ".join(row.spec for row in found)) or "-", "")
    else:
        missing = [row.spec for row in facts.coverage if row.status == "missing"]
        if missing:
            table.add_row("[dim]missing[/dim]", f"[dim]{markup(', '.join(missing))}[/dim]", "")
    if table.row_count:
        console.print(table)


def _render_notes(facts: HostFacts, console: Console) -> None:
    if not facts.notes:
        return
    console.print(f"\n[bold]notes[/bold] ({'partial' if facts.partial else 'complete'})")
    for note in facts.notes:
        style = _SEVERITY_STYLE[str(note.severity)]
        text = markup(f"{note.where}: {note.message}")
        console.print(
            f"  [{style}]{note.severity}[/{style}] {text}",
            markup=True,
            highlight=False,
            soft_wrap=True,
        )
