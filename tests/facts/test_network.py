"""Network facts, on the corpus compute and on small sosreport trees of real samples.

The trees are made of real outputs only (tests/samples/*/SOURCES.md). Where a story needs
outputs from different machines to describe one host, PCI addresses are rewritten so the
sources agree, and each test says which lines were changed; nothing else is touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hosttrees import i40e_driver_info, seed_network_files, x710_on_vfio_pci
from realsamples import sample

from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.evidence.mangle import mangle_command
from stacksleuth.facts.network import (
    NetworkFacts,
    build_network,
    pcie_link,
    vlans_from_interfaces,
)
from stacksleuth.parsers.iproute import parse_ip_interfaces
from stacksleuth.parsers.lspci import parse_lspci

X710 = "Ethernet Controller X710 for 10GbE SFP+"


# -- helpers -----------------------------------------------------------------------------------


def command_file(plugin: str, command: str) -> str:
    return f"sos_commands/{plugin}/{mangle_command(command)}"


def host_tree(tmp_path: Path, files: dict[str, str]) -> DirectoryEvidence:
    """A sosreport directory holding the given files (version.txt makes it a report)."""
    root = tmp_path / "sosreport-x"
    files = {"version.txt": sample("host", "compute4-version.txt"), **files}
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return DirectoryEvidence(root)


def seed_compute(tmp_path: Path, devbind: str | None) -> NetworkFacts:
    """compute-40-3 of the seed (see hosttrees.seed_network_files)."""
    return build_network(host_tree(tmp_path, seed_network_files(devbind)))


# -- the corpus compute ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(corpus_cache_dir: Path, corpus_archive: Path) -> NetworkFacts:
    from stacksleuth.evidence.archive import ArchiveCache
    from stacksleuth.evidence.sources import discover, open_host

    cache = ArchiveCache(corpus_cache_dir)
    evidence = open_host(discover([corpus_archive], cache)[0], cache)
    facts = build_network(evidence)
    assert not [n for n in evidence.notes if "unparsed" in n.message]
    return facts


def test_corpus_virtio_nics_have_their_pci_addresses_and_virtio_net(corpus: NetworkFacts):
    named = {n.name: n for n in corpus.nics}
    assert sorted(named) == [f"ens{i}" for i in range(3, 10)]
    ens3 = named["ens3"]
    assert ens3.pci_address == "0000:00:03.0"
    assert (ens3.card, ens3.function) == ("0000:00:03", 0)
    assert (ens3.vendor, ens3.model) == ("Red Hat, Inc.", "Virtio network device")
    assert (ens3.vendor_id, ens3.device_id) == ("1af4", "1000")
    assert (ens3.driver, ens3.driver_kind, ens3.driver_evidence) == (
        "virtio_net",
        "kernel",
        "ethtool -i",
    )
    assert ens3.link_detected is True and ens3.speed_mbps is None  # virtio: "Unknown!"
    assert ens3.mtu == 1500
    assert ens3.rings is not None and (ens3.rings.rx, ens3.rings.rx_max) == (256, 256)
    assert ens3.counters["rx_queue_0_packets"] == 25933187
    assert ens3.pcie is None  # a KVM guest's virtio functions have no PCIe link
    assert all(n.pci_address == f"0000:00:0{n.name[-1]}.0" for n in corpus.nics)


def test_corpus_every_virtio_card_is_on_one_kernel_driver(corpus: NetworkFacts):
    assert len(corpus.cards) == 7
    assert not any(card.mixed_drivers for card in corpus.cards)
    assert corpus.card("0000:00:07").drivers == ["virtio_net"]


def test_corpus_ovs_bridges_with_their_ports_and_the_mtu_from_ip(corpus: NetworkFacts):
    ovs = {b.name: b for b in corpus.bridges if b.kind == "ovs"}
    assert sorted(ovs) == ["br-data", "br-ex", "br-int", "br-tun"]
    # ovs-vsctl show has no MTU; br-int's 1450 is its internal port's in `ip -d address`.
    assert ovs["br-int"].mtu == 1450
    assert ovs["br-tun"].mtu == 1500
    assert ovs["br-int"].datapath_type == "system"
    int_ports = {p.name: p for p in ovs["br-int"].ports}
    assert int_ports["tap0e778df8-ca"].type == "system"
    assert int_ports["tap0e778df8-ca"].tag == 3
    assert int_ports["patch-tun"].type == "patch"
    assert int_ports["patch-tun"].options == {"peer": "patch-int"}
    assert {p.name: p.type for p in ovs["br-data"].ports}["ens7"] == "system"


def test_corpus_linux_bridge_br_ens3_holds_ens3_and_the_veths(corpus: NetworkFacts):
    bridge = corpus.bridge("br-ens3")
    assert bridge is not None and bridge.kind == "linux"
    ports = {p.name: p.type for p in bridge.ports}
    assert ports["ens3"] == "nic"
    assert ports["veth1883dceb"] == "veth"


def test_corpus_vxlan_tunnels_and_the_tap_are_found(corpus: NetworkFacts):
    tunnels = {t.name: t for t in corpus.tunnels}
    assert tunnels["vxlan-0a000085"].source == "ovs"
    assert tunnels["vxlan-0a000085"].bridge == "br-tun"
    assert tunnels["vxlan-0a000085"].options["remote_ip"] == "10.0.0.133"
    assert tunnels["vxlan-0a000072"].options["in_key"] == "flow"
    assert tunnels["vxlan_sys_4789"].source == "linux"
    assert tunnels["vxlan_sys_4789"].flags == ["external"]
    assert tunnels["vxlan_sys_4789"].mtu == 65000
    tap = next(d for d in corpus.devices if d.name == "tap0e778df8-ca")
    assert tap.kind == "tap"
    assert tap.mtu == 1450


def test_corpus_a_walk_from_the_tap_reaches_its_ovs_bridge(corpus: NetworkFacts):
    # Every OVS port's kernel master is "ovs-system"; the walk goes to the OVS bridge.
    assert corpus.lower["tap0e778df8-ca"] == "br-int"
    assert corpus.lower["ens7"] == "br-data"
    assert corpus.lower["ens3"] == "br-ens3"
    assert corpus.mtu["br-int"] == 1450
    assert corpus.mtu["tap0e778df8-ca"] == 1450
    assert corpus.mtu["vxlan_sys_4789"] == 65000


def test_corpus_attributes_are_shareable_values(corpus: NetworkFacts):
    attributes = corpus.attributes()
    assert attributes["nic.model"] == ["Virtio network device"]
    assert attributes["nic.driver"] == ["virtio_net"]
    assert attributes["card.mixed_drivers"] is False
    assert "card.mixed_drivers.model" not in attributes
    assert attributes["ovs.datapath_type"] == ["system"]
    assert attributes["ovs.version"] == "2.13.3"
    assert attributes["ovs.interface_type"] == ["internal", "patch", "system", "vxlan"]
    assert attributes["bridge.kind"] == ["linux", "ovs"]
    assert attributes["vlan.stacked"] is False
    for value in attributes.values():
        assert isinstance(value, (str, bool, int)) or (
            isinstance(value, list) and value == sorted(value)
        )
    flat = repr(attributes)
    assert "ens3" not in flat and "10.0.0.128" not in flat and "52:54:00" not in flat


def test_corpus_facts_serialise(corpus: NetworkFacts):
    import json

    data = json.loads(json.dumps(corpus.to_json()))
    assert data["mtu"]["br-int"] == 1450
    assert {"nics", "cards", "bonds", "ovs_bonds", "vlans", "bridges", "tunnels"} <= set(data)


# -- the seed: one X710 split between i40e and vfio-pci ------------------------------------------


def test_seed_card_split_between_i40e_and_vfio_pci_is_mixed(tmp_path: Path):
    facts = seed_compute(tmp_path, devbind=x710_on_vfio_pci())
    card = facts.card("0000:83:00")
    assert card is not None and card.model == X710
    by_function = {f.function: f for f in card.functions}
    assert by_function[0].names == ["eth2"] and by_function[0].driver == "i40e"
    assert by_function[2].names == ["eth4"] and by_function[2].driver == "i40e"
    assert by_function[1].names == [] and by_function[1].driver == "vfio-pci"
    assert by_function[3].driver_kind == "userspace"
    assert card.mixed_drivers is True
    traffic = [n for n in facts.nics if n.pci_address == "0000:83:00.1"][0]
    assert traffic.name is None and traffic.driver_evidence == "dpdk-devbind"
    assert traffic.device_id == "1572"
    storage = facts.nic("eth2")
    assert storage is not None and storage.firmware == "8.60 0x8000bd5d 1.3140.0"

    attributes = facts.attributes()
    assert attributes["card.mixed_drivers"] is True
    assert attributes["card.mixed_drivers.model"] == [f"{X710}: i40e+vfio-pci"]
    assert attributes["nic.firmware"] == [f"{X710} i40e 8.60 0x8000bd5d 1.3140.0"]
    assert attributes["nic.userspace_driver"] is True
    # The I350 ports (eth0/eth1) are in lshw only: a card of their own, not mixed.
    assert facts.card("0000:01:00").mixed_drivers is False


def test_seed_listing_alone_shows_nameless_functions_but_proves_no_dpdk(tmp_path: Path):
    facts = seed_compute(tmp_path, devbind=None)
    card = facts.card("0000:83:00")
    assert card is not None
    assert card.without_interface is True
    # Without dpdk-devbind or lspci nothing says what owns 83:00.1 and 83:00.3.
    assert card.mixed_drivers is False
    nameless = [f for f in card.functions if not f.names]
    assert [f.driver_kind for f in nameless] == [None, None]
    attributes = facts.attributes()
    assert attributes["card.function_without_interface"] is True
    assert attributes["card.function_without_interface.model"] == [X710]
    assert attributes["card.mixed_drivers"] is False


def test_same_card_all_on_i40e_is_not_mixed(tmp_path: Path):
    # Four ports of one X710, each with the real i40e `ethtool -i` (bus-info set per port).
    files = {
        command_file("networking", f"ethtool -i eth{2 + n}"): i40e_driver_info(f"0000:83:00.{n}")
        for n in range(4)
    }
    facts = build_network(host_tree(tmp_path, files))
    card = facts.card("0000:83:00")
    assert card is not None and len(card.functions) == 4
    assert card.drivers == ["i40e"]
    assert card.mixed_drivers is False
    assert card.without_interface is False
    assert facts.attributes()["card.mixed_drivers"] is False


def test_x710_with_no_driver_bound_is_unbound_not_userspace(tmp_path: Path):
    # The real jm1 listing before `dpdk-devbind -b vfio-pci`: the two X710 functions
    # under "Other Network devices" with no drv=. Their slots 0000:01:00.0/.1 kept.
    devbind = sample("hardware", "jm1-reproducer-dpdk-devbind_--status-dev_net-x710-unbound")
    tree = host_tree(tmp_path, {command_file("openvswitch", "dpdk-devbind.py --status"): devbind})
    facts = build_network(tree)
    x710 = facts.card("0000:01:00")
    assert x710 is not None and x710.model == X710
    assert [f.driver_kind for f in x710.functions] == ["unbound", "unbound"]
    assert x710.mixed_drivers is False
    i350 = [n for n in facts.nics if n.model == "I350 Gigabit Network Connection"]
    assert [n.name for n in i350] == ["enxf8bc121412c0", "enxf8bc121412c1"]
    assert {n.driver for n in i350} == {"igb"}


# -- PCIe link ---------------------------------------------------------------------------------


def test_an_x550_trained_at_full_speed_and_width_is_not_degraded(tmp_path: Path):
    lspci = sample("hardware", "dpdk_playground-lspci_-vv-x550t-link-ok-spaces")
    facts = build_network(host_tree(tmp_path, {command_file("pci", "lspci -nnvv"): lspci}))
    [nic] = facts.nics
    assert (nic.name, nic.pci_address, nic.driver) == (None, "0000:05:00.0", "ixgbe")
    assert nic.driver_evidence == "lspci"
    assert nic.pcie is not None
    assert (nic.pcie.cap_speed, nic.pcie.cap_width) == ("8GT/s", 4)
    assert nic.pcie.degraded is False
    assert facts.attributes()["nic.pcie_degraded"] is False


def test_a_link_trained_at_x4_in_an_x16_slot_is_degraded():
    # No real lspci block of a NIC with a degraded link was found (hardware/SOURCES.md);
    # the link reading is the same for any PCIe function, so a real GPU block serves.
    devices = parse_lspci(sample("hardware", "orowith2os-lspci_-vv-radeon-width-x4-downgraded"))
    link = pcie_link(devices[0])
    assert link is not None
    assert (link.cap_width, link.sta_width) == (16, 4)
    assert link.degraded is True


# -- bonds -------------------------------------------------------------------------------------


def bond_tree(tmp_path: Path, name: str) -> NetworkFacts:
    return build_network(host_tree(tmp_path, {"proc/net/bonding/bond0": sample("bonding", name)}))


def test_8023ad_bond_whose_switch_never_answered(tmp_path: Path):
    facts = bond_tree(tmp_path, "bond0-802.3ad-churned-no-partner")
    [bond] = facts.bonds
    assert (bond.name, bond.mode, bond.evidence) == ("bond0", "802.3ad", "/proc/net/bonding")
    assert [(m.name, m.mii_status, m.aggregator_id) for m in bond.members] == [
        ("enp1s0f0", "down", 1),
        ("enp1s0f1", "up", 2),
    ]
    assert bond.active_aggregator_id == 2
    assert bond.lacp_churned is True
    assert bond.partner_mac_zero is True
    assert bond.split_aggregators is True
    attributes = facts.attributes()
    assert attributes["bond.mode"] == ["802.3ad"]
    assert attributes["bond.lacp_churned"] is True
    assert attributes["bond.partner_mac_zero"] is True
    assert attributes["bond.split_aggregators"] is True


def test_active_backup_bond_raises_no_lacp_flag(tmp_path: Path):
    facts = bond_tree(tmp_path, "bond0-active-backup-arp-monitor")
    [bond] = facts.bonds
    assert bond.mode == "active-backup"
    assert bond.lacp_churned is False
    assert bond.partner_mac_zero is False
    assert bond.split_aggregators is False
    assert facts.attributes()["bond.lacp_churned"] is False


def test_old_driver_8023ad_bond_has_split_aggregators_but_no_churn_data(tmp_path: Path):
    facts = bond_tree(tmp_path, "bond0-802.3ad-driver-v3.2.4")
    [bond] = facts.bonds
    # v3.2.4 prints no churn states: nothing churned is known.
    assert bond.lacp_churned is False
    assert bond.split_aggregators is True
    assert bond.partner_mac_zero is True


def test_bond_without_proc_file_is_read_from_ip(tmp_path: Path):
    text = sample("iproute", "hotsos-ip_-d_address-bond-802.3ad-bridged")
    facts = build_network(host_tree(tmp_path, {command_file("networking", "ip -d address"): text}))
    [bond] = facts.bonds
    assert (bond.name, bond.mode, bond.evidence) == ("bond1", "802.3ad", "ip -d address")
    assert bond.partner_mac_zero is True
    assert facts.lower["bond1"] == "br-bond1"
    assert facts.bridge("br-bond1").ports[0].name == "bond1"


def test_ovs_lacp_bond_with_a_defaulted_member(tmp_path: Path):
    files = {
        command_file("openvswitch", "ovs-appctl bond/show"): sample(
            "ovs", "ovs-testsuite-bond.show-bond0-slave-disabled"
        ),
        command_file("openvswitch", "ovs-appctl lacp/show"): sample(
            "ovs", "ovs-testsuite-lacp.show-bond0-defaulted"
        ),
    }
    facts = build_network(host_tree(tmp_path, files))
    [bond] = facts.ovs_bonds
    assert (bond.name, bond.mode, bond.lacp_status) == ("bond0", "balance-tcp", "negotiated")
    members = {m.name: m for m in bond.members}
    assert members["p0"].enabled is False and members["p0"].lacp_status == "defaulted"
    assert members["p0"].partner_sys_id == "00:00:00:00:00:00"
    assert members["p1"].attached is True
    assert bond.partner_mac_zero is True and bond.lacp_defaulted is True
    attributes = facts.attributes()
    assert attributes["ovs.bond_mode"] == ["balance-tcp"]
    assert attributes["ovs.bond_partner_mac_zero"] is True
    assert attributes["ovs.bond_lacp_defaulted"] is True


def test_ovs_balance_slb_bond_without_lacp_raises_no_flag(tmp_path: Path):
    text = sample("ovs", "cheatsheet-bond.show-member-balance-slb")
    facts = build_network(
        host_tree(tmp_path, {command_file("openvswitch", "ovs-appctl bond/show"): text})
    )
    [bond] = facts.ovs_bonds
    assert (bond.mode, bond.lacp_status) == ("balance-slb", "off")
    assert [m.name for m in bond.members] == ["eno1", "eno2"]
    assert bond.partner_mac_zero is False and bond.lacp_defaulted is False
    assert facts.attributes()["ovs.bond_partner_mac_zero"] is False


# -- VLANs -------------------------------------------------------------------------------------


def test_vlan_on_a_bond_is_one_tag_deep(tmp_path: Path):
    # Only `ip -s -d link` collected: the link lines still give the VLAN and its bond.
    text = sample("iproute", "hotsos-ip_-s_-d_link-vlan-on-bond")
    facts = build_network(host_tree(tmp_path, {command_file("networking", "ip -s -d link"): text}))
    [vlan] = facts.vlans
    assert (vlan.name, vlan.vlan_id, vlan.protocol) == ("bond1.4003", 4003, "802.1Q")
    assert (vlan.parent, vlan.depth, vlan.qinq) == ("bond1", 1, False)
    assert facts.lower["bond1.4003"] == "bond1"
    assert facts.lower["enp59s0f0"] == "bond1"
    assert facts.mtu["bond1.4003"] == 9000
    assert next(d for d in facts.devices if d.name == "bond1.4003").counters["rx_packets"] == (
        840215658
    )
    [bond] = facts.bonds
    assert [(m.name, m.aggregator_id) for m in bond.members] == [("enp59s0f0", 1)]
    assert bond.split_aggregators is False
    attributes = facts.attributes()
    assert attributes["vlan.stacked"] is False
    assert attributes["vlan.qinq"] is False
    assert attributes["vlan.protocol"] == ["802.1Q"]


def test_vlan_on_a_vlan_is_two_deep_and_802_1ad_makes_qinq():
    # No real `ip -d` output of stacked VLANs was found in public sources, so the parsed
    # records of the real vlan-on-bond sample are re-parented here: bond1.4003 becomes
    # an 802.1ad S-VLAN and an inner VLAN is put on it (records, not text).
    interfaces = parse_ip_interfaces(sample("iproute", "hotsos-ip_-s_-d_link-vlan-on-bond"))
    outer = next(i for i in interfaces if i.name == "bond1.4003")
    outer.kind_info["protocol"] = "802.1ad"
    inner = parse_ip_interfaces(sample("iproute", "hotsos-ip_-s_-d_link-vlan-on-bond"))[-1]
    inner.name, inner.parent = "bond1.4003.10", "bond1.4003"
    vlans = {v.name: v for v in vlans_from_interfaces([*interfaces, inner])}
    assert vlans["bond1.4003.10"].depth == 2
    assert vlans["bond1.4003.10"].chain == ["bond1.4003.10", "bond1.4003"]
    assert vlans["bond1.4003.10"].qinq is True
    assert vlans["bond1.4003"].depth == 1


# -- degrading ---------------------------------------------------------------------------------


def test_an_empty_host_gives_empty_facts(tmp_path: Path):
    facts = build_network(host_tree(tmp_path, {}))
    assert facts.nics == [] and facts.cards == [] and facts.attributes() == {}


def test_unreadable_ethtool_becomes_a_note_not_an_error(tmp_path: Path):
    tree = host_tree(
        tmp_path,
        {
            command_file("networking", "ethtool -i eth9"): sample(
                "ovs", "compute4-ovs-vsctl_-t_5_show"
            )
        },
    )
    facts = build_network(tree)
    assert facts.nics == []
    assert any("ethtool_-i_eth9" in note.where for note in tree.notes)
