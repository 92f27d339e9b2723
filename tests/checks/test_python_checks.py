"""Checks whose decision is Python (`implementation: python`): the built-in table, the
loader's refusal of unknown ones, and nova-api-slow-requests' median rule."""

from __future__ import annotations

import shutil
from pathlib import Path

from stacksleuth.checks.engine import run_checks
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.checks.loader import load_checks
from stacksleuth.checks.python import PYTHON_CHECKS
from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.facts.build import build_host_facts

FIXTURES = LIBRARY_FIXTURES
LIBRARY = LIBRARY_FIXTURES.parent / "library"
SLOW = LIBRARY / "openstack/nova-api-slow-requests.yaml"
API_LOG = "var/log/nova/nova-api.log"


def _findings(root: Path):
    checks = [c for c in load_checks().checks if c.id == "nova-api-slow-requests"]
    evidence = DirectoryEvidence(root)
    return run_checks(checks, evidence, build_host_facts(evidence))


def test_every_python_check_has_a_library_yaml_that_asks_for_it():
    loaded = {c.id: c for c in load_checks().checks}
    for check_id in PYTHON_CHECKS:
        assert loaded[check_id].implementation == "python"
    assert [c.id for c in loaded.values() if c.implementation == "python"] == sorted(PYTHON_CHECKS)


def test_slow_request_is_judged_against_the_hosts_median():
    (finding,) = _findings(FIXTURES / "nova-api-slow-requests" / "positive")
    (condition,) = finding.conditions
    assert condition.name == "slow_requests"
    # 8 request lines; the median is that of the 2021 flavor/server calls, not a constant.
    assert "1 of 8 request(s)" in condition.detail
    assert "median of 0.181 s" in condition.detail and "slowest 138.6 s" in condition.detail
    (hit,) = condition.hits
    assert hit.text.endswith("time: 138.5970151")


def test_two_requests_are_no_yardstick(tmp_path):
    # Only the seed's two RunInstances lines (3.9 s and 138.6 s): their median is 71 s, and
    # 138.6 s is not ten times that - one slow call among two says nothing about "usual".
    root = Path(shutil.copytree(FIXTURES / "nova-api-slow-requests" / "positive", tmp_path / "h"))
    log = root / API_LOG
    lines = [
        line for line in log.read_text().splitlines(keepends=True) if "Action=RunInstances" in line
    ]
    assert len(lines) == 2
    log.write_text("".join(lines))
    assert _findings(root) == []


def test_python_check_without_a_registered_function_names_file_and_field(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    text = SLOW.read_text().replace("id: nova-api-slow-requests", "id: site-slow-api")
    (mine / "site-slow-api.yaml").write_text(text)
    loaded = load_checks([mine], library=False)
    assert loaded.checks == []
    (error,) = loaded.errors
    assert error.path.name == "site-slow-api.yaml"
    assert "field implementation" in error.message and "never imported" in error.message


def test_python_beside_a_users_yaml_is_never_imported(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    text = SLOW.read_text().replace("id: nova-api-slow-requests", "id: site-slow-api")
    (mine / "site-slow-api.yaml").write_text(text)
    marker = tmp_path / "imported"
    code = f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n"
    (mine / "site_slow_api.py").write_text(code)
    (mine / "__init__.py").write_text(code)
    load_checks([mine], library=False)
    assert not marker.exists()
