"""Scan benchmark: the check library's full pattern set over >= 1 GB of generated logs.

Columns, each single-threaded and over the same files, warm in the page cache:
- stacksleuth (Hyperscan): the scan engine as `analyze` runs it, compile time included;
- GNU grep: `LC_ALL=C grep -E -c -f patterns.ere` (patterns translated to ERE);
- ripgrep: `rg -j1 -c -f patterns` (one thread: the target is per core), as is (Rust's
  regex is Unicode-aware, like Python's) and with `(?-u)` (ASCII classes, its best case);
- stacksleuth (`re` fallback) and a naive loop (every pattern tried on every line with
  Python's `re`): both far slower, so timed on the first BENCH_SLOW_MB of each file and
  reported as MB/s from that part.
Every tool's count of matching lines is printed: they must agree, or a translation is wrong.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import ensure_tool, env_int, table, timed
from logcorpus import generate
from patterns import library_patterns, to_ere, to_rust

from stacksleuth.evidence.directory import DirectoryEvidence
from stacksleuth.evidence.model import EvidenceFile
from stacksleuth.scan.hyperscan_engine import HyperscanMatcher, available
from stacksleuth.scan.re_engine import ReMatcher

MiB = 1024**2


def run() -> dict[str, float]:
    total_mb = env_int("BENCH_SCAN_MB", 1024)
    slow_mb = env_int("BENCH_SLOW_MB", 1)
    patterns = library_patterns()
    work = Path(tempfile.mkdtemp(prefix="stacksleuth-bench-scan-"))
    try:
        print(f"scan: generating {total_mb} MiB of logs in {work} ...", flush=True)
        files = list(generate(work / "logs", total_mb, patterns).values())
        size = sum(f.stat().st_size for f in files)
        _warm(files)
        rows, speeds = _measure(work, files, size, patterns, slow_mb)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    reference = speeds.get("ripgrep -j1")
    table(
        f"Scan: {len(patterns)} patterns over {size / MiB:.0f} MiB ({len(files)} logs), one core",
        ["engine", "MiB", "seconds", "MiB/s", "matching lines", "vs ripgrep"],
        [[*row, _ratio(speeds[row[0]] / reference) if reference else "n/a"] for row in rows],
    )
    return speeds


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value >= 0.1 else f"{value:.4f}x"


def _warm(files: list[Path]) -> None:
    for path in files:
        with open(path, "rb") as stream:
            while stream.read(16 * MiB):
                pass


def _measure(work: Path, files, size: int, patterns: list[str], slow_mb: int):
    rows, speeds = [], {}

    def record(name: str, seconds: float, count: int | str, nbytes: int = size) -> None:
        speeds[name] = nbytes / MiB / seconds
        speed = speeds[name]
        shown = f"{speed:.0f}" if speed >= 10 else f"{speed:.2f}"
        rows.append([name, f"{nbytes / MiB:.0f}", f"{seconds:.2f}", shown, count])

    if available():
        seconds, count = timed(lambda: _stacksleuth(HyperscanMatcher(tuple(patterns)), files))
        record("stacksleuth (hyperscan)", seconds, count)
    else:
        print("  (the hyperscan wheel is not installed: its column is skipped)")
    grep = shutil.which("grep")
    if grep:
        ere = work / "patterns.ere"
        ere.write_text("".join(to_ere(p) + "\n" for p in patterns))
        command = [grep, "-E", "-c", "-f", str(ere), *map(str, files)]
        seconds, count = timed(lambda: _tool(command, {"LC_ALL": "C"}))
        record("GNU grep -E", seconds, count)
    rg = ensure_tool("rg", "ripgrep")
    if rg:
        for name, prefix in (("ripgrep -j1", ""), ("ripgrep -j1 (?-u) ASCII", "(?-u)")):
            listed = work / f"patterns{prefix and '-ascii'}.txt"
            listed.write_text("".join(prefix + to_rust(p) + "\n" for p in patterns))
            command = [rg, "--no-config", "-j1", "-c", "-f", str(listed), *map(str, files)]
            seconds, count = timed(lambda command=command: _tool(command, {}))
            record(name, seconds, count)
    sample = _sample(work, files, slow_mb)
    sample_size = sum(f.stat().st_size for f in sample)
    seconds, count = timed(lambda: _stacksleuth(ReMatcher(tuple(patterns)), sample))
    record("stacksleuth (re fallback)", seconds, f"{count} (sample)", sample_size)
    seconds, count = timed(lambda: _naive(patterns, sample))
    record("naive Python re loop", seconds, f"{count} (sample)", sample_size)
    return rows, speeds


def _stacksleuth(matcher, files: list[Path]) -> int:
    root = files[0].parent
    evidence = DirectoryEvidence(root, kind="log-bundle")
    found = 0
    for path in files:
        file = EvidenceFile(path.name, path.name)
        found += sum(1 for _ in matcher.matching_lines(evidence, file))
    return found


def _tool(command: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{command[0]} failed: {done.stderr.strip()}")
    return sum(int(line.rsplit(":", 1)[-1]) for line in done.stdout.split())


def _naive(patterns: list[str], files: list[Path]) -> int:
    """What a first script does: every pattern on every line, stop at the first hit."""
    compiled = [re.compile(p) for p in patterns]
    found = 0
    for path in files:
        with open(path, encoding="utf-8", errors="replace") as stream:
            for line in stream:
                line = line.rstrip("\n")
                for regex in compiled:
                    if regex.search(line):
                        found += 1
                        break
    return found


def _sample(work: Path, files: list[Path], slow_mb: int) -> list[Path]:
    """The first `slow_mb` MiB (whole lines) of each file, for the slow columns."""
    folder = work / "sample"
    folder.mkdir(exist_ok=True)
    sample = []
    for path in files:
        with open(path, "rb") as stream:
            head = stream.read(slow_mb * MiB)
        target = folder / path.name
        target.write_bytes(head[: head.rfind(b"\n") + 1])
        sample.append(target)
    return sample


if __name__ == "__main__":
    run()
