"""Which checks ran on a host, which do not apply to it, and which could not run for lack
of evidence: so a clean report says what was checked, not only that nothing was found.

A check does not apply when the host's role is not among its `applies_to.roles`. It could
not run when one of its conditions (all must hold) has no evidence to be judged on: a log
condition whose source has no log on the host (`kernel`: no kern.log, journal or dmesg),
or a fact condition whose facts come from specs that were not found (`multipath -ll`, see
`facts/needs.py`). An `any_of` condition lacks evidence only when every alternative does.
A check that produced a finding ran, whatever else is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.checks.model import LOG_SOURCES, Check, Condition
from stacksleuth.checks.results import LogScan
from stacksleuth.facts.needs import missing_specs

RAN, NOT_APPLICABLE, NO_EVIDENCE = "ran", "not applicable", "no evidence"


@dataclass(frozen=True, slots=True)
class CheckStatus:
    """One check on one host: `ran`, `not applicable` (and why) or `no evidence` (and the
    specs that were missing)."""

    check: str
    status: str
    why: str = ""
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"check": self.check, "status": self.status}
        if self.why:
            data["why"] = self.why
        if self.missing:
            data["missing"] = self.missing
        return data


def applies(check: Check, roles: list[str]) -> bool:
    wanted = check.applies_to.roles
    return not wanted or bool(set(wanted) & set(roles))


def check_statuses(
    checks: list[Check],
    roles: list[str],
    found_specs: set[str],
    scan: LogScan,
    fired: set[str],
) -> list[CheckStatus]:
    """The status of every check on a host; `fired`: the ids of the checks that found
    something there."""
    return [_status(check, roles, found_specs, scan, fired) for check in checks]


def _status(
    check: Check, roles: list[str], found_specs: set[str], scan: LogScan, fired: set[str]
) -> CheckStatus:
    if not applies(check, roles):
        wanted = ", ".join(check.applies_to.roles)
        return CheckStatus(
            check.id, NOT_APPLICABLE, f"for {wanted} hosts; this one is {_role(roles)}"
        )
    if check.id in fired:
        return CheckStatus(check.id, RAN)
    missing: list[str] = []
    for condition in check.conditions:
        missing.extend(_missing(condition, found_specs, scan))
    if missing:
        missing = list(dict.fromkeys(missing))
        return CheckStatus(check.id, NO_EVIDENCE, "missing " + "; ".join(missing), missing)
    return CheckStatus(check.id, RAN)


def _missing(condition: Condition, found_specs: set[str], scan: LogScan) -> list[str]:
    """What a condition lacks to be judged; [] when it can be."""
    if condition.any_of is not None:
        lacks = [_missing(alt, found_specs, scan) for alt in condition.any_of]
        return [] if any(not lack for lack in lacks) else [s for lack in lacks for s in lack]
    if condition.fact is not None:
        return missing_specs(condition.fact, found_specs)
    assert condition.log is not None
    source = condition.log.source
    if scan.used.get(source) is not None:
        return []
    return [" or ".join(LOG_SOURCES[source])]


def _role(roles: list[str]) -> str:
    return " and ".join(roles) if roles else "of unknown role"
