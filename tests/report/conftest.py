"""The seed's fleet, 7 affected computes out of 50, analysed for real, for the report tests.

Every host is a copy of a real check fixture (see tests/report/SOURCES.md):
- compute-40-1..7: `checks/library-fixtures/nic-mixed-driver-tx-hang/positive` (the X710
  split between i40e and vfio-pci, NETDEV WATCHDOG on eth4), renamed, the kernel lines a few minutes
  apart per host, with the corpus `date --utc` so syslog stamps get a year;
- compute-41-1..39: the same fixture's negative tree (all four X710 ports on i40e) without
  its two NETDEV WATCHDOG / link-down lines: a healthy compute;
- compute-41-41: that healthy tree packed and cut short, like a broken upload (partial);
- chunk2, r-vm, compute4: the multipath, DHCP and NIC tx timeout fixtures, healthy hosts
  with other findings (compute4's kernel log holds a real `<redacted>` host field: markup
  that the reports must show, not interpret).

The operator names the 7 affected hosts and one typo (`--affected`); everything else,
the fleet block included, is the real analysis.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from hosttrees import pack_sosreport, sos_name, write

from stacksleuth.analysis import analyze
from stacksleuth.checks.fixtures import LIBRARY_FIXTURES
from stacksleuth.fleet.affected import AffectedRequest

CHECKS = LIBRARY_FIXTURES
SPLIT = CHECKS / "nic-mixed-driver-tx-hang"
DATE = CHECKS / "nic-tx-timeout" / "positive" / "sos_commands" / "date" / "date_--utc"
AFFECTED = [f"compute-40-{n}" for n in range(1, 8)]
HEALTHY_DIRS = [f"compute-41-{n}" for n in range(1, 40)]
BROKEN = "compute-41-41"
TYPO = "compute-40-99"  # named as affected, but no analysed host is called that
SEVERITIES = ("critical", "high", "medium", "low", "info")


def _copy_host(src: Path, dest: Path, name: str, kern_log: str) -> Path:
    shutil.copytree(src, dest)
    write(dest / "sos_commands/host/hostname", f"{name}\n")
    write(dest / "var/log/kern.log", kern_log)
    write(dest / "sos_commands/date/date_--utc", DATE.read_bytes())
    return dest


def _affected_log(number: int) -> str:
    """The fixture's kernel log; the hang happens a few minutes later on each host."""
    text = (SPLIT / "positive/var/log/kern.log").read_text()
    minute = 19 + 3 * (number - 1)
    return text.replace("Feb 11 16:19:", f"Feb 11 16:{minute:02d}:").replace(
        "compute-40-3", AFFECTED[number - 1]
    )


def _healthy_log() -> str:
    lines = (SPLIT / "negative/var/log/kern.log").read_text().splitlines(keepends=True)
    return "".join(line for line in lines if "compute-40-3" not in line)


def build_fleet(top: Path) -> list[Path]:
    """The 50 hosts' evidence under `top`, as paths for `analyze`."""
    paths = []
    for number, name in enumerate(AFFECTED, start=1):
        paths.append(_copy_host(SPLIT / "positive", top / name, name, _affected_log(number)))
    for name in [*HEALTHY_DIRS, BROKEN]:
        paths.append(_copy_host(SPLIT / "negative", top / name, name, _healthy_log()))
    broken_tree = paths.pop()
    archive = pack_sosreport(broken_tree.rename(top / sos_name(BROKEN)), top)
    shutil.rmtree(top / sos_name(BROKEN))
    archive.write_bytes(archive.read_bytes()[:100])  # an upload cut short
    paths.append(archive)
    paths.append(CHECKS / "multipath-path-failures" / "positive")
    paths.append(CHECKS / "dhcp-lease-renewal-failure" / "positive")
    paths.append(CHECKS / "nic-tx-timeout" / "positive")
    return paths


# --- STAND-IN for the fleet analysis (replace with the real one) --------------------------


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _fleet_doc(tmp_path_factory: pytest.TempPathFactory) -> dict:
    top = tmp_path_factory.mktemp("fleet")
    analysis = analyze(
        build_fleet(top),
        request=AffectedRequest(names=(*AFFECTED, TYPO)),
        cache_dir=tmp_path_factory.mktemp("cache"),
    )
    return analysis.to_json()


@pytest.fixture
def fleet_doc(_fleet_doc: dict) -> dict:
    """The analysed 50-host fleet (a fresh copy: tests may change it)."""
    return copy.deepcopy(_fleet_doc)
