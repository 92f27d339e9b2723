"""Which specs a host's evidence holds: what was looked at, what was not there, what sos cut."""

from __future__ import annotations

from dataclasses import dataclass

from stacksleuth.evidence.model import HostEvidence
from stacksleuth.evidence.specs import SPECS, SpecTable


@dataclass(slots=True)
class SpecCoverage:
    spec: str
    description: str
    files: int
    truncated: int
    why_missing: str

    @property
    def status(self) -> str:
        if not self.files:
            return "not collected" if self.why_missing else "missing"
        return "truncated" if self.truncated else "found"

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"spec": self.spec, "status": self.status, "files": self.files}
        if self.truncated:
            data["truncated"] = self.truncated
        if self.why_missing:
            data["why"] = self.why_missing
        return data


def coverage(evidence: HostEvidence, specs: SpecTable = SPECS) -> list[SpecCoverage]:
    rows = []
    for spec in specs:
        files = evidence.find(spec.name)
        rows.append(
            SpecCoverage(
                spec=spec.name,
                description=spec.description,
                files=len(files),
                truncated=sum(1 for f in files if f.truncated),
                why_missing="" if files else (evidence.not_collected(spec.name) or ""),
            )
        )
    return rows
