"""The corpus tests find the corpus through STACKSLEUTH_CORPUS as well as ../shared/corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from corpus import BESIDE_CHECKOUT, CORPUS_NAME, corpus_path


def test_without_the_variable_the_corpus_is_beside_the_checkout():
    assert corpus_path({}) == BESIDE_CHECKOUT


def test_the_variable_names_the_tarball_or_its_directory(tmp_path):
    tarball = tmp_path / "elsewhere.tar.xz"
    assert corpus_path({"STACKSLEUTH_CORPUS": str(tarball)}) == tarball
    assert corpus_path({"STACKSLEUTH_CORPUS": str(tmp_path)}) == tmp_path / CORPUS_NAME


def test_the_corpus_fixture_follows_the_variable(tmp_path):
    """A pytest run with the variable pointing nowhere skips the corpus tests, naming it."""
    here = Path(__file__).parent
    missing = tmp_path / "no-corpus-here.tar.xz"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            str(here / "test_corpus.py"),
            "-k",
            "test_corpus_identity",
        ],
        capture_output=True,
        text=True,
        cwd=here.parent,
        env={**os.environ, "STACKSLEUTH_CORPUS": str(missing)},
        timeout=120,
        check=False,
    )
    assert f"the corpus report is not at {missing}" in result.stdout, result.stdout[-2000:]
