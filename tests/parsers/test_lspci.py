"""lspci -nnvv from the corpus compute and public samples."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.lspci import normalise_pci_slot, parse_lspci


def _by_slot(name: str) -> dict:
    return {device.slot: device for device in parse_lspci(sample("hardware", name))}


def test_ens3_pci_function_on_corpus_compute_is_a_virtio_nic_driven_by_virtio_pci():
    nic = _by_slot("compute4-lspci_-nnvv")["0000:00:03.0"]
    assert (nic.class_name, nic.class_id) == ("Ethernet controller", "0200")
    assert (nic.vendor_name, nic.vendor_id) == ("Red Hat, Inc.", "1af4")
    assert (nic.device_name, nic.device_id) == ("Virtio network device", "1000")
    assert nic.subsystem == "Red Hat, Inc. Virtio network device"
    assert (nic.subsystem_vendor_id, nic.subsystem_device_id) == ("1af4", "0001")
    assert nic.physical_slot == "3"
    assert nic.driver == "virtio-pci"
    assert nic.link_cap is None and nic.link_sta is None
    assert nic.link_downgraded is False


def test_corpus_compute_lists_every_function_with_revision_and_modules():
    devices = _by_slot("compute4-lspci_-nnvv")
    assert len(devices) == 21
    assert sum(d.device_id == "1000" and d.vendor_id == "1af4" for d in devices.values()) == 7
    host_bridge = devices["0000:00:00.0"]
    assert host_bridge.revision == "02"
    assert host_bridge.vendor_name == "Intel Corporation"
    assert host_bridge.device_name == "440FX - 82441FX PMC [Natoma]"
    assert devices["0000:00:02.0"].modules == ["cirrusfb", "cirrus"]
    # prog-if is dropped, the revision before it is kept.
    assert devices["0000:00:0a.7"].revision == "03"
    assert devices["0000:00:0a.7"].device_id == "293a"
    # No company-like word: the vendor cannot be split off, the text is kept whole.
    cirrus = devices["0000:00:02.0"]
    assert cirrus.vendor_name is None
    assert cirrus.device_name == cirrus.description == "Cirrus Logic GD 5446"


def test_tailed_output_skips_the_cut_block_and_reads_the_last_devices():
    devices = parse_lspci(sample("hardware", "compute4-lspci_-nnvv-tailed"))
    assert [d.slot for d in devices] == ["0000:00:0e.0", "0000:00:0f.0"]
    assert devices[0].device_name == "Virtio memory balloon"
    assert devices[1].driver == "virtio-pci"


def test_card_trained_on_four_of_sixteen_lanes_is_reported_downgraded():
    gpu = _by_slot("orowith2os-lspci_-vv-radeon-width-x4-downgraded")["0000:25:00.0"]
    assert gpu.class_id is None and gpu.vendor_id is None  # plain -vv: no numeric ids
    assert gpu.vendor_name == "Advanced Micro Devices, Inc. [AMD/ATI]"
    assert (gpu.link_cap.speed, gpu.link_cap.width) == ("2.5GT/s", 16)
    assert (gpu.link_sta.speed, gpu.link_sta.speed_state) == ("2.5GT/s", "ok")
    assert (gpu.link_sta.width, gpu.link_sta.width_state) == (4, "downgraded")
    assert gpu.link_downgraded is True
    assert gpu.iommu_group == 12
    assert (gpu.driver, gpu.modules) == ("vfio-pci", ["radeon"])


def test_x550_at_full_gen3_x4_is_ok_even_with_space_indentation():
    (nic,) = parse_lspci(sample("hardware", "dpdk_playground-lspci_-vv-x550t-link-ok-spaces"))
    assert nic.slot == "0000:05:00.0"
    assert nic.device_name == "Ethernet Controller 10G X550T"
    assert nic.link_sta.speed_gts == 8.0
    assert (nic.link_sta.width, nic.link_sta.width_state) == (4, "ok")
    assert nic.link_downgraded is False
    assert nic.driver == "ixgbe"


def test_lspci_without_root_hides_the_link_and_says_so():
    (nic,) = parse_lspci(sample("hardware", "solerom-lspci_-vv-capabilities-access-denied"))
    assert nic.vendor_name == "Realtek Semiconductor Co., Ltd."
    assert nic.revision == "15"
    assert nic.capabilities_denied is True
    assert nic.link_sta is None
    assert nic.driver == "r8169"


def test_slots_are_normalised_to_domain_form():
    assert normalise_pci_slot("83:00.1") == "0000:83:00.1"
    assert normalise_pci_slot("0000:AF:00.0") == "0000:af:00.0"


def test_empty_text_gives_no_devices():
    assert parse_lspci("") == []


def test_text_that_is_not_lspci_is_refused():
    with pytest.raises(ParseError):
        parse_lspci(sample("hardware", "seed000-compute-40-3-lshw_-C_network_-businfo"))
