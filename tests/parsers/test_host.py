"""Who a host is, read from real sosreport files of sos 3.6 and 4.2."""

from datetime import UTC, datetime, timedelta

from realsamples import sample

from stacksleuth.parsers.host import (
    parse_hostname,
    parse_lsb_release,
    parse_os_release,
    parse_redhat_release,
    parse_report_time,
    parse_sos_version,
    parse_uname,
    parse_uptime,
)


def test_corpus_uname_gives_kernel_release_and_machine():
    uname = parse_uname(sample("host", "compute4-uname_-a"))
    assert uname is not None
    assert (uname.hostname, uname.release, uname.machine) == (
        "compute4",
        "5.4.0-97-generic",
        "x86_64",
    )
    assert uname.version.startswith("#110-Ubuntu SMP")


def test_uname_of_something_else_is_none():
    assert parse_uname("") is None
    assert parse_uname("uname: command not found") is None


def test_corpus_os_release_is_ubuntu_focal():
    release = parse_os_release(sample("host", "compute4-os-release"))
    assert release is not None
    assert (release.id, release.version_id, release.codename) == ("ubuntu", "20.04", "focal")
    assert release.pretty_name == "Ubuntu 20.04.3 LTS"


def test_lsb_release_is_the_fallback_for_debian_family():
    release = parse_lsb_release(sample("host", "compute4-lsb_release_-a"))
    assert release is not None
    assert (release.id, release.version_id, release.codename) == ("ubuntu", "20.04", "focal")


def test_redhat_release_with_and_without_beta():
    rhel = parse_redhat_release(sample("host", "insights-redhat-release-7.5"))
    assert rhel is not None and (rhel.id, rhel.version_id, rhel.codename) == (
        "rhel",
        "7.5",
        "Maipo",
    )
    beta = parse_redhat_release(sample("host", "redhat-release-7.0-beta"))
    assert beta is not None and beta.version_id == "7.0"
    assert parse_redhat_release("Ubuntu 20.04") is None


def test_uptime_in_every_shape_uptime_prints():
    assert parse_uptime(sample("host", "compute4-uptime")) == timedelta(hours=17, minutes=41)
    assert parse_uptime(sample("host", "coreos-sos3.6-uptime")) == timedelta(minutes=35)
    assert parse_uptime(sample("host", "insights-uptime-hours")) == timedelta(hours=5, minutes=55)
    assert parse_uptime(sample("host", "insights-uptime-days")) == timedelta(
        days=40, hours=21, minutes=17
    )
    assert parse_uptime(sample("host", "insights-uptime-days-min")) == timedelta(days=40, minutes=3)
    assert parse_uptime("") is None


def test_report_time_from_timedatectl_sos4():
    assert parse_report_time(sample("host", "compute4-timedatectl")) == datetime(
        2022, 2, 10, 16, 19, 48, tzinfo=UTC
    )


def test_report_time_from_date_utc_sos3():
    assert parse_report_time(sample("host", "coreos-sos3.6-date_--utc")) == datetime(
        2019, 10, 2, 2, 54, 30, tzinfo=UTC
    )
    assert parse_report_time("timedatectl: command not found") is None


def test_sos_version_old_and_new_version_txt():
    assert parse_sos_version(sample("host", "compute4-version.txt")) == "4.2"
    assert parse_sos_version(sample("host", "coreos-sos3.6-version.txt")) == "3.6"
    # sos >= 4.8 writes "sos report:" (reference: sosreport-format.md, 2.7).
    assert parse_sos_version("sos report: 4.12.0\n") == "4.12.0"
    assert parse_sos_version("") is None


def test_hostname_takes_the_first_line():
    assert parse_hostname(sample("host", "compute4-hostname_-f")) == "compute4.mylab.home"
    assert parse_hostname("\n") is None
