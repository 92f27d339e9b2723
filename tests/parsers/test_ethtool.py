"""ethtool outputs from the corpus compute (virtio, OVS bridges, taps) and public sources."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.ethtool import (
    parse_ethtool,
    parse_ethtool_g,
    parse_ethtool_i,
    parse_ethtool_k,
    parse_ethtool_priv_flags,
    parse_ethtool_s,
)

# --- ethtool <dev> ---------------------------------------------------------------------


def test_virtio_ens3_reports_no_speed_or_duplex_but_has_link():
    settings = parse_ethtool(sample("ethtool", "ethtool-ens3-virtio-speed-unknown"))
    assert settings.interface == "ens3"
    assert settings.speed_mbps is None
    assert settings.duplex is None
    assert settings.fields["Duplex"] == "Unknown! (255)"
    assert settings.supported_link_modes == []
    assert settings.supported_ports == []
    assert settings.port == "Other"
    assert settings.auto_negotiation is False
    assert settings.link_detected is True
    assert settings.errors == []


def test_tap_of_an_instance_is_10mbps_full_with_a_two_line_message_level():
    settings = parse_ethtool(sample("ethtool", "ethtool-tap-message-level"))
    assert settings.interface == "tap0e778df8-ca"
    assert (settings.speed_mbps, settings.duplex) == (10, "full")
    assert settings.port == "Twisted Pair"
    assert settings.message_level == "0xffffffa1 (-95)"
    assert settings.message_level_flags[:3] == ["drv", "ifup", "tx_err"]
    assert settings.message_level_flags[-1] == "0xffff8000"
    assert settings.link_detected is True


def test_ovs_bridge_br_ex_only_says_link_down():
    settings = parse_ethtool(sample("ethtool", "ethtool-br-ex-link-only"))
    assert settings.interface == "br-ex"
    assert settings.link_detected is False
    assert settings.speed_mbps is None


def test_i40e_25g_port_link_modes_continue_over_several_lines():
    settings = parse_ethtool(sample("ethtool", "ethtool-eth0-i40e-25g-multiline-modes"))
    assert settings.supported_ports == ["FIBRE"]
    assert settings.supported_link_modes == [
        "1000baseT/Full",
        "10000baseT/Full",
        "25000baseCR/Full",
        "25000baseKR/Full",
        "25000baseSR/Full",
        "1000baseX/Full",
        "10000baseSR/Full",
        "10000baseLR/Full",
    ]
    assert settings.advertised_link_modes == ["1000baseX/Full", "10000baseSR/Full"]
    assert settings.speed_mbps == 10000
    assert settings.supports_auto_negotiation is True
    assert settings.auto_negotiation is False
    assert settings.wake_on == "d"
    assert settings.message_level_flags == ["drv", "probe", "link"]


def test_link_partner_modes_are_kept_apart_from_our_own():
    settings = parse_ethtool(sample("ethtool", "ethtool-eth0-realtek-link-partner"))
    assert settings.advertised_link_modes[-1] == "1000baseT/Full"
    assert len(settings.advertised_link_modes) == 5
    assert settings.link_partner_advertised_link_modes == [
        "10baseT/Half",
        "10baseT/Full",
        "100baseT/Half",
        "100baseT/Full",
        "1000baseT/Full",
    ]
    assert settings.speed_mbps == 1000
    assert settings.phyad == 0
    assert settings.message_level_flags == ["drv", "probe", "ifdown", "ifup"]


def test_stderr_lines_before_the_header_are_errors_not_settings():
    settings = parse_ethtool(sample("ethtool", "ethtool-eth1-stderr-before-settings"))
    assert settings.errors == [
        "Cannot get wake-on-lan settings: Operation not permitted",
        "Cannot get link status: Operation not permitted",
    ]
    assert settings.interface == "eth1"
    assert settings.speed_mbps == 1000
    assert settings.mdi_x == "off (auto)"
    assert settings.link_detected is True


def test_vanished_device_gives_only_errors():
    settings = parse_ethtool(sample("ethtool", "ethtool-eth0-no-such-device"))
    assert settings.interface == "eth0"
    assert settings.errors[0] == "Cannot get device settings: No such device"
    assert settings.errors[-1] == "No data available"
    assert settings.link_detected is None


def test_ethtool_empty_and_wrong_format():
    assert parse_ethtool("").interface is None
    with pytest.raises(ParseError):
        parse_ethtool(sample("ethtool", "ethtool-i-ens3-virtio"))


# --- ethtool -i ------------------------------------------------------------------------


def test_ens3_is_driven_by_virtio_net_at_pci_00_03_0():
    info = parse_ethtool_i(sample("ethtool", "ethtool-i-ens3-virtio"))
    assert info.driver == "virtio_net"
    assert info.version == "1.0.0"
    assert info.bus_info == "0000:00:03.0"
    assert info.firmware_version is None
    assert info.supports_statistics is True
    assert info.supports_priv_flags is False


def test_ovs_internal_port_has_no_version_and_no_bus():
    info = parse_ethtool_i(sample("ethtool", "ethtool-i-br-ex-openvswitch"))
    assert info.driver == "openvswitch"
    assert info.version is None
    assert info.bus_info is None
    assert info.supports_statistics is False


def test_loopback_driver_info_is_not_supported():
    info = parse_ethtool_i(sample("ethtool", "ethtool-i-lo-not-supported"))
    assert info.driver is None
    assert info.errors == ["Cannot get driver information: Operation not supported"]


@pytest.mark.parametrize(
    ("name", "driver", "firmware"),
    [
        ("ethtool-i-i40e", "i40e", "8.60 0x8000bd5d 1.3140.0"),
        ("ethtool-i-mlx5", "mlx5_core", "14.23.1020 (MT_2420110034)"),
        ("ethtool-i-ixgbe-x540", "ixgbe", "0x80000389"),
    ],
)
def test_firmware_strings_are_kept_whole(name, driver, firmware):
    info = parse_ethtool_i(sample("ethtool", name))
    assert info.driver == driver
    assert info.firmware_version == firmware
    assert info.expansion_rom_version is None


def test_i40e_driver_version_is_the_rhel_kernel():
    info = parse_ethtool_i(sample("ethtool", "ethtool-i-i40e"))
    assert info.version == "4.18.0-448.el8.x86_64"
    assert info.bus_info == "0000:3b:00.1"
    assert info.supports_register_dump is True


def test_ethtool_i_empty_and_wrong_format():
    assert parse_ethtool_i("").driver is None
    with pytest.raises(ParseError):
        parse_ethtool_i(sample("ethtool", "ethtool-g-ens3-virtio"))


# --- ethtool -S ------------------------------------------------------------------------


def test_virtio_queue_counters():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-ens3-virtio"))
    assert stats.counters["rx_queue_0_packets"] == 25933187
    assert stats.counters["rx_queue_0_drops"] == 0
    assert stats.counters["tx_queue_0_kicks"] == 24869415
    assert len(stats.counters) == 13
    assert not stats.no_stats and not stats.truncated


def test_ovs_bridge_has_no_stats():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-br-ex-no-stats"))
    assert stats.no_stats is True
    assert stats.counters == {}


def test_tailed_statistics_drop_the_partial_first_line():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-ens3-tailed"))
    assert stats.truncated is True
    assert "_xdp_packets" not in stats.counters
    assert stats.counters["rx_queue_0_xdp_tx"] == 0
    assert stats.counters["tx_queue_0_kicks"] == 24869415
    assert len(stats.counters) == 9


def test_i40e_port_and_per_queue_counters_keep_their_dotted_names():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-i40e"))
    assert stats.counters["port.rx_dropped"] == 0
    assert stats.counters["port.tx_dropped_link_down"] == 0
    assert stats.counters["port.tx_timeout"] == 0
    assert stats.counters["port.rx_crc_errors"] == 201
    assert stats.counters["tx-0.tx_packets"] == 108004507162
    assert stats.counters["rx-1.rx_bytes"] == 72354987893443
    assert stats.counters["tx_force_wb"] == 2500


def test_older_i40e_queue_names_without_the_direction_prefix():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-i40e-rhel8-old-queue-names"))
    assert stats.counters["tx-0.packets"] == 9652980690
    assert stats.counters["rx-1.bytes"] == 4160893309842
    assert "tx-0.tx_packets" not in stats.counters


def test_ixgbe_miss_and_buffer_counters():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-ixgbe-x540"))
    assert stats.counters["rx_missed_errors"] == 0
    assert stats.counters["rx_no_buffer_count"] == 0
    assert stats.counters["rx_fifo_errors"] == 0
    assert stats.counters["fdir_miss"] == 1
    assert stats.counters["fdir_match"] == 22053275


def test_mlx5_dropped_most_packets_at_the_phy():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-mlx5-rx-discards-phy"))
    assert stats.counters["rx_discards_phy"] == 58591428329
    assert stats.counters["rx_out_of_buffer"] == 990473555
    assert stats.counters["rx_packets_phy"] == 97052087562
    assert stats.counters["rx_prio0_discards"] == 58591314012


def test_statistics_not_supported_is_an_error_not_a_parse_failure():
    stats = parse_ethtool_s(sample("ethtool", "ethtool-S-stats-strings-not-supported"))
    assert stats.errors == ["Cannot get stats strings information: Operation not supported"]
    assert stats.counters == {}


def test_ethtool_s_empty_and_wrong_format():
    assert parse_ethtool_s("").counters == {}
    with pytest.raises(ParseError):
        parse_ethtool_s(sample("ethtool", "ethtool-i-ens3-virtio"))


# --- ethtool -g ------------------------------------------------------------------------


def test_virtio_rings_are_at_their_256_maximum():
    rings = parse_ethtool_g(sample("ethtool", "ethtool-g-ens3-virtio"))
    assert rings.interface == "ens3"
    assert (rings.maximums.rx, rings.maximums.tx) == (256, 256)
    assert (rings.current.rx, rings.current.tx) == (256, 256)
    assert rings.current.rx_mini == 0
    assert rings.current.extra == {}


def test_bridge_ring_settings_not_supported_with_stderr_before_header():
    rings = parse_ethtool_g(sample("ethtool", "ethtool-g-br-ex-not-supported"))
    assert rings.interface == "br-ex"
    assert rings.errors == ["Cannot get device ring settings: Operation not supported"]
    assert rings.maximums is None and rings.current is None


def test_newer_ethtool_ring_lines_go_to_extra_and_na_is_none():
    rings = parse_ethtool_g(sample("ethtool", "ethtool-g-eth0-newer-fields"))
    assert rings.maximums.rx == 4096
    assert rings.maximums.tx is None
    assert rings.maximums.rx_mini is None
    assert rings.maximums.extra == {"TX push buff len": None}
    assert rings.current.rx is None
    assert rings.current.extra["TX Push"] == "off"
    assert rings.current.extra["CQE Size"] is None
    assert rings.current.extra["TCP data split"] is None


def test_ethtool_g_empty_and_wrong_format():
    assert parse_ethtool_g("").current is None
    with pytest.raises(ParseError):
        parse_ethtool_g(sample("ethtool", "ethtool-i-ens3-virtio"))


# --- ethtool -k ------------------------------------------------------------------------


def test_virtio_offloads_with_fixed_flags_and_children():
    features = parse_ethtool_k(sample("ethtool", "ethtool-k-ens3-virtio"))
    assert features.interface == "ens3"
    rx_csum = features.features["rx-checksumming"]
    assert (rx_csum.enabled, rx_csum.fixed, rx_csum.parent) == (True, True, None)
    child = features.features["tx-checksum-ip-generic"]
    assert (child.enabled, child.fixed, child.parent) == (True, False, "tx-checksumming")
    assert features.is_on("generic-receive-offload") is True
    assert features.is_on("large-receive-offload") is False
    assert features.is_on("no-such-feature") is None
    assert features.features["tx-udp_tnl-segmentation"].parent is None


def test_requested_on_but_off():
    features = parse_ethtool_k(sample("ethtool", "ethtool-k-bond0-requested-on"))
    gso = features.features["generic-segmentation-offload"]
    assert gso.enabled is False
    assert gso.requested is True
    assert gso.fixed is False
    assert features.features["tx-tcp6-segmentation"].parent == "tcp-segmentation-offload"


def test_old_offload_parameters_format_after_a_stderr_line():
    features = parse_ethtool_k(sample("ethtool", "ethtool-k-eth1-old-offload-parameters"))
    assert features.legacy_format is True
    assert features.interface == "eth1"
    assert features.errors[0].startswith("Cannot get device udp large send offload")
    assert features.is_on("tcp segmentation offload") is True
    assert features.is_on("generic segmentation offload") is False


def test_ethtool_k_empty_and_wrong_format():
    assert parse_ethtool_k("").features == {}
    with pytest.raises(ParseError):
        parse_ethtool_k(sample("ethtool", "ethtool-S-ens3-virtio"))


# --- ethtool --show-priv-flags ---------------------------------------------------------


def test_virtio_has_no_private_flags():
    flags = parse_ethtool_priv_flags(sample("ethtool", "ethtool-show-priv-flags-ens3-none"))
    assert flags.none_defined is True
    assert flags.flags == {}


def test_i40e_private_flags():
    flags = parse_ethtool_priv_flags(sample("ethtool", "ethtool-show-priv-flags-i40e"))
    assert flags.interface == "eno1"
    assert flags.flags["link-down-on-close"] is False
    assert flags.flags["disable-fw-lldp"] is False
    assert flags.flags["disable-source-pruning"] is True
    assert flags.flags["flow-director-atr"] is True
    assert len(flags.flags) == 13


def test_priv_flags_empty_and_wrong_format():
    assert parse_ethtool_priv_flags("").flags == {}
    with pytest.raises(ParseError):
        parse_ethtool_priv_flags(sample("ethtool", "ethtool-S-ens3-virtio"))
