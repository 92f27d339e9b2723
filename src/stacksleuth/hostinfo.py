"""Every host behind the given paths, read and its facts built once: the loop `host` and
`analyze` share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.live import LiveEvidence
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.evidence.safety import DEFAULT_MAX_BYTES
from stacksleuth.evidence.sources import HostSource, discover, open_host
from stacksleuth.facts.build import build_host_facts
from stacksleuth.facts.model import HostFacts
from stacksleuth.report.safe_text import markup


@dataclass(frozen=True)
class HostJob:
    """One host to read; plain data, so a worker process can open it."""

    label: str
    source: HostSource | None  # None: the live host this runs on
    cache_dir: Path
    max_extract_bytes: int = DEFAULT_MAX_BYTES
    command_timeout: float = 30.0

    def open(self) -> HostEvidence:
        """The host's evidence; never raises for bad evidence (see `open_host`)."""
        if self.source is None:
            return LiveEvidence(command_timeout=self.command_timeout)
        return open_host(self.source, ArchiveCache(self.cache_dir, self.max_extract_bytes))


def host_jobs(
    paths: list[Path],
    *,
    live: bool = False,
    host: str | None = None,
    cache_dir: Path | None = None,
    max_extract_bytes: int = DEFAULT_MAX_BYTES,
    command_timeout: float = 30.0,
) -> list[HostJob]:
    """Every host behind `paths` (and the live host), found without reading them.

    Raises UsageError before reading anything when the paths cannot work.
    """
    cache = ArchiveCache(cache_dir, max_bytes=max_extract_bytes)
    jobs = [
        HostJob(source.label, source, cache.dir, max_extract_bytes, command_timeout)
        for source in discover(paths, cache, host=host)
    ]
    if live:
        jobs.append(HostJob("the live host", None, cache.dir, max_extract_bytes, command_timeout))
    return jobs


def read_hosts(
    paths: list[Path], *, progress: Console | None = None, **options
) -> Iterator[tuple[HostEvidence, HostFacts]]:
    """Each host's evidence with its facts, one host at a time, progress on `progress`;
    `options` as for `host_jobs`."""
    jobs = host_jobs(paths, **options)
    for number, job in enumerate(jobs, start=1):
        # The label is a customer's file name: shown escaped, never as markup or controls.
        message = f"[{number}/{len(jobs)}] reading {markup(job.label)}"
        with progress.status(message, spinner="dots") if progress else nullcontext():
            evidence = job.open()
            facts = build_host_facts(evidence)
        yield evidence, facts


def collect_host_facts(paths: list[Path], **options) -> list[HostFacts]:
    """The facts of every host (the `host` job)."""
    return [facts for _evidence, facts in read_hosts(paths, **options)]
