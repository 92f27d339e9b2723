"""dmidecode dumps from the corpus compute and insights-core test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.dmidecode import parse_dmidecode, parse_dmidecode_sections


def test_corpus_compute_is_a_qemu_guest_with_seabios():
    info = parse_dmidecode(sample("hardware", "compute4-dmidecode"))
    assert info.present is True
    assert (info.dmidecode_version, info.smbios_version) == ("3.2", "2.8")
    assert info.system_manufacturer == "QEMU"
    assert info.system_product_name == "Standard PC (i440FX + PIIX, 1996)"
    assert info.system_version == "pc-i440fx-bionic"
    assert (info.bios_vendor, info.bios_version) == ("SeaBIOS", "1.10.2-1ubuntu1")
    assert info.bios_release_date == "04/01/2014"


def test_every_handle_becomes_a_section_with_its_type_and_fields():
    sections = parse_dmidecode_sections(sample("hardware", "compute4-dmidecode"))
    assert len(sections) == 11
    memory = [s for s in sections if s.dmi_type == 17]
    assert len(memory) == 1
    assert memory[0].title == "Memory Device"
    assert memory[0].fields["Size"] == "16384 MB"
    assert sections[-1].title == "End Of Table"
    # "Characteristics:" list items have no colon: the list header is kept, items are not.
    assert sections[0].fields["Characteristics"] == ""


def test_tailed_dump_loses_system_identity_rather_than_guessing_it():
    info = parse_dmidecode(sample("hardware", "compute4-dmidecode-tailed"))
    assert info.system_manufacturer is None
    assert info.system_version is None  # the orphan "Version:" line belongs to no section
    assert info.bios_vendor is None
    assert info.sections[0].title == "Chassis Information"
    assert info.sections[0].fields["Manufacturer"] == "QEMU"


def test_vmware_guest_with_phoenix_bios_from_dmidecode_2_12():
    info = parse_dmidecode(sample("hardware", "insights-dmidecode-2.12-vmware"))
    assert info.system_manufacturer == "VMware, Inc."
    assert info.system_product_name == "VMware Virtual Platform"
    assert info.bios_vendor == "Phoenix Technologies LTD"
    assert (info.bios_version, info.bios_release_date) == ("6.00", "04/14/2014")


def test_dmidecode_2_2_indented_layout_of_an_hp_blade():
    info = parse_dmidecode(sample("hardware", "insights-dmidecode-2.2-old-layout-hp-bl685c"))
    assert info.dmidecode_version == "2.2"
    assert (info.system_manufacturer, info.system_product_name) == ("HP", "ProLiant BL685c G1")
    assert (info.bios_vendor, info.bios_version) == ("HP", "A08")
    assert info.bios_release_date == "09/27/2008"
    assert [s.dmi_type for s in info.sections] == [0, 1]


def test_no_smbios_entry_point_means_not_present():
    info = parse_dmidecode(sample("hardware", "insights-dmidecode-no-smbios"))
    assert info.present is False
    assert info.dmidecode_version == "2.11"
    assert info.sections == []


def test_empty_text_gives_an_empty_result():
    info = parse_dmidecode("")
    assert info.present is False and info.sections == []


def test_text_that_is_not_dmidecode_is_refused():
    with pytest.raises(ParseError):
        parse_dmidecode(sample("hardware", "seed000-compute-40-3-lshw_-C_network_-businfo"))
