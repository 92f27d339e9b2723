"""A customer's evidence that attacks the reader: a host name full of terminal escapes and
Rich markup, a file name that is not UTF-8. Every output stays valid and shows them escaped.

The host is the real vhost-net-disabled fixture (it has a finding, so every report quotes
its name and evidence); only its `hostname` and one extra file name are hostile.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from stacksleuth.analysis import analyze
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.hostinfo import read_hosts

FIXTURE = LIBRARY_FIXTURES / "vhost-net-disabled" / "positive"
# Clear the screen, set the window title, ring the bell; then Rich markup.
HOSTNAME = b"comp\x1b[2J\x1b]0;pwned\x07[bold]x[/]\n"
SHOWN = r"comp\x1b[2J\x1b]0;pwned\x07[bold]x[/]"
BAD_NAME = b"ethtool_-i_eth\xff"  # not UTF-8; its garbage content makes a note naming it


@pytest.fixture(scope="module")
def hostile_host(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "host"
    shutil.copytree(FIXTURE, root)
    (root / "sos_commands/host/hostname").write_bytes(HOSTNAME)
    networking = root / "sos_commands/networking"
    networking.mkdir(parents=True, exist_ok=True)
    with open(os.fsencode(networking) + b"/" + BAD_NAME, "wb") as handle:
        handle.write(b"garbage\n")
    return root


def _run(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """The installed entry point, stdout as raw bytes (what the terminal would get)."""
    executable = Path(sys.executable).parent / "stacksleuth"
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    return subprocess.run(
        [str(executable), *map(str, args)], capture_output=True, timeout=60, env=env, check=False
    )


def _assert_safe(output: bytes) -> str:
    """Valid UTF-8 with no control character but newline and tab; returns the text."""
    text = output.decode("utf-8")  # raises on a raw \xff
    controls = {c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F}
    assert not controls, f"control characters reach the reader: {controls}"
    return text


def test_json_is_valid_utf8_with_the_undecodable_byte_shown(hostile_host):
    result = _run("analyze", hostile_host, "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(_assert_safe(result.stdout))
    wheres = [note["where"] for host in document["hosts"] for note in host["notes"]]
    assert r"sos_commands/networking/ethtool_-i_eth\xff" in wheres
    # JSON keeps the host name's exact characters (escaped by JSON itself, as \u001b).
    assert document["hosts"][0]["name"] == HOSTNAME.decode().strip()


def test_host_json_is_valid_utf8(hostile_host):
    result = _run("host", hostile_host, "--format", "json")
    json.loads(_assert_safe(result.stdout))


@pytest.mark.parametrize("command", [["analyze"], ["host"]])
def test_terminal_shows_escapes_and_markup_as_text(hostile_host, command):
    result = _run(*command, hostile_host)
    text = _assert_safe(result.stdout)
    assert SHOWN in text
    assert r"ethtool_-i_eth\xff" in text


def test_markdown_and_html_show_escapes(hostile_host, tmp_path):
    saved = tmp_path / "analysis.json"
    saved.write_bytes(_run("analyze", hostile_host, "--format", "json").stdout)
    outputs = {
        "markdown": _run("analyze", hostile_host, "--format", "markdown").stdout,
        "kb": _run("kb", saved).stdout,
        "html": _run("analyze", hostile_host, "--format", "html").stdout,
    }
    for name, output in outputs.items():
        text = _assert_safe(output)
        assert SHOWN in text, name


def test_progress_on_a_terminal_shows_a_hostile_file_name_escaped(tmp_path):
    # The customer's archive or directory name is what the progress line shows.
    top = tmp_path / "case"
    top.mkdir()
    hostile = Path(os.fsdecode(os.fsencode(top) + b"/sos-\x1b[2J\x1b]0;pwned\x07"))
    shutil.copytree(FIXTURE, hostile)
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100)
    analyze([hostile], jobs=1, progress=console)
    list(read_hosts([hostile], progress=console))
    assert "\x1b[2J" not in out.getvalue() and "\x07" not in out.getvalue()
