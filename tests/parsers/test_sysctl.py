"""sysctl -a from the corpus and from public non-root runs."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.sysctl import parse_sysctl


def test_corpus_compute_filters_bridged_traffic_and_uses_loose_rp_filter():
    result = parse_sysctl(sample("system", "compute4-sysctl_-a"))
    assert result.get_int("net.bridge.bridge-nf-call-iptables") == 1
    assert result.get_int("net.ipv4.conf.all.rp_filter") == 2
    assert result.errors == []


def test_multi_number_values_and_repeated_keys_are_kept_as_text():
    result = parse_sysctl(sample("system", "compute4-sysctl_-a"))
    assert result.values["net.ipv4.tcp_rmem"] == "4096\t131072\t6291456"
    assert result.get_int("net.ipv4.tcp_rmem") is None
    assert result.values["dev.cdrom.info"].startswith("CD-ROM information")
    assert "\ndrive name:" in result.values["dev.cdrom.info"]


def test_non_root_run_has_permission_errors_mixed_with_values():
    result = parse_sysctl(sample("system", "forum-sysctl_-a-permission-denied-nonroot"))
    assert result.values["net.ipv6.conf.enp0s25.disable_ipv6"] == "0"
    assert len(result.values) == 6
    assert len(result.errors) == 21
    assert result.errors[0].key == "fs.protected_fifos"
    assert "net.ipv4.tcp_fastopen_key" in [e.key for e in result.errors]


def test_older_procps_reading_key_errors():
    result = parse_sysctl(sample("system", "devsec-issue536-sysctl_-a-reading-key"))
    assert result.values == {"fs.protected_hardlinks": "1"}
    assert [e.key for e in result.errors][-1] == "net.ipv6.conf.lo.stable_secret"


def test_tailed_output_skips_the_partial_first_line():
    result = parse_sysctl(sample("system", "compute4-sysctl_-a-tailed"))
    assert next(iter(result.values)) == "vm.max_map_count"
    assert result.get_int("vm.max_map_count") == 524288


def test_empty_and_foreign_text():
    assert parse_sysctl("").values == {}
    with pytest.raises(ParseError):
        parse_sysctl(sample("system", "compute4-mount_-l"))
