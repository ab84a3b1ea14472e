"""Finding an article's time expressions: candidates from the rules, the longest of
overlapping ones chosen, values normalised left to right.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from corroborator.article.times.context import (
    Candidate,
    Context,
    Value,
)
from corroborator.article.times.rules import (
    _compiled,
)
from corroborator.article.times.scan import (
    _rule_matches,
)
from corroborator.lexicon import calendar as R
from corroborator.model import Parsed, Span, TimeExpr
from corroborator.text.calendar import (
    _day,
    _parse_iso,
)

# --------------------------------------------------------------------------- find_times




_ALWAYS_CAPITALISED = re.compile(rf"\b(?:{R.MONTH}|{R.WEEKDAY})\b|\d", re.I)


def _is_title_name(ctx: Context, start: int, end: int) -> bool:
    """ "This Week" (a TV show), "VOA Today": words capitalised in mid-sentence that are
    not always capitalised form a name, not a time."""
    words = re.findall(r"[A-Za-z]+", ctx.text[start:end])
    if not words or not all(w[0].isupper() for w in words):
        return False
    if _ALWAYS_CAPITALISED.search(ctx.text[start:end]):
        return False
    sent = ctx.parsed.sentence_of(start)
    lead = ctx.text[sent.start if sent else max(0, start - 200) : start]
    if not re.search(r"[A-Za-z]", lead):
        return False  # sentence-initial: ordinary capitalisation
    if re.search(r"[:\n]\s*[\"'“‘`]*\s*$", lead):
        return False  # after a colon or at the start of a line (headline style)
    if lead.isupper() or ctx.text[start:end].isupper():
        return False  # all-caps headline
    # a title-case headline ("Troops To Leave Next Week") is no name either
    long_words = [w for w in re.findall(r"[A-Za-z]+", lead) if len(w) > 3]
    return len(long_words) < 2 or not all(w[0].isupper() for w in long_words)


def _select(cands: list[Candidate], ctx: Context) -> list[Candidate]:
    """Longest non-overlapping candidates whose rule accepts them (dry run)."""
    chosen: list[Candidate] = []
    taken: list[tuple[int, int]] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.rank, c.start)):
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        if _is_title_name(ctx, c.start, c.end):
            continue
        if c.handler(c.match, ctx) is None:
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    return sorted(chosen, key=lambda c: c.start)


def _span_of(rule: str, m: re.Match[str]) -> tuple[int, int]:
    """The annotated span of a match (TimeBank conventions): "earlier this month" keeps
    "earlier"; an adjectival "the two-year (war)" is annotated as "two-year"."""
    start, end = m.start(), m.end()
    text = m[0]
    if rule == "duration" and m["the"] and "-" in (m["sep"] or ""):
        start = m.start("adj") if m["adj"] else m.start("num")
    elif rule == "quarter" and m["det"] and m["det"].lower() == "the" and re.search(
        r"(?:first|second|third|fourth|1st|2nd|3rd|4th)-", text, re.I
    ):
        start += len(re.match(r"the\s+", text, re.I)[0])  # type: ignore[index]
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    while start < end and text[start] in " ,;:":
        start += 1
    return start, end


@lru_cache(maxsize=1)
def _date_data_parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@lru_cache(maxsize=4096)
def _dateparser_value(text: str) -> str | None:
    """An absolute date written in a form the rules do not know ("20.01.2026"), read by
    ``dateparser`` at the precision it reports (day, month or year)."""
    try:
        data = _date_data_parser().get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    d = data.date_obj
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    if d is None or data.period not in formats:
        return None
    return str(d.strftime(formats[data.period]))


def _fallback(parsed: Parsed, taken: list[tuple[int, int]]) -> list[tuple[int, int, Value]]:
    """spaCy DATE entities the rules missed that carry a full year: normalised by
    ``dateparser`` (only absolute dates, so the DCT plays no part)."""
    out: list[tuple[int, int, Value]] = []
    text = parsed.article.text
    for e in parsed.ents:
        if e.label != "DATE" or any(e.start < b and a < e.end for a, b in taken):
            continue
        m = re.search(r"\d[\d\s./-]*\d", text[e.start : e.end])
        if m is None or not re.search(r"(?:1[5-9]|20)\d\d", m[0]):
            continue
        start, end = e.start + m.start(), e.start + m.end()
        if not re.fullmatch(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}", text[start:end]):
            continue
        value = _dateparser_value(text[start:end])
        if value is not None:
            out.append((start, end, Value("DATE", value)))
    return out


def find_times(parsed: Parsed, dct: str | None) -> tuple[TimeExpr, ...]:
    """Every temporal expression in the article, typed and normalised against ``dct``."""
    text = parsed.article.text
    dct_date = _parse_iso(dct)
    ctx = Context(parsed=parsed, dct=dct_date, starts=[t.start for t in parsed.tokens])
    cands: list[Candidate] = []
    for rank, m in _rule_matches(text):
        name, _, handler, _ = _compiled()[rank]
        s, e = _trim(text, *_span_of(name, m))
        if e > s:
            cands.append(Candidate(s, e, rank, m, handler))
    chosen = _select(cands, ctx)
    ctx.cands = chosen
    items: list[tuple[int, int, Candidate | Value]] = [(c.start, c.end, c) for c in chosen]
    items += _fallback(parsed, [(c.start, c.end) for c in chosen])
    items.sort(key=lambda item: item[0])
    ctx.ref = _day(dct_date) if dct_date else None
    out: list[TimeExpr] = []
    for start, end, item in items:
        v = item if isinstance(item, Value) else item.handler(item.match, ctx)
        if v is None:
            continue
        if v.focus and v.value and re.fullmatch(r"\d{4}-Q[1-4]", v.value):
            ctx.ref_quarter, ctx.ref_quarter_at = v.value, start  # "the latest quarter"
        if v.type == "DATE" and v.value and v.value[0].isdigit() and not v.anaphoric:
            if re.fullmatch(r"\d{4}-Q[1-4]", v.value):
                ctx.ref_quarter, ctx.ref_quarter_at = v.value, start
            if len(v.value) >= 4 and not v.value.endswith("-WE"):
                ctx.ref = v.value
        out.append(
            TimeExpr(
                span=Span(parsed.article.id, start, end),
                text=text[start:end],
                type=v.type,
                value=v.value,
                end_value=v.end_value,
                mod=v.mod,
                anchor=dct if (v.relative and dct and v.value) else None,
            )
        )
    return tuple(out)
