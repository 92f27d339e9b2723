"""lsmod from the corpus compute."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.lsmod import parse_lsmod


def test_vhost_net_is_loaded_and_holds_tap_on_the_corpus_compute():
    modules = parse_lsmod(sample("virt", "compute4-lsmod"))
    assert len(modules) == 119
    assert modules["vhost_net"].size == 32768
    assert modules["vhost_net"].used_by_count == 1
    assert modules["tap"].users == ["vhost_net"]


def test_kvm_intel_is_the_user_of_kvm():
    modules = parse_lsmod(sample("virt", "compute4-lsmod"))
    assert modules["kvm"].users == ["kvm_intel"]
    assert modules["kvm_intel"].used_by_count == 3
    assert modules["vxlan"].used_by_count == 0 and modules["vxlan"].users == []


def test_tailed_lsmod_drops_the_partial_first_line():
    modules = parse_lsmod(sample("virt", "compute4-lsmod-tailed"))
    assert "8" not in modules
    first = next(iter(modules))
    assert first == "libcrc32c"
    assert modules["libcrc32c"].users == [
        "nf_conntrack",
        "nf_nat",
        "openvswitch",
        "btrfs",
        "xfs",
        "raid456",
    ]


def test_empty_and_foreign_text():
    assert parse_lsmod("") == {}
    with pytest.raises(ParseError):
        parse_lsmod("Module                  Size  Used by\nthis is not lsmod\n")
