"""Helpers the benchmarks share: tables, timing, the machine, tools installed on demand."""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STACKSLEUTH = BIN / "stacksleuth"
CORPUS = REPO.parent / "shared" / "corpus" / "sosreport-compute4-2022-02-10.tar.xz"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def machine() -> str:
    """`nproc` and the CPU model, as bench/README.md records them."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} x {model}, Python {platform.python_version()}"


def ensure_tool(command: str, package: str) -> str | None:
    """The path of `command`, installing Debian's `package` with apt-get when missing
    (the benchmark runs as root); None, with a message, when that is impossible."""
    found = shutil.which(command)
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        print(f"  ({command} missing and apt-get not usable as root: skipped)")
        return None
    print(f"  (installing {package} with apt-get)", flush=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run([apt, "install", "-y", package], env=env, check=False, **quiet)
    if done.returncode != 0:
        subprocess.run([apt, "update"], env=env, check=False, **quiet)
        subprocess.run([apt, "install", "-y", package], env=env, check=False, **quiet)
    found = shutil.which(command)
    if found is None:
        print(f"  ({package} could not be installed: skipped)")
    return found


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def median_time(action: Callable[[], object], runs: int) -> float:
    return statistics.median(timed(action)[0] for _ in range(runs))


def table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain-text table, columns sized to their content."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"\n## {title}")
    for index, row in enumerate(cells):
        pairs = zip(row, widths, strict=True)
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(pairs)]
        print("  ".join(padded))
        if index == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()
