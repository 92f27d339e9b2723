"""Host benchmark: `stacksleuth analyze` against hotsos on the real corpus sosreport.

Both read the same unpacked report: stacksleuth is given the tarball with a cache that
already holds it (extraction is excluded: the first, untimed run unpacks it), hotsos the
unpacked directory. hotsos is installed from PyPI into a throw-away venv under /tmp, the
first time only; when that fails, its column is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS, STACKSLEUTH, env_int, median_time, table, timed

from stacksleuth.evidence.archive import ArchiveCache, report_root

HOTSOS_VENV = Path(tempfile.gettempdir()) / "stacksleuth-bench-hotsos"


def run() -> float | None:
    if not CORPUS.is_file():
        print(f"\nhost: skipped: the corpus report {CORPUS} is not beside this checkout")
        return None
    runs = env_int("BENCH_HOST_RUNS", 3)
    cache = Path(tempfile.gettempdir()) / "stacksleuth-bench-cache"
    root = report_root(ArchiveCache(cache).unpack(CORPUS).root)
    command = [str(STACKSLEUTH), "analyze", "--cache-dir", str(cache), "--format", "json"]
    command.append(str(CORPUS))
    _quiet(command)  # warm: imports compiled, files in the page cache
    ours = median_time(lambda: _quiet(command), runs)
    rows = [["stacksleuth analyze (warm cache)", f"{ours:.2f}", "1.0x"]]
    hotsos = _hotsos()
    ratio = None
    if hotsos:
        _quiet([hotsos, "--quiet", str(root)])  # same page cache for both
        theirs, _ = timed(lambda: _quiet([hotsos, "--quiet", str(root)]))
        ratio = theirs / ours
        rows.append([f"hotsos {_version(hotsos)}", f"{theirs:.2f}", f"{ratio:.1f}x slower"])
    table(
        f"Host: one compute sosreport ({CORPUS.name}); stacksleuth median of {runs}",
        ["tool", "seconds", "vs stacksleuth"],
        rows,
    )
    return ratio


def _quiet(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode not in (0, 1):  # 1: a partial analysis is still a full run
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr[-500:]!r}")


def _hotsos() -> str | None:
    binary = HOTSOS_VENV / "bin" / "hotsos"
    if binary.exists():
        return str(binary)
    print(f"  (installing hotsos from PyPI into {HOTSOS_VENV})", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(HOTSOS_VENV)], check=True)
        pip = [str(HOTSOS_VENV / "bin" / "pip"), "install", "--quiet", "hotsos"]
        subprocess.run(pip, check=True, capture_output=True, env={**os.environ})
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"\nhost: hotsos skipped: it could not be installed ({exc})")
        return None
    return str(binary) if binary.exists() else None


def _version(binary: str) -> str:
    python = Path(binary).parent / "python"
    code = "import importlib.metadata as m; print(m.version('hotsos'))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip()


if __name__ == "__main__":
    run()
