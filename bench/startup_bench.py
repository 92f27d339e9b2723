"""Start-up benchmark: `stacksleuth --help`, the floor under every command (lazy imports
keep it low). Median of BENCH_STARTUP_RUNS runs after one warm-up; target <= 0.3 s."""

from __future__ import annotations

import subprocess

from common import STACKSLEUTH, env_int, median_time, table

TARGET = 0.3


def run() -> float:
    runs = env_int("BENCH_STARTUP_RUNS", 7)

    def once() -> None:
        subprocess.run([str(STACKSLEUTH), "--help"], capture_output=True, check=True)

    once()
    median = median_time(once, runs)
    verdict = "met" if median <= TARGET else "NOT met"
    table(
        f"Start-up: stacksleuth --help, median of {runs}",
        ["command", "seconds", f"target <= {TARGET} s"],
        [["stacksleuth --help", f"{median:.3f}", verdict]],
    )
    return median


if __name__ == "__main__":
    run()
