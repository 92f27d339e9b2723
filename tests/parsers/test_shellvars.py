"""/etc/default shell fragments."""

from __future__ import annotations

from realsamples import sample

from stacksleuth.parsers.shellvars import parse_shellvars


def test_juju_managed_qemu_kvm_on_the_corpus_disables_vhost_net_loading():
    values = parse_shellvars(sample("virt", "compute4-etc-default-qemu-kvm"))
    assert values == {
        "KSM_ENABLED": "AUTO",
        "SLEEP_MILLISECS": "200",
        "VHOST_NET_ENABLED": "0",
        "KVM_HUGEPAGES": "0",
    }


def test_ubuntu_1404_package_default_also_has_vhost_net_off():
    values = parse_shellvars(sample("virt", "sysdig-ubuntu1404-etc-default-qemu-kvm"))
    assert values["VHOST_NET_ENABLED"] == "0"
    assert values["KSM_ENABLED"] == "1"
    assert len(values) == 4


def test_quotes_backticks_and_commented_assignments():
    grub = parse_shellvars(sample("system", "compute4-etc-default-grub"))
    assert grub["GRUB_CMDLINE_LINUX"] == ""
    assert grub["GRUB_DISTRIBUTOR"].startswith("`lsb_release")
    assert "GRUB_BADRAM" not in grub
    keepalived = parse_shellvars(sample("system", "compute4-etc-default-keepalived"))
    assert keepalived == {"DAEMON_ARGS": ""}


def test_empty_text():
    assert parse_shellvars("") == {}
