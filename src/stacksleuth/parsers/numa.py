"""NUMA topology and counters: ``numactl --hardware`` and ``numastat`` (plain, ``-n``,
``-m``) (sos: ``sos_commands/numa/``).

Real input (``numactl --hardware`` of a 2-node host, public)::

    available: 2 nodes (0-1)
    node 0 cpus: 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    node 0 size: 64044 MB
    node 0 free: 2184 MB
    node distances:
    node   0   1
      0:  10  21
      1:  21  10

gives ``NumaHardware(available_nodes=[0, 1], nodes={0: NumaNode(node=0, cpus=[0, ...,
23], size_mb=64044, free_mb=2184), ...}, distances={0: {0: 10, 1: 21}, 1: {0: 21,
1: 10}})``. A memory-less node has ``cpus: `` (empty) and is kept.

``numastat`` tables (plain: ``node0 node1`` columns of page counts; ``-n``/``-m``: ``Node
0 ... Total`` columns in MB under a ``----`` rule) give ``NumaStat(unit, nodes=[0, 1],
rows={"numa_hit": {0: 1930573251.0, 1: 1846668190.0}, ...}, totals={...})``; ``unit`` is
``"pages"`` for the plain table and ``"MB"`` for ``-n``/``-m``. Row names are kept as
printed (``numa_hit`` vs ``Numa_Hit``).

Tolerance rule: stderr mixed in (numastat -m prints ``Token Node not in hash table.``),
titles and rule lines are skipped, as are rows whose columns do not match the header;
numbers that are not numbers are dropped. Empty text gives an empty result;
``ParseError`` only when non-empty text has none of the expected lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stacksleuth.parsers.base import ParseError, to_int

_AVAILABLE = re.compile(r"^available:\s+(\d+) nodes?\s*\(([^)]*)\)")
_NODE_LINE = re.compile(r"^node (\d+) (cpus|size|free):\s*(.*)$")
_DISTANCE_ROW = re.compile(r"^\s*(\d+):\s+([\d\s]+)$")
_STAT_HEADER = re.compile(r"^\s*((?:node\d+\s*)+|(?:Node \d+\s+)+Total)\s*$")


@dataclass(slots=True)
class NumaNode:
    """One node of ``numactl --hardware``."""

    node: int
    cpus: list[int] = field(default_factory=list)
    size_mb: int | None = None
    free_mb: int | None = None


@dataclass(slots=True)
class NumaHardware:
    """``numactl --hardware``."""

    available_nodes: list[int] = field(default_factory=list)
    nodes: dict[int, NumaNode] = field(default_factory=dict)
    distances: dict[int, dict[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class NumaStat:
    """A ``numastat`` table: row name -> node -> value."""

    unit: str = "pages"
    nodes: list[int] = field(default_factory=list)
    rows: dict[str, dict[int, float]] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)


# Linux builds with at most 1,024 NUMA nodes (and 8,192 CPUs, for a CPU list).
MAX_LIST_RANGE = 65536


def parse_node_list(text: str) -> list[int]:
    """``0-1,3`` or ``0 1 3`` -> ``[0, 1, 3]``."""
    nodes: list[int] = []
    for part in re.split(r"[,\s]+", text.strip()):
        start, sep, end = part.partition("-")
        if start.isdigit() and sep and end.isdigit():
            low, high = to_int(start), to_int(end)
            if high - low >= MAX_LIST_RANGE:  # a damaged list must not fill the memory
                raise ParseError(f"range {part[:40]} spans more than {MAX_LIST_RANGE} nodes")
            nodes.extend(range(low, high + 1))
        elif part.isdigit():
            nodes.append(to_int(part))
    return nodes


def _mb(value: str) -> int | None:
    match = re.match(r"(\d+)\s*MB", value.strip())
    return to_int(match[1]) if match else None


def parse_numactl_hardware(text: str) -> NumaHardware:
    """Parse ``numactl --hardware``."""
    result = NumaHardware()
    columns: list[int] = []
    for line in text.splitlines():
        if match := _AVAILABLE.match(line):
            result.available_nodes = parse_node_list(match[2])
        elif match := _NODE_LINE.match(line):
            node = result.nodes.setdefault(to_int(match[1]), NumaNode(to_int(match[1])))
            if match[2] == "cpus":
                node.cpus = [to_int(cpu) for cpu in match[3].split() if cpu.isdigit()]
            elif match[2] == "size":
                node.size_mb = _mb(match[3])
            else:
                node.free_mb = _mb(match[3])
        elif line.startswith("node ") and line.split()[1:] and line.split()[1].isdigit():
            columns = [to_int(col) for col in line.split()[1:] if col.isdigit()]
        elif (match := _DISTANCE_ROW.match(line)) and columns:
            values = [to_int(value) for value in match[2].split()]
            if len(values) == len(columns):
                result.distances[to_int(match[1])] = dict(zip(columns, values, strict=True))
    if not (result.available_nodes or result.nodes) and text.strip():
        raise ParseError("not numactl --hardware output")
    return result


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _header_nodes(line: str) -> list[int]:
    return [to_int(num) for num in re.findall(r"[Nn]ode ?(\d+)", line)]


def parse_numastat(text: str) -> NumaStat:
    """Parse a ``numastat`` table (plain, ``-n`` or ``-m``)."""
    result = NumaStat()
    with_total = False
    for line in text.splitlines():
        if _STAT_HEADER.match(line):
            result.nodes = _header_nodes(line)
            with_total = line.rstrip().endswith("Total")
            result.unit = "MB" if with_total else "pages"
            continue
        parts = line.split()
        if not result.nodes or len(parts) < 2 or set(parts[1]) <= {"-"}:
            continue
        values = [_number(part) for part in parts[1:]]
        if len(values) != len(result.nodes) + (1 if with_total else 0) or None in values:
            continue
        numbers = [value for value in values if value is not None]
        result.rows[parts[0]] = dict(zip(result.nodes, numbers, strict=False))
        if with_total:
            result.totals[parts[0]] = numbers[-1]
    if not result.nodes and text.strip():
        raise ParseError("no numastat node header found")
    return result
