"""Layout of a story's timeline as an SVG drawing on a date axis.

:func:`layout_timeline` turns the view's timeline rows into coordinates; the template
``timeline.svg.j2`` draws them. One row per dated event (Gantt style), so long labels
never collide: a day is a dot, a coarser date (a month, a year) or a range is a bar.
Reported events are filled, expected ones hollow and dashed, and events whose date
rests on an inferred publication date get a dotted halo.

The axis spans the story's own days: the publication dates of its articles, widened
by :data:`STORY_MARGIN_DAYS`. Entries outside them (background years such as "in 1978",
far plans such as "by 2045", a whole year around the story) are listed beside the
drawing as background instead of stretching the axis.

:func:`layout_event_bands` places the story's events (news cycles) behind the entries:
one shaded band per event, from the day of what happened to its last report, on the
same axis.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from corroborator.render.view import EventView, TimelineRow

# Geometry, in SVG user units (pixels at 100%). Chosen by eye on screenshots of the
# sample brief in headless Chromium at 1280 px wide: the drawing fits the 920 px column.
WIDTH = 880
MARGIN_LEFT = 24
MARGIN_RIGHT = 24
AXIS_Y = 34
ROW_HEIGHT = 26
FIRST_ROW_GAP = 22
BOTTOM_PAD = 14
DOT_RADIUS = 6
BAR_HEIGHT = 10
LABEL_GAP = 12
#: Below this many pixels beside a bar, its label goes on the bar (about 20 characters).
MIN_LABEL_ROOM = 130
#: Average glyph width of the 12 px sans-serif label font, for truncating labels.
CHAR_WIDTH = 6.4
#: At most this many ticks on the date axis.
MAX_TICKS = 8
#: Tick labels are 11 px (11/12 of the label font); at least this many pixels apart.
TICK_FONT_SHARE = 11 / 12
TICK_GAP = 8
#: Share of the date span added on each side so markers do not sit on the frame.
PAD_SHARE = 0.04
#: A timeline on a single day still gets this many days either side.
MIN_HALF_SPAN_DAYS = 3
#: The axis breaks at an empty gap longer than this share of the whole span and than
#: MIN_BREAK_DAYS (on the sample brief: a 2024 agreement before a March 2026 handover).
BREAK_SHARE = 0.3
MIN_BREAK_DAYS = 60
#: Pixels between two pieces of a broken axis, and the narrowest piece.
BREAK_WIDTH = 22
MIN_SEGMENT_WIDTH = 90
#: More pieces than this would be unreadable: then the axis is not broken.
MAX_SEGMENTS = 4
#: Share of an axis position that is plain linear time; the rest follows the rank of the
#: date among event dates. 0.4 spread the January 2026 cluster of the seed articles
#: (15 events in six days after 20 years of background) to a readable width.
LINEAR_SHARE = 0.4
#: A month or a day gets its own tick where the scale gives it this many pixels.
FINE_TICK_ROOM = 70
#: Day ticks are only considered on axes shorter than this (cost of the scan).
MAX_FINE_TICK_DAYS = 4000

#: The story's own days are its articles' publication dates widened by this many days
#: on each side; an entry overlapping them and no longer than they are is drawn, others
#: go to the background list. Six weeks: on the seed articles (published 18-21 January
#: 2026) it draws the mid-December attack they answer (36 days before) and the week
#: ahead, and lists 2003-November 2025 apart (27 entries that had stretched the axis
#: over 23 years); a month next to the story ("April" beside a March story) is drawn.
STORY_MARGIN_DAYS = 42

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Marker:
    """One drawn event: a dot at ``x`` or a bar from ``x`` to ``x2``, and its label."""

    y: float
    x: float
    x2: float | None
    status: str
    inferred: bool
    date_label: str
    label: str
    full: str
    label_x: float
    anchor: str
    inside: bool
    href: str | None


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    width: int
    height: int
    axis_y: int
    left: int
    right: int
    axis: tuple[tuple[float, float], ...]  # drawn pieces of the axis
    breaks: tuple[float, ...]  # x of each break between pieces
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    undated: int
    background: tuple[Background, ...] = ()


@dataclass(frozen=True, slots=True)
class Background:
    """An entry outside the story's own days, listed beside the drawing."""

    date_label: str
    text: str
    full: str
    status: str
    href: str | None


def publication_days(values: Iterable[str | None]) -> tuple[date, ...]:
    """The days of ISO publication dates (date-times included); unreadable ones skipped."""
    out = []
    for v in values:
        if not v:
            continue
        try:
            out.append(date.fromisoformat(v[:10]))
        except ValueError:
            continue
    return tuple(out)


def story_window(rows: Sequence[TimelineRow],
                 published: Sequence[date] = ()) -> tuple[date, date] | None:
    """The story's own days: its publication dates widened by :data:`STORY_MARGIN_DAYS`;
    without any, the same margin around the median entry dated to the day; None when
    neither exists (then every dated entry is drawn)."""
    margin = timedelta(days=STORY_MARGIN_DAYS)
    if published:
        return min(published) - margin, max(published) + margin
    days = sorted(r.interval[0] for r in rows
                  if r.interval is not None and r.interval[0] == r.interval[1])
    if not days:
        return None
    mid = days[len(days) // 2]
    return mid - margin, mid + margin


def layout_timeline(rows: Sequence[TimelineRow],
                    window: tuple[date, date] | None = None) -> TimelineLayout | None:
    """Coordinates for the dated rows (already in date order); None when none is dated.

    With the story's ``window`` (:func:`story_window`), rows outside it become
    :class:`Background` items listed beside the drawing instead of stretching its axis.
    """
    dated = [r for r in rows if r.interval is not None]
    if not dated:
        return None
    inside, outside = _drawn(dated, window)
    background = tuple(
        Background(r.label, r.text, f"{r.label}: {r.text}", r.status,
                   f"#c-{r.cites[0]}" if r.cites else None)
        for r in outside
    )
    try:
        layout = _layout(rows, inside)
    except OverflowError:  # dates at the edge of the calendar (year 1 or 9999): list only
        return None
    return replace(layout, undated=len(rows) - len(dated), background=background)


def _drawn(dated: Sequence[TimelineRow], window: tuple[date, date] | None
           ) -> tuple[list[TimelineRow], list[TimelineRow]]:
    """The dated rows drawn on the axis and those listed as background."""
    inside = [r for r in dated if window is None or _within(r, window)]
    if not inside:  # nothing within the story's days: draw all rather than nothing
        return list(dated), []
    return inside, [r for r in dated if r not in inside]


def _within(row: TimelineRow, window: tuple[date, date]) -> bool:
    """A row overlapping the story's days and no longer than they are ("April" next to
    a March story is drawn; "2026" or "the 1990s" around it is background)."""
    assert row.interval is not None
    start, end = row.interval
    fits = (end - start) <= (window[1] - window[0])
    return fits and start <= window[1] and window[0] <= end


@dataclass(frozen=True, slots=True)
class _Segment:
    """A piece of the axis: days ``[lo, hi]`` drawn from ``x0`` to ``x1``.

    The scale is stretched where events are dense: a position is LINEAR_SHARE of the
    plain linear position plus the rest from the rank among ``knots`` (the days events
    start or end on), so a busy week gets room beside years of background.
    """

    lo: date
    hi: date
    x0: float
    x1: float
    knots: tuple[date, ...]  # sorted, unique, first lo and last hi

    def x_of(self, day: date) -> float:
        linear = (day - self.lo).days / max(1, (self.hi - self.lo).days)
        i = max(0, min(bisect_right(self.knots, day) - 1, len(self.knots) - 2))
        k0, k1 = self.knots[i], self.knots[i + 1]
        within = min(1.0, max(0.0, (day - k0).days / max(1, (k1 - k0).days)))
        rank = (i + within) / (len(self.knots) - 1)
        share = LINEAR_SHARE * linear + (1 - LINEAR_SHARE) * rank
        return round(self.x0 + share * (self.x1 - self.x0), 1)


def _segments(intervals: Sequence[tuple[date, date]], left: int, right: int) -> list[_Segment]:
    """The axis, broken where dated events leave a long empty gap.

    Each piece gets a width by its number of events (at least MIN_SEGMENT_WIDTH), so a
    cluster of close events is spread out instead of squeezed beside a distant outlier.
    """
    ordered = sorted((s, e + timedelta(days=1)) for s, e in intervals)
    whole = (max(e for _, e in ordered) - ordered[0][0]).days
    gap = max(MIN_BREAK_DAYS, BREAK_SHARE * whole)
    groups: list[list[tuple[date, date]]] = []
    for start, end in ordered:
        if groups and (start - max(e for _, e in groups[-1])).days <= gap:
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    room = right - left - BREAK_WIDTH * (len(groups) - 1)
    if len(groups) > MAX_SEGMENTS or room < MIN_SEGMENT_WIDTH * len(groups):
        groups = [ordered]
        room = right - left
    spare = room - MIN_SEGMENT_WIDTH * len(groups)
    out: list[_Segment] = []
    x = float(left)
    for group in groups:
        first, last = group[0][0], max(e for _, e in group)
        if (last - first).days < 2 * MIN_HALF_SPAN_DAYS:
            first -= timedelta(days=MIN_HALF_SPAN_DAYS)
            last += timedelta(days=MIN_HALF_SPAN_DAYS)
        pad = timedelta(days=max(1, round((last - first).days * PAD_SHARE)))
        lo, hi = first - pad, last + pad
        knots = tuple(sorted({lo, hi, *(d for pair in group for d in pair)}))
        width = MIN_SEGMENT_WIDTH + spare * len(group) / len(ordered)
        out.append(_Segment(lo, hi, round(x, 1), round(x + width, 1), knots))
        x += width + BREAK_WIDTH
    return out


def _layout(rows: Sequence[TimelineRow], dated: Sequence[TimelineRow]) -> TimelineLayout:
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    segments = _segments([r.interval for r in dated if r.interval], left, right)

    def x_of(day: date) -> float:
        for seg in segments:
            if day <= seg.hi:
                return seg.x_of(day)
        return segments[-1].x_of(day)

    markers = []
    for i, row in enumerate(dated):
        assert row.interval is not None
        start, end = row.interval
        y = AXIS_Y + FIRST_ROW_GAP + i * ROW_HEIGHT
        is_point = start == end
        if is_point:
            x = round(x_of(start) + (x_of(start + timedelta(days=1)) - x_of(start)) / 2, 1)
            x2, edge_l, edge_r = None, x - DOT_RADIUS, x + DOT_RADIUS
        else:
            x, x2 = x_of(start), x_of(end + timedelta(days=1))
            edge_l, edge_r = x, x2
        full = f"{row.label}: {row.text}"
        room_right = right - (edge_r + LABEL_GAP)
        room_left = (edge_l - LABEL_GAP) - left
        inside = False
        if max(room_left, room_right) < MIN_LABEL_ROOM and edge_r - edge_l > MIN_LABEL_ROOM:
            # a bar across most of the axis: write the label on the bar itself
            anchor, label_x, room, inside = "start", edge_l + LABEL_GAP, edge_r - edge_l, True
        elif room_right >= room_left:
            anchor, label_x, room = "start", edge_r + LABEL_GAP, room_right
        else:
            anchor, label_x, room = "end", edge_l - LABEL_GAP, room_left
        markers.append(
            Marker(
                y=y,
                x=x,
                x2=x2,
                status=row.status,
                inferred=row.inferred,
                date_label=row.label,
                label=_fit(full, room),
                full=full,
                label_x=round(label_x, 1),
                anchor=anchor,
                inside=inside,
                href=f"#c-{row.cites[0]}" if row.cites else None,
            )
        )
    ticks: list[Tick] = []
    for seg in segments:
        most = max(2, int(MAX_TICKS * (seg.x1 - seg.x0) / (right - left)))
        candidates = _ticks(seg.lo, seg.hi, most) + _fine_ticks(seg)
        for day, text in candidates:  # coarse first; finer ones only where there is room
            tick = _tick(seg.x_of(day), text, right)
            if not any(_overlap(tick, other) for other in ticks):
                ticks.append(tick)
    ticks.sort(key=lambda t: t.x)
    height = AXIS_Y + FIRST_ROW_GAP + (len(dated) - 1) * ROW_HEIGHT + DOT_RADIUS + BOTTOM_PAD
    return TimelineLayout(
        width=WIDTH,
        height=height,
        axis_y=AXIS_Y,
        left=left,
        right=right,
        axis=tuple((seg.x0, seg.x1) for seg in segments),
        breaks=tuple(round(seg.x1 + BREAK_WIDTH / 2, 1) for seg in segments[:-1]),
        ticks=tuple(ticks),
        markers=tuple(markers),
        undated=len(rows) - len(dated),
    )


def _tick(x: float, label: str, right: int) -> Tick:
    """A tick whose label stays inside the drawing near either edge."""
    half = len(label) * CHAR_WIDTH / 2
    if x - half < 0:
        return Tick(x, label, "start")
    if x + half > right + MARGIN_RIGHT:
        return Tick(x, label, "end")
    return Tick(x, label)


def _fine_ticks(seg: _Segment) -> list[tuple[date, str]]:
    """Month and day ticks where the stretched scale leaves them room (a busy stretch)."""
    out: list[tuple[date, str]] = []
    day = date(seg.lo.year, seg.lo.month, 1)
    while day <= seg.hi:
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if day >= seg.lo and seg.x_of(nxt) - seg.x_of(day) >= FINE_TICK_ROOM:
            out.append((day, f"{_MONTHS[day.month - 1]} {day.year}"))
        day = nxt
    if (seg.hi - seg.lo).days <= MAX_FINE_TICK_DAYS:
        day = seg.lo
        while day <= seg.hi:
            nxt = day + timedelta(days=1)
            if seg.x_of(nxt) - seg.x_of(day) >= FINE_TICK_ROOM:
                out.append((day, f"{day.day} {_MONTHS[day.month - 1]}"))
            day = nxt
    return out


def _extent(tick: Tick) -> tuple[float, float]:
    """Left and right x of a tick's label."""
    width = len(tick.label) * CHAR_WIDTH * TICK_FONT_SHARE
    if tick.anchor == "start":
        return tick.x, tick.x + width
    if tick.anchor == "end":
        return tick.x - width, tick.x
    return tick.x - width / 2, tick.x + width / 2


def _overlap(a: Tick, b: Tick) -> bool:
    """Whether the labels of two ticks would touch."""
    (a0, a1), (b0, b1) = _extent(a), _extent(b)
    return not (a1 + TICK_GAP < b0 or b1 + TICK_GAP < a0)


def _fit(text: str, room: float) -> str:
    """``text`` shortened with an ellipsis to about ``room`` pixels."""
    fits = max(8, int(room / CHAR_WIDTH))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "\u2026"


def _ticks(lo: date, hi: date, most: int = MAX_TICKS) -> list[tuple[date, str]]:
    """Round dates between ``lo`` and ``hi``: days, weeks, months or years, about ``most``."""
    found = _round_dates(lo, hi, most)
    if found:
        return found
    mid = lo + (hi - lo) / 2  # no round date inside a short piece: name its month
    return [(mid, f"{_MONTHS[mid.month - 1]} {mid.year}")]


def _round_dates(lo: date, hi: date, most: int) -> list[tuple[date, str]]:
    for step in (1, 2, 7, 14):
        if (hi - lo).days / step <= most:
            day = lo + timedelta(days=(-lo.weekday()) % 7) if step >= 7 else lo
            out: list[tuple[date, str]] = []
            while day <= hi:
                show_year = not out or day.year != out[-1][0].year
                label = f"{day.day} {_MONTHS[day.month - 1]}"
                out.append((day, f"{label} {day.year}" if show_year else label))
                day += timedelta(days=step)
            return out
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    for step in (1, 2, 3, 6):
        if months / step <= most:
            out = []
            year, month = lo.year, lo.month
            while True:
                if (month - 1) % step == 0:
                    day = date(year, month, 1)
                    if day > hi:
                        break
                    if day >= lo:
                        out.append((day, f"{_MONTHS[month - 1]} {year}"))
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
            return out
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000):
        if (hi.year - lo.year) / step <= most:
            break
    first_year = lo.year + (-lo.year) % step
    if date(first_year, 1, 1) < lo:
        first_year += step
    return [(date(y, 1, 1), str(y)) for y in range(first_year, hi.year + 1, step)]


# --------------------------------------------------------------------------- event bands

#: Narrowest drawn event band in pixels (an event of one day on a long axis).
MIN_BAND_WIDTH = 6


@dataclass(frozen=True, slots=True)
class EventBand:
    """One event drawn behind the timeline entries: from ``x`` to ``x2``."""

    x: float
    x2: float
    label: str  # E1, E2 ...
    title: str
    href: str
    alternate: bool = False  # every other band is shaded darker

    @property
    def width(self) -> float:
        return round(self.x2 - self.x, 1)


def layout_event_bands(rows: Sequence[TimelineRow], events: Sequence[EventView],
                       window: tuple[date, date] | None = None) -> tuple[EventBand, ...]:
    """Bands for the dated events, on the axis :func:`layout_timeline` draws for ``rows``
    in ``window`` (clipped to it; none when the timeline is not drawn)."""
    dated = [r for r in rows if r.interval is not None]
    if not dated or layout_timeline(rows, window) is None:
        return ()
    inside, _ = _drawn(dated, window)
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    segments = _segments([r.interval for r in inside if r.interval is not None], left, right)
    lo, hi = segments[0].lo, segments[-1].hi
    out: list[EventBand] = []
    for event in events:
        if event.interval is None:
            continue
        start, end = max(event.interval[0], lo), min(event.interval[1], hi)
        if start > end:
            continue
        x, x2 = _band_x(segments, start), _band_x(segments, end + timedelta(days=1))
        if x2 - x < MIN_BAND_WIDTH:
            mid = (x + x2) / 2
            x, x2 = round(mid - MIN_BAND_WIDTH / 2, 1), round(mid + MIN_BAND_WIDTH / 2, 1)
        out.append(EventBand(x, x2, event.label,
                             f"{event.label}: {event.title} ({event.happened})",
                             f"#{event.anchor}", alternate=len(out) % 2 == 1))
    return tuple(out)


def _band_x(segments: Sequence[_Segment], day: date) -> float:
    for seg in segments:
        if day <= seg.hi:
            return seg.x_of(max(day, seg.lo))
    return segments[-1].x_of(segments[-1].hi)
