"""The terminal view of `stacksleuth analyze`: findings grouped by check, with proof."""

from __future__ import annotations

from itertools import groupby

from rich.console import Console
from rich.markup import escape

from stacksleuth.analysis import Analysis

_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_QUOTED = 3


def render_analysis(analysis: Analysis, console: Console) -> None:
    partial = sum(1 for h in analysis.hosts if h.partial)
    console.print(
        f"[bold]{len(analysis.hosts)} host(s) analysed[/bold]"
        + (f", [yellow]{partial} partial (see notes)[/yellow]" if partial else "")
    )
    if not analysis.findings:
        console.print("No known issue found.")
    for check_id, group in groupby(analysis.findings, key=lambda f: f.check.id):
        findings = list(group)
        check = findings[0].check
        style = _STYLE[str(check.severity)]
        hosts = sorted({f.host for f in findings})
        console.print()
        console.rule(
            f"[{style}]{check.severity.upper()}[/{style}] {escape(check.title)}", align="left"
        )
        console.print(
            f"[bold]{check_id}[/bold] on {len(hosts)} host(s): {escape(', '.join(hosts))}"
        )
        first = findings[0]
        console.print("[bold]evidence[/bold] (" + escape(first.host) + "):")
        for line in _telling_lines(first.evidence):
            where = f"{line['path']}:{line['line']}" if line["line"] else ""
            console.print(
                f"  [dim]{escape(where)}[/dim] {escape(str(line['text']))}", soft_wrap=True
            )
        for prediction in first.predictions:
            mark = {"met": "[green]met[/green]", "not met": "[red]not met[/red]"}.get(
                prediction.status, "[dim]not observable[/dim]"
            )
            hint = (
                f" -> next: {escape(prediction.next_test)}"
                if (prediction.status == "not observable" and prediction.next_test)
                else ""
            )
            console.print(f"  prediction {mark}: {escape(prediction.text)}{hint}")
        console.print(f"[bold]workaround[/bold]: {escape(check.workaround.strip())}")
        console.print(f"[bold]fix[/bold]: {escape(check.fix.strip())}")
    for host in analysis.hosts:
        for note in host.notes:
            if note.makes_partial:
                console.print(f"[yellow]note[/yellow] {escape(host.name)}: {escape(str(note))}")


def _telling_lines(evidence: list[dict[str, object]]) -> list[dict[str, object]]:
    """A few lines of each kind of proof: command output first, then log lines."""
    by_label: dict[str, list[dict[str, object]]] = {}
    for line in evidence:
        by_label.setdefault(str(line["label"]), []).append(line)
    return [line for lines in by_label.values() for line in lines[:_QUOTED]]
