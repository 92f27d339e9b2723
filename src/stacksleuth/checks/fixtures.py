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


# The library's own fixtures ship inside the package (package data), so `stacksleuth checks
# test` proves the knowledge base from an installed wheel as well as from a checkout.
LIBRARY_FIXTURES = Path(__file__).resolve().parent / "library-fixtures"


def fixture_candidates(module_dir: Path | None = None) -> list[Path]:
    """Where the library's fixtures are looked for: beside this module, installed or not."""
    return [(module_dir or Path(__file__).resolve().parent) / "library-fixtures"]


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
