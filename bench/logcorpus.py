"""A large, realistic log corpus for the scan benchmark, generated from real lines.

Every line is a real line from tests/samples/logs/ or a check fixture under
src/stacksleuth/checks/library-fixtures/*/ (see the SOURCES.md files there), with its varying fields re-drawn:
timestamps (syslog, kernel `[secs]`, ISO and oslo styles), pids, request ids and the
host name. Four files, by family: kern.log, syslog, nova-compute.log, ovs-vswitchd.log.
A small share of lines (`MATCH_SHARE`) is drawn from the real lines that a library pattern
matches, as in a log of a host with a problem; the rest from those no pattern matches.
Deterministic for a seed; lines are not in time order (no scanner cares).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

from common import REPO

SAMPLES = REPO / "tests" / "samples" / "logs"
CHECKS = REPO / "src" / "stacksleuth" / "checks" / "library-fixtures"

# family -> (its share of the bytes, the real files its lines come from)
FAMILIES: dict[str, tuple[float, list[Path]]] = {
    "kern.log": (
        0.30,
        [
            SAMPLES / "compute4-kern.log",
            SAMPLES / "pfring-74-kern.log-netdev-watchdog-i40e",
            SAMPLES / "apu2-174-kern.log-netdev-watchdog-igb",
            *sorted(CHECKS.glob("*/*/var/log/kern.log")),
        ],
    ),
    "syslog": (
        0.30,
        [
            SAMPLES / "compute4-syslog",
            SAMPLES / "pfring-293-syslog-ixgbe-link-down",
            SAMPLES / "grizzly-129-syslog-dnsmasq-dhcp-tap",
            SAMPLES / "plaso-3002-rsyslog-high-precision",
            *sorted(CHECKS.glob("*/*/var/log/messages")),
        ],
    ),
    "nova-compute.log": (
        0.30,
        [
            SAMPLES / "compute4-nova-compute.log",
            SAMPLES / "grizzly-45-nova-compute-trace-instance",
            SAMPLES / "elasticluster-660-nova-compute-instance-traceback",
            SAMPLES / "dodai-18-nova-2012-no-pid",
            *sorted(CHECKS.glob("*/*/var/log/nova/nova-compute.log")),
        ],
    ),
    "ovs-vswitchd.log": (
        0.10,
        [
            SAMPLES / "compute4-ovs-vswitchd.log",
            SAMPLES / "compute4-ovsdb-server.log",
            SAMPLES / "insights-core-ovsdb-server.log-2.4",
        ],
    ),
}

MATCH_SHARE = 0.002  # 1 line in 500 is one a check is looking for
POOL_SIZE = 20_000  # distinct varied lines per family
CHUNK_LINES = 50_000

_MONTHS = b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(b" ")
_SYSLOG_STAMP = re.compile(rb"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?=\s)")
_ISO_STAMP = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?")
_KERNEL_SECS = re.compile(rb"\[ *\d+\.\d{6}\]")
_PID_BRACKET = re.compile(rb"(?<=\w\[)\d+(?=\]:)")
_OSLO_PID = re.compile(rb"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) \d+ ")
_REQUEST = re.compile(rb"req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _varier(rng: random.Random) -> Callable[[bytes], bytes]:
    """Re-draws a line's varying fields; the message itself stays as it was written."""

    def syslog_stamp(_m: re.Match[bytes]) -> bytes:
        day = rng.randrange(1, 29)
        clock = rng.randrange(86400)
        return b"%s %2d %02d:%02d:%02d" % (
            rng.choice(_MONTHS),
            day,
            clock // 3600,
            clock // 60 % 60,
            clock % 60,
        )

    def iso_stamp(m: re.Match[bytes]) -> bytes:
        clock = rng.randrange(86400)
        sep = m.group(0)[10:11]
        stamp = b"2022-%02d-%02d%s%02d:%02d:%02d" % (
            rng.randrange(1, 13),
            rng.randrange(1, 29),
            sep,
            clock // 3600,
            clock // 60 % 60,
            clock % 60,
        )
        fraction = m.group(1)
        if fraction:
            digits = len(fraction) - 1
            stamp += b".%0*d" % (digits, rng.randrange(10**digits))
        return stamp

    def vary(line: bytes) -> bytes:
        line = _SYSLOG_STAMP.sub(syslog_stamp, line, count=1)
        line = _ISO_STAMP.sub(iso_stamp, line, count=1)
        line = _KERNEL_SECS.sub(lambda _m: b"[%12.6f]" % (rng.random() * 900000), line, count=1)
        line = _PID_BRACKET.sub(lambda _m: b"%d" % rng.randrange(1, 4194304), line)
        line = _OSLO_PID.sub(lambda m: m.group(1) + b" %d " % rng.randrange(1, 4194304), line)
        line = _REQUEST.sub(lambda _m: b"req-%08x-%04x-%04x-%04x-%012x" % _uuid(rng), line)
        return line.replace(b"compute4", b"compute-%03d" % rng.randrange(1, 200))

    return vary


def _uuid(rng: random.Random) -> tuple[int, ...]:
    return tuple(rng.getrandbits(bits) for bits in (32, 16, 16, 16, 48))


def real_lines(paths: list[Path]) -> list[bytes]:
    lines = []
    for path in paths:
        lines.extend(line for line in path.read_bytes().splitlines() if line.strip())
    return lines


def generate(out: Path, total_mb: int, patterns: list[str], seed: int = 8) -> dict[str, Path]:
    """Write the four logs (about `total_mb` MiB together) into `out`."""
    regexes = [re.compile(p.encode()) for p in patterns]
    rng = random.Random(seed)
    vary = _varier(rng)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for family, (share, sources) in FAMILIES.items():
        lines = real_lines(sources)
        hits = {line for line in lines if any(r.search(line) for r in regexes)}
        matching = sorted(hits)
        plain = [line for line in lines if line not in hits]
        pool = [vary(rng.choice(plain)) + b"\n" for _ in range(POOL_SIZE)]
        hot = [vary(rng.choice(matching)) + b"\n" for _ in range(500)] if matching else []
        target = int(total_mb * share * 1024**2)
        path = out / family
        with open(path, "wb") as stream:
            size = 0
            while size < target:
                chunk = rng.choices(pool, k=CHUNK_LINES)
                if hot:
                    for index in rng.sample(range(CHUNK_LINES), int(CHUNK_LINES * MATCH_SHARE)):
                        chunk[index] = rng.choice(hot)
                data = b"".join(chunk)
                if size + len(data) > target:  # stop at the size asked, on a line end
                    data = data[: data.rfind(b"\n", 0, target - size) + 1]
                stream.write(data)
                size += len(data)
                if size >= target or not data:
                    break
        written[family] = path
    return written
