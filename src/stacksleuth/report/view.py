"""What the three human reports (terminal, KB article, HTML) share: findings grouped by check.

The renderers take the analysis/v1 JSON dict (DESIGN's contract) and compute nothing new.
Grouping one check's findings across hosts, putting groups in the fleet's ranking and
picking the few evidence lines worth quoting are display choices, made here once so that
the three reports tell the same story in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("critical", "high", "medium", "low", "info")
STATUSES = ("met", "not met", "not observable")

Doc = dict[str, Any]


@dataclass(frozen=True)
class EvidenceLine:
    """One quoted line: a command output or log line, with where it was read."""

    host: str
    path: str
    line: int | None
    text: str
    label: str
    is_log: bool  # log lines carry a "time" key (possibly null); command outputs do not
    time: str | None = None
    proof: bool = False  # a command output line that shows what the check's conditions saw
    match: tuple[int, int] | None = None  # where its `grep`/`proof` pattern matched

    @property
    def is_count(self) -> bool:
        """The `... N more` line that stands for lines left out, not a quoted line."""
        return not self.path and not self.line

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class PredictionView:
    """One prediction of a check, with the hosts it was met / not met / not observable on."""

    text: str
    next_test: str | None
    hosts_by_status: dict[str, list[str]]

    @property
    def statuses(self) -> list[str]:
        return [s for s in STATUSES if self.hosts_by_status.get(s)]


@dataclass(frozen=True)
class CheckGroup:
    """Every finding of one check across the analysed hosts."""

    check: str
    title: str
    severity: str
    category: str
    hosts: list[str]
    findings: list[Doc]
    symptoms: list[str]
    explanation: str
    workaround: str
    fix: str
    references: list[str]
    falsepositives: list[str]
    predictions: list[PredictionView]
    hypothesis: Doc | None = None  # the fleet's view of this check, when the fleet has one
    affected_hosts: list[str] = field(default_factory=list)  # its hosts that are affected

    @property
    def lead_finding(self) -> Doc:
        """The finding to quote first: on an affected host when there is one."""
        for finding in self.findings:
            if finding["host"] in self.affected_hosts:
                return finding
        return self.findings[0]


def fleet(doc: Doc) -> Doc:
    return doc.get("fleet") or {}


def group_findings(doc: Doc) -> list[CheckGroup]:
    """Findings grouped by check; in the fleet's hypothesis ranking when there is one,
    else by severity then check id (the order `analyze` already sorts findings in)."""
    by_check: dict[str, list[Doc]] = {}
    for finding in doc.get("findings", []):
        by_check.setdefault(finding["check"], []).append(finding)
    hypotheses = {h["check"]: h for h in fleet(doc).get("hypotheses", [])}
    rank = {check: number for number, check in enumerate(hypotheses)}
    affected = set(fleet(doc).get("affected", []))
    groups = [_group(findings, hypotheses.get(c), affected) for c, findings in by_check.items()]
    return sorted(
        groups,
        key=lambda g: (rank.get(g.check, len(rank)), _severity_rank(g.severity), g.check),
    )


def _severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _group(findings: list[Doc], hypothesis: Doc | None, affected: set[str]) -> CheckGroup:
    first = findings[0]
    hosts = list(dict.fromkeys(f["host"] for f in findings))
    return CheckGroup(
        check=first["check"],
        title=first.get("title", first["check"]),
        severity=first.get("severity", "info"),
        category=first.get("category", ""),
        hosts=hosts,
        findings=findings,
        symptoms=list(first.get("symptoms", [])),
        explanation=first.get("explanation", "").strip(),
        workaround=first.get("workaround", "").strip(),
        fix=first.get("fix", "").strip(),
        references=list(first.get("references", [])),
        falsepositives=list(first.get("falsepositives", [])),
        predictions=_predictions(findings),
        hypothesis=hypothesis,
        affected_hosts=[h for h in hosts if h in affected],
    )


def _predictions(findings: list[Doc]) -> list[PredictionView]:
    """The check's predictions once each, with the hosts behind each status."""
    texts: dict[str, dict[str, list[str]]] = {}
    next_tests: dict[str, str | None] = {}
    for finding in findings:
        for prediction in finding.get("predictions", []):
            statuses = texts.setdefault(prediction["text"], {})
            statuses.setdefault(prediction["status"], []).append(finding["host"])
            next_tests.setdefault(prediction["text"], prediction.get("next_test"))
    return [PredictionView(text, next_tests[text], statuses) for text, statuses in texts.items()]


def evidence_lines(finding: Doc) -> list[EvidenceLine]:
    return [
        EvidenceLine(
            host=finding["host"],
            path=str(item.get("path", "")),
            line=item.get("line") or None,
            text=str(item.get("text", "")),
            label=str(item.get("label", "")),
            is_log="time" in item,
            time=item.get("time"),
            proof=bool(item.get("proof")),
            match=_span(item.get("match")),
        )
        for item in finding.get("evidence", [])
    ]


def _span(value: object) -> tuple[int, int] | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) for v in value)
    ):
        return (value[0], value[1])
    return None


def telling_lines(finding: Doc, limit: int = 3) -> list[EvidenceLine]:
    """The lines that prove the finding, at most `limit`: per kind of evidence (label),
    its log hits (each satisfied a condition) or its `proof` lines (`Actor Churn State:
    churned`, not the `Bonding Mode` header before it); a label with neither gives its
    first line. Log labels first (they show the failure itself), then labels with proof
    lines, then the rest; taken in turns, so every kind of proof is shown once first."""
    by_label: dict[str, list[EvidenceLine]] = {}
    for line in evidence_lines(finding):
        if not line.is_count:
            by_label.setdefault(line.label, []).append(line)
    kinds = []
    for lines in by_label.values():
        proofs = [line for line in lines if line.is_log or line.proof]
        kinds.append(proofs or lines[:1])
    kinds.sort(key=lambda lines: (not lines[0].is_log, not lines[0].proof))
    chosen: list[EvidenceLine] = []
    for turn in range(limit):
        for lines in kinds:
            if turn < len(lines) and len(chosen) < limit:
                chosen.append(lines[turn])
    return chosen


def elide(text: str, match: tuple[int, int] | None, limit: int) -> str:
    """`text` cut to about `limit` characters around `match` (else its start), with `…`
    where it was cut: a 1,000-character `ps` line shows the option that matched."""
    if len(text) <= limit:
        return text
    start = 0
    if match is not None and match[1] > limit:
        start = max(0, min(match[0] - limit // 4, len(text) - limit))
        space = text.find(" ", start, match[0])  # begin at a word, not mid-option
        start = space + 1 if space != -1 else start
    end = start + limit
    return ("… " if start else "") + text[start:end] + (" …" if end < len(text) else "")


def by_severity(groups: list[CheckGroup]) -> list[CheckGroup]:
    """Most severe first; then the one that explains most affected hosts, then most hosts."""
    return sorted(
        groups,
        key=lambda g: (_severity_rank(g.severity), -len(g.affected_hosts), -len(g.hosts), g.check),
    )


def by_path(lines: list[EvidenceLine]) -> list[tuple[str, list[EvidenceLine]]]:
    """Evidence lines grouped by the file they were read from, in first-seen order."""
    paths: dict[str, list[EvidenceLine]] = {}
    for line in lines:
        paths.setdefault(line.path, []).append(line)
    return list(paths.items())


def abbreviate(names: list[str], first: int = 5) -> str:
    """`a, b, c, d, e and 7 more`: long host lists stay one line."""
    if len(names) <= first + 1:
        return ", ".join(names)
    return f"{', '.join(names[:first])} and {len(names) - first} more"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def partial_hosts(doc: Doc) -> list[tuple[str, list[str]]]:
    """Hosts whose evidence could not all be read, with the notes saying what."""
    return [
        (
            host["name"],
            [
                f"{n['severity']}: {n['where']}: {n['message']}"
                for n in host.get("notes", [])
                if n.get("severity") != "info"
            ],
        )
        for host in doc.get("hosts", [])
        if host.get("partial")
    ]


def vms_by_compute(doc: Doc) -> list[tuple[str, list[str]]]:
    """The given VMs per compute (only with `--vms`): how the problem spreads."""
    computes: dict[str, list[str]] = {}
    for vm in fleet(doc).get("vms", []):
        computes.setdefault(vm.get("compute") or "unknown compute", []).append(
            vm.get("name") or vm.get("id", "?")
        )
    return sorted(computes.items(), key=lambda item: (-len(item[1]), item[0]))


def nic_summary(host: Doc) -> list[str]:
    """`model: driver+driver` per physical card, the NIC facts people compare first."""
    network = host.get("facts", {}).get("network") or {}
    cards = []
    for card in network.get("cards", []):
        drivers = "+".join(card.get("drivers") or []) or "driver unknown"
        cards.append(f"{card.get('model') or card.get('address')}: {drivers}")
    return list(dict.fromkeys(cards))
