"""libvirt domain XML: ``etc/libvirt/qemu/*.xml``, ``run/libvirt/qemu/*.xml``,
``virsh -r dumpxml``.

Real input (corpus compute, ``etc/libvirt/qemu/instance-00000001.xml``)::

    <domain type='kvm'>
      <name>instance-00000001</name>
      <uuid>d1d75e2f-ada4-49bc-a963-528d89dfda25</uuid>
      <metadata>
        <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/1.0">
            <nova:name>focal-161303-1</nova:name>
            <nova:flavor name="m1.small">
      ...
      <vcpu placement='static'>1</vcpu>
        <interface type='bridge'>
          <mac address='fa:16:3e:a7:45:cb'/>
          <source bridge='br-int'/>
          <target dev='tap0e778df8-ca'/>
          <model type='virtio'/>

comes out as ``LibvirtDomain(name="instance-00000001", uuid="d1d75e2f-...",
nova_name="focal-161303-1", nova_flavor="m1.small", vcpus=1, interfaces=[
DomainInterface(type="bridge", mac="fa:16:3e:a7:45:cb", target_dev="tap0e778df8-ca",
source_bridge="br-int", model="virtio", driver_name=None, queues=None, ...)], ...)``.

Pinning: ``vcpupin`` gives ``vcpu_pins={0: "1", 1: "2"}`` (vcpu -> host cpuset string as
written), ``emulatorpin`` gives ``emulator_cpuset``, ``numatune`` gives
``numa_memory=NumaMemory(mode, nodeset, placement)`` and ``numa_memnodes`` (cellid ->
NumaMemnode). The live status files under ``run/libvirt/qemu`` wrap the domain in
``<domstatus state='running' pid='...'>``: the inner ``<domain>`` is read and
``status_state`` / ``status_pid`` are filled.

Safety rule: domain XML is untrusted input and defusedxml is not available, so text with
a ``<!DOCTYPE`` or ``<!ENTITY`` declaration is refused with ``ParseError`` before
``xml.etree`` sees it (no entity expansion, no external entities). Empty text gives
``None``. ``ParseError`` also when the XML is not well formed or holds no ``<domain>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_NOVA_NS = "http://openstack.org/xmlns/libvirt/nova/"
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(slots=True)
class DomainInterface:
    """One ``<devices><interface>``."""

    type: str
    mac: str | None = None
    target_dev: str | None = None
    source_bridge: str | None = None
    source_path: str | None = None
    source_mode: str | None = None
    source_pci: str | None = None
    model: str | None = None
    driver_name: str | None = None
    queues: int | None = None
    virtualport_type: str | None = None
    interface_id: str | None = None
    mtu: int | None = None


@dataclass(slots=True)
class NumaMemory:
    """``<numatune><memory>``."""

    mode: str | None
    nodeset: str | None
    placement: str | None


@dataclass(slots=True)
class NumaMemnode:
    """``<numatune><memnode>``: where one guest NUMA cell takes its memory."""

    cellid: int
    mode: str | None
    nodeset: str | None


@dataclass(slots=True)
class LibvirtDomain:
    """What a domain XML says about one guest."""

    name: str | None
    uuid: str | None
    domain_type: str | None = None
    nova_name: str | None = None
    nova_flavor: str | None = None
    vcpus: int | None = None
    vcpu_placement: str | None = None
    vcpu_cpuset: str | None = None
    vcpu_pins: dict[int, str] = field(default_factory=dict)
    emulator_cpuset: str | None = None
    numa_memory: NumaMemory | None = None
    numa_memnodes: dict[int, NumaMemnode] = field(default_factory=dict)
    interfaces: list[DomainInterface] = field(default_factory=list)
    status_state: str | None = None
    status_pid: int | None = None


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return to_int(text.strip())
    except ValueError:
        return None


def _attr(parent: ET.Element, path: str, name: str) -> str | None:
    node = parent.find(path)
    return None if node is None else node.get(name)


def _pci_address(node: ET.Element | None) -> str | None:
    if node is None or node.get("type") != "pci":
        return None
    parts = [node.get(key, "0x0")[2:] for key in ("domain", "bus", "slot", "function")]
    return f"{parts[0].zfill(4)}:{parts[1].zfill(2)}:{parts[2].zfill(2)}.{parts[3]}"


def _interface(node: ET.Element) -> DomainInterface:
    iface = DomainInterface(type=node.get("type", ""))
    iface.mac = _attr(node, "mac", "address")
    iface.target_dev = _attr(node, "target", "dev")
    iface.model = _attr(node, "model", "type")
    iface.driver_name = _attr(node, "driver", "name")
    iface.queues = _int(_attr(node, "driver", "queues"))
    iface.mtu = _int(_attr(node, "mtu", "size"))
    source = node.find("source")
    if source is not None:
        iface.source_bridge = source.get("bridge")
        iface.source_path = source.get("path")
        iface.source_mode = source.get("mode")
        iface.source_pci = _pci_address(source.find("address"))
    iface.virtualport_type = _attr(node, "virtualport", "type")
    iface.interface_id = _attr(node, "virtualport/parameters", "interfaceid")
    return iface


def _nova_metadata(domain: ET.Element, result: LibvirtDomain) -> None:
    for node in domain.iter():
        tag = node.tag
        if not isinstance(tag, str) or not tag.startswith("{" + _NOVA_NS):
            continue
        local = tag.rsplit("}", 1)[1]
        if local == "name" and result.nova_name is None:
            result.nova_name = (node.text or "").strip()
        elif local == "flavor" and result.nova_flavor is None:
            result.nova_flavor = node.get("name")


def _tuning(domain: ET.Element, result: LibvirtDomain) -> None:
    for pin in domain.findall("cputune/vcpupin"):
        vcpu = _int(pin.get("vcpu"))
        if vcpu is not None and pin.get("cpuset"):
            result.vcpu_pins[vcpu] = pin.get("cpuset", "")
    result.emulator_cpuset = _attr(domain, "cputune/emulatorpin", "cpuset")
    memory = domain.find("numatune/memory")
    if memory is not None:
        result.numa_memory = NumaMemory(
            memory.get("mode"), memory.get("nodeset"), memory.get("placement")
        )
    for memnode in domain.findall("numatune/memnode"):
        cellid = _int(memnode.get("cellid"))
        if cellid is not None:
            result.numa_memnodes[cellid] = NumaMemnode(
                cellid, memnode.get("mode"), memnode.get("nodeset")
            )


def _root(text: str) -> ET.Element:
    if _DECLARATION.search(text):
        raise ParseError("DTD or entity declaration in domain XML refused")
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise ParseError(f"domain XML is not well formed: {exc}") from exc


def parse_domain_xml(text: str) -> LibvirtDomain | None:
    """Parse a libvirt domain XML (plain, or wrapped in ``<domstatus>``)."""
    if not text.strip():
        return None
    root = _root(text)
    status = root if root.tag == "domstatus" else None
    domain = root.find("domain") if status is not None else root
    if domain is None or domain.tag != "domain":
        raise ParseError(f"no <domain> element (root is <{root.tag}>)")
    vcpu = domain.find("vcpu")
    result = LibvirtDomain(
        name=(domain.findtext("name") or "").strip() or None,
        uuid=(domain.findtext("uuid") or "").strip() or None,
        domain_type=domain.get("type"),
        vcpus=_int(vcpu.text) if vcpu is not None else None,
        vcpu_placement=vcpu.get("placement") if vcpu is not None else None,
        vcpu_cpuset=vcpu.get("cpuset") if vcpu is not None else None,
    )
    if status is not None:
        result.status_state = status.get("state")
        result.status_pid = _int(status.get("pid"))
    _nova_metadata(domain, result)
    _tuning(domain, result)
    result.interfaces = [_interface(node) for node in domain.findall("devices/interface")]
    return result
