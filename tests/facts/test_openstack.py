"""OpenStack settings: where nova keeps instances, what its image cache deletes, how
neutron wires the host. Trees are built from real samples under tests/samples/system/."""

from __future__ import annotations

import pytest
from hosttrees import needs_sample
from hosttrees import sample_tree as host

from stacksleuth.facts.openstack import build_openstack

NOVA_CONF = "etc/nova/nova.conf"
MOUNT = "sos_commands/filesys/mount_-l"
OVS_AGENT = "etc/neutron/plugins/ml2/openvswitch_agent.ini"
DHCP_AGENT = "etc/neutron/dhcp_agent.ini"


@pytest.fixture(scope="module")
def corpus(open_corpus):
    evidence = open_corpus()
    return evidence, build_openstack(evidence)


def test_corpus_instances_are_local_on_encrypted_xfs_with_default_image_cache(corpus):
    evidence, facts = corpus
    nova = facts.nova
    assert (nova.instances_path.value, nova.instances_path.is_default) == (
        "/var/lib/nova/instances",
        True,
    )
    fs = nova.instances_filesystem
    assert (fs.mountpoint, fs.fstype, fs.shared) == ("/var/lib/nova/instances", "xfs", False)
    assert fs.device.startswith("/dev/mapper/crypt-")
    assert (nova.remove_unused_base_images.value, nova.remove_unused_base_images.source) == (
        True,
        "default",
    )
    assert nova.image_cache_manager_interval.value == 2400
    assert nova.vlan_interface is None
    assert facts.attributes() == {
        "nova.instances_path.fstype": "xfs",
        "nova.instances_on_shared_storage": False,
        "nova.remove_unused_base_images": True,
        "nova.vlan_interface_set": False,
        # ml2_conf.ini on this compute holds only commented-out defaults.
        "neutron.mechanism_drivers": [],
        "neutron.tunnel_types": ["gre", "vxlan"],
    }
    assert evidence.notes == []


def test_corpus_neutron_ovs_agent_and_dnsmasq(corpus):
    _, facts = corpus
    neutron = facts.neutron
    assert neutron.bridge_mappings == ["physnet1:br-data"]
    assert neutron.local_ip == "10.0.0.128"
    assert neutron.tunnel_types == ["vxlan", "gre"]
    assert (neutron.type_drivers, neutron.mechanism_drivers) == ([], [])
    assert neutron.dnsmasq == {
        "dhcp_driver": "neutron.agent.linux.dhcp.Dnsmasq",
        "dnsmasq_dns_servers": "10.0.0.2",
    }


def test_instances_on_nfs_are_shared_storage(tmp_path):
    needs_sample("system", "burrito-mount-nfs4-nova-instances")
    # The corpus nova.conf (instances_path unset) beside a compute's real NFS mount list.
    facts = build_openstack(
        host(
            tmp_path,
            {
                NOVA_CONF: ("system", "compute4-nova.conf"),
                MOUNT: ("system", "burrito-mount-nfs4-nova-instances"),
            },
        )
    )
    assert facts.nova.instances_filesystem.fstype == "nfs4"
    assert facts.instances_on_shared_storage is True
    attributes = facts.attributes()
    assert attributes["nova.instances_on_shared_storage"] is True
    # The dangerous pair: a shared instances_path and an image cache that deletes bases.
    assert attributes["nova.remove_unused_base_images"] is True


def test_instances_on_local_xfs_are_not_shared(tmp_path):
    facts = build_openstack(
        host(
            tmp_path,
            {
                NOVA_CONF: ("system", "compute4-nova.conf"),
                MOUNT: ("system", "compute4-mount_-l"),
            },
        )
    )
    assert facts.instances_on_shared_storage is False
    assert facts.attributes()["nova.instances_path.fstype"] == "xfs"


def test_a_mount_list_without_the_instances_filesystem_gives_no_guess(tmp_path):
    # The only mount is an NFS share elsewhere (a kubevirt pod's disk), not under "/".
    facts = build_openstack(
        host(
            tmp_path,
            {
                NOVA_CONF: ("system", "compute4-nova.conf"),
                MOUNT: ("system", "kubevirt-lab-mount-nfs4"),
            },
        )
    )
    assert facts.nova.instances_filesystem is None
    assert facts.instances_on_shared_storage is None
    attributes = facts.attributes()
    assert "nova.instances_on_shared_storage" not in attributes
    assert "nova.instances_path.fstype" not in attributes


def test_without_nova_conf_no_nova_attribute_is_made_up(tmp_path):
    facts = build_openstack(
        host(
            tmp_path,
            {
                OVS_AGENT: ("system", "compute4-openvswitch_agent.ini"),
                DHCP_AGENT: ("system", "compute4-dhcp_agent.ini"),
                MOUNT: ("system", "compute4-mount_-l"),
            },
        )
    )
    assert facts.nova is None
    # No ml2_conf.ini in this tree: the mechanism drivers are unknown, not empty.
    assert facts.attributes() == {"neutron.tunnel_types": ["gre", "vxlan"]}


def test_json_shape(corpus):
    _, facts = corpus
    data = facts.to_json()
    assert set(data) == {"nova", "neutron", "instances_on_shared_storage", "console_logs"}
    # The corpus report was taken without --all-logs and has no instances listing.
    assert data["console_logs"] == []
    assert data["nova"]["remove_unused_base_images"] == {
        "value": True,
        "source": "default",
        "default": True,
    }
