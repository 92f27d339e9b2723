"""Log lines of the corpus compute (kern.log, syslog, journal, dmesg, nova, neutron, OVS) and
public bug reports (NETDEV WATCHDOG, neutron dnsmasq, rsyslog, journalctl, oslo variants)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.logs import (
    FORMAT_DMESG,
    FORMAT_DNSMASQ,
    FORMAT_JOURNAL_MONOTONIC,
    FORMAT_OPENSTACK,
    FORMAT_OVS,
    FORMAT_SYSLOG,
    FORMAT_SYSLOG_ISO,
    YearInference,
    detect_format,
    parse_bsd_syslog,
    parse_dhcp_event,
    parse_dmesg,
    parse_dnsmasq,
    parse_iso_syslog,
    parse_journal_marker,
    parse_journal_monotonic,
    parse_log,
    parse_openstack,
    parse_ovs,
)

REPORT = YearInference(date(2022, 2, 10))


def _lines(name: str) -> list[str]:
    return sample("logs", name).splitlines()


# --- BSD syslog / kern.log -------------------------------------------------------------------


def test_kern_log_first_line_is_the_boot_banner_at_uptime_zero():
    record = parse_bsd_syslog(_lines("compute4-kern.log")[0], REPORT)
    assert record is not None
    assert record.time == datetime(2022, 2, 4, 9, 34, 10, tzinfo=UTC)
    assert record.host == "compute4"
    assert record.program == "kernel"
    assert record.pid is None
    assert record.since_boot == 0.0
    assert record.message.startswith("Linux version 5.4.0-97-generic (buildd@")


def test_ens3_on_the_corpus_compute_is_a_virtio_net_nic_renamed_from_eth0():
    record = parse_bsd_syslog(_lines("compute4-kern.log")[3], REPORT)
    assert record is not None
    assert record.since_boot == 1.416695
    assert record.message == "virtio_net virtio0 ens3: renamed from eth0"


def test_only_the_uptime_bracket_is_taken_off_a_kernel_message():
    record = parse_bsd_syslog(_lines("compute4-kern.log")[4], REPORT)
    assert record is not None
    assert record.message.startswith("virtio_blk virtio11: [vdd] 209715200 512-byte")


def test_single_digit_day_is_space_padded_in_the_second_boot():
    record = parse_bsd_syslog(_lines("compute4-kern.log")[7], REPORT)
    assert record is not None
    assert record.time == datetime(2022, 2, 9, 22, 38, 17, tzinfo=UTC)
    assert record.since_boot == 0.0


def test_kern_log_last_line_without_newline_still_parses():
    lines = _lines("compute4-kern.log")
    assert not sample("logs", "compute4-kern.log").endswith("\n")
    record = parse_bsd_syslog(lines[-1], REPORT)
    assert record is not None
    assert record.since_boot == 63667.161082
    assert record.message.endswith("(emitting change event)")


def test_a_month_after_the_reports_month_is_last_year():
    line = _lines("compute4-kern.log")[0]  # Feb  4
    january_report = YearInference(date(2022, 1, 3))
    record = parse_bsd_syslog(line, january_report)
    assert record is not None and record.time is not None
    assert record.time.year == 2021
    assert REPORT.year_for(12) == 2021
    assert REPORT.year_for(2) == 2022


def test_without_year_inference_the_time_is_unknown():
    record = parse_bsd_syslog(_lines("compute4-kern.log")[0])
    assert record is not None
    assert record.time is None
    assert record.host == "compute4"


def test_local_time_is_converted_to_utc():
    record = parse_bsd_syslog(
        _lines("compute4-kern.log")[0], REPORT, tz=timezone(timedelta(hours=1))
    )
    assert record is not None
    assert record.time == datetime(2022, 2, 4, 8, 34, 10, tzinfo=UTC)


def test_syslog_programs_with_and_without_pid():
    records = [parse_bsd_syslog(line, REPORT) for line in _lines("compute4-syslog")]
    assert all(r is not None for r in records)
    by_program = {r.program: r for r in records if r is not None}
    assert by_program["systemd"].pid == 1
    assert by_program["PackageKit"].pid is None
    assert by_program["PackageKit"].message == "daemon start"
    assert by_program["Keepalived_vrrp"].pid == 1775814
    assert by_program["kernel"].since_boot == 63666.498232  # the last kernel line wins


def test_ovs_vsctl_sends_vlog_lines_to_syslog():
    record = parse_bsd_syslog(_lines("compute4-syslog")[6], REPORT)
    assert record is not None and record.program == "ovs-vsctl"
    vlog = parse_ovs(record.message)
    assert vlog is not None
    assert vlog.time is None
    assert (vlog.sequence, vlog.module, vlog.level) == (1, "db_ctl_base", "ERR")
    assert vlog.message.startswith('no key "dpdk-init"')


def test_keepalived_state_change_logs_oslo_lines_through_syslog():
    record = parse_bsd_syslog(_lines("compute4-syslog")[8], REPORT)
    assert record is not None
    inner = parse_openstack(record.message)
    assert inner is not None
    assert inner.pid == 1773264
    assert inner.module == "neutron.common.config"
    assert inner.message == "Logging enabled!"


def test_old_netdev_watchdog_with_a_redacted_hostname():
    lines = _lines("pfring-74-kern.log-netdev-watchdog-i40e")
    record = parse_bsd_syslog(lines[0], YearInference(date(2016, 2, 11)))
    assert record is not None
    assert record.host == "<redacted>"
    assert record.time == datetime(2016, 2, 11, 16, 19, 40, tzinfo=UTC)
    assert record.since_boot == 298.426757
    assert record.message == "NETDEV WATCHDOG: cap0 (i40e): transmit queue 0 timed out"


def test_netdev_watchdog_after_pcie_link_lost_on_igb():
    records = [parse_bsd_syslog(x) for x in _lines("apu2-174-kern.log-netdev-watchdog-igb")]
    assert [r.message for r in records if r is not None][0] == (
        "igb 0000:02:00.0 enp2s0: PCIe link lost"
    )
    watchdog = records[2]
    assert watchdog is not None
    assert watchdog.since_boot == 127582.038046
    assert watchdog.message == "NETDEV WATCHDOG: enp2s0 (igb): transmit queue 0 timed out"


def test_ixgbe_nic_link_down_in_syslog():
    record = parse_bsd_syslog(_lines("pfring-293-syslog-ixgbe-link-down")[1])
    assert record is not None
    assert record.host == "superserver"
    assert record.message == "ixgbe 0000:08:00.0 eth11: NIC Link is Down"


def test_mangled_first_line_is_skipped():
    lines = _lines("grizzly-129-syslog-dnsmasq-dhcp-tap")
    assert lines[0].startswith("infinity Sep 24")
    assert parse_bsd_syslog(lines[0]) is None
    assert parse_bsd_syslog(lines[1]) is not None


# --- journalctl ------------------------------------------------------------------------------


def test_journal_header_gives_the_range_of_the_corpus_journal():
    lines = _lines("compute4-journalctl-no-pager")
    marker = parse_journal_marker(lines[0])
    assert marker is not None
    assert marker.kind == "range"
    assert marker.begin == datetime(2022, 2, 4, 9, 34, 4, tzinfo=UTC)
    assert marker.end == datetime(2022, 2, 10, 16, 19, 19, tzinfo=UTC)
    assert parse_bsd_syslog(lines[0], REPORT) is None


def test_journal_reboot_marker_and_hostname_change():
    lines = _lines("compute4-journalctl-no-pager")
    reboot = lines.index("-- Reboot --")
    marker = parse_journal_marker(lines[reboot])
    assert marker is not None and marker.kind == "reboot"
    first = parse_bsd_syslog(lines[1], REPORT)
    after = parse_bsd_syslog(lines[reboot + 1], REPORT)
    assert first is not None and after is not None
    assert first.host == "ubuntu"  # before cloud-init set the hostname
    assert after.host == "compute4"
    assert after.time == datetime(2022, 2, 9, 22, 38, 11, tzinfo=UTC)


def test_journal_kernel_lines_have_no_uptime_but_may_start_with_brackets():
    lines = _lines("compute4-journalctl-no-pager")
    mem = parse_bsd_syslog(lines[3], REPORT)
    drm = parse_bsd_syslog(lines[4], REPORT)
    assert mem is not None and drm is not None
    assert mem.since_boot is None
    assert mem.message == "[mem 0xc0000000-0xfeffbfff] available for PCI devices"
    assert drm.message.startswith("[drm] Initialized cirrus")


def test_catalog_text_is_neither_a_record_nor_a_marker():
    lines = _lines("compute4-journalctl-catalog-boot")
    assert lines[3] == "-- Subject: The journal has been started"
    assert parse_journal_marker(lines[3]) is None
    assert parse_bsd_syslog(lines[3], REPORT) is None
    records = parse_log(sample("logs", "compute4-journalctl-catalog-boot"), years=REPORT)
    assert [r.program for r in records] == [
        "systemd",
        "systemd",
        "systemd-journald",
        "systemd-journald",
    ]


def test_journal_begins_at_with_an_ambiguous_zone():
    lines = _lines("systemd-21491-journal-begins-at-cst")
    marker = parse_journal_marker(lines[0])
    assert marker is not None
    assert marker.kind == "range"
    assert marker.begin is None and marker.end is None  # CST: China or US Central?
    record = parse_bsd_syslog(lines[1], YearInference(date(2021, 11, 23)))
    assert record is not None
    assert record.time == datetime(2021, 9, 3, 5, 27, 23, tzinfo=UTC)
    assert (record.program, record.pid) == ("systemd", 769)


# --- RFC 3339 syslog / journalctl short-iso --------------------------------------------------


def test_rsyslog_high_precision_timestamps():
    lines = _lines("plaso-3002-rsyslog-high-precision")
    record = parse_iso_syslog(lines[0])
    assert record is not None
    assert record.time == datetime(2020, 5, 31, 0, 0, 45, 698463, tzinfo=UTC)
    assert record.host == "localhost"
    assert (record.program, record.pid) == ("rsyslogd", None)
    assert record.message.strip() == "message repeated 76 times: [-- MARK --]"
    third = parse_iso_syslog(lines[2])
    assert third is not None and third.pid == 1
    assert parse_bsd_syslog(lines[0]) is None


def test_journalctl_short_iso_offset_is_converted_to_utc():
    record = parse_iso_syslog(_lines("systemd-29134-journalctl-short-iso")[0])
    assert record is not None
    assert record.time == datetime(2023, 9, 8, 15, 20, 30, tzinfo=UTC)
    assert record.program == "r710_fan_controller.sh"
    assert record.pid == 20911
    precise = parse_iso_syslog(_lines("systemd-29134-journalctl-short-iso-precise")[0])
    assert precise is not None
    assert precise.time == datetime(2023, 9, 8, 15, 20, 30, 655028, tzinfo=UTC)


def test_dmesg_iso_lines_are_not_syslog():
    assert parse_iso_syslog(_lines("util-linux-dmesg-iso-indentation")[0]) is None


# --- dmesg -----------------------------------------------------------------------------------


def test_sos_dmesg_has_only_seconds_since_boot():
    lines = _lines("compute4-dmesg")
    record = parse_dmesg(lines[0])
    assert record is not None
    assert record.since_boot == 4301.999258
    assert record.time is None
    assert record.program == "kernel"
    assert record.message.startswith("audit: type=1400 audit(1644450589.972:424)")


def test_kern_log_dates_the_same_dmesg_event_once_the_boot_time_is_known():
    kern = parse_bsd_syslog(_lines("compute4-kern.log")[-3], REPORT)
    assert kern is not None and kern.time is not None and kern.since_boot is not None
    boot = kern.time - timedelta(seconds=kern.since_boot)
    assert boot.replace(microsecond=0) == datetime(2022, 2, 9, 22, 38, 6, tzinfo=UTC)
    same_event = [line for line in _lines("compute4-dmesg") if line.startswith("[63666.498232]")]
    record = parse_dmesg(same_event[0], boot_time=boot)
    assert record is not None
    assert record.time == kern.time


def test_new_netdev_watchdog_wording_of_kernel_6():
    record = parse_dmesg(_lines("r8125-11-dmesg-netdev-watchdog-6x")[0])
    assert record is not None
    assert record.since_boot == 1356.29693
    assert record.message == (
        "r8125 0000:22:04.0 eth4: NETDEV WATCHDOG: CPU: 3: transmit queue 0 timed out 5010 ms"
    )


def test_six_digit_uptime_fills_the_bracket():
    lines = _lines("openwrt-16419-dmesg-netdev-watchdog-6x")
    record = parse_dmesg(lines[2])
    assert record is not None
    assert record.since_boot == 115361.763487
    assert record.message.startswith("mtk_soc_eth 1e100000.ethernet eth0: NETDEV WATCHDOG: CPU: 1:")
    down = parse_dmesg(lines[0])
    assert down is not None and down.message == "mt7530-mdio mdio-bus:1f lan4: Link is Down"


def test_dmesg_decode_gives_facility_and_level():
    lines = _lines("util-linux-dmesg-decode")
    warn = parse_dmesg(lines[4])
    assert warn is not None
    assert (warn.facility, warn.level, warn.since_boot) == ("kern", "warn", 64.0)
    assert warn.program == "kernel"
    assert warn.message == "example[4]"
    authpriv = parse_dmesg(lines[9])
    assert authpriv is not None
    assert (authpriv.facility, authpriv.level) == ("authpriv", "warn")
    assert authpriv.program is None
    assert authpriv.since_boot == 592704.0


def test_dmesg_ctime_and_its_indented_continuation_lines():
    lines = _lines("util-linux-dmesg-ctime-indentation")
    record = parse_dmesg(lines[0])
    assert record is not None
    assert record.time == datetime(2009, 2, 13, 23, 31, 31, tzinfo=UTC)
    assert record.since_boot is None
    assert record.message == "new"
    assert parse_dmesg(lines[1]) is None


def test_dmesg_iso_time_format():
    record = parse_dmesg(_lines("util-linux-dmesg-iso-indentation")[2])
    assert record is not None
    assert record.time == datetime(2009, 2, 13, 23, 31, 32, 123456, tzinfo=UTC)
    assert record.message == "two"


def test_ubuntu_var_log_dmesg_is_journal_short_monotonic():
    lines = _lines("compute4-var-log-dmesg")
    assert detect_format(lines) == FORMAT_JOURNAL_MONOTONIC
    banner = parse_journal_monotonic(lines[0])
    assert banner is not None
    assert (banner.program, banner.since_boot) == ("kernel", 0.0)
    assert banner.message.startswith("Linux version 5.4.0-97-generic")
    systemd = parse_journal_monotonic(lines[3])
    assert systemd is not None
    assert (systemd.program, systemd.pid) == ("systemd", 1)
    assert systemd.message == "Inserted module 'autofs4'"
    last = parse_journal_monotonic(lines[-1])
    assert last is not None and last.program == "unknown"


# --- OpenStack -------------------------------------------------------------------------------


def _nova() -> list[str]:
    return _lines("compute4-nova-compute.log")


def test_nova_line_without_request_has_dash_context():
    record = parse_openstack(_nova()[0])
    assert record is not None
    assert record.time == datetime(2022, 2, 4, 9, 37, 50, 31000, tzinfo=UTC)
    assert (record.pid, record.level, record.module) == (21562, "INFO", "os_vif")
    assert record.request_id is None
    assert record.continuation is False
    assert record.message == "Loaded VIF plugins: linux_bridge, noop, ovs"


def test_rabbit_connection_refused_carries_the_request_id():
    record = parse_openstack(_nova()[1])
    assert record is not None
    assert record.level == "ERROR"
    assert record.module == "oslo.messaging._drivers.impl_rabbit"
    assert record.request_id == "req-30b3bc7c-90c2-4c1c-8d0c-62455d58bfca"
    assert record.user is None and record.project is None
    assert record.message.startswith("Connection failed: [Errno 111] ECONNREFUSED")


def test_ceph_df_failure_then_its_traceback():
    lines = _nova()
    error = parse_openstack(lines[3])
    assert error is not None
    assert error.message.startswith("Error updating resources for node compute4.mylab.home.")
    assert error.continuation is False
    # The exception text spans lines that do not repeat the prefix.
    assert lines[4] == "Command: ceph df --format=json"
    assert parse_openstack(lines[4]) is None
    traceback = parse_openstack(lines[8])
    assert traceback is not None
    assert traceback.continuation is True
    assert traceback.request_id is None
    assert traceback.time == error.time
    assert traceback.message == "Traceback (most recent call last):"
    frame = parse_openstack(lines[9])
    assert frame is not None
    assert frame.message.startswith(
        '  File "/usr/lib/python3/dist-packages/nova/compute/manager.py"'
    )


def test_critical_unhandled_error_of_nova():
    lines = _nova()
    critical = [parse_openstack(x) for x in lines if " CRITICAL " in x][0]
    assert critical is not None
    assert (critical.level, critical.module, critical.pid) == ("CRITICAL", "nova", 362847)
    assert "DiscoveryFailure" in critical.message


def test_a_second_request_id_in_the_message_stays_in_the_message():
    record = parse_openstack(_nova()[-1])
    assert record is not None
    assert record.request_id == "req-b91b87ad-44ac-4023-a603-84d8f2979cab"
    assert record.message.startswith("[req-4628b925-9c54-44bb-be7a-a8d801b20dd2] Created resource")


def test_neutron_context_names_user_and_project():
    record = parse_openstack(_lines("compute4-neutron-l3-agent.log")[0])
    assert record is not None
    assert record.request_id == "req-3625f8a7-0f44-479d-a66c-5292cd2927ee"
    assert record.user == "2ad484a3a48e45e48e7cadd2cbab81cd"
    assert record.project == "939d609b76364525bc9a02d9345a85f4"


def test_tailed_nova_log_starts_mid_line():
    lines = _lines("compute4-nova-compute.log-tailed")
    assert parse_openstack(lines[0]) is None
    records = parse_log(sample("logs", "compute4-nova-compute.log-tailed"))
    assert len(records) == 2
    assert records[-1].time == datetime(2022, 2, 10, 0, 0, 0, 447000, tzinfo=UTC)


def test_grizzly_trace_lines_name_the_instance():
    lines = _lines("grizzly-45-nova-compute-trace-instance")
    first = parse_openstack(lines[0])
    blank = parse_openstack(lines[1])
    assert first is not None and blank is not None
    assert first.level == "TRACE"
    assert first.instance == "c307ae2b-c09d-4c05-9525-906ed35d81c5"
    assert first.continuation is True
    assert first.message == "QuantumClientException: 404 Not Found"
    assert blank.message == ""


def test_traceback_frames_keep_indentation_after_the_instance():
    record = parse_openstack(_lines("elasticluster-660-nova-compute-instance-traceback")[1])
    assert record is not None
    assert record.instance == "1451041c-da04-478c-93dd-0acb60dd149a"
    assert record.message == "    mdevs=mdevs)"


def test_none_global_request_id_in_nova_logged_through_syslog():
    lines = _lines("nova-operator-777-messages-nova-compute-none-req")
    edt = timezone(timedelta(hours=-4))
    outer = parse_bsd_syslog(lines[0], YearInference(date(2024, 7, 11)), tz=edt)
    assert outer is not None and outer.program == "nova_compute"
    record = parse_openstack(outer.message)
    assert record is not None
    # The container logs in UTC, the host's syslog in EDT: the same second.
    assert record.time == datetime(2024, 7, 11, 22, 10, 59, 946000, tzinfo=UTC)
    assert outer.time == record.time.replace(microsecond=0)
    assert record.pid == 2
    assert record.global_request_id is None
    assert record.request_id == "req-590602d0-1d3d-4ac9-b000-cdd98a2400b4"
    assert record.user == "3de117d20e5b45c1ba86c8136c841ef3"
    assert record.project == "eab438b17a2a4575a3abff1f78afc4ff"
    assert record.instance == "7b7edae6-f878-4756-a858-86f836d02c33"
    assert record.message.endswith("operation failed: domain is not running")


def test_devstack_journal_lines_have_no_time_or_pid():
    outer = parse_bsd_syslog(_lines("lxc-1786-devstack-journal-nova-compute")[1])
    assert outer is not None
    record = parse_openstack(outer.message)
    assert record is not None
    assert record.time is None and record.pid is None
    assert (record.level, record.module) == ("DEBUG", "nova.compute.manager")
    assert record.request_id == "req-c8cd4884-6858-4438-ab57-07ac3adeefbe"
    assert (record.user, record.project) == ("admin", "admin")
    assert record.instance == "b500a3d8-89b8-45ab-8725-c2420e6d7e98"


def test_essex_nova_lines_have_no_milliseconds_and_no_pid():
    record = parse_openstack(_lines("dodai-18-nova-2012-no-pid")[1])
    assert record is not None
    assert record.time == datetime(2012, 7, 5, 22, 3, 53, tzinfo=UTC)
    assert record.pid is None
    assert record.module == "nova.virt.libvirt.connection"


# --- Open vSwitch ----------------------------------------------------------------------------


def test_tap_port_vanished_under_ovs_vswitchd():
    records = [parse_ovs(line) for line in _lines("compute4-ovs-vswitchd.log")]
    warn = [r for r in records if r is not None and r.sequence == 171][0]
    assert warn.time == datetime(2022, 2, 10, 16, 18, 33, 118000, tzinfo=UTC)
    assert (warn.module, warn.level) == ("bridge", "WARN")
    assert warn.message == "could not open network device tap6a0486f9-82 (No such device)"


def test_ovs_thread_name_is_split_from_the_module():
    lines = _lines("compute4-ovs-vswitchd.log")
    assert "" in lines
    assert parse_ovs("") is None
    handler = [parse_ovs(x) for x in lines if "timeval(handler22)" in x][0]
    assert handler is not None
    assert (handler.module, handler.thread, handler.sequence) == ("timeval", "handler22", 13903)


def test_ovsdb_server_of_ovs_2_4():
    record = parse_ovs(_lines("insights-core-ovsdb-server.log-2.4")[1])
    assert record is not None
    assert record.module == "ovsdb_server"
    assert record.message == "ovsdb-server (Open vSwitch) 2.4.0"
    assert record.thread is None


# --- dnsmasq ---------------------------------------------------------------------------------


def test_neutron_dhcp_request_and_ack_on_a_tap_port():
    lines = _lines("grizzly-129-syslog-dnsmasq-dhcp-tap")
    record = parse_dnsmasq(lines[1], YearInference(date(2013, 9, 25)))
    assert record is not None
    assert (record.host, record.program, record.pid) == ("loki", "dnsmasq-dhcp", 19298)
    request = parse_dhcp_event(record.message)
    assert request is not None
    assert request.event == "DHCPREQUEST"
    assert request.interface == "tap689b75b7-f5"
    assert (request.ip, request.mac) == ("50.50.1.4", "fa:16:3e:cb:f7:cf")
    assert request.detail == ""
    ack_line = parse_dnsmasq(lines[2])
    assert ack_line is not None
    ack = parse_dhcp_event(ack_line.message)
    assert ack is not None
    assert (ack.event, ack.detail) == ("DHCPACK", "50-50-1-4")


def test_dnsmasq_own_log_has_no_hostname_and_log_dhcp_transaction_ids():
    record = parse_dnsmasq(_lines("understack-1928-dnsmasq-stderr-log-dhcp")[2])
    assert record is not None
    assert record.host is None
    assert (record.program, record.pid) == ("dnsmasq-dhcp", 1)
    event = parse_dhcp_event(record.message)
    assert event is not None
    assert event.xid == 3610553376
    assert (event.event, event.interface, event.ip) == ("DHCPACK", "bond0", "10.4.50.109")
    assert event.detail == "debian"


def test_dhcp_nak_and_discover_without_address():
    lines = _lines("openmptcprouter-273-logread-dhcpnak")
    nak = parse_dhcp_event(lines[0].split("]: ", 1)[1])
    assert nak is not None
    assert (nak.event, nak.ip, nak.mac) == ("DHCPNAK", "192.168.0.183", "6c:c7:ec:39:74:ab")
    assert nak.detail == "wrong server-ID"
    discover = parse_dhcp_event(lines[1].split("]: ", 1)[1])
    assert discover is not None
    assert (discover.event, discover.ip, discover.mac) == (
        "DHCPDISCOVER",
        None,
        "6c:c7:ec:39:74:ab",
    )


def test_dnsmasq_startup_lines_are_not_dhcp_events():
    journal = _lines("compute4-journalctl-no-pager")
    record = parse_dnsmasq(journal[5], REPORT)
    assert record is not None
    assert record.message.startswith("DHCP, IP range 10.50.99.2 -- 10.50.99.254")
    assert parse_dhcp_event(record.message) is None
    assert parse_dnsmasq(journal[1], REPORT) is None  # the kernel is not dnsmasq
    started = parse_dnsmasq(_lines("raspap-912-dnsmasq.log-file")[0])
    assert started is not None and parse_dhcp_event(started.message) is None


# --- detect_format / parse_log ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("compute4-kern.log", FORMAT_SYSLOG),
        ("compute4-journalctl-no-pager", FORMAT_SYSLOG),
        ("compute4-dmesg", FORMAT_DMESG),
        ("util-linux-dmesg-decode", FORMAT_DMESG),
        ("util-linux-dmesg-ctime-indentation", FORMAT_DMESG),
        ("util-linux-dmesg-iso-indentation", FORMAT_DMESG),
        ("compute4-var-log-dmesg", FORMAT_JOURNAL_MONOTONIC),
        ("plaso-3002-rsyslog-high-precision", FORMAT_SYSLOG_ISO),
        ("systemd-29134-journalctl-short-iso", FORMAT_SYSLOG_ISO),
        ("compute4-nova-compute.log", FORMAT_OPENSTACK),
        ("compute4-nova-compute.log-tailed", FORMAT_OPENSTACK),
        ("compute4-ovs-vswitchd.log", FORMAT_OVS),
        ("raspap-912-dnsmasq.log-file", FORMAT_DNSMASQ),
        ("understack-1928-dnsmasq-stderr-log-dhcp", FORMAT_DNSMASQ),
        ("grizzly-129-syslog-dnsmasq-dhcp-tap", FORMAT_SYSLOG),
    ],
)
def test_detect_format(name: str, expected: str):
    assert detect_format(_lines(name)) == expected


def test_parse_log_reads_a_whole_kern_log():
    records = parse_log(sample("logs", "compute4-kern.log"), years=REPORT)
    assert len(records) == 12
    assert all(r.program == "kernel" for r in records)


def test_parse_log_of_empty_text_and_of_a_journal_without_entries():
    assert parse_log("") == []
    assert parse_log("-- No entries --\n") == []
    assert detect_format([]) is None


def test_parse_log_refuses_text_in_no_known_format():
    with pytest.raises(ParseError):
        parse_log(sample("logs", "openmptcprouter-273-logread-dhcpnak"))
