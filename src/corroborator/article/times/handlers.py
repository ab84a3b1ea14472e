"""One handler per rule: turns a match into a typed, normalised TIMEX3 value.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from corroborator.article.times.context import (
    Context,
    Value,
)
from corroborator.article.times.resolution import (
    _date_tense,
    _forward,
    _mod_of,
    _month_of,
    _next_text,
    _pick_year,
    _prev_word,
    _resolve_weekday,
    _year_of,
)
from corroborator.article.times.tense import (
    clause_tense,
    reading,
)
from corroborator.lexicon import calendar as R
from corroborator.lexicon.numbers import ORDINALS, TENS
from corroborator.text.calendar import (
    _coarsen,
    _day,
    _parse_iso,
    _shift_date,
    _week,
    period_start,
    shift_value,
)
from corroborator.text.numbers import (
    _unit_code,
    duration_value,
    parse_number,
)

B = r"(?<![\w$£€'.-])"  # start boundary
E = r"(?![\w])"  # end boundary
REL = (
    r"(?P<rel>this|last|next|the\s+coming|the\s+past|the\s+last|the\s+latest|the\s+most"
    r"\s+recent|the\s+next|the\s+previous"
    r"|the\s+current|the\s+following|the\s+same|the\s+prior|that)"
)


def _rel_year(ctx: Context, rel: str) -> int | None:
    if ctx.dct is None:
        return None
    r = rel.lower().split()[-1]
    return ctx.dct.year + {"last": -1, "next": 1, "past": -1, "previous": -1}.get(r, 0)


def h_iso(m: re.Match[str], ctx: Context) -> Value | None:
    try:
        d = date(int(m["y"]), int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    if m["hh"]:
        return Value("TIME", f"{_day(d)}T{m['hh']}:{m['mi']}")
    return Value("DATE", _day(d))


def h_numeric(m: re.Match[str], ctx: Context) -> Value | None:
    y = int(m["y"])
    y = y + (1900 if y > 30 else 2000) if y < 100 else y
    try:
        d = date(y, int(m["mo"]), int(m["d"]))
    except ValueError:
        return None
    return Value("DATE", _day(d))


def _day_ref(ctx: Context, text: str, start: int) -> tuple[str | None, bool] | None:
    """Resolve a day reference (weekday, today, Month D) to a date value."""
    t = text.lower().strip().rstrip(",")
    if ctx.dct is None:
        return (None, True) if t in ("today", "yesterday", "tomorrow") or t in R.WEEKDAYS else None
    if t == "today":
        return _day(ctx.dct), True
    if t == "yesterday":
        return _day(ctx.dct - timedelta(days=1)), True
    if t == "tomorrow":
        return _day(ctx.dct + timedelta(days=1)), True
    if t in R.WEEKDAYS:
        tense, told = reading(ctx, start)
        return _day(_resolve_weekday(R.WEEKDAYS[t], told or ctx.dct, tense)), True
    mm = re.fullmatch(rf"({R.MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?", text.strip(), re.I)
    if mm:
        mo, dd = _month_of(mm[1]), int(mm[2])
        if mo is None:
            return None
        y = _pick_year(mo, dd, ctx.dct, _date_tense(ctx, start), forward=_forward(ctx, start))
        try:
            return _day(date(y, mo, dd)), True
        except ValueError:
            return None
    return None


def h_clock(m: re.Match[str], ctx: Context) -> Value | None:
    h = int(m["h"]) if m["h"] else 12
    mi = int(m["mi"]) if m["mi"] else 0
    ap = (m["ap"] or "").lower()
    word = (m["word"] or "").lower()
    if word == "noon":
        h, mi = 12, 0
    elif word == "midnight":
        h, mi = 24, 0
    elif h > 12 or mi > 59:
        return None
    elif ap.startswith("p") and h < 12:
        h += 12
    elif ap.startswith("a") and h == 12:
        h = 0
    day = m["day"] or m["day2"]
    if day:
        res = _day_ref(ctx, day, m.start())
        if res is None:
            return None
        base, rel = res
    else:
        base, rel = (_day(ctx.dct) if ctx.dct else None), True
    if base is None:
        return Value("TIME", None, relative=True)
    return Value("TIME", f"{base}T{h:02d}:{mi:02d}", relative=rel)


def h_daypart(m: re.Match[str], ctx: Context) -> Value | None:
    word = m["part"] or m["part2"] or m["part3"] or m["part4"] or "night"
    part = R.DAY_PARTS.get(word.lower().replace(" ", ""), "NI")
    day = re.sub(r"\s+", " ", (m["day"] or m["day3"] or "").lower())
    if m["bare"]:
        # "by mid-afternoon", "in the morning": that part of the day in focus
        if m["part4"] and _prev_word(ctx, m.start()) not in ("in", "during", "by", "until",
                                                              "through", "throughout"):
            return None
        if ctx.ref and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ctx.ref):
            return Value("TIME", f"{ctx.ref}T{part}", relative=True, anaphoric=True)
        if ctx.dct is None:
            return Value("TIME", None, relative=True)
        return Value("TIME", f"{_day(ctx.dct)}T{part}", relative=True)
    if ctx.dct is None:
        return Value("TIME", None, relative=True)
    if m["tonight"]:
        return Value("TIME", f"{_day(ctx.dct)}TNI", relative=True)
    if day in ("this", "today", "this early", "early this", "late this"):
        base = _day(ctx.dct)
    elif day == "last":
        base = _day(ctx.dct - timedelta(days=1))
    else:
        res = _day_ref(ctx, day, m.start())
        if res is None or res[0] is None:
            return None
        base = res[0]
    return Value("TIME", f"{base}T{part}", relative=True)


def h_month_day(m: re.Match[str], ctx: Context) -> Value | None:
    mo = _month_of(m["mon"])
    if mo is None:
        return None
    d1 = int(re.sub(r"\D", "", m["d"]))
    year = _year_of(m["y"]) if m["y"] else None
    d2 = int(re.sub(r"\D", "", m["d2"])) if m["d2"] else None
    mo2 = _month_of(m["mon2"]) if m["mon2"] else None
    relative = year is None
    if year is None:
        if ctx.dct is None:
            return Value("DATE", None, relative=True)
        wd = R.WEEKDAYS.get((m["wd"] or "").lower())
        tense, forward = _date_tense(ctx, m.start()), _forward(ctx, m.start())
        year = _pick_year(mo, d1, ctx.dct, tense, wd, forward)
    try:
        v1 = _day(date(year, mo, d1))
        v2 = _day(date(year, mo2 or mo, d2)) if d2 else None
    except ValueError:
        return None
    return Value("DATE", v1, v2, mod=_mod_of(m["mod"]), relative=relative)


def h_day_month(m: re.Match[str], ctx: Context) -> Value | None:
    return h_month_day(m, ctx)


def h_month_year(m: re.Match[str], ctx: Context) -> Value | None:
    mo = _month_of(m["mon"])
    if mo is None:
        return None
    mod = _mod_of(m["mod"])
    mo1 = _month_of(m["mon1"]) if m["mon1"] else None
    relative = False
    if m["y"]:
        year = _year_of(m["y"])
    elif m["rel"]:
        year, relative = _rel_year(ctx, m["rel"]), True
    else:
        return None
    if year is None:
        return Value("DATE", None, relative=True)
    if mo1 is not None:
        return Value("DATE", f"{year:04d}-{mo1:02d}", f"{year:04d}-{mo:02d}", mod, relative)
    return Value("DATE", f"{year:04d}-{mo:02d}", None, mod, relative)


def h_month(m: re.Match[str], ctx: Context) -> Value | None:
    """A month without a year: "in September", "last April", "early November"."""
    mo = _month_of(m["mon"])
    if mo is None:
        return None
    mod = _mod_of(m["mod"])
    which = (m["which"] or "").lower()
    prev = _prev_word(ctx, m.start())
    if not mod and not which and prev not in R.TEMPORAL_PREPS:
        return None
    if m["mon"].lower() in ("may", "march") and not (mod or which) and prev not in (
        "in", "since", "until", "by", "from", "through", "of", "last", "next", "early", "late",
    ):
        return None
    if ctx.dct is None:
        return Value("DATE", None, mod=mod, relative=True)
    if which == "last":
        y = ctx.dct.year - 1 if mo >= ctx.dct.month else ctx.dct.year
    elif which == "next":
        y = ctx.dct.year + 1 if mo <= ctx.dct.month else ctx.dct.year
    elif which == "this":
        y = ctx.dct.year
    else:
        y = _pick_year(mo, None, ctx.dct, _date_tense(ctx, m.start()),
                       forward=_forward(ctx, m.start()))
    return Value("DATE", f"{y:04d}-{mo:02d}", None, mod, True)


def h_month_range(m: re.Match[str], ctx: Context) -> Value | None:
    """ "August and September" without a year."""
    mo1, mo2 = _month_of(m["mon1"]), _month_of(m["mon"])
    if mo1 is None or mo2 is None:
        return None
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    y = _pick_year(mo1, None, ctx.dct, _date_tense(ctx, m.start()))
    y2 = y if mo2 >= mo1 else y + 1
    return Value("DATE", f"{y:04d}-{mo1:02d}", f"{y2:04d}-{mo2:02d}", relative=True)


def _year_context_ok(m: re.Match[str], ctx: Context, start: int) -> bool:
    nxt = _next_text(ctx, m.end(), 12)
    if re.match(r"\s*(?:%|percent|per\s*cent|[-–/]\d|\d|,\d|\.\d)", nxt):
        return False
    if re.match(r"\s*(?:GMT|UTC|BST|CET|EST|EDT|CST|CDT|PST|PDT|hrs|hours)\b", nxt):
        return False  # "at 1645 GMT": a clock time, not a year
    before = ctx.text[max(0, start - 3) : start]
    if re.search(r"[$#£€]\s*$|No\.\s*$", before):
        return False
    if re.match(r"\s+(?:[a-z]+s)\b", nxt) and not re.match(
        r"\s+(?:was|has|is|saw|levels|elections?|figures|results|census)\b", nxt
    ):
        # "1990 cars": a count, not a year, unless a preposition makes it one
        return _prev_word(ctx, start) in R.TEMPORAL_PREPS
    return True


def h_year(m: re.Match[str], ctx: Context) -> Value | None:
    y = _year_of(m["y"])
    if y is None:
        return None
    mod = _mod_of(m["mod"])
    fiscal = bool(m["fiscal"])
    start = m.start("y")
    if not (mod or fiscal or m["det"]):
        if not _year_context_ok(m, ctx, start):
            return None
        prev = _prev_word(ctx, start)
        tok = ctx.token_at(start)
        spelled = not m["y"][0].isdigit()
        if prev not in R.TEMPORAL_PREPS and not (tok and tok.ent_type == "DATE") and not spelled:
            return None
    value = f"{y:04d}"
    if m["tail"] and "quarter" in m["tail"].lower():
        q = ctx.recent_quarter(m.start())
        if q:
            return Value("DATE", f"{value}-Q{q[-1]}", relative=True)
    return Value("DATE", value, mod=mod)


def h_year_range(m: re.Match[str], ctx: Context) -> Value | None:
    y1 = int(m["y"])
    y2s = m["y2"]
    y2 = int(y2s) if len(y2s) == 4 else (y1 // 100) * 100 + int(y2s)
    if y2 <= y1:
        return None
    return Value("DATE", f"{y1:04d}", f"{y2:04d}")


def h_decade(m: re.Match[str], ctx: Context) -> Value | None:
    mod = _mod_of(m["mod"])
    raw = m["dec"].lower()
    if raw.startswith("'"):
        d = int(raw[1:3])
        y = 1900 + d if d > 20 else 2000 + d
    elif raw[0].isdigit():
        y = int(raw[:4])
    else:
        word = re.sub(r"ies$", "y", raw)
        n = TENS.get(word)
        if n is None:
            return None
        y = 1900 + n
    if y % 10:
        return None
    return Value("DATE", f"{y // 10:03d}", mod=mod)


def h_century(m: re.Match[str], ctx: Context) -> Value | None:
    raw = m["cent"].lower()
    words = {"first": 1, "second": 2, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
             "twenty-first": 21, "twenty first": 21, "tenth": 10, "eleventh": 11}  # fmt: skip
    n = int(re.sub(r"\D", "", raw)) if raw[0].isdigit() else words.get(raw)
    if not n:
        return None
    return Value("DATE", f"{n - 1:02d}", mod=_mod_of(m["mod"]))


def h_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    q = ORDINALS.get(m["ord"].lower())
    if q is None:
        return None
    half = "half" in m["unit"].lower()
    if half and q > 2:
        return None
    det = re.sub(r"\s+", " ", (m["det"] or "").lower())
    y: int | None = None
    relative = False
    if m["y1"] or m["y2"]:
        y = int(m["y1"] or m["y2"])
    elif m["rel2"]:
        y, relative = _rel_year(ctx, m["rel2"]), True
    elif ctx.dct is not None:
        relative = True
        y = ctx.dct.year
        if "last year" in det or "year-ago" in det or "year-earlier" in det or det == "last":
            y -= 1
        elif "next year" in det or det == "next":
            y += 1
        elif (
            not half
            and q > (ctx.dct.month - 1) // 3 + 1
            and clause_tense(ctx, m.start()) != "future"
        ):
            y -= 1  # "the fourth quarter" in January is last year's
    if y is None:
        return Value("DATE", None, relative=True)
    plural = m["unit"].lower().endswith("s")
    if plural:
        return Value("SET", f"XXXX-Q{q}")
    return Value("DATE", f"{y:04d}-{'H' if half else 'Q'}{q}", relative=relative)


def h_anaphoric_quarter(m: re.Match[str], ctx: Context) -> Value | None:
    """ "the quarter", "the latest quarter", "the year-ago quarter", "the 1988 quarter"."""
    words = m[0].lower()
    if re.match(r"-(?:to|on|over)-", _next_text(ctx, m.end(), 5)):
        return None  # "quarter-to-quarter comparison": a compound adjective
    back = any(w in words for w in ("year-ago", "year-earlier", "last year", "year ago",
                                     "year earlier", "prior-year", "prior year"))  # fmt: skip
    previous = shift_value(_coarsen(ctx.dct, "Q"), -1, "Q") if ctx.dct else None
    if "current" in words and ctx.dct is not None:
        base: str | None = _coarsen(ctx.dct, "Q")
    elif "latest" in words or "most recent" in words:
        base = (ctx.recent_quarter(m.start()) or previous) if back else previous
    else:
        base = ctx.recent_quarter(m.start()) or previous
    if base is None:
        return Value("DATE", None, relative=True, anaphoric=True)
    if m.groupdict().get("y"):
        return Value("DATE", f"{m['y']}-Q{base[-1]}", relative=True, anaphoric=True)
    value = shift_value(base, -1, "Y") if back else base
    return Value("DATE", value, relative=True, anaphoric=True, focus=not back)


def h_year_ago_adj(m: re.Match[str], ctx: Context) -> Value | None:
    base = ctx.recent_quarter(m.start()) or ctx.ref or (_coarsen(ctx.dct, "Y") if ctx.dct else None)
    if base is None:
        return Value("DATE", None, relative=True)
    if len(base) == 10:
        base = base[:4]
    return Value("DATE", shift_value(base, -1, "Y"), relative=True, anaphoric=True)


def h_season(m: re.Match[str], ctx: Context) -> Value | None:
    code = R.SEASONS[m["season"].lower()]
    mod = _mod_of(m["mod"])
    which = (m["which"] or "").lower()
    if m["y"]:
        y = _year_of(m["y"])
        if y is None:
            return None
        return Value("DATE", f"{y:04d}-{code}", mod=mod)
    if not which and not mod:
        return None
    if ctx.dct is None:
        return Value("DATE", None, mod=mod, relative=True)
    start_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    y = ctx.dct.year
    if which in ("last", "this past"):
        y = y if start_month + 3 <= ctx.dct.month else y - 1
    elif which == "next":
        y = y if start_month > ctx.dct.month else y + 1
    elif which == "this" and code == "WI" and ctx.dct.month <= 2:
        y -= 1
    return Value("DATE", f"{y:04d}-{code}", mod=mod, relative=True)


def h_today(m: re.Match[str], ctx: Context) -> Value | None:
    word = re.sub(r"\s+", " ", m["w"].lower())
    shift = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}[word]  # fmt: skip
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    mod = _mod_of(m["mod"])
    return Value("DATE", _day(ctx.dct + timedelta(days=shift)), mod=mod, relative=True)


def h_weekday(m: re.Match[str], ctx: Context) -> Value | None:
    wd = R.WEEKDAYS[m["wd"].lower()]
    which = re.sub(r"\s+", " ", (m["which"] or "").lower())
    ref = _parse_iso(ctx.ref) if ctx.ref and len(ctx.ref) == 10 else None
    if which in ("the previous", "the following") and ref is not None:
        # anaphoric: "down 4% from the previous Friday" counts from the date in focus
        d = _resolve_weekday(wd, ref, None, "last" if which == "the previous" else "next")
        return Value("DATE", _day(d), relative=True, anaphoric=True)
    which = {"the past": "last", "the previous": "last", "this coming": "next-or-this",
             "the following": "next"}.get(which, which)  # fmt: skip
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    if which:  # "last Friday", "next Tuesday": from the writer's now
        d = _resolve_weekday(wd, ctx.dct, clause_tense(ctx, m.start()), which)
    else:
        tense, told = reading(ctx, m.start())
        d = _resolve_weekday(wd, told or ctx.dct, tense)
    return Value("DATE", _day(d), relative=True)


def h_weekday_parts_set(m: re.Match[str], ctx: Context) -> Value | None:
    """ "Tuesday nights": that part of every such weekday."""
    wd = R.WEEKDAYS[m["wd"].lower()]
    return Value("SET", f"XXXX-WXX-{wd}T{R.DAY_PARTS[m['part'].lower()[:-1]]}")


def h_weekdays_set(m: re.Match[str], ctx: Context) -> Value | None:
    wd = R.WEEKDAYS[m["wd"].lower()]
    return Value("SET", f"XXXX-WXX-{wd}")


_PERIOD_UNIT = {"week": "W", "month": "M", "year": "Y", "quarter": "Q", "decade": "DE",
                "century": "CE", "day": "D", "weekend": "WE", "fiscal year": "Y"}  # fmt: skip


def h_rel_period(m: re.Match[str], ctx: Context) -> Value | None:
    """ "this year", "last month", "next week", "the coming year", "earlier this month"."""
    rel = re.sub(r"\s+", " ", m["rel"].lower())
    if rel in ("the latest", "the most recent"):
        rel = "last"  # "the latest fiscal year": the last complete one
    unit = _PERIOD_UNIT[re.sub(r"\s+", " ", m["unit"].lower())]
    mod = _mod_of(m["mod"])
    anaphoric = rel in ("the previous", "the following", "the same", "the prior", "that") or (
        rel == "the next" and unit == "D"
    )
    if rel in ("the past", "the last") and not mod:
        if unit == "WE":
            return None
        if unit == "Y" and ctx.dct is not None:  # TimeBank: "the past year" is last year
            return Value("DATE", f"{ctx.dct.year - 1:04d}", relative=True)
        return Value("DURATION", duration_value(1, unit))
    if anaphoric:
        base = ctx.ref
        if base is None or unit == "WE":
            return Value("DATE", None, relative=True)
        step = {"the previous": -1, "the prior": -1, "the following": 1, "the next": 1}.get(rel, 0)
        if unit == "Y":
            base = base[:4]
        elif unit == "M" and len(base) >= 7 and base[4] == "-" and base[5].isdigit():
            base = base[:7]
        elif unit == "D" and len(base) != 10:
            return Value("DATE", None, relative=True)
        elif unit in ("W", "Q", "DE", "CE"):
            d = period_start(base)
            if d is None:
                return None
            base = _coarsen(d, unit)
            return Value("DATE", _coarsen(_shift_date(d, step, unit), unit), relative=True)
        elif unit == "M":
            return Value("DATE", None, relative=True)
        return Value("DATE", shift_value(base, step, unit if unit != "D" else "D"), mod=mod,
                      relative=True)
    if ctx.dct is None:
        return Value("DATE", None, mod=mod, relative=True)
    step = {"last": -1, "next": 1, "the coming": 1, "the next": 1}.get(rel, 0)
    if unit == "WE":
        d = ctx.dct + timedelta(days=7 * step)
        if rel == "the" and clause_tense(ctx, m.start()) == "past" and ctx.dct.isoweekday() < 5:
            d -= timedelta(days=7)
        return Value("DATE", f"{_week(d)}-WE", relative=True)
    d = _shift_date(ctx.dct, step, unit)
    return Value("DATE", _coarsen(d, unit), mod=mod, relative=True)


def h_half_of(m: re.Match[str], ctx: Context) -> Value | None:
    """ "the last half of 1989", "the first two quarters of 1990": a half year."""
    if m["y"]:
        y = _year_of(m["y"])
        relative = False
    elif m["rel2"]:
        y, relative = _rel_year(ctx, m["rel2"]), True
    else:
        y, relative = (ctx.dct.year if ctx.dct else None), True
    which = m["ord"].lower()
    half = 1 if which == "first" else 2
    if y is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", f"{y:04d}-H{half}", relative=relative)


def h_in_the_period(m: re.Match[str], ctx: Context) -> Value | None:
    """ "earlier in the year", "later in the day": the current period (the day of the
    last mentioned date for "day")."""
    unit = _PERIOD_UNIT[m["unit"].lower()]
    if unit == "D":
        if ctx.ref and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ctx.ref):
            return Value("DATE", ctx.ref, relative=True, anaphoric=True)
        return Value("DATE", _day(ctx.dct) if ctx.dct else None, relative=True)
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", _coarsen(ctx.dct, unit), relative=True)


def h_ana_day(m: re.Match[str], ctx: Context) -> Value | None:
    """ "the next day", "the previous day", "that same day": the day of the last mentioned
    date, shifted."""
    step = {"next": 1, "following": 1, "previous": -1, "prior": -1, "preceding": -1}.get(
        (m["w"] or "").lower(), 0
    )
    base = ctx.ref if ctx.ref and re.fullmatch(r"\d{4}-\d{2}-\d{2}", ctx.ref) else None
    if base is None:
        return Value("DATE", None, relative=True, anaphoric=True)
    return Value("DATE", shift_value(base, step, "D"), relative=True, anaphoric=True)


def h_vague_duration(m: re.Match[str], ctx: Context) -> Value | None:
    """ "for a while", "for some time", "for a fairly lengthy period": unknown length."""
    if _prev_word(ctx, m.start()) not in ("for", "in", "within", "after", "take", "takes",
                                          "took", "last", "lasted", "lasts", "spent"):
        return None
    if re.match(r"\s+(?:ago|later|earlier|now)\b", _next_text(ctx, m.end())):
        return None  # "some time ago": a past reference, not a length
    return Value("DURATION", "PXX")


def h_later_date(m: re.Match[str], ctx: Context) -> Value | None:
    """ "at a later date": an unspecified future time; "an earlier stage": a past one."""
    return Value("DATE", "PAST_REF" if "earlier" in m[0].lower() else "FUTURE_REF")


def h_the_year(m: re.Match[str], ctx: Context) -> Value | None:
    """ "the year" / "the fiscal year": a one-year span before "ended", else the year."""
    if re.match(r"\s+(?:ended|ending|ends|through|to\s+date)\b", _next_text(ctx, m.end())):
        return Value("DURATION", "P1Y")
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    return Value("DATE", f"{ctx.dct.year:04d}", relative=True, anaphoric=True)


def h_year_end(m: re.Match[str], ctx: Context) -> Value | None:
    if ctx.dct is None:
        return Value("DATE", None, mod="END", relative=True)
    return Value("DATE", f"{ctx.dct.year:04d}", mod="END", relative=True)


def h_named_year(m: re.Match[str], ctx: Context) -> Value | None:
    y = _year_of(m["y"])
    return Value("DATE", f"{y:04d}") if y else None


def h_ago(m: re.Match[str], ctx: Context) -> Value | None:
    """ "two years ago", "a year earlier", "three days later", "the year before"."""
    direction = re.sub(r"\s+", " ", m["dir"].lower())
    unit = _unit_code(m["unit"])
    if unit in ("H", "MIN", "S"):
        return None
    if direction in ("before", "after"):
        nxt = _next_text(ctx, m.end(), 3)
        if re.match(r"\s+[\w\"“]", nxt):
            return None  # "two years after the war": a preposition, not an anchor
    n = parse_number(m["num"]) if m["num"] else 1.0
    sign = -1 if direction in ("ago", "earlier", "before", "back", "previously") else 1
    if n is None:
        return Value("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if n != int(n):
        return None
    if direction in ("ago", "from now", "hence", "back"):
        base: str | None = _day(ctx.dct) if ctx.dct else None
    else:
        base = ctx.ref or (_day(ctx.dct) if ctx.dct else None)
    if base is None:
        return Value("DATE", None, relative=True)
    quarter = ctx.recent_quarter(m.start())
    if unit == "Y" and quarter and int(n) == 1 and sign < 0:
        # "up from $5 million a year earlier" in a quarterly report: that quarter last year
        return Value("DATE", shift_value(quarter, -1, "Y"), relative=True, anaphoric=True)
    d = period_start(base)
    if d is None:
        return Value("DATE", None, relative=True)
    shifted = _shift_date(d, sign * int(n), unit)
    gran = {"DE": "Y", "CE": "Y", "FN": "D"}.get(unit, unit)
    if unit == "FN":
        shifted = d + timedelta(days=14 * sign * int(n))
    if len(base) == 4 and gran in ("M", "W", "D"):
        gran = "Y"
    return Value("DATE", _coarsen(shifted, gran), relative=True, anaphoric=True)


def h_duration(m: re.Match[str], ctx: Context) -> Value | None:
    if re.match(r"(?:\s*-\s*|\s+)(?:old|of\s+age)\b", _next_text(ctx, m.end())):
        return None  # ages
    num = m["num"].lower()
    unit = _unit_code(m["unit"])
    if unit == "?":
        return None
    of_follows = bool(re.match(r"\s+of\b", _next_text(ctx, m.end())))
    if unit == "Q" and of_follows and ("-" in (m["sep"] or "") or num in ("a", "one")):
        return None  # "three-quarters of its food", "a quarter of the market": fractions
    if unit == "Q" and of_follows and re.search(r"(?:first|last)\s+two\s+quarters$", m[0], re.I):
        return None  # "the first two quarters of 1990": a half year (rule "half_of")
    if num == "one" and unit == "D" and not m["the"] and _one_day_is_someday(ctx, m):
        future = clause_tense(ctx, m.start()) != "past"
        return Value("DATE", "FUTURE_REF" if future else "PAST_REF")
    if unit == "S" and num in ("a", "one"):
        return None  # "a second group": an ordinal
    if num in ("a", "an") and _is_rate(ctx, m.start()):
        return None  # "$5 a year", "four flights a week": a rate, handled as SET
    n = parse_number(num)
    if m["half"]:
        n = (n or 0) + 0.5
    if m["half2"] and n is not None:
        n += 0.5
    end_value = None
    if hi := m["num2"] or m["num3"]:  # "two to three weeks", "a year or two": a range
        n2 = parse_number(hi)
        if n2 is not None and (n is None or n2 > n):
            end_value = duration_value(n2, unit)
    return Value("DURATION", duration_value(n, unit), end_value, mod=_approx_mod(m[0]))


def _one_day_is_someday(ctx: Context, m: re.Match[str]) -> bool:
    """ "will one day be": an adverb of indefinite time before the verb, not a duration."""
    if _prev_word(ctx, m.start()) in R.TEMPORAL_PREPS | {"a", "the", "than", "within"}:
        return False
    tok = ctx.token_at(m.end() + 1)
    return tok is not None and tok.start > m.end() and tok.pos in ("VERB", "AUX")


_APPROX_MODS: tuple[tuple[str, str], ...] = (
    ("no more than", "EQUAL_OR_LESS"), ("no less than", "EQUAL_OR_MORE"),
    ("more than", "MORE_THAN"), ("well over", "MORE_THAN"), ("over", "MORE_THAN"),
    ("less than", "LESS_THAN"), ("fewer than", "LESS_THAN"), ("under", "LESS_THAN"),
    ("at least", "EQUAL_OR_MORE"), ("at most", "EQUAL_OR_LESS"), ("up to", "EQUAL_OR_LESS"),
    ("about", "APPROX"), ("around", "APPROX"), ("nearly", "APPROX"), ("almost", "APPROX"),
    ("roughly", "APPROX"), ("approximately", "APPROX"), ("some", "APPROX"),
    ("close to", "APPROX"),
)  # fmt: skip


def _approx_mod(text: str) -> str | None:
    """TIMEX3 mod of a leading approximator: "more than two decades" -> MORE_THAN."""
    low = re.sub(r"\s+", " ", text.lower())
    for phrase, mod in _APPROX_MODS:
        if low.startswith(phrase + " "):
            return mod
    return None


def h_bare_units(m: re.Match[str], ctx: Context) -> Value | None:
    """ "for years", "within weeks", "decades of war"."""
    prev = _prev_word(ctx, m.start())
    before = ctx.token_at(m.start() - 2)
    counted = re.match(r"\s+of\s", _next_text(ctx, m.end())) and before is not None and (
        before.pos in ("VERB", "ADP") and before.end <= m.start()
    )  # "follows months of talks", "after years of war"
    if not counted and prev not in ("for", "within", "over", "after", "in", "took", "lasted",
                                    "spent", "than"):  # fmt: skip
        return None
    if re.match(r"\s+(?:ago|later|earlier|before|old)\b", _next_text(ctx, m.end())):
        return None
    return Value("DURATION", duration_value(None, _unit_code(m["unit"])))


def h_recent_units(m: re.Match[str], ctx: Context) -> Value | None:
    unit = _unit_code(m["unit"])
    word = m["w"].lower()
    if word in ("coming", "upcoming", "future"):
        return Value("DATE", "FUTURE_REF")
    if word in ("past", "previous", "prior"):
        return Value("DATE", "PAST_REF")
    if unit in ("Y", "D", "DE"):
        return Value("DATE", "PAST_REF")
    return Value("DURATION", duration_value(None, unit))


def h_ref(m: re.Match[str], ctx: Context) -> Value | None:
    w = re.sub(r"\s+", " ", m[0].lower())
    if w in ("now", "currently", "current", "presently", "nowadays", "these days", "present",
             "the present", "today's", "right now", "at present"):  # fmt: skip
        if w == "current":
            tok = ctx.token_at(m.start())
            if tok is not None and tok.pos not in ("ADJ",):
                return None
        if w == "present":
            return None
        return Value("DATE", "PRESENT_REF")
    if w in ("the future", "the near future", "soon", "the years ahead", "as soon as possible",
             "the near term", "the short term", "the long term",
             "the months ahead", "the weeks ahead", "the days ahead"):  # fmt: skip
        after = _next_text(ctx, m.end())
        if w == "soon" and re.match(r"\s+(?:as|after|afterwards?|thereafter)\b", after):
            return None  # "as soon as", "soon after": a relation, not a time
        if w == "the future" and (
            re.match(r"\s+of\b", after)
            or _prev_word(ctx, m.start()) not in ("in", "into", "for", "about", "until", "till")
        ):
            return None  # "the future of the port", "the future looks bleak": a fate, not a time
        return Value("DATE", "FUTURE_REF")
    if w in ("recently", "formerly", "lately", "the past", "the recent past", "earlier",
             "the time"):  # fmt: skip
        if w == "the time" and _prev_word(ctx, m.start()) != "at":
            return None
        if w == "the past" and re.match(rf"\s+(?:{R.NUMBER})\s", _next_text(ctx, m.end(), 30),
                                        re.I):
            return None  # "the past three summers": a counted period, not the past
        if w == "earlier":
            sent = ctx.parsed.sentence_of(m.start())
            if not (sent and sent.start == m.start() and _next_text(ctx, m.end(), 1) == ","):
                return None
        return Value("DATE", "PAST_REF")
    return None


_RATE_BEFORE = re.compile(
    r"(?:\d[\d,.]*%?|million|billion|percent|times|twice|once|thrice|cents?|dollars?|"
    r"pounds?|euros?)(?:\s+[A-Za-z-]+){0,2}\s*$"
)


def _is_rate(ctx: Context, start: int) -> bool:
    """ "a week" after a count ("four flights a week", "$5 a year") is a rate."""
    before = ctx.text[max(0, start - 40) : start]
    return bool(_RATE_BEFORE.search(before)) or bool(
        re.search(r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twice)\s+[a-z]+\s*$",
                  before)
    )


def h_set(m: re.Match[str], ctx: Context) -> Value | None:
    w = re.sub(r"\s+", " ", m[0].lower())
    adverbs = {"annually": "P1Y", "yearly": "P1Y", "monthly": "P1M", "weekly": "P1W",
               "daily": "P1D", "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI",
               "quarterly": "P1Q", "biweekly": "P2W", "biannually": "P6M"}  # fmt: skip
    if w in adverbs:
        tok = ctx.token_at(m.start())
        if tok is not None and tok.pos != "ADV":
            return None  # "a quarterly dividend", "the Daily Telegraph": not a time
        if _is_rate(ctx, m.start()):
            return None  # "rise 8% annually" is "8% a year": a rate, as below
        return Value("SET", adverbs[w])
    unit_word = m["unit"]
    if unit_word is None:
        return None
    u = unit_word.lower()
    lead = m["lead"].lower()
    if lead in ("a", "per"):
        # "$5 a year", "four flights a week": rates. TimeBank leaves them unannotated and
        # a rate says nothing about when things happened, so they are not reported.
        return None
    if u in R.WEEKDAYS:
        return Value("SET", f"XXXX-WXX-{R.WEEKDAYS[u]}")
    if (mo := _month_of(unit_word)) is not None and u not in ("may", "march"):
        return Value("SET", f"XXXX-{mo:02d}")
    if u in R.SEASONS:
        return Value("SET", f"XXXX-{R.SEASONS[u]}")
    if u in ("morning", "evening", "night", "afternoon"):
        return Value("SET", f"XXXX-XX-XXT{R.DAY_PARTS[u]}")
    n = parse_number(m["num"]) if m["num"] else 1.0
    return Value("SET", duration_value(n or 1.0, _unit_code(u)))
