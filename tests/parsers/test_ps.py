"""ps auxwwwm from the corpus and qemu command lines from public reports."""

from __future__ import annotations

from realsamples import sample

from stacksleuth.parsers.ps import parse_ps_aux, qemu_processes


def test_corpus_ps_has_processes_with_their_thread_lines():
    procs = parse_ps_aux(sample("virt", "compute4-ps_auxwwwm"))
    assert len(procs) == 447
    init = procs[0]
    assert (init.user, init.pid, init.command) == ("root", 1, "/sbin/init")
    assert init.vsz_kib == 175184 and init.rss_kib == 17464
    assert init.stat == "-" and init.threads[0].stat == "Ss"


def test_the_corpus_guest_instance_00000001_uses_vhost_net_on_hostnet0():
    (guest,) = qemu_processes(parse_ps_aux(sample("virt", "compute4-ps_auxwwwm")))
    assert guest.pid == 1791722 and guest.user == "libvirt+"
    assert guest.binary == "/usr/bin/qemu-system-x86_64"
    assert guest.guest_name == "instance-00000001"
    assert guest.uuid == "d1d75e2f-ada4-49bc-a963-528d89dfda25"
    (netdev,) = guest.netdevs
    assert (netdev.type, netdev.id, netdev.vhost) == ("tap", "hostnet0", True)
    assert netdev.options["vhostfd"] == "36"


def test_qemu_process_has_its_threads():
    procs = parse_ps_aux(sample("virt", "compute4-ps_auxwwwm"))
    qemu = next(p for p in procs if p.pid == 1791722)
    assert qemu.cpu_percent == 2.5 and qemu.mem_percent == 3.6
    assert len(qemu.threads) > 1


def test_tailed_ps_skips_the_partial_line_and_still_finds_the_guest():
    procs = parse_ps_aux(sample("virt", "compute4-ps_auxwwwm-tailed"))
    assert procs[0].pid == 1791722
    assert qemu_processes(procs)[0].guest_name == "instance-00000001"


def test_ovs_dpdk_guest_on_rhosp10_uses_vhost_user_with_8_queues():
    procs = parse_ps_aux(sample("virt", "rhsolution-3394851-ps_aux-qemu-kvm-vhostuser"))
    (guest,) = qemu_processes(procs)
    assert guest.binary == "/usr/libexec/qemu-kvm"
    assert guest.guest_name == "instance-00000028"
    assert guest.uuid == "48888226-7b6b-415c-bcf7-b278ba0bca62"
    (netdev,) = guest.netdevs
    assert netdev.type == "vhost-user" and netdev.vhost
    assert netdev.options["queues"] == "8" and netdev.options["chardev"] == "charnet0"


def test_kata_sandbox_without_guest_name_uses_plural_vhostfds():
    (guest,) = qemu_processes(
        parse_ps_aux(sample("virt", "andreaskaris-kata-ps_aux-qemu-kvm-vhostfds"))
    )
    assert guest.guest_name.startswith("sandbox-dc7a95dc")
    (netdev,) = guest.netdevs
    assert (netdev.type, netdev.id, netdev.vhost) == ("tap", "network-0", True)
    assert netdev.options["vhostfds"] == "4"


def test_empty_input():
    assert parse_ps_aux("") == []
    assert qemu_processes([]) == []
