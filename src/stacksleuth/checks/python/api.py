"""The contract of a Python check: what it receives, what it returns, how it is named.

A check whose YAML says `implementation: python` keeps all its metadata (title, severity,
predictions, workaround, fix...) in YAML; only the decision "does it hold on this host?"
is Python. Its function receives the host's facts document and the log scan - never the
file system - and returns the condition results that hold (quoted in the finding), or
None when the check does not apply. The YAML's `conditions` still declare the log
patterns the one scan must look for; `PythonCheckInput.hits(name)` returns their lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stacksleuth.checks.model import Check
from stacksleuth.checks.results import ConditionResult, LogScan, log_hits
from stacksleuth.scan.engine import LogHit


@dataclass(frozen=True)
class PythonCheckInput:
    """Everything a Python check may look at for one host."""

    check: Check
    facts: dict[str, object]  # the same document JMESPath conditions see
    scan: LogScan

    def hits(self, condition: str) -> list[LogHit]:
        """Lines matched by the patterns of the YAML log condition named `condition`."""
        for declared in self.check.conditions:
            if declared.name == condition and declared.log is not None:
                return log_hits(declared.log, self.scan)
        raise KeyError(f"{self.check.id} declares no log condition {condition!r}")


Evaluate = Callable[[PythonCheckInput], list[ConditionResult] | None]


@dataclass(frozen=True)
class PythonCheck:
    """A Python function standing for the conditions of the YAML check `id`."""

    id: str
    evaluate: Evaluate

    def __call__(self, given: PythonCheckInput) -> list[ConditionResult] | None:
        return self.evaluate(given)


def register(check_id: str) -> Callable[[Evaluate], PythonCheck]:
    """`@register("nova-api-slow-requests")`: names the function after its YAML check.

    It only wraps the function; the table of Python checks is written out by hand in
    `checks/python/__init__.py`, so no import has a side effect.
    """

    def wrap(function: Evaluate) -> PythonCheck:
        return PythonCheck(check_id, function)

    return wrap
