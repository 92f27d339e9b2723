"""Log lines: syslog (BSD and RFC 3339), journalctl, dmesg, OpenStack (oslo.log), Open vSwitch
and dnsmasq. One function per format turns ONE line into a ``LogRecord``; each returns ``None``
for a line that is not of its format.

sos files: ``var/log/syslog``, ``var/log/kern.log``, ``var/log/messages``, ``var/log/dmesg``,
``sos_commands/kernel/dmesg``, ``sos_commands/logs/journalctl_--no-pager*``,
``var/log/nova/*.log``, ``var/log/neutron/*.log``, ``var/log/openvswitch/*.log``, neutron's
dnsmasq ``--log-facility`` file.

``parse_bsd_syslog`` (rsyslog traditional format, ``kern.log``, ``journalctl`` default
``short``/``short-precise`` output; corpus ``var/log/kern.log``)::

    Feb  4 09:34:10 compute4 kernel: [    1.416695] virtio_net virtio0 ens3: renamed from eth0

-> ``LogRecord(time=2022-02-04 09:34:10+00:00, host="compute4", program="kernel", pid=None,
level=None, message="virtio_net virtio0 ens3: renamed from eth0", since_boot=1.416695)``.
The year is not in the line: ``YearInference(report_date)`` puts a month later than the
report's month into the previous year (logs that roll over New Year); without it ``time`` is
``None``. The timestamp is local time of the host (``tz``, UTC by default). Lines without a
hostname (dnsmasq ``--log-facility`` files, busybox) give ``host=None``.

``parse_iso_syslog`` (rsyslog ``RSYSLOG_FileFormat``, ``journalctl -o short-iso[-precise]``)::

    2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: ...

-> ``time=2023-09-08 15:20:30+00:00``, ``program="r710_fan_controller.sh"``, ``pid=20911``.

``parse_dmesg`` (``dmesg``, ``dmesg -T``, ``dmesg -x``, ``dmesg --time-format iso``)::

    [63666.498232] bcache: register_bcache() error : device already registered
    kern  :warn  : [   64.000000] example[4]
    [Fri Feb 13 23:31:31 2009] new

-> ``since_boot=63666.498232`` (``time`` = ``boot_time`` + that, or ``None`` without a boot
time), ``facility="kern", level="warn"``, ``time=2009-02-13 23:31:31+00:00``.
``parse_journal_monotonic`` reads Ubuntu's ``/var/log/dmesg`` (``journalctl --dmesg -o
short-monotonic --no-hostname``): ``[    0.000000] kernel: Linux version ...``.

``parse_openstack`` (oslo.log files; also the message part of a syslog/journal line)::

    2022-02-04 10:21:58.881 284971 ERROR nova.compute.manager [req-97b1... - - - - -] Error ...
    2022-02-04 10:21:58.881 284971 ERROR nova.compute.manager Traceback (most recent call last):

-> ``pid=284971, level="ERROR", module="nova.compute.manager", request_id="req-97b1..."``;
the second line has no ``[context]`` (oslo's ``logging_exception_prefix``), so it comes back
with ``continuation=True`` and its message keeps its indentation. ``[None req-X ...]``
(newer oslo: global request id first), ``[-]``, ``[instance: <uuid>]`` and ``TRACE`` lines
are understood. Lines of a multi-line message that do not repeat the prefix give ``None``.

``parse_ovs`` (``ovs-vswitchd.log``, ``ovsdb-server.log``; also ``ovs|00001|...`` messages
that OVS tools send to syslog)::

    2022-02-10T19:12:22.232Z|13903|timeval(handler22)|WARN|Unreasonably long 13189ms poll ...

-> ``sequence=13903, module="timeval", thread="handler22", level="WARN"``.

``parse_dnsmasq`` + ``parse_dhcp_event``::

    Sep 24 14:32:43 loki dnsmasq-dhcp[19298]: DHCPREQUEST(tap689b75b7-f5) 50.50.1.4 fa:16:...

-> ``DhcpEvent(event="DHCPREQUEST", interface="tap689b75b7-f5", ip="50.50.1.4",
mac="fa:16:3e:cb:f7:cf", xid=None, detail="")``.

``parse_journal_marker`` reads the ``-- Logs begin at ... --`` / ``-- Journal begins at ...
--`` header (its dates give the years of a journal), ``-- Reboot --`` and ``-- Boot <id> --``.

Tolerance rule: the line parsers never raise; anything they do not understand (a partial first
line of a tailed file, continuation lines, stderr, catalog text) gives ``None``. All times are
timezone-aware UTC, or ``None`` when the line cannot tell. ``parse_log(text)`` reads a whole
file in the format ``detect_format`` names; empty text gives ``[]``, and ``ParseError`` is
raised only when non-empty text has not one line of any format here.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from stacksleuth.parsers.base import ParseError

FORMAT_SYSLOG = "syslog"
FORMAT_SYSLOG_ISO = "syslog-iso"
FORMAT_DMESG = "dmesg"
FORMAT_JOURNAL_MONOTONIC = "journal-monotonic"
FORMAT_OPENSTACK = "openstack"
FORMAT_OVS = "ovs"
FORMAT_DNSMASQ = "dnsmasq"

_MONTH_NAMES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES.split("|"), 1)}
_MON = r"(?P<mon>" + _MONTH_NAMES + ")"
_HMS = r"(?P<hh>\d\d):(?P<mm>\d\d):(?P<ss>\d\d)"
_YMD = r"(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)"

_BSD = re.compile(_MON + r" (?P<day>[ \d]\d) " + _HMS + r"(?:\.(?P<frac>\d+))? (?P<rest>.*)")
_ISO = re.compile(_YMD + "T" + _HMS + r"(?:\.(?P<frac>\d+))?(?P<tz>Z|[+-]\d\d:?\d\d) (?P<rest>.*)")
# A syslog tag: "prog:", "prog[pid]:"; the program name has no blanks, brackets or colons.
_TAG = re.compile(r"(?P<prog>[^\s\[\]:]+)(?:\[(?P<pid>\d+)\])?:(?: |$)(?P<msg>.*)")
_KERNEL_SECS = re.compile(r"\[\s*(?P<secs>\d+\.\d+)\] ?")

_DMESG = re.compile(r"\[\s*(?P<secs>\d+\.\d+)\] ?(?P<msg>.*)")
_DMESG_CTIME = re.compile(
    r"\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
    + _MON
    + r" (?P<day>[ \d]\d) "
    + _HMS
    + r" (?P<year>\d{4})\] ?(?P<msg>.*)"
)
# dmesg --time-format iso separates the fraction with a comma; syslog uses a dot.
_DMESG_ISO = re.compile(_YMD + "T" + _HMS + r",(?P<frac>\d+)(?P<tz>Z|[+-]\d\d:?\d\d) ?(?P<msg>.*)")
_DMESG_DECODE = re.compile(
    r"(?P<fac>[a-z]+\d?)\s*:(?P<lvl>emerg|alert|crit|err|warn|notice|info|debug)\s*: (?P<rest>.*)"
)
# Userspace writing to /dev/kmsg ("systemd[1]: ...") names itself like a syslog tag.
_KMSG_USER = re.compile(r"(?P<prog>[\w.@-]+)\[(?P<pid>\d+)\]: ")

_LEVELS = "DEBUG|INFO|AUDIT|WARNING|ERROR|CRITICAL|TRACE"
_OSLO = re.compile(
    _YMD + " " + _HMS + r"(?:[.,](?P<frac>\d+))? (?:(?P<pid>\d+) )?"
    r"(?P<level>" + _LEVELS + r") (?P<logger>\S+)(?: (?P<rest>.*))?"
)
# oslo.log writing to the journal/syslog drops time and pid (devstack, use_journal).
_OSLO_NOTIME = re.compile(r"(?P<level>" + _LEVELS + r") (?P<logger>\S+) (?P<rest>\[.*)")
_INSTANCE = re.compile(r"\[instance: (?P<uuid>[0-9a-fA-F-]{32,36})\] ?")
# rsyslog escapes the ESC of oslo's colour codes as "#033".
_ANSI = re.compile(r"(?:#033|\x1b)\[[0-9;]*m")

_OVS = re.compile(
    r"(?:" + _YMD + "T" + _HMS + r"(?:\.(?P<frac>\d+))?Z|ovs)"
    r"\|(?P<seq>\d+)\|(?P<module>[^|()]+)(?:\((?P<thread>[^|()]*)\))?"
    r"\|(?P<level>EMER|ERR|WARN|INFO|DBG)\|(?P<msg>.*)"
)

_DHCP = re.compile(
    r"(?:(?P<xid>\d+) )?(?P<event>DHCP[A-Z]+(?:-[A-Z]+)?)\((?P<iface>[^)]*)\)(?: (?P<rest>.*))?"
)
_MAC = re.compile(r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}")

_JOURNAL_RANGE = re.compile(
    r"-- (?:Logs begin at|Journal begins at) (?P<begin>.+?)"
    r"(?:, (?:end at|ends at) (?P<end>.+?))?\. --$"
)
_JOURNAL_TIME = re.compile(r"(?:\w+ )?" + _YMD + " " + _HMS + r"(?: (?P<zone>\S+))?")
# journalctl's markers are under 100 characters; the range regex tries every ", end at"
# of a longer line from every start, so such a line (damage) is not a marker.
_MAX_MARKER = 256
_JOURNAL_BOOT = re.compile(r"-- Boot (?P<id>[0-9a-f]{32}) --$")

_OFFSETS: dict[str, tzinfo] = {"Z": UTC, "UTC": UTC, "GMT": UTC}


@dataclass(slots=True)
class LogRecord:
    """One log line. Fields a format does not carry stay ``None``."""

    time: datetime | None
    host: str | None
    program: str | None
    pid: int | None
    level: str | None
    message: str
    since_boot: float | None = None  # seconds since boot: dmesg and kernel "[secs]" prefixes
    facility: str | None = None  # dmesg -x
    module: str | None = None  # OpenStack logger name, OVS vlog module
    thread: str | None = None  # OVS thread ("handler22" in "timeval(handler22)")
    sequence: int | None = None  # OVS per-process message counter
    request_id: str | None = None  # OpenStack "req-..."
    global_request_id: str | None = None
    user: str | None = None
    project: str | None = None
    instance: str | None = None
    continuation: bool = False  # OpenStack exception/traceback line (no [context])


@dataclass(slots=True)
class DhcpEvent:
    """A dnsmasq DHCP transaction line such as ``DHCPACK(tap1b2c) 10.0.0.5 fa:16:3e:aa:bb:cc``."""

    event: str
    interface: str
    ip: str | None
    mac: str | None
    xid: int | None  # transaction id, present with --log-dhcp
    detail: str  # hostname on ACK, reason on NAK/"no address available"


@dataclass(slots=True)
class JournalMarker:
    """A ``-- ... --`` line of journalctl output that is not a catalog text line."""

    kind: str  # "range", "reboot", "boot" or "no-entries"
    begin: datetime | None = None
    end: datetime | None = None
    boot_id: str | None = None


@dataclass(slots=True, frozen=True)
class YearInference:
    """Years for month-day timestamps, judged from the report's date."""

    report_date: date

    def year_for(self, month: int) -> int:
        # A month later than the report's month can only be last year's (New Year rollover).
        if month > self.report_date.month:
            return self.report_date.year - 1
        return self.report_date.year


def _number(digits: str | None) -> int | None:
    """A pid, sequence or transaction number; None when absent or longer than any counter
    (a damaged line: Python would refuse one of over 4,300 digits, and a line parser
    never raises)."""
    return int(digits) if digits and len(digits) <= 20 else None


def _micro(frac: str | None) -> int:
    if not frac:
        return 0
    return int(frac[:6].ljust(6, "0"))


def _offset(text: str) -> tzinfo | None:
    """The zone of `Z`, `UTC`, `+02:00` or `-0500`; None for anything else, including an
    offset no clock has (`+90:00`: a zone is less than 24 hours from UTC)."""
    tz = _OFFSETS.get(text)
    if tz is None and len(text) in (5, 6) and text[0] in "+-" and text[1:3].isdigit():
        hours, minutes = int(text[1:3]), int(text[-2:])
        if hours > 23 or minutes > 59:
            return None
        total = hours * 60 + minutes
        tz = timezone(timedelta(minutes=-total if text[0] == "-" else total))
        _OFFSETS[text] = tz
    return tz


def _utc(
    m: re.Match[str], year: int, month: int, day: int, tz: tzinfo, frac: str | None = None
) -> datetime | None:
    try:
        moment = datetime(
            year, month, day, int(m["hh"]), int(m["mm"]), int(m["ss"]), _micro(frac), tz
        )
    except ValueError:  # Feb 29 put into a non-leap year, or a mangled line
        return None
    if tz is UTC:
        return moment
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31 at -01:00 is in year 10000: no such datetime
        return None


def _ymd_utc(m: re.Match[str], tz: tzinfo, frac: str | None = None) -> datetime | None:
    return _utc(m, int(m["y"]), int(m["mo"]), int(m["d"]), tz, frac)


def _split_tag(rest: str) -> tuple[str | None, str | None, int | None, str, bool]:
    """(host, program, pid, message, tagged) of what follows a syslog timestamp."""
    m = _TAG.match(rest)
    if m is not None:  # no hostname: dnsmasq --log-facility files, busybox
        return None, m["prog"], _number(m["pid"]), m["msg"], True
    host, _, after = rest.partition(" ")
    m = _TAG.match(after)
    if m is not None:
        return host, m["prog"], _number(m["pid"]), m["msg"], True
    return host, None, None, after, False


def _syslog_record(time: datetime | None, rest: str, require_tag: bool) -> LogRecord | None:
    host, program, pid, message, tagged = _split_tag(rest)
    if require_tag and not tagged:
        return None
    since_boot = None
    if program == "kernel":
        k = _KERNEL_SECS.match(message)
        if k is not None:
            since_boot = _seconds(k["secs"])
            message = message[k.end() :]
    return LogRecord(
        time=time,
        host=host,
        program=program,
        pid=pid,
        level=None,
        message=message,
        since_boot=since_boot,
    )


def parse_bsd_syslog(
    line: str, years: YearInference | None = None, tz: tzinfo = UTC
) -> LogRecord | None:
    """``Feb  3 16:18:33 host prog[pid]: msg`` (also journalctl ``short``/``short-precise``)."""
    m = _BSD.match(line.rstrip("\r\n"))
    if m is None:
        return None
    time = None
    if years is not None:
        month = _MONTHS[m["mon"]]
        time = _utc(m, years.year_for(month), month, int(m["day"]), tz, m["frac"])
    return _syslog_record(time, m["rest"], require_tag=False)


def parse_iso_syslog(line: str) -> LogRecord | None:
    """``2022-02-10T16:18:33.118406+00:00 host prog[pid]: msg`` (rsyslog RFC 3339 format,
    journalctl ``-o short-iso[-precise]``); a line without a ``prog:`` tag is not one."""
    m = _ISO.match(line.rstrip("\r\n"))
    if m is None:
        return None
    tz = _offset(m["tz"])  # None for an impossible offset: the line stays, untimed
    time = _ymd_utc(m, tz, m["frac"]) if tz is not None else None
    return _syslog_record(time, m["rest"], require_tag=True)


# Seconds since boot beyond this (about 3,000 years) come from a damaged line, not a clock.
_MAX_SINCE_BOOT = 1e11


def _seconds(text: str) -> float | None:
    seconds = float(text)  # only digits and one dot reach here: never raises
    return seconds if seconds < _MAX_SINCE_BOOT else None


def _after_boot(boot_time: datetime | None, since_boot: float | None) -> datetime | None:
    if boot_time is None or since_boot is None:
        return None
    try:
        return boot_time.astimezone(UTC) + timedelta(seconds=since_boot)
    except OverflowError:  # past year 9999
        return None


def parse_dmesg(line: str, boot_time: datetime | None = None, tz: tzinfo = UTC) -> LogRecord | None:
    """A kernel ring buffer line: ``[secs] msg``, ``dmesg -T``, ``dmesg -x``, ``--time-format iso``.

    ``boot_time`` (aware) turns seconds since boot into ``time``; ``tz`` is the host's zone for
    ``dmesg -T`` (which prints local time, and drifts after suspend)."""
    line = line.rstrip("\r\n")
    facility = level = None
    if line[:1].islower():
        d = _DMESG_DECODE.match(line)
        if d is None:
            return None
        facility, level, line = d["fac"], d["lvl"], d["rest"]
    time = since_boot = None
    if line.startswith("["):
        m = _DMESG.match(line)
        if m is not None:
            since_boot = _seconds(m["secs"])
            time = _after_boot(boot_time, since_boot)
        else:
            m = _DMESG_CTIME.match(line)
            if m is None:
                return None
            time = _utc(m, int(m["year"]), _MONTHS[m["mon"]], int(m["day"]), tz)
    else:
        m = _DMESG_ISO.match(line)
        if m is None:
            return None
        offset = _offset(m["tz"])
        time = _ymd_utc(m, offset, m["frac"]) if offset is not None else None
    message = m["msg"]
    # dmesg -x shows userspace facilities too; only "kern" lines are the kernel's own.
    program = "kernel" if facility in (None, "kern") else None
    pid = None
    u = _KMSG_USER.match(message)
    if u is not None:
        program, pid, message = u["prog"], _number(u["pid"]), message[u.end() :]
    return LogRecord(
        time=time,
        host=None,
        program=program,
        pid=pid,
        level=level,
        message=message,
        since_boot=since_boot,
        facility=facility,
    )


def parse_journal_monotonic(line: str, boot_time: datetime | None = None) -> LogRecord | None:
    """``[    0.000000] kernel: msg`` from ``journalctl -o short-monotonic`` (Ubuntu's
    ``/var/log/dmesg``), with or without a hostname before the tag."""
    m = _DMESG.match(line.rstrip("\r\n"))
    if m is None:
        return None
    record = _syslog_record(None, m["msg"], require_tag=True)
    if record is None:
        return None
    record.since_boot = _seconds(m["secs"])
    record.time = _after_boot(boot_time, record.since_boot)
    return record


def _apply_context(record: LogRecord, context: str) -> None:
    """Fill request ids and user/project from oslo's ``[...]`` context."""
    tokens = context.split()
    i = 0
    # Newer oslo puts the global request id first ("None" when there is none).
    if len(tokens) > 1 and tokens[1].startswith("req-") and tokens[0] in ("None", "-"):
        i = 1
    elif len(tokens) > 1 and tokens[0].startswith("req-") and tokens[1].startswith("req-"):
        record.global_request_id = tokens[0]
        i = 1
    if i < len(tokens) and tokens[i].startswith("req-"):
        record.request_id = tokens[i]
        i += 1
        if i < len(tokens) and tokens[i] not in ("-", "None"):
            record.user = tokens[i]
        if i + 1 < len(tokens) and tokens[i + 1] not in ("-", "None"):
            record.project = tokens[i + 1]


def parse_openstack(line: str, tz: tzinfo = UTC) -> LogRecord | None:
    """``2022-02-10 16:18:33.118 12345 WARNING nova.compute.manager [req-...] [instance: ...] msg``.

    ``tz`` is the zone the service logs in (local time of its host or container)."""
    line = line.rstrip("\r\n")
    if "#033[" in line or "\x1b[" in line:
        line = _ANSI.sub("", line)
    m = _OSLO.match(line)
    if m is not None:
        time = _ymd_utc(m, tz, m["frac"])
        pid = _number(m["pid"])
        rest = m["rest"] or ""
    else:
        m = _OSLO_NOTIME.match(line)
        if m is None:
            return None
        time, pid, rest = None, None, m["rest"]
    record = LogRecord(
        time=time,
        host=None,
        program=None,
        pid=pid,
        level=m["level"],
        message="",
        module=m["logger"],
    )
    if rest.startswith("[") and not rest.startswith("[instance: "):
        end = rest.find("]")
        if end == -1:
            return None
        _apply_context(record, rest[1:end])
        rest = rest[end + 2 :]
    else:
        record.continuation = True
    i = _INSTANCE.match(rest)
    if i is not None:
        record.instance = i["uuid"]
        rest = rest[i.end() :]
    record.message = rest
    return record


def parse_ovs(line: str) -> LogRecord | None:
    """``2022-02-10T16:18:33.118Z|00171|bridge|WARN|msg`` (or ``ovs|00001|...`` via syslog)."""
    m = _OVS.match(line.rstrip("\r\n"))
    if m is None:
        return None
    return LogRecord(
        time=_ymd_utc(m, UTC, m["frac"]) if m["y"] else None,
        host=None,
        program=None,
        pid=None,
        level=m["level"],
        message=m["msg"],
        module=m["module"],
        thread=m["thread"],
        sequence=_number(m["seq"]),
    )


def parse_dnsmasq(
    line: str, years: YearInference | None = None, tz: tzinfo = UTC
) -> LogRecord | None:
    """A dnsmasq line via syslog (``host dnsmasq-dhcp[pid]: ...``) or from its own
    ``--log-facility`` file (same timestamp, no hostname)."""
    if "dnsmasq" not in line:
        return None
    record = parse_bsd_syslog(line, years, tz)
    if record is None or record.program is None or not record.program.startswith("dnsmasq"):
        return None
    return record


def _is_ip(token: str) -> bool:
    try:
        ipaddress.ip_address(token)
    except ValueError:
        return False
    return True


def parse_dhcp_event(message: str) -> DhcpEvent | None:
    """``[xid ]DHCPACK(iface) ip mac [hostname|reason]`` from a dnsmasq-dhcp message."""
    m = _DHCP.match(message.strip())
    if m is None:
        return None
    tokens = (m["rest"] or "").split(" ")
    i = 0
    ip = mac = None
    if i < len(tokens) and _is_ip(tokens[i]):
        ip = tokens[i]
        i += 1
    if i < len(tokens) and _MAC.fullmatch(tokens[i]):
        mac = tokens[i].lower()
        i += 1
    return DhcpEvent(
        event=m["event"],
        interface=m["iface"],
        ip=ip,
        mac=mac,
        xid=_number(m["xid"]),
        detail=" ".join(tokens[i:]).strip(),
    )


def _journal_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    m = _JOURNAL_TIME.fullmatch(text.strip())
    if m is None:
        return None
    # Zone abbreviations such as CST or IST are ambiguous: only UTC/GMT/offsets are trusted.
    tz = _offset(m["zone"]) if m["zone"] else None
    return _ymd_utc(m, tz) if tz is not None else None


def parse_journal_marker(line: str) -> JournalMarker | None:
    """``-- Logs begin at ..., end at ... --``, ``-- Journal begins at ...``, ``-- Reboot --``,
    ``-- Boot <id> --`` or ``-- No entries --``; catalog text (``-- Subject: ...``) is None."""
    line = line.rstrip("\r\n")
    if not line.startswith("-- ") or len(line) > _MAX_MARKER:
        return None
    if line == "-- Reboot --":
        return JournalMarker(kind="reboot")
    if line == "-- No entries --":
        return JournalMarker(kind="no-entries")
    m = _JOURNAL_BOOT.match(line)
    if m is not None:
        return JournalMarker(kind="boot", boot_id=m["id"])
    m = _JOURNAL_RANGE.match(line)
    if m is not None:
        return JournalMarker(
            kind="range", begin=_journal_time(m["begin"]), end=_journal_time(m["end"])
        )
    return None


def _line_format(line: str) -> str | None:
    first = line[:1]
    if first.isdigit():
        if _OVS.match(line):
            return FORMAT_OVS
        if _OSLO.match(line):
            return FORMAT_OPENSTACK
        if parse_iso_syslog(line) is not None:
            return FORMAT_SYSLOG_ISO
        if _DMESG_ISO.match(line):
            return FORMAT_DMESG
        return None
    if first == "[":
        m = _DMESG.match(line)
        if m is not None:
            if m["msg"].startswith("kernel: "):
                return FORMAT_JOURNAL_MONOTONIC
            return FORMAT_DMESG
        return FORMAT_DMESG if _DMESG_CTIME.match(line) else None
    if first.islower():
        return FORMAT_DMESG if _DMESG_DECODE.match(line) else None
    record = parse_bsd_syslog(line)
    if record is None:
        return None
    if record.host is None and record.program and record.program.startswith("dnsmasq"):
        return FORMAT_DNSMASQ
    return FORMAT_SYSLOG


def detect_format(lines: list[str], sample: int = 5) -> str | None:
    """The format (``FORMAT_*``) most of the first ``sample`` recognisable lines are in."""
    votes: dict[str, int] = {}
    seen = 0
    for line in lines:
        fmt = _line_format(line.rstrip("\r\n"))
        if fmt is None:
            continue
        votes[fmt] = votes.get(fmt, 0) + 1
        seen += 1
        if seen >= sample:
            break
    if not votes:
        return None
    # "[secs] kernel: ..." only ever comes from the journal; its other lines look like dmesg.
    if FORMAT_JOURNAL_MONOTONIC in votes and set(votes) <= {FORMAT_DMESG, FORMAT_JOURNAL_MONOTONIC}:
        return FORMAT_JOURNAL_MONOTONIC
    return max(votes, key=lambda fmt: votes[fmt])


def parse_log(
    text: str,
    *,
    years: YearInference | None = None,
    boot_time: datetime | None = None,
    tz: tzinfo = UTC,
) -> list[LogRecord]:
    """Every line of ``text`` readable in the format ``detect_format`` names, in order."""
    lines = text.splitlines()
    fmt = detect_format(lines)
    if fmt is None:
        if any(line.strip() and parse_journal_marker(line) is None for line in lines):
            raise ParseError("no line in a known log format")
        return []
    parsers: dict[str, Callable[[str], LogRecord | None]] = {
        FORMAT_SYSLOG: lambda line: parse_bsd_syslog(line, years, tz),
        FORMAT_DNSMASQ: lambda line: parse_bsd_syslog(line, years, tz),
        FORMAT_SYSLOG_ISO: parse_iso_syslog,
        FORMAT_DMESG: lambda line: parse_dmesg(line, boot_time, tz),
        FORMAT_JOURNAL_MONOTONIC: lambda line: parse_journal_monotonic(line, boot_time),
        FORMAT_OPENSTACK: lambda line: parse_openstack(line, tz),
        FORMAT_OVS: parse_ovs,
    }
    parse = parsers[fmt]
    return [record for record in map(parse, lines) if record is not None]
