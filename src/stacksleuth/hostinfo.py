"""Every host behind the given paths, read and its facts built once: the loop `host` and
`analyze` share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console

from stacksleuth.evidence.archive import ArchiveCache
from stacksleuth.evidence.live import LiveEvidence
from stacksleuth.evidence.model import HostEvidence
from stacksleuth.evidence.safety import DEFAULT_MAX_BYTES
from stacksleuth.evidence.sources import discover, open_host
from stacksleuth.facts.build import build_host_facts
from stacksleuth.facts.model import HostFacts


def read_hosts(
    paths: list[Path],
    *,
    live: bool = False,
    host: str | None = None,
    cache_dir: Path | None = None,
    max_extract_bytes: int = DEFAULT_MAX_BYTES,
    command_timeout: float = 30.0,
    progress: Console | None = None,
) -> Iterator[tuple[HostEvidence, HostFacts]]:
    """Each host's evidence with its facts, one host at a time, progress on `progress`.

    Raises UsageError before reading anything when the paths cannot work.
    """
    cache = ArchiveCache(cache_dir, max_bytes=max_extract_bytes)
    sources = discover(paths, cache, host=host)
    openers = [(s.label, lambda s=s: open_host(s, cache)) for s in sources]
    if live:
        openers.append(("the live host", lambda: LiveEvidence(command_timeout=command_timeout)))
    for number, (label, open_evidence) in enumerate(openers, start=1):
        message = f"[{number}/{len(openers)}] reading {label}"
        with progress.status(message, spinner="dots") if progress else nullcontext():
            evidence = open_evidence()
            facts = build_host_facts(evidence)
        yield evidence, facts


def collect_host_facts(paths: list[Path], **options) -> list[HostFacts]:
    """The facts of every host (the `host` job)."""
    return [facts for _evidence, facts in read_hosts(paths, **options)]
