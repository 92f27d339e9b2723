"""Fleet analysis end to end: real-format hosts, the affected set, what it shares."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from fleettrees import build_fleet, fixture
from hosttrees import run_cli

from stacksleuth.analysis import analyze
from stacksleuth.fleet.affected import AffectedRequest

SPLIT = fixture("nic-mixed-driver-tx-hang", "positive")
HEALTHY_TEMPLATES = [
    fixture("nic-mixed-driver-tx-hang", "negative"),  # the same X710, all ports on i40e
    fixture("nic-tx-timeout", "negative"),
    fixture("vhost-net-disabled", "negative"),
    fixture("pcie-link-degraded", "negative"),
    fixture("nic-rx-ring-discards", "negative"),
]
AFFECTED = [f"compute-{n:03d}" for n in (3, 9, 14, 22, 31, 38, 47)]


@pytest.fixture(scope="module")
def fleet_of_50(tmp_path_factory) -> Path:
    """50 computes: the 7 of AFFECTED have a split X710 and tx timeouts; 43 are healthy."""
    fleet = tmp_path_factory.mktemp("fleet50")
    plan = []
    for number in range(1, 51):
        name = f"compute-{number:03d}"
        template = SPLIT if name in AFFECTED else HEALTHY_TEMPLATES[number % 5]
        plan.append((name, template))
    build_fleet(fleet, plan)
    return fleet


def test_the_shared_split_card_ranks_first_and_the_check_names_the_seven(fleet_of_50, tmp_path):
    result = run_cli(
        "analyze",
        str(fleet_of_50),
        "--affected",
        ",".join(AFFECTED),
        "--format",
        "json",
        "--jobs",
        "2",
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    assert result.returncode in (0, 1), result.stderr
    document = json.loads(result.stdout)
    fleet = document["fleet"]
    assert sorted(fleet["affected"]) == AFFECTED
    assert len(fleet["healthy"]) == 43
    first = fleet["discriminators"][0]
    assert (first["affected_with"], first["affected_total"]) == (7, 7)
    assert (first["healthy_with"], first["healthy_total"]) == (0, 43)
    assert first["attribute"].startswith("card.")
    assert "X710" in first["summary"]
    split_hosts = sorted(
        f["host"] for f in document["findings"] if f["check"] == "nic-mixed-driver-tx-hang"
    )
    assert split_hosts == AFFECTED
    top = fleet["hypotheses"][0]
    assert top["affected_explained"] == 7 and top["healthy_with"] == 0


def test_without_a_shared_cause_nothing_separates_the_hosts(tmp_path):
    """Affected hosts picked at random among look-alikes: no attribute may look causal."""
    chooser = random.Random(7)
    plan = [(f"node-{n:02d}", chooser.choice(HEALTHY_TEMPLATES)) for n in range(30)]
    build_fleet(tmp_path / "fleet", plan)
    affected = [name for name, _template in chooser.sample(plan, 6)]
    analysis = analyze(
        [tmp_path / "fleet"],
        request=AffectedRequest(names=tuple(affected)),
        jobs=1,
        cache_dir=tmp_path / "cache",
    )
    assert sorted(analysis.affected.affected) == sorted(affected)
    assert analysis.discriminators == []


def test_vms_map_to_their_computes(tmp_path):
    """Real `openstack server show -f json` documents, one after another as xargs prints."""
    samples = Path(__file__).parents[1] / "samples" / "openstack"
    legacy = json.loads((samples / "server-show-legacy.json").read_text())
    newer = json.loads((samples / "server-show.json").read_text())
    # The samples name computes `compute2.openstack.local` and `compute.test.local`.
    build_fleet(
        tmp_path / "fleet",
        [("compute2", SPLIT), ("compute", SPLIT), ("compute7", HEALTHY_TEMPLATES[0])],
    )
    vms = tmp_path / "vms.json"
    vms.write_text(json.dumps(legacy, indent=2) + "\n" + json.dumps(newer, indent=2) + "\n")
    analysis = analyze(
        [tmp_path / "fleet"],
        request=AffectedRequest(vms_file=vms),
        jobs=1,
        cache_dir=tmp_path / "cache",
    )
    chosen = analysis.affected
    assert chosen.method == "vms"
    assert sorted(chosen.affected) == ["compute", "compute2"]
    assert chosen.healthy == ["compute7"]
    assert [vm.compute for vm in chosen.vms] == [
        "compute2.openstack.local",
        "compute.test.local",
    ]
    assert "2 VM(s)" in chosen.sentence


def test_symptom_picks_the_hosts_whose_logs_match(tmp_path):
    build_fleet(
        tmp_path / "fleet",
        [("a1", SPLIT), ("a2", SPLIT), ("h1", HEALTHY_TEMPLATES[2]), ("h2", HEALTHY_TEMPLATES[3])],
    )
    analysis = analyze(
        [tmp_path / "fleet"],
        request=AffectedRequest(symptom=r"NETDEV WATCHDOG: (?P<iface>\S+)"),
        jobs=1,
        cache_dir=tmp_path / "cache",
    )
    assert analysis.affected.affected == ["a1", "a2"]
    host = analysis.hosts[0].to_json()
    assert host["symptom"]["count"] >= 1
    assert "NETDEV WATCHDOG" in host["symptom"]["lines"][0]["text"]


def test_affected_names_match_fqdn_and_case_and_unknown_ones_are_reported(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", SPLIT), ("compute-2", HEALTHY_TEMPLATES[0])])
    names = tmp_path / "affected.txt"
    names.write_text("# from the ticket\nCOMPUTE-1.example.org\ncompute-99\n")
    analysis = analyze(
        [tmp_path / "fleet"],
        request=AffectedRequest(names_file=names),
        jobs=1,
        cache_dir=tmp_path / "cache",
    )
    assert analysis.affected.affected == ["compute-1"]
    assert analysis.affected.unknown == ["compute-99"]
    assert "--affected-file" in analysis.affected.sentence


def test_mixed_sources_and_a_damaged_host_in_one_run(tmp_path):
    """A fleet directory, a tarball and a corrupt tarball: two hosts read, one noted."""
    from hosttrees import build_sosreport_archive

    build_fleet(tmp_path / "fleet", [("compute-1", SPLIT), ("compute-2", HEALTHY_TEMPLATES[1])])
    archive = build_sosreport_archive(tmp_path, "compute-3")
    damaged = tmp_path / "sosreport-compute-4-2022-02-10-hijklmn.tar.xz"
    damaged.write_bytes(archive.read_bytes()[:300])
    result = run_cli(
        "analyze",
        str(tmp_path / "fleet"),
        str(archive),
        str(damaged),
        "--format",
        "json",
        "--cache-dir",
        str(tmp_path / "cache"),
    )
    assert result.returncode == 1, "a damaged host makes the run partial"
    document = json.loads(result.stdout)
    names = [h["name"] for h in document["hosts"]]
    assert {"compute-1", "compute-2", "compute-3"} <= set(names)
    assert len(names) == 4, "the damaged host is listed, not dropped"
    damaged_host = next(h for h in document["hosts"] if h["name"].startswith("sosreport-compute-4"))
    assert damaged_host["partial"]
    assert "truncated or corrupt" in damaged_host["notes"][0]["message"]


def test_bad_affected_inputs_are_usage_errors(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", SPLIT)])
    bad_vms = tmp_path / "vms.json"
    bad_vms.write_text("ID  Name  Status\n")
    for args, message in (
        (["--vms", str(bad_vms)], "server show"),
        (["--affected-file", str(tmp_path / "missing.txt")], "missing.txt"),
        (["--symptom", "(?<=x)y"], "--symptom"),
    ):
        result = run_cli("analyze", str(tmp_path / "fleet"), *args)
        assert result.returncode == 2, args
        assert message in result.stderr


def test_two_reports_of_one_machine_are_both_affected(tmp_path):
    """A host collected twice is told apart (`#2`), and naming it picks both reports."""
    build_fleet(tmp_path / "a", [("compute-1", SPLIT), ("compute-2", HEALTHY_TEMPLATES[2])])
    build_fleet(tmp_path / "b", [("compute-1", SPLIT)])
    analysis = analyze(
        [tmp_path / "a", tmp_path / "b"],
        request=AffectedRequest(names=("compute-1",)),
        jobs=1,
        cache_dir=tmp_path / "cache",
    )
    assert sorted(analysis.affected.affected) == ["compute-1", "compute-1#2"]
    assert analysis.affected.healthy == ["compute-2"]
    assert any("compute-1 was read more than once" in note for note in analysis.notes)


def test_a_names_file_that_is_not_utf8_is_a_usage_error(tmp_path):
    build_fleet(tmp_path / "fleet", [("compute-1", SPLIT)])
    names = tmp_path / "affected.txt"
    names.write_bytes(b"compute-1\n\xff\n")
    result = run_cli("analyze", str(tmp_path / "fleet"), "--affected-file", str(names))
    assert result.returncode == 2
    assert "not UTF-8 text" in result.stderr
    assert "Traceback" not in result.stderr
