"""Who a host is: `uname -a`, os-release, `lsb_release`, `uptime`, `timedatectl`/`date`, and
sos's `version.txt`.

Real input (the corpus compute, sos 4.2)::

    Linux compute4 5.4.0-97-generic #110-Ubuntu SMP Thu Jan 13 18:22:13 UTC 2022 x86_64 ...
     16:19:19 up 17:41,  2 users,  load average: 3.58, 3.27, 2.58
                   Local time: Thu 2022-02-10 16:19:48 UTC
    sosreport: 4.2

gives kernel `5.4.0-97-generic`, uptime 17 h 41 min, report time 2022-02-10 16:19:48 UTC,
sos 4.2. Each parser returns None when the text holds nothing it recognises.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from stacksleuth.parsers.base import ParseError, to_int


@dataclass(slots=True)
class Uname:
    kernel_name: str
    hostname: str
    release: str
    version: str
    machine: str


def parse_uname(text: str) -> Uname | None:
    """`uname -a`: `Linux <host> <release> #<version ...> <machine> ... GNU/Linux`."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0] in ("Linux", "GNU/Linux"):
            machine = fields[-2] if fields[-1] == "GNU/Linux" and len(fields) >= 5 else fields[-1]
            version = " ".join(fields[3:-3]) if len(fields) > 6 else ""
            return Uname(fields[0], fields[1], fields[2], version, machine)
    return None


@dataclass(slots=True)
class OsRelease:
    id: str
    name: str
    version_id: str
    pretty_name: str
    codename: str = ""


def parse_os_release(text: str) -> OsRelease | None:
    """/etc/os-release: shell-style KEY="value" lines."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", key):
            continue
        try:
            parts = shlex.split(value)
        except ValueError:
            parts = [value.strip("\"'")]
        values[key] = parts[0] if parts else ""
    if "ID" not in values and "NAME" not in values:
        return None
    return OsRelease(
        id=values.get("ID", ""),
        name=values.get("NAME", ""),
        version_id=values.get("VERSION_ID", ""),
        pretty_name=values.get("PRETTY_NAME", values.get("NAME", "")),
        codename=values.get("VERSION_CODENAME", values.get("UBUNTU_CODENAME", "")),
    )


def parse_lsb_release(text: str) -> OsRelease | None:
    """`lsb_release -a`: `Distributor ID:\\tUbuntu`, `Release:\\t20.04`, `Codename:\\tfocal`."""
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            values[key.strip()] = value.strip()
    if "Distributor ID" not in values and "Description" not in values:
        return None
    return OsRelease(
        id=values.get("Distributor ID", "").lower(),
        name=values.get("Distributor ID", ""),
        version_id=values.get("Release", ""),
        pretty_name=values.get("Description", ""),
        codename=values.get("Codename", ""),
    )


_REDHAT_RELEASE = re.compile(r"^(?P<name>.+?) release (?P<version>[\d.]+)(?: \((?P<code>[^)]*)\))?")


def parse_redhat_release(text: str) -> OsRelease | None:
    """/etc/redhat-release: `Red Hat Enterprise Linux release 8.4 (Ootpa)`."""
    match = _REDHAT_RELEASE.match(text.strip())
    if not match:
        return None
    name = match["name"]
    os_id = "rhel" if name.startswith("Red Hat Enterprise") else name.split()[0].lower()
    return OsRelease(
        os_id, name, match["version"], text.strip().splitlines()[0], match["code"] or ""
    )


_UPTIME = re.compile(
    r"\bup\s+(?:(?P<days>\d+)\s+days?,\s*)?"
    r"(?:(?P<hours>\d+):(?P<minutes>\d+)|(?P<mins>\d+)\s+min)"
)
_UPTIME_DAYS_ONLY = re.compile(r"\bup\s+(?P<days>\d+)\s+days?,\s+\d+\s+users?")


# No machine has been up for a century; beyond that the number is damage, and past about
# 2.7 million years it does not even fit a timedelta.
MAX_UPTIME = timedelta(days=36525)


def parse_uptime(text: str) -> timedelta | None:
    """`uptime`: ` 16:19:19 up 17:41,  2 users, ...`, `up 3 days,  2:01`, `up 45 min`.

    Raises ParseError for an uptime no machine can have (`up 99999999999 days`, `up 3:75`).
    """
    match = _UPTIME.search(text)
    if match:
        days = to_int(match["days"] or 0)
        if match["mins"]:
            hours, minutes = 0, to_int(match["mins"])
        else:
            hours, minutes = to_int(match["hours"]), to_int(match["minutes"])
            if minutes > 59:
                raise ParseError(f"impossible uptime {hours}:{minutes:02d}")
        return _plausible(days, hours, minutes)
    match = _UPTIME_DAYS_ONLY.search(text)
    if match:
        return _plausible(to_int(match["days"]), 0, 0)
    return None


def _plausible(days: int, hours: int, minutes: int) -> timedelta:
    if days > MAX_UPTIME.days or hours > 24 * MAX_UPTIME.days or minutes > 1440 * MAX_UPTIME.days:
        raise ParseError(f"impossible uptime of {days} days, {hours} hours, {minutes} minutes")
    uptime = timedelta(days=days, hours=hours, minutes=minutes)
    if uptime > MAX_UPTIME:
        raise ParseError(f"impossible uptime of {uptime.days} days")
    return uptime


_TIMEDATECTL = re.compile(
    r"Universal time:\s+\w{3}\s+(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s+UTC"
)
_TIMEDATECTL_LOCAL = re.compile(
    r"Local time:\s+\w{3}\s+(?P<date>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\s+(?P<zone>\S+)"
)
_DATE = re.compile(
    r"^\w{3}\s+(?P<month>\w{3})\s+(?P<day>\d{1,2})\s+(?P<time>\d{2}:\d{2}:\d{2})\s+"
    r"(?:(?P<zone>[A-Z]{2,5}|[+-]\d{4})\s+)?(?P<year>\d{4})$"
)
_DATE_UTC = re.compile(r"^Universal time:|^\s*UTC:")


def parse_report_time(text: str) -> datetime | None:
    """The host's clock when sos ran, in UTC, from `timedatectl` or `date` output.

    `timedatectl` gives `Universal time: Thu 2022-02-10 16:19:48 UTC`; `date` gives
    `Thu Feb 10 16:19:48 UTC 2022` (old sos ran `date` and `date --utc`); when the zone is
    not UTC and no offset is printed, the local time is taken as it is.

    Raises ParseError for a time no clock shows (`42:54:30`, `Feb 30`, offset `+9900`).
    """
    match = _TIMEDATECTL.search(text) or _TIMEDATECTL_LOCAL.search(text)
    if match:
        return _report_moment(match["date"], "%Y-%m-%d %H:%M:%S", "UTC")
    for line in text.splitlines():
        found = _DATE.match(line.strip())
        if not found:
            continue
        stamp = f"{found['year']} {found['month']} {found['day']} {found['time']}"
        return _report_moment(stamp, "%Y %b %d %H:%M:%S", found["zone"] or "UTC")
    return None


# The report's year: before 1970 or after 9000 is a clock never set or a damaged file, and
# would put the boot time (report time minus uptime) out of any calendar.
_YEARS = range(1970, 9000)


def _report_moment(stamp: str, layout: str, zone: str) -> datetime:
    try:
        moment = datetime.strptime(stamp, layout)
    except ValueError as exc:  # 42:54:30, Feb 30, a month name date does not know
        raise ParseError(f"impossible date or time {stamp!r}") from exc
    if moment.year not in _YEARS:
        raise ParseError(f"implausible year in {stamp!r}")
    if not re.fullmatch(r"[+-]\d{4}", zone):
        # When the zone is not UTC and no offset is printed, local time is taken as it is.
        return moment.replace(tzinfo=UTC)
    hours, minutes = to_int(zone[1:3]), to_int(zone[3:5])
    if hours > 23 or minutes > 59:
        raise ParseError(f"impossible zone offset {zone!r}")
    offset = timedelta(hours=hours, minutes=minutes) * (1 if zone[0] == "+" else -1)
    return moment.replace(tzinfo=timezone(offset)).astimezone(UTC)


def parse_sos_version(text: str) -> str | None:
    """version.txt: `sosreport: 4.2` (3.x to 4.7), `sos report: 4.8.0` (4.8 on)."""
    match = re.search(r"^sos ?report:\s*(\S+)", text, re.MULTILINE)
    return match.group(1) if match else None


def parse_hostname(text: str) -> str | None:
    """`hostname` or /etc/hostname: the first non-empty line."""
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            return line.strip()
    return None
