"""Linux bonding driver status: ``/proc/net/bonding/<bond>``.

sos copies the files as ``proc/net/bonding/*``; the bond name is the file name, which
the caller knows (the file itself never states it, except in "bond X has no active
aggregator").

Real input (802.3ad bond whose switch side never answered LACP)::

    Bonding Mode: IEEE 802.3ad Dynamic link aggregation
    ...
    Active Aggregator Info:
    \tAggregator ID: 2
    \tNumber of ports: 1
    \tPartner Mac Address: 00:00:00:00:00:00

    Slave Interface: enp1s0f0
    MII Status: down
    Aggregator ID: 1
    Actor Churn State: churned
    details actor lacp pdu:
        system mac address: 00:25:90:85:81:f2
        port state: 71

comes out as ``BondStatus(mode="802.3ad", active_aggregator=BondAggregator(
aggregator_id=2, number_of_ports=1, partner_mac="00:00:00:00:00:00", ...), slaves=[
BondSlave(name="enp1s0f0", mii_status="down", aggregator_id=1,
actor_churn_state="churned", actor_lacp_pdu=LacpPdu(system_mac="00:25:90:85:81:f2",
port_state=71, ...), ...), ...])``.

``MII Status`` appears both for the bond and for each slave: the first ``Slave
Interface:`` line switches from bond to slave scope. ``mode`` is the kernel's short mode
name (``802.3ad``, ``active-backup``, ...) and ``mode_text`` the line as printed.
``parse_lacp_port_state`` decodes a ``port state`` number into its 802.3ad bit names.

Tolerance rule: lines that are not ``key: value`` or not known are skipped (old drivers
print fewer keys, e.g. v3.2.4 has no churn state and no LACP PDU details; "Aggregator
ID: N/A" gives None). Empty text gives an empty ``BondStatus``. ``ParseError`` is raised
only when non-empty text has not one bonding key in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

# Substrings of "Bonding Mode:" text -> the kernel's short mode name.
_MODES = (
    ("802.3ad", "802.3ad"),
    ("active-backup", "active-backup"),
    ("round-robin", "balance-rr"),
    ("(xor)", "balance-xor"),
    ("broadcast", "broadcast"),
    ("transmit load balancing", "balance-tlb"),
    ("adaptive load balancing", "balance-alb"),
)
_LACP_STATE_BITS = (
    "activity",
    "timeout",
    "aggregation",
    "synchronization",
    "collecting",
    "distributing",
    "defaulted",
    "expired",
)
_KNOWN_KEYS = frozenset(
    {
        "bonding mode",
        "slave interface",
        "mii status",
        "transmit hash policy",
        "aggregator id",
        "lacp rate",
        "currently active slave",
        "permanent hw addr",
    }
)


@dataclass(slots=True)
class LacpPdu:
    """A ``details actor/partner lacp pdu:`` block (partner prints "oper key")."""

    system_priority: int | None = None
    system_mac: str | None = None
    key: int | None = None
    port_priority: int | None = None
    port_number: int | None = None
    port_state: int | None = None


@dataclass(slots=True)
class BondAggregator:
    """``Active Aggregator Info:`` of an 802.3ad bond."""

    aggregator_id: int | None = None
    number_of_ports: int | None = None
    actor_key: int | None = None
    partner_key: int | None = None
    partner_mac: str | None = None


@dataclass(slots=True)
class BondSlave:
    """One ``Slave Interface:`` section."""

    name: str
    mii_status: str | None = None
    speed: str | None = None
    speed_mbps: int | None = None
    duplex: str | None = None
    link_failure_count: int | None = None
    permanent_hw_addr: str | None = None
    queue_id: int | None = None
    aggregator_id: int | None = None
    actor_churn_state: str | None = None
    partner_churn_state: str | None = None
    actor_churned_count: int | None = None
    partner_churned_count: int | None = None
    actor_lacp_pdu: LacpPdu | None = None
    partner_lacp_pdu: LacpPdu | None = None


@dataclass(slots=True)
class BondStatus:
    """Everything one ``/proc/net/bonding/<bond>`` file says."""

    driver_version: str | None = None
    mode: str | None = None
    mode_text: str | None = None
    transmit_hash_policy: str | None = None
    mii_status: str | None = None
    mii_polling_interval_ms: int | None = None
    up_delay_ms: int | None = None
    down_delay_ms: int | None = None
    peer_notification_delay_ms: int | None = None
    arp_polling_interval_ms: int | None = None
    arp_ip_targets: list[str] = field(default_factory=list)
    primary_slave: str | None = None
    currently_active_slave: str | None = None
    lacp_rate: str | None = None
    min_links: int | None = None
    ad_select: str | None = None
    system_priority: int | None = None
    system_mac: str | None = None
    active_aggregator: BondAggregator | None = None
    no_active_aggregator: bool = False
    slaves: list[BondSlave] = field(default_factory=list)


def parse_proc_net_bonding(text: str) -> BondStatus:
    """Parse one ``/proc/net/bonding/<bond>`` file."""
    bond = BondStatus()
    slave: BondSlave | None = None
    pdu: LacpPdu | None = None
    in_aggregator = False
    recognised = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("Ethernet Channel Bonding Driver:"):
            bond.driver_version = line.partition(":")[2].strip()
            recognised = True
            continue
        if line.endswith("has no active aggregator"):
            bond.no_active_aggregator = True
            recognised = True
            continue
        if line in ("details actor lacp pdu:", "details partner lacp pdu:"):
            pdu = _open_pdu(slave, actor=line.startswith("details actor"))
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        recognised = recognised or key.lower() in _KNOWN_KEYS
        if key == "Slave Interface":
            slave = BondSlave(name=value)
            bond.slaves.append(slave)
            pdu, in_aggregator = None, False
        elif key == "Active Aggregator Info":
            bond.active_aggregator = BondAggregator()
            in_aggregator = True
        elif pdu is not None and raw[:1].isspace():
            _read_pdu_line(pdu, key, value)
        elif slave is not None:
            pdu = None
            _read_slave_line(slave, key, value)
        elif in_aggregator and bond.active_aggregator is not None and raw[:1].isspace():
            _read_aggregator_line(bond.active_aggregator, key, value)
        else:
            in_aggregator = False
            _read_bond_line(bond, key, value)
    if not recognised and text.strip():
        raise ParseError("no /proc/net/bonding keys found")
    return bond


def parse_lacp_port_state(state: int) -> list[str]:
    """Names of the 802.3ad port state bits set in ``state`` (e.g. 61 -> activity,
    aggregation, synchronization, collecting, distributing)."""
    return [name for bit, name in enumerate(_LACP_STATE_BITS) if state & (1 << bit)]


def _open_pdu(slave: BondSlave | None, actor: bool) -> LacpPdu | None:
    if slave is None:
        return None
    pdu = LacpPdu()
    if actor:
        slave.actor_lacp_pdu = pdu
    else:
        slave.partner_lacp_pdu = pdu
    return pdu


def _read_bond_line(bond: BondStatus, key: str, value: str) -> None:
    if key == "Bonding Mode":
        bond.mode_text = value
        bond.mode = _short_mode(value)
    elif key == "Transmit Hash Policy":
        bond.transmit_hash_policy = value.split(" (")[0]
    elif key == "MII Status":
        bond.mii_status = value
    elif key == "MII Polling Interval (ms)":
        bond.mii_polling_interval_ms = _int(value)
    elif key == "Up Delay (ms)":
        bond.up_delay_ms = _int(value)
    elif key == "Down Delay (ms)":
        bond.down_delay_ms = _int(value)
    elif key == "Peer Notification Delay (ms)":
        bond.peer_notification_delay_ms = _int(value)
    elif key == "ARP Polling Interval (ms)":
        bond.arp_polling_interval_ms = _int(value)
    elif key.startswith("ARP IP target/s"):
        bond.arp_ip_targets = [t.strip() for t in value.split(",") if t.strip()]
    elif key == "Primary Slave":
        bond.primary_slave = value
    elif key == "Currently Active Slave":
        bond.currently_active_slave = value
    elif key == "LACP rate":
        bond.lacp_rate = value
    elif key == "Min links":
        bond.min_links = _int(value)
    elif key == "Aggregator selection policy (ad_select)":
        bond.ad_select = value
    elif key == "System priority":
        bond.system_priority = _int(value)
    elif key == "System MAC address":
        bond.system_mac = value


def _read_aggregator_line(agg: BondAggregator, key: str, value: str) -> None:
    if key == "Aggregator ID":
        agg.aggregator_id = _int(value)
    elif key == "Number of ports":
        agg.number_of_ports = _int(value)
    elif key == "Actor Key":
        agg.actor_key = _int(value)
    elif key == "Partner Key":
        agg.partner_key = _int(value)
    elif key == "Partner Mac Address":
        agg.partner_mac = value


def _read_slave_line(slave: BondSlave, key: str, value: str) -> None:
    if key == "MII Status":
        slave.mii_status = value
    elif key == "Speed":
        slave.speed = value
        slave.speed_mbps = _int(value.split()[0]) if value.endswith("Mbps") else None
    elif key == "Duplex":
        slave.duplex = value
    elif key == "Link Failure Count":
        slave.link_failure_count = _int(value)
    elif key == "Permanent HW addr":
        slave.permanent_hw_addr = value
    elif key == "Slave queue ID":
        slave.queue_id = _int(value)
    elif key == "Aggregator ID":
        slave.aggregator_id = _int(value)
    elif key == "Actor Churn State":
        slave.actor_churn_state = value
    elif key == "Partner Churn State":
        slave.partner_churn_state = value
    elif key == "Actor Churned Count":
        slave.actor_churned_count = _int(value)
    elif key == "Partner Churned Count":
        slave.partner_churned_count = _int(value)


def _read_pdu_line(pdu: LacpPdu, key: str, value: str) -> None:
    if key == "system priority":
        pdu.system_priority = _int(value)
    elif key == "system mac address":
        pdu.system_mac = value
    elif key in ("port key", "oper key"):
        pdu.key = _int(value)
    elif key == "port priority":
        pdu.port_priority = _int(value)
    elif key == "port number":
        pdu.port_number = _int(value)
    elif key == "port state":
        pdu.port_state = _int(value)


def _short_mode(text: str) -> str | None:
    lowered = text.lower()
    for needle, mode in _MODES:
        if needle in lowered:
            return mode
    return None


def _int(value: str) -> int | None:
    try:
        return to_int(value)
    except ValueError:
        return None
