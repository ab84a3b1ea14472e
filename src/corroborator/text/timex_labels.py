"""Labels for TIMEX3 values: what a reader sees instead of "2020-W33-WE" or "PXD".

Values stay TIMEX3 in the JSON (``value``); Markdown, HTML and the timeline drawing show
:func:`timex_label` of them, and the JSON carries the label beside the value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")  # fmt: skip
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PART_NAMES = {"MO": "morning", "MI": "midday", "AF": "afternoon", "EV": "evening",
               "NI": "night", "DT": "daytime"}  # fmt: skip
_REF_NAMES = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}
_UNIT_NAMES = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter",
               "DE": "decade", "CE": "century", "ML": "millennium", "H": "hour",
               "TM": "minute", "S": "second"}  # fmt: skip
_PLURALS = {"century": "centuries", "millennium": "millennia"}
_EVERY = {"P1Y": "every year", "P1M": "every month", "P1W": "every week", "P1D": "every day",
          "P1Q": "every quarter", "PT1H": "every hour"}  # fmt: skip
_MOD_WORDS = {"START": "early", "MID": "mid", "END": "late", "APPROX": "about",
              "LESS_THAN": "less than", "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most",
              "EQUAL_OR_MORE": "at least", "BEFORE": "before", "AFTER": "after",
              "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after"}  # fmt: skip


def _day_label(d: date) -> str:
    return f"{d.day} {_MONTH_ABBR[d.month - 1]} {d.year}"


def _days_label(a: date, b: date) -> str:
    """ "15-16 Aug 2020", "31 Aug-6 Sep 2020", "28 Dec 2020-3 Jan 2021"."""
    if a.year != b.year:
        return f"{_day_label(a)}-{_day_label(b)}"
    if a.month != b.month:
        return f"{a.day} {_MONTH_ABBR[a.month - 1]}-{_day_label(b)}"
    return f"{a.day}-{_day_label(b)}"


def _count(n: str, unit: str) -> str:
    name = _UNIT_NAMES.get(unit, unit)
    if n == "X":
        return _PLURALS.get(name, name + "s")
    return f"{n} {name}" if n == "1" else f"{n} {_PLURALS.get(name, name + 's')}"


def _duration_label(value: str) -> str | None:
    m = re.fullmatch(r"P(?P<date>(?:(?:\d+|X)(?:DE|CE|ML|[YMWDQ]))*)"
                     r"(?:T(?P<time>(?:(?:\d+|X)[HMS])+))?", value)
    if m is None or not (m["date"] or m["time"]):
        return None
    parts = [_count(n, u) for n, u in re.findall(r"(\d+|X)(DE|CE|ML|[YMWDQ])", m["date"])]
    parts += [_count(n, "TM" if u == "M" else u)
              for n, u in re.findall(r"(\d+|X)([HMS])", m["time"] or "")]
    return " ".join(parts)


def _calendar_label(v: str) -> str | None:
    """The label of a calendar value (the part before any ``T`` for day values)."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", v):
        try:
            return _day_label(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", v):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        if m[3]:
            return "weekend of " + _days_label(monday + timedelta(5), monday + timedelta(6))
        return "week of " + _days_label(monday, monday + timedelta(6))
    if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
        return f"{_MONTH_NAMES[int(m[2]) - 1]} {m[1]}" if 1 <= int(m[2]) <= 12 else None
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
        return f"Q{m[2]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-H([12])", v):
        return f"{'first' if m[2] == '1' else 'second'} half of {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        return f"{_SEASON_NAMES[m[2]]} {m[1]}"
    if re.fullmatch(r"\d{4}", v):
        return v
    if re.fullmatch(r"\d{3}", v):
        return f"the {v}0s"
    if re.fullmatch(r"\d{2}", v):
        n = int(v) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    return None


def _generic_label(v: str) -> str | None:
    """Values with unknown parts ("XXXX-WXX-1TNI", "XXXX-07"): the known parts."""
    day, _, clock = v.partition("T")
    part = _PART_NAMES.get(clock, "") if clock else ""
    if m := re.fullmatch(r"XXXX-WXX-([1-7])", day):
        name = _WEEKDAY_NAMES[int(m[1]) - 1]
    elif m := re.fullmatch(r"XXXX-(\d{2})", day):
        name = _MONTH_NAMES[int(m[1]) - 1] if 1 <= int(m[1]) <= 12 else ""
    elif m := re.fullmatch(r"XXXX-(SP|SU|FA|WI|Q[1-4])", day):
        name = _SEASON_NAMES.get(m[1], m[1])
    elif day == "XXXX-XX-XX":
        name = "day"
    else:
        return None
    if not name:
        return None
    return f"{name} {part}".strip() if part else name


def timex_label(value: str | None, mod: str | None = None, type: str | None = None) -> str:
    """A reader's label for a TIMEX3 value: "2020-W33-WE" is "weekend of 15-16 Aug
    2020", "2020-08-17TEV" "17 Aug 2020, evening", "FUTURE_REF" "in the future", "P3D"
    "3 days", "199" "the 1990s". ``mod`` adds "early", "late", "about"; a ``SET``
    reads "every ...". A value of no known form is returned as it is; None is
    "unresolved"."""
    if not value:
        return "unresolved"
    v = value.strip().upper()
    if v == "PXX":
        return "a period of unstated length"
    label: str | None = _REF_NAMES.get(v)
    if label is None and v.startswith("P"):
        if type == "SET" and v in _EVERY:
            label = _EVERY[v]
        else:
            label = _duration_label(v)
            if label and type == "SET":
                label = f"every {label}"
    if label is None and "X" in v:
        label = _generic_label(v)
        if label and type == "SET":
            label = f"every {label}"
    if label is None:
        day, sep, clock = v.partition("T")
        label = _calendar_label(day)
        if label is not None and sep:
            if m := re.fullmatch(r"(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?",
                                 clock):
                hh = "midnight" if m[1] == "24" else f"{m[1]}:{m[2]}"
                label = f"{label}, {hh}"
            elif clock in _PART_NAMES:
                label = f"{label}, {_PART_NAMES[clock]}"
            else:
                label = None
    if label is None:
        return value
    word = _MOD_WORDS.get((mod or "").upper())
    return f"{word} {label}" if word else label



def range_label(value: str | None, end_value: str | None = None, mod: str | None = None,
                type: str | None = None) -> str:
    """:func:`timex_label` of a value, or of a range "16-21 Jan 2026" when ``end_value``
    is set ("between January 16 and 21")."""
    first = timex_label(value, mod, type)
    if not end_value or end_value == value:
        return first
    a = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    b = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", end_value)
    if a and b and not mod:
        try:
            da = date(int(a[1]), int(a[2]), int(a[3]))
            db = date(int(b[1]), int(b[2]), int(b[3]))
        except ValueError:
            return f"{first} to {timex_label(end_value, type=type)}"
        if da < db:
            return _days_label(da, db)
    return f"{first} to {timex_label(end_value, type=type)}"


__all__ = ["range_label", "timex_label"]
