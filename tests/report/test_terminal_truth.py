"""The terminal tells the truth: it quotes the lines that prove each finding, puts the
worst first, ends with the story, and stays readable at any width.

Hosts are the real check fixtures (checks/library-fixtures/<id>/positive, see SOURCES.md there)
and the seed's 7-of-50 fleet of conftest.py.
"""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from stacksleuth.analysis import analyze
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.report.jsonout import dumps
from stacksleuth.report.terminal import render_summary

CHECKS = LIBRARY_FIXTURES
SEVERITIES = ("critical", "high", "medium", "low", "info")


def _render(doc: dict, width: int = 100) -> str:
    out = io.StringIO()
    render_summary(doc, Console(file=out, width=width, highlight=False))
    return out.getvalue()


def _doc(*fixtures: str) -> dict:
    paths = [CHECKS / fixture / "positive" for fixture in fixtures]
    return json.loads(dumps(analyze(paths, jobs=1).to_json()))


def _evidence(text: str, check: str) -> list[str]:
    """The lines quoted under one check's `evidence on` heading."""
    lines = text[text.index(f" {check} ─") :].splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("evidence on"))
    end = next(n for n, line in enumerate(lines) if n > start and not line.startswith("  "))
    return lines[start + 1 : end]


@pytest.fixture(scope="module")
def fixtures_doc() -> dict:
    return _doc("bond-lacp-churned", "pcie-link-degraded", "vhost-net-disabled")


def test_a_churned_bond_is_proved_by_its_churn_state_not_its_mode(fixtures_doc):
    quoted = " ".join(_evidence(_render(fixtures_doc), "bond-lacp-churned"))
    assert "Actor Churn State: churned" in quoted
    assert "Bonding Mode" not in quoted


def test_a_degraded_pcie_link_is_proved_by_its_lnksta_line(fixtures_doc):
    quoted = " ".join(_evidence(_render(fixtures_doc), "pcie-link-degraded"))
    assert "LnkSta: Speed 5GT/s (downgraded), Width x1 (downgraded)" in quoted
    assert "Ethernet controller" not in quoted


def test_a_long_ps_line_is_cut_around_what_matched_and_whole_in_json(fixtures_doc):
    (ps,) = [
        e
        for f in fixtures_doc["findings"]
        if f["check"] == "vhost-net-disabled"
        for e in f["evidence"]
        if "qemu-system" in e["text"]
    ]
    assert len(ps["text"]) > 1000 and "characters cut" not in ps["text"]  # whole in JSON
    for width in (60, 200):
        quoted = _evidence(_render(fixtures_doc, width), "vhost-net-disabled")
        shown = " ".join(line.strip() for line in quoted if line.strip())
        assert "-netdev tap,fd=26,id=hostnet0" in shown  # what the check grepped for
        assert len(shown) < 600
        assert "…" in shown


def test_findings_come_most_severe_first_then_by_affected_hosts_explained(fleet_doc):
    # The fleet's own ranking reversed: the terminal's order must not depend on it.
    fleet_doc["fleet"]["hypotheses"].reverse()
    text = _render(fleet_doc)
    rules = [line.split()[:2] for line in text.splitlines() if line.endswith("─") and " " in line]
    order = [(SEVERITIES.index(sev.lower()), check) for sev, check in rules if sev != "summary"]
    assert [rank for rank, _ in order] == sorted(rank for rank, _ in order)
    assert order[0][1] == "nic-mixed-driver-tx-hang"


def test_the_output_ends_with_the_story(fleet_doc):
    text = _render(fleet_doc)
    summary = " ".join(text[text.rindex("summary ─") :].split())
    assert summary.startswith("summary")
    assert "affected 7 of 50 hosts: compute-40-1, compute-40-2" in summary
    assert "shared 7/7 affected vs 0/42 healthy: have a card split between drivers" in summary
    assert "finding CRITICAL nic-mixed-driver-tx-hang" in summary
    assert "(on 7/7 affected hosts)" in summary
    assert "do now " in summary and "ip link set <dev> down; ip link set <dev> up" in summary


@pytest.mark.parametrize("width", [60, 200])
def test_wrapped_lines_keep_their_indentation_at_any_width(fleet_doc, width):
    fleet_doc["fleet"]["affected"] += [f"compute-41-{n}" for n in range(1, 30)]  # a long list
    text = _render(fleet_doc, width)
    lines = text.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines), width
    affected = lines.index(next(line for line in lines if line.startswith("affected")))
    assert lines[affected + 1].startswith("  compute-40-1")
    healthy = next(n for n, line in enumerate(lines) if line.startswith("  healthy:"))
    assert all(line.startswith("  ") for line in lines[affected + 1 : healthy])
    quoted = _evidence(text, "nic-mixed-driver-tx-hang")
    assert len(quoted) >= 3 and all(line.startswith("  ") for line in quoted)
