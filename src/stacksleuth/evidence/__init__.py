"""Finding and reading evidence, read-only and safely, whatever its source.

`evidence` finds and reads; it never parses (parsers take text, they never open files).
"""

from stacksleuth.evidence.model import EvidenceFile, HostEvidence, Note, Severity

__all__ = ["EvidenceFile", "HostEvidence", "Note", "Severity"]
