"""HostEvidence -> HostFacts, once per host."""

from __future__ import annotations

from stacksleuth.evidence.coverage import coverage
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.facts.identity import build_identity
from stacksleuth.facts.model import HostFacts


def build_host_facts(evidence: HostEvidence) -> HostFacts:
    identity = build_identity(evidence)
    rows = coverage(evidence)
    return HostFacts(
        name=identity.hostname or evidence.name,
        source=evidence.source,
        kind=evidence.kind,
        identity=identity,
        coverage=rows,
        # Last: reading for identity and coverage may itself have added notes.
        notes=list(evidence.notes),
    )
