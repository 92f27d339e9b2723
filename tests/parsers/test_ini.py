"""oslo.config INI files from the corpus compute."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.ini import is_masked, parse_ini


def test_nova_conf_uses_rbd_images_and_falls_back_to_default_like_oslo():
    conf = parse_ini(sample("system", "compute4-nova.conf"))
    assert conf.get("libvirt", "images_type") == "rbd"
    assert conf.get("libvirt", "images_rbd_pool") == "nova"
    assert conf.get("DEFAULT", "my_ip") == "10.0.0.128"
    assert conf.get("libvirt", "my_ip") == "10.0.0.128"
    assert conf.get("libvirt", "no_such_option") is None


def test_sos_masked_secrets_and_empty_values():
    conf = parse_ini(sample("system", "compute4-nova.conf"))
    assert is_masked(conf.get("DEFAULT", "transport_url"))
    assert is_masked(conf.get("neutron", "password"))
    assert not is_masked(conf.get("neutron", "url"))
    assert conf.get("neutron", "signing_dir") == ""


def test_quoted_value_with_equals_signs_and_last_section_without_newline():
    conf = parse_ini(sample("system", "compute4-nova.conf"))
    levels = conf.get("DEFAULT", "default_log_levels")
    assert levels.startswith("amqp=WARN, amqplib=WARN")
    assert not levels.startswith('"')
    assert conf.get("wsgi", "api_paste_config") == "/etc/nova/api-paste.ini"
    assert "pci" in conf.sections and conf.sections["pci"] == {}


def test_neutron_ovs_agent_bridge_mappings_and_tunnel_types():
    ovs = parse_ini(sample("system", "compute4-openvswitch_agent.ini"))
    assert ovs.get("ovs", "bridge_mappings") == "physnet1:br-data"
    assert ovs.get("agent", "tunnel_types") == "vxlan,gre"
    assert ovs.get("securitygroup", "firewall_driver") == "openvswitch"
    neutron = parse_ini(sample("system", "compute4-neutron.conf"))
    assert neutron.get("oslo_concurrency", "lock_path") == "$state_path/lock"
    assert neutron.get("DEFAULT", "core_plugin") == "neutron.plugins.ml2.plugin.Ml2Plugin"
    dhcp = parse_ini(sample("system", "compute4-dhcp_agent.ini"))
    assert dhcp.get("DEFAULT", "enable_isolated_metadata") == "True"


def test_repeated_passthrough_whitelist_keeps_every_device():
    conf = parse_ini(sample("system", "sriov-blog-nova.conf-pci-repeated"))
    values = conf.get_all("pci", "passthrough_whitelist")
    assert len(values) == 2
    assert '"enp129s0f0"' in values[0] and '"enp130s0f0"' in values[1]
    assert conf.get("pci", "passthrough_whitelist") == values[1]


def test_empty_and_foreign_text():
    assert parse_ini("").sections == {}
    with pytest.raises(ParseError):
        parse_ini(sample("system", "compute4-mount_-l"))
