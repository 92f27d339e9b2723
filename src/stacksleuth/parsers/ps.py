"""Processes: ``ps auxwwwm`` / ``ps aux`` (sos: ``sos_commands/process/ps_auxwwwm``).

Real input (corpus compute; ``m`` adds one line per thread whose columns are ``-``)::

    USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND
    libvirt+ 1791722  2.5  3.6 3423732 600704 ?      -    16:18   0:02 /usr/bin/qemu-system-x86_64
      -name guest=instance-00000001,debug-threads=on ... -uuid d1d75e2f-ada4-49bc-...
      -netdev tap,fd=35,id=hostnet0,vhost=on,vhostfd=36 ...   (one line, folded here)
    libvirt+       -  2.3    -      -     - -        Sl   16:18   0:02 -

``parse_ps_aux`` gives ``[Process(user="libvirt+", pid=1791722, cpu_percent=2.5,
mem_percent=3.6, vsz_kib=3423732, rss_kib=600704, tty="?", stat="-", start="16:18",
time="0:02", command="/usr/bin/qemu-system-x86_64 ...", threads=[ProcessThread(...)])]``.
Thread lines (pid ``-``) are attached to the process above them, not returned as
processes. ``qemu_processes`` picks the qemu-system-* / qemu-kvm / kvm processes and reads
the guest name (``-name guest=instance-0000001a,debug-threads=on`` or the old ``-name
instance-0000001a``), ``-uuid`` and every ``-netdev`` (tap with ``vhost=on``, vhost-user,
tap without vhost) into ``QemuProcess``.

Tolerance rule: every line is tried as a row; the header, stderr and the partial first
line of output tailed by sos (it keeps the END of big outputs, e.g. ``17   0:00 -``) do not
have a numeric PID and %CPU in place and are skipped, and thread lines seen before any
process are dropped. The header is not required (``ps aux | grep qemu`` snippets have
none). A tailed first line cut inside the USER column would still parse, with a truncated
user name. Command lines of any length are kept whole. Empty text gives ``[]``;
``ParseError`` only when non-empty text has not one process line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_QEMU_BINARY = re.compile(r"(^|/)(qemu-system-[\w.-]+|qemu-kvm|kvm)$")


@dataclass(slots=True)
class ProcessThread:
    """A thread line of ``ps auxm`` (its pid/vsz/rss columns are ``-``)."""

    cpu_percent: float | None
    stat: str
    start: str
    time: str


@dataclass(slots=True)
class Process:
    """One process row."""

    user: str
    pid: int
    cpu_percent: float | None
    mem_percent: float | None
    vsz_kib: int | None
    rss_kib: int | None
    tty: str
    stat: str
    start: str
    time: str
    command: str
    threads: list[ProcessThread] = field(default_factory=list)


@dataclass(slots=True)
class QemuNetdev:
    """One ``-netdev`` of a qemu command line."""

    type: str
    id: str | None
    vhost: bool
    options: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class QemuProcess:
    """A qemu guest process and what its command line says about it."""

    pid: int
    user: str
    binary: str
    guest_name: str | None
    uuid: str | None
    netdevs: list[QemuNetdev] = field(default_factory=list)


def _number(text: str, kind: type) -> float | int | None:
    try:
        return kind(text)
    except ValueError:
        return None


def _parse_row(line: str) -> Process | ProcessThread | None:
    parts = line.split(None, 10)
    if len(parts) < 10:
        return None
    user, pid, cpu, mem, vsz, rss, tty, stat, start, time = parts[:10]
    command = parts[10] if len(parts) > 10 else ""
    if pid == "-":
        return ProcessThread(_number(cpu, float), stat, start, time)
    if not pid.isdigit() or _number(cpu, float) is None:
        return None
    return Process(
        user=user,
        pid=to_int(pid),
        cpu_percent=_number(cpu, float),
        mem_percent=_number(mem, float),
        vsz_kib=_number(vsz, int),
        rss_kib=_number(rss, int),
        tty=tty,
        stat=stat,
        start=start,
        time=time,
        command=command,
    )


def parse_ps_aux(text: str) -> list[Process]:
    """Parse ``ps aux`` / ``ps auxwwwm`` output."""
    processes: list[Process] = []
    lines = text.splitlines()
    for line in lines:
        row = _parse_row(line)
        if isinstance(row, Process):
            processes.append(row)
        elif isinstance(row, ProcessThread) and processes:
            processes[-1].threads.append(row)
    if not processes and any(line.strip() for line in lines[1:]):
        raise ParseError("no ps aux process line found")
    return processes


def parse_netdev(value: str) -> QemuNetdev:
    """Read one ``-netdev`` argument, e.g. ``tap,fd=35,id=hostnet0,vhost=on,vhostfd=36``."""
    items = value.split(",")
    first = items[0]
    options: dict[str, str] = {}
    kind = first
    if "=" in first:
        # "-netdev type=vhost-user,..." is the same as "-netdev vhost-user,..."
        key, _, val = first.partition("=")
        options[key] = val
        kind = val if key == "type" else ""
    for item in items[1:]:
        key, _, val = item.partition("=")
        options[key] = val
    vhost = kind == "vhost-user" or options.get("vhost") == "on"
    return QemuNetdev(type=kind, id=options.get("id"), vhost=vhost, options=options)


def _guest_name(value: str) -> str:
    for item in value.split(","):
        if item.startswith("guest="):
            return item[len("guest=") :]
    # Old libvirt: "-name instance-0000001a"; qemu option syntax doubles literal commas.
    return value.split(",")[0]


def qemu_processes(processes: list[Process]) -> list[QemuProcess]:
    """The qemu guests among ``processes`` with guest name, uuid and netdevs."""
    guests: list[QemuProcess] = []
    for proc in processes:
        args = proc.command.split()
        if not args or not _QEMU_BINARY.search(args[0]):
            continue
        guest = QemuProcess(proc.pid, proc.user, args[0], None, None)
        for flag, value in zip(args, args[1:], strict=False):
            if flag == "-name":
                guest.guest_name = _guest_name(value)
            elif flag == "-uuid":
                guest.uuid = value
            elif flag == "-netdev":
                guest.netdevs.append(parse_netdev(value))
        guests.append(guest)
    return guests
