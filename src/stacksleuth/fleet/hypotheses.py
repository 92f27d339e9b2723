"""Hypotheses (the checks that fired) ranked by how well they explain the affected set.

A good hypothesis holds on every affected host, on few healthy ones, and its predictions
are met where the evidence can tell. The ranking is a plain sort on those, in that order,
so an operator can follow it without a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from stacksleuth.checks.model import Severity

PREDICTION_STATES = ("met", "not met", "not observable")


def rank_hypotheses(
    findings: Iterable[Mapping[str, object]], affected: list[str]
) -> list[dict[str, object]]:
    """One entry per check that fired anywhere, best explanation first."""
    affected_set = set(affected)
    groups: dict[str, dict[str, object]] = {}
    for finding in findings:
        check = str(finding["check"])
        group = groups.setdefault(check, _new_group(finding))
        hosts: list[str] = group["hosts"]  # type: ignore[assignment]
        if finding["host"] not in hosts:
            hosts.append(str(finding["host"]))
        tally: dict[str, int] = group["predictions"]  # type: ignore[assignment]
        for prediction in finding.get("predictions", []):  # type: ignore[union-attr]
            tally[prediction["status"]] = tally.get(prediction["status"], 0) + 1
    for group in groups.values():
        hosts = group["hosts"]  # type: ignore[assignment]
        explained = sum(1 for host in hosts if host in affected_set)
        healthy_with = len(hosts) - explained
        group["affected_explained"] = explained
        group["affected_total"] = len(affected_set)
        group["healthy_with"] = healthy_with
        group["summary"] = (
            f"explains {explained}/{len(affected_set)} affected host(s); "
            f"also on {healthy_with} healthy host(s)"
        )
    return sorted(groups.values(), key=_rank)


def _new_group(finding: Mapping[str, object]) -> dict[str, object]:
    return {
        "check": finding["check"],
        "title": finding["title"],
        "severity": finding["severity"],
        "hosts": [],
        "predictions": dict.fromkeys(PREDICTION_STATES, 0),
    }


def _rank(group: Mapping[str, object]) -> tuple:
    predictions: dict[str, int] = group["predictions"]  # type: ignore[assignment]
    return (
        -int(group["affected_explained"]),  # type: ignore[arg-type]
        int(group["healthy_with"]),  # type: ignore[arg-type]
        -predictions.get("met", 0),
        predictions.get("not met", 0),
        Severity(str(group["severity"])).rank,
        str(group["check"]),
    )
