"""Which evidence (specs) each fact comes from, so a check can say it could not run.

A check's fact condition is a JMESPath expression over the host's facts
(`network.nics[?pcie.degraded]`). Each `section.field` it reads is filled from a few
specs; when none of them was found on the host, the field is empty for lack of evidence,
not because the host is healthy, and the check could not run there.

    >>> missing_specs("storage.maps_with_failed_paths", found={"lsmod"})
    ['multipath -ll']

`a || b` is observable when either side is; anything else needs every field it reads.
A field not in the table (a user's own check reading something new) needs nothing known.
"""

from __future__ import annotations

from typing import Any

import jmespath

# section.field -> the specs it is built from; any one of them found is enough.
FACT_SPECS: dict[str, tuple[str, ...]] = {
    "network.nics": ("lspci -nnvv", "lshw", "lshw -businfo", "ethtool -i", "ip -d address"),
    "network.cards": ("lspci -nnvv", "lshw", "lshw -businfo"),
    "network.bonds": ("bonding",),
    "network.ovs_bonds": ("ovs-appctl bond/show",),
    "network.vlans": ("ip -d address", "ip -s -d link"),
    "network.tunnels": ("ip -d address", "ip -s -d link"),
    "virt.vhost_net_loaded": ("lsmod",),
    "virt.vhost_net_enabled_config": ("qemu-kvm defaults",),
    "virt.guests": ("libvirt domain xml", "virsh dumpxml"),
    "virt.guests_without_vhost": ("ps",),
    "virt.qemu_processes": ("ps",),
    "openstack.nova": ("nova.conf",),
    "openstack.console_logs": ("ls nova instances", "console.log"),
    "storage.maps_with_failed_paths": ("multipath -ll",),
    "storage.iscsi_sessions": ("iscsiadm session",),
    "storage.iscsi_disks_outside_multipath": ("iscsiadm session",),
    "storage.sessions_without_disks": ("iscsiadm session",),
    "storage.iscsi_leftovers": ("iscsiadm session",),
}
SECTIONS = frozenset(key.split(".")[0] for key in FACT_SPECS)


def fields_of(expression: str) -> set[str]:
    """Every `section.field` an expression reads."""
    found: set[str] = set()
    _walk(jmespath.compile(expression).parsed, lambda key: found.add(key) or True)
    return found


def missing_specs(expression: str, found: set[str]) -> list[str]:
    """The specs whose absence leaves the expression without evidence; [] when it has some.
    Each entry names the alternatives (`lspci -nnvv or lshw`)."""
    missing: list[str] = []

    def observable(key: str) -> bool:
        specs = FACT_SPECS.get(key, ())
        if not specs or any(spec in found for spec in specs):
            return True
        missing.append(" or ".join(specs))
        return False

    if _walk(jmespath.compile(expression).parsed, observable):
        return []
    return list(dict.fromkeys(missing))


def _walk(node: dict[str, Any], observable) -> bool:
    """Whether the evidence behind `node` is there: `a || b` needs either, all else needs all."""
    children = [c for c in node.get("children", []) if isinstance(c, dict)]
    key = _section_field(node, children)
    if key is not None:
        return observable(key)
    results = [_walk(child, observable) for child in children]
    if node.get("type") == "or_expression":
        return any(results)
    return all(results)


def _section_field(node: dict[str, Any], children: list[dict[str, Any]]) -> str | None:
    """`section.field` when `node` reads a fact field (`network.nics`, `a.b.c.d`)."""
    if node.get("type") != "subexpression":
        return None
    chain = _leading_fields(node)
    if len(chain) >= 2 and chain[0] in SECTIONS:
        return f"{chain[0]}.{chain[1]}"
    return None


def _leading_fields(node: dict[str, Any]) -> list[str]:
    """The field names a dotted path starts with (`a.b.c` -> a, b, c), up to anything else."""
    if node.get("type") == "field":
        return [str(node["value"])]
    if node.get("type") != "subexpression":
        return []
    names: list[str] = []
    for child in node.get("children", []):
        part = _leading_fields(child)
        names.extend(part)
        if child.get("type") != "field":
            break
    return names
