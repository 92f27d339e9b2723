"""lshw text tree and -businfo tables from the corpus, the seed story and public samples."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.lshw import (
    parse_lshw_businfo,
    parse_lshw_configuration,
    parse_lshw_network,
)


def _by_name(name: str) -> dict:
    nodes = parse_lshw_network(sample("hardware", name))
    return {node.logical_name or node.node_id: node for node in nodes}


def test_ens3_on_corpus_compute_is_driven_by_virtio_net_at_0000_00_03_0():
    ens3 = _by_name("compute4-lshw")["ens3"]
    assert ens3.node_id == "virtio0" and ens3.parent_id == "network:0"
    assert ens3.bus_info == "virtio@0"
    assert ens3.pci_address == "0000:00:03.0"
    assert ens3.serial == "52:54:00:e2:28:a3"
    assert (ens3.driver, ens3.configuration["driverversion"]) == ("virtio_net", "1.0.0")
    assert ens3.link == "yes"


def test_pci_function_node_carries_the_pci_driver_but_no_interface_name():
    function = _by_name("compute4-lshw")["network:0"]
    assert function.description == "Ethernet controller"
    assert (function.product, function.vendor) == ("Virtio network device", "Red Hat, Inc.")
    assert function.bus_info == "pci@0000:00:03.0"
    assert function.pci_address == "0000:00:03.0"
    assert function.logical_name is None
    assert function.configuration == {"driver": "virtio-pci", "latency": "0"}


def test_ovs_bridges_are_disabled_virtual_nodes_and_veth_speed_keeps_spaces():
    nodes = _by_name("compute4-lshw")
    br_int = nodes["br-int"]
    assert br_int.node_id == "network:8" and br_int.disabled is True
    assert br_int.pci_address is None
    assert (br_int.driver, br_int.link) == ("openvswitch", "no")
    veth = nodes["veth396824c3"]
    assert veth.disabled is False
    assert veth.size == "10Gbit/s" and veth.speed == "10Gbit/s"
    assert veth.configuration["port"] == "twisted pair"
    assert len(nodes) == 28


def test_tailed_lshw_still_reads_the_complete_nodes_at_the_end():
    nodes = parse_lshw_network(sample("hardware", "compute4-lshw-tailed"))
    assert [n.logical_name for n in nodes] == [
        "br-int",
        "br-ex",
        "br-data",
        "veth59e22e6f",
        "br-tun",
        "veth0d284c32",
    ]


def test_sudo_prompt_is_ignored_and_firmware_with_a_date_stays_whole():
    (nic,) = parse_lshw_network(sample("hardware", "solerom-lshw_-C_network-sudo-prompt-realtek"))
    assert nic.node_id == "network" and nic.parent_id is None
    assert nic.logical_name == "enp1s0"
    assert nic.pci_address == "0000:01:00.0"
    assert nic.capacity == "1Gbit/s"
    assert nic.firmware == "rtl8168h-2_0.0.2 02/26/15"
    assert nic.configuration["port"] == "MII"
    assert "autonegotiation" in nic.capabilities


def test_configuration_values_run_until_the_next_key():
    parsed = parse_lshw_configuration("driver=i40e firmware=6.01 0x800035cf 1.1747.0 link=yes")
    assert parsed == {"driver": "i40e", "firmware": "6.01 0x800035cf 1.1747.0", "link": "yes"}


def test_compute_40_3_has_two_x710_functions_without_kernel_netdev():
    rows = parse_lshw_businfo(sample("hardware", "seed000-compute-40-3-lshw_-C_network_-businfo"))
    assert len(rows) == 6
    assert {r.pci_address: r.device for r in rows} == {
        "0000:01:00.0": "eth0",
        "0000:01:00.1": "eth1",
        "0000:83:00.0": "eth2",
        "0000:83:00.1": None,
        "0000:83:00.2": "eth4",
        "0000:83:00.3": None,
    }
    assert rows[3].description == "Ethernet Controller X710 for 10GbE SFP+"
    assert {r.device_class for r in rows} == {"network"}


def test_businfo_without_its_header_is_split_on_column_gaps():
    text = sample("hardware", "seed000-compute-40-3-lshw_-C_network_-businfo")
    headless = "\n".join(text.splitlines()[2:])
    rows = parse_lshw_businfo(headless)
    assert [(r.pci_address, r.device) for r in rows][2:4] == [
        ("0000:83:00.0", "eth2"),
        ("0000:83:00.1", None),
    ]
    assert rows[1].description == "I350 Gigabit Network Connection"


def test_businfo_after_a_sudo_prompt_on_a_workstation():
    rows = parse_lshw_businfo(
        sample("hardware", "gatekeeper-issue654-lshw_-c_network_-businfo-sudo-prompt")
    )
    assert [(r.device, r.pci_address) for r in rows] == [
        ("enp3s0", "0000:03:00.0"),
        ("wlp4s0", "0000:04:00.0"),
    ]
    assert rows[1].description == "AR9485 Wireless Network Adapter"


def test_empty_text_gives_nothing():
    assert parse_lshw_network("") == []
    assert parse_lshw_businfo("") == []


def test_text_that_is_not_lshw_is_refused():
    devbind = sample("hardware", "the_router-issue3-dpdk-devbind-16.07-no-device-id")
    with pytest.raises(ParseError):
        parse_lshw_network(devbind)
    with pytest.raises(ParseError):
        parse_lshw_businfo("Network devices using kernel driver\n=====\n")
