"""Every bundled check loads, and proves itself on its own positive and negative fixtures."""

from __future__ import annotations

import pytest

from stacksleuth.checks.fixtures import LIBRARY_FIXTURES, NEGATIVE, POSITIVE, run_fixture
from stacksleuth.checks.loader import load_checks

FIXTURES = LIBRARY_FIXTURES
LOADED = load_checks()
CHECKS = {check.id: check for check in LOADED.checks}


def test_library_loads_without_errors():
    assert [str(error) for error in LOADED.errors] == []


@pytest.mark.parametrize("check_id", sorted(CHECKS))
@pytest.mark.parametrize("kind", [POSITIVE, NEGATIVE])
def test_check_fixture(check_id, kind):
    path = FIXTURES / check_id / kind
    assert path.is_dir(), f"{check_id} has no {kind} fixture at {path}"
    result = run_fixture(CHECKS[check_id], path, kind)
    fired = [f.check.id for f in result.findings]
    assert result.passed, f"{kind} fixture of {check_id}: findings {fired}"


def test_headline_finding_quotes_the_proof():
    """The split X710 of the seed: the finding names the card layout and the watchdog line."""
    result = run_fixture(
        CHECKS["nic-mixed-driver-tx-hang"],
        FIXTURES / "nic-mixed-driver-tx-hang" / POSITIVE,
        POSITIVE,
    )
    (finding,) = result.findings
    texts = [e["text"] for e in finding.evidence]
    assert any("drv=vfio-pci" in t for t in texts)
    assert any("NETDEV WATCHDOG: eth4 (i40e): transmit queue 2 timed out" in t for t in texts)
    statuses = {p.text: p.status for p in finding.predictions}
    assert statuses["The ports on the DPDK driver are bound (dpdk-devbind shows them)"] == "met"
    assert "ip link set <dev> down" in finding.check.workaround
