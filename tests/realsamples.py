"""Access to the real samples under tests/samples/."""

from __future__ import annotations

from pathlib import Path

SAMPLES = Path(__file__).parent / "samples"


def sample(family: str, name: str) -> str:
    """The text of tests/samples/<family>/<name>."""
    return (SAMPLES / family / name).read_text(encoding="utf-8", errors="replace")
