"""The order of events across hosts: every quoted log line that has a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MAX_EVENTS = 2000  # a timeline an operator can read; the findings keep every line


def timeline(findings: Iterable[Mapping[str, object]]) -> list[dict[str, object]]:
    """Timed evidence lines of every finding, oldest first (one entry per host and line);
    past MAX_EVENTS the newest are kept: the incident is usually the latest thing."""
    events: dict[tuple[str, str, int], dict[str, object]] = {}
    for finding in findings:
        for quote in finding.get("evidence", []):  # type: ignore[union-attr]
            if not quote.get("time"):
                continue
            key = (str(finding["host"]), str(quote["path"]), int(quote["line"]))
            events.setdefault(
                key,
                {
                    "host": finding["host"],
                    "time": quote["time"],
                    "check": finding["check"],
                    "label": quote.get("label", ""),
                    "path": quote["path"],
                    "line": quote["line"],
                    "text": quote["text"],
                },
            )
    ordered = sorted(events.values(), key=lambda e: (str(e["time"]), str(e["host"])))
    return ordered[-MAX_EVENTS:]
