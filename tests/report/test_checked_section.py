"""A "No known issue found" report says what was checked and what could not be, in every
format; the JSON carries each host's check statuses."""

from __future__ import annotations

import json

from fleettrees import build_fleet, fixture
from hosttrees import run_cli

CLEAN = fixture("vhost-net-disabled", "negative")  # lsmod, ps, libvirt: no multipath output


def _run(tmp_path, *args):
    build_fleet(tmp_path / "fleet", [("compute-1", CLEAN)])
    return run_cli("analyze", str(tmp_path / "fleet"), *args, cwd=tmp_path)


def test_json_lists_every_check_per_host_with_the_missing_spec(tmp_path):
    result = _run(tmp_path, "--format", "json")
    (host,) = json.loads(result.stdout)["hosts"]
    statuses = {c["check"]: c for c in host["checks"]}
    assert statuses["vhost-net-disabled"]["status"] == "ran"
    multipath = statuses["multipath-path-failures"]
    assert multipath["status"] == "no evidence"
    assert "multipath -ll" in multipath["missing"]


def test_a_clean_terminal_report_says_what_was_checked_and_what_could_not_be(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "No known issue found." in result.stdout
    section = result.stdout.split("what was checked", 1)[1]
    assert "vhost-net-disabled" in section.split("could not run", 1)[0]
    assert "multipath-path-failures on compute-1: missing multipath -ll" in section


def test_a_clean_markdown_article_says_what_was_checked(tmp_path):
    result = _run(tmp_path, "--format", "markdown")
    assert "# No known issue found" in result.stdout
    assert "## What was checked" in result.stdout
    assert (
        "**could not run**: multipath-path-failures on compute-1: missing multipath"
        in result.stdout
    )


def test_a_clean_html_report_has_no_empty_findings_heading_and_says_what_was_checked(tmp_path):
    result = _run(tmp_path, "--format", "html")
    assert "<h2>Findings</h2>" not in result.stdout
    assert '<section id="checked">' in result.stdout
    assert "multipath-path-failures on compute-1: missing multipath -ll" in result.stdout


def test_a_run_where_no_host_was_readable_says_nothing_was_checked(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("analyze", str(tmp_path / "empty"), cwd=tmp_path)
    assert result.returncode == 1
    assert "nothing: no host gave usable evidence" in result.stdout
    assert "empty: it holds no file" in result.stdout
