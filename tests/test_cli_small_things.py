"""What a new user hit first: -V, kb on a file that is not JSON, --format with a typo, and
`stacksleuth ... | head` (the reader leaving is not a partial run)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from fleettrees import build_fleet, fixture
from hosttrees import run_cli

from stacksleuth import __version__

STACKSLEUTH = str(Path(sys.executable).parent / "stacksleuth")


def test_short_version_option():
    result = run_cli("-V")
    assert (result.returncode, result.stdout) == (0, f"stacksleuth {__version__}\n")


def test_kb_on_a_file_that_is_not_json_says_so_in_words(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("the customer says it is slow\n")
    result = run_cli("kb", str(notes))
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "notes.txt: not a JSON file" in message
    assert "stacksleuth analyze --format json" in message


@pytest.mark.parametrize(
    ("command", "choices"),
    [("analyze", "text, json, markdown, html"), ("host", "text, json")],
)
def test_a_bogus_format_lists_the_choices_in_plain_words(tmp_path, command, choices):
    result = run_cli(command, str(tmp_path), "--format", "bogus")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert f"'bogus' is not one of {choices}" in message
    assert "Value error" not in message


@pytest.fixture(scope="module")
def clean_host(tmp_path_factory) -> Path:
    top = tmp_path_factory.mktemp("fleet")
    build_fleet(top, [("compute-1", fixture("vhost-net-disabled", "negative"))])
    return top


@pytest.mark.parametrize(
    "args",
    [["analyze"], ["analyze", "--format", "json"], ["host"], ["checks", "list"]],
    ids=" ".join,
)
def test_a_reader_that_leaves_early_is_not_a_partial_run(clean_host, tmp_path, args):
    """`| head` closes the pipe: the run still ends with its own status (0: complete), and
    nothing is printed about it."""
    paths = [str(clean_host)] if args[0] in ("analyze", "host") else []
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte is written
    try:
        result = subprocess.run(
            [STACKSLEUTH, *args, *paths],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")},
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr
