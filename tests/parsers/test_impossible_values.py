"""Values no clock shows, taken from real lines with one number damaged: the line parsers
leave the line untimed, the command parsers raise their ParseError (a note on the host),
and nothing raises anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hosttrees import build_sosreport, write
from realsamples import sample

from stacksleuth.analysis import analyze
from stacksleuth.parsers.base import ParseError
from stacksleuth.parsers.host import parse_report_time, parse_uptime
from stacksleuth.parsers.logs import (
    parse_dmesg,
    parse_iso_syslog,
    parse_journal_monotonic,
    parse_log,
)

BOOT = datetime(2022, 2, 10, 0, 0, tzinfo=UTC)
ISO_LINE = sample("logs", "systemd-29134-journalctl-short-iso").splitlines()[0]
DMESG_LINE = sample("logs", "compute4-dmesg").splitlines()[0]
DATE_UTC = sample("host", "coreos-sos3.6-date_--utc")  # Wed Oct  2 02:54:30 UTC 2019
UPTIME = sample("host", "insights-uptime-days")  # up 40 days, 21:17


def test_an_offset_of_ninety_hours_leaves_the_line_untimed():
    assert "+0200" in ISO_LINE
    record = parse_iso_syslog(ISO_LINE.replace("+0200", "+90:00"))
    assert record is not None and record.time is None
    assert record.program == "r710_fan_controller.sh"
    assert parse_log(ISO_LINE.replace("+0200", "+9000"))[0].time is None


def test_an_uptime_of_thirty_thousand_years_leaves_the_dmesg_line_untimed():
    assert DMESG_LINE.startswith("[ 4301.999258]")
    damaged = DMESG_LINE.replace(" 4301.999258", "999999999999.000000")
    record = parse_dmesg(damaged, BOOT)
    assert record is not None and record.time is None and record.since_boot is None
    assert record.message.startswith("audit: type=1400")
    assert parse_dmesg("[" + "9" * 400 + ".0] x", BOOT).time is None


def test_a_monotonic_journal_line_past_year_9999_is_untimed():
    line = "[999999999999.000000] kernel: Linux version 5.4.0-97-generic"
    record = parse_journal_monotonic(line, BOOT)
    assert record is not None and record.time is None


def test_date_output_at_42_54_is_a_parse_error():
    assert "02:54:30" in DATE_UTC
    with pytest.raises(ParseError, match="42:54:30"):
        parse_report_time(DATE_UTC.replace("02:54:30", "42:54:30"))


def test_date_output_with_an_offset_beyond_a_day_is_a_parse_error():
    with pytest.raises(ParseError, match="offset"):
        parse_report_time(DATE_UTC.replace("UTC", "+9900"))


def test_an_absurd_uptime_is_a_parse_error():
    assert "up 40 days" in UPTIME
    for absurd in ("up 99999999999999 days", "up 40000000 days", "up 99999999999 min"):
        with pytest.raises(ParseError, match="impossible uptime"):
            parse_uptime(UPTIME.replace("up 40 days", absurd))
    with pytest.raises(ParseError):
        parse_uptime(UPTIME.replace("21:17", "21:97"))


def test_impossible_date_and_uptime_are_notes_naming_their_files(tmp_path):
    root = build_sosreport(tmp_path, "compute4")
    timedatectl = (root / "sos_commands/systemd/timedatectl").read_text()
    assert "16:19:48" in timedatectl
    write(root / "sos_commands/systemd/timedatectl", timedatectl.replace("16:19:48", "42:54:30"))
    uptime = (root / "sos_commands/host/uptime").read_text()
    write(root / "sos_commands/host/uptime", uptime.replace("up 17:41", "up 99999999999 days"))
    (host,) = analyze([root], jobs=1).to_json()["hosts"]
    notes = {n["where"]: n["message"] for n in host["notes"]}
    assert "42:54:30" in notes["sos_commands/systemd/timedatectl"]
    assert "impossible uptime" in notes["sos_commands/host/uptime"]
    assert host["partial"] is True
