"""Figures: each number with its value, bounds, qualifier, unit, what it counts and when.

:func:`find_quantities` reads numbers from the parse of reporting text:

* the qualifier comes from the words before the number: "about/roughly/approximately"
  → ``about``; "up to/as many as" → ``up_to``; "at least" → ``at_least``; "more than/over"
  → ``more_than``; "less than/fewer than/under" → ``less_than``; "250 to 350", "between 250
  and 350" → ``range``;
* bounds: exact → low = high = value; about → no bounds; up_to/less_than → high; at_least/
  more_than → low; range → low and high with ``value`` = the midpoint;
* the unit (percent, metre, kilometre, mile, foot, tonne, USD/EUR/GBP with
  million/billion multipliers) from the tokens around the number;
* what it counts from the dependency tree: the noun the number modifies ("up to 7,000
  ISIS detainees" → "ISIS detainees"), the noun of "the number of evacuees at 12,400",
  the subject of "X reached a peak of 169,000", or the counted noun of an earlier figure
  in the sentence ("four attacks ..., down from 42");
* the time: the value of the nearest DATE expression that hangs (through a preposition)
  from the figure's head chain up to its clause verb ("reached a peak of 169,000 in
  August 2007" yes; "despite a victory in 2017, 2,500 troops remain" no).

A figure with neither a counted noun nor a unit ("a vote of 23 to 18", "one by one") is
dropped: nothing a reader could compare it with.

Vague amounts: "dozens of" → at_least 24, "hundreds of" → at_least 200, "thousands of" →
at_least 2,000 (two of the unit: the smallest amount the plural can mean). "a dozen" is
12 exact. Skipped: years, dates, clock times and durations (numbers inside a date/time
entity or a time expression), ordinals, list numbers, numbers inside names ("Joint Task
Force 51") and referential numbers after a determiner ("the two leaders").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from corroborator.article.zones import is_reporting
from corroborator.lexicon.numbers import MULTIPLIERS, VAGUE_PLURALS
from corroborator.model import Parsed, Qualifier, Quantity, Span, TimeExpr, Token, Zone
from corroborator.text.numbers import parse_figure
from corroborator.text.similarity import close, granularity, relative_gap

#: Four-digit whole numbers in this range written without a comma are years ("2003
#: invasion") unless a plural noun follows ("1500 troops"). Covers the seed and demo years.
YEAR_MIN, YEAR_MAX = 1800, 2100

#: A time expression attaches to a figure only within this many characters of it (and
#: hanging from its head chain); seed figures have their time within 40 characters.
TIME_MAX_DISTANCE = 120

_UNITS = {
    "percent": "percent", "per": "percent", "%": "percent", "pct": "percent",
    "metre": "metre", "metres": "metre", "meter": "metre", "meters": "metre", "m": "metre",
    "kilometre": "kilometre", "kilometres": "kilometre", "kilometer": "kilometre",
    "kilometers": "kilometre", "km": "kilometre",
    "mile": "mile", "miles": "mile", "foot": "foot", "feet": "foot", "ft": "foot",
    "tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne",
    "kilogram": "kilogram", "kilograms": "kilogram", "kg": "kilogram",
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "centimetre": "centimetre", "centimetres": "centimetre", "cm": "centimetre",
    "litre": "litre", "litres": "litre", "liter": "litre", "liters": "litre",
    "degree": "degree", "degrees": "degree", "hectare": "hectare", "hectares": "hectare",
}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "us$": "USD"}

_ABOUT = {"about", "around", "approximately", "roughly", "some", "nearly", "almost",
          "estimated", "circa", "approx", "close"}
_BEFORE_2: dict[tuple[str, str], Qualifier] = {
    ("up", "to"): "up_to", ("at", "least"): "at_least", ("more", "than"): "more_than",
    ("less", "than"): "less_than", ("fewer", "than"): "less_than", ("as", "many"): "up_to",
    ("upwards", "of"): "more_than", ("in", "excess"): "more_than", ("close", "to"): "about",
    ("no", "fewer"): "at_least", ("no", "less"): "at_least",
}
_BEFORE_3: dict[tuple[str, str, str], Qualifier] = {
    ("as", "many", "as"): "up_to", ("as", "much", "as"): "up_to", ("as", "few", "as"): "at_least",
    ("as", "little", "as"): "at_least", ("more", "or", "less"): "about",
}
_BEFORE_1: dict[str, Qualifier] = {
    "over": "more_than", "above": "more_than", "under": "less_than", "below": "less_than",
    "nearly": "about", "almost": "about",
}
_DETERMINERS = {"the", "these", "those", "both", "its", "their", "his", "her", "our", "all"}
_NAME_LABELS = {"ORG", "FAC", "PERSON", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                "LAW", "NORP"}
_TIME_LABELS = {"DATE", "TIME"}
_TIME_WORDS = re.compile(
    r"\b(?:year|years|month|months|week|weeks|day|days|hour|hours|minute|minutes|second|"
    r"seconds|decade|decades|century|centuries|ago|am|pm|a\.m\.|p\.m\.|jan\w*|feb\w*|mar\w*|"
    r"apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|night|morning|evening|afternoon|weekend)\b",
    re.IGNORECASE,
)
_RE_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$)|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)
#: Nouns that stand for "a figure" rather than what is counted ("a peak of 169,000").
_LEVEL_NOUNS = {"peak", "high", "low", "level", "record", "figure", "total", "tally", "toll",
                "count", "number", "estimate", "maximum", "minimum", "height"}
_DIMENSIONS = {"long", "wide", "high", "deep", "tall", "thick", "across", "away"}
_LEVEL_PLURALS = {"levels", "numbers", "figures", "totals", "strength", "count", "counts"}
_RE_NUMERIC = re.compile(r"^[$€£]?\d[\d,]*(?:\.\d+)?(?:[mkb]n?|%)?$", re.IGNORECASE)


def find_quantities(
    parsed: Sequence[Parsed],
    zones: Mapping[str, tuple[Zone, ...]],
    times: Mapping[str, tuple[TimeExpr, ...]],
) -> tuple[Quantity, ...]:
    """Every figure in the reporting text of the articles, in text order per article."""
    out: list[Quantity] = []
    for p in parsed:
        out.extend(_article_quantities(p, zones.get(p.article.id, ()), times.get(p.article.id, ())))
    return tuple(out)


# --------------------------------------------------------------------------- numbers


def _is_number(t: Token) -> bool:
    low = t.text.lower()
    if low in VAGUE_PLURALS or low == "dozen":
        return True
    if t.pos not in ("NUM",) and t.tag != "CD" and not _RE_NUMERIC.match(t.text):
        return False
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", low):
        return False
    return parse_figure(t.text) is not None or low in MULTIPLIERS


class _Finder:
    def __init__(self, p: Parsed, zones: tuple[Zone, ...], times: tuple[TimeExpr, ...]):
        self.p = p
        self.text = p.article.text
        self.toks = p.tokens
        self.zones = zones
        self.times = times
        self.ent_of: dict[int, str] = {}
        self.ent_text: dict[int, str] = {}
        for e in p.ents:
            for i in range(e.tok_start, e.tok_end):
                self.ent_of[i] = e.label
                self.ent_text[i] = e.text

    def children(self, t: Token) -> list[Token]:
        lo, hi = max(0, t.i - 40), min(len(self.toks), t.i + 40)
        return [c for c in self.toks[lo:hi] if c.head == t.i and c.i != t.i]

    def low(self, i: int) -> str:
        return self.toks[i].text.lower() if 0 <= i < len(self.toks) else ""

    # ---- skip rules

    def skip(self, first: int, last: int) -> bool:
        toks = self.toks[first : last + 1]
        s, e = toks[0].start, toks[-1].end
        if any(ts.span.start < e and s < ts.span.end for ts in self.times):
            return True
        label = self.ent_of.get(last, "")
        if label in _TIME_LABELS:
            near = " ".join(self.low(k) for k in range(first - 3, last + 2))
            ent_text = self.ent_text.get(last, "")
            if _TIME_WORDS.search(self.low(last + 1)) or _TIME_WORDS.search(self.low(first - 1)):
                return True
            if _RE_MONTH.search(near) or _RE_MONTH.search(ent_text):
                return True
        if label in _NAME_LABELS:
            return True
        t = toks[-1]
        # a year: 4 digits, no comma, not followed by a plural noun
        if re.fullmatch(r"\d{4}", t.text) and YEAR_MIN <= int(t.text) <= YEAR_MAX:
            nxt = self.toks[t.i + 1] if t.i + 1 < len(self.toks) else None
            if nxt is None or nxt.tag != "NNS":
                return True
        # clock times, list numbers, numbers in names
        if re.fullmatch(r"\d{1,2}[:.]\d{2}", t.text):
            return True
        line_start = self.text.rfind("\n", 0, s) + 1
        if not self.text[line_start:s].strip() and re.match(r"\d+[.)]\s", self.text[s:]):
            return True
        prev = self.toks[first - 1] if first > 0 else None
        if prev is not None and prev.pos == "PROPN" and t.dep in ("appos", "compound", "npadvmod")\
                and self.toks[t.head].pos == "PROPN":
            return True
        if prev is not None and prev.text.lower() in _DETERMINERS and prev.i == first - 1:
            return True
        if t.text.lower() == "one":
            # "one of the ...", and sentence-initial "One farmer, X, says": not a count
            sent = self.p.sentence_of(t.start)
            return self.low(t.i + 1) == "of" or (sent is not None and sent.tok_start == t.i)
        return False

    # ---- one figure

    def figures(self) -> list[Quantity]:
        out: list[Quantity] = []
        i, n = 0, len(self.toks)
        used: set[int] = set()
        while i < n:
            t = self.toks[i]
            if i in used or not _is_number(t):
                i += 1
                continue
            j = i
            while True:
                if j + 1 < n and _is_number(self.toks[j + 1]) and self.toks[j + 1].text.lower() in (
                    MULTIPLIERS
                ):
                    j += 1
                elif self._hyphen_before(j + 1, MULTIPLIERS):
                    j += 2  # "three-million-euro", "$3.3-million"
                else:
                    break
            q = self.figure(i, j, used)
            if q is not None:
                out.append(self._ellipsis(q, out))
            i = max(i, j) + 1
        return out

    def _hyphen_before(self, k: int, words: Mapping[str, object]) -> bool:
        """Whether token ``k`` is a hyphen joined to one of ``words`` ("-million")."""
        toks = self.toks
        return (
            k + 1 < len(toks)
            and toks[k].text in ("-", "–")
            and toks[k].end == toks[k + 1].start
            and toks[k + 1].text.lower() in words
        )

    def _ellipsis(self, q: Quantity, earlier: list[Quantity]) -> Quantity:
        """"1.2 million tonnes of coal ..., down from 1.5 million tonnes": same counted."""
        if q.counted is not None or not earlier:
            return q
        prev = earlier[-1]
        before = self.text[max(0, q.citation.start - 12) : q.citation.start].lower()
        sent = self.p.sentence_of(q.citation.start)
        if (
            prev.unit == q.unit
            and prev.counted
            and re.search(r"\b(?:from|than|to|with|versus|vs\.?)\s*$", before)
            and sent is not None
            and prev.citation.start >= sent.start
        ):
            return replace(q, counted=prev.counted)
        return q

    def figure(self, first: int, last: int, used: set[int]) -> Quantity | None:
        toks = self.toks
        if self.skip(first, last):
            return None
        if not is_reporting(self.zones, toks[first].start, toks[last].end):
            return None
        value = self.value(first, last)
        if value is None:
            return None
        low_b: float | None = value
        high_b: float | None = value
        qualifier: Qualifier = "exact"
        span_s, span_e = first, last
        # ranges: "250 to 350", "250-350", "between 250 and 350", "from 250 to 350"
        k = last + 1
        if k + 1 < len(toks) and toks[k].text.lower() in ("to", "-", "–", "and") and _is_number(
            toks[k + 1]
        ) and toks[k + 1].text.lower() not in MULTIPLIERS:
            k2 = k + 1
            while k2 + 1 < len(toks) and toks[k2 + 1].text.lower() in MULTIPLIERS:
                k2 += 1
            hi = self.value(k + 1, k2)
            is_between = toks[k].text.lower() != "and" or self.low(first - 1) == "between"
            if hi is not None and hi > value and is_between and not self.skip(k + 1, k2):
                low_b, high_b = value, hi
                value = (value + hi) / 2
                qualifier = "range"
                span_e = k2
                used.update(range(k + 1, k2 + 1))
        if qualifier != "range":
            qualifier, span_s = self.qualifier(first, qualifier)
            if qualifier == "about":
                low_b = high_b = None
            elif qualifier in ("up_to", "less_than"):
                low_b = None
            elif qualifier in ("at_least", "more_than"):
                high_b = None
        elif toks[first - 1].text.lower() in _ABOUT or self.low(first - 1) == "between":
            span_s = first - 1
        if toks[first].text.lower() in VAGUE_PLURALS:
            qualifier, low_b, high_b = "at_least", value, None
        unit, value, low_b, high_b, span_s, span_e = self.unit(
            first, span_e, span_s, value, low_b, high_b
        )
        counted = self.counted(first, span_e, unit, span_s)
        if counted is None and unit is None:
            return None  # "one by one", "a vote of 23 to 18": nothing a reader can compare
        cs, ce = toks[span_s].start, toks[span_e].end
        return Quantity(
            value=value,
            low=low_b,
            high=high_b,
            qualifier=qualifier,
            unit=unit,
            counted=counted,
            citation=Span(self.p.article.id, cs, ce),
            time=self.time_of(first, span_e),
            text=self.text[cs:ce],
        )

    def value(self, first: int, last: int) -> float | None:
        words = [self.toks[i].text.lower() for i in range(first, last + 1)]
        if words[0] in VAGUE_PLURALS:
            return VAGUE_PLURALS[words[0]]
        if words[0] == "dozen":
            return 12.0
        base = parse_figure(words[0])
        if base is None:
            if words[0] in MULTIPLIERS:
                base = 1.0
            else:
                return None
        for w in words[1:]:
            base *= MULTIPLIERS.get(w, 1.0)
        return base

    def qualifier(self, first: int, default: Qualifier) -> tuple[Qualifier, int]:
        if self.low(first - 1) in _CURRENCY_SYMBOLS:
            first -= 1  # "about $4.5 million": the qualifier stands before the symbol
        w1, w2 = self.low(first - 2), self.low(first - 1)
        start = first
        if w2 in ("a", "an") and self.low(first) == "dozen":
            w1, w2, start = self.low(first - 3), self.low(first - 2), first - 1
        if (self.low(start - 3), w1, w2) in _BEFORE_3:
            return _BEFORE_3[(self.low(start - 3), w1, w2)], start - 3
        if (w1, w2) in _BEFORE_2:
            return _BEFORE_2[(w1, w2)], start - 2
        if w2 == "estimated" and w1 in ("an", "a"):
            return "about", start - 2
        if w2 in _ABOUT:
            return _BEFORE_1.get(w2, "about"), start - 1
        if w2 in _BEFORE_1 and (
            self.toks[first - 1].pos == "ADP" or self.toks[first - 1].dep in ("quantmod", "advmod")
        ):
            return _BEFORE_1[w2], start - 1
        return default, start

    def unit(
        self, first: int, last: int, span_s: int, value: float, lo: float | None, hi: float | None
    ) -> tuple[str | None, float, float | None, float | None, int, int]:
        toks = self.toks
        unit: str | None = None
        prev = toks[first - 1] if first > 0 else None
        if prev is not None and prev.text.lower() in _CURRENCY_SYMBOLS:
            unit = _CURRENCY_SYMBOLS[prev.text.lower()]
            span_s = min(span_s, first - 1)
        elif toks[first].text[:1] in "$€£":
            unit = _CURRENCY_SYMBOLS[toks[first].text[:1]]
        if toks[first].text.endswith("%"):
            unit = "percent"
        k = last + 1
        mult = 1.0
        if k < len(toks) and toks[k].text.lower() in MULTIPLIERS and toks[k].text.lower() not in (
            "m", "k"
        ):
            mult = MULTIPLIERS[toks[k].text.lower()]
            last, k = k, k + 1
        if unit is None and self._hyphen_before(k, _UNITS) and toks[k + 1].text.isalpha():
            k += 1  # "a five million-euro haul", "a 40-metre crack"
        if unit is None and k < len(toks):
            w = toks[k].text.lower()
            if w in _UNITS and not (w == "per" and self.low(k + 1) != "cent"):
                unit = _UNITS[w]
                last = k + 1 if w == "per" else k
        if mult != 1.0:
            value *= mult
            lo = lo * mult if lo is not None else None
            hi = hi * mult if hi is not None else None
        return unit, value, lo, hi, span_s, last

    # ---- what is counted

    def counted(self, first: int, last: int, unit: str | None, span_start: int) -> str | None:
        toks = self.toks
        num = toks[first]
        # the number modifies a noun: "7,000 ISIS detainees", "a 3 percent raise"
        anchor = toks[last] if unit is not None else num
        head = toks[anchor.head]
        if unit is None and num.text.lower() in VAGUE_PLURALS:
            of = [c for c in self.children(num) if c.text.lower() == "of"]
            pobj = [c for c in self.children(of[0]) if c.dep == "pobj"] if of else []
            return self.phrase(pobj[0], stop=of[0].i) if pobj else None
        if unit is not None:
            # "1.2 million tonnes of coal"
            for c in self.children(anchor):
                if c.text.lower() == "of" and c.i > anchor.i:
                    pobj = [g for g in self.children(c) if g.dep == "pobj"]
                    if pobj:
                        return self.phrase(pobj[0], stop=c.i)
            # "a crack roughly 40 metres long"
            if self.low(last + 1) in _DIMENSIONS and span_start > 0:
                before = toks[span_start - 1]
                if before.pos == "NOUN":
                    return self.phrase(before, stop=None, bare=True)
            # "losses of about $4.5 million"
            if anchor.dep == "pobj" and head.text.lower() == "of":
                noun = toks[head.head]
                if noun.pos == "NOUN" and noun.text.lower() not in _LEVEL_NOUNS:
                    return self.phrase(noun, stop=None, bare=True)
            # "prices had risen 8 percent"
            if unit == "percent" and anchor.dep in ("npadvmod", "dobj") and head.pos == "VERB":
                found = self.verb_argument(head)
                if found:
                    return found
            if head.pos in ("NOUN", "PROPN") and head.i > last and head.text.lower() != "of":
                return self.phrase(head, stop=last)
            if head.pos == "ADJ" and toks[head.head].pos == "NOUN":  # "40 metres long" crack
                return self.phrase(toks[head.head], stop=None, bare=True)
            if anchor.dep == "pobj" and head.text.lower() in ("at", "by", "to"):
                # "measured X at 35 metres", "cut its budget by €18 million", "debt grew to"
                verb = toks[head.head]
                if verb.pos in ("VERB", "AUX"):
                    return self.verb_argument(verb)
            if unit == "percent" and head.pos in ("ADV", "ADJ", "VERB"):
                # "debt has grown, up 12 percent"; "the blaze was 40% contained"
                h = head
                for _ in range(2):
                    found = self.verb_argument(h) if h.pos in ("VERB", "AUX", "ADJ") else None
                    if found:
                        return found
                    if h.head == h.i:
                        break
                    h = toks[h.head]
            return None
        if num.dep in ("nummod", "quantmod", "compound", "amod") or (
            head.pos in ("NOUN", "PROPN") and head.i > last and head.i - last <= 6
        ):
            h = num
            while h.dep in ("quantmod", "compound") and toks[h.head].pos == "NUM":
                h = toks[h.head]
            head = toks[h.head]
            if head.pos in ("NOUN", "PROPN") and head.i > last:
                if head.text.lower() in _LEVEL_NOUNS:
                    return None
                return self.phrase(head, stop=last)
        # "fewer than 300 of the city's 5,600 employees"
        for c in self.children(num):
            if c.text.lower() == "of" and c.i > last:
                pobj = [g for g in self.children(c) if g.dep == "pobj" and g.pos == "NOUN"]
                if pobj and pobj[0].text.lower() not in _LEVEL_NOUNS:
                    return self.phrase(pobj[0], stop=c.i)
        # "the number of evacuees at 12,400"; "a peak of about 169,000"
        h = toks[num.head]
        if num.dep == "pobj" and h.text.lower() in ("of", "at", "to"):
            noun = toks[h.head]
            if noun.text.lower() in _LEVEL_NOUNS:
                return self.level_of(noun)
            if h.text.lower() == "at" and noun.pos == "VERB":
                for c in self.children(noun):
                    if c.dep == "dobj":
                        if c.text.lower() in _LEVEL_NOUNS:
                            return self.level_of(c)
                        return self.phrase(c, stop=None, bare=True)
        # "down from 42": ellipsis of the counted noun of an earlier figure
        if num.dep == "pobj" and h.text.lower() in ("from", "to", "than", "with"):
            return self.earlier_counted(first)
        # "the United States had 170,000 troops"; parse put the noun after as object
        nxt = toks[last + 1] if last + 1 < len(toks) else None
        if nxt is not None and nxt.tag in ("NNS", "NNPS") and nxt.head != num.i:
            return self.phrase(nxt, stop=last)
        return None

    def verb_argument(self, verb: Token) -> str | None:
        """What a measured change applies to: the object, else the subject of the verb."""
        kids = self.children(verb)
        for dep in ("dobj", "nsubj", "nsubjpass"):
            for c in kids:
                if c.dep == dep and c.pos in ("NOUN", "PROPN") and not _is_number(c):
                    return self.phrase(c, stop=None, bare=True)
        return None

    def level_of(self, noun: Token) -> str | None:
        """Counted for "the number of X" (X) or "X reached a peak of N" (the subject X)."""
        for c in self.children(noun):
            if c.text.lower() == "of":
                for g in self.children(c):
                    if g.dep == "pobj" and not _is_number(g):
                        return self.phrase(g, stop=c.i)
        h = self.toks[noun.head]
        hops = 0
        while h.pos not in ("VERB", "AUX") and h.head != h.i and hops < 4:
            h = self.toks[h.head]
            hops += 1
        for c in self.children(h):
            if c.dep in ("nsubj", "nsubjpass"):
                return self.phrase(c, stop=None, bare=True)
        return None

    def earlier_counted(self, first: int) -> str | None:
        sent = self.p.sentence_of(self.toks[first].start)
        if sent is None:
            return None
        for t in reversed(self.p.sentence_tokens(sent)):
            if t.i >= first:
                continue
            if _is_number(t) and t.dep == "nummod":
                head = self.toks[t.head]
                if head.pos in ("NOUN", "PROPN"):
                    return self.phrase(head, stop=t.i)
        return None

    def phrase(self, head: Token, stop: int | None, bare: bool = False) -> str:
        """The noun with its left modifiers (compounds, adjectives), after ``stop``."""
        lo = head.i
        while lo - 1 > (stop if stop is not None else -1):
            prev = self.toks[lo - 1]
            if prev.dep in ("compound", "amod", "nmod", "npadvmod") or (
                prev.pos in ("PROPN", "ADJ", "NOUN") and prev.head >= lo
            ) or (prev.text in ("-", ".") and lo - 2 > (stop or -1)):
                lo -= 1
                continue
            if not bare and prev.pos == "PUNCT" and prev.text == "-":
                lo -= 1
                continue
            break
        while lo < head.i and self.toks[lo].pos in ("PUNCT", "DET"):
            lo += 1
        words = self.text[self.toks[lo].start : head.end]
        # "U.S. troop levels" counts troops: the level noun names the figure, not the thing
        prev = self.toks[head.i - 1]
        if head.text.lower() in _LEVEL_PLURALS and lo < head.i and prev.pos == "NOUN":
            plural = "" if prev.text.endswith("s") else "s"
            return self.text[self.toks[lo].start : prev.end] + plural
        return words

    # ---- time

    def time_of(self, first: int, last: int | None = None) -> str | None:
        """The value of the nearest time expression attached to the figure's clause.

        A time attaches when the word it hangs from (through a preposition) lies on the
        figure's head chain up to its clause verb: "reached a peak of 169,000 in August
        2007" yes; "despite a victory in 2017, 2,500 troops remain" no.
        """
        num = self.toks[first]
        end_char = self.toks[last if last is not None else first].end
        chain = {num.i}
        h = num
        for _ in range(12):
            if h.head == h.i:
                break
            h = self.toks[h.head]
            chain.add(h.i)
            if h.pos in ("VERB", "AUX"):
                break
        best: TimeExpr | None = None
        best_d = TIME_MAX_DISTANCE + 1
        for te in self.times:
            d = te.span.start - end_char if te.span.start >= end_char else num.start - te.span.end
            if d >= best_d or te.value is None or te.type != "DATE":
                continue
            if self._governor(te.span.start, te.span.end) in chain:
                best, best_d = te, d
        return best.value if best is not None else None

    def _governor(self, s: int, e: int) -> int | None:
        """The token a span hangs from, skipping one preposition ("in 2025" -> its head)."""
        i = j = bisect.bisect_left(self.toks, s, key=lambda t: t.start)  # tokens in order
        while j < len(self.toks) and self.toks[j].end <= e:
            j += 1
        inside = self.toks[i:j]
        if not inside:
            return None
        ids = {t.i for t in inside}
        top = next((t for t in inside if t.head not in ids or t.head == t.i), inside[0])
        g = self.toks[top.head]
        if g.pos == "ADP" and g.i not in ids:
            g = self.toks[g.head]
        return g.i


def _article_quantities(
    p: Parsed, zones: tuple[Zone, ...], times: tuple[TimeExpr, ...]
) -> list[Quantity]:
    return _Finder(p, zones, times).figures()


# --------------------------------------------------------------------------- comparing figures

_BETWEEN = re.compile(r"\b(?:between|from)\s+(\d[\d,]*(?:\.\d+)?)\s+(?:and|to)\s+$", re.IGNORECASE)


def as_range(q: Quantity, text: str) -> Quantity:
    """A figure read as a point although ``text`` (its article) says "between 220 and
    240" before it: the range.

    Guards the range-vs-point comparisons when the figure reader returns only the upper end.
    """
    if q.qualifier != "exact" or not text:
        return q
    m = _BETWEEN.search(text[max(0, q.citation.start - 40) : q.citation.start])
    if m is None:
        return q
    low = float(m.group(1).replace(",", ""))
    if low >= q.value:
        return q
    return replace(q, qualifier="range", low=low, high=q.value, value=(low + q.value) / 2)


def bounds(q: Quantity) -> tuple[float, float]:
    """The interval a figure allows: a range its ends, "up to 7,000" (-inf, 7,000],
    "more than 60" [60, inf), a point itself."""
    inf = float("inf")
    if q.qualifier == "range":
        return (q.low if q.low is not None else q.value), (
            q.high if q.high is not None else q.value
        )
    if q.qualifier in ("up_to", "less_than"):
        return -inf, q.value
    if q.qualifier in ("at_least", "more_than"):
        return q.value, inf
    return q.value, q.value


def disagree(a: Quantity, b: Quantity) -> bool:
    """Whether two figures cannot both be right: two different points, or intervals that
    do not meet ("about 230" lies inside "between 220 and 240"; "more than 60" allows
    "about 80")."""
    (alo, ahi), (blo, bhi) = bounds(a), bounds(b)
    if alo == ahi and blo == bhi:
        return not close(alo, blo)
    return ahi < blo or bhi < alo


def rounding_of(a: Quantity, b: Quantity) -> bool:
    """Whether one figure is a rounding of the other, which is exact: "about 45,000" or
    "45,000" of "44,947" (within half the round figure's last place, its whole last place
    when marked "about"). Two approximations ("about 169,000" / "170,000") both claim
    their precision, and still disagree."""
    for rough, fine in ((a, b), (b, a)):
        if fine.qualifier != "exact" or rough.qualifier not in ("exact", "about"):
            continue
        g = granularity(rough.value)
        if g <= granularity(fine.value) or g < 10:
            continue
        slack = g if rough.qualifier == "about" else g / 2
        gap = abs(rough.value - fine.value)
        if gap < slack and relative_gap(rough.value, fine.value) <= ROUNDING_MAX_GAP:
            return True
    return False


#: A rounding stays this close to the figure it rounds: "about 45,000" of 44,947 (0.1%)
#: is one, "about 3,000 tonnes" against 3,200 (6%) is another figure (demo gold).
ROUNDING_MAX_GAP = 0.05


__all__ = ["as_range", "bounds", "disagree", "find_quantities", "rounding_of"]
