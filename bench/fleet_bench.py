"""Fleet benchmark: `stacksleuth analyze DIR --format json` on the demo fleet, at 1x, 2x
and 4x its 171 hosts, to show time and memory growing linearly.

The fleet comes from `stacksleuth.demo.generate.generate_fleet` (unpacked sosreports, so
no extraction is timed); 2x and 4x add computes. Wall time and the peak resident memory
come from `/usr/bin/time -v` (installed with apt-get when missing); as that peak is the
largest single process, the summed resident memory of the whole process tree (workers of
`--jobs`) is sampled too.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from common import STACKSLEUTH, ensure_tool, env_int, table

BASE_HOSTS, CONTROLLERS = 171, 3


def run() -> list[list[object]] | None:
    try:
        from stacksleuth.demo.generate import generate_fleet
    except ImportError:
        print("\nfleet: skipped: demo generator not available")
        return None
    time_binary = "/usr/bin/time"
    if not Path(time_binary).exists() and ensure_tool("time", "time") is None:
        print("\nfleet: skipped: /usr/bin/time not available")
        return None
    factors = [int(f) for f in str(env_int("BENCH_FLEET_FACTORS", 124))]
    work = Path(tempfile.mkdtemp(prefix="stacksleuth-bench-fleet-"))
    rows = []
    try:
        for factor in factors:
            out = work / f"x{factor}"
            hosts = BASE_HOSTS * factor
            generate_fleet(out, computes=hosts - CONTROLLERS, controllers=CONTROLLERS, seed=2022)
            command = [time_binary, "-v", str(STACKSLEUTH), "analyze", str(out), "--format", "json"]
            wall, peak, tree = _measure(command)
            rows.append([f"{factor}x", hosts, f"{wall:.2f}", f"{peak / 1024:.0f}", f"{tree:.0f}"])
            rows[-1].append(f"{wall / hosts * 1000:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table(
        "Fleet: stacksleuth analyze DIR --format json (demo fleet, unpacked reports)",
        ["fleet", "hosts", "wall s", "peak RSS MiB", "tree RSS MiB", "ms/host"],
        rows,
    )
    return rows


def _measure(command: list[str]) -> tuple[float, int, float]:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    sampler = _TreeSampler(process.pid)
    sampler.start()
    _out, err = process.communicate()
    sampler.stop()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"analyze failed ({process.returncode}): {err[-500:]}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", err)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if wall is None or peak is None:
        raise RuntimeError(f"unexpected /usr/bin/time output: {err[-500:]}")
    hours, minutes, seconds = wall.groups()
    elapsed = int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    return elapsed, int(peak.group(1)), sampler.peak / 1024


class _TreeSampler(threading.Thread):
    """Sums VmRSS over a process and its descendants every 20 ms; keeps the peak (KiB)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            time.sleep(0.02)


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in task.read_text().split())
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    run()
