"""Who is who in the demo fleet: names, NIC layouts, planted problems, clocks.

All choices come from one `random.Random(seed)`, never from the time or the machine, so
a seed always gives the same fleet. The plan is made first and written second, so the
tests and `DemoFleet` know the answer key without reading the trees back.

Seed 000's cloud: 168 computes in racks of 12 (`compute-40-3` is one of the affected 12),
3 controllers. A small fleet (the tests use 20 computes) keeps at least 3 split-card hosts,
one host per planted problem, and healthy X710 computes both all-i40e and all-DPDK.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from stacksleuth.demo.nics import HEALTHY_LAYOUTS, I40E_FIRMWARE, SPLIT_LAYOUT, STORAGE_PORTS

SEED_HOST = "compute-40-3"
DOMAIN = "mylab.home"  # the corpus compute's domain (`hostname -f`: compute4.mylab.home)
RACK_SIZE = 12
FIRST_RACK = 30
SPLIT_CARD_COMPUTES = 12
MIN_SPLIT_CARD_COMPUTES = 3

# The corpus report was taken at 16:19:17 UTC on 2022-02-10 after a boot at 22:38:17 the
# evening before; every demo host shares that boot and kern.log, and is reported a little
# later (sos collect does not reach 171 hosts at the same second).
CORPUS_REPORT_TIME = datetime(2022, 2, 10, 16, 19, 17, tzinfo=UTC)
BOOT_TIME = datetime(2022, 2, 9, 22, 38, 17, tzinfo=UTC)
# The storage-network incident on the split-card computes: all within a few minutes.
INCIDENT_START = datetime(2022, 2, 10, 14, 2, 11, tzinfo=UTC)
INCIDENT_SPREAD_SECONDS = 420

# Seed problems planted on a few computes each (check ids), besides seed 000's.
COMPUTE_PROBLEMS = (
    "vlan-on-vlan",
    "vhost-net-disabled",
    "nova-image-cache-shared-storage",
    "bond-lacp-churned",
    "multipath-path-failures",
    "iscsi-leftovers",
    "pcie-link-degraded",
    "nic-rx-ring-discards",
)
CONTROLLER_PROBLEM = "nova-api-slow-requests"
# A split card with a tx timeout on its kernel port is both of these checks.
SPLIT_CARD_CHECKS = ("nic-mixed-driver-tx-hang", "nic-tx-timeout")
# Layouts a planted problem needs (its fixture's NIC): the ring counters are p2p1's.
PROBLEM_LAYOUT = {"nic-rx-ring-discards": "connectx"}
# Benign, real-world noise on healthy computes: the near-miss ("negative") evidence of
# a check, which must stay silent. Key -> share of healthy computes that carry it.
NOISE = {
    "image-cache-local": 0.3,  # `Removing base file` on local instances storage
    "bond-ok": 0.2,  # 802.3ad bond; dmesg "No 802.3ad response" at boot, then fine
    "multipath-ok": 0.1,  # iSCSI multipath, every path active
    "vlan-ok": 0.1,  # VLAN on a bond, nova's vlan_interface on the bond
    "pcie-ok": 0.1,  # an X550T whose link trained at full speed and width
}

# Real Ubuntu 20.04 kernels (uname -a as published, see data/SOURCES.md).
KERNELS = (
    ("5.4.0-97-generic", "#110-Ubuntu SMP Thu Jan 13 18:22:13 UTC 2022", "5.4.0-97.110"),
    ("5.4.0-94-generic", "#106-Ubuntu SMP Thu Jan 6 23:58:14 UTC 2022", "5.4.0-94.106"),
    ("5.4.0-91-generic", "#102-Ubuntu SMP Fri Nov 5 16:31:28 UTC 2021", "5.4.0-91.102"),
)


@dataclass(frozen=True)
class Incident:
    """Seed 000 on one host: a tx timeout, then link down, on one storage port."""

    port: str
    queue: int
    time: datetime


@dataclass
class HostPlan:
    name: str
    role: str
    report_time: datetime
    kernel: tuple[str, str, str]
    layout: str = ""
    i40e_firmware: str = I40E_FIRMWARE[0]
    planted: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)
    incident: Incident | None = None
    letters: str = ""

    @property
    def fqdn(self) -> str:
        return f"{self.name}.{DOMAIN}"


def compute_names(count: int) -> list[str]:
    """`compute-<rack>-<unit>`, racks of 12 from rack 30 (168 computes: racks 30-43)."""
    return [f"compute-{FIRST_RACK + i // RACK_SIZE}-{i % RACK_SIZE + 1}" for i in range(count)]


def split_card_count(computes: int) -> int:
    return max(MIN_SPLIT_CARD_COMPUTES, min(SPLIT_CARD_COMPUTES, computes * 12 // 168))


def copies_per_problem(computes: int) -> int:
    """A few hosts per planted problem in a full fleet, one in a small one."""
    return 2 if computes >= 100 else 1


def plan_fleet(computes: int, controllers: int, seed: int) -> list[HostPlan]:
    split = split_card_count(computes)
    copies = copies_per_problem(computes)
    # Two healthy X710 computes at least (one all-i40e, one all-DPDK) must remain.
    needed = split + copies * len(COMPUTE_PROBLEMS) + 2
    if computes < needed:
        raise ValueError(f"a demo fleet needs at least {needed} computes, got {computes}")
    if controllers < 1:
        raise ValueError("a demo fleet needs at least one controller")
    rng = random.Random(seed)
    names = compute_names(computes)
    hosts = [_host(name, "compute", rng) for name in names]
    order = list(range(computes))
    rng.shuffle(order)
    if SEED_HOST in names:  # the seed's own compute is one of the 12
        order.remove(names.index(SEED_HOST))
        order.insert(0, names.index(SEED_HOST))
    picks = iter(order)
    for _ in range(split):
        _plant_split_card(hosts[next(picks)], rng)
    for problem in COMPUTE_PROBLEMS:
        for _ in range(copies):
            host = hosts[next(picks)]
            host.planted.append(problem)
            host.layout = PROBLEM_LAYOUT.get(problem, rng.choice(HEALTHY_LAYOUTS))
    rest = [hosts[i] for i in picks]
    # The fleet signature needs healthy X710s both all-i40e and all-DPDK.
    rest[0].layout, rest[1].layout = "x710-kernel", "x710-dpdk"
    for host in rest[2:]:
        host.layout = rng.choices(HEALTHY_LAYOUTS, weights=(20, 15, 35, 30))[0]
    for host in rest:
        host.noise = [key for key, share in NOISE.items() if rng.random() < share]
    for host in hosts:
        host.i40e_firmware = rng.choice(I40E_FIRMWARE)
    for number in range(1, controllers + 1):
        controller = _host(f"controller-{number}", "controller", rng)
        if number == 1:
            controller.planted.append(CONTROLLER_PROBLEM)
        hosts.append(controller)
    return hosts


def _host(name: str, role: str, rng: random.Random) -> HostPlan:
    # sos's friendly archive name ends in 7 random lowercase letters.
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7))
    return HostPlan(
        name=name,
        role=role,
        report_time=CORPUS_REPORT_TIME + timedelta(seconds=rng.randint(0, 900)),
        kernel=rng.choice(KERNELS),
        letters=letters,
    )


def _plant_split_card(host: HostPlan, rng: random.Random) -> None:
    host.layout = SPLIT_LAYOUT
    host.planted.extend(SPLIT_CARD_CHECKS)
    # The watchdog warns once per boot (WARN_ONCE), so one queue per host.
    when = INCIDENT_START + timedelta(seconds=rng.randint(0, INCIDENT_SPREAD_SECONDS))
    host.incident = Incident(rng.choice(STORAGE_PORTS), rng.randrange(8), when)
