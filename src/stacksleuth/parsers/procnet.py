"""Interrupt and softirq network counters: ``/proc/interrupts`` (sos: ``proc/interrupts``)
and ``/proc/net/softnet_stat`` (sos: ``proc/net/softnet_stat``).

Real input (corpus compute, ``/proc/interrupts``)::

               CPU0       CPU1
     25:   24376036      13487   PCI-MSI 49153-edge      virtio0-input.0
     10:          0          0   IO-APIC  10-fasteoi   virtio10, ehci_hcd:usb1, uhci_hcd:usb2
    LOC:  191371268  187266423   Local timer interrupts
    ERR:          0

gives ``Interrupts(cpus=["CPU0", "CPU1"], lines=[InterruptLine(irq="25", counts=[24376036,
13487], chip="PCI-MSI", hwirq_type="49153-edge", devices=["virtio0-input.0"],
description="PCI-MSI 49153-edge      virtio0-input.0"), ...])``. Numbered IRQs split the text
after the counts into chip, hwirq/trigger and the comma-separated device list; named rows
(``NMI``, ``LOC``, ...) keep it as ``description``; ``ERR``/``MIS`` carry one count only.
Older kernels print ``IO-APIC-edge      timer`` (chip and trigger in one word): chip is that
word and ``hwirq_type`` is None.

``/proc/net/softnet_stat`` has one line per CPU of hexadecimal columns; 9 columns on old
kernels, 10-11 on RHEL 7/8 era kernels, 13 on newer ones::

    00953d1a 00000446 000000b1 00000000 ... 008eeb9a 0000002b 000000dc 00000001

gives ``SoftnetStat(cpu=1, processed=9780506, dropped=1094, time_squeeze=177,
cpu_collision=0, received_rps=9366426, flow_limit_count=43, backlog_len=220, index=1)``.
``cpu`` is the line number; ``index`` is the kernel's own CPU column (13-column kernels),
which differs from the line number when CPUs are offline. Absent columns are None.

Tolerance rules: interrupts output without its ``CPU0`` header was tailed by sos (it keeps
the END of big outputs), so the first line may be partial: it is dropped and the number of
CPUs is taken from the counts. Other lines that do not parse are skipped. Empty text gives
an empty result. ``ParseError`` when non-empty text has no interrupt row / no hex row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_IRQ = re.compile(r"^\s*([A-Za-z0-9_]+):\s*(.*)$")
# One count: possessive, since giving back a digit can never meet the blank or end the
# lookahead wants; backtracking there made a long digit run cost its square.
_COUNT = re.compile(r"\s*+(\d++)(?=\s|$)")
_HEX = re.compile(r"^[0-9a-fA-F]{8}$")


@dataclass(slots=True)
class InterruptLine:
    """One row of ``/proc/interrupts``."""

    irq: str
    counts: list[int] = field(default_factory=list)
    chip: str | None = None
    hwirq_type: str | None = None
    devices: list[str] = field(default_factory=list)
    description: str = ""

    @property
    def total(self) -> int:
        """Sum over all CPUs."""
        return sum(self.counts)


@dataclass(slots=True)
class Interrupts:
    """``/proc/interrupts``."""

    cpus: list[str] = field(default_factory=list)
    lines: list[InterruptLine] = field(default_factory=list)

    def by_device(self, name: str) -> list[InterruptLine]:
        """Rows whose device list holds ``name`` exactly or as a prefix (``virtio0-``)."""
        return [row for row in self.lines if any(dev.startswith(name) for dev in row.devices)]


@dataclass(slots=True)
class SoftnetStat:
    """One CPU line of ``/proc/net/softnet_stat``."""

    cpu: int
    processed: int
    dropped: int
    time_squeeze: int
    cpu_collision: int | None = None
    received_rps: int | None = None
    flow_limit_count: int | None = None
    backlog_len: int | None = None
    index: int | None = None


def _split_counts(rest: str, ncpus: int | None) -> tuple[list[int], str]:
    # The per-CPU counts are the leading integers; the description may hold numbers too
    # ("49153-edge" does not match, "IO-APIC  10-fasteoi" stops at the chip name).
    counts: list[int] = []
    pos = 0
    while ncpus is None or len(counts) < ncpus:
        match = _COUNT.match(rest, pos)
        if match is None:
            break
        counts.append(to_int(match[1]))
        pos = match.end()
    return counts, rest[pos:].strip()


def _describe(row: InterruptLine, text: str) -> None:
    row.description = text
    if not row.irq.isdigit() or not text:
        return
    parts = text.split(None, 2)
    row.chip = parts[0]
    rest = " ".join(parts[1:])
    if len(parts) > 1 and re.match(r"^\d+-\w+$|^\w+-(edge|level|fasteoi)$", parts[1]):
        row.hwirq_type = parts[1]
        rest = parts[2] if len(parts) > 2 else ""
    row.devices = [dev.strip() for dev in rest.split(",") if dev.strip()]


def parse_interrupts(text: str) -> Interrupts:
    """Parse ``/proc/interrupts``."""
    result = Interrupts()
    lines = text.splitlines()
    if not lines or not text.strip():
        return result
    # The first line is the CPU header, or a partial row when sos tailed the file.
    if lines[0].split()[:1] == ["CPU0"]:
        result.cpus = lines[0].split()
    lines = lines[1:]
    ncpus = len(result.cpus) or None
    for line in lines:
        match = _IRQ.match(line)
        if not match:
            continue
        counts, rest = _split_counts(match[2], ncpus)
        if not counts:
            continue
        row = InterruptLine(irq=match[1], counts=counts)
        _describe(row, rest)
        result.lines.append(row)
    if not result.lines and lines:
        raise ParseError("no /proc/interrupts row found")
    return result


def parse_softnet_stat(text: str) -> list[SoftnetStat]:
    """Parse ``/proc/net/softnet_stat``."""
    stats: list[SoftnetStat] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 9 or not all(_HEX.match(col) for col in fields):
            continue
        cols = [to_int(col, 16) for col in fields]
        stats.append(
            SoftnetStat(
                cpu=len(stats),
                processed=cols[0],
                dropped=cols[1],
                time_squeeze=cols[2],
                cpu_collision=cols[8],
                received_rps=cols[9] if len(cols) > 9 else None,
                flow_limit_count=cols[10] if len(cols) > 10 else None,
                backlog_len=cols[11] if len(cols) > 11 else None,
                index=cols[12] if len(cols) > 12 else None,
            )
        )
    if not stats and text.strip():
        raise ParseError("no softnet_stat hex row found")
    return stats
