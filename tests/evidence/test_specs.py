"""The spec table names files exactly as sos does."""

import pytest

from stacksleuth.evidence.mangle import mangle_command
from stacksleuth.evidence.specs import SPECS, Kind, key_from_path


# Pairs verified with sos's own function (../shared/reference/sosreport-format.md, 2.3).
@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("ethtool -S eth0", "ethtool_-S_eth0"),
        ("/usr/bin/printf '%s\\n' a/b c:d e=f 'g h'", "printf_s_n_a.b_c_d_e_f_g_h"),
        (
            "ip netns exec qrouter-1b2c  ip -d address show",
            "ip_netns_exec_qrouter-1b2c_ip_-d_address_show",
        ),
        ("devlink dev eswitch show pci/0000:3b:00.0", "devlink_dev_eswitch_show_pci.0000_3b_00.0"),
        (
            "ovs-appctl dpctl/dump-flows -m system@ovs-system",
            "ovs-appctl_dpctl.dump-flows_-m_system_ovs-system",
        ),
        ("journalctl --no-pager  --unit ovs-vswitchd", "journalctl_--no-pager_--unit_ovs-vswitchd"),
        (
            "rabbitmqctl eval 'rabbit_diagnostics:maybe_stuck().'",
            "rabbitmqctl_eval_rabbit_diagnostics_maybe_stuck",
        ),
        ("iscsiadm -m node --op=show", "iscsiadm_-m_node_--op_show"),
        ("ls -alZR /var/lib/libvirt/qemu", "ls_-alZR_.var.lib.libvirt.qemu"),
    ],
)
def test_mangle_matches_sos(command, name):
    assert mangle_command(command) == name


def test_mangle_cuts_to_the_name_limit():
    assert len(mangle_command("echo " + "a" * 300)) == 255


def test_per_device_spec_globs_and_manifest_pattern():
    spec = SPECS["ethtool -S"]
    assert spec.per_device
    assert spec.report_globs == ("sos_commands/networking/ethtool_-S_*",)
    assert spec.exec_patterns[0].match("ethtool -S eth4").group("key") == "eth4"
    assert spec.exec_patterns[0].match("ethtool -S -i eth4") is None


def test_plain_ethtool_glob_does_not_claim_other_ethtool_files():
    glob = SPECS["ethtool"].report_globs[0]
    assert key_from_path(glob, "sos_commands/networking/ethtool_eth4") == "eth4"
    assert key_from_path(glob, "sos_commands/networking/ethtool_-S_eth4") == ""


def test_config_specs_know_tripleo_paths():
    globs = SPECS["nova.conf"].report_globs
    assert globs[0] == "etc/nova/nova.conf"
    assert "var/lib/config-data/puppet-generated/nova_libvirt/etc/nova/nova.conf" in globs


def test_old_and_new_sos_names_for_the_same_command():
    assert SPECS["ip -d address"].report_globs[:2] == (
        "sos_commands/networking/ip_-d_address",
        "sos_commands/networking/ip_address",
    )
    assert "sos_commands/date/date_--utc" in SPECS["date"].report_globs


def test_bundle_names_never_match_everything():
    for spec in SPECS:
        assert "*" not in spec.bundle_globs, spec.name
        if spec.kind is Kind.LOG:
            assert spec.bundle_globs, spec.name
