"""HostFacts: everything known about one host, typed, built once, serialisable.

The JSON form follows DESIGN's `hosts[]`: name, source, role, facts, attributes, notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.evidence.coverage import SpecCoverage
from stacksleuth.evidence.model import Note
from stacksleuth.facts.identity import HostIdentity


@dataclass(slots=True)
class HostFacts:
    name: str
    source: str
    kind: str
    identity: HostIdentity
    coverage: list[SpecCoverage] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return any(note.makes_partial for note in self.notes)

    def attributes(self) -> dict[str, object]:
        """Values that hosts can share, for fleet comparison (never names or addresses)."""
        identity = self.identity
        attributes: dict[str, object] = {
            "role": identity.role,
            "os": f"{identity.os_id} {identity.os_version}".strip(),
            "kernel.release": identity.kernel,
        }
        return {key: value for key, value in attributes.items() if value}

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "source": self.source,
            "kind": self.kind,
            "role": self.identity.role,
            "partial": self.partial,
            "facts": {
                "identity": self.identity.to_json(),
                "coverage": [row.to_json() for row in self.coverage],
            },
            "attributes": self.attributes(),
            "notes": [note.to_json() for note in self.notes],
        }
