"""/proc/net/bonding files from public bug reports and upstream test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.bonding import parse_lacp_port_state, parse_proc_net_bonding


def test_lacp_bond_whose_switch_never_answered_has_churned_ports():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-802.3ad-churned-no-partner"))
    assert bond.mode == "802.3ad"
    assert bond.lacp_rate == "fast"
    assert bond.ad_select == "stable"
    assert bond.system_mac == "00:25:90:85:81:f2"
    agg = bond.active_aggregator
    assert agg is not None
    assert (agg.aggregator_id, agg.number_of_ports) == (2, 1)
    assert (agg.actor_key, agg.partner_key) == (9, 1)
    assert agg.partner_mac == "00:00:00:00:00:00"


def test_down_slave_sits_alone_in_aggregator_1_and_is_churned():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-802.3ad-churned-no-partner"))
    first, second = bond.slaves
    assert first.name == "enp1s0f0"
    assert first.mii_status == "down"
    assert first.speed == "Unknown" and first.speed_mbps is None
    assert first.aggregator_id == 1
    assert first.actor_churn_state == "churned"
    assert first.partner_churned_count == 2
    assert first.actor_lacp_pdu.port_state == 71
    assert first.actor_lacp_pdu.key == 0
    assert first.partner_lacp_pdu.system_mac == "00:00:00:00:00:00"
    assert first.partner_lacp_pdu.key == 1
    assert second.name == "enp1s0f1"
    assert second.speed_mbps == 1000
    assert second.aggregator_id == 2
    assert second.actor_churn_state == "none"
    assert second.partner_churn_state == "churned"


def test_bond_level_mii_status_is_not_overwritten_by_slaves():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-802.3ad-churned-no-partner"))
    assert bond.mii_status == "up"
    assert bond.mii_polling_interval_ms == 100
    assert bond.transmit_hash_policy == "layer3+4"


def test_port_state_bits():
    assert parse_lacp_port_state(71) == ["activity", "timeout", "aggregation", "defaulted"]
    assert parse_lacp_port_state(1) == ["activity"]
    assert parse_lacp_port_state(63) == [
        "activity",
        "timeout",
        "aggregation",
        "synchronization",
        "collecting",
        "distributing",
    ]


def test_active_backup_bond_with_arp_monitor_and_flapping_links():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-active-backup-arp-monitor"))
    assert bond.mode == "active-backup"
    assert bond.currently_active_slave == "em3"
    assert bond.primary_slave == "em3 (primary_reselect failure)"
    assert bond.arp_polling_interval_ms == 1000
    assert bond.arp_ip_targets == ["10.152.1.1"]
    assert bond.mii_polling_interval_ms == 0
    assert [(s.name, s.link_failure_count) for s in bond.slaves] == [
        ("em3", 92028),
        ("p2p3", 71524),
    ]
    assert bond.active_aggregator is None


def test_old_driver_v3_2_4_without_churn_or_pdu_details_and_a_stray_line():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-802.3ad-driver-v3.2.4"))
    assert bond.driver_version == "v3.2.4 (January 28, 2008)"
    assert bond.active_aggregator.aggregator_id == 3
    assert [(s.name, s.aggregator_id) for s in bond.slaves] == [("eth1", 3), ("eth2", 2)]
    assert bond.slaves[1].speed == "1000 Mbps"  # the bare "Speed" line is skipped
    assert bond.slaves[0].actor_churn_state is None
    assert bond.slaves[0].actor_lacp_pdu is None


def test_no_active_aggregator_and_na_aggregator_ids():
    bond = parse_proc_net_bonding(sample("bonding", "bond0-802.3ad-no-active-aggregator"))
    assert bond.no_active_aggregator is True
    assert bond.active_aggregator is None
    assert [s.aggregator_id for s in bond.slaves] == [None, None]
    assert bond.slaves[0].speed is None


def test_empty_file_gives_an_empty_status():
    bond = parse_proc_net_bonding("")
    assert bond.mode is None and bond.slaves == []


def test_other_format_is_refused():
    with pytest.raises(ParseError):
        parse_proc_net_bonding(sample("ovs", "compute4-ovs-vsctl_-t_5_show"))
