"""Engine features on real fixture trees: counting per named group, `any_of`
alternatives, and syslog years when the report's date is unknown.

Trees are copies of the check fixtures (checks/library-fixtures/<id>/, origins in SOURCES.md); where
a test edits one, the comment says what and why.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from stacksleuth.checks.engine import run_checks
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.checks.loader import load_check, load_checks
from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.facts.build import build_host_facts

FIXTURES = LIBRARY_FIXTURES
LIBRARY = LIBRARY_FIXTURES.parent / "library"
CHECKS = {check.id: check for check in load_checks().checks}
DATE = "sos_commands/date/date_--utc"
KERN_LOG = "var/log/kern.log"


def _copy(tmp_path: Path, check_id: str, kind: str, name: str = "host") -> Path:
    return Path(shutil.copytree(FIXTURES / check_id / kind, tmp_path / name))


def _run(root: Path, *check_ids: str):
    evidence = DirectoryEvidence(root)
    facts = build_host_facts(evidence)
    findings = run_checks([CHECKS[c] for c in check_ids], evidence, facts)
    return {f.check.id: f for f in findings}, evidence


# -- group_by ---------------------------------------------------------------------------


def test_link_changes_spread_over_four_interfaces_are_not_a_flap(tmp_path):
    root = _copy(tmp_path, "nic-link-flap", "positive")
    assert "nic-link-flap" in _run(root, "nic-link-flap")[0]
    # EDIT: the four real e1000e lines of one eth0 renamed eth0..eth3, one each.
    log = root / KERN_LOG
    lines = log.read_text().splitlines(keepends=True)
    flaps = [i for i, line in enumerate(lines) if "e1000e: eth0 NIC Link" in line]
    assert len(flaps) == 4
    for n, i in enumerate(flaps):
        lines[i] = lines[i].replace("eth0", f"eth{n}")
    log.write_text("".join(lines))
    assert "nic-link-flap" not in _run(root, "nic-link-flap")[0]


def test_per_group_detail_names_the_flapping_interface(tmp_path):
    findings, _ = _run(FIXTURES / "nic-link-flap" / "positive", "nic-link-flap")
    (condition,) = findings["nic-link-flap"].conditions
    assert condition.detail.endswith("for one iface: eth0: 4")


def test_group_by_must_name_a_group_of_the_patterns(tmp_path):
    text = (LIBRARY / "network/nic-link-flap.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("group_by: iface", "group_by: port"))
    with pytest.raises(ValueError, match="group_by 'port' is not a named group"):
        load_check(bad)


# -- any_of -----------------------------------------------------------------------------


def test_path_failures_in_the_log_alone_are_enough(tmp_path):
    root = _copy(tmp_path, "multipath-path-failures", "positive")
    # The healthy listing of the negative fixture: only the log branch can hold.
    healthy = FIXTURES / "multipath-path-failures/negative/sos_commands/multipath/multipath_-ll"
    shutil.copy(healthy, root / "sos_commands/multipath/multipath_-ll")
    findings, _ = _run(root, "multipath-path-failures")
    (condition,) = findings["multipath-path-failures"].conditions
    assert condition.kind == "any_of"
    assert condition.detail.startswith("paths_failed_in_log: 1 matching line(s)")
    assert any("Failing path 8:48" in hit.text for hit in condition.hits)


def test_any_of_holds_for_neither_branch_on_the_healthy_host():
    findings, _ = _run(FIXTURES / "multipath-path-failures" / "negative", "multipath-path-failures")
    assert findings == {}


def test_a_single_boot_time_no_partner_warning_does_not_fire(tmp_path):
    # Negative fixture of bond-lacp-churned: a negotiated bond whose dmesg has the one
    # warning every 802.3ad bond prints at boot; neither branch may hold.
    findings, _ = _run(FIXTURES / "bond-lacp-churned" / "negative", "bond-lacp-churned")
    assert findings == {}


def _multipath_check_edited(tmp_path: Path, old: str, new: str) -> Path:
    text = (LIBRARY / "storage/multipath-path-failures.yaml").read_text()
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new, 1))
    return bad


def test_a_condition_is_either_alternatives_or_a_fact(tmp_path):
    bad = _multipath_check_edited(
        tmp_path, "    any_of:\n", '    fact: "storage.multipath_maps"\n    any_of:\n'
    )
    with pytest.raises(ValueError, match="exactly one of `fact`, `log` or `any_of`"):
        load_check(bad)


def test_alternatives_need_names_of_their_own(tmp_path):
    bad = _multipath_check_edited(
        tmp_path, "      - name: failed_maps\n", "      - name: path_failures\n"
    )
    with pytest.raises(ValueError, match="condition names must be unique"):
        load_check(bad)


# -- years of syslog lines without a report date ----------------------------------------


def test_without_a_report_date_a_window_cannot_be_judged(tmp_path):
    root = _copy(tmp_path, "nic-link-flap", "positive")
    (root / DATE).unlink()
    findings, evidence = _run(root, "nic-link-flap")
    assert findings == {}
    assert not any(note.where == "date" for note in evidence.notes)


def test_the_date_in_the_report_name_stands_in_for_the_report_date(tmp_path):
    root = _copy(tmp_path, "nic-link-flap", "positive", name="sosreport-compute4-2022-02-10")
    (root / DATE).unlink()
    findings, evidence = _run(root, "nic-link-flap")
    hits = findings["nic-link-flap"].conditions[0].hits
    # Dec is after the name's Feb: the flap was in December of the year before.
    assert {hit.time.year for hit in hits} == {2021}
    (note,) = [note for note in evidence.notes if note.where == "date"]
    assert "the date in the name 2022-02-10" in note.message


def test_the_newest_dated_log_line_stands_in_when_the_name_has_no_date(tmp_path):
    root = _copy(tmp_path, "nic-link-flap", "positive")
    (root / DATE).unlink()
    # The nova-api log of the nova-api-slow-requests fixture: lines dated up to 2021-09-19.
    api_log = FIXTURES / "nova-api-slow-requests/positive/var/log/nova/nova-api.log"
    (root / "var/log/nova").mkdir(parents=True)
    shutil.copy(api_log, root / "var/log/nova/nova-api.log")
    findings, evidence = _run(root, "nic-link-flap", "nova-api-slow-requests")
    hits = findings["nic-link-flap"].conditions[0].hits
    assert {hit.time.year for hit in hits} == {2020}
    (note,) = [note for note in evidence.notes if note.where == "date"]
    assert "the newest dated log line (2021-09-19)" in note.message


def test_a_dated_report_is_left_alone(tmp_path):
    findings, evidence = _run(FIXTURES / "nic-link-flap" / "positive", "nic-link-flap")
    hits = findings["nic-link-flap"].conditions[0].hits
    # date_--utc says Feb 2022: December lines are from 2021, as before.
    assert {hit.time.year for hit in hits} == {2021}
    assert not any(note.where == "date" for note in evidence.notes)
