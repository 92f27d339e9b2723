"""The knowledge-base article (`--format markdown`, `stacksleuth kb ANALYSIS.json`).

The seeds' step 5: "Write a wiki article where you detail the symptoms of the problem, the
logs with the relevant entries and the fix. Write short sentences and add command outputs
and log snippets." One article per check that fired: title, symptoms, environment (the
affected hosts and what they share), how it was diagnosed (the hypotheses tested and the
predictions), evidence (fenced, with host and path), root cause, workaround, fix,
references. Plain CommonMark (no tables), so it pastes into any wiki.

Evidence text, host names and attribute values come from customers' machines: they go in
code spans and fenced blocks whose fences are longer than any backtick run inside, so no
log line can end a block or inject markup; control characters are shown escaped
(`safe_text`), so `cat` on the article cannot drive a terminal either.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stacksleuth.report.checked import checked_lines
from stacksleuth.report.safe_text import printable_tree
from stacksleuth.report.view import (
    CheckGroup,
    Doc,
    EvidenceLine,
    PredictionView,
    abbreviate,
    by_path,
    evidence_lines,
    fleet,
    group_findings,
    plural,
)

_HOSTS_LISTED = 20  # an article lists this many hosts, then "and N more"
_MORE_HOSTS_QUOTED = 2  # log lines quoted from this many hosts beyond the first
_LINES_PER_BLOCK = 12
_DISCRIMINATORS = 5  # the best few; the JSON has them all


@dataclass(frozen=True)
class Article:
    """One KB article: the Markdown for one check's findings."""

    check: str
    title: str
    markdown: str


def render_markdown(doc: Doc) -> str:
    """Every article of the analysis in one CommonMark document, separated by rules.
    Evidence text is made printable first: a Markdown file gets no control character."""
    doc = printable_tree(doc)
    found = articles(doc)
    if not found:
        hosts = len(doc.get("hosts", []))
        return (
            "# No known issue found\n\n"
            f"stacksleuth read {plural(hosts, 'host')} and no check matched.\n" + _checked(doc)
        )
    return "\n---\n\n".join(article.markdown for article in found) + _checked(doc)


def _checked(doc: Doc) -> str:
    """The "what was checked" section: the ground a clean (or partial) verdict stands on."""
    lines = checked_lines(doc)
    if not lines:
        return ""
    return "\n" + _section(
        "What was checked", _bullets(f"**{line.label}**: {_inline(line.text)}" for line in lines)
    )


def articles(doc: Doc) -> list[Article]:
    """One article per check that fired, in the fleet's ranking (best explanation first).
    Evidence text is made printable first: a Markdown file gets no control character."""
    doc = printable_tree(doc)
    return [
        Article(group.check, group.title, _article(doc, group)) for group in group_findings(doc)
    ]


def _article(doc: Doc, group: CheckGroup) -> str:
    parts = [
        f"# {_prose(group.title)}\n",
        f"Check {code(group.check)}. Severity: **{group.severity}**. "
        f"Category: {group.category or 'none'}.\n",
        _section("Symptoms", _bullets(_prose(s) for s in group.symptoms)),
        _section("Environment", _environment(doc, group)),
        _section("How it was diagnosed", _diagnosis(doc, group)),
        _section("Evidence", _evidence(group)),
        _section("Root cause", _prose(group.explanation)),
        _section("Workaround", _prose(group.workaround)),
        _section("Fix", _prose(group.fix)),
    ]
    if group.references:
        parts.append(_section("References", _bullets(_link(r) for r in group.references)))
    if group.falsepositives:
        parts.append(
            _section(
                "When this is not the cause", _bullets(_prose(f) for f in group.falsepositives)
            )
        )
    return "\n".join(part for part in parts if part)


def _section(heading: str, body: str) -> str:
    return f"## {heading}\n\n{body.strip()}\n" if body.strip() else ""


def _bullets(items: Iterable[str]) -> str:
    return "".join(f"- {item}\n" for item in items)


def _environment(doc: Doc, group: CheckGroup) -> str:
    run = fleet(doc)
    hosts = ", ".join(code(h) for h in group.hosts[:_HOSTS_LISTED])
    if len(group.hosts) > _HOSTS_LISTED:
        hosts += f" and {len(group.hosts) - _HOSTS_LISTED} more"
    total = len(doc.get("hosts", []))
    lines = [f"Found on {plural(len(group.hosts), 'host')} of {total}: {hosts}."]
    affected = run.get("affected", [])
    if affected:
        how = run.get("affected_from")
        lines.append(
            f"The affected set is {plural(len(affected), 'host')}"
            + (f" ({_inline(how)})" if how else "")
            + f"; {len(run.get('healthy', []))} are healthy."
        )
    if group.hypothesis and group.hypothesis.get("summary"):
        lines.append(f"This check {_inline(group.hypothesis['summary'])}.")
    body = "\n".join(lines) + "\n"
    discriminators = run.get("discriminators", [])
    if affected and not group.affected_hosts:
        # What the affected hosts share says nothing about a problem they do not have.
        return body + "\nNone of the affected hosts has it: it is a separate problem.\n"
    if discriminators:
        compared = run.get("compared_with")
        body += "\nWhat the affected hosts share, and the healthy ones do not"
        body += f" (compared with {_inline(compared)}):\n\n" if compared else ":\n\n"
        body += _bullets(_discriminator(d) for d in discriminators[:_DISCRIMINATORS])
    return body


def _discriminator(item: Doc) -> str:
    text = (
        f"{code(item['attribute'])} = {code(str(item['value']))}: "
        f"{item['affected_with']}/{item['affected_total']} affected, "
        f"{item['healthy_with']}/{item['healthy_total']} healthy"
    )
    if item.get("p_value") is not None:
        text += f" (p = {item['p_value']:.1e})"
    return text + "."


def _diagnosis(doc: Doc, group: CheckGroup) -> str:
    body = ""
    hypotheses = fleet(doc).get("hypotheses", [])
    if hypotheses:
        body += (
            f"{len(hypotheses)} {'hypothesis' if len(hypotheses) == 1 else 'hypotheses'}"
            f" tested against {plural(len(doc.get('hosts', [])), 'host')}, best first:\n\n"
        )
        for number, hypothesis in enumerate(hypotheses, start=1):
            counts = hypothesis.get("predictions", {})
            this = " (this article)" if hypothesis["check"] == group.check else ""
            body += (
                f"{number}. {code(hypothesis['check'])}{this}: "
                f"{_inline(hypothesis.get('summary', ''))}. Predictions: "
                + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("met", "not met", "not observable"))
                + ".\n"
            )
        body += "\n"
    if group.predictions:
        body += "If this diagnosis is right, the evidence shows the following.\n\n"
        for prediction in group.predictions:
            body += f"- {_prose(prediction.text)}. {_statuses(prediction, group)}"
            if prediction.hosts_by_status.get("not observable") and prediction.next_test:
                body += f" Next test: {_prose(prediction.next_test)}."
            body += "\n"
    return body


def _statuses(prediction: PredictionView, group: CheckGroup) -> str:
    parts = []
    for status in prediction.statuses:
        hosts = prediction.hosts_by_status[status]
        label = "Not observable in this evidence" if status == "not observable" else status
        label = label[0].upper() + label[1:]
        if len(hosts) == len(group.hosts):
            parts.append(f"**{label}**.")
        else:
            names = abbreviate([code(h) for h in hosts], 3)
            parts.append(f"**{label}** on {plural(len(hosts), 'host')} ({names}).")
    return " ".join(parts)


def _evidence(group: CheckGroup) -> str:
    """The lead host's proof in full; log lines from a couple more hosts, since a pattern
    seen on several hosts is what makes a fleet problem credible; the rest named."""
    lead = group.lead_finding
    blocks = [_blocks(evidence_lines(lead))]
    quoted = [lead["host"]]
    for finding in group.findings:
        if len(quoted) > _MORE_HOSTS_QUOTED or finding["host"] in quoted:
            continue
        logs = [line for line in evidence_lines(finding) if line.is_log]
        if logs:
            blocks.append(_blocks(logs))
            quoted.append(finding["host"])
    rest = [h for h in group.hosts if h not in quoted]
    if rest:
        blocks.append(
            f"The same check matched on {plural(len(rest), 'more host')}: "
            + abbreviate([code(h) for h in rest], 8)
            + ". The JSON analysis (`--format json`) holds every line.\n"
        )
    return "\n".join(blocks)


def _blocks(lines: list[EvidenceLine]) -> str:
    out = []
    for path, quoted in by_path(lines):
        shown = quoted[:_LINES_PER_BLOCK]
        numbers = [str(line.line) for line in shown if line.line]
        where = f", {'line' if len(numbers) == 1 else 'lines'} {', '.join(numbers)}"
        labels = list(dict.fromkeys(line.label for line in shown if line.label))
        out.append(
            f"On {code(shown[0].host)}, {code(path)}{where if numbers else ''}"
            + (f" ({_inline('; '.join(labels))})" if labels else "")
            + ":\n\n"
            + fenced([line.text for line in shown])
        )
        if len(quoted) > len(shown):
            out.append(f"({len(quoted) - len(shown)} more lines from this file not shown.)\n")
    return "\n".join(out)


# --- CommonMark escaping ---------------------------------------------------------------

# Enough for literal text mid-line: emphasis, code, links, raw HTML, entities, GFM
# tables and strikethrough. (Block markers like `#` or `-` only act at a line start,
# where this is never used.)
_PUNCT = re.compile(r"([\\`*_\[\]<>&|~])")
_TICKS = re.compile(r"`+")


def code(text: str) -> str:
    """An inline code span that holds `text` whatever backticks it contains."""
    text = text.replace("\n", " ")
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def fenced(lines: list[str], info: str = "text") -> str:
    """A fenced block longer than any backtick run in `lines`, so none can close it."""
    longest = max((len(run) for line in lines for run in _TICKS.findall(line)), default=0)
    fence = "`" * max(3, longest + 1)
    body = "".join(line.replace("\r", "") + "\n" for line in lines)
    return f"{fence}{info}\n{body}{fence}\n"


def _inline(text: str) -> str:
    """Untrusted text as literal prose: every Markdown metacharacter escaped."""
    return _PUNCT.sub(r"\\\1", " ".join(str(text).split()))


def _prose(text: str) -> str:
    """A check's own text (already written as Markdown, with code spans): kept as written,
    except raw HTML, which a wiki would swallow (`<dev>` outside a code span)."""
    parts = re.split(r"(`+[^`]*?`+)", text.strip())
    return "".join(part if part.startswith("`") else part.replace("<", "\\<") for part in parts)


def _link(reference: str) -> str:
    if re.fullmatch(r"https?://[^\s<>]+", reference):
        return f"<{reference}>"
    return _inline(reference)
