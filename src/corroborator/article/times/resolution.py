"""Placing a weekday, month or day without a year on the calendar, from the publication
date and the tense of its clause.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from corroborator.article.times.context import (
    DEADLINE_AHEAD_DAYS,
    FUTURE_OVERRIDE_DAYS,
    NEXT_MONTH_DAYS,
    TENSE_OVERRIDE_DAYS,
    UNTENSED_FUTURE_MONTH_PENALTY,
    Context,
    Tense,
)
from corroborator.article.times.tense import (
    clause_tense,
)
from corroborator.lexicon import calendar as R
from corroborator.lexicon import plans
from corroborator.text.numbers import (
    parse_number,
)


def _resolve_weekday(wd: int, dct: date, tense: Tense, which: str = "") -> date:
    """The date of weekday ``wd`` (1=Monday) near ``dct``, by tense or last/next/this."""
    back = (dct.isoweekday() - wd) % 7
    fwd = (wd - dct.isoweekday()) % 7
    if which == "last":
        return dct - timedelta(days=back or 7)
    if which == "next":
        return dct + timedelta(days=fwd or 7)
    if tense == "past":
        return dct - timedelta(days=back)
    if tense == "future":
        return dct + timedelta(days=fwd)
    if which in ("this", "next-or-this"):
        return dct + timedelta(days=fwd)
    if tense is None:  # news reports mostly what has happened
        return dct - timedelta(days=back)
    return dct - timedelta(days=back) if back <= fwd else dct + timedelta(days=fwd)


def _pick_year(
    month: int,
    day: int | None,
    dct: date,
    tense: Tense,
    weekday: int | None = None,
    forward: bool = False,
) -> int:
    """The year for a month (and day) written without one.

    The reading closest to the DCT wins, unless it lies more than
    :data:`TENSE_OVERRIDE_DAYS` on the side the clause's tense rules out ("in July" in a
    past clause written in January is last July). A weekday ("Saturday, April 25") picks
    the year in which the day falls on that weekday.
    """
    cands: list[tuple[int, int]] = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(y, month, day or 1)
        except ValueError:
            continue
        if weekday is not None and day is not None and d.isoweekday() != weekday:
            continue
        if day is None:  # whole months: the DCT's own month is distance 0
            dist = ((y * 12 + month) - (dct.year * 12 + dct.month)) * 30
        else:
            dist = (d - dct).days
        cands.append((y, dist))
    if not cands:
        return dct.year
    def cost(c: tuple[int, int]) -> tuple[float, bool]:
        dist = float(abs(c[1]))
        if day is None and tense is None and not forward and c[1] > 0:
            dist *= UNTENSED_FUTURE_MONTH_PENALTY
        return dist, (c[1] < 0) if forward else (c[1] > 0)

    best = min(cands, key=cost)
    if forward and best[1] < 0:
        ahead = [c for c in cands if 0 <= c[1] <= DEADLINE_AHEAD_DAYS]
        if ahead:
            return min(ahead, key=lambda c: c[1])[0]
    # a whole month on the wrong side of the DCT contradicts the tense, except the next
    # month reported in a past clause (a plan); a day a few weeks ahead can still be a
    # deadline set in a past clause
    limit = NEXT_MONTH_DAYS if day is None else TENSE_OVERRIDE_DAYS
    if tense == "past" and best[1] > limit:
        past = [c for c in cands if c[1] <= 0]
        if past:
            return max(past, key=lambda c: c[1])[0]
    if tense == "future" and best[1] < -(0 if day is None else FUTURE_OVERRIDE_DAYS):
        future = [c for c in cands if c[1] >= 0]
        if future:
            return min(future, key=lambda c: c[1])[0]
    return best[0]


def _forward(ctx: Context, start: int) -> bool:
    """After "until", "effective", "payable" a date lies ahead of its clause."""
    return _prev_word(ctx, start) in plans.DEADLINE_WORDS


def _date_tense(ctx: Context, start: int) -> Tense:
    """Tense for picking a date's year: none after "until", "by", "payable" and the like,
    where a past verb governs a date still to come ("extended the offer to Nov. 20")."""
    if _prev_word(ctx, start) in plans.FORWARD_PREPS:
        return None
    return clause_tense(ctx, start)


def _year_of(text: str) -> int | None:
    t = text.strip().lower()
    if re.fullmatch(r"\d{4}", t):
        return int(t)
    if re.fullmatch(r"'\d\d", t):
        return 1900 + int(t[1:]) if int(t[1:]) > 30 else 2000 + int(t[1:])
    m = re.fullmatch(r"(nineteen|two[- ]thousand)(?:[- ]hundred)?(?:\s+and)?\s*(.*)", t)
    if m:
        rest = parse_number(m[2]) if m[2] else 0.0
        if rest is None:
            return None
        return (1900 if m[1] == "nineteen" else 2000) + int(rest)
    return None


def _month_of(text: str) -> int | None:
    return R.MONTHS.get(text.lower().rstrip(".").strip())


def _mod_of(text: str | None) -> str | None:
    if not text:
        return None
    t = re.sub(r"\s+", " ", text.lower().strip())
    return R.MOD_PHRASES.get(t) or R.MOD_PHRASES.get(t.rstrip("-"))


def _prev_word(ctx: Context, start: int) -> str:
    m = re.search(r"([A-Za-z]+)[\s-]*$", ctx.text[max(0, start - 30) : start])
    return m[1].lower() if m else ""


def _next_text(ctx: Context, end: int, n: int = 20) -> str:
    return ctx.text[end : end + n]
