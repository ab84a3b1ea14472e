"""Calendar arithmetic on TIMEX3 values: shifting a value by units, the first day of the
period a value names, ISO weeks and days.
"""

from __future__ import annotations

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
    """The first day of the period a DATE/TIME value names (for sorting); None if vague."""
    if not value:
        return None
    v = value.upper()
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", v):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    if m := re.match(r"(\d{4})-W(\d{2})", v):
        try:
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
    if m := re.match(r"(\d{4})-Q([1-4])", v):
        return date(int(m[1]), 3 * int(m[2]) - 2, 1)
    if m := re.match(r"(\d{4})-H([12])", v):
        return date(int(m[1]), 1 if m[2] == "1" else 7, 1)
    if m := re.match(r"(\d{4})-(SP|SU|FA|WI)", v):
        return date(int(m[1]), {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[m[2]], 1)
    if m := re.match(r"(\d{4})-(\d{2})", v):
        return date(int(m[1]), int(m[2]), 1)
    if m := re.fullmatch(r"(\d{4})", v):
        return date(int(m[1]), 1, 1)
    if m := re.fullmatch(r"(\d{3})", v):
        return date(int(m[1]) * 10, 1, 1)
    if m := re.fullmatch(r"(\d{2})", v):
        return date(max(1, int(m[1]) * 100), 1, 1)
    return None
