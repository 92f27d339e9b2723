"""What an operator reads in the terminal after analysing the seed's 7-of-50 fleet."""

from __future__ import annotations

import io
import re

from conftest import AFFECTED, TYPO
from rich.console import Console

from stacksleuth.report.terminal import render_summary

# A colour (foreground or background, 16, 256 or true colour) in an ANSI SGR sequence.
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|[34]8;[25];[0-9;]+)m")


def _render(doc: dict, **console_options) -> str:
    out = io.StringIO()
    options = {"width": 100, "highlight": False} | console_options
    render_summary(doc, Console(file=out, **options))
    return out.getvalue()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _block(text: str, check: str) -> str:
    """The lines of one check's block: from its rule to the next rule."""
    start = text.rfind("\n", 0, text.index(f" {check} ─")) + 1
    end = text.find("\n\n", start)
    return text[start : end if end != -1 else len(text)]


def test_hosts_and_the_partial_one_with_its_note(fleet_doc):
    text = _flat(_render(fleet_doc))
    assert text.startswith("50 hosts analysed, 1 partial")
    assert "partial sosreport-compute-41-41-2022-02-10-" in text
    assert "not a readable tarball: corrupt or not a sosreport" in text


def test_affected_set_how_it_was_chosen_and_unknown_names(fleet_doc):
    text = _flat(_render(fleet_doc))
    assert "affected: 7 hosts (7 host(s) given with --affected)" in text
    # Long host lists are cut: the first five, then a count.
    assert f"{', '.join(AFFECTED[:5])} and 2 more" in text
    assert "healthy: 42 hosts" in text
    assert "unreadable: 1 host (sosreport-compute-41-41-" in text, "the cut upload is apart"
    assert f"no analysed host is called {TYPO}" in text


def test_vms_spread_over_computes(fleet_doc):
    # STAND-IN VMs (the fleet issue's --vms input), in the contract's shape.
    fleet_doc["fleet"]["vms"] = [
        {"id": f"id-{n}", "name": f"vm-{n}", "compute": compute, "status": "ACTIVE"}
        for n, compute in enumerate(["compute-40-1", "compute-40-1", "compute-40-2"])
    ]
    text = _flat(_render(fleet_doc))
    assert "3 VMs on 2 computes: compute-40-1 (2), compute-40-2 (1)" in text


def test_the_split_card_is_what_the_affected_hosts_share(fleet_doc):
    text = _flat(_render(fleet_doc))
    assert "what the affected hosts share" in text
    assert (
        "7/7 affected vs 0/42 healthy: have a card split between drivers: "
        "Ethernet Controller X710 for 10GbE SFP+: i40e+vfio-pci"
    ) in text


def test_the_split_card_check_leads_with_its_proof(fleet_doc):
    text = _render(fleet_doc)
    block = _flat(_block(text, "nic-mixed-driver-tx-hang"))
    assert text.index("nic-mixed-driver-tx-hang") < text.index("multipath-path-failures")
    assert block.startswith("CRITICAL nic-mixed-driver-tx-hang")
    assert "NIC card split between a kernel driver and DPDK" in block
    assert "hosts 7: compute-40-1" in block
    assert "explains 7/7 affected host(s); also on 0 healthy host(s)" in block
    assert (
        "var/log/kern.log:6 Feb 11 16:19:40 compute-40-1 kernel: [ 298.426757] "
        "NETDEV WATCHDOG: eth4 (i40e): transmit queue 2 timed out"
    ) in block
    assert "drv=vfio-pci" in block
    assert len(re.findall(r"^  \S+:\d+ ", _block(text, "nic-mixed-driver-tx-hang"), re.M)) == 3


def test_predictions_with_the_next_test_when_not_observable(fleet_doc):
    block = _flat(_block(_render(fleet_doc), "nic-mixed-driver-tx-hang"))
    assert "met The ports on the DPDK driver are bound" in block
    assert (
        "not observable Packet drops and lower TCP throughput on the kernel ports of the split "
        "card next test: run iperf3 between two affected computes over the storage network"
    ) in block


def test_hosts_that_disagree_on_a_prediction_are_counted(fleet_doc):
    for finding in fleet_doc["findings"]:
        if finding["check"] == "nic-mixed-driver-tx-hang" and finding["host"] == "compute-40-2":
            finding["predictions"][2]["status"] = "not met"
    block = _flat(_block(_render(fleet_doc), "nic-mixed-driver-tx-hang"))
    assert "met on 6, not met on 1 The ports on the DPDK driver are bound" in block


def test_workaround_and_fix_are_stated_apart(fleet_doc):
    lines = _block(_render(fleet_doc), "nic-mixed-driver-tx-hang").splitlines()
    workaround = next(n for n, line in enumerate(lines) if line.startswith("WORKAROUND"))
    fix = next(n for n, line in enumerate(lines) if line.startswith("FIX"))
    assert workaround < fix
    workaround_text = _flat(" ".join(lines[workaround:fix]))
    fix_text = _flat(" ".join(lines[fix:]))
    assert "ip link set <dev> down; ip link set <dev> up" in workaround_text
    assert "the workaround does not last" in workaround_text
    assert "net/i40e: fix multiple driver support issue" in fix_text
    assert "net/i40e" not in workaround_text


def test_fits_in_100_columns_except_quoted_evidence(fleet_doc):
    for line in _render(fleet_doc).splitlines():
        quoted = re.match(r"  \S+:\d+ ", line)
        assert quoted or len(line) <= 100, line


def test_no_colour_off_a_terminal_nor_with_no_color(fleet_doc):
    assert "\x1b[" not in _render(fleet_doc)  # a file, not a TTY: plain text
    assert COLOUR.search(_render(fleet_doc, force_terminal=True, color_system="standard"))
    assert not COLOUR.search(
        _render(fleet_doc, force_terminal=True, color_system="standard", no_color=True)
    )


def test_no_finding_says_so(fleet_doc):
    fleet_doc["findings"] = []
    fleet_doc["fleet"]["hypotheses"] = []
    text = _render(fleet_doc)
    assert "No known issue found." in text
    assert "WORKAROUND" not in text
