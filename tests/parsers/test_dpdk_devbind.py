"""dpdk-devbind.py --status outputs from public bug reports, guides and test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.dpdk_devbind import parse_dpdk_devbind_status


def _by_address(name: str) -> dict:
    return {d.pci_address: d for d in parse_dpdk_devbind_status(sample("hardware", name))}


def test_x710_ports_bound_to_vfio_pci_are_in_the_dpdk_section():
    devices = _by_address("jm1-reproducer-dpdk-devbind_--status-dev_net-x710-vfio")
    x710 = devices["0000:01:00.0"]
    assert x710.section == "dpdk" and x710.device_type == "network"
    assert x710.description == "Ethernet Controller X710 for 10GbE SFP+"
    assert x710.device_id == "1572"
    assert x710.driver == "vfio-pci"
    assert x710.unused == ["uio_pci_generic"]
    assert x710.interface is None
    assert x710.uses_dpdk_driver is True


def test_i350_management_port_stays_on_igb_and_carries_the_route():
    devices = _by_address("jm1-reproducer-dpdk-devbind_--status-dev_net-x710-vfio")
    mgmt = devices["0000:07:00.0"]
    assert (mgmt.section, mgmt.driver, mgmt.interface) == ("kernel", "igb", "enxf8bc121412c0")
    assert mgmt.device_id == "1521"
    assert mgmt.active is True
    assert devices["0000:07:00.1"].active is False
    assert devices["0000:03:00.0"].interfaces == ["enxe41d2d123db0", "enxe41d2d123db1"]


def test_unbound_x710_functions_are_other_devices_with_no_driver():
    devices = _by_address("jm1-reproducer-dpdk-devbind_--status-dev_net-x710-unbound")
    unbound = devices["0000:01:00.1"]
    assert unbound.section == "other"
    assert unbound.driver is None
    assert unbound.unused == ["vfio-pci", "uio_pci_generic"]
    assert unbound.uses_dpdk_driver is False


def test_dpdk_16_07_prints_no_device_id_and_says_none_for_empty_sections():
    devices = parse_dpdk_devbind_status(
        sample("hardware", "the_router-issue3-dpdk-devbind-16.07-no-device-id")
    )
    assert len(devices) == 8
    first = devices[0]
    assert (first.pci_address, first.section, first.driver) == ("0000:02:00.0", "dpdk", "igb_uio")
    assert first.description == "I350 Gigabit Network Connection"
    assert first.device_id is None
    active = [d.interface for d in devices if d.active]
    assert active == ["enp6s0"]
    assert {d.section for d in devices} == {"dpdk", "kernel"}


def test_libkmod_stderr_and_an_elision_line_are_skipped():
    devices = parse_dpdk_devbind_status(
        sample("hardware", "sriov-dp-issue127-dpdk-devbind-libkmod-stderr")
    )
    assert [d.pci_address for d in devices] == [
        "0000:08:0a.0",
        "0000:08:0a.1",
        "0000:08:0a.2",
        "0000:08:0a.3",
    ]
    assert {(d.description, d.device_id, d.driver) for d in devices} == {
        ("XL710/X710 Virtual Function", "154c", "igb_uio")
    }
    assert devices[0].unused == []


def test_newer_releases_print_the_numa_node_of_each_port():
    devices = _by_address("pktgen-issue352-dpdk-devbind-numa_node")
    x722 = devices["0000:3b:00.0"]
    assert x722.numa_node == 0
    assert (x722.driver, x722.interface, x722.active) == ("i40e", "enp59s0f0", True)
    # An unnamed device prints "Device <id>".
    assert (devices["0000:15:00.0"].description, devices["0000:15:00.0"].device_id) == (
        "Device",
        "a2dc",
    )


def test_qat_virtual_functions_are_other_crypto_devices():
    devices = parse_dpdk_devbind_status(
        sample("hardware", "intel-device-plugins-issue347-dpdk-devbind-qat-vf-other-crypto")
    )
    assert len(devices) == 8
    assert {(d.section, d.device_type, d.driver) for d in devices} == {("other", "crypto", None)}
    assert devices[0].unused == ["qat_c3xxxvf", "igb_uio"]


def test_crypto_headers_with_none_add_no_rows():
    devices = parse_dpdk_devbind_status(
        sample("hardware", "yardstick-dpdk-devbind-crypto-sections-virtio")
    )
    assert [(d.pci_address, d.section) for d in devices] == [
        ("0000:00:04.0", "dpdk"),
        ("0000:00:05.0", "dpdk"),
        ("0000:00:03.0", "kernel"),
    ]
    assert devices[0].unused == []


def test_tailed_output_keeps_lines_whose_header_was_cut():
    devices = parse_dpdk_devbind_status(
        sample("hardware", "jm1-reproducer-dpdk-devbind_--status-dev_net-x710-vfio-tailed")
    )
    first = devices[0]
    assert first.pci_address == "0000:01:00.0" and first.section is None
    assert first.uses_dpdk_driver is True  # decided by the vfio-pci driver name
    assert devices[2].section == "kernel"


def test_empty_text_gives_no_devices():
    assert parse_dpdk_devbind_status("") == []


def test_text_that_is_not_dpdk_devbind_is_refused():
    with pytest.raises(ParseError):
        parse_dpdk_devbind_status(sample("hardware", "compute4-dmidecode"))
