"""Shared fixtures: the real corpus sosreport, unpacked once per test run.

The corpus is found through $STACKSLEUTH_CORPUS (the tarball itself, or the directory
holding it), else beside the checkout in ../shared/corpus/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import corpus_path


@pytest.fixture(scope="session")
def corpus_archive() -> Path:
    corpus = corpus_path()
    if not corpus.is_file():
        pytest.skip(
            f"the corpus report is not at {corpus}; set STACKSLEUTH_CORPUS to the tarball "
            "or its directory"
        )
    return corpus


@pytest.fixture(scope="session")
def corpus_cache_dir(tmp_path_factory: pytest.TempPathFactory, corpus_archive: Path) -> Path:
    """A cache that already holds the corpus, unpacked by our own safe extractor."""
    from stacksleuth.evidence.archive import ArchiveCache

    cache_dir = tmp_path_factory.mktemp("cache")
    ArchiveCache(cache_dir).unpack(corpus_archive)
    return cache_dir


@pytest.fixture(scope="session")
def open_corpus(corpus_cache_dir: Path, corpus_archive: Path):
    """Opens the corpus report as a fresh HostEvidence each time it is called."""
    from stacksleuth.evidence.archive import ArchiveCache
    from stacksleuth.evidence.sources import discover, open_host

    def _open():
        cache = ArchiveCache(corpus_cache_dir)
        return open_host(discover([corpus_archive], cache)[0], cache)

    return _open
