"""What the parser fuzz test (tests/fuzz/) found, each as the real sample it was mutated
from, with the damage that broke it: every parser returns or raises its ParseError."""

from __future__ import annotations

import time

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.logs import parse_bsd_syslog, parse_journal_marker, parse_ovs
from stacksleuth.parsers.numa import parse_node_list, parse_numactl_hardware
from stacksleuth.parsers.openstack_servers import parse_servers
from stacksleuth.parsers.shellvars import parse_shellvars

HUGE = "9" * 5000  # Python refuses int() of more than 4,300 digits


def test_an_empty_assignment_is_an_empty_value():
    text = sample("host", "compute4-os-release").replace('NAME="Ubuntu"', "NAME=")
    assert parse_shellvars(text)["NAME"] == ""
    assert parse_shellvars(text)["ID"] == "ubuntu"


def test_a_long_run_of_blanks_in_a_value_costs_linear_time():
    def run(n: int) -> float:
        text = "VHOST_NET_ENABLED=0" + " " * n + "x\n"
        start = time.perf_counter()
        parse_shellvars(text)
        return time.perf_counter() - start

    small, large = min(run(5000) for _ in range(3)), min(run(20000) for _ in range(3))
    assert large < 8 * max(small, 2e-3), (small, large)


def test_a_node_range_of_a_hundred_billion_nodes_is_a_parse_error():
    text = sample("system", "compute4-numactl_--hardware")
    assert "available: 1 nodes (0)" in text
    with pytest.raises(ParseError, match="range"):
        parse_numactl_hardware(text.replace("(0)", "(0-99999999999)"))
    with pytest.raises(ParseError, match="range"):
        parse_node_list("0-99999999999")


def test_a_node_number_of_5000_digits_is_a_parse_error():
    text = sample("system", "compute4-numactl_--hardware")
    with pytest.raises(ParseError, match="not a number"):
        parse_numactl_hardware(text.replace("node 0 size: 16008", f"node 0 size: {HUGE}"))


def test_server_json_with_a_huge_number_or_deep_nesting_is_a_parse_error():
    text = sample("openstack", "server-show.json")
    assert '"OS-EXT-STS:power_state": 4,' in text
    with pytest.raises(ParseError):
        parse_servers(text.replace('"OS-EXT-STS:power_state": 4,', f'"x": {HUGE},'))
    with pytest.raises(ParseError):
        parse_servers("[" * 100_000 + text)


def test_log_lines_with_absurd_counters_keep_the_line_without_them():
    kern = sample("logs", "compute4-kern.log").splitlines()[0]
    assert " kernel: " in kern
    line = kern.replace("kernel:", f"kernel[{HUGE}]:", 1)
    record = parse_bsd_syslog(line)
    assert record is not None and record.program == "kernel" and record.pid is None
    ovs = sample("logs", "compute4-ovs-vswitchd.log").splitlines()[0]
    seq = ovs.split("|")[1]
    record = parse_ovs(ovs.replace(f"|{seq}|", f"|{HUGE}|", 1))
    assert record is not None and record.sequence is None


def test_a_journal_marker_line_of_many_end_ats_is_not_walked_quadratically():
    header = sample("logs", "compute4-journalctl-no-pager").splitlines()[0]
    assert header.startswith("-- Logs begin at ") and ", end at " in header
    assert parse_journal_marker(header) is not None

    def run(n: int) -> float:
        line = header.replace(", end at ", ", end at x" * n, 1).replace(". --", " --")
        start = time.perf_counter()
        parse_journal_marker(line)
        return time.perf_counter() - start

    small, large = min(run(2000) for _ in range(3)), min(run(8000) for _ in range(3))
    assert large < 8 * max(small, 2e-3), (small, large)
