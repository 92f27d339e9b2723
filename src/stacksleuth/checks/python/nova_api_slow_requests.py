"""nova-api-slow-requests: requests far slower than this host's usual request.

Seed 002 ("Havana Haunted by the Dead"): the same EC2 RunInstances call took 138.6 s on a
deployment whose database held 300,000 deleted instances, against 3.9 s on a clean one.
A fixed threshold cannot say "far above usual" for every API (a server list is slower
than a flavor show), so the yardstick is the host's own median request time: a request
counts when it took at least `RATIO` times the median and at least `FLOOR_SECONDS`
(so that a host whose requests all take 50 ms does not report a 2-second call).

The YAML condition `requests` declares the request-line pattern with a `seconds` group;
every matching line is a request.
"""

from __future__ import annotations

from statistics import median

from stacksleuth.checks.python.api import PythonCheckInput, register
from stacksleuth.checks.results import ConditionResult

RATIO = 10.0
FLOOR_SECONDS = 30.0


@register("nova-api-slow-requests")
def slow_requests(given: PythonCheckInput) -> list[ConditionResult] | None:
    timed = [(hit, float(hit.groups["seconds"])) for hit in given.hits("requests")]
    if not timed:
        return None
    usual = median(seconds for _, seconds in timed)
    limit = max(RATIO * usual, FLOOR_SECONDS)
    slow = [(hit, seconds) for hit, seconds in timed if seconds >= limit]
    if not slow:
        return None
    slowest = max(seconds for _, seconds in slow)
    detail = (
        f"{len(slow)} of {len(timed)} request(s) took {limit:g} s or more "
        f"(at least {RATIO:g}x the host's median of {usual:.3g} s and {FLOOR_SECONDS:g} s); "
        f"the slowest {slowest:.1f} s"
    )
    return [ConditionResult("slow_requests", "log", True, detail, [hit for hit, _ in slow])]
