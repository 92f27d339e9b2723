"""The size of every instance's serial console log (`<instances_path>/<instance>/console.log`).

Why: a guest that logs errors in a loop grows its console.log without bound; in seed 002
("Down the Rabbit Hole") a 5.5G console.log, pulled again and again by the dashboard's
console view, flooded the RabbitMQ cluster.

Where sizes come from, best first:
1. a listing of the instances directory (`ls -laR /var/lib/nova/instances`: insights-client
   collects it, `--live` runs it); exact sizes, no file is opened;
2. console.log files copied into a sosreport (sos copies them only with `--all-logs`, then
   whole). The evidence layer gives their size without reading them (an escape-ridden
   serial console is never decoded); a compressed copy is counted as it streams, up to
   `COPY_READ_CAP`, and a bigger one is reported as at least that size (`size_exact`
   false), as is a copy sos tailed.
"""

from __future__ import annotations

from dataclasses import dataclass

from stacksleuth.evidence.model import EvidenceFile, HostEvidence
from stacksleuth.facts.reading import parse_first
from stacksleuth.parsers.listing import parse_listing

CONSOLE_LOG = "console.log"
LISTING_SPEC = "ls nova instances"
COPY_SPEC = "console.log"
# Well above the console-log-oversized threshold (100 MiB), so a capped count still decides it.
COPY_READ_CAP = 128 * 1024**2


@dataclass(slots=True)
class ConsoleLog:
    """One instance's console.log: its path on the host, the instance directory, its size
    in bytes (None when the evidence does not say), and where that came from."""

    path: str
    instance: str
    size: int | None
    size_exact: bool
    evidence: str

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "instance": self.instance,
            "size": self.size,
            "size_exact": self.size_exact,
            "evidence": self.evidence,
        }


def build_console_logs(evidence: HostEvidence) -> list[ConsoleLog]:
    """Every console.log the evidence knows of, each once (a listing wins over a copy)."""
    logs = _from_listing(evidence)
    listed = {log.path for log in logs}
    for file in evidence.find(COPY_SPEC):
        log = _from_copy(evidence, file)
        if log.path not in listed:
            logs.append(log)
    return logs


def _from_listing(evidence: HostEvidence) -> list[ConsoleLog]:
    listing = parse_first(evidence, LISTING_SPEC, parse_listing)
    if listing is None:
        return []
    where = evidence.find(LISTING_SPEC)[0].path
    logs = []
    for entry in listing.files_named(CONSOLE_LOG):
        path = entry.path
        instance = path.rsplit("/", 2)[-2] if path.count("/") >= 2 else ""
        logs.append(ConsoleLog(path, instance, entry.size, entry.size_exact, where))
    return logs


def _from_copy(evidence: HostEvidence, file: EvidenceFile) -> ConsoleLog:
    size, capped = evidence.size_of(file), False
    if size is None:  # compressed: only its bytes, counted as they stream, tell
        size = 0
        for block in evidence.iter_blocks(file):
            size += len(block)
            if size > COPY_READ_CAP:
                capped = True
                break
    # The report keeps the host's path: var/lib/nova/instances/<instance>/console.log.
    path = "/" + file.path.lstrip("/")
    instance = file.key or path.rsplit("/", 2)[-2]
    exact = not (capped or file.truncated)
    return ConsoleLog(path, instance, size, exact, file.path)
