"""When a matched log line happened: tried only on lines that matched, never on all."""

from __future__ import annotations

from datetime import datetime

from stacksleuth.parsers.logs import (
    YearInference,
    parse_bsd_syslog,
    parse_dmesg,
    parse_iso_syslog,
    parse_openstack,
    parse_ovs,
)


class LineClock:
    """Turns a log line into an absolute UTC time, using what the host's identity knows:
    the report date (for syslog's year-less stamps) and the boot time (for dmesg)."""

    def __init__(self, report_time: datetime | None, boot_time: datetime | None) -> None:
        self._years = YearInference(report_time.date()) if report_time else None
        self._boot = boot_time

    def time_of(self, line: str) -> datetime | None:
        for record in (
            parse_iso_syslog(line),
            parse_openstack(line),
            parse_ovs(line),
            parse_bsd_syslog(line, self._years) if self._years else None,
            parse_dmesg(line, self._boot),
        ):
            if record is not None and record.time is not None:
                return record.time
        return None
