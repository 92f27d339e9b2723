"""HostFacts: everything known about one host, typed, built once, serialisable.

The JSON form follows DESIGN's `hosts[]`: name, source, role, facts, attributes, notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.evidence.coverage import SpecCoverage
from stacksleuth.evidence.model import Note
from stacksleuth.facts.identity import HostIdentity
from stacksleuth.facts.network import NetworkFacts
from stacksleuth.facts.openstack import OpenStackFacts
from stacksleuth.facts.storage import StorageFacts
from stacksleuth.facts.virt import VirtFacts

# Package versions worth comparing across a fleet (the seeds' suspects). Names differ by
# distribution; each attribute takes the first name installed.
KEY_PACKAGES: dict[str, tuple[str, ...]] = {
    "nova": ("nova-compute", "nova-common", "openstack-nova-compute", "openstack-nova-common"),
    "neutron": ("neutron-common", "openstack-neutron-common", "openstack-neutron"),
    "openvswitch": ("openvswitch-switch", "openvswitch", "openvswitch3.1", "openvswitch2.17"),
    "qemu": ("qemu-system-x86", "qemu-kvm", "qemu-kvm-core"),
    "libvirt": ("libvirt-daemon-system", "libvirt-daemon", "libvirt-daemon-kvm"),
    "dpdk": ("dpdk", "librte-net-i40e21", "librte-pmd-i40e20.0", "openvswitch-switch-dpdk"),
    "linux-firmware": ("linux-firmware",),
}


@dataclass(slots=True)
class HostFacts:
    name: str
    source: str
    kind: str
    identity: HostIdentity
    network: NetworkFacts | None = None
    virt: VirtFacts | None = None
    openstack: OpenStackFacts | None = None
    storage: StorageFacts | None = None
    coverage: list[SpecCoverage] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    unreadable: str = ""  # why no evidence could be used (empty, not a sos report...)

    @property
    def partial(self) -> bool:
        return any(note.makes_partial for note in self.notes)

    def attributes(self) -> dict[str, object]:
        """Values that hosts can share, for fleet comparison (never names or addresses)."""
        identity = self.identity
        attributes: dict[str, object] = {
            "role": identity.role,
            "os": f"{identity.os_id} {identity.os_version}".strip(),
            "kernel.release": identity.kernel,
        }
        for label, names in KEY_PACKAGES.items():
            version = next((identity.packages[n] for n in names if n in identity.packages), "")
            attributes[f"package.{label}"] = version
        for section in (self.network, self.virt, self.openstack, self.storage):
            if section is not None:
                attributes.update(section.attributes())
        return {key: value for key, value in attributes.items() if value not in ("", None, [])}

    def to_json(self) -> dict[str, object]:
        facts: dict[str, object] = {"identity": self.identity.to_json()}
        for name in ("network", "virt", "openstack", "storage"):
            section = getattr(self, name)
            if section is not None:
                facts[name] = section.to_json()
        facts["coverage"] = [row.to_json() for row in self.coverage]
        return {
            "name": self.name,
            "source": self.source,
            "kind": self.kind,
            "role": self.identity.role,
            "partial": self.partial,
            "unreadable": self.unreadable or None,
            "facts": facts,
            "attributes": self.attributes(),
            "notes": [note.to_json() for note in self.notes],
        }
