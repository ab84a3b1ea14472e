"""The rule table: each rule's name, pattern and handler, in order of precedence.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from corroborator.article.times.context import (
    Context,
    Handler,
    Value,
)
from corroborator.article.times.handlers import (
    _PERIOD_UNIT,
    REL,
    B,
    E,
    h_ago,
    h_ana_day,
    h_anaphoric_quarter,
    h_bare_units,
    h_century,
    h_clock,
    h_day_month,
    h_daypart,
    h_decade,
    h_duration,
    h_half_of,
    h_in_the_period,
    h_iso,
    h_later_date,
    h_month,
    h_month_day,
    h_month_range,
    h_month_year,
    h_named_year,
    h_numeric,
    h_quarter,
    h_recent_units,
    h_ref,
    h_rel_period,
    h_season,
    h_set,
    h_the_year,
    h_today,
    h_vague_duration,
    h_weekday,
    h_weekday_parts_set,
    h_weekdays_set,
    h_year,
    h_year_ago_adj,
    h_year_end,
    h_year_range,
)
from corroborator.article.times.resolution import (
    _mod_of,
)
from corroborator.article.times.tense import (
    clause_tense,
)
from corroborator.lexicon import calendar as R
from corroborator.text.calendar import (
    _coarsen,
    _week,
)
from corroborator.text.prefilter import (
    required_strings,
)

_MON = rf"(?P<mon>{R.MONTH})"
#: "Earlier Sunday", "later this afternoon": TimeBank keeps the adverb in the span.
_LATER = r"(?:(?:earlier|later)\s+)?"
_MOD = rf"(?:(?P<mod>{R.MOD})\s*)?"
_YEAR = rf"(?P<y>{R.YEAR4}|{R.SPELLED_YEAR}|'\d\d)"
_DAYP = r"(?:morning|afternoon|mid-afternoon|evening|night)"
_DAYREF = rf"(?:today|yesterday|tomorrow|{R.WEEKDAY}|{R.MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
_CLOCK = (
    r"(?:(?P<h>\d{1,2})(?::(?P<mi>\d\d))?\s*(?P<ap>a\.m\.|p\.m\.|am|pm|a\.m|p\.m)(?![\w])"
    r"(?:\s+(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|ET|local\s+time|local))?"
    r"|(?P<word>noon|midnight))"
)

RULES: tuple[tuple[str, str, Handler], ...] = (
    (
        "iso",
        rf"{B}(?P<y>{R.YEAR4})-(?P<mo>\d{{2}})-(?P<d>\d{{2}})(?:T(?P<hh>\d{{2}})"
        rf":(?P<mi>\d{{2}}))?{E}",
        h_iso,
    ),
    ("numeric", rf"{B}(?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>{R.YEAR4}|\d{{2}}){E}", h_numeric),
    ("numeric_dots", rf"{B}(?P<d>\d{{1,2}})\.(?P<mo>\d{{1,2}})\.(?P<y>{R.YEAR4}){E}", h_numeric),
    ("iso_slash", rf"{B}(?P<y>{R.YEAR4})/(?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}}){E}", h_numeric),
    (
        "clock",
        rf"{B}(?:(?:about|around|approximately|shortly\s+(?:before|after)|just\s+(?:before|"
        rf"after))\s+)?(?:(?P<day2>{_DAYREF}),?\s+(?:at\s+)?)?{_CLOCK}(?:,?\s+(?:on\s+)"
        rf"?(?P<day>{_DAYREF}))?{E}",
        h_clock,
    ),
    (
        "daypart",
        rf"{B}{_LATER}(?:(?P<tonight>tonight)|(?P<day>this|last|late\s+this|early\s+this|today"
        rf"|yesterday|tomorrow|{R.WEEKDAY})\s+(?P<part>{_DAYP})"
        rf"|(?:early\s+|late\s+)?(?P<part2>{_DAYP})\s+(?:of\s+)?"
        rf"(?P<day3>yesterday|today|tomorrow|{R.WEEKDAY})"
        rf"|(?P<bare>(?:the\s+)?(?:early|late|mid)[\s-]?(?P<part3>morning|afternoon|evening)"
        rf"|the\s+(?P<part4>morning|afternoon|evening))){E}",
        h_daypart,
    ),
    (
        "month_day",
        rf"{B}{_MOD}(?:(?P<wd>{R.WEEKDAY}),?\s+)?{_MON}\s+(?P<d>{R.DAYNUM})"
        rf"(?:\s*(?:-|–|and|to|through)\s*(?P<d2>{R.DAYNUM})(?!\s*(?:[,.]?\d|"
        rf"%|percent)))?(?:,?\s+{_YEAR})?(?P<mon2>(?!))?{E}",
        h_month_day,
    ),
    (
        "day_month",
        rf"{B}{_MOD}(?:(?P<wd>{R.WEEKDAY}),?\s+)?(?:the\s+)?(?P<d>{R.DAYNUM})"
        rf"(?:\s*(?:-|–|and|to)\s*(?P<d2>{R.DAYNUM}))?\s+(?:of\s+)?{_MON}(?:,?\s+{_YEAR})"
        rf"?(?P<mon2>(?!))?{E}",
        h_day_month,
    ),
    (
        "month_year",
        rf"{B}{_MOD}(?:(?P<mon1>{R.MONTH})\s*(?:and|to|through|-|–|or)\s*)?{_MON}(?:,?\s+(?:of\s+"
        rf")?{_YEAR}|\s+(?P<rel>this|last|next)\s+year){E}",
        h_month_year,
    ),
    ("month_range", rf"{B}(?P<mon1>{R.MONTH})\s*(?:and|to|through|-|–)\s*{_MON}{E}", h_month_range),
    (
        "month",
        rf"{B}(?:(?P<which>this|last|next|early\s+next|late\s+last)\s+)?{_MOD}{_MON}{E}",
        h_month,
    ),
    ("year_range", rf"{B}(?P<y>{R.YEAR4})\s*(?:-|–)\s*(?P<y2>{R.YEAR4}|\d\d){E}", h_year_range),
    (
        "year",
        rf"{B}{_MOD}(?:(?P<det>the\s+year|calendar|the(?=\s+\S+\s+(?:period|"
        rf"quarter|season)))\s+)?(?:(?P<fiscal>fiscal(?:\s+year)?)\s+)?{_YEAR}(?P<tail>\s+(?:pe"
        rf"riod|quarter|season))?{E}",
        h_year,
    ),
    ("named_year", rf"{B}the\s+year\s+{_YEAR}{E}", h_named_year),
    (
        "decade",
        rf"{B}(?:the\s+)?{_MOD}(?P<dec>(?:1[5-9]|20)\d0'?s|'\d0s|(?:twenties|"
        rf"thirties|forties|fifties|sixties|seventies|eighties|nineties)){E}",
        h_decade,
    ),
    (
        "century",
        rf"{B}(?:the\s+)?{_MOD}(?P<cent>\d{{1,2}}(?:st|nd|rd|th)|first|second|"
        rf"tenth|eleventh|eighteenth|nineteenth|twentieth|twenty[- ]first)[- ]century{E}",
        h_century,
    ),
    (
        "quarter",
        rf"{B}(?:(?P<det>the|this|last|next|this\s+year's|last\s+year's|next\s+year's|"
        rf"the\s+year-ago|the\s+year-earlier|the\s+fiscal|the\s+same)\s+)?(?:(?P<y1>{R.YEAR4})"
        rf"\s+)?(?:fiscal\s+)?(?:fiscal[- ])?(?P<ord>first|second|third|fourth|"
        rf"1st|2nd|3rd|4th)[- ](?:fiscal[- ])?(?P<unit>quarters?|half|halves)"
        rf"(?:\s+of\s+(?:(?:fiscal\s+)?(?P<y2>{R.YEAR4})|(?P<rel2>this|last|"
        rf"next)\s+year))?{E}",
        h_quarter,
    ),
    (
        "ana_quarter",
        rf"{B}(?:the|this|last\s+year's|that)\s+(?:(?:latest|current|most\s+recent|"
        rf"recent|same|year-ago|year-earlier|comparable|corresponding|prior-year|"
        rf"year-before|(?P<y>{R.YEAR4}))\s+){{0,2}}(?:quarter|fiscal\s+quarter)(?:\s+(?:a\s+year\s+(?"
        rf":ago|earlier)|last\s+year))?{E}",
        h_anaphoric_quarter,
    ),
    (
        "ana_period",
        rf"{B}the\s+(?:year-ago|year-earlier|comparable|corresponding|same|"
        rf"latest|most\s+recent)\s+period(?:\s+(?:a\s+year\s+(?:ago|earlier)"
        rf"|last\s+year))?{E}",
        h_anaphoric_quarter,
    ),
    ("year_ago_adj", rf"{B}(?:year-ago|year-earlier){E}", h_year_ago_adj),
    (
        "season",
        rf"{B}(?:(?P<which>this\s+past|this|last|next|the)\s+)?{_MOD}(?P<season>{R.SEASON})"
        rf"(?:\s+(?:of\s+)?{_YEAR})?{E}",
        h_season,
    ),
    (
        "today",
        rf"{B}{_LATER}{_MOD}(?P<w>today|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        rf"the\s+day\s+after\s+tomorrow){E}",
        h_today,
    ),
    (
        "weekday",
        rf"{B}{_LATER}(?:(?P<which>last|next|this|the\s+past|this\s+coming|the\s+previous|"
        rf"the\s+following)\s+)?(?:(?P<mod>early|late)\s+)?(?P<wd>{R.WEEKDAY})"
        rf"{E}(?!s)",
        h_weekday,
    ),
    ("weekdays", rf"{B}(?:on\s+)?(?P<wd>{R.WEEKDAY})s{E}", h_weekdays_set),
    (
        "weekday_parts",
        rf"{B}(?P<wd>{R.WEEKDAY})\s+(?P<part>mornings|afternoons|evenings|nights){E}",
        h_weekday_parts_set,
    ),
    (
        "rel_period",
        rf"{B}{_MOD}(?:(?:earlier|later)\s+)?(?:{REL}|(?P<rel0>the))\s+(?P<unit>fiscal\s+year|"
        rf"week|weekend|month|year|quarter|decade|century)(?:\s+or\s+so)?{E}",
        lambda m, c: _rel_or_the(m, c),
    ),
    (
        "half_of",
        rf"{B}(?:the\s+)?(?P<ord>first|second|last|latter)\s+(?:half|two\s+quarters)\s+of"
        rf"\s+(?:(?:fiscal\s+)?{_YEAR}|(?P<rel2>this|last|next)\s+year|the\s+year){E}",
        h_half_of,
    ),
    (
        "in_the_period",
        rf"{B}(?:earlier|later)\s+in\s+the\s+(?P<unit>day|week|month|year){E}",
        h_in_the_period,
    ),
    (
        "ana_day",
        rf"{B}(?:the|that)\s+(?:(?P<w>next|following|previous|prior|preceding|same)\s+)"
        rf"day{E}",
        h_ana_day,
    ),
    (
        "vague_duration",
        rf"{B}(?:a\s+(?:little\s+)?while|some\s+time|a\s+long\s+time|(?:a|an)\s+(?:"
        rf"(?:fairly|very|relatively|extended|considerable)\s+)?(?:long|lengthy|short|brief|"
        rf"extended|considerable|indefinite)\s+(?:period(?:\s+of\s+time)?|time|spell)){E}",
        h_vague_duration,
    ),
    (
        "later_date",
        rf"{B}(?:a\s+(?:later|future)|an\s+earlier)\s+(?:date|time|stage|point){E}",
        h_later_date,
    ),
    (
        "the_year",
        rf"{B}the\s+(?:(?:current|full|fiscal|calendar|entire|whole)\s+)*year{E}",
        h_the_year,
    ),
    (
        "year_end",
        rf"{B}(?:around\s+)?(?:year[- ]end|year's\s+end|the\s+end\s+of\s+the\s+year)"
        rf"{E}",
        h_year_end,
    ),
    (
        "ago",
        rf"{B}(?:(?:{R.APPROX})\s+)?(?:(?P<num>{R.NUMBER})[\s-]+)?(?P<unit>{R.UNIT})"
        rf"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|"
        rf"hence|back){E}",
        h_ago,
    ),
    (
        "the_x_before",
        rf"{B}the\s+(?P<unit>year|month|week|day)\s+(?P<dir>before|after|earlier|"
        rf"later){E}(?P<num>(?!))?",
        h_ago,
    ),
    (
        "duration",
        rf"{B}(?:(?:{R.APPROX_THE})\s+)?(?:(?P<the>the|each\s+of\s+the)\s+(?:(?P<adj>"
        rf"{R.DUR_ADJ})\s+)?(?:(?:{R.APPROX})\s+)?|(?:{R.DUR_ADJ}|{R.APPROX})\s+)?"
        rf"(?P<num>{R.NUMBER})(?:(?:\s*[-–]\s*|\s+(?:to|or)\s+)(?P<num2>{R.NUMBER}))?"
        rf"(?P<half>\s+and\s+a\s+half)?(?P<sep>[\s-]+)(?:{R.UNIT_QUALIFIER}\s+)?"
        rf"(?P<unit>{R.UNIT})(?P<half2>\s+and\s+a\s+half)?(?:\s+or\s+(?:so|(?P<num3>"
        rf"{R.NUMBER})))?{E}",
        h_duration,
    ),
    (
        "bare_units",
        rf"{B}(?P<unit>years|months|weeks|days|decades|centuries|hours|minutes)"
        rf"(?:\s+(?:or|and)\s+(?:years|months|weeks|days|decades|hours|minutes))?{E}",
        h_bare_units,
    ),
    (
        "recent_units",
        rf"{B}(?:the\s+)?(?P<w>recent|coming|upcoming|future|past|previous|"
        rf"prior)\s+(?P<unit>years|months|weeks|days|decades|quarters)"
        rf"(?:\s+(?:or|and)\s+(?:years|months|weeks|days|decades|quarters))?{E}",
        h_recent_units,
    ),
    (
        "ref",
        rf"{B}(?:right\s+now|now|currently|current|presently|nowadays|these\s+days|"
        rf"at\s+present|the\s+near\s+future|the\s+future|soon|as\s+soon\s+as\s+possible|"
        rf"the\s+(?:near|short|long)\s+term|the\s+(?:years|months|weeks|days)"
        rf"\s+ahead|recently|formerly|lately|the\s+recent\s+past|the\s+past|"
        rf"Earlier|the\s+time){E}",
        h_ref,
    ),
    (
        "set",
        rf"{B}(?:annually|yearly|monthly|weekly|daily|hourly|nightly|quarterly|"
        rf"biweekly|biannually|(?P<lead>every|each|per|a)\s+(?:other\s+)?(?:(?P<num>{R.NUMBER})"
        rf"\s+)?(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|"
        rf"years?|decades?|{R.WEEKDAY}|{R.MONTH}|{R.SEASON}|morning|evening|"
        rf"night|afternoon)){E}",
        h_set,
    ),
)  # fmt: skip


def _rel_or_the(m: re.Match[str], ctx: Context) -> Value | None:
    if m["rel0"]:
        unit = m["unit"].lower()
        if unit == "weekend":
            return h_rel_period_the(m, ctx)
        if m["mod"] and unit in ("year", "month", "week", "decade", "century"):
            # "the end of the year", "the middle of the month": the current one
            if ctx.dct is None:
                return Value("DATE", None, mod=_mod_of(m["mod"]), relative=True)
            u = _PERIOD_UNIT[unit]
            return Value("DATE", _coarsen(ctx.dct, u), mod=_mod_of(m["mod"]), relative=True)
        return None
    text = m[0].lower()
    shifted = text.startswith(("earlier", "later")) or " earlier " in text or " later " in text
    if shifted and m["rel"].lower() != "this":
        return None
    return h_rel_period(m, ctx)


def h_rel_period_the(m: re.Match[str], ctx: Context) -> Value | None:
    """ "the weekend": the DCT's weekend, or the one before in a past clause."""
    if ctx.dct is None:
        return Value("DATE", None, relative=True)
    d = ctx.dct
    if clause_tense(ctx, m.start()) == "past" and d.isoweekday() < 6:
        d -= timedelta(days=7)
    return Value("DATE", f"{_week(d)}-WE", relative=True)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[str, re.Pattern[str], Handler, frozenset[str] | None], ...]:
    """The rules compiled, each with the strings one of which its matches contain."""
    out = []
    for name, pat, fn in RULES:
        compiled = re.compile(pat, re.I)
        out.append((name, compiled, fn, required_strings(compiled)))
    return tuple(out)
