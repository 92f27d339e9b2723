"""The geometry of the HTML report's SVG timeline: one row per host, one mark per event.

Fleet logs are bursty: seven computes hang within twenty minutes, another host logs
something nine days later. On one linear axis the burst collapses into a single dot and
the order of events across hosts, the thing the timeline is for, is lost. So the axis is
broken: stretches of time with events keep a linear scale, and a quiet gap that would
take more than a quarter of the drawn time is cut to a narrow band saying how long it was.
Positions are computed here (layout, not analysis) so that the template only draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise

from stacksleuth.report.view import Doc, plural

WIDTH = 960
LEFT = 170  # room for host names
RIGHT = 60  # room for the last tick's label
TOP = 24
ROW = 22
BOTTOM = 40
BREAK = 18  # width of a cut-out quiet gap
MIN_SEGMENT = 36  # even an instant gets room for its marks
PAD = 8  # keeps marks off a segment's edges
MAX_HOSTS = 200  # rows drawn; more would not be readable
GAP_SHARE = 4  # a gap taking more than 1/4 of the drawn time is cut out
MAX_CUTS = 8  # the plot keeps room for every stretch
LABEL_SPACING = 90  # tick labels closer than this are dropped
LANE = 5  # vertical offset between checks' marks in one row, so equal times do not hide


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    colour: str
    tooltip: str


@dataclass(frozen=True)
class Gap:
    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int = WIDTH
    height: int = 0
    left: int = LEFT
    right: int = WIDTH - RIGHT
    rows: list[tuple[str, float]] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Segment:
    start: datetime
    end: datetime
    x0: float
    x1: float

    def x(self, when: datetime) -> float:
        length = (self.end - self.start).total_seconds()
        if not length:
            return (self.x0 + self.x1) / 2
        share = (when - self.start).total_seconds() / length
        return self.x0 + PAD + share * (self.x1 - self.x0 - 2 * PAD)


def build_timeline(events: list[Doc], colours: dict[str, str], fallback: str) -> Timeline:
    """The drawing of `events` (the contract's fleet.timeline), coloured by check."""
    timed, notes = _timed(events)
    hosts = list(dict.fromkeys(event["host"] for _, event in timed))  # by first event
    if len(hosts) > MAX_HOSTS:
        notes.append(f"only the first {MAX_HOSTS} of {len(hosts)} hosts are drawn")
        hosts = hosts[:MAX_HOSTS]
    if not timed:
        return Timeline(notes=notes)
    segments = _segments([when for when, _ in timed])
    rows = {host: TOP + ROW * (n + 0.5) for n, host in enumerate(hosts)}
    checks = list(dict.fromkeys(event["check"] for _, event in timed))
    # Each host's checks get lanes around its row line, so two checks quoting the same
    # line at the same instant do not hide each other.
    lanes: dict[str, list[str]] = {}
    for _, event in timed:
        host_checks = lanes.setdefault(event["host"], [])
        if event["check"] not in host_checks:
            host_checks.append(event["check"])
    marks = [
        Mark(
            round(_x(segments, when), 1),
            rows[event["host"]] + _lane(lanes[event["host"]], event["check"]),
            colours.get(event["check"], fallback),
            _tooltip(event),
        )
        for when, event in timed
        if event["host"] in rows
    ]
    return Timeline(
        height=TOP + ROW * len(hosts) + BOTTOM,
        rows=list(rows.items()),
        marks=marks,
        ticks=_ticks(segments),
        gaps=[
            Gap(before.x1, after.x0 - before.x1, f"{_duration(after.start - before.end)} quiet")
            for before, after in pairwise(segments)
        ],
        legend=[(check, colours.get(check, fallback)) for check in checks],
        notes=notes,
    )


def _lane(host_checks: list[str], check: str) -> float:
    lane = host_checks.index(check) % 3
    return LANE * (lane - (min(len(host_checks), 3) - 1) / 2)


def _timed(events: list[Doc]) -> tuple[list[tuple[datetime, Doc]], list[str]]:
    timed, unreadable = [], 0
    for event in events:
        when = _parse_time(event.get("time"))
        if when is None:
            unreadable += 1
        else:
            timed.append((when, event))
    notes = (
        [f"{plural(unreadable, 'event')} without a readable time not drawn"] if unreadable else []
    )
    return sorted(timed, key=lambda item: item[0]), notes


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    # The contract's times carry an offset; a bare one is taken as UTC rather than dropped.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _segments(times: list[datetime]) -> list[_Segment]:
    """Runs of events laid side by side, the longest quiet gaps cut out between them."""
    runs = [[times[0], times[0]]]
    cuts = _cuts(times)
    for index, after in enumerate(times[1:]):
        if index in cuts:
            runs.append([after, after])
        else:
            runs[-1][1] = after
    room = (WIDTH - RIGHT - LEFT) - BREAK * (len(runs) - 1) - MIN_SEGMENT * len(runs)
    lengths = [(end - start).total_seconds() for start, end in runs]
    total = sum(lengths)
    segments, x = [], float(LEFT)
    for (start, end), length in zip(runs, lengths, strict=True):
        # Every run gets its minimum, the rest is shared by duration (one scale for all).
        width = MIN_SEGMENT + (room * length / total if total else room / len(runs))
        segments.append(_Segment(start, end, x, x + width))
        x += width + BREAK
    return segments


def _cuts(times: list[datetime]) -> set[int]:
    """Which gaps to cut: the longest, one at a time, while it would take more than
    1 / GAP_SHARE of the time still drawn (so a burst keeps a readable scale)."""
    gaps = sorted(
        ((after - before).total_seconds(), index)
        for index, (before, after) in enumerate(pairwise(times))
    )
    drawn = (times[-1] - times[0]).total_seconds()
    cuts: set[int] = set()
    while gaps and len(cuts) < MAX_CUTS:
        seconds, index = gaps.pop()
        if not seconds or seconds <= drawn / GAP_SHARE:
            break
        cuts.add(index)
        drawn -= seconds
    return cuts


def _x(segments: list[_Segment], when: datetime) -> float:
    for segment in segments:
        if when <= segment.end:
            return segment.x(when)
    return segments[-1].x(when)


def _ticks(segments: list[_Segment]) -> list[tuple[float, str]]:
    """A label where each stretch starts (those matter most after a cut), then as many in
    between as fit without overlapping."""
    span = (segments[-1].end - segments[0].start).total_seconds()
    starts = [(segment.x(segment.start), segment.start) for segment in segments]
    between = []
    for segment in segments:
        length = segment.end - segment.start
        if not length:
            continue
        parts = max(1, min(4, int((segment.x1 - segment.x0) // (2 * LABEL_SPACING))))
        between += [
            (segment.x(segment.start + length * k / parts), segment.start + length * k / parts)
            for k in range(1, parts + 1)
        ]
    kept: list[tuple[float, datetime]] = []
    for x, when in [*starts, *between]:
        if all(abs(x - other) >= LABEL_SPACING for other, _ in kept):
            kept.append((x, when))
    return [(round(x, 1), _label(when, span)) for x, when in sorted(kept)]


def _label(when: datetime, span: float) -> str:
    when = when.astimezone(UTC)
    if span > 300 * 86400:
        return when.strftime("%Y-%m-%d %H:%M")
    if span > 86400:
        return when.strftime("%b %d %H:%M")
    return when.strftime("%H:%M:%S")


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {rest // 60} min"
    return f"{rest // 60} min {rest % 60} s"


def _tooltip(event: Doc) -> str:
    where = f"{event.get('path', '')}:{event.get('line') or ''}".rstrip(":")
    return (
        f"{event['host']}  {event['time']}\n{event['check']} ({event.get('label', '')})\n"
        f"{where}\n{event.get('text', '')}"
    )
