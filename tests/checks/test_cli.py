"""The knowledge base from the command line, as an operator and a check author use it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hosttrees import run_cli

from stacksleuth.checks.fixtures import LIBRARY_FIXTURES

LIBRARY_CHECK = (
    Path(__file__).resolve().parents[2]
    / "src/stacksleuth/checks/library/network/nic-mixed-driver-tx-hang.yaml"
)
FIXTURE = LIBRARY_FIXTURES / "nic-mixed-driver-tx-hang"


def test_checks_list_json_carries_the_metadata():
    done = run_cli("checks", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    checks = {c["id"]: c for c in json.loads(done.stdout)}
    headline = checks["nic-mixed-driver-tx-hang"]
    assert headline["severity"] == "critical"
    assert headline["references"] and headline["workaround"] and headline["fix"]


# The check ids of issue 4: a contract, never renamed.
CONTRACT_IDS = {
    "nic-mixed-driver-tx-hang",
    "nic-tx-timeout",
    "nic-link-flap",
    "vlan-on-vlan",
    "mtu-mismatch",
    "vhost-net-disabled",
    "nova-image-cache-shared-storage",
    "guest-bpdu-guard",
    "console-log-oversized",
    "nova-api-slow-requests",
    "dhcp-lease-renewal-failure",
    "multipath-path-failures",
    "iscsi-leftovers",
    "nic-rx-ring-discards",
    "pcie-link-degraded",
    "nic-numa-remote",
    "bond-lacp-churned",
}


def test_checks_list_json_has_every_contract_id_with_its_metadata():
    done = run_cli("checks", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    checks = {c["id"]: c for c in json.loads(done.stdout)}
    assert set(checks) == CONTRACT_IDS
    for check in checks.values():
        assert (
            check["title"]
            and check["symptoms"]
            and check["severity"]
            in {
                "critical",
                "high",
                "medium",
                "low",
                "info",
            }
        )
        assert check["explanation"] and check["workaround"] and check["fix"]
    assert checks["nova-api-slow-requests"]["implementation"] == "python"


def test_lint_names_the_file_and_the_field(tmp_path):
    bad = tmp_path / "mine" / "broken.yaml"
    bad.parent.mkdir()
    text = LIBRARY_CHECK.read_text().replace("severity: critical", "severity: urgent")
    bad.write_text(text)
    done = run_cli("checks", "lint", str(bad.parent))
    assert done.returncode == 1
    assert "broken.yaml" in done.stderr and "field severity" in done.stderr


def test_lint_refuses_a_pattern_the_scan_engine_cannot_run(tmp_path):
    bad = tmp_path / "mine" / "lookahead.yaml"
    bad.parent.mkdir()
    bad.write_text(
        LIBRARY_CHECK.read_text().replace(
            "NETDEV WATCHDOG: (?P<iface>", "(?=x)NETDEV WATCHDOG: (?P<iface>", 1
        )
    )
    done = run_cli("checks", "lint", str(bad.parent))
    assert done.returncode == 1
    assert "lookaround or backreferences" in done.stderr


def _user_checks(tmp_path: Path) -> Path:
    """An operator's own check directory: one check (a copy under a new id) + fixtures."""
    mine = tmp_path / "my-checks"
    mine.mkdir()
    text = LIBRARY_CHECK.read_text().replace("id: nic-mixed-driver-tx-hang", "id: site-x710-split")
    (mine / "site-x710-split.yaml").write_text(text)
    shutil.copytree(FIXTURE, mine / "fixtures" / "site-x710-split")
    return mine


def test_user_check_directory_is_tested_and_used(tmp_path):
    mine = _user_checks(tmp_path)
    done = run_cli("checks", "test", str(mine))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed, 0 failed" in done.stdout
    done = run_cli("analyze", str(FIXTURE / "positive"), "--checks", str(mine), "--format", "json")
    assert done.returncode == 0, done.stderr
    fired = {f["check"] for f in json.loads(done.stdout)["findings"]}
    assert {"site-x710-split", "nic-mixed-driver-tx-hang"} <= fired


def test_analyze_json_follows_the_contract():
    done = run_cli("analyze", str(FIXTURE / "positive"), "--format", "json")
    assert done.returncode == 0, done.stderr
    analysis = json.loads(done.stdout)
    assert analysis["schema"] == "stacksleuth/analysis/v1"
    (finding,) = [f for f in analysis["findings"] if f["check"] == "nic-mixed-driver-tx-hang"]
    assert finding["host"] == "compute-40-3"
    assert {"path", "line", "text"} <= set(finding["evidence"][0])
    assert analysis["fleet"]["affected"] == ["compute-40-3"]


def test_analyze_text_names_card_proof_workaround_and_fix():
    done = run_cli("analyze", str(FIXTURE / "positive"))
    assert done.returncode == 0, done.stderr
    out = " ".join(done.stdout.split())
    assert "nic-mixed-driver-tx-hang" in out and "compute-40-3" in out
    assert "NETDEV WATCHDOG: eth4 (i40e): transmit queue 2 timed out" in out
    assert "drv=vfio-pci" in out
    assert "WORKAROUND" in out and "ip link set <dev> down" in out
    assert "FIX" in out and "multi-driver" in out


def test_near_miss_is_not_called_a_split_card():
    # Same host, card all on i40e: the tx timeout may be reported, the split card may not.
    done = run_cli("analyze", str(FIXTURE / "negative"), "--format", "json")
    assert done.returncode == 0, done.stderr
    fired = {f["check"] for f in json.loads(done.stdout)["findings"]}
    assert "nic-mixed-driver-tx-hang" not in fired
