"""The boundary types of the evidence layer: what a source found and what went wrong.

Every source (sosreport directory or tarball, log bundle, live host) is read through
`HostEvidence`; later stages never learn where the bytes came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Severity(StrEnum):
    """How much a note matters to the operator.

    `info` is context (a log that sos tailed, as it always does past 25 MB);
    `warning` and `error` mean evidence was lost, so the analysis is partial.
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Note:
    """Something the operator should know about how a host's evidence was read."""

    severity: Severity
    where: str
    message: str

    @property
    def makes_partial(self) -> bool:
        return self.severity is not Severity.INFO

    def __str__(self) -> str:
        return f"{self.severity}: {self.where}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {"severity": str(self.severity), "where": self.where, "message": self.message}


@dataclass(frozen=True)
class EvidenceFile:
    """One piece of evidence found for a spec.

    `path` is relative to the report root for archives and directories, absolute for a
    live host's files, and `live:<command>` for a live command's output. `key` names the
    object a per-device spec is about (`eth4` for `ethtool -S eth4`), else "".
    """

    spec: str
    path: str
    key: str = ""
    truncated: bool = False


class HostEvidence(Protocol):
    """Read-only access to one host's evidence, by logical spec name (see `specs.py`)."""

    name: str
    source: str
    kind: str
    notes: list[Note]

    def find(self, spec: str) -> list[EvidenceFile]:
        """Files for a spec, best candidate first; rotated logs oldest first."""
        ...

    def read_text(self, file: EvidenceFile) -> str | None:
        """The whole text of a file, decoded; None (with a note) when it cannot be read."""
        ...

    def iter_lines(self, file: EvidenceFile) -> Iterator[str]:
        """A log's lines streamed, decompressing rotations on the fly."""
        ...

    def iter_blocks(self, file: EvidenceFile) -> Iterator[bytes]:
        """A log's raw bytes in blocks of whole lines, decompressed on the fly: the same
        lines as `iter_lines` (split on `\\n`, not yet decoded), for the scan engine."""
        ...

    def size_of(self, file: EvidenceFile) -> int | None:
        """The file's size in bytes without reading it, or None when only reading it
        would tell (a compressed copy)."""
        ...

    def not_collected(self, spec: str) -> str | None:
        """Why a spec is absent when the source knows (e.g. `command not found (rc 127)`)."""
        ...
