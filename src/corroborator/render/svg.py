"""Layout of a story's timeline as an SVG drawing on a date axis.

:func:`layout_timeline` turns the view's timeline rows into coordinates; the template
``timeline.svg.j2`` draws them. One row per dated event (Gantt style), so long labels
never collide: a day is a dot, a coarser date (a month, a year) or a range is a bar.
Reported events are filled, expected ones hollow and dashed, and events whose date
rests on an inferred publication date get a dotted halo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from corroborator.render.view import TimelineRow

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
#: Average glyph width of the 12 px sans-serif label font, for truncating labels.
CHAR_WIDTH = 6.4
#: At most this many ticks on the date axis.
MAX_TICKS = 8
#: Share of the date span added on each side so markers do not sit on the frame.
PAD_SHARE = 0.04
#: A timeline on a single day still gets this many days either side.
MIN_HALF_SPAN_DAYS = 3

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


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
    href: str | None


@dataclass(frozen=True, slots=True)
class TimelineLayout:
    width: int
    height: int
    axis_y: int
    left: int
    right: int
    ticks: tuple[Tick, ...]
    markers: tuple[Marker, ...]
    undated: int


def layout_timeline(rows: Sequence[TimelineRow]) -> TimelineLayout | None:
    """Coordinates for the dated rows (already in date order); None when none is dated."""
    dated = [r for r in rows if r.interval is not None]
    if not dated:
        return None
    first = min(r.interval[0] for r in dated if r.interval)
    last = max(r.interval[1] for r in dated if r.interval) + timedelta(days=1)
    if (last - first).days < 2 * MIN_HALF_SPAN_DAYS:
        mid = first + (last - first) / 2
        first = mid - timedelta(days=MIN_HALF_SPAN_DAYS)
        last = mid + timedelta(days=MIN_HALF_SPAN_DAYS)
    pad = timedelta(days=max(1, round((last - first).days * PAD_SHARE)))
    lo, hi = first - pad, last + pad
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    span_days = (hi - lo).days

    def x_of(day: date) -> float:
        return round(left + (day - lo).days / span_days * (right - left), 1)

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
        if room_right >= room_left:
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
                href=f"#c-{row.cites[0]}" if row.cites else None,
            )
        )
    height = AXIS_Y + FIRST_ROW_GAP + (len(dated) - 1) * ROW_HEIGHT + DOT_RADIUS + BOTTOM_PAD
    return TimelineLayout(
        width=WIDTH,
        height=height,
        axis_y=AXIS_Y,
        left=left,
        right=right,
        ticks=tuple(Tick(x_of(d), text) for d, text in _ticks(lo, hi)),
        markers=tuple(markers),
        undated=len(rows) - len(dated),
    )


def _fit(text: str, room: float) -> str:
    """``text`` shortened with an ellipsis to about ``room`` pixels."""
    fits = max(8, int(room / CHAR_WIDTH))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "\u2026"


def _ticks(lo: date, hi: date) -> list[tuple[date, str]]:
    """Round dates between ``lo`` and ``hi``: days, weeks, months or years, at most MAX_TICKS."""
    for step in (1, 2, 7, 14):
        if (hi - lo).days / step <= MAX_TICKS:
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
        if months / step <= MAX_TICKS:
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
        if (hi.year - lo.year) / step <= MAX_TICKS:
            break
    first_year = lo.year + (-lo.year) % step
    if date(first_year, 1, 1) < lo:
        first_year += step
    return [(date(y, 1, 1), str(y)) for y in range(first_year, hi.year + 1, step)]
