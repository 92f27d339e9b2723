"""The self-contained HTML report (`stacksleuth analyze --format html -o report.html`).

One file, inline CSS and JS, nothing fetched at view time (a Content-Security-Policy in
the page forbids it), so it can be mailed or attached to a ticket. It holds the summary,
the affected set with what separates it from the healthy hosts, each check's findings with
their evidence folded in <details>, a hosts table sortable by clicking its headers, and an
SVG timeline of the matched log events (time on x, hosts on y, one mark per event).

Everything from the evidence is untrusted: the template autoescapes it all, and the only
markup we add to check text is <code> for its `code spans`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader
from markupsafe import Markup, escape

from stacksleuth.report.checked import checked_lines
from stacksleuth.report.html_timeline import build_timeline
from stacksleuth.report.safe_text import printable_tree
from stacksleuth.report.view import (
    CheckGroup,
    Doc,
    EvidenceLine,
    by_path,
    evidence_lines,
    fleet,
    group_findings,
    nic_summary,
    partial_hosts,
    plural,
    telling_lines,
    vms_by_compute,
)

# Okabe-Ito: told apart by colour-blind readers too; black and grey last.
PALETTE = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#999999")
_EVIDENCE_HOSTS = 20  # hosts whose evidence a check's <details> holds; the JSON has all


@dataclass(frozen=True)
class HostEvidence:
    """One host's quoted lines for a check, by file."""

    host: str
    files: list[tuple[str, list[EvidenceLine]]]


@dataclass(frozen=True)
class GroupView:
    """One check's findings as the template draws them."""

    group: CheckGroup
    colour: str
    telling: list[EvidenceLine]
    evidence: list[HostEvidence]
    evidence_hosts_left_out: int


def render_html(doc: Doc) -> str:
    """The whole report as one HTML document (control characters shown escaped)."""
    doc = printable_tree(doc)
    groups = group_findings(doc)
    colours = {group.check: PALETTE[n % len(PALETTE)] for n, group in enumerate(groups)}
    template = _environment().get_template("report.html.j2")
    return template.render(
        doc=doc,
        fleet=fleet(doc),
        groups=[_group_view(group, colours[group.check]) for group in groups],
        hosts=_host_rows(doc),
        partial=partial_hosts(doc),
        vms=vms_by_compute(doc),
        timeline=build_timeline(fleet(doc).get("timeline", []), colours, PALETTE[-1]),
        plural=plural,
        checked=checked_lines(doc),
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("stacksleuth.report", "templates"),
        autoescape=True,  # evidence text is untrusted: every {{ }} is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["code_spans"] = code_spans
    return env


def code_spans(text: str) -> Markup:
    """Check text with its `code spans` as <code>; everything else escaped."""
    parts = re.split(r"`+([^`]*?)`+", str(text).strip())
    # re.split puts the captured code between the prose parts: odd indexes are code.
    return Markup("").join(
        Markup("<code>{}</code>").format(part) if odd else escape(part)
        for odd, part in ((n % 2 == 1, p) for n, p in enumerate(parts))
    )


def _group_view(group: CheckGroup, colour: str) -> GroupView:
    lead = group.lead_finding
    ordered = [lead] + [f for f in group.findings if f is not lead]
    evidence = [
        HostEvidence(finding["host"], by_path(evidence_lines(finding)))
        for finding in ordered[:_EVIDENCE_HOSTS]
    ]
    return GroupView(
        group=group,
        colour=colour,
        telling=telling_lines(lead),
        evidence=evidence,
        evidence_hosts_left_out=max(0, len(ordered) - _EVIDENCE_HOSTS),
    )


@dataclass(frozen=True)
class HostRow:
    """A host's key facts, one row of the sortable hosts table."""

    name: str
    status: str
    role: str
    kernel: str
    os: str
    nics: list[str]
    checks: list[str]
    partial: bool
    notes: list[str]


def _host_rows(doc: Doc) -> list[HostRow]:
    run = fleet(doc)
    affected = set(run.get("affected", []))
    healthy = set(run.get("healthy", []))
    checks: dict[str, list[str]] = {}
    for finding in doc.get("findings", []):
        names = checks.setdefault(finding["host"], [])
        if finding["check"] not in names:
            names.append(finding["check"])
    rows = []
    for host in doc.get("hosts", []):
        identity = host.get("facts", {}).get("identity", {})
        name = host["name"]
        rows.append(
            HostRow(
                name=name,
                status="affected" if name in affected else "healthy" if name in healthy else "",
                role=host.get("role") or identity.get("role") or "",
                kernel=identity.get("kernel") or "",
                os=(identity.get("os") or {}).get("pretty") or "",
                nics=nic_summary(host),
                checks=checks.get(name, []),
                partial=bool(host.get("partial")),
                notes=[f"{n['severity']}: {n['where']}: {n['message']}" for n in host["notes"]]
                if host.get("notes")
                else [],
            )
        )
    return rows
