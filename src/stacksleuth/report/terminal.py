"""The terminal summary of an analysis (`stacksleuth analyze`, default `--format text`).

Reads the analysis/v1 dict and tells the story in the order an engineer works: which hosts
were read (and which only partly), which are affected and how that set was chosen, what
the affected hosts share, then one block per check, most severe first: severity, hosts,
the two or three lines that prove it (`view.telling_lines`), its predictions, and the
workaround apart from the fix; last a four-line summary, so the story is on screen when
the run ends. Every line wraps under its own indentation at the console's width (100
when piped); colours are the Console's decision (TTY, `no_color`). Evidence text is
escaped twice over: control characters (`safe_text`) and Rich markup (`escape`).
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from stacksleuth.report.checked import checked_lines
from stacksleuth.report.safe_text import printable_tree
from stacksleuth.report.view import (
    CheckGroup,
    Doc,
    abbreviate,
    by_severity,
    elide,
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
_QUOTED_CHARS = 240  # of an evidence line, around what matched; the JSON has it whole


def render_summary(doc: Doc, console: Console) -> None:
    """Print the whole summary of one analysis to `console`; evidence text is made
    printable first (no control character reaches the terminal) and Rich markup in it
    is escaped where it is printed. Checks come most severe first, then by how many
    affected hosts they explain; a short summary ends the output, so the story is on
    screen when the run ends."""
    doc = printable_tree(doc)
    _hosts(doc, console)
    _affected(doc, console)
    _discriminators(doc, console)
    groups = by_severity(group_findings(doc))
    if not groups:
        console.print("\nNo known issue found.")
    for group in groups:
        _group(group, console)
    _checked(doc, console)
    _summary(doc, groups, console)


def _indented(console: Console, text: str, indent: int = 2) -> None:
    """One line of markup that wraps under itself, `indent` columns in."""
    console.print(Padding(text, (0, 0, 0, indent), expand=False))


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
        _indented(console, f"[yellow]partial[/yellow] {escape(name)}")
        for note in notes:
            _indented(console, escape(note), 4)
    for note in doc.get("notes", []):
        _indented(console, f"[yellow]note[/yellow] {escape(str(note))}")


def _affected(doc: Doc, console: Console) -> None:
    run = fleet(doc)
    affected = run.get("affected", [])
    how = run.get("affected_from")
    console.print(
        f"\n[bold]affected[/bold]: {plural(len(affected), 'host')}"
        + (f" ({escape(how)})" if how else "")
    )
    if affected:
        _indented(console, escape(abbreviate(affected, _AFFECTED_NAMED)))
    _indented(console, f"healthy: {plural(len(run.get('healthy', [])), 'host')}")
    _unreadable(run, console)
    unknown = run.get("unknown_affected", [])
    if unknown:
        _indented(
            console, f"[yellow]no analysed host is called[/yellow] {escape(abbreviate(unknown))}"
        )
    spread = vms_by_compute(doc)
    if spread:
        total = sum(len(vms) for _, vms in spread)
        _indented(
            console,
            f"{plural(total, 'VM')} on {plural(len(spread), 'compute')}: "
            + escape(abbreviate([f"{compute} ({len(vms)})" for compute, vms in spread], 6)),
        )


def _unreadable(run: Doc, console: Console) -> None:
    """Hosts with no usable evidence: neither affected nor healthy (why: in their notes)."""
    unreadable = run.get("unreadable", [])
    if unreadable:
        _indented(
            console,
            f"[yellow]unreadable[/yellow]: {plural(len(unreadable), 'host')} "
            f"({escape(abbreviate(unreadable))}), neither affected nor healthy",
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
        _indented(console, escape(_discriminator_text(item)))
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
        # Wrapped under itself; a long line (a 1,000-character `ps` line) is cut around
        # what matched, the JSON keeps it whole.
        text = elide(line.text, line.match, _QUOTED_CHARS).strip()
        _indented(console, f"[dim]{escape(line.where)}[/dim] {escape(text)}")
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


def _summary(doc: Doc, groups: list[CheckGroup], console: Console) -> None:
    """The story in four lines: who is affected, what they share, the finding that
    explains them best, and what to do now."""
    run = fleet(doc)
    affected = run.get("affected", [])
    console.print()
    console.rule("[bold]summary[/bold]", align="left")
    rows = _grid()
    total = len(doc.get("hosts", []))
    rows.add_row(
        "affected",
        f"{len(affected)} of {plural(total, 'host')}"
        + (f": {escape(abbreviate(affected))}" if affected else ""),
    )
    found = run.get("discriminators", [])
    if found:
        rows.add_row("shared", escape(_discriminator_text(found[0])))
    top = _top(run, groups)
    if top is None:
        rows.add_row("finding", "no known issue found")
    else:
        style = _SEVERITY_STYLE.get(top.severity, "")
        explained = (
            f" (on {len(top.affected_hosts)}/{len(affected)} affected hosts)" if affected else ""
        )
        rows.add_row(
            "finding",
            f"[{style}]{top.severity.upper()}[/{style}] {escape(top.check)}: "
            f"{escape(top.title)}{explained}",
        )
        rows.add_row("do now", escape(_first_sentence(top.workaround) or top.fix))
    console.print(rows)


def _top(run: Doc, groups: list[CheckGroup]) -> CheckGroup | None:
    """The fleet's best explanation of the affected hosts, else the most severe finding."""
    best = [h["check"] for h in run.get("hypotheses", [])[:1] if h.get("affected_explained")]
    by_check = {group.check: group for group in groups}
    if best and best[0] in by_check:
        return by_check[best[0]]
    return groups[0] if groups else None


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end == -1 else text[: end + 1]


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
