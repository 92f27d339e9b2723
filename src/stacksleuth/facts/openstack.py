"""OpenStack settings that decide how a compute behaves: nova's instance storage and image
cache, the nova-network VLAN interface, and neutron's ML2/OVS wiring.

Why these: an image cache that removes "unused" base images is fatal when instances_path
is shared between computes (NFS, GlusterFS, CephFS): one host deletes the base file that
guests on another host still back onto. So the filesystem under instances_path is read
from `mount` next to the cache settings. Unset options are given their oslo default and
marked as such, so "off because someone set it" and "on by default" stay apart.

Corpus compute: instances_path unset (default /var/lib/nova/instances) on a local xfs
over dm-crypt; remove_unused_base_images unset (default True); OVS agent with
`tunnel_types = vxlan,gre`; ml2_conf.ini holds only commented-out defaults.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from stacksleuth.evidence.model import HostEvidence, Note, Severity
from stacksleuth.facts.console_logs import ConsoleLog, build_console_logs
from stacksleuth.facts.reading import parse_file, parse_first
from stacksleuth.parsers.ini import IniConfig, parse_ini
from stacksleuth.parsers.mount import MountEntry, mount_for_path, parse_mount

DEFAULT_STATE_PATH = "/var/lib/nova"
DEFAULT_IMAGE_CACHE_INTERVAL = 2400
_TRUE = frozenset({"true", "1", "yes", "on", "y", "t"})
_FALSE = frozenset({"false", "0", "no", "off", "n", "f"})
# Where nova-network era options lived before [DEFAULT] was their only home; the VMware
# driver reads its own [vmware] vlan_interface.
_VLAN_INTERFACE_SECTIONS = ("DEFAULT", "libvirt", "vmware")


@dataclass(slots=True)
class Setting:
    """An option's effective value and where it came from (`section`, or `default`)."""

    value: object
    source: str

    @property
    def is_default(self) -> bool:
        return self.source == "default"

    def to_json(self) -> dict[str, object]:
        return {"value": self.value, "source": self.source, "default": self.is_default}


@dataclass(slots=True)
class InstancesFilesystem:
    """The mount that holds instances_path."""

    mountpoint: str
    device: str
    fstype: str
    shared: bool

    def to_json(self) -> dict[str, object]:
        return {
            "mountpoint": self.mountpoint,
            "device": self.device,
            "fstype": self.fstype,
            "shared": self.shared,
        }


@dataclass(slots=True)
class NovaSettings:
    instances_path: Setting
    remove_unused_base_images: Setting
    image_cache_manager_interval: Setting
    vlan_interface: Setting | None = None
    instances_filesystem: InstancesFilesystem | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "instances_path": self.instances_path.to_json(),
            "remove_unused_base_images": self.remove_unused_base_images.to_json(),
            "image_cache_manager_interval": self.image_cache_manager_interval.to_json(),
            "vlan_interface": self.vlan_interface.to_json() if self.vlan_interface else None,
            "instances_filesystem": (
                self.instances_filesystem.to_json() if self.instances_filesystem else None
            ),
        }


@dataclass(slots=True)
class NeutronSettings:
    """What is set (not oslo defaults) in ml2_conf.ini, openvswitch_agent.ini, dhcp_agent.ini.

    The lists are None when the file that holds them was not collected.
    """

    type_drivers: list[str] | None = None
    mechanism_drivers: list[str] | None = None
    bridge_mappings: list[str] | None = None
    local_ip: str | None = None
    tunnel_types: list[str] | None = None
    dnsmasq: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "type_drivers": self.type_drivers,
            "mechanism_drivers": self.mechanism_drivers,
            "bridge_mappings": self.bridge_mappings,
            "local_ip": self.local_ip,
            "tunnel_types": self.tunnel_types,
            "dnsmasq": self.dnsmasq,
        }


@dataclass(slots=True)
class OpenStackFacts:
    nova: NovaSettings | None = None
    neutron: NeutronSettings = field(default_factory=NeutronSettings)
    console_logs: list[ConsoleLog] = field(default_factory=list)

    @property
    def instances_on_shared_storage(self) -> bool | None:
        if self.nova is None or self.nova.instances_filesystem is None:
            return None
        return self.nova.instances_filesystem.shared

    def attributes(self) -> dict[str, object]:
        attributes: dict[str, object | None] = {
            "neutron.mechanism_drivers": _sorted(self.neutron.mechanism_drivers),
            "neutron.tunnel_types": _sorted(self.neutron.tunnel_types),
        }
        nova = self.nova
        if nova is not None:
            filesystem = nova.instances_filesystem
            attributes |= {
                "nova.instances_path.fstype": filesystem.fstype if filesystem else None,
                "nova.instances_on_shared_storage": self.instances_on_shared_storage,
                "nova.remove_unused_base_images": nova.remove_unused_base_images.value,
                "nova.vlan_interface_set": nova.vlan_interface is not None,
            }
        return {key: value for key, value in attributes.items() if value is not None}

    def to_json(self) -> dict[str, object]:
        return {
            "nova": self.nova.to_json() if self.nova else None,
            "neutron": self.neutron.to_json(),
            "instances_on_shared_storage": self.instances_on_shared_storage,
            "console_logs": [log.to_json() for log in self.console_logs],
        }


def _sorted(values: list[str] | None) -> list[str] | None:
    return None if values is None else sorted(set(values))


def build_openstack(evidence: HostEvidence) -> OpenStackFacts:
    facts = OpenStackFacts()
    files = evidence.find("nova.conf")
    nova_conf = parse_file(evidence, files[0], parse_ini) if files else None
    if nova_conf is not None:
        facts.nova = _nova_settings(evidence, files[0].path, nova_conf)
        mounts = parse_first(evidence, "mount", parse_mount)
        if mounts is not None:
            path = str(facts.nova.instances_path.value)
            facts.nova.instances_filesystem = _filesystem(mount_for_path(mounts, path))
    facts.neutron = _neutron_settings(evidence)
    facts.console_logs = build_console_logs(evidence)
    return facts


# -- nova ---------------------------------------------------------------------------------


def _nova_settings(evidence: HostEvidence, where: str, conf: IniConfig) -> NovaSettings:
    return NovaSettings(
        instances_path=_instances_path(conf),
        # Moved from [DEFAULT] to [image_cache] in Ussuri; the old name is still read.
        remove_unused_base_images=_image_cache_option(
            evidence, where, conf, "remove_unused_base_images", _bool, True
        ),
        image_cache_manager_interval=_image_cache_option(
            evidence, where, conf, "image_cache_manager_interval", int, DEFAULT_IMAGE_CACHE_INTERVAL
        ),
        vlan_interface=_vlan_interface(conf),
    )


def _instances_path(conf: IniConfig) -> Setting:
    """instances_path, with oslo's `$state_path` substitution; default $state_path/instances."""
    state_path = _own(conf, "DEFAULT", "state_path") or DEFAULT_STATE_PATH
    value = _own(conf, "DEFAULT", "instances_path")
    if not value:
        return Setting(f"{state_path.rstrip('/')}/instances", "default")
    for token in ("${state_path}", "$state_path"):
        value = value.replace(token, state_path)
    return Setting(value, "DEFAULT")


def _image_cache_option(
    evidence: HostEvidence,
    where: str,
    conf: IniConfig,
    key: str,
    convert: Callable[[str], object],
    default: object,
) -> Setting:
    for section in ("image_cache", "DEFAULT"):
        raw = _own(conf, section, key)
        if raw is None or raw == "":
            continue
        try:
            return Setting(convert(raw), section)
        except ValueError:
            # nova would refuse to start with this value; say so and assume the default.
            evidence.notes.append(
                Note(Severity.WARNING, where, f"[{section}] {key} = {raw!r} is not valid")
            )
            break
    return Setting(default, "default")


def _vlan_interface(conf: IniConfig) -> Setting | None:
    sections = [s for s in _VLAN_INTERFACE_SECTIONS if s in conf.sections]
    sections += sorted(s for s in conf.sections if s not in _VLAN_INTERFACE_SECTIONS)
    for section in sections:
        value = _own(conf, section, "vlan_interface")
        if value:
            return Setting(value, section)
    return None


def _own(conf: IniConfig, section: str, key: str) -> str | None:
    """The value set in that very section (no [DEFAULT] fallback: we report where)."""
    values = conf.sections.get(section, {}).get(key)
    return values[-1].strip() if values else None


def _bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(raw)


def _filesystem(entry: MountEntry | None) -> InstancesFilesystem | None:
    if entry is None:
        return None
    return InstancesFilesystem(
        mountpoint=entry.mountpoint,
        device=entry.device,
        fstype=entry.fstype,
        # nfs, nfs4, glusterfs, ceph (CephFS), cifs...: other computes may see the same files.
        shared=entry.is_network_fs,
    )


# -- neutron ------------------------------------------------------------------------------


def _neutron_settings(evidence: HostEvidence) -> NeutronSettings:
    settings = NeutronSettings()
    ml2 = parse_first(evidence, "ml2_conf.ini", parse_ini)
    if ml2 is not None:
        settings.type_drivers = _list(_own(ml2, "ml2", "type_drivers"))
        settings.mechanism_drivers = _list(_own(ml2, "ml2", "mechanism_drivers"))
    # Before Mitaka the OVS agent read [ovs]/[agent] from ml2_conf.ini itself.
    agent = parse_first(evidence, "openvswitch_agent.ini", parse_ini) or ml2
    if agent is not None:
        settings.bridge_mappings = _list(_own(agent, "ovs", "bridge_mappings"))
        settings.local_ip = _own(agent, "ovs", "local_ip") or None
        # tunnel_types sat in [ovs] in the oldest releases, in [agent] since.
        tunnel_types = _own(agent, "agent", "tunnel_types")
        if tunnel_types is None:
            tunnel_types = _own(agent, "ovs", "tunnel_types")
        settings.tunnel_types = _list(tunnel_types)
    dhcp = parse_first(evidence, "dhcp_agent.ini", parse_ini)
    if dhcp is not None:
        settings.dnsmasq = _dnsmasq_settings(dhcp)
    return settings


def _dnsmasq_settings(conf: IniConfig) -> dict[str, str]:
    options = conf.sections.get("DEFAULT", {})
    return {
        key: values[-1]
        for key, values in sorted(options.items())
        if values and (key.startswith("dnsmasq") or key == "dhcp_driver")
    }


def _list(raw: str | None) -> list[str]:
    return [item.strip() for item in (raw or "").split(",") if item.strip()]
