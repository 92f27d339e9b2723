"""`make bench`: the four benchmarks of issue 8, each printing its table.

    BENCH_SCAN_MB=64 make bench      # a quick run (default 1024 MiB of generated logs)
    BENCH_ONLY=scan,startup make bench

Figures are ratios measured side by side in one run on one machine; nothing here is a
test, and no unit test asserts a time.
"""

from __future__ import annotations

import os

import fleet_bench
import host_bench
import scan_bench
import startup_bench
from common import machine

BENCHES = {
    "scan": scan_bench.run,
    "host": host_bench.run,
    "fleet": fleet_bench.run,
    "startup": startup_bench.run,
}


def main() -> None:
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    print(f"stacksleuth benchmarks on {machine()}")
    for name, bench in BENCHES.items():
        if not only or name in only:
            bench()


if __name__ == "__main__":
    main()
