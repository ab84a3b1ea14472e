"""Lexicon and regular-expression building blocks for :mod:`corroborator.article.times`.

Only words and patterns live here; the normalisation logic lives in ``times``. The
patterns are matched case-insensitively against the article text, except month names,
which must be capitalised ("March" the month, not "march" the verb).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection
from typing import Any

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

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4,
}  # fmt: skip
#: Vague quantities: the number is unknown ("X" in the TIMEX3 value).
VAGUE_NUMBERS = frozenset(
    {"a few", "few", "several", "many", "some", "dozens of",
     "hundreds of", "a number of", "numerous", "countless"}
)  # fmt: skip

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

REPORT_VERBS = frozenset(
    {"say", "report", "announce", "tell", "state", "note", "add", "confirm", "claim",
     "declare", "write", "post", "publish", "disclose", "reveal", "insist", "stress",
     "explain", "acknowledge", "deny", "comment", "cite", "quote", "indicate", "warn",
     "emphasize", "emphasise", "underscore", "assert", "testify", "argue"}
)  # fmt: skip

FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "gonna"})

#: Verbs that report speech or thought: in a past report ("said", "expected") the tense
#: of the clause they govern is shifted back, and its dates count from the report's time.
SPEECH_VERBS = REPORT_VERBS | frozenset(
    {"expect", "predict", "forecast", "believe", "think", "estimate", "promise", "pledge",
     "vow", "hope", "assure", "agree", "decide", "signal", "suggest", "caution",
     "fear", "anticipate", "project", "inform", "advise", "concede", "admit"}
)  # fmt: skip
#: Modals that, in a past report, stand for "will", "can", "may", "shall" of the direct
#: speech: what they govern lies ahead of the report ("said it would resume Thursday").
BACKSHIFT_MODALS = frozenset({"would", "'d", "could", "might", "should"})
#: Predicates after a past "was"/"were" that look ahead of the time they are stated at
#: ("said more outages were possible on Tuesday", "was due on Friday").
PROSPECTIVE_PREDICATES = frozenset(
    {"possible", "likely", "unlikely", "probable", "expected", "due", "set", "scheduled",
     "slated", "poised", "ready", "certain", "sure", "able", "unable", "imminent",
     "planned", "going", "about", "bound"}
)  # fmt: skip

#: Before these words a date lies ahead of the (possibly past) verb governing it.
FORWARD_PREPS = frozenset(
    {"until", "till", "by", "to", "through", "before", "effective", "payable", "record",
     "deadline", "expire", "expires"}
)  # fmt: skip
#: Words after which a date is a deadline still ahead: the next such date is meant.
DEADLINE_WORDS = frozenset(
    {"until", "till", "by", "effective", "payable", "deadline", "expire", "expires"}
)  # fmt: skip


# --------------------------------------------------------------------------- prefilter
#
# Most rules match in few articles ("century", "quarter", a season). A rule whose every
# match must contain one of a few words cannot match a text without any of them, and a
# substring test is far cheaper than running the rule's expression over the text. The
# words are read off the compiled pattern itself, so they cannot drift from the rules.

#: Non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter (their simple
#: lowercase is ASCII, or ``re`` treats them as equivalent): mapped before lowercasing.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def probe_text(text: str) -> str:
    """The text as :func:`required_strings` expects it (lowercase, ASCII letters folded)."""
    return text.translate(_ASCII_FOLDS).lower()


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase strings one of which every match of ``pattern`` contains, or None.

    Conservative: only ASCII literals, literal runs, alternations and repeats of at
    least one count; anything else (classes of letters, ``\\w``, look-arounds) requires
    nothing. A text whose :func:`probe_text` contains none of the strings has no match.
    """
    try:
        parser = importlib.import_module("re._parser")
        return _required(parser.parse(pattern.pattern, pattern.flags).data)
    except Exception:  # pragma: no cover - a Python whose ``re`` internals differ
        return None


def _sre_constants() -> Any:
    return importlib.import_module("re._constants")


def _required(items: Any) -> frozenset[str] | None:
    c = _sre_constants()

    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is c.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        if run:  # a run of literals: the whole run is required
            found.append(frozenset(["".join(run)]))
            run = []
        need = _required_op(op, av) if op is not None else None
        if need:
            found.append(need)
    if not found:
        return None
    # the most selective: longest shortest string, then fewest strings
    return max(found, key=lambda s: (min(map(len, s)), -len(s)))


def _required_op(op: Any, av: Any) -> frozenset[str] | None:
    c = _sre_constants()

    if op is c.SUBPATTERN:
        return _required(av[3].data)
    if op is c.ATOMIC_GROUP:
        return _required(av.data)
    if op is c.BRANCH:
        out: set[str] = set()
        for alternative in av[1]:
            need = _required(alternative.data)
            if need is None:
                return None
            out |= need
        return frozenset(out)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _required(av[2].data) if av[0] >= 1 else None
    if op is c.IN:  # a class of a few ASCII characters (digits, "/-.")
        chars: set[str] = set()
        for o, v in av:
            if o is c.LITERAL and chr(v).isascii():
                chars.add(chr(v).lower())
            elif o is c.RANGE and v[1] - v[0] < 26 and chr(v[1]).isascii():
                chars.update(chr(k).lower() for k in range(v[0], v[1] + 1))
            else:
                return None
        return frozenset(chars)
    return None


def overlapping_scanner(strings: Collection[str]) -> re.Pattern[str]:
    """A pattern whose ``finditer`` reports, at every position where one of ``strings``
    starts, the longest one starting there (group 1); shorter ones starting there are its
    prefixes. The strings form a trie, so each position costs a few character tests
    rather than one per string (on newswire, 0.06 s instead of 0.27 s for a plain
    alternation of 151 strings)."""
    trie: dict[str, Any] = {}
    for s in strings:
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(f"(?=({_trie_pattern(trie)}))")


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # children first: the longest string wins; "" marks a string ending here
    return f"(?:{body})?" if "" in node else body
