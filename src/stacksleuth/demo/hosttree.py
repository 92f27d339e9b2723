"""Writes one demo host as an unpacked sos 4.x report (`sosreport-<host>-<date>-<letters>`).

The base of every host is the corpus compute's own outputs (identity, clock, packages,
kern.log, nova.conf, mount), with its name, kernel and clock put in; then the NIC outputs
of its layout; then, for a planted problem, the files of that check's positive fixture,
and for noise, a check's near-miss (negative) files. Only the files our facts and checks
read are written, so a host stays around 30 KB and 20 files.
"""

from __future__ import annotations

import re
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stacksleuth.demo import data, nics
from stacksleuth.demo.plan import BOOT_TIME, CORPUS_REPORT_TIME, HostPlan
from stacksleuth.evidence.mangle import mangle_command

CORPUS_HOST = "compute4"
CORPUS_FQDN = "compute4.mylab.home"
REPORT_DATE = "2022-02-10"

# Root shortcut symlinks sos 4.2 leaves (see the sosreport format reference).
SHORTCUTS = {
    "hostname": "sos_commands/host/hostname",
    "uname": "sos_commands/kernel/uname_-a",
    "uptime": "sos_commands/host/uptime",
    "date": "sos_commands/systemd/timedatectl",
    "installed-debs": "sos_commands/dpkg/dpkg_-l",
    "mount": "sos_commands/filesys/mount_-l",
    "ps": "sos_commands/process/ps_auxwwwm",
}

# Files of each planted problem: data path -> path in the report (the fixture's paths).
PLANTED_FILES: dict[str, dict[str, str]] = {
    "vlan-on-vlan": {
        "planted/vlan-on-vlan/ip_-s_-d_link": "sos_commands/networking/ip_-s_-d_link",
        "planted/vlan-on-vlan/nova.conf": "etc/nova/nova.conf",
    },
    "vhost-net-disabled": {
        "planted/vhost-net-disabled/qemu-kvm": "etc/default/qemu-kvm",
        "planted/vhost-net-disabled/ps_auxwwwm": "sos_commands/process/ps_auxwwwm",
    },
    "nova-image-cache-shared-storage": {
        "planted/nova-image-cache-shared-storage/mount_-l": "sos_commands/filesys/mount_-l",
        "planted/nova-image-cache-shared-storage/nova-compute.log": (
            "var/log/nova/nova-compute.log"
        ),
    },
    "bond-lacp-churned": {
        "planted/bond-lacp-churned/bond0": "proc/net/bonding/bond0",
        "planted/bond-lacp-churned/dmesg": "sos_commands/kernel/dmesg",
    },
    "multipath-path-failures": {
        "planted/multipath-path-failures/multipath_-ll": "sos_commands/multipath/multipath_-ll",
        "planted/multipath-path-failures/iscsiadm_-m_session_-P_3": (
            "sos_commands/iscsi/iscsiadm_-m_session_-P_3"
        ),
        "planted/multipath-path-failures/messages": "var/log/messages",
    },
    "iscsi-leftovers": {
        "planted/iscsi-leftovers/multipath_-ll": "sos_commands/multipath/multipath_-ll",
        "planted/iscsi-leftovers/iscsiadm_-m_session_-P_3": (
            "sos_commands/iscsi/iscsiadm_-m_session_-P_3"
        ),
    },
    "pcie-link-degraded": {
        "planted/pcie-link-degraded/lspci_-nnvv": "sos_commands/pci/lspci_-nnvv",
    },
    "nic-rx-ring-discards": {
        "planted/nic-rx-ring-discards/ethtool_-i_p2p1": "sos_commands/networking/ethtool_-i_p2p1",
        "planted/nic-rx-ring-discards/ethtool_-S_p2p1": "sos_commands/networking/ethtool_-S_p2p1",
        "planted/nic-rx-ring-discards/ethtool_-g_p2p1": "sos_commands/networking/ethtool_-g_p2p1",
    },
    "nova-api-slow-requests": {
        "planted/nova-api-slow-requests/nova-api.log": "var/log/nova/nova-api.log",
    },
}
NOISE_FILES: dict[str, dict[str, str]] = {
    "image-cache-local": {
        "planted/nova-image-cache-shared-storage/nova-compute.log": (
            "var/log/nova/nova-compute.log"
        ),
    },
    "bond-ok": {
        "noise/bond-ok/bond0": "proc/net/bonding/bond0",
        "noise/bond-ok/dmesg": "sos_commands/kernel/dmesg",
    },
    "multipath-ok": {
        "noise/multipath-ok/multipath_-ll": "sos_commands/multipath/multipath_-ll",
        "noise/multipath-ok/iscsiadm_-m_session_-P_3": (
            "sos_commands/iscsi/iscsiadm_-m_session_-P_3"
        ),
    },
    "vlan-ok": {
        "noise/vlan-ok/ip_-s_-d_link": "sos_commands/networking/ip_-s_-d_link",
        "noise/vlan-ok/nova.conf": "etc/nova/nova.conf",
    },
    "pcie-ok": {"noise/pcie-ok/lspci_-nnvv": "sos_commands/pci/lspci_-nnvv"},
}

_SYSLOG_TIME = re.compile(r"^(?P<month>[A-Z][a-z]{2}) +(?P<day>\d+) (?P<clock>\d\d:\d\d:\d\d) ")


def report_dir_name(host: HostPlan) -> str:
    """sos's friendly name: `sosreport-<host>-<date>-<7 letters>`."""
    return f"sosreport-{host.name}-{REPORT_DATE}-{host.letters}"


def write_host(parent: Path, host: HostPlan) -> Path:
    """The host's report directory under `parent`; returns its root."""
    root = parent / report_dir_name(host)
    files = base_files(host)
    if host.role == "compute":
        files.update(compute_files(host))
    else:
        files.update(controller_files(host))
    for problem in host.planted:
        files.update(_overlay(PLANTED_FILES.get(problem, {}), host))
    for noise in host.noise:
        files.update(_overlay(NOISE_FILES[noise], host))
    for rel, text in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for link, target in SHORTCUTS.items():
        if target in files:
            (root / link).symlink_to(target)
    return root


# -- the corpus base ---------------------------------------------------------------------------


def base_files(host: HostPlan) -> dict[str, str]:
    release, version, _ = host.kernel
    report = host.report_time
    return {
        "version.txt": data.piece("base/version.txt"),
        "etc/os-release": data.piece("base/os-release"),
        "sos_commands/host/hostname": f"{host.name}\n",
        "sos_commands/host/hostname_-f": f"{host.fqdn}\n",
        "sos_commands/kernel/uname_-a": _uname(host.name, release, version),
        # sos runs `date` first, `uptime` 2 s and `timedatectl` 31 s later (corpus offsets).
        "sos_commands/date/date_--utc": _clock(data.piece("base/date_--utc"), report, 0),
        "sos_commands/host/uptime": _uptime(report + timedelta(seconds=2)),
        "sos_commands/systemd/timedatectl": _timedatectl(report),
        "sos_commands/dpkg/dpkg_-l": _dpkg(host),
        "var/log/kern.log": kern_log(host),
    }


def _rename(text: str, host: HostPlan) -> str:
    """The corpus host's names replaced by the demo host's."""
    text = text.replace(CORPUS_FQDN, host.fqdn)
    return re.sub(rf"\b{CORPUS_HOST}\b", host.name, text)


def _uname(name: str, release: str, version: str) -> str:
    fields = data.piece("base/uname_-a").split(" ")
    corpus_version = " ".join(fields[3:11])  # "#110-Ubuntu SMP Thu Jan 13 18:22:13 UTC 2022"
    text = " ".join([fields[0], name, release, *fields[3:]])
    return text.replace(corpus_version, version)


def _clock(text: str, when: datetime, offset: int) -> str:
    """Corpus clock strings (`16:19:17`) moved by the host's delay after the corpus time."""
    delay = when - CORPUS_REPORT_TIME

    def moved(match: re.Match[str]) -> str:
        clock = datetime.strptime(match.group(0), "%H:%M:%S").replace(
            year=2022, month=2, day=10, tzinfo=UTC
        )
        return (clock + delay + timedelta(seconds=offset)).strftime("%H:%M:%S")

    return re.sub(r"\b\d\d:\d\d:\d\d\b", moved, text)


def _uptime(now: datetime) -> str:
    corpus = data.piece("base/uptime")  # " 16:19:19 up 17:41,  2 users,  load average: ..."
    up = now - BOOT_TIME
    hours, minutes = int(up.total_seconds()) // 3600, int(up.total_seconds()) % 3600 // 60
    text = re.sub(r"\d\d:\d\d:\d\d", now.strftime("%H:%M:%S"), corpus, count=1)
    return re.sub(r"up +\d+:\d\d,", f"up {hours}:{minutes:02d},", text, count=1)


def _timedatectl(report: datetime) -> str:
    return _clock(data.piece("base/timedatectl"), report, 0)


def _dpkg(host: HostPlan) -> str:
    # The compute list is the corpus's (kernel 5.4.0-97 installed); a host running an
    # older kernel has simply not been rebooted since the upgrade.
    return data.piece(f"base/dpkg_-l-{host.role}")


# -- kern.log and the storage incident ------------------------------------------------------


def kern_log(host: HostPlan) -> str:
    """The corpus kern.log excerpt, renamed; the split-card incident merged in time order."""
    lines = _rename(data.piece("base/kern.log"), host).splitlines()
    if host.incident is not None:
        lines = sorted(lines + incident_lines(host), key=_syslog_key)
    return "\n".join(lines) + "\n"


def incident_lines(host: HostPlan) -> list[str]:
    """Seed 000's two kernel lines (format of the nic-mixed-driver fixture) on this host."""
    incident = host.incident
    assert incident is not None
    watchdog, link_down = data.lines("incident/kern.log-lines")
    port = next(p for p in nics.LAYOUTS[host.layout] if p.name == incident.port)
    micro = zlib.crc32(host.name.encode()) % 1_000_000
    watchdog_message = watchdog.split("] ", 1)[1]
    watchdog_message = watchdog_message.replace("eth4", incident.port)
    watchdog_message = re.sub(r"queue \d+", f"queue {incident.queue}", watchdog_message)
    link_message = link_down.split("] ", 1)[1]
    link_message = link_message.replace("0000:83:00.2", port.address)
    link_message = link_message.replace("eth4", incident.port)
    return [
        _kernel_line(host.name, incident.time, micro, watchdog_message),
        _kernel_line(host.name, incident.time + timedelta(seconds=5), micro, link_message),
    ]


def _kernel_line(name: str, when: datetime, micro: int, message: str) -> str:
    since_boot = int((when - BOOT_TIME).total_seconds())
    stamp = f"{when:%b} {when.day:2d} {when:%H:%M:%S}"
    return f"{stamp} {name} kernel: [{since_boot:5d}.{micro:06d}] {message}"


def _syslog_key(text: str) -> datetime:
    match = _SYSLOG_TIME.match(text)
    if not match:
        return datetime.min.replace(tzinfo=UTC)
    stamp = f"2022 {match['month']} {int(match['day'])} {match['clock']}"
    return datetime.strptime(stamp, "%Y %b %d %H:%M:%S").replace(tzinfo=UTC)


# -- role files -----------------------------------------------------------------------------


def compute_files(host: HostPlan) -> dict[str, str]:
    ports = nics.LAYOUTS[host.layout]
    files = {
        "etc/nova/nova.conf": _rename(data.piece("base/nova.conf"), host),
        "sos_commands/filesys/mount_-l": data.piece("base/mount_-l"),
        "sos_commands/hardware/lshw_-C_network_-businfo": nics.businfo(ports),
        "sos_commands/openvswitch/dpdk-devbind.py_--status": nics.devbind(ports),
    }
    for port in ports:
        text = nics.ethtool_i(port, host.i40e_firmware)
        if text is not None and port.name:
            files[f"sos_commands/networking/{mangle_command(f'ethtool -i {port.name}')}"] = text
    return files


def controller_files(host: HostPlan) -> dict[str, str]:
    return {
        "sos_commands/hardware/lshw_-C_network_-businfo": nics.businfo(nics.LAYOUTS["82599"]),
        "var/log/nova/nova-api.log": data.piece("noise/controller/nova-api.log"),
    }


def _overlay(pieces: dict[str, str], host: HostPlan) -> dict[str, str]:
    out = {}
    for source, rel in pieces.items():
        text = _rename(data.piece(source), host)
        if source == "planted/multipath-path-failures/messages":
            # The lab's lines (Jun 22, host chunk2) dated on this host's report day.
            text = text.replace("Jun 22 ", "Feb 10 ").replace(" chunk2 ", f" {host.name} ")
        out[rel] = text
    return out
