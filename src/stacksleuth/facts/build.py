"""HostEvidence -> HostFacts, once per host: every file is read and parsed once here."""

from __future__ import annotations

from stacksleuth.evidence.coverage import coverage
from stacksleuth.evidence.model import HostEvidence, Note, Severity
from stacksleuth.evidence.sources import why_unusable
from stacksleuth.facts.identity import build_identity
from stacksleuth.facts.model import HostFacts
from stacksleuth.facts.network import build_network
from stacksleuth.facts.openstack import build_openstack
from stacksleuth.facts.reading import parse_first
from stacksleuth.facts.storage import build_storage
from stacksleuth.facts.virt import build_virt
from stacksleuth.parsers.ps import parse_ps_aux


def build_host_facts(evidence: HostEvidence) -> HostFacts:
    # `ps` serves both the role guess and the qemu processes: parse it once.
    processes = parse_first(evidence, "ps", parse_ps_aux)
    identity = build_identity(evidence, processes)
    facts = HostFacts(
        name=identity.hostname or evidence.name,
        source=evidence.source,
        kind=evidence.kind,
        identity=identity,
        network=build_network(evidence),
        virt=build_virt(evidence, processes),
        openstack=build_openstack(evidence),
        storage=build_storage(evidence),
        coverage=coverage(evidence),
    )
    if not any(row.files for row in facts.coverage):
        facts.unreadable = _note_unusable(evidence)
    # Last: reading every section may itself have added notes.
    facts.notes = list(evidence.notes)
    return facts


def _note_unusable(evidence: HostEvidence) -> str:
    """No spec found: the host is unreadable, never healthy. Say why once, on the host."""
    reason = why_unusable(evidence)
    if not any(n.severity is Severity.ERROR and n.where == evidence.source for n in evidence.notes):
        evidence.notes.append(
            Note(Severity.ERROR, evidence.source, f"no usable evidence: {reason}")
        )
    return reason
