"""iproute2 listings from the corpus compute and public bond/VLAN hosts."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.iproute import parse_ip_interfaces, parse_ip_oneline_addr


def _by_name(name: str, text: str):
    return {i.name: i for i in parse_ip_interfaces(text)}[name]


def test_corpus_compute_lists_every_interface_in_ip_d_address():
    interfaces = parse_ip_interfaces(sample("iproute", "compute4-ip_-d_address"))
    assert len(interfaces) == 24
    assert interfaces[0].name == "lo" and interfaces[-1].name == "tap0e778df8-ca"


def test_ens3_is_enslaved_to_the_linux_bridge_br_ens3_and_forwarding():
    ens3 = _by_name("ens3", sample("iproute", "compute4-ip_-d_address"))
    assert ens3.master == "br-ens3"
    assert ens3.slave_kind == "bridge_slave"
    assert ens3.slave_info["state"] == "forwarding"
    assert ens3.mac == "52:54:00:e2:28:a3"
    assert (ens3.promiscuity, ens3.minmtu, ens3.maxmtu) == (1, 68, 65535)


def test_veth_peer_lives_in_another_namespace_so_at_is_a_peer_ifindex_not_a_parent():
    veth = _by_name("veth1883dceb", sample("iproute", "compute4-ip_-d_address"))
    assert veth.at == "if16"
    assert veth.peer_ifindex == 16
    assert veth.parent is None
    assert veth.link_netnsid == 0
    assert veth.kind == "veth"


def test_vxlan_sys_4789_is_an_external_vxlan_plugged_into_ovs():
    vxlan = _by_name("vxlan_sys_4789", sample("iproute", "compute4-ip_-d_address"))
    assert vxlan.kind == "vxlan"
    assert vxlan.kind_flags == ["external"]
    assert vxlan.slave_kind == "openvswitch_slave"
    assert vxlan.master == "ovs-system"
    assert vxlan.mtu == 65000


def test_instance_tap_is_a_tun_device_in_tap_mode_with_vnet_hdr():
    tap = _by_name("tap0e778df8-ca", sample("iproute", "compute4-ip_-d_address"))
    assert tap.kind == "tun"
    assert tap.kind_info == {"type": "tap", "pi": "off", "vnet_hdr": "on", "persist": "off"}
    assert tap.maxmtu == 65521
    assert tap.netdev_info["numtxqueues"] == "1"


def test_ovs_internal_bridges_are_down_openvswitch_devices():
    br_int = _by_name("br-int", sample("iproute", "compute4-ip_-d_address"))
    assert br_int.kind == "openvswitch"
    assert br_int.state == "DOWN"
    assert br_int.flags == ["BROADCAST", "MULTICAST"]
    assert br_int.mtu == 1450


def test_br_ens3_carries_the_host_address():
    br = _by_name("br-ens3", sample("iproute", "compute4-ip_-d_address"))
    assert br.kind == "bridge"
    assert br.kind_info["vlan_filtering"] == "0"
    inet = [a for a in br.addresses if a.family == "inet"]
    assert len(inet) == 1
    assert (inet[0].address, inet[0].prefixlen) == ("10.0.0.128", 24)
    assert (inet[0].broadcast, inet[0].scope, inet[0].label) == ("10.0.0.255", "global", "br-ens3")
    assert inet[0].valid_lft == "forever"


def test_ip_s_d_link_counts_br_int_rx_drops():
    br_int = _by_name("br-int", sample("iproute", "compute4-ip_-s_-d_link"))
    assert br_int.stats is not None
    assert br_int.stats.rx_dropped == 1533
    assert br_int.stats.rx_overrun == 0
    assert br_int.stats.rx_missed is None  # this iproute2 still prints "overrun"


def test_ip_s_d_link_ens3_counters():
    ens3 = _by_name("ens3", sample("iproute", "compute4-ip_-s_-d_link"))
    assert ens3.stats.rx_bytes == 23781208158
    assert ens3.stats.rx_packets == 25929812
    assert ens3.stats.tx_bytes == 12454456325
    assert ens3.stats.tx_collisions == 0
    assert ens3.netdev_info["addrgenmode"] == "none"


def test_tailed_output_starts_mid_line_and_keeps_only_whole_interfaces():
    interfaces = parse_ip_interfaces(sample("iproute", "compute4-ip_-s_-d_link-tailed"))
    assert [i.name for i in interfaces] == ["veth0d284c32", "vxlan_sys_4789", "tap0e778df8-ca"]
    assert interfaces[-1].stats.rx_packets == 210


def test_namespace_listing_without_d_names_the_peer_namespace():
    fpr = _by_name("fpr-984c22fd-6", sample("iproute", "compute4-netns-fip-ip_address_show"))
    assert fpr.peer_ifindex == 2
    assert fpr.link_netns == "qrouter-984c22fd-64b3-4fa1-8ddd-87090f401ce5"
    assert fpr.kind is None
    assert fpr.addresses[0].address == "169.254.88.135"
    assert fpr.addresses[0].prefixlen == 31


def test_older_iproute_bond_in_802_3ad_enslaved_to_a_linux_bridge():
    bond1 = _by_name("bond1", sample("iproute", "hotsos-ip_-d_address-bond-802.3ad-bridged"))
    assert bond1.kind == "bond"
    assert bond1.kind_info["mode"] == "802.3ad"
    assert bond1.kind_info["miimon"] == "100"
    assert bond1.kind_info["ad_partner_mac"] == "00:00:00:00:00:00"
    assert bond1.slave_kind == "bridge_slave"
    assert bond1.master == "br-bond1"
    assert bond1.minmtu is None  # older iproute2 printed no minmtu/maxmtu


def test_older_iproute_tun_without_details():
    tap = _by_name("tap40f8453b-31", sample("iproute", "hotsos-ip_-d_address-bond-802.3ad-bridged"))
    assert tap.kind == "tun"
    assert tap.kind_info == {}
    assert tap.slave_kind == "openvswitch_slave"


def test_vlan_4003_rides_on_bond1_whose_slave_is_in_aggregator_1():
    text = sample("iproute", "hotsos-ip_-s_-d_link-vlan-on-bond")
    vlan = _by_name("bond1.4003", text)
    assert vlan.parent == "bond1"
    assert vlan.kind == "vlan"
    assert vlan.kind_info == {"protocol": "802.1Q", "id": "4003"}
    assert vlan.kind_flags == ["REORDER_HDR"]
    assert vlan.stats.rx_mcast == 36333
    slave = _by_name("enp59s0f0", text)
    assert slave.slave_kind == "bond_slave"
    assert slave.slave_info["ad_aggregator_id"] == "1"
    assert slave.slave_info["mii_status"] == "UP"
    assert _by_name("bond1", text).kind_info["ad_partner_mac"] == "44:39:39:ff:40:09"


def test_plain_ip_link_show_still_gives_vlan_parents():
    interfaces = parse_ip_interfaces(sample("iproute", "iproute2-issue21-ip_link_show_type_vlan"))
    assert [(i.name, i.parent) for i in interfaces] == [
        ("eth0.1", "eth0"),
        ("eth0.422", "eth0"),
        ("eth0.420", "eth0"),
        ("eth0.423", "eth0"),
    ]
    assert interfaces[0].kind is None


def test_ip_o_addr_one_line_per_address():
    addrs = parse_ip_oneline_addr(sample("iproute", "compute4-ip_-o_addr"))
    assert len(addrs) == 13
    br = [a for a in addrs if a.name == "br-ens3" and a.address.family == "inet"][0]
    assert br.index == 9
    assert (br.address.address, br.address.prefixlen) == ("10.0.0.128", 24)
    assert br.address.label == "br-ens3"
    assert br.address.preferred_lft == "forever"


def test_stderr_mixed_in_is_skipped():
    text = 'Cannot find device "bond9"\n' + sample("iproute", "hotsos-ip_-s_-d_link-vlan-on-bond")
    assert [i.name for i in parse_ip_interfaces(text)] == ["enp59s0f0", "bond1", "bond1.4003"]


def test_empty_text_gives_nothing():
    assert parse_ip_interfaces("") == []
    assert parse_ip_oneline_addr("\n") == []


def test_text_of_another_format_is_refused():
    with pytest.raises(ParseError):
        parse_ip_interfaces(sample("bonding", "bond0-active-backup-arp-monitor"))
    with pytest.raises(ParseError):
        parse_ip_oneline_addr(sample("bonding", "bond0-active-backup-arp-monitor"))
