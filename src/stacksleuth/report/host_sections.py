"""The fact sections of `stacksleuth host`: NICs and cards, bonds, VLANs, bridges and MTUs,
virtualisation, storage. Renders HostFacts only; derives nothing the facts do not hold."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from stacksleuth.facts.model import HostFacts
from stacksleuth.facts.network import NetworkFacts
from stacksleuth.facts.storage import StorageFacts
from stacksleuth.facts.virt import VirtFacts
from stacksleuth.report.safe_text import markup


def render_sections(facts: HostFacts, console: Console) -> None:
    if facts.network is not None:
        _nics(facts.network, console)
        _bonds_and_vlans(facts.network, console)
        _bridges(facts.network, console)
    if facts.virt is not None:
        _virt(facts.virt, console)
    if facts.openstack is not None and facts.openstack.nova is not None:
        nova = facts.openstack.nova
        fs = nova.instances_filesystem
        where = f"{fs.fstype} on {fs.mountpoint}" if fs else "filesystem unknown"
        shared = "  [yellow]shared storage[/yellow]" if fs and fs.shared else ""
        console.print(
            f"\n[bold]nova[/bold]: instances_path {markup(str(nova.instances_path.value))} "
            f"({markup(where)}){shared}; remove_unused_base_images "
            f"{nova.remove_unused_base_images.value}"
        )
    if facts.storage is not None:
        _storage(facts.storage, console)


def _table(title: str, *columns: str) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=None,
        padding=(0, 1),
        header_style="dim",
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _text(value: object) -> str:
    return "-" if value in (None, "") else markup(str(value))


def _nics(network: NetworkFacts, console: Console) -> None:
    if not network.nics:
        return
    mixed = {card.address for card in network.cards if card.mixed_drivers}
    table = _table(
        "\nNICs (by physical card)",
        "card",
        "fn",
        "device",
        "model",
        "driver",
        "firmware",
        "link",
        "mtu",
        "numa",
    )
    for nic in sorted(network.nics, key=lambda n: (n.card, n.function, n.name or "")):
        style = "bold red" if nic.card in mixed else ""
        driver = _text(nic.driver) + (
            " [dim](dpdk)[/dim]" if nic.driver_kind == "userspace" else ""
        )
        link = (
            "-" if nic.link_detected is None else ("up" if nic.link_detected else "[red]down[/red]")
        )
        if nic.speed_mbps:
            link += f" {nic.speed_mbps // 1000 if nic.speed_mbps >= 1000 else nic.speed_mbps}"
            link += "G" if nic.speed_mbps >= 1000 else "M"
        table.add_row(
            f"[{style}]{markup(nic.card)}[/{style}]" if style else markup(nic.card),
            markup(nic.function),
            _text(nic.name),
            _text(nic.model),
            driver,
            _text(nic.firmware),
            link,
            _text(nic.mtu),
            _text(nic.numa_node),
        )
    console.print(table)
    for card in network.cards:
        if card.mixed_drivers:
            console.print(
                f"  [bold red]card {markup(card.address)} ({_text(card.model)}) is split between "
                f"drivers {markup(' + '.join(card.drivers))}[/bold red]"
            )
        if any(nic.pcie and nic.pcie.degraded for nic in network.nics if nic.card == card.address):
            console.print(
                f"  [yellow]card {markup(card.address)}: PCIe link below its capability[/yellow]"
            )


def _bonds_and_vlans(network: NetworkFacts, console: Console) -> None:
    for bond in network.bonds:
        flags = [
            name
            for name, on in (
                ("LACP churned", bond.lacp_churned),
                ("partner MAC all zeros", bond.partner_mac_zero),
                ("slaves in different aggregators", bond.split_aggregators),
            )
            if on
        ]
        members = ", ".join(f"{m.name} ({m.mii_status})" for m in bond.members)
        warn = f"  [yellow]{'; '.join(flags)}[/yellow]" if flags else ""
        console.print(
            f"\n[bold]bond[/bold] {markup(bond.name)}: {_text(bond.mode)}: {markup(members)}{warn}"
        )
    for bond in network.ovs_bonds:
        members = ", ".join(m.name for m in bond.members)
        console.print(
            f"\n[bold]ovs bond[/bold] {markup(bond.name)}: {_text(bond.mode)}, "
            f"lacp {_text(bond.lacp_status)}: {markup(members)}"
        )
    for vlan in network.vlans:
        chain = " -> ".join(vlan.chain) if vlan.chain else f"{vlan.name} -> {vlan.parent}"
        warn = "  [yellow]VLAN on VLAN[/yellow]" if vlan.depth > 1 and not vlan.qinq else ""
        console.print(
            f"[bold]vlan[/bold] {vlan.vlan_id} ({_text(vlan.protocol)}): {markup(chain)}{warn}"
        )


def _bridges(network: NetworkFacts, console: Console) -> None:
    if not network.bridges:
        return
    table = _table("\nbridges", "bridge", "kind", "mtu", "ports")
    for bridge in network.bridges:
        ports = ", ".join(
            p.name + (f" ({p.type})" if p.type not in (None, "system") else "")
            for p in bridge.ports
        )
        table.add_row(
            markup(bridge.name), markup(bridge.kind), _text(bridge.mtu), markup(ports) or "-"
        )
    console.print(table)


def _virt(virt: VirtFacts, console: Console) -> None:
    if not virt.guests and not virt.qemu:
        return
    loaded = {True: "loaded", False: "[yellow]not loaded[/yellow]", None: "unknown"}
    config = {True: "enabled", False: "[yellow]disabled[/yellow]", None: "not set"}
    enabled = config[virt.vhost_net_enabled_config]
    console.print(
        f"\n[bold]virtualisation[/bold]: {len(virt.guests)} guest(s); vhost_net "
        f"{loaded[virt.vhost_net_loaded]}, VHOST_NET_ENABLED {enabled}"
    )
    for name in virt.guests_without_vhost:
        console.print(f"  [yellow]guest {markup(name)} runs its tap without vhost[/yellow]")


def _storage(storage: StorageFacts, console: Console) -> None:
    maps = storage.multipath_maps or []
    sessions = storage.iscsi_sessions or []
    if not maps and not sessions:
        return
    console.print(
        f"\n[bold]storage[/bold]: {len(maps)} multipath map(s), {len(sessions)} iSCSI session(s)"
    )
    for name in storage.maps_with_failed_paths:
        console.print(f"  [red]multipath map {markup(name)} has failed paths[/red]")
    for label in storage.sessions_without_disks:
        console.print(f"  [yellow]iSCSI session {markup(label)} has no disk[/yellow]")
    for disk in storage.iscsi_disks_outside_multipath:
        console.print(f"  [yellow]iSCSI disk {markup(disk)} is in no multipath map[/yellow]")
