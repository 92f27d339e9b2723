"""Where the real corpus sosreport is: $STACKSLEUTH_CORPUS (the tarball, or the directory
holding it), else beside the checkout in ../shared/corpus/ (the worktree layout)."""

from __future__ import annotations

import os
from pathlib import Path

CORPUS_NAME = "sosreport-compute4-2022-02-10.tar.xz"
BESIDE_CHECKOUT = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / CORPUS_NAME


def corpus_path(environ: dict[str, str] | None = None) -> Path:
    """The corpus tarball's path (it may not exist)."""
    configured = (os.environ if environ is None else environ).get("STACKSLEUTH_CORPUS")
    if not configured:
        return BESIDE_CHECKOUT
    path = Path(configured).expanduser()
    return path / CORPUS_NAME if path.is_dir() else path
