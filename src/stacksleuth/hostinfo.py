"""The `host` job: every host behind the given paths, read and summarised."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.live import LiveEvidence
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.evidence.safety import DEFAULT_MAX_BYTES
from stacksleuth.evidence.sources import discover, open_host
from stacksleuth.facts.build import build_host_facts
from stacksleuth.facts.model import HostFacts


def collect_host_facts(
    paths: list[Path],
    *,
    live: bool = False,
    host: str | None = None,
    cache_dir: Path | None = None,
    max_extract_bytes: int = DEFAULT_MAX_BYTES,
    command_timeout: float = 30.0,
    progress: Console | None = None,
) -> list[HostFacts]:
    cache = ArchiveCache(cache_dir, max_bytes=max_extract_bytes)
    sources = discover(paths, cache, host=host)
    facts = []
    for number, source in enumerate(sources, start=1):
        with _status(progress, f"[{number}/{len(sources)}] reading {source.label}"):
            evidence: HostEvidence = open_host(source, cache)
            facts.append(build_host_facts(evidence))
    if live:
        with _status(progress, "reading the live host"):
            facts.append(build_host_facts(LiveEvidence(command_timeout=command_timeout)))
    return facts


class _NoStatus:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _status(console: Console | None, message: str):
    if console is None:
        return _NoStatus()
    return console.status(message, spinner="dots")
