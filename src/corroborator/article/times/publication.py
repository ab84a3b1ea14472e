"""Dating an undated article from its content and the dates of the other articles in its
story.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from corroborator.article.times.context import (
    STORY_DATE_WEIGHT,
    STORY_DATE_WINDOW_DAYS,
    WEEKDAY_WINDOW_DAYS,
    Context,
)
from corroborator.article.times.tense import (
    clause_tense,
    reading,
)
from corroborator.lexicon import calendar as R
from corroborator.model import Parsed, TimeExpr
from corroborator.text.calendar import (
    _day,
    _parse_iso,
)


def infer_publication(
    parsed: Parsed, times: tuple[TimeExpr, ...], story_dates: Sequence[str]
) -> str | None:
    """Guess the publication date (ISO) of an undated article, or None.

    Evidence: (1) the latest absolute day the article mentions in a non-future clause is
    a lower bound; (2) weekdays in past clauses ("announced on Sunday") put the date
    within :data:`WEEKDAY_WINDOW_DAYS` after such a weekday, the closer the better;
    (3) the other articles of the story were published near it.
    """
    known = sorted(d for d in (_parse_iso(s) for s in story_dates) if d is not None)
    ctx = Context(parsed=parsed, dct=None, starts=[t.start for t in parsed.tokens])
    lower: date | None = None
    for t in times:
        if t.type in ("DATE", "TIME") and t.value and re.match(r"\d{4}-\d{2}-\d{2}", t.value):
            d = _parse_iso(t.value)
            if d is None or clause_tense(ctx, t.span.start) == "future":
                continue
            if known and d > known[-1] + timedelta(days=STORY_DATE_WINDOW_DAYS):
                continue  # a date far after the whole story is a plan, not a bound
            lower = d if lower is None or d > lower else lower
    weekdays: list[int] = []
    for t in times:
        word = t.text.lower().split()[-1] if t.text else ""
        if t.type == "DATE" and word in R.WEEKDAYS and reading(ctx, t.span.start)[0] != "future":
            weekdays.append(R.WEEKDAYS[word])
    if known:
        lo = known[0] - timedelta(days=STORY_DATE_WINDOW_DAYS)
        hi = known[-1] + timedelta(days=STORY_DATE_WINDOW_DAYS)
    elif lower is not None:
        lo, hi = lower, lower + timedelta(days=WEEKDAY_WINDOW_DAYS)
    else:
        return None
    if lower is not None:
        lo = max(lo, lower)
        hi = max(hi, lo)
    best: tuple[float, date] | None = None
    day = lo
    while day <= hi:
        cost = 0.0
        if known:
            cost += STORY_DATE_WEIGHT * min(abs((day - k).days) for k in known)
        elif lower is not None:
            cost += (day - lower).days * 0.1
        for wd in weekdays:
            cost += (day.isoweekday() - wd) % 7
        if best is None or cost < best[0]:
            best = (cost, day)
        day += timedelta(days=1)
    return _day(best[1]) if best else None


__all__ = ["infer_publication"]
