"""Running checks on one host: facts + log hits in, findings with their evidence out.

`evaluate` is pure: it sees the host's facts (as JSON, for JMESPath) and the scan's log
hits, never the file system. `run_checks` does the reading around it: one scan of the
logs for every pattern of every check (with syslog years inferred when the report has
no date, see `yearless.py`), then quotes of command outputs for the checks that fired.
Counting lines lives in `counting.py`; Python checks in `python/`.
"""

from __future__ import annotations

from dataclasses import dataclass

import jmespath

from stacksleuth.checks.applicability import applies
from stacksleuth.checks.counting import describe, qualifying
from stacksleuth.checks.model import LOG_SOURCES, Check, Condition, Prediction
from stacksleuth.checks.python import PYTHON_CHECKS, PythonCheckInput
from stacksleuth.checks.results import ConditionResult, LogScan, log_hits
from stacksleuth.checks.yearless import with_inferred_years
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.facts.model import HostFacts
from stacksleuth.scan.engine import scan_logs
from stacksleuth.scan.quotes import quote
from stacksleuth.scan.timestamps import LineClock

MET, NOT_MET, NOT_OBSERVABLE = "met", "not met", "not observable"
HITS_QUOTED_PER_CONDITION = 5


@dataclass(slots=True)
class PredictionResult:
    text: str
    status: str
    next_test: str = ""

    def to_json(self) -> dict[str, str]:
        data = {"text": self.text, "status": self.status}
        if self.next_test:
            data["next_test"] = self.next_test
        return data


@dataclass(slots=True)
class Finding:
    check: Check
    host: str
    conditions: list[ConditionResult]
    predictions: list[PredictionResult]
    evidence: list[dict[str, object]]

    def to_json(self) -> dict[str, object]:
        check = self.check
        return {
            "check": check.id,
            "title": check.title,
            "category": check.category,
            "severity": str(check.severity),
            "host": self.host,
            "symptoms": check.symptoms,
            "conditions": [
                {"name": c.name, "kind": c.kind, "detail": c.detail} for c in self.conditions
            ],
            "evidence": self.evidence,
            "predictions": [p.to_json() for p in self.predictions],
            "explanation": check.explanation,
            "workaround": check.workaround,
            "fix": check.fix,
            "references": check.references,
            "falsepositives": check.falsepositives,
        }


def wanted_patterns(checks: list[Check]) -> dict[str, set[str]]:
    """Every log pattern of every check, by source: what the one scan must look for."""
    wanted: dict[str, set[str]] = {}
    for check in checks:
        parts = [part for condition in check.conditions for part in condition.parts]
        for item in [*parts, *check.predictions]:
            if item.log is not None:
                wanted.setdefault(item.log.source, set()).update(item.log.patterns)
    return wanted


def facts_document(facts: HostFacts, data: dict[str, object] | None = None) -> dict[str, object]:
    """What JMESPath expressions see: the facts sections plus `attributes` and `role`;
    `data` is `facts.to_json()` when the caller already has it."""
    data = data if data is not None else facts.to_json()
    document = dict(data["facts"])  # type: ignore[arg-type]
    document["attributes"] = data["attributes"]
    document["role"] = data["role"]
    return document


def run_checks(checks: list[Check], evidence: HostEvidence, facts: HostFacts) -> list[Finding]:
    return findings_of(checks, evidence, facts, scan_host(checks, evidence, facts))


def scan_host(
    checks: list[Check],
    evidence: HostEvidence,
    facts: HostFacts,
    extra: dict[str, set[str]] | None = None,
) -> LogScan:
    """One pass over the host's logs for every pattern of `checks`, plus `extra` ones
    (the operator's `--symptom`), so no log is read twice."""
    identity = facts.identity
    clock = LineClock(identity.report_time, identity.boot_time)
    wanted = wanted_patterns(checks)
    for source, patterns in (extra or {}).items():
        wanted.setdefault(source, set()).update(patterns)
    scan: LogScan = scan_logs(evidence, wanted, LOG_SOURCES, clock)
    if identity.report_time is None:
        names = [evidence.name, facts.source]
        scan = with_inferred_years(scan, wanted, names, identity.boot_time, evidence.notes)
    return scan


def findings_of(
    checks: list[Check],
    evidence: HostEvidence,
    facts: HostFacts,
    scan: LogScan,
    facts_json: dict[str, object] | None = None,
) -> list[Finding]:
    """The checks that hold on this host, judged on its facts and one scan of its logs
    (`facts_json`: `facts.to_json()` when the caller already built it)."""
    identity = facts.identity
    document = facts_document(facts, facts_json)
    found_specs = {row.spec for row in facts.coverage if row.files}
    findings = []
    for check in checks:
        if not applies(check, identity.roles):
            continue
        results = evaluate(check, document, scan)
        if results is None:
            continue
        predictions = [judge(p, document, scan, found_specs) for p in check.predictions]
        findings.append(
            Finding(check, facts.name, results, predictions, _evidence(check, results, evidence))
        )
    return findings


def evaluate(check: Check, document: dict, scan: LogScan) -> list[ConditionResult] | None:
    """The results of every condition when all hold, else None.

    A Python check's function decides instead (the loader made sure it exists).
    """
    if check.implementation == "python":
        return PYTHON_CHECKS[check.id](PythonCheckInput(check, document, scan))
    context: dict[str, object] = {}
    results = []
    for condition in check.conditions:
        result = _condition(condition, document, scan, context)
        if not result.holds:
            return None
        results.append(result)
    return results


def _condition(
    condition: Condition, document: dict, scan: LogScan, context: dict[str, object]
) -> ConditionResult:
    if condition.any_of is not None:
        return _any_of(condition, document, scan, context)
    if condition.fact is not None:
        value = jmespath.search(condition.fact, document)
        context[condition.name] = value
        return ConditionResult(condition.name, "fact", _truthy(value), _summary(value))
    assert condition.log is not None
    hits = log_hits(condition.log, scan)
    if condition.join is not None:
        allowed = _flatten(jmespath.search(condition.join.values, context))
        hits = [h for h in hits if h.groups.get(condition.join.group) in allowed]
    kept = qualifying(hits, condition.log)
    context[condition.name] = [hit.groups for hit in kept or hits]
    detail = describe(hits, kept, condition.log)
    return ConditionResult(condition.name, "log", bool(kept), detail, kept or hits)


def _any_of(
    condition: Condition, document: dict, scan: LogScan, context: dict[str, object]
) -> ConditionResult:
    """Holds when one alternative holds; quotes every alternative that does."""
    held = [
        result
        for result in (_condition(alt, document, scan, context) for alt in condition.parts)
        if result.holds
    ]
    context[condition.name] = [result.name for result in held]
    detail = "; ".join(f"{r.name}: {r.detail}" for r in held) or "no alternative holds"
    hits = [hit for result in held for hit in result.hits]
    return ConditionResult(condition.name, "any_of", bool(held), detail, hits)


def judge(
    prediction: Prediction, document: dict, scan: LogScan, found_specs: set[str]
) -> PredictionResult:
    """Met, not met, or not observable from this evidence (then: the next test to run)."""
    unobservable = PredictionResult(prediction.text, NOT_OBSERVABLE, prediction.next_test)
    if any(spec not in found_specs for spec in prediction.requires):
        return unobservable
    if prediction.fact is not None:
        met = _truthy(jmespath.search(prediction.fact, document))
        return PredictionResult(prediction.text, MET if met else NOT_MET, prediction.next_test)
    if prediction.log is not None:
        if scan.used.get(prediction.log.source) is None:
            return unobservable
        met = bool(qualifying(log_hits(prediction.log, scan), prediction.log))
        return PredictionResult(prediction.text, MET if met else NOT_MET, prediction.next_test)
    return unobservable


def _truthy(value: object) -> bool:
    return value not in (None, False, 0, "", [], {})


def _flatten(value: object) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, list):
        return {str(v) for item in value for v in _flatten(item)}
    return {str(value)}


def _summary(value: object) -> str:
    if isinstance(value, list):
        return f"{len(value)} matching object(s)"
    return f"= {value!r}"


def _evidence(
    check: Check, results: list[ConditionResult], evidence: HostEvidence
) -> list[dict[str, object]]:
    quoted: list[dict[str, object]] = []
    for request in check.evidence:
        for line in quote(evidence, request.spec, request.grep, request.proof):
            quoted.append({**line.to_json(), "label": request.label or request.spec})
    for result in results:
        for hit in result.hits[:HITS_QUOTED_PER_CONDITION]:
            quoted.append({**hit.to_json(), "label": result.name})
        if len(result.hits) > HITS_QUOTED_PER_CONDITION:
            more = len(result.hits) - HITS_QUOTED_PER_CONDITION
            quoted.append({"path": "", "line": 0, "text": f"... {more} more", "label": result.name})
    return quoted
