"""The terminal summary of an analysis (`stacksleuth analyze`, default `--format text`).

Reads the analysis/v1 dict and tells the story in the order an engineer works: which hosts
were read (and which only partly), which are affected and how that set was chosen, what
the affected hosts share, then one block per check: severity, hosts, the two or three
lines that prove it, its predictions, and the workaround apart from the fix. Laid out for
100 columns; colours are the Console's decision (TTY, `no_color`).
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from stacksleuth.report.checked import checked_lines
from stacksleuth.report.view import (
    CheckGroup,
    Doc,
    abbreviate,
    fleet,
    group_findings,
    partial_hosts,
    plural,
    telling_lines,
    vms_by_compute,
)

_SEVERITY_STYLE = {
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "cyan",
    "info": "dim",
}
_STATUS_STYLE = {"met": "green", "not met": "red", "not observable": "dim"}
_TOP_DISCRIMINATORS = 3
_AFFECTED_NAMED = 24  # the affected hosts are the ones an operator acts on: name them


def render_summary(doc: Doc, console: Console) -> None:
    """Print the whole summary of one analysis to `console`."""
    _hosts(doc, console)
    _affected(doc, console)
    _discriminators(doc, console)
    groups = group_findings(doc)
    if not groups:
        console.print("\nNo known issue found.")
    for group in groups:
        _group(group, console)
    _checked(doc, console)


def _checked(doc: Doc, console: Console) -> None:
    """What was checked, what could not be, and the hosts with nothing to check."""
    lines = checked_lines(doc)
    if not lines:
        return
    console.print("\n[bold]what was checked[/bold]")
    grid = _grid()
    for line in lines:
        style = "yellow" if line.label in ("could not run", "unreadable") else "dim"
        grid.add_row(f"[{style}]{escape(line.label)}[/{style}]", escape(line.text))
    console.print(Padding(grid, (0, 0, 0, 2)))


def _hosts(doc: Doc, console: Console) -> None:
    partial = partial_hosts(doc)
    line = f"[bold]{plural(len(doc.get('hosts', [])), 'host')} analysed[/bold]"
    if partial:
        line += f", [yellow]{len(partial)} partial[/yellow]"
    console.print(line)
    for name, notes in partial:
        console.print(f"  [yellow]partial[/yellow] {escape(name)}")
        for note in notes:
            console.print(f"    {escape(note)}")
    for note in doc.get("notes", []):
        console.print(f"  [yellow]note[/yellow] {escape(str(note))}")


def _affected(doc: Doc, console: Console) -> None:
    run = fleet(doc)
    affected = run.get("affected", [])
    how = run.get("affected_from")
    console.print(
        f"\n[bold]affected[/bold]: {plural(len(affected), 'host')}"
        + (f" ({escape(how)})" if how else "")
    )
    if affected:
        console.print(f"  {escape(abbreviate(affected, _AFFECTED_NAMED))}")
    console.print(f"  healthy: {plural(len(run.get('healthy', [])), 'host')}")
    _unreadable(run, console)
    unknown = run.get("unknown_affected", [])
    if unknown:
        console.print(
            f"  [yellow]no analysed host is called[/yellow] {escape(abbreviate(unknown))}"
        )
    spread = vms_by_compute(doc)
    if spread:
        total = sum(len(vms) for _, vms in spread)
        console.print(
            f"  {plural(total, 'VM')} on {plural(len(spread), 'compute')}: "
            + escape(abbreviate([f"{compute} ({len(vms)})" for compute, vms in spread], 6))
        )


def _unreadable(run: Doc, console: Console) -> None:
    """Hosts with no usable evidence: neither affected nor healthy (why: in their notes)."""
    unreadable = run.get("unreadable", [])
    if unreadable:
        console.print(
            f"  [yellow]unreadable[/yellow]: {plural(len(unreadable), 'host')} "
            f"({escape(abbreviate(unreadable))}), neither affected nor healthy"
        )


def _discriminators(doc: Doc, console: Console) -> None:
    found = fleet(doc).get("discriminators", [])
    if not found:
        return
    compared = fleet(doc).get("compared_with")
    console.print(
        "\n[bold]what the affected hosts share[/bold]"
        + (f" (compared with {escape(compared)})" if compared else "")
    )
    for item in found[:_TOP_DISCRIMINATORS]:
        console.print(f"  {escape(_discriminator_text(item))}")
    if len(found) > _TOP_DISCRIMINATORS:
        console.print(f"  [dim]and {len(found) - _TOP_DISCRIMINATORS} more (see --format json)")


def _discriminator_text(item: Doc) -> str:
    if item.get("summary"):
        return str(item["summary"])
    return f"{item['attribute']} = {item['value']}"


def _group(group: CheckGroup, console: Console) -> None:
    style = _SEVERITY_STYLE.get(group.severity, "")
    console.print()
    console.rule(
        f"[{style}]{group.severity.upper()}[/{style}] [bold]{escape(group.check)}[/bold]",
        align="left",
    )
    console.print(f"[bold]{escape(group.title)}[/bold]")
    facts = _grid()
    facts.add_row("hosts", f"{len(group.hosts)}: {escape(abbreviate(group.hosts))}")
    if group.hypothesis and group.hypothesis.get("summary"):
        facts.add_row("fleet", escape(group.hypothesis["summary"]))
    console.print(facts)
    lead = group.lead_finding
    others = len(group.hosts) - 1
    console.print(
        f"[bold]evidence[/bold] on {escape(lead['host'])}"
        + (f" (the same check on {plural(others, 'other host')})" if others else "")
        + ":"
    )
    for line in telling_lines(lead):
        # Unwrapped: a log line cut at column 100 is harder to grep for than a long one.
        console.print(f"  [dim]{escape(line.where)}[/dim] {escape(line.text)}", soft_wrap=True)
    if group.predictions:
        console.print("[bold]predictions[/bold]:")
        predictions = _grid()
        for prediction in group.predictions:
            text = escape(prediction.text)
            if prediction.hosts_by_status.get("not observable") and prediction.next_test:
                text += f"\n[dim]next test:[/dim] {escape(prediction.next_test)}"
            predictions.add_row(_statuses(prediction.hosts_by_status, len(group.hosts)), text)
        console.print(Padding(predictions, (0, 0, 0, 2)))
    remedy = _grid()
    remedy.add_row("[bold]WORKAROUND[/bold]", escape(group.workaround))
    remedy.add_row("[bold]FIX[/bold]", escape(group.fix))
    console.print(remedy)


def _grid() -> Table:
    """Two columns, the second wrapping under itself (a hanging indent), not under the label."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _statuses(hosts_by_status: dict[str, list[str]], total: int) -> str:
    """`met`, or `met on 5, not met on 2` when the hosts disagree."""
    parts = []
    for status in ("met", "not met", "not observable"):
        hosts = hosts_by_status.get(status, [])
        if not hosts:
            continue
        style = _STATUS_STYLE[status]
        count = "" if len(hosts) == total else f" on {len(hosts)}"
        parts.append(f"[{style}]{status}{count}[/{style}]")
    return ", ".join(parts)
