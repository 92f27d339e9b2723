"""Each check proves itself on its own fixtures: a positive and a negative host tree.

Layout: `<fixtures>/<check id>/positive/` and `.../negative/`, each a minimal sosreport
(or log bundle) made of real-format evidence. The positive must produce a finding of the
check, the negative must not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stacksleuth.checks.engine import Finding, run_checks
from stacksleuth.checks.model import Check
from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.facts.build import build_host_facts

POSITIVE, NEGATIVE = "positive", "negative"


@dataclass
class FixtureResult:
    check: str
    kind: str
    path: Path
    findings: list[Finding]

    @property
    def passed(self) -> bool:
        fired = any(f.check.id == self.check for f in self.findings)
        return fired if self.kind == POSITIVE else not fired


def fixture_candidates(module_file: Path | None = None, cwd: Path | None = None) -> list[Path]:
    """Where the library's fixtures are looked for. They are test data of the source
    repository (tests/checks/), not part of the installed package: found beside the
    package when it runs from a checkout's src/, else in ./tests/checks (a checkout as the
    working directory, stacksleuth installed from a wheel)."""
    here = (module_file or Path(__file__)).resolve()
    found = [here.parents[3] / "tests" / "checks", (cwd or Path.cwd()) / "tests" / "checks"]
    return list(dict.fromkeys(found))


def default_fixtures_dir(candidates: list[Path] | None = None) -> Path | None:
    """The first candidate that is a directory, or None."""
    return next((c for c in candidates or fixture_candidates() if c.is_dir()), None)


def run_fixture(check: Check, path: Path, kind: str) -> FixtureResult:
    evidence = DirectoryEvidence(path)
    facts = build_host_facts(evidence)
    return FixtureResult(check.id, kind, path, run_checks([check], evidence, facts))


def fixture_dirs(fixtures: Path, check_id: str) -> dict[str, Path | None]:
    return {
        kind: (fixtures / check_id / kind) if (fixtures / check_id / kind).is_dir() else None
        for kind in (POSITIVE, NEGATIVE)
    }
