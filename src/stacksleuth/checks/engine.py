"""Running checks on one host: facts + log hits in, findings with their evidence out.

`evaluate` is pure: it sees the host's facts (as JSON, for JMESPath) and the scan's log
hits, never the file system. `run_checks` does the reading around it: one scan of the
logs for every pattern of every check, then quotes of command outputs for the checks
that fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import jmespath

from stacksleuth.checks.model import LOG_SOURCES, Check, Condition, LogMatch, Prediction
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.facts.model import HostFacts
from stacksleuth.scan.engine import LogHit, ScanResult, scan_logs
from stacksleuth.scan.quotes import quote
from stacksleuth.scan.timestamps import LineClock

MET, NOT_MET, NOT_OBSERVABLE = "met", "not met", "not observable"
HITS_QUOTED_PER_CONDITION = 5


@dataclass(slots=True)
class ConditionResult:
    name: str
    kind: str
    holds: bool
    detail: str
    hits: list[LogHit] = field(default_factory=list)


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
        for item in [*check.conditions, *check.predictions]:
            if item.log is not None:
                wanted.setdefault(item.log.source, set()).update(item.log.patterns)
    return wanted


def facts_document(facts: HostFacts) -> dict[str, object]:
    """What JMESPath expressions see: the facts sections plus `attributes` and `role`."""
    data = facts.to_json()
    document = dict(data["facts"])  # type: ignore[arg-type]
    document["attributes"] = data["attributes"]
    document["role"] = data["role"]
    return document


def run_checks(checks: list[Check], evidence: HostEvidence, facts: HostFacts) -> list[Finding]:
    identity = facts.identity
    clock = LineClock(identity.report_time, identity.boot_time)
    scan = scan_logs(evidence, wanted_patterns(checks), LOG_SOURCES, clock)
    document = facts_document(facts)
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


def applies(check: Check, roles: list[str]) -> bool:
    wanted = check.applies_to.roles
    return not wanted or bool(set(wanted) & set(roles))


def evaluate(check: Check, document: dict, scan: ScanResult) -> list[ConditionResult] | None:
    """The results of every condition when all hold, else None."""
    context: dict[str, object] = {}
    results = []
    for condition in check.conditions:
        result = _condition(condition, document, scan, context)
        if not result.holds:
            return None
        results.append(result)
    return results


def _condition(
    condition: Condition, document: dict, scan: ScanResult, context: dict[str, object]
) -> ConditionResult:
    if condition.fact is not None:
        value = jmespath.search(condition.fact, document)
        context[condition.name] = value
        return ConditionResult(condition.name, "fact", _truthy(value), _summary(value))
    assert condition.log is not None
    hits = _log_hits(condition.log, scan)
    if condition.join is not None:
        allowed = _flatten(jmespath.search(condition.join.values, context))
        hits = [h for h in hits if h.groups.get(condition.join.group) in allowed]
    holds = _enough(hits, condition.log)
    context[condition.name] = [hit.groups for hit in hits]
    detail = f"{len(hits)} matching line(s) in the {condition.log.source} log"
    return ConditionResult(condition.name, "log", holds, detail, hits)


def judge(
    prediction: Prediction, document: dict, scan: ScanResult, found_specs: set[str]
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
        met = _enough(_log_hits(prediction.log, scan), prediction.log)
        return PredictionResult(prediction.text, MET if met else NOT_MET, prediction.next_test)
    return unobservable


def _log_hits(log: LogMatch, scan: ScanResult) -> list[LogHit]:
    hits = {(h.path, h.line): h for p in log.patterns for h in scan.for_pattern(log.source, p)}
    return [hits[key] for key in sorted(hits)]


def _enough(hits: list[LogHit], log: LogMatch) -> bool:
    if len(hits) < log.min_count:
        return False
    if log.window_seconds is None:
        return True
    times = sorted(h.time for h in hits if h.time is not None)
    return _any_window(times, log.min_count, log.window_seconds)


def _any_window(times: list[datetime], count: int, seconds: int) -> bool:
    for start in range(len(times) - count + 1):
        if (times[start + count - 1] - times[start]).total_seconds() <= seconds:
            return True
    return False


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
        for line in quote(evidence, request.spec, request.grep):
            quoted.append({**line.to_json(), "label": request.label or request.spec})
    for result in results:
        for hit in result.hits[:HITS_QUOTED_PER_CONDITION]:
            quoted.append({**hit.to_json(), "label": result.name})
        if len(result.hits) > HITS_QUOTED_PER_CONDITION:
            more = len(result.hits) - HITS_QUOTED_PER_CONDITION
            quoted.append({"path": "", "line": 0, "text": f"... {more} more", "label": result.name})
    return quoted
