"""dpkg -l from the corpus compute and public reports; sos installed-rpms and rpm -qa."""

from __future__ import annotations

import pytest
from realsamples import sample

from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.packages import (
    package_versions,
    parse_dpkg_l,
    parse_installed_rpms,
    parse_nvra,
    parse_rpm_qa,
)


def _dpkg(name: str) -> dict:
    return {p.name: p for p in parse_dpkg_l(sample("packages", name))}


def test_corpus_compute_runs_ussuri_nova_and_os_brick():
    pkgs = _dpkg("compute4-dpkg_-l")
    nova = pkgs["nova-compute"]
    assert (nova.state, nova.version, nova.arch) == ("ii", "2:21.2.3-0ubuntu1", "all")
    assert nova.description == "OpenStack Compute - compute node base"
    assert pkgs["python3-os-brick"].version == "3.0.1-0ubuntu1.4"
    assert pkgs["open-iscsi"].version == "2.0.874-7.1ubuntu6.2"
    assert pkgs["multipath-tools"].version == "0.8.3-1ubuntu2"
    assert len(pkgs) == 18


def test_multiarch_suffix_is_stripped_from_the_name_but_kept():
    pkgs = _dpkg("compute4-dpkg_-l")
    bind = pkgs["bind9-libs"]
    assert (bind.name_arch, bind.arch) == ("amd64", "amd64")
    assert "bind9-libs:amd64" not in pkgs
    assert pkgs["ceph-common"].name_arch is None


def test_name_filling_the_column_is_flagged_possibly_truncated():
    pkgs = _dpkg("compute4-dpkg_-l")
    # 36 characters, the width of the Name column in this header.
    assert pkgs["linux-modules-extra-5.4.0-97-generic"].possibly_truncated is True
    assert pkgs["nova-compute"].possibly_truncated is False


def test_package_versions_of_the_corpus_compute():
    versions = package_versions(parse_dpkg_l(sample("packages", "compute4-dpkg_-l")))
    assert versions["nova-compute"] == "2:21.2.3-0ubuntu1"
    assert versions["qemu-system-x86"] == "1:4.2-3ubuntu6.19"
    assert versions["bind9-libs"] == "1:9.16.1-0ubuntu2.9"


def test_tailed_dpkg_output_skips_the_partial_first_line():
    pkgs = parse_dpkg_l(sample("packages", "compute4-dpkg_-l-tailed"))
    assert [p.name for p in pkgs] == [
        "zerofree",
        "zlib1g",
        "zlib1g-dev",
        "zvmcloudconnector-common",
    ]
    assert pkgs[1].arch == "amd64"
    assert pkgs[3].version == "2.0.0~b1~git2019062011.4fc9142.really.1.4.1-0ubuntu3"


def test_old_dpkg_without_architecture_column_and_cut_names():
    pkgs = parse_dpkg_l(sample("packages", "kubuntu-users-2006-dpkg_-l-no-arch-column"))
    artwork = pkgs[0]
    assert (artwork.name, artwork.version, artwork.arch) == ("kubuntu-artwor", "6.06-21", None)
    assert artwork.description == "kubuntu artwork for usplash"
    assert artwork.possibly_truncated is True
    assert pkgs[3].name == "kubuntu-docs" and pkgs[3].possibly_truncated is False
    desktop = pkgs[2]
    assert (desktop.state, desktop.version, desktop.installed) == ("pn", "<none>", False)
    assert sorted(package_versions(pkgs)) == [
        "kubuntu-artwor",
        "kubuntu-defaul",
        "kubuntu-docs",
        "kubuntu-grub-s",
        "kubuntu-konque",
    ]


def test_removed_packages_with_config_left_are_not_installed():
    pkgs = parse_dpkg_l(sample("packages", "phusion-issue433-dpkg_-l-grep-rc"))
    assert len(pkgs) == 7
    assert {p.state for p in pkgs} == {"rc"}
    gdbm = pkgs[-1]
    assert (gdbm.name, gdbm.name_arch, gdbm.arch, gdbm.version) == (
        "libgdbm3",
        "amd64",
        "amd64",
        "1.8.3-13.1",
    )
    # No header: the layout is guessed from the architecture column.
    assert pkgs[0].description == "automatic configure script builder"
    assert package_versions(pkgs) == {}


def test_sos_installed_rpms_with_shell_noise_on_top():
    result = parse_installed_rpms(sample("packages", "coreos-sos-installed-rpms"))
    assert result.errors == []
    assert len(result.packages) == 22
    by_name = {p.name: p for p in result.packages}
    kernel = by_name["kernel"]
    assert (kernel.version, kernel.release, kernel.arch) == ("4.18.0", "80.11.2.el8_0", "x86_64")
    assert kernel.install_time == "Fri Sep 27 11:51:34 2019"
    mp = by_name["device-mapper-multipath-libs"]
    assert (mp.version, mp.release) == ("0.7.8", "7.el8_0.2")
    iscsi = by_name["iscsi-initiator-utils-iscsiuio"]
    assert (iscsi.version, iscsi.release, iscsi.arch) == (
        "6.2.0.876",
        "7.gitf3c8e90.el8",
        "x86_64",
    )
    cni = by_name["containernetworking-plugins"]
    assert cni.release == "1.module+el8.1.0+3402+f73c5901"
    assert cni.install_time == "Fri Sep 27 11:51:33 2019"
    assert by_name["libstdc++"].version == "8.2.1"


def test_older_sos_installed_rpms_unpadded_with_gpg_pubkey():
    result = parse_installed_rpms(sample("packages", "fedora21-sos-installed-rpms-unpadded"))
    by_name = {p.name: p for p in result.packages}
    pubkey = by_name["gpg-pubkey"]
    assert (pubkey.version, pubkey.release, pubkey.arch) == ("95a43f54", "5284415a", None)
    assert by_name["xz"].release == "14alpha.fc21"
    assert by_name["python-backports-ssl_match_hostname"].version == "3.4.0.2"
    assert by_name["libsolv"].install_time == "Wed May  6 01:00:31 2015"


def test_plain_rpm_qa_of_an_rhosp_node():
    result = parse_rpm_qa(sample("packages", "cibyl-rhosp-node-rpm_-qa"))
    assert len(result.packages) == 14
    pacemaker = next(p for p in result.packages if p.name == "ansible-pacemaker")
    assert (pacemaker.version, pacemaker.arch) == ("1.0.4", "noarch")
    assert pacemaker.release == "2.20210623224811.666f706.el8ost"
    assert pacemaker.install_time is None
    versions = package_versions(result.packages)
    assert versions["aide"] == "0.16-14.el8_4.1"
    assert versions["basesystem"] == "11-5.el8"


def test_damaged_rpmdb_error_is_kept_next_to_the_packages():
    result = parse_rpm_qa(sample("packages", "insights-rpm_-qa-rpmdb-error"))
    assert result.errors == [
        "error: rpmdbNextIterator: skipping h#     753 Header V3 DSA signature: BAD, key ID db42a6"
    ]
    assert [(p.name, p.version, p.release) for p in result.packages] == [
        ("yum-security", "1.1.16", "21.el5")
    ]


def test_nvra_splitting_keeps_dashes_in_names_and_reads_epochs():
    novaclient = parse_nvra("python3-novaclient-17.2.1-0.20210208.el8.noarch")
    assert (novaclient.name, novaclient.version, novaclient.release, novaclient.arch) == (
        "python3-novaclient",
        "17.2.1",
        "0.20210208.el8",
        "noarch",
    )
    kernel = parse_nvra("kernel-4.18.0-305.el8.x86_64")
    assert (kernel.name, kernel.version, kernel.release) == ("kernel", "4.18.0", "305.el8")
    bash = parse_nvra("bash-1:4.1.2-12.el7.x86_64")
    assert (bash.name, bash.epoch, bash.version, bash.evr) == ("bash", 1, "4.1.2", "1:4.1.2-12.el7")
    assert parse_nvra("shell-init:") is None


def test_empty_listings():
    assert parse_dpkg_l("") == []
    result = parse_installed_rpms("")
    assert (result.packages, result.errors) == ([], [])


def test_other_command_output_is_not_a_package_list():
    with pytest.raises(ParseError):
        parse_dpkg_l(sample("storage", "compute4-iscsiadm_-m_session_-P_3"))
    with pytest.raises(ParseError):
        parse_installed_rpms(sample("storage", "compute4-iscsiadm_-m_session_-P_3"))
