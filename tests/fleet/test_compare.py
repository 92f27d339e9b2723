"""Discriminating attributes: Fisher's exact test, false discovery rate, ranking."""

from __future__ import annotations

from math import comb

import pytest

from stacksleuth.fleet.compare import (
    _benjamini_hochberg,
    comparable_healthy,
    describe,
    discriminators,
    enrichment_p_value,
)

SPLIT = "Ethernet Controller X710 for 10GbE SFP+: i40e+vfio-pci"


def _host(split: bool, kernel: str, **extra) -> dict[str, object]:
    attributes: dict[str, object] = {
        "role": "compute",
        "kernel.release": kernel,
        "card.mixed_drivers": split,
        "nic.driver": ["i40e", "vfio-pci"] if split else ["i40e"],
    }
    if split:
        attributes["card.mixed_drivers.model"] = [SPLIT]
    attributes.update(extra)
    return attributes


def test_p_value_is_the_hypergeometric_tail():
    # 12 of 12 affected, 0 of 156 healthy: only one table is as extreme.
    assert enrichment_p_value(12, 12, 0, 156) == pytest.approx(1 / comb(168, 12))
    # Everyone has it: no evidence at all.
    assert enrichment_p_value(5, 5, 20, 20) == pytest.approx(1.0)


def test_the_split_card_separates_twelve_of_168():
    affected = [_host(True, "4.18.0-448") for _ in range(12)]
    healthy = [_host(False, "4.18.0-448" if n % 2 else "4.18.0-513") for n in range(156)]
    found = discriminators(affected, healthy)
    first = found[0]
    assert (first.attribute, first.value) == ("card.mixed_drivers.model", SPLIT)
    assert (first.affected_with, first.affected_total) == (12, 12)
    assert (first.healthy_with, first.healthy_total) == (0, 156)
    assert first.summary.startswith("12/12 affected vs 0/156 healthy: have a card split")
    # Shared by everybody or more common among the healthy: not a discriminator.
    assert not any(d.attribute == "role" for d in found)
    assert not any(d.value is False for d in found)


def test_a_value_of_one_host_is_never_a_candidate():
    affected = [_host(False, "5.4.0-97", **{"nic.firmware": "only-here"})]
    healthy = [_host(False, "5.4.0-97") for _ in range(3)]
    assert all(d.attribute != "nic.firmware" for d in discriminators(affected, healthy))


def test_weak_associations_do_not_survive_the_false_discovery_rate():
    # 3 of 5 affected vs 10 of 40 healthy run a kernel: p ~0.1 on its own.
    affected = [_host(False, "k1")] * 3 + [_host(False, "k2")] * 2
    healthy = [_host(False, "k1")] * 10 + [_host(False, "k2")] * 30
    assert discriminators(affected, healthy) == []


def test_no_comparison_without_both_groups():
    assert discriminators([], [_host(False, "k")]) == []
    assert discriminators([_host(True, "k")], []) == []


def test_benjamini_hochberg_adjustment():
    adjusted = _benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    assert adjusted == pytest.approx([0.04, 0.0533333, 0.0533333, 0.20], rel=1e-4)


def test_descriptions_read_like_an_operator():
    assert describe("kernel.release", "5.4.0-97-generic") == "run kernel 5.4.0-97-generic"
    assert describe("card.mixed_drivers", True).startswith("have a NIC card")
    assert describe("card.mixed_drivers", False) == "card.mixed_drivers = no"
    assert describe("storage.multipath", 3) == "storage.multipath = 3"


def test_computes_are_compared_with_computes():
    affected = [_host(True, "k")] * 3
    healthy = [_host(False, "k")] * 5 + [{**_host(False, "k"), "role": "controller"}] * 2
    peers = comparable_healthy(affected, healthy)
    assert len(peers.hosts) == 5
    assert peers.sentence == "the 5 healthy host(s) of role compute"
    mixed = [*affected, {**_host(True, "k"), "role": "controller"}]
    assert len(comparable_healthy(mixed, healthy).hosts) == 7
