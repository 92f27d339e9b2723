"""`generate_fleet`: the seeds' cloud as sosreports, plus the ticket's affected VMs.

    fleet = generate_fleet(Path("demo-fleet"))        # 168 computes, 3 controllers
    stacksleuth analyze demo-fleet --vms demo-fleet/ticket-affected-vms.json

writes one unpacked sos 4.x report per host into `out` (`sosreport-<host>-2022-02-10-<7
letters>/`) and the VMs file beside them (`analyze` reads only the report directories).
The same seed always gives the same bytes: no clock, no machine state, no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stacksleuth.demo.hosttree import write_host
from stacksleuth.demo.nics import check_sources
from stacksleuth.demo.plan import SPLIT_CARD_CHECKS, plan_fleet
from stacksleuth.demo.vms import server_documents

VMS_FILE = "ticket-affected-vms.json"


@dataclass(frozen=True)
class DemoHost:
    """One generated host; `planted` are the check ids its evidence must trigger."""

    name: str
    role: str
    planted: list[str]
    report: Path


@dataclass(frozen=True)
class DemoFleet:
    out: Path
    hosts: list[DemoHost]
    affected: list[str]
    vms_file: Path

    @property
    def healthy_computes(self) -> list[str]:
        return [h.name for h in self.hosts if h.role == "compute" and h.name not in self.affected]


def generate_fleet(
    out: Path, *, computes: int = 168, controllers: int = 3, seed: int = 2022
) -> DemoFleet:
    """Write the demo fleet into `out` (created; existing demo reports are refused)."""
    check_sources()
    plans = plan_fleet(computes, controllers, seed)
    out.mkdir(parents=True, exist_ok=True)
    existing = sorted(p.name for p in out.glob("sosreport-*"))
    if existing:
        raise FileExistsError(f"{out} already holds sosreports ({existing[0]} ...)")
    hosts = [
        DemoHost(plan.name, plan.role, list(plan.planted), write_host(out, plan)) for plan in plans
    ]
    affected = [p for p in plans if SPLIT_CARD_CHECKS[0] in p.planted]
    vms_file = out / VMS_FILE
    vms_file.write_text(server_documents(affected, seed), encoding="utf-8")
    return DemoFleet(out, hosts, [p.name for p in affected], vms_file)
