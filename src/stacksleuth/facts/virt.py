"""Virtualisation facts: libvirt guests, their qemu processes, and whether vhost-net is used.

The question this section answers is the one behind "slow network on some guests": does
each guest's virtio NIC go through the in-kernel vhost-net data path, or through qemu's
userspace virtio-net (much slower, one qemu thread for all packets)? Three pieces of
evidence are read, each once:

- the domain XML (`run/libvirt/qemu/*.xml` live status when present, else the
  `etc/libvirt/qemu` definitions; `virsh -r dumpxml` for domains no file holds): names,
  pinning, NUMA placement, interfaces;
- `ps`: the qemu command line, where `-netdev tap,...,vhost=on` is what qemu actually
  runs with, whatever the XML asked for;
- `lsmod` (is `vhost_net` loaded?) and `/etc/default/qemu-kvm` (`VHOST_NET_ENABLED`: Ubuntu's
  qemu-kvm service loads the module only when it is 1).

Corpus compute: vhost_net is loaded, VHOST_NET_ENABLED=0, and instance-00000001's
`-netdev tap,fd=35,id=hostnet0,vhost=on,vhostfd=36` uses vhost: the config flag is off but
libvirt still got /dev/vhost-net (the module was loaded by other means).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.evidence.model import EvidenceFile, HostEvidence
from stacksleuth.facts.reading import parse_each, parse_file, parse_first
from stacksleuth.parsers.libvirt_xml import DomainInterface, LibvirtDomain, parse_domain_xml
from stacksleuth.parsers.lsmod import parse_lsmod
from stacksleuth.parsers.ps import Process, QemuProcess, parse_ps_aux, qemu_processes
from stacksleuth.parsers.shellvars import parse_shellvars

# Config values of /etc/default/qemu-kvm that the init script reads as "on".
_ENABLED = frozenset({"1", "yes", "true", "on"})


@dataclass(slots=True)
class GuestInterface:
    """One `<interface>` of a domain, with whether its packets go through vhost-net."""

    type: str
    target_dev: str | None
    model: str | None
    driver_name: str | None
    vhost: bool | None

    def to_json(self) -> dict[str, object]:
        return {
            "type": self.type,
            "target_dev": self.target_dev,
            "model": self.model,
            "driver_name": self.driver_name,
            "vhost": self.vhost,
        }


@dataclass(slots=True)
class Guest:
    """A libvirt domain as its XML describes it."""

    name: str | None
    nova_name: str | None
    uuid: str | None
    source: str
    state: str | None = None
    vcpus: int | None = None
    vcpu_pins: dict[int, list[int]] = field(default_factory=dict)
    emulator_cpus: list[int] = field(default_factory=list)
    numa_mode: str | None = None
    numa_nodeset: list[int] = field(default_factory=list)
    interfaces: list[GuestInterface] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "nova_name": self.nova_name,
            "uuid": self.uuid,
            "source": self.source,
            "state": self.state,
            "vcpus": self.vcpus,
            "vcpu_pins": {str(vcpu): cpus for vcpu, cpus in sorted(self.vcpu_pins.items())},
            "emulator_cpus": self.emulator_cpus,
            "numa_mode": self.numa_mode,
            "numa_nodeset": self.numa_nodeset,
            "interfaces": [iface.to_json() for iface in self.interfaces],
        }


@dataclass(slots=True)
class GuestNetdev:
    """One `-netdev` of a running qemu."""

    id: str | None
    type: str
    vhost: bool

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "type": self.type, "vhost": self.vhost}


@dataclass(slots=True)
class QemuGuest:
    """A running qemu process and its netdevs, as `ps` shows it."""

    pid: int
    guest_name: str | None
    uuid: str | None
    netdevs: list[GuestNetdev] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.guest_name or f"pid {self.pid}"

    @property
    def tap_without_vhost(self) -> bool:
        # vhost-user ports are served by OVS-DPDK, not vhost-net: only tap can lack vhost.
        return any(n.type == "tap" and not n.vhost for n in self.netdevs)

    def to_json(self) -> dict[str, object]:
        return {
            "pid": self.pid,
            "guest_name": self.guest_name,
            "uuid": self.uuid,
            "netdevs": [netdev.to_json() for netdev in self.netdevs],
        }


@dataclass(slots=True)
class VirtFacts:
    """Guests, qemu processes and the vhost-net state of one host.

    `None` means "not known": the evidence (lsmod, ps, qemu-kvm defaults) was not there.
    """

    guests: list[Guest] = field(default_factory=list)
    qemu: list[QemuGuest] | None = None
    vhost_net_loaded: bool | None = None
    qemu_kvm_defaults: dict[str, str] | None = None

    @property
    def vhost_net_enabled_config(self) -> bool | None:
        """VHOST_NET_ENABLED of /etc/default/qemu-kvm; None when the file or key is absent."""
        if self.qemu_kvm_defaults is None or "VHOST_NET_ENABLED" not in self.qemu_kvm_defaults:
            return None
        return self.qemu_kvm_defaults["VHOST_NET_ENABLED"].strip().lower() in _ENABLED

    @property
    def vhost_net_disabled_by_config(self) -> bool:
        return self.vhost_net_enabled_config is False

    @property
    def guests_without_vhost(self) -> list[str]:
        """Running guests with a tap netdev that qemu runs without `vhost=on`."""
        return sorted(guest.label for guest in self.qemu or [] if guest.tap_without_vhost)

    def attributes(self) -> dict[str, object]:
        attributes: dict[str, object] = {
            "virt.vhost_net_loaded": self.vhost_net_loaded,
            "virt.vhost_net_enabled_config": self.vhost_net_enabled_config,
            # Unknown without a process list; False on a host that runs no guest.
            "virt.guests_without_vhost": (
                None if self.qemu is None else bool(self.guests_without_vhost)
            ),
        }
        return {key: value for key, value in attributes.items() if value is not None}

    def to_json(self) -> dict[str, object]:
        return {
            "guests": [guest.to_json() for guest in self.guests],
            "qemu_processes": None if self.qemu is None else [q.to_json() for q in self.qemu],
            "vhost_net_loaded": self.vhost_net_loaded,
            "qemu_kvm_defaults": self.qemu_kvm_defaults,
            "vhost_net_enabled_config": self.vhost_net_enabled_config,
            "vhost_net_disabled_by_config": self.vhost_net_disabled_by_config,
            "guests_without_vhost": self.guests_without_vhost,
        }


def build_virt(evidence: HostEvidence, processes: list[Process] | None = None) -> VirtFacts:
    """Virtualisation facts; `processes` is the parsed `ps` when the caller has it already."""
    facts = VirtFacts()
    modules = parse_first(evidence, "lsmod", parse_lsmod)
    facts.vhost_net_loaded = None if modules is None else "vhost_net" in modules
    facts.qemu_kvm_defaults = parse_first(evidence, "qemu-kvm defaults", parse_shellvars)
    facts.qemu = _read_qemu(evidence, processes)
    facts.guests = _read_guests(evidence, facts.vhost_net_loaded)
    return facts


def _read_qemu(evidence: HostEvidence, processes: list[Process] | None) -> list[QemuGuest] | None:
    if processes is None:
        processes = parse_first(evidence, "ps", parse_ps_aux)
    if processes is None:
        return None
    return [_qemu_guest(process) for process in qemu_processes(processes)]


def _qemu_guest(process: QemuProcess) -> QemuGuest:
    netdevs = [GuestNetdev(n.id, n.type, n.vhost) for n in process.netdevs]
    return QemuGuest(process.pid, process.guest_name, process.uuid, netdevs)


def _read_guests(evidence: HostEvidence, vhost_net_loaded: bool | None) -> list[Guest]:
    """Domains from the XML files (the evidence layer gives run/ when present, else etc/),
    then from `virsh dumpxml` for any domain the files did not hold."""
    guests: dict[str, Guest] = {}
    for file in evidence.find("libvirt domain xml"):
        guest = _guest_from_file(evidence, file, vhost_net_loaded)
        if guest is not None:
            guests.setdefault(guest.name or file.path, guest)
    for key, domain in parse_each(evidence, "virsh dumpxml", parse_domain_xml).items():
        if domain is not None and (domain.name or key) not in guests:
            guests[domain.name or key] = _guest(domain, f"virsh dumpxml {key}", vhost_net_loaded)
    return list(guests.values())


def _guest_from_file(
    evidence: HostEvidence, file: EvidenceFile, vhost_net_loaded: bool | None
) -> Guest | None:
    domain = parse_file(evidence, file, parse_domain_xml)
    if domain is None:
        return None
    return _guest(domain, file.path, vhost_net_loaded)


def _guest(domain: LibvirtDomain, source: str, vhost_net_loaded: bool | None) -> Guest:
    memory = domain.numa_memory
    return Guest(
        name=domain.name,
        nova_name=domain.nova_name,
        uuid=domain.uuid,
        source=source,
        state=domain.status_state,
        vcpus=domain.vcpus,
        vcpu_pins={vcpu: expand_cpuset(cpus) for vcpu, cpus in domain.vcpu_pins.items()},
        emulator_cpus=expand_cpuset(domain.emulator_cpuset or ""),
        numa_mode=memory.mode if memory else None,
        numa_nodeset=expand_cpuset(memory.nodeset or "") if memory else [],
        interfaces=[_interface(iface, vhost_net_loaded) for iface in domain.interfaces],
    )


def _interface(iface: DomainInterface, vhost_net_loaded: bool | None) -> GuestInterface:
    return GuestInterface(
        type=iface.type,
        target_dev=iface.target_dev,
        model=iface.model,
        driver_name=iface.driver_name,
        vhost=interface_uses_vhost(iface, vhost_net_loaded),
    )


def interface_uses_vhost(iface: DomainInterface, vhost_net_loaded: bool | None) -> bool | None:
    """Whether libvirt gives this interface the vhost-net backend.

    What decides (libvirt's qemuInterfaceOpenVhostNet): vhost-net only serves virtio NICs
    on tap-backed types. `<driver name='vhost'>` asks for it and `<driver name='qemu'>`
    refuses it; with no driver name libvirt uses vhost-net whenever /dev/vhost-net can be
    opened, i.e. when the vhost_net module is loaded. Unknown (None) when lsmod is missing.
    """
    if iface.model != "virtio" or iface.type in ("hostdev", "vhostuser", "vdpa"):
        return False
    if iface.driver_name == "vhost":
        return True
    if iface.driver_name == "qemu":
        return False
    return vhost_net_loaded


def expand_cpuset(text: str) -> list[int]:
    """libvirt cpuset syntax `1-2,13-14,^13` -> `[1, 2, 14]` (also used for nodesets)."""
    included: set[int] = set()
    excluded: set[int] = set()
    for part in text.replace(" ", "").split(","):
        target = excluded if part.startswith("^") else included
        start, sep, end = part.lstrip("^").partition("-")
        if start.isdigit() and sep and end.isdigit():
            target.update(range(int(start), int(end) + 1))
        elif start.isdigit() and not sep:
            target.add(int(start))
    return sorted(included - excluded)
