"""Open vSwitch show/bond/lacp output from the corpus compute and public OVS material."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.ovs import parse_ovs_bond_show, parse_ovs_lacp_show, parse_ovs_vsctl_show


def _bridge(name: str):
    show = parse_ovs_vsctl_show(sample("ovs", "compute4-ovs-vsctl_-t_5_show"))
    return {b.name: b for b in show.bridges}[name]


def test_corpus_compute_runs_ovs_2_13_3_with_four_bridges():
    show = parse_ovs_vsctl_show(sample("ovs", "compute4-ovs-vsctl_-t_5_show"))
    assert show.uuid == "b8a20458-9009-41a0-aa49-71bcc0080537"
    assert show.ovs_version == "2.13.3"
    assert [b.name for b in show.bridges] == ["br-data", "br-tun", "br-ex", "br-int"]
    assert show.managers[0].target == "ptcp:6640:127.0.0.1"
    assert show.managers[0].is_connected is True


def test_br_tun_has_vxlan_tunnels_to_two_peers():
    br_tun = _bridge("br-tun")
    assert br_tun.fail_mode == "secure"
    assert br_tun.datapath_type == "system"
    assert br_tun.controllers[0].target == "tcp:127.0.0.1:6633"
    tunnels = {p.name: p.interfaces[0] for p in br_tun.ports if p.interfaces[0].type == "vxlan"}
    assert tunnels["vxlan-0a000085"].options["remote_ip"] == "10.0.0.133"
    assert tunnels["vxlan-0a000072"].options["remote_ip"] == "10.0.0.114"
    assert tunnels["vxlan-0a000072"].options["local_ip"] == "10.0.0.128"
    assert tunnels["vxlan-0a000072"].options["in_key"] == "flow"


def test_br_int_ports_carry_local_vlan_tags_and_patches():
    ports = {p.name: p for p in _bridge("br-int").ports}
    assert ports["tap0e778df8-ca"].tag == 3
    assert ports["tap0e778df8-ca"].interfaces[0].type == "system"
    assert ports["ha-550dc175-c0"].tag == 1
    assert ports["patch-tun"].interfaces[0].options == {"peer": "patch-int"}
    assert ports["patch-tun"].tag is None
    assert not ports["patch-tun"].is_bond


def test_br_ex_has_no_controller_nor_fail_mode():
    br_ex = _bridge("br-ex")
    assert br_ex.controllers == []
    assert br_ex.fail_mode is None
    assert [p.name for p in br_ex.ports] == ["br-ex"]


def test_older_ovs_quotes_names_and_dpdkvhostuser_types():
    show = parse_ovs_vsctl_show(sample("ovs", "ovs-discuss-2019-vsctl-show-quoted-names"))
    assert show.ovs_version == "2.9.3"
    bridge = show.bridges[0]
    assert bridge.name == "PDH_bridge2"
    assert [(p.name, p.interfaces[0].type) for p in bridge.ports] == [
        ("vm1_pdh", "dpdkvhostuser"),
        ("vm2_pdh", "dpdkvhostuser"),
        ("eth2", "system"),
    ]


def test_tailed_vsctl_show_drops_the_cut_bridge_and_keeps_the_whole_one():
    # sos kept the end: the file starts inside br-ex ("ystem" of "datapath_type: system")
    show = parse_ovs_vsctl_show(sample("ovs", "compute4-ovs-vsctl_-t_5_show-tailed"))
    assert show.uuid is None
    assert [b.name for b in show.bridges] == ["br-int"]
    assert len(show.bridges[0].ports) == 9
    assert show.ovs_version == "2.13.3"


def test_corpus_bond_show_is_empty_because_the_compute_has_no_ovs_bond():
    assert parse_ovs_bond_show(sample("ovs", "compute4-ovs-appctl_bond.show")).bonds == []
    assert parse_ovs_lacp_show(sample("ovs", "compute4-ovs-appctl_lacp.show")).bonds == []


def test_bond_show_of_a_plain_port_is_a_daemon_error_kept_as_messages():
    result = parse_ovs_bond_show(sample("ovs", "compute4-ovs-appctl_bond.show_ens7"))
    assert result.bonds == []
    assert result.messages == [
        "no such bond",
        "ovs-appctl: ovs-vswitchd: server returned an error",
    ]


def test_older_bond_show_with_slave_lines_one_disabled():
    bond = parse_ovs_bond_show(sample("ovs", "ovs-testsuite-bond.show-bond0-slave-disabled")).bonds[
        0
    ]
    assert bond.name == "bond0"
    assert bond.bond_mode == "balance-tcp"
    assert bond.lacp_status == "negotiated"
    assert [(m.name, m.enabled, m.may_enable, m.active) for m in bond.members] == [
        ("p0", False, False, False),
        ("p1", True, True, True),
    ]


def test_bond_show_with_fallback_and_no_active_slave():
    text = sample("ovs", "ovsrobot-testsuite-bond.show-active-backup-all-disabled")
    bond = parse_ovs_bond_show(text).bonds[0]
    assert bond.bond_mode == "active-backup"
    assert bond.lacp_fallback_ab is False
    assert bond.active_member_mac == "00:00:00:00:00:00"
    assert bond.active_member is None
    assert all(not m.enabled for m in bond.members)
    assert bond.other["bond-hash-rss"] == "disabled"


def test_newer_bond_show_says_member_and_names_the_active_one():
    bond = parse_ovs_bond_show(sample("ovs", "cheatsheet-bond.show-member-balance-slb")).bonds[0]
    assert bond.name == "ovs-bond"
    assert bond.bond_mode == "balance-slb"
    assert bond.lacp_status == "off"
    assert bond.active_member == "eno1"
    assert [(m.name, m.enabled, m.active) for m in bond.members] == [
        ("eno1", True, True),
        ("eno2", True, False),
    ]


def test_lacp_show_member_whose_partner_went_silent_is_defaulted_and_detached():
    lacp = parse_ovs_lacp_show(sample("ovs", "ovs-testsuite-lacp.show-bond0-defaulted"))
    bond = lacp.bonds[0]
    assert bond.status == "active negotiated"
    assert bond.negotiated
    assert (bond.sys_id, bond.aggregation_key, bond.lacp_time) == ("aa:55:aa:55:00:00", 2, "fast")
    p0, p1 = bond.members
    assert (p0.name, p0.status, p0.attached, p0.may_enable) == ("p0", "defaulted", False, False)
    assert p0.actor.state == ["activity", "timeout", "aggregation", "defaulted"]
    assert p0.partner.sys_id == "00:00:00:00:00:00"
    assert p0.partner.state == []
    assert (p1.status, p1.attached) == ("current", True)
    assert p1.partner.sys_id == "aa:66:aa:66:00:00"
    assert p1.partner.key == 4
    assert "distributing" in p1.partner.state


def test_empty_text_gives_empty_results():
    assert parse_ovs_vsctl_show("").bridges == []
    assert parse_ovs_bond_show("").bonds == []
    assert parse_ovs_lacp_show("").bonds == []


def test_other_formats_are_refused():
    with pytest.raises(ParseError):
        parse_ovs_vsctl_show(sample("bonding", "bond0-active-backup-arp-monitor"))
    with pytest.raises(ParseError):
        parse_ovs_bond_show(sample("iproute", "compute4-ip_-o_addr"))
    with pytest.raises(ParseError):
        parse_ovs_lacp_show(sample("iproute", "compute4-ip_-o_addr"))
