"""Times for year-less syslog lines when the report does not say when it was taken.

`Feb 10 16:19:20 host kernel: ...` has no year; the scan takes it from the report's date
(`date`/`timedatectl`). A bundle of logs, or a sosreport whose date command is missing,
leaves those lines without a time, and a log condition with `window_seconds` can then
never hold. The fallback, in order:
1. the date in the archive's or directory's name (`sosreport-compute4-2022-02-10`): sos
   names the report when it runs, so it is the report date;
2. the newest full timestamp among the matched lines (nova, OVS and RFC 3339 syslog lines
   carry a year): the report was taken after it.
The years are then inferred as for a dated report; the host gets a note saying from what.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from stacksleuth.evidence.model import Note, Severity
from stacksleuth.scan.engine import LogHit, ScanResult
from stacksleuth.scan.timestamps import LineClock

_NAME_DATE = re.compile(r"(?<!\d)(20\d{2})-(\d{2})-(\d{2})(?!\d)")


def reference_time(
    names: list[str], scan: ScanResult, wanted: dict[str, set[str]]
) -> tuple[datetime, str] | None:
    """A stand-in for the report time, and where it came from; None when nothing says."""
    for name in names:
        match = _NAME_DATE.search(name.rsplit("/", 1)[-1])
        if match:
            try:
                day = datetime(*map(int, match.groups()), 23, 59, 59, tzinfo=UTC)
            except ValueError:
                continue
            return day, f"the date in the name {match.group(0)}"
    times = [
        hit.time
        for source, patterns in wanted.items()
        for pattern in patterns
        for hit in scan.for_pattern(source, pattern)
        if hit.time is not None
    ]
    if times:
        newest = max(times)
        return newest, f"the newest dated log line ({newest.date().isoformat()})"
    return None


class YearFilledScan:
    """A scan whose lines without a time get one from a stand-in report date.

    It offers what the engine reads of a `ScanResult` (`for_pattern`, `used`) and leaves
    the scan itself untouched.
    """

    def __init__(self, scan: ScanResult, clock: LineClock) -> None:
        self._scan = scan
        self._clock = clock
        self.used = scan.used

    def for_pattern(self, source: str, pattern: str) -> list[LogHit]:
        return [
            hit if hit.time is not None else replace(hit, time=self._clock.time_of(hit.text))
            for hit in self._scan.for_pattern(source, pattern)
        ]


def with_inferred_years(
    scan: ScanResult,
    wanted: dict[str, set[str]],
    names: list[str],
    boot_time: datetime | None,
    notes: list[Note],
) -> ScanResult | YearFilledScan:
    """The scan, its untimed lines timed from `reference_time` when one is found."""
    untimed = any(
        hit.time is None
        for source, patterns in wanted.items()
        for pattern in patterns
        for hit in scan.for_pattern(source, pattern)
    )
    found = reference_time(names, scan, wanted) if untimed else None
    if found is None:
        return scan
    reference, origin = found
    notes.append(
        Note(
            Severity.INFO,
            "date",
            f"the report's date is unknown; years of syslog lines inferred from {origin}",
        )
    )
    return YearFilledScan(scan, LineClock(reference, boot_time))
