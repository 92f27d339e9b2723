"""numactl --hardware and numastat from the corpus and a public 2-node host."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.numa import parse_node_list, parse_numactl_hardware, parse_numastat


def test_corpus_compute_is_a_single_node_with_165_mb_free():
    hw = parse_numactl_hardware(sample("system", "compute4-numactl_--hardware"))
    assert hw.available_nodes == [0]
    assert hw.nodes[0].cpus == [0, 1]
    assert (hw.nodes[0].size_mb, hw.nodes[0].free_mb) == (16008, 165)
    assert hw.distances == {0: {0: 10}}


def test_two_node_host_has_interleaved_cpus_and_remote_distance_21():
    hw = parse_numactl_hardware(sample("system", "csdn-numa-numactl_--hardware-2node"))
    assert hw.available_nodes == [0, 1]
    assert hw.nodes[1].cpus[:3] == [8, 9, 10] and 31 in hw.nodes[1].cpus
    assert hw.nodes[0].free_mb == 2184
    assert hw.distances[0][1] == 21 and hw.distances[1][1] == 10


def test_plain_numastat_counts_pages_per_node():
    corpus = parse_numastat(sample("system", "compute4-numastat"))
    assert corpus.unit == "pages" and corpus.nodes == [0]
    assert corpus.rows["numa_hit"] == {0: 386594585.0}
    two = parse_numastat(sample("system", "csdn-numa-numastat-2node-misses"))
    assert two.nodes == [0, 1]
    assert two.rows["numa_miss"] == {0: 112253847.0, 1: 120764277.0}
    assert two.totals == {}


def test_numastat_n_and_m_are_in_mb_with_totals():
    per_node = parse_numastat(sample("system", "compute4-numastat_-n"))
    assert per_node.unit == "MB"
    assert per_node.totals["Numa_Hit"] == 1510153.25
    mem = parse_numastat(sample("system", "compute4-numastat_-m"))
    assert mem.rows["MemFree"] == {0: 168.91}


def test_numastat_m_skips_its_token_node_stderr_lines():
    mem = parse_numastat(sample("system", "csdn-numa-numastat_-m-2node"))
    assert mem.nodes == [0, 1]
    assert "Token" not in mem.rows
    assert mem.rows["AnonHugePages"] == {0: 12048.0, 1: 13360.0}
    assert mem.totals["MemTotal"] == 128551.86


def test_node_lists():
    assert parse_node_list("0-1,3") == [0, 1, 3]
    assert parse_node_list("0") == [0]


def test_empty_and_foreign_text():
    assert parse_numactl_hardware("").nodes == {}
    assert parse_numastat("").rows == {}
    with pytest.raises(ParseError):
        parse_numactl_hardware(sample("system", "compute4-mount_-l"))
    with pytest.raises(ParseError):
        parse_numastat(sample("system", "compute4-mount_-l"))
