"""Aligned claims that put the same event on different days.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

from corroborator.corpus.sources import source_key
from corroborator.lexicon.plans import PLANNED
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Position
from corroborator.story.conflicts.common import (
    DATE_MIN_COSINE,
    DAY_VALUE,
    REVISION_CUES,
    _terms,
    day_values,
    same_day,
)
from corroborator.story.conflicts.numeric import (
    _outlets,
    _published,
    _same_predication,
)
from corroborator.story.facts import predicate_keys
from corroborator.text.calendar import timex_interval
from corroborator.text.similarity import (
    cosine,
    idf,
    tfidf,
)


def date_conflicts(
    groups: Sequence[ClaimGroup], claims: Sequence[Claim], articles: Mapping[str, Article]
) -> list[Conflict]:
    """Aligned claims from different sources that put the event on different days."""
    by_id = {c.id: c for c in claims}
    bags = [_terms(c.content or c.text) for c in claims]
    weights = idf(bags)
    vectors = {c.id: tfidf(bag, weights) for c, bag in zip(claims, bags, strict=True)}
    out: list[Conflict] = []
    for g in groups:
        dated: dict[str, list[Claim]] = defaultdict(list)
        for cid in g.claims:
            c = by_id.get(cid)
            if c is None or REVISION_CUES.search(c.text) or _guessed_day(c, articles):
                continue
            days = set(day_values(c.times))
            if len(days) == 1:
                dated[days.pop()].append(c)
        if len(dated) < 2:
            continue
        pairs = [
            (x, y)
            for a in sorted(dated)
            for b in sorted(dated)
            if a < b
            for x in dated[a]
            for y in dated[b]
            if _same_event(x, y, articles, vectors)
        ]
        if not pairs:
            continue
        kept = {c.id for pair in pairs for c in pair}
        dated = {d: [c for c in cs if c.id in kept] for d, cs in dated.items()}
        dated = {d: cs for d, cs in dated.items() if cs}
        values = sorted(dated)
        x, y = pairs[0]
        shared = sorted(predicate_keys(x.predicates) & predicate_keys(y.predicates))
        words = sorted(
            {w for w in (*x.predicates, *y.predicates) if predicate_keys([w]) & set(shared)}
        )
        out.append(
            Conflict(
                kind="date",
                basis=(
                    f"same event: aligned claims with the same predicate ({' / '.join(words)})"
                    if words
                    else "same event: aligned claims saying the same"
                )
                + "; each date written in its own claim, near its publication",
                about=_event(dated),
                positions=tuple(
                    Position(
                        value=d,
                        citations=tuple(c.span for c in dated[d]),
                        sources=_outlets((c.article for c in dated[d]), articles),
                    )
                    for d in values
                ),
                note="the same event is dated differently",
            )
        )
    return out


_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _guessed_day(c: Claim, articles: Mapping[str, Article]) -> bool:
    """Whether the claim's day rests on a guessed publication date: its article's date
    was inferred from the story, and the claim writes no year ("on Friday", "at 9:40
    p.m.", "on Dec. 11"). Such a day is only as good as the guess: on ECB+ dev topics
    read as one story, undated reports of one event, their dates inferred apart, put
    "Friday night" on days four days apart (26 such pairs, none a real disagreement)."""
    art = articles.get(c.article)
    return art is not None and art.published_inferred and _YEAR.search(c.text) is None


def _event(dated: Mapping[str, Sequence[Claim]]) -> str:
    """What happened, in the words of the first dated claim, without its frame."""
    first = dated[min(dated)][0]
    return first.content or first.text


def _same_event(
    x: Claim, y: Claim, articles: Mapping[str, Article], vectors: Mapping[str, Mapping[str, float]]
) -> bool:
    if source_key(x.article, articles) == source_key(y.article, articles):
        return False
    if not _same_predication(x, y) or _same_day_named(x, y):
        return False
    if _DEICTIC.search(x.text) or _DEICTIC.search(y.text):
        return False  # "this morning", "tonight": only as good as the publication date
    if PLANNED.search(x.text) or PLANNED.search(y.text):
        return False  # "will meet the winner on Friday": a plan, not the event
    if _names_day_of(x, y) or _names_day_of(y, x):
        return False  # "on Monday" / "on 4 May 26", read as two days: the same day
    if not (_near_publication(x, articles) and _near_publication(y, articles)):
        return False
    return cosine(vectors[x.id], vectors[y.id]) >= DATE_MIN_COSINE


#: A date further than this from its article's publication is taken as misread (a
#: weekday resolved against a birth date), not as the date of the reported event.
DATE_MAX_DAYS_FROM_PUBLICATION = 366


def _near_publication(c: Claim, articles: Mapping[str, Article]) -> bool:
    pub = timex_interval(_published(c.article, articles))
    if pub is None:
        return True
    days = [d for d in (timex_interval(t[:10]) for t in c.times if DAY_VALUE.match(t)) if d]
    return all(abs((d[0] - pub[0]).days) <= DATE_MAX_DAYS_FROM_PUBLICATION for d in days)


_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DEICTIC = re.compile(r"\b(yesterday|today|tonight|this (?:morning|afternoon|evening)|"
                      r"last night|earlier today|midnight)\b", re.I)


_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
               "dec")


def _names_day_of(x: Claim, y: Claim) -> bool:
    """Whether ``y`` writes out the day and month of a date of ``x`` ("4 May", "May
    4"), whatever date ``y`` was resolved to."""
    low = y.text.lower()
    for t in x.times:
        if not DAY_VALUE.match(t):
            continue
        month, day = _MONTH_ABBR[int(t[5:7]) - 1], str(int(t[8:10]))
        if re.search(rf"\b{day}(?:st|nd|rd|th)?\s+{month}", low) or re.search(
            rf"\b{month}\w*\.?\s+{day}\b", low
        ):
            return True
    return False


def _same_day_named(x: Claim, y: Claim) -> bool:
    """Whether two claims name their day in a way that may be the same day, whatever
    the dates they were resolved to: the same weekday ("on Saturday" in both), or a
    day relative to publication ("yesterday", "this morning") against a day one off.
    Publication dates (a late edition, another time zone, an inferred date) are not
    known well enough to set such days against each other."""
    wx = {m.lower() for m in _WEEKDAY.findall(x.text)}
    wy = {m.lower() for m in _WEEKDAY.findall(y.text)}
    if wx & wy:
        return True
    if _DEICTIC.search(x.text) or _DEICTIC.search(y.text):
        return same_day(day_values(x.times), day_values(y.times))
    return False
