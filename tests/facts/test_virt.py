"""Virtualisation facts: does each guest's NIC go through vhost-net, and what says so.

Trees are small sosreports built from real samples under tests/samples/virt/ (see
SOURCES.md there); where one tree mixes sources, the test says so.
"""

from __future__ import annotations

import pytest
from hosttrees import needs_sample
from hosttrees import sample_tree as host
from realsamples import sample

from stacksleuth.facts.virt import build_virt, expand_cpuset

PS = "sos_commands/process/ps_auxwwwm"
LSMOD = "sos_commands/kernel/lsmod"
QEMU_KVM = "etc/default/qemu-kvm"
ETC_XML = "etc/libvirt/qemu/{}.xml"
RUN_XML = "run/libvirt/qemu/{}.xml"


@pytest.fixture(scope="module")
def corpus(open_corpus):
    evidence = open_corpus()
    return evidence, build_virt(evidence)


# -- the corpus compute -------------------------------------------------------------------


def test_corpus_guest_uses_vhost_although_the_qemu_kvm_default_disables_it(corpus):
    evidence, facts = corpus
    assert facts.vhost_net_loaded is True
    assert facts.qemu_kvm_defaults["VHOST_NET_ENABLED"] == "0"
    assert facts.vhost_net_disabled_by_config is True
    (qemu,) = facts.qemu
    assert qemu.guest_name == "instance-00000001"
    assert [(n.id, n.type, n.vhost) for n in qemu.netdevs] == [("hostnet0", "tap", True)]
    assert facts.guests_without_vhost == []
    assert facts.attributes() == {
        "virt.vhost_net_loaded": True,
        "virt.vhost_net_enabled_config": False,
        "virt.guests_without_vhost": False,
    }
    assert evidence.notes == []


def test_corpus_guest_is_read_from_the_live_status_file(corpus):
    _, facts = corpus
    (guest,) = facts.guests
    assert guest.source == "run/libvirt/qemu/instance-00000001.xml"
    assert (guest.name, guest.nova_name, guest.state) == (
        "instance-00000001",
        "focal-161303-1",
        "running",
    )
    (iface,) = guest.interfaces
    assert (iface.type, iface.target_dev, iface.model, iface.driver_name) == (
        "bridge",
        "tap0e778df8-ca",
        "virtio",
        None,
    )
    # No <driver name=...>: libvirt takes vhost-net because the module is loaded.
    assert iface.vhost is True
    assert facts.to_json()["guests"][0]["interfaces"][0]["vhost"] is True


# -- guests_without_vhost ------------------------------------------------------------------


def test_a_guest_whose_tap_netdev_lacks_vhost_is_reported(tmp_path):
    needs_sample("virt", "geekbang-ps_aux-qemu-tap-no-vhost")
    facts = build_virt(host(tmp_path, {PS: ("virt", "geekbang-ps_aux-qemu-tap-no-vhost")}))
    assert facts.guests_without_vhost == ["ubuntutest"]
    assert facts.attributes()["virt.guests_without_vhost"] is True


def test_an_ovs_dpdk_guest_on_vhost_user_is_not_reported_as_lacking_vhost(tmp_path):
    facts = build_virt(
        host(tmp_path, {PS: ("virt", "rhsolution-3394851-ps_aux-qemu-kvm-vhostuser")})
    )
    (qemu,) = facts.qemu
    assert qemu.guest_name == "instance-00000028"
    assert [(n.type, n.vhost) for n in qemu.netdevs] == [("vhost-user", True)]
    assert facts.guests_without_vhost == []
    assert facts.attributes() == {"virt.guests_without_vhost": False}


def test_a_kata_sandbox_with_vhost_on_is_not_reported(tmp_path):
    facts = build_virt(host(tmp_path, {PS: ("virt", "andreaskaris-kata-ps_aux-qemu-kvm-vhostfds")}))
    assert [n.vhost for n in facts.qemu[0].netdevs] == [True]
    assert facts.guests_without_vhost == []


def test_without_a_process_list_nothing_is_claimed_about_guests(tmp_path):
    facts = build_virt(host(tmp_path, {LSMOD: ("virt", "compute4-lsmod")}))
    assert facts.qemu is None
    assert facts.attributes() == {"virt.vhost_net_loaded": True}


# -- vhost_net_disabled_by_config ------------------------------------------------------------


def test_ubuntu_package_default_disables_vhost_net(tmp_path):
    facts = build_virt(
        host(tmp_path, {QEMU_KVM: ("virt", "sysdig-ubuntu1404-etc-default-qemu-kvm")})
    )
    assert facts.vhost_net_enabled_config is False
    assert facts.vhost_net_disabled_by_config is True
    assert facts.attributes() == {"virt.vhost_net_enabled_config": False}


def test_no_qemu_kvm_defaults_file_means_not_disabled_by_config(tmp_path):
    facts = build_virt(host(tmp_path, {LSMOD: ("virt", "compute4-lsmod")}))
    assert facts.qemu_kvm_defaults is None
    assert facts.vhost_net_enabled_config is None
    assert facts.vhost_net_disabled_by_config is False
    assert "virt.vhost_net_enabled_config" not in facts.attributes()


# -- domain XML: pinning, NUMA, interfaces -----------------------------------------------------


def test_pinned_rhosp_guest_has_expanded_cpu_sets_and_numa_nodes(tmp_path):
    # RHOSP guest XML (insights-core test data) beside the corpus lsmod: vhost_net loaded.
    facts = build_virt(
        host(
            tmp_path,
            {
                ETC_XML.format("instance-000008d6"): (
                    "virt",
                    "insights-qemu_xml-rhosp-pinned-numa.xml",
                ),
                LSMOD: ("virt", "compute4-lsmod"),
            },
        )
    )
    (guest,) = facts.guests
    assert (guest.name, guest.nova_name, guest.state) == (
        "instance-000008d6",
        "django_vm_001",
        None,
    )
    assert guest.source == "etc/libvirt/qemu/instance-000008d6.xml"
    assert guest.vcpu_pins == {0: [1], 1: [2], 2: [13], 3: [14]}
    assert guest.emulator_cpus == [1, 2, 13, 14]
    assert (guest.numa_mode, guest.numa_nodeset) == ("strict", [0, 1])
    (iface,) = guest.interfaces
    assert (iface.model, iface.vhost) == ("virtio", True)


def test_virtio_nic_vhost_is_unknown_without_lsmod(tmp_path):
    facts = build_virt(
        host(
            tmp_path,
            {
                ETC_XML.format("instance-000008d6"): (
                    "virt",
                    "insights-qemu_xml-rhosp-pinned-numa.xml",
                )
            },
        )
    )
    assert facts.guests[0].interfaces[0].vhost is None
    assert facts.attributes() == {}


def test_sriov_hostdev_interfaces_never_use_vhost(tmp_path):
    facts = build_virt(
        host(
            tmp_path,
            {
                ETC_XML.format("05-s00c06h0"): (
                    "virt",
                    "insights-qemu_xml-numa-hostdev-interfaces.xml",
                ),
                LSMOD: ("virt", "compute4-lsmod"),
            },
        )
    )
    (guest,) = facts.guests
    assert [(i.type, i.vhost) for i in guest.interfaces] == [("hostdev", False), ("hostdev", False)]


def test_live_status_file_wins_over_the_persistent_definition(tmp_path):
    name = "instance-00000001"
    facts = build_virt(
        host(
            tmp_path,
            {
                ETC_XML.format(name): ("virt", "compute4-etc-libvirt-qemu-instance-00000001.xml"),
                RUN_XML.format(name): ("virt", "compute4-run-libvirt-qemu-instance-00000001.xml"),
            },
        )
    )
    (guest,) = facts.guests
    assert (guest.source, guest.state) == (f"run/libvirt/qemu/{name}.xml", "running")


def test_a_cut_domain_xml_becomes_a_note_not_an_error(tmp_path):
    evidence = host(tmp_path, {LSMOD: ("virt", "compute4-lsmod")})
    text = sample("virt", "compute4-etc-libvirt-qemu-instance-00000001.xml")
    broken = evidence.root / ETC_XML.format("instance-00000001")
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text(text[:400], encoding="utf-8")  # a copy cut short, as a full disk leaves it
    facts = build_virt(evidence)
    assert facts.guests == []
    assert [note.where for note in evidence.notes] == ["etc/libvirt/qemu/instance-00000001.xml"]


def test_cpuset_syntax():
    assert expand_cpuset("1-2,13-14") == [1, 2, 13, 14]
    assert expand_cpuset("0-3,^2") == [0, 1, 3]
    assert expand_cpuset("") == []
