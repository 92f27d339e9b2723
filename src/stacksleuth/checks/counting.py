"""When enough log lines matched: `min_count`, `window_seconds` and `group_by`.

Without `group_by` every matching line counts together; with it (`group_by: iface`) each
value of the named group counts on its own - four link changes of eth0 make a flapping
link, one each on four interfaces do not. A window needs the lines' times; lines whose
time is unknown never count towards a window.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from stacksleuth.checks.model import LogMatch
from stacksleuth.scan.engine import LogHit


def qualifying(hits: list[LogHit], log: LogMatch) -> list[LogHit]:
    """The lines that make the condition hold (all of them, or those of the group values
    that reach the count); empty when it does not hold."""
    if log.group_by is None:
        return hits if _enough(hits, log) else []
    return [hit for group in grouped(hits, log).values() if _enough(group, log) for hit in group]


def grouped(hits: list[LogHit], log: LogMatch) -> dict[str, list[LogHit]]:
    """Lines by the value of the `group_by` group (lines without it are left out)."""
    groups: dict[str, list[LogHit]] = defaultdict(list)
    for hit in hits:
        value = hit.groups.get(log.group_by or "")
        if value is not None:
            groups[value].append(hit)
    return dict(groups)


def describe(hits: list[LogHit], kept: list[LogHit], log: LogMatch) -> str:
    """One line for the operator: how many lines matched and what counted."""
    text = f"{len(hits)} matching line(s) in the {log.source} log"
    rule = f"{log.min_count} or more"
    if log.window_seconds is not None:
        rule += f" within {log.window_seconds} s"
    if log.group_by is None:
        return text if log.min_count == 1 and log.window_seconds is None else f"{text} ({rule})"
    counted = grouped(kept, log)
    if not counted:
        return f"{text}; no single {log.group_by} has {rule}"
    each = ", ".join(f"{value}: {len(lines)}" for value, lines in sorted(counted.items()))
    return f"{text}; {rule} for one {log.group_by}: {each}"


def _enough(hits: list[LogHit], log: LogMatch) -> bool:
    if len(hits) < log.min_count:
        return False
    if log.window_seconds is None:
        return True
    times = sorted(h.time for h in hits if h.time is not None)
    return _any_window(times, log.min_count, log.window_seconds)


def _any_window(times: list[datetime], count: int, seconds: int) -> bool:
    for start in range(len(times) - count + 1):
        if (times[start + count - 1] - times[start]).total_seconds() <= seconds:
            return True
    return False
