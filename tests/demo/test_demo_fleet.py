"""The demo fleet: the seeds' cloud, reproducible, and every planted problem found.

A small fleet (20 computes) keeps the full fleet's story: three computes with seed 000's
split X710 and a storage-port tx hang, one host per other seed problem, healthy computes
with X710s all on i40e or all on DPDK, and the ticket's VMs on the split-card computes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from realsamples import sample

from stacksleuth.analysis import analyze
from stacksleuth.demo import generate_fleet
from stacksleuth.demo.plan import (
    COMPUTE_PROBLEMS,
    CONTROLLER_PROBLEM,
    INCIDENT_SPREAD_SECONDS,
    SEED_HOST,
    plan_fleet,
)
from stacksleuth.parsers.openstack_servers import parse_servers

SMALL = 20
SERIOUS = ("critical", "high")
DATA = Path(__file__).parents[2] / "src" / "stacksleuth" / "demo" / "data"


def tree_digest(root: Path) -> str:
    """One hash over every path, file content and symlink target under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_symlink():
            digest.update(b"-> " + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    return generate_fleet(tmp_path_factory.mktemp("demo") / "fleet", computes=SMALL)


@pytest.fixture(scope="module")
def analysis(fleet):
    return analyze([fleet.out]).to_json()


def findings_by_host(analysis) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in analysis["findings"]:
        found.setdefault(finding["host"], []).append(finding)
    return found


def test_same_seed_same_bytes_other_seed_other_fleet(fleet, tmp_path):
    again = generate_fleet(tmp_path / "again", computes=SMALL)
    other = generate_fleet(tmp_path / "other", computes=SMALL, seed=7)
    assert tree_digest(again.out) == tree_digest(fleet.out)
    assert again.affected == fleet.affected
    assert tree_digest(other.out) != tree_digest(fleet.out)


def test_every_planted_problem_is_found_on_its_host(fleet, analysis):
    found = findings_by_host(analysis)
    for host in fleet.hosts:
        checks = {f["check"] for f in found.get(host.name, [])}
        assert set(host.planted) <= checks, host.name


def test_no_serious_finding_that_was_not_planted(fleet, analysis):
    found = findings_by_host(analysis)
    for host in fleet.hosts:
        serious = {f["check"] for f in found.get(host.name, []) if f["severity"] in SERIOUS}
        assert serious <= set(host.planted), host.name
    healthy = [h for h in fleet.hosts if not h.planted]
    assert len(healthy) >= 5
    assert not any(f["severity"] in SERIOUS for h in healthy for f in found.get(h.name, []))


def test_small_fleet_keeps_the_story(fleet, analysis):
    planted = [p for host in fleet.hosts for p in host.planted]
    assert len(fleet.affected) >= 3
    for problem in (*COMPUTE_PROBLEMS, CONTROLLER_PROBLEM):
        assert problem in planted
    hosts = {h["name"]: h for h in analysis["hosts"]}
    assert {n for n, h in hosts.items() if h["role"] == "controller"} == {
        "controller-1",
        "controller-2",
        "controller-3",
    }
    assert sum(h["role"] == "compute" for h in hosts.values()) == SMALL


def test_only_the_split_card_separates_the_affected_computes(fleet, analysis):
    computes = [h for h in analysis["hosts"] if h["role"] == "compute"]
    split = {h["name"] for h in computes if h["attributes"].get("card.mixed_drivers")}
    assert split == set(fleet.affected)

    def x710(host):
        return any("X710" in m for m in host["attributes"].get("nic.model", []))

    healthy_x710 = [h for h in computes if x710(h) and h["name"] not in split]
    on_dpdk = [h for h in healthy_x710 if h["attributes"].get("nic.userspace_driver")]
    all_i40e = [h for h in healthy_x710 if not h["attributes"].get("nic.userspace_driver")]
    assert on_dpdk and all_i40e


def test_incident_lines_are_close_together_and_before_each_report(fleet, analysis):
    hosts = {h["name"]: h for h in analysis["hosts"]}
    times = []
    for finding in analysis["findings"]:
        if finding["check"] != "nic-mixed-driver-tx-hang":
            continue
        report = datetime.fromisoformat(hosts[finding["host"]]["facts"]["identity"]["report_time"])
        for quote in finding["evidence"]:
            stamp = re.match(r"(\w{3} +\d+ \d\d:\d\d:\d\d) ", quote["text"])
            if stamp:
                when = datetime.strptime(f"{report.year} {stamp[1]}", "%Y %b %d %H:%M:%S")
                when = when.replace(tzinfo=report.tzinfo)
                assert when < report
                times.append(when)
    assert len(times) >= 2 * len(fleet.affected)
    assert max(times) - min(times) <= timedelta(seconds=INCIDENT_SPREAD_SECONDS + 5)


def test_vms_file_is_a_stream_of_real_server_show_documents(fleet):
    text = fleet.vms_file.read_text()
    documents = []
    decoder = json.JSONDecoder()
    position = 0
    while position < len(text):
        document, position = decoder.raw_decode(text, position)
        documents.append(document)
        position += len(text[position:]) - len(text[position:].lstrip())
    real_keys = list(json.loads(sample("openstack", "server-show.json")))
    assert all(list(d) == real_keys for d in documents)
    fqdns = {f"{name}.mylab.home" for name in fleet.affected}
    hypervisors = [d["OS-EXT-SRV-ATTR:hypervisor_hostname"] for d in documents]
    assert set(hypervisors) == fqdns
    assert all(hypervisors.count(fqdn) >= 2 for fqdn in fqdns)
    servers = parse_servers(text)
    assert len({s.id for s in servers}) == len(documents)


def test_full_fleet_plan_is_the_seed_cloud():
    plans = plan_fleet(168, 3, 2022)
    affected = [p.name for p in plans if "nic-mixed-driver-tx-hang" in p.planted]
    assert len(plans) == 171 and len(affected) == 12 and SEED_HOST in affected
    assert sum(p.role == "compute" for p in plans) == 168


def test_too_small_a_fleet_is_refused(tmp_path):
    with pytest.raises(ValueError, match="at least"):
        plan_fleet(8, 3, 2022)


def test_an_existing_fleet_is_not_overwritten(fleet):
    with pytest.raises(FileExistsError):
        generate_fleet(fleet.out, computes=SMALL)


def test_every_data_file_has_its_source_named():
    sources = (DATA / "SOURCES.md").read_text()
    for path in DATA.rglob("*"):
        if path.is_file() and path.name != "SOURCES.md":
            assert f"`{path.relative_to(DATA)}`" in sources, path
