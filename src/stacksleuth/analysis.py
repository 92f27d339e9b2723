"""The `analyze` job: every host read, its facts built and its checks run, once.

The result, `Analysis`, is the only contract between the engine and the renderers
(DESIGN's `stacksleuth/analysis/v1`). Fleet comparison (affected vs healthy hosts and
what separates them) fills `fleet`; until it lands, the affected set is the hosts with a
finding of severity high or worse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stacksleuth.checks.engine import Finding, run_checks
from stacksleuth.checks.loader import load_checks
from stacksleuth.checks.model import Severity
from stacksleuth.errors import UsageError
from stacksleuth.facts.model import HostFacts
from stacksleuth.hostinfo import read_hosts

SCHEMA = "stacksleuth/analysis/v1"


@dataclass
class Analysis:
    hosts: list[HostFacts] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(host.partial for host in self.hosts) or bool(self.notes)

    @property
    def affected(self) -> list[str]:
        serious = {f.host for f in self.findings if f.check.severity.rank <= Severity.HIGH.rank}
        return [h.name for h in self.hosts if h.name in serious]

    def to_json(self) -> dict[str, object]:
        affected = self.affected
        return {
            "schema": SCHEMA,
            "hosts": [host.to_json() for host in self.hosts],
            "findings": [finding.to_json() for finding in self.findings],
            "fleet": {
                "affected": affected,
                "healthy": [h.name for h in self.hosts if h.name not in affected],
                "affected_from": "findings of severity high or worse",
                "discriminators": [],
            },
            "notes": self.notes,
        }


def analyze(
    paths: list[Path], *, checks_dirs: list[Path] | None = None, **read_options
) -> Analysis:
    """Facts and findings of every host; `read_options` as for `hostinfo.read_hosts`."""
    loaded = load_checks(checks_dirs)
    if loaded.errors and checks_dirs:
        raise UsageError("; ".join(str(e) for e in loaded.errors))
    analysis = Analysis(notes=[f"check not loaded: {e}" for e in loaded.errors])
    for evidence, facts in read_hosts(paths, **read_options):
        analysis.findings.extend(run_checks(loaded.checks, evidence, facts))
        facts.notes = list(evidence.notes)  # the scan may have noted damaged logs
        analysis.hosts.append(facts)
    analysis.findings.sort(key=lambda f: (f.check.severity.rank, f.check.id, f.host))
    return analysis
