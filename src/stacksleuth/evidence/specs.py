"""The spec table: one logical name per piece of evidence, with every place it can be.

A spec names a command the way an operator types it (`ethtool -S {dev}`) or a file or log
by its path on the host. From that one declaration come:
- the candidate files in a sosreport, across sos 3.x-4.x plugin directories (sos's own
  name mangling, see `mangle.py`) and deployment styles (plain `/etc/nova`, TripleO
  `puppet-generated`, containerised logs);
- the manifest lookup (`sos_reports/manifest.json` commands' `exec`);
- the names looked for anywhere in a plain log bundle;
- the read-only command or file used on a live host.

Keep every candidate path here, in priority order, and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from stacksleuth.evidence.mangle import mangle_command

DEVICE = "{dev}"
# A device name as it appears in a command line: never an option.
_KEY = r"(?P<key>[^\s-]\S*)"


class Kind(StrEnum):
    COMMAND = "command"
    FILE = "file"
    LOG = "log"


@dataclass(frozen=True)
class Spec:
    """Where one logical piece of evidence can be found.

    `commands` are alternatives in priority order (newer sos first); `{dev}` marks a
    per-device command whose device becomes the evidence file's key. `plugins` are the
    `sos_commands/` directories that may hold them. `paths` are globs relative to the
    report root (files, logs, root shortcut symlinks). `bundle` adds basename globs looked
    for anywhere in a plain log bundle.
    """

    name: str
    kind: Kind
    description: str
    commands: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    bundle: tuple[str, ...] = ()
    live: bool = True

    @property
    def per_device(self) -> bool:
        return any(DEVICE in c for c in self.commands)

    @cached_property
    def report_globs(self) -> tuple[str, ...]:
        """Candidate globs inside a sosreport, best first."""
        globs = [
            f"sos_commands/{plugin}/{command_glob(command)}"
            for command in self.commands
            for plugin in self.plugins
        ]
        return tuple(globs) + self.paths

    @cached_property
    def bundle_globs(self) -> tuple[str, ...]:
        """Basename globs for a plain log bundle: the sos file names, then plain names."""
        names = [command_glob(c) for c in self.commands]
        for path in self.paths:
            # A wildcard basename (`proc/net/bonding/*`) would match any file in a bundle.
            base = path.rsplit("/", 1)[-1]
            if self.kind is Kind.LOG or "*" not in base:
                names.append(base)
        return tuple(dict.fromkeys(names + list(self.bundle)))

    @cached_property
    def exec_patterns(self) -> tuple[re.Pattern[str], ...]:
        """Regexes over a manifest command's `exec`; group `key` is the device."""
        return tuple(exec_pattern(c) for c in self.commands)


def command_glob(command: str) -> str:
    """The sos file name of a command, with `*` where the device goes."""
    token = "DEVICEPLACEHOLDER"
    return mangle_command(command.replace(DEVICE, token)).replace(token, "*")


def exec_pattern(command: str) -> re.Pattern[str]:
    """`ethtool -S {dev}` -> `^ethtool\\s+-S\\s+(?P<key>...)$`, matched on the manifest's `exec`."""
    tokens = [re.escape(t).replace(re.escape(DEVICE), _KEY) for t in command.split()]
    return re.compile("^" + r"\s+".join(tokens) + "$")


def key_from_path(glob: str, path: str) -> str:
    """What the first `*` of a glob matched in a path (`eth4` of `ethtool_-S_*`).

    Device names never start with "-", which keeps `ethtool_*` (plain `ethtool eth4`)
    from claiming `ethtool_-S_eth4`.
    """
    regex = re.escape(glob).replace(r"\*", "([^/]*)", 1).replace(r"\*", "[^/]*")
    match = re.fullmatch(regex, path)
    if not match or match.group(1).startswith("-"):
        return ""
    return match.group(1)


@dataclass(frozen=True)
class SpecTable:
    specs: tuple[Spec, ...]
    by_name: dict[str, Spec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {s.name: s for s in self.specs})

    def __getitem__(self, name: str) -> Spec:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"unknown evidence spec {name!r}") from None

    def __iter__(self):
        return iter(self.specs)


def _cmd(name: str, description: str, *commands: str, plugins: tuple[str, ...], **kw) -> Spec:
    return Spec(
        name, Kind.COMMAND, description, commands=commands or (name,), plugins=plugins, **kw
    )


def _file(name: str, description: str, *paths: str, **kw) -> Spec:
    return Spec(name, Kind.FILE, description, paths=paths, **kw)


def _log(name: str, description: str, *paths: str, **kw) -> Spec:
    return Spec(name, Kind.LOG, description, paths=paths, **kw)


_NET = ("networking",)
_OVS = ("openvswitch",)


def _puppet(service: str, path: str, *containers: str) -> tuple[str, ...]:
    """A config file at its plain path, then in TripleO and EDPM container config trees."""
    generated = [f"var/lib/config-data/puppet-generated/{c}/{path}" for c in (*containers, service)]
    return (path, *generated)


SPECS = SpecTable(
    (
        # -- identity ------------------------------------------------------------------
        _file("sos version", "sos's version.txt", "version.txt", live=False),
        _file("sos manifest", "sos_reports/manifest.json", "sos_reports/manifest.json", live=False),
        _cmd(
            "hostname",
            "short host name",
            "hostname",
            plugins=("host", "general"),
            paths=("hostname", "etc/hostname"),
        ),
        _cmd("hostname -f", "fully qualified host name", plugins=("host", "general")),
        _cmd("uname -a", "kernel release and machine", plugins=("kernel",), paths=("uname",)),
        _file("os-release", "distribution and release", "etc/os-release", "usr/lib/os-release"),
        _cmd(
            "lsb_release",
            "distribution (Debian/Ubuntu)",
            "lsb_release -a",
            "lsb_release",
            plugins=("release", "lsbrelease"),
            paths=("lsb-release",),
        ),
        _file("redhat-release", "distribution (RHEL family)", "etc/redhat-release"),
        _cmd("uptime", "uptime and load", plugins=("host", "general"), paths=("uptime",)),
        _cmd(
            "date",
            "the report's clock",
            "timedatectl",
            "date --utc",
            "date",
            plugins=("systemd", "date", "general"),
            paths=("date",),
        ),
        # -- packages and processes -------------------------------------------------------
        _cmd(
            "dpkg -l",
            "installed Debian packages",
            "dpkg -l",
            plugins=("dpkg",),
            paths=("installed-debs",),
        ),
        _cmd(
            "rpm -qa",
            "installed RPM packages",
            'sh -c rpm --nodigest -qa --qf="%-59{NVRA} %{INSTALLTIME:date}\\n" | sort -V',
            'rpm -qa --qf "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n"',
            plugins=("rpm",),
            paths=("installed-rpms", "sos_commands/rpm/package-data"),
            live=False,
        ),
        _cmd(
            "ps",
            "processes with full command lines",
            "ps auxwwwm",
            "ps auxwww",
            "ps alxwww",
            plugins=("process", "general"),
            paths=("ps",),
        ),
        _cmd(
            "systemctl list-units",
            "systemd units",
            "systemctl list-units --all",
            "systemctl list-units",
            plugins=("systemd",),
        ),
        _cmd("lsmod", "loaded kernel modules", plugins=("kernel",), paths=("lsmod",)),
        _cmd("sysctl -a", "kernel parameters", plugins=("kernel",)),
        # -- hardware ---------------------------------------------------------------------
        _cmd(
            "lspci -nnvv",
            "PCI devices with ids, drivers and link status",
            "lspci -nnvv",
            "lspci -nvv",
            plugins=("pci", "hardware"),
            paths=("lspci",),
            bundle=("lspci*",),
        ),
        _cmd("lshw", "hardware inventory", "lshw", plugins=("hardware",)),
        _cmd(
            "lshw -businfo",
            "PCI bus info to device names",
            "lshw -businfo",
            "lshw -C network -businfo",
            plugins=("hardware",),
        ),
        _cmd(
            "dmidecode", "system vendor, model, BIOS", plugins=("hardware",), paths=("dmidecode",)
        ),
        _file("numa_node", "NUMA node of each network device", "sys/class/net/*/device/numa_node"),
        _cmd("numactl --hardware", "NUMA topology", plugins=("numa",)),
        _cmd("numastat", "NUMA memory statistics", plugins=("numa",)),
        _file("interrupts", "interrupt counters per CPU", "proc/interrupts"),
        _file("softnet_stat", "per-CPU packet backlog", "proc/net/softnet_stat"),
        # -- network devices ----------------------------------------------------------------
        _cmd(
            "ip -d address",
            "interfaces, flags, MTU, link kinds",
            "ip -d address",
            "ip address",
            plugins=_NET,
        ),
        _cmd("ip -s -d link", "interface counters", "ip -s -d link", "ip -s link", plugins=_NET),
        _cmd("ip -o addr", "addresses, one line each", plugins=_NET, paths=("ip_addr",)),
        _cmd("ethtool", "speed, duplex and link", "ethtool {dev}", plugins=_NET),
        _cmd("ethtool -i", "driver, version, firmware, bus", "ethtool -i {dev}", plugins=_NET),
        _cmd("ethtool -S", "NIC counters", "ethtool -S {dev}", plugins=_NET),
        _cmd("ethtool -g", "ring sizes", "ethtool -g {dev}", plugins=_NET),
        _cmd("ethtool -k", "offloads", "ethtool -k {dev}", plugins=_NET),
        _cmd(
            "ethtool --show-priv-flags",
            "driver private flags",
            "ethtool --show-priv-flags {dev}",
            plugins=_NET,
        ),
        _file("bonding", "Linux bond status", "proc/net/bonding/*"),
        _cmd(
            "dpdk-devbind",
            "devices bound to DPDK and kernel drivers",
            "dpdk-devbind.py --status",
            "dpdk-devbind --status",
            "dpdk_nic_bind --status",
            plugins=_OVS + ("dpdk",),
        ),
        _cmd(
            "ovs-vsctl show",
            "Open vSwitch bridges and ports",
            "ovs-vsctl -t 5 show",
            "ovs-vsctl show",
            plugins=_OVS,
        ),
        _cmd("ovs-appctl bond/show", "OVS bonds", "ovs-appctl bond/show", plugins=_OVS),
        _cmd("ovs-appctl lacp/show", "OVS LACP", "ovs-appctl lacp/show", plugins=_OVS),
        # -- virtualisation -----------------------------------------------------------------
        _file(
            "libvirt domain xml",
            "libvirt domain definitions (live first)",
            "run/libvirt/qemu/*.xml",
            "etc/libvirt/qemu/*.xml",
            "var/lib/config-data/puppet-generated/nova_libvirt/etc/libvirt/qemu/*.xml",
        ),
        _cmd(
            "virsh dumpxml",
            "libvirt domain XML",
            "virsh -r dumpxml {dev}",
            plugins=("virsh", "libvirt"),
        ),
        _file("qemu-kvm defaults", "vhost and KVM settings", "etc/default/qemu-kvm"),
        # -- OpenStack configuration ------------------------------------------------------------
        _file(
            "nova.conf",
            "nova configuration",
            *_puppet("nova", "etc/nova/nova.conf", "nova_libvirt"),
            "var/lib/openstack/config/nova/*.conf",
        ),
        _file(
            "neutron.conf", "neutron configuration", *_puppet("neutron", "etc/neutron/neutron.conf")
        ),
        _file(
            "ml2_conf.ini",
            "ML2 plugin configuration",
            *_puppet("neutron", "etc/neutron/plugins/ml2/ml2_conf.ini"),
        ),
        _file(
            "openvswitch_agent.ini",
            "OVS agent configuration",
            *_puppet("neutron", "etc/neutron/plugins/ml2/openvswitch_agent.ini"),
        ),
        _file(
            "dhcp_agent.ini",
            "DHCP agent configuration",
            *_puppet("neutron", "etc/neutron/dhcp_agent.ini"),
        ),
        # -- storage ------------------------------------------------------------------------
        _cmd("mount", "mounted filesystems", "mount -l", plugins=("filesys",), paths=("mount",)),
        _cmd(
            "multipath -ll",
            "multipath maps and path states",
            "multipath -ll",
            "multipath -v4 -ll",
            plugins=("multipath", "devicemapper"),
        ),
        _cmd(
            "iscsiadm session",
            "iSCSI sessions and their disks",
            "iscsiadm -m session -P 3",
            plugins=("iscsi",),
        ),
        # -- logs -------------------------------------------------------------------------
        _log(
            "kern.log", "kernel messages via syslog", "var/log/kern.log*", bundle=("kernel.log*",)
        ),
        _log("syslog", "system log", "var/log/syslog*", "var/log/messages*", bundle=("messages*",)),
        _cmd(
            "dmesg",
            "kernel ring buffer",
            "dmesg",
            plugins=("kernel", "general"),
            paths=("var/log/dmesg",),
            bundle=("dmesg*",),
        ),
        _cmd(
            "journal",
            "systemd journal",
            "journalctl --no-pager",
            "journalctl --all --this-boot --no-pager",
            plugins=("logs",),
            live=False,
        ),
        _log(
            "nova-compute.log",
            "nova-compute service log",
            "var/log/nova/nova-compute.log*",
            "var/log/containers/nova/nova-compute.log*",
        ),
        _log(
            "nova-api.log",
            "nova-api service log",
            "var/log/nova/nova-api.log*",
            "var/log/containers/nova/nova-api.log*",
            "var/log/apache2/nova-api*.log*",
            "var/log/httpd/nova-api*.log*",
        ),
        _log(
            "neutron-openvswitch-agent.log",
            "OVS agent log",
            "var/log/neutron/neutron-openvswitch-agent.log*",
            "var/log/neutron/openvswitch-agent.log*",
            "var/log/containers/neutron/openvswitch-agent.log*",
        ),
        _log(
            "ovs-vswitchd.log",
            "Open vSwitch daemon log",
            "var/log/openvswitch/ovs-vswitchd.log*",
            "var/log/containers/openvswitch/ovs-vswitchd.log*",
        ),
        _log(
            "dnsmasq.log",
            "DHCP server log (neutron dnsmasq)",
            "var/log/neutron/dnsmasq*.log*",
            "var/log/containers/neutron/dnsmasq*.log*",
            bundle=("dnsmasq*.log*",),
        ),
        # console.log sizes: no sos version lists the instances directory; insights-client
        # does (`insights_commands/`), and on a live host `ls` is read-only and cheap.
        _cmd(
            "ls nova instances",
            "nova's instances directory with file sizes (console.log)",
            "ls -laR /var/lib/nova/instances",
            plugins=("openstack_nova",),
            paths=("insights_commands/ls_-laR_.var.lib.nova.instances",),
        ),
        # sos >= 4.x copies them with --all-logs (whole: --all-logs lifts the size limit).
        # Never read on a live host: one can be gigabytes (seed 002).
        _file(
            "console.log",
            "instances' serial console logs as sos copied them",
            "var/lib/nova/instances/*/console.log",
            live=False,
        ),
    )
)
