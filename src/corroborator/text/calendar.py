"""Calendar arithmetic on TIMEX3 values: shifting a value by units, the first day of the
period a value names, ISO weeks and days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def _week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def _day(d: date) -> str:
    return d.isoformat()


def shift_value(value: str, n: int, unit: str) -> str | None:
    """Shift a TIMEX3 DATE value by ``n`` units, keeping the value's own precision when
    the unit is coarser ("1989-Q3" minus one year is "1988-Q3")."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    q = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    w = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if q:
        y, qq = int(q[1]), int(q[2])
        k = y * 4 + qq - 1 + (n * 4 if unit == "Y" else n if unit == "Q" else 0)
        return f"{k // 4:04d}-Q{k % 4 + 1}"
    if w:
        monday = date.fromisocalendar(int(w[1]), int(w[2]), 1)
        days = {"W": 7 * n, "D": n, "Y": 364 * n}.get(unit)
        if days is None:
            return None
        return _week(monday + timedelta(days=days))
    if not m:
        return None
    y = int(m[1])
    if m[3]:
        d = date(y, int(m[2]), int(m[3]))
        if unit == "D":
            return _day(d + timedelta(days=n))
        if unit == "W":
            return _day(d + timedelta(days=7 * n))
        if unit in ("M", "Y", "Q"):
            months = {"M": n, "Y": 12 * n, "Q": 3 * n}[unit]
            yy, mm = _add_months(d.year, d.month, months)
            return _day(date(yy, mm, min(d.day, 28)))
        return None
    if m[2]:
        if unit in ("M", "Y", "Q"):
            months = {"M": n, "Y": 12 * n, "Q": 3 * n}[unit]
            yy, mm = _add_months(y, int(m[2]), months)
            return f"{yy:04d}-{mm:02d}"
        return None
    if unit == "Y":
        return f"{y + n:04d}"
    return None


def _coarsen(d: date, unit: str) -> str:
    """The period of unit ``unit`` that contains ``d``."""
    if unit == "Y":
        return f"{d.year:04d}"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit == "W":
        return _week(d)
    if unit == "Q":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if unit == "DE":
        return f"{d.year // 10:03d}"
    if unit == "CE":
        return f"{d.year // 100:02d}"
    return _day(d)


def _shift_date(d: date, n: int, unit: str) -> date:
    if unit == "D":
        return d + timedelta(days=n)
    if unit == "W":
        return d + timedelta(days=7 * n)
    months = {"M": n, "Q": 3 * n, "Y": 12 * n, "DE": 120 * n, "CE": 1200 * n}.get(unit, 0)
    y, m = _add_months(d.year, d.month, months)
    return date(y, m, min(d.day, 28))


def period_start(value: str | None) -> date | None:
    """The first day of the period a DATE/TIME value names (for sorting): the first day of
    :func:`timex_interval`, else of a decade ("197") or century ("19"); None if vague."""
    if not value:
        return None
    span = timex_interval(value.upper())
    if span is not None:
        return span[0]
    if m := re.fullmatch(r"(\d{3})", value):
        return date(int(m[1]) * 10, 1, 1)
    if m := re.fullmatch(r"(\d{2})", value):
        return date(max(1, int(m[1]) * 100), 1, 1)
    return None


#: First and last day (inclusive) a date value covers.
DayRange = tuple[date, date]


_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def timex_interval(value: str | None) -> DayRange | None:
    """The days a TIMEX3 date value covers, or None when it names no calendar time.

    Handles YYYY, YYYY-MM, YYYY-MM-DD (with or without a time), YYYY-Www, YYYY-Qn,
    YYYY-Hn and seasons (YYYY-SU); PRESENT_REF, durations and decades give None.
    """
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T.*)?)?)?", value)
    try:
        if m:
            year = int(m.group(1))
            if m.group(3):
                day = date(year, int(m.group(2)), int(m.group(3)))
                return day, day
            if m.group(2):
                month = int(m.group(2))
                last = calendar.monthrange(year, month)[1]
                return date(year, month, 1), date(year, month, last)
            return date(year, 1, 1), date(year, 12, 31)
        m = re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value)
        if m:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            first_day = monday + timedelta(days=5) if m.group(3) else monday  # weekend
            return first_day, monday + timedelta(days=6)
        m = re.fullmatch(r"(\d{4})-([QH])([1-4])", value)
        if m:
            size = 3 if m.group(2) == "Q" else 6
            first = (int(m.group(3)) - 1) * size + 1
            return _months(int(m.group(1)), first, first + size - 1)
        m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value)
        if m:
            first, last = _SEASONS[m.group(2)]
            return _months(int(m.group(1)), first, last)
    except ValueError:  # month 13, week 54 ...: not a calendar time
        return None
    return None


def _months(year: int, first: int, last: int) -> DayRange:
    """Days from the first day of month ``first`` to the last of ``last`` (may pass December)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return date(year, first, 1), date(
        end_year, end_month, calendar.monthrange(end_year, end_month)[1]
    )
