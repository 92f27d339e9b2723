"""libvirt domain XML from the corpus and from insights-core test data."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.libvirt_xml import parse_domain_xml


def test_corpus_guest_is_nova_focal_161303_1_on_br_int():
    dom = parse_domain_xml(sample("virt", "compute4-etc-libvirt-qemu-instance-00000001.xml"))
    assert dom.name == "instance-00000001"
    assert dom.uuid == "d1d75e2f-ada4-49bc-a963-528d89dfda25"
    assert (dom.nova_name, dom.nova_flavor) == ("focal-161303-1", "m1.small")
    assert dom.vcpus == 1 and dom.vcpu_pins == {} and dom.numa_memory is None
    (iface,) = dom.interfaces
    assert iface.type == "bridge" and iface.source_bridge == "br-int"
    assert iface.target_dev == "tap0e778df8-ca" and iface.mac == "fa:16:3e:a7:45:cb"
    assert iface.model == "virtio" and iface.driver_name is None and iface.queues is None
    assert iface.virtualport_type == "openvswitch"
    assert iface.interface_id == "0e778df8-ca29-490b-8d54-e238b1e0be1c"
    assert iface.mtu == 1450


def test_run_status_file_unwraps_domstatus_and_gives_the_qemu_pid():
    dom = parse_domain_xml(sample("virt", "compute4-run-libvirt-qemu-instance-00000001.xml"))
    assert dom.status_state == "running" and dom.status_pid == 1791722
    assert dom.name == "instance-00000001"
    assert dom.interfaces[0].target_dev == "tap0e778df8-ca"


def test_rhosp_guest_is_pinned_across_two_numa_cells():
    dom = parse_domain_xml(sample("virt", "insights-qemu_xml-rhosp-pinned-numa.xml"))
    assert dom.nova_name == "django_vm_001" and dom.nova_flavor == "vpc1-cf1-foo-bar"
    assert dom.vcpu_pins == {0: "1", 1: "2", 2: "13", 3: "14"}
    assert dom.emulator_cpuset == "1-2,13-14"
    assert (dom.numa_memory.mode, dom.numa_memory.nodeset) == ("strict", "0-1")
    assert dom.numa_memnodes[1].nodeset == "1"
    assert dom.interfaces[0].source_bridge == "qbrf975e53f-e0"


def test_sriov_guest_has_hostdev_interfaces_with_host_pci_addresses():
    dom = parse_domain_xml(sample("virt", "insights-qemu_xml-numa-hostdev-interfaces.xml"))
    assert dom.nova_name is None
    assert [i.type for i in dom.interfaces] == ["hostdev", "hostdev"]
    assert [i.source_pci for i in dom.interfaces] == ["0000:04:10.0", "0000:04:10.1"]
    assert dom.interfaces[0].target_dev is None


def test_entity_declarations_are_refused():
    xml = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><domain><name>&x;</name></domain>'
    with pytest.raises(ParseError):
        parse_domain_xml(xml)


def test_empty_broken_and_foreign_xml():
    assert parse_domain_xml("") is None
    text = sample("virt", "compute4-etc-libvirt-qemu-instance-00000001.xml")
    with pytest.raises(ParseError):
        parse_domain_xml(text[:400])
    with pytest.raises(ParseError):
        parse_domain_xml("<network><name>default</name></network>")
