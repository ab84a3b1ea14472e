"""Calendar words and regular-expression building blocks for time expressions: months,
weekdays, seasons, units, number words, modifiers, and the verbs and prepositions that
tell reported speech and plans.

The patterns are matched case-insensitively against the article text, except month names,
which must be capitalised ("March" the month, not "march" the verb).
"""

from __future__ import annotations

import re

from corroborator.lexicon.numbers import SMALL_NUMBERS, TENS

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: dict[str, int] = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
    "saturday": 6, "sunday": 7,
}  # fmt: skip

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI",
}  # fmt: skip

#: Parts of the day, as TIMEX3 codes.
DAY_PARTS: dict[str, str] = {
    "morning": "MO", "afternoon": "AF", "mid-afternoon": "AF", "evening": "EV",
    "night": "NI", "overnight": "NI",
}  # fmt: skip

UNITS: dict[str, str] = {
    "second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W",
    "fortnight": "FN", "month": "M", "quarter": "Q", "year": "Y", "decade": "DE",
    "century": "CE", "centurie": "CE", "millennium": "ML", "millennia": "ML",
}  # fmt: skip


# --------------------------------------------------------------------------- patterns


def _alt(words: object) -> str:
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in items)


# Month names are case-sensitive (capitalised) inside an otherwise case-insensitive regex.
_MONTH_FULL = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?"
MONTH = rf"(?-i:{_MONTH_FULL}|{_MONTH_ABBR}|{_MONTH_FULL.upper()})"
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?:1[5-9]\d\d|20\d\d)"
_SMALL = _alt(SMALL_NUMBERS)
_TENS = _alt(TENS)
_UNIT_WORDS = r"(?:[1-9]|one|two|three|four|five|six|seven|eight|nine)"
SPELLED_YEAR = (
    rf"(?:nineteen[- ](?:hundred(?:\s+and)?\s+)?(?:(?:{_TENS})(?:[- ](?:{_SMALL}))?|{_SMALL})"
    rf"|two[- ]thousand(?:(?:\s+and)?\s+(?:(?:{_TENS})(?:[- ](?:{_SMALL}))?|{_SMALL}))?)"
)
NUMBER = (
    r"(?:\d+(?:\.\d+)?(?:\s+1/2)?"
    rf"|(?:{_TENS})(?:[- ](?:{_SMALL}))?"
    rf"|(?:{_SMALL})(?:\s+hundred)?"
    r"|a\s+hundred|a\s+dozen|a\s+couple\s+of|a\s+couple|couple\s+of|a\s+few|few|several"
    r"|many|a\s+number\s+of|dozens\s+of|hundreds\s+of|another|a|an|half\s+a|a\s+half)"
)
#: Words between a count and its unit that keep the reading a duration ("eight trading
#: days", "20 more years", "an additional year", "three straight quarters").
UNIT_QUALIFIER = (
    r"(?:trading|business|working|calendar|school|more|additional|extra|further|straight"
    r"|consecutive|full|long|short)"
)
UNIT = (
    r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?"
    r"|decades?|century|centuries|millennium|millennia)"
)
APPROX = (
    r"(?:about|around|nearly|almost|roughly|approximately|some|more\s+than|over|less\s+than"
    r"|under|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than"
    r"|fewer\s+than|close\s+to|well\s+over|the\s+better\s+part\s+of)"
)
#: Approximators that may precede "the past N years" ("over" there is a preposition).
APPROX_THE = r"(?:at\s+least|at\s+most|nearly|almost|roughly|about)"
DUR_ADJ = (
    r"(?:past|last|next|first|coming|previous|following|latest|final|initial|remaining"
    r"|prior|preceding|ensuing|subsequent|same|year-earlier|year-ago)"
)
#: Words that put a bare number or month in a temporal reading ("in May", "since 1998").
TEMPORAL_PREPS = frozenset(
    {"in", "on", "since", "by", "until", "till", "for", "through", "from", "to", "of", "during",
     "before", "after", "early", "late", "mid", "last", "next", "this", "that", "each",
     "every", "between", "and", "or", "around", "circa", "as", "throughout", "past"}
)  # fmt: skip

#: Modifier phrases before a period -> TIMEX3 mod.
MOD_PHRASES: dict[str, str] = {
    "early": "START", "earlier": "START", "the beginning of": "START",
    "the start of": "START", "the first months of": "START", "the first weeks of": "START",
    "the first days of": "START", "the early part of": "START", "the dawn of": "START",
    "mid": "MID", "mid-": "MID", "the middle of": "MID", "the mid": "MID",
    "late": "END", "later": "END", "the end of": "END", "the close of": "END",
    "the last months of": "END", "the final months of": "END",
    "the closing months of": "END", "the last weeks of": "END", "the final weeks of": "END",
    "the last days of": "END", "the final days of": "END", "the latter part of": "END",
    "the late": "END", "the early": "START", "the turn of": "APPROX",
    "around": "APPROX", "about": "APPROX", "circa": "APPROX", "approximately": "APPROX",
}  # fmt: skip
MOD = (
    r"(?:the\s+(?:beginning|start|middle|end|close|turn|dawn|early\s+part|latter\s+part)\s+of"
    r"|the\s+(?:first|last|final|closing)\s+(?:months|weeks|days)\s+of"
    r"|early|late|mid-?|around|circa)"
)


