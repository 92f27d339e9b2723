"""No secret of a quoted qemu line reaches any report; no quoted line is unbounded.

The host is the real vhost-net-disabled fixture (its `ps` evidence quotes every qemu
`-netdev tap` line). EDIT: two real qemu command lines with credentials are added to its
`ps_auxwwwm` (tests/samples/virt, see SOURCES.md): the rbd `key=` one and the
`-object secret,data=` one, each behind the ps columns of the fixture's own qemu line.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from realsamples import sample
from rich.console import Console

from stacksleuth.analysis import analyze
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.report.html import render_html
from stacksleuth.report.jsonout import dumps
from stacksleuth.report.kb import render_markdown
from stacksleuth.report.terminal import render_summary

FIXTURE = LIBRARY_FIXTURES / "vhost-net-disabled" / "positive"
PS = "sos_commands/process/ps_auxwwwm"
SECRETS = ("AQDgMEFY27UcERAAX4p8GvgdTytz0i/aoMK7JA==", "data=4O2/o/xxx=")
QUOTE_CHARS = 4096  # what a quoted line keeps
QUOTED_PS_LINES = 20  # lines quoted from one file, then a count of the rest


def _host(tmp_path: Path, extra_commands: list[str]) -> Path:
    root = Path(shutil.copytree(FIXTURE, tmp_path / "host"))
    ps = root / PS
    lines = ps.read_text().splitlines()
    qemu = next(line for line in lines if "qemu-system" in line)
    columns = qemu[: qemu.index("/usr/bin/qemu-system")]
    ps.write_text("\n".join([*lines, *(columns + command for command in extra_commands)]) + "\n")
    return root


def _reports(root: Path) -> dict[str, str]:
    doc = json.loads(dumps(analyze([root], jobs=1).to_json()))
    terminal = io.StringIO()
    render_summary(doc, Console(file=terminal, width=100))
    return {
        "json": dumps(doc),
        "markdown": render_markdown(doc),
        "html": render_html(doc),
        "terminal": terminal.getvalue(),
    }


def test_qemu_secrets_are_masked_in_every_format(tmp_path):
    rbd = sample("virt", "cheatsheet-ps_ef-qemu-rbd-key").strip()
    command = rbd[rbd.index("qemu-system-x86_64") :]
    secret = sample("virt", "glpi-agent-qemu-cmdline-rbd-secret").strip()
    reports = _reports(_host(tmp_path, [command, secret]))
    quoted = json.loads(reports["json"])["findings"][0]["evidence"]
    assert any("key=***:auth_supported" in item["text"] for item in quoted)
    assert any("data=***,keyid=masterKey0" in item["text"] for item in quoted)
    for name, text in reports.items():
        for value in SECRETS:
            assert value not in text, f"{value} in {name}"


def test_a_huge_matching_line_is_quoted_cut(tmp_path):
    # EDIT: the fixture's own qemu command, its -device options repeated to ~1 MB.
    qemu = next(line for line in (FIXTURE / PS).read_text().splitlines() if "qemu-system" in line)
    command = qemu[qemu.index("/usr/bin/qemu-system") :]
    huge = command + " -device virtio-balloon-pci,id=balloon0,bus=pci.0,addr=0x5" * 18_000
    root = _host(tmp_path, [huge])
    ps_line = (root / PS).read_text().splitlines()[-1]
    reports = _reports(root)
    assert len(reports["json"]) < 200_000
    texts = [e["text"] for e in json.loads(reports["json"])["findings"][0]["evidence"]]
    (cut,) = [t for t in texts if len(t) > 2000]
    assert (
        cut == f"{ps_line[:QUOTE_CHARS]} [... {len(ps_line) - QUOTE_CHARS:,} more characters cut]"
    )


def test_the_number_of_quoted_lines_is_capped_and_the_rest_counted(tmp_path):
    copies = 65
    qemu = next(line for line in (FIXTURE / PS).read_text().splitlines() if "qemu-system" in line)
    command = qemu[qemu.index("/usr/bin/qemu-system") :]
    doc = json.loads(_reports(_host(tmp_path, [command] * copies))["json"])
    ps_quotes = [e for e in doc["findings"][0]["evidence"] if e["label"].startswith("qemu netdevs")]
    total = 1 + copies  # the fixture's qemu line and the copies
    assert len(ps_quotes) == QUOTED_PS_LINES + 1
    assert ps_quotes[-1]["text"] == f"... {total - QUOTED_PS_LINES} more"
