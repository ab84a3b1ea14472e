"""Disagreements between outlets, each side cited.

Four kinds, all between independent sources only (a syndicated copy counts as its
original; articles of one outlet count once):

- ``numeric``: figures for the same counted thing at compatible times that differ
  ("12,400" vs "more than 14,200" evacuees). The note gives the relative gap and says
  when two figures may be roundings of one number ("relative gap 0.6%, within
  rounding"). A range and a point inside it agree; figures for different times, or a
  figure the later report marks as revised ("shorter than earlier estimates"), are a
  development, not a conflict.
- ``date``: aligned claims that put the same event on different days.
- ``attribution``: one outlet says an organisation or official confirmed (or denied)
  something, another says the same actor declined to comment or did not respond.
- ``other``: contradictory statements. Aligned claims where one only adds a negation
  ("is among the missing" vs "was not among the missing"), and claims, aligned or not,
  with opposite predicates of one subject from a small lexicon of general English
  oppositions (:data:`OPPOSITIONS`: remain/left, open/closed, alive/killed,
  arrested/at large, approved/rejected, rose/fell, ...): "all peacekeepers have left
  the fort" vs "about 300 peacekeepers remain at the fort". A plan set against a
  report ("will pull out next week" / "have left"), a past state ("remained through
  the summer"), or reports of different days are a development for the timeline.

Precision matters more than recall here: every rule needs two independent sources,
aligned or clearly matching content, and no sign that the difference is a development.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from corroborator.corpus.sources import outlet, source_key
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Position, Quantity, Quote, Span
from corroborator.story.facts import predicate_keys
from corroborator.story.quantities import as_range, bounds, disagree, rounding_of
from corroborator.text.names import acronym_matches, name_tokens
from corroborator.text.numbers import numbers_in
from corroborator.text.similarity import (
    close,
    cosine,
    idf,
    relative_gap,
    terms,
    tfidf,
    within_rounding,
    wordset,
)

# --------------------------------------------------------------------------- constants

#: Two figures further apart than this factor are taken to count different things
#: (2,500 troops today vs a 170,000 peak; 66 vs 176 yards). Calibrated on the seeds and
#: the demo corpus (real disagreements within a factor of 1.2) and checked on ECB+ dev
#: stories, where 3.0 paired unrelated sports and piracy figures.
NUMERIC_MAX_RATIO = 2.0

#: Context similarity (TF-IDF cosine of the two clauses without numbers) from which two
#: figures in unaligned clauses count the same thing. Raised from 0.2 after ECB+ dev
#: stories showed unrelated figures with shared counted nouns at 0.2-0.3; the seed and
#: demo disagreements sit inside one aligned claim group.
NUMERIC_CONTEXT_MIN = 0.35

#: Figures below this ("two boats", "three rifles") count the same thing only inside one
#: aligned claim group: small counts recur in unrelated sentences (ECB+ dev stories).
SMALL_FIGURE = 10.0

#: A figure without a time, published at most this many days after another figure's
#: explicit date, is a later count of an ongoing event (strikers on Tuesday vs a
#: Wednesday report): a development, not a conflict.
DEVELOPMENT_WINDOW_DAYS = 30

#: A claim that only adds a negation must otherwise say nearly the same as the other one
#: ("is among the missing" / "was not among the missing": 1.0), because negated
#: paraphrases are common ("still under investigation" / "has not been determined": 0.46).
NEGATION_MIN_COSINE = 0.7

#: The words a negation applies to: this many content terms after it ("was not among the
#: missing": missing) must all occur in the claim it negates. Stops a negation in
#: words the other claim lacks ("..., although no one was hurt", "and have no further
#: comment", "did not practise" / "sat out"): all of them junk on ECB+ dev stories.
NEGATION_SCOPE_TERMS = 3

#: Both claims need this many distinct content terms: short quotes ("I think that's
#: what he does" / "he didn't even have to think about it") match on one or two words.
POLARITY_MIN_TERMS = 4

#: Two aligned claims put one event on different days only if their contents are this
#: similar (TF-IDF cosine): aligned but distinct events ("completed the evacuation on
#: Saturday" vs "began draining the reservoir on Sunday") stay apart. Calibrated on the
#: demo corpus and the issue-5 fixtures (same event: 0.67; distinct: 0.39).
DATE_MIN_COSINE = 0.5

#: Words that mark a figure or statement as a revision of an earlier one.
REVISION_CUES = re.compile(
    r"\b(earlier estimates?|previous(?:ly)? (?:estimate|report|figure)s?|revised|"
    r"up from|down from|updated|correct(?:ed|ion)|rose to|risen to|fell to|climbed to|"
    r"increased to|decreased to|dropped to|no longer|record of|previous record|"
    r"broke (?:the |his |her |a )?(?:\w+ )?record)\b",
    re.IGNORECASE,
)

#: Person nouns that count the same kind of thing ("people" vs "residents" vs "evacuees").
PERSON_NOUNS = wordset(
    """
    people persons person residents resident individuals inhabitants civilians evacuees
    villagers citizens locals families passengers survivors
    """
)

_NEGATION = re.compile(
    r"\b(not|no|never|none|neither|nor|cannot)\b(?!\.\s*\d)|n\s?['’]\s?t\b", re.IGNORECASE
)

#: Content terms of a text, memoised: the numeric, date and polarity rules read the same
#: clauses, and a story's clauses recur across its figures.
_terms = lru_cache(maxsize=1 << 16)(terms)

# --------------------------------------------------------------------------- entry point


def find_conflicts(
    groups: Sequence[ClaimGroup],
    claims: Sequence[Claim],
    quantities: Sequence[Quantity],
    quotes: Sequence[Quote],
    articles: Mapping[str, Article],
) -> tuple[Conflict, ...]:
    """Every disagreement between independent sources in one story."""
    del quotes  # stances are read from the claims, which keep their attribution frame
    if len({source_key(c.article, articles) for c in claims}) < 2:
        return ()  # every rule needs two independent sources (a wire story and its copies)
    found: list[Conflict] = []
    found += numeric_conflicts(groups, claims, quantities, articles)
    found += date_conflicts(groups, claims, articles)
    found += attribution_conflicts(claims, articles)
    found += polarity_conflicts(groups, claims, articles)
    return tuple(found)


# --------------------------------------------------------------------------- numeric


@dataclass(frozen=True, slots=True)
class _Figure:
    index: int
    qty: Quantity
    claim: Claim | None
    group: str | None
    source: str
    counted: frozenset[str]
    context: Mapping[str, float]
    aside: bool = False  # a conversion in brackets after another figure: "40 km (25 miles)"
    breakdown: bool = False  # its clause gives several figures in one unit: a list of shares
    inventory: bool = False  # its clause also counts other things: a stat line, a list
    score: bool = False  # one side of a score or tally: "a 24-14 lead"


def numeric_conflicts(
    groups: Sequence[ClaimGroup],
    claims: Sequence[Claim],
    quantities: Sequence[Quantity],
    articles: Mapping[str, Article],
) -> list[Conflict]:
    """Figures for the same thing at compatible times that differ between sources."""
    group_of = {cid: g.id for g in groups for cid in g.claims}
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_article[c.article].append(c)
    contexts = []
    for q in (as_range(q, _text_of(q, articles)) for q in quantities):
        claim = _claim_at(q.citation, by_article.get(q.citation.article, ()))
        text = (claim.content or claim.text) if claim else q.text
        contexts.append((q, claim, [t for t in _terms(text) if not t.startswith("#")]))
    weights = idf([c[2] for c in contexts])
    figures = [
        _Figure(
            index=n,
            qty=q,
            claim=claim,
            group=group_of.get(claim.id) if claim else None,
            source=source_key(q.citation.article, articles),
            counted=counted,
            context=tfidf([t for t in ctx if t not in counted], weights),
            aside=_aside(q, _text_of(q, articles)),
            breakdown=_breakdown(q, claim, quantities),
            inventory=_inventory(q, claim, quantities),
            score=_score(q, _text_of(q, articles)),
        )
        for n, (q, claim, ctx) in enumerate(contexts)
        for counted in (_counted_terms(q, ctx),)
    ]
    # link figures that count the same thing at compatible times
    parent = list(range(len(figures)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges: set[tuple[int, int]] = set()
    for i, a in enumerate(figures):
        for j in range(i + 1, len(figures)):
            if _same_thing(a, figures[j], articles):
                edges.add((i, j))
                parent[find(j)] = find(i)
    components: dict[int, list[_Figure]] = defaultdict(list)
    for i, f in enumerate(figures):
        components[find(i)].append(f)
    out: list[Conflict] = []
    for members in components.values():
        conflict = _numeric_conflict(members, edges, articles)
        if conflict is not None:
            out.append(conflict)
    return out


_ASIDE = re.compile(r"\d[^()]{0,24}\(\s*(?:[A-Z]{0,3}\$|€|£|R|US)?\s*$")


def _aside(q: Quantity, text: str) -> bool:
    """A figure in brackets right after another figure: a conversion ("€2 million
    ($2.2 million)", "40 km (25 miles)"), not a second report."""
    start = q.citation.start
    return _ASIDE.search(text[max(0, start - 30) : start]) is not None


_SCORE_AFTER = re.compile(r"^\s?[-–]\s?\d")
_SCORE_BEFORE = re.compile(r"\d\s?[-–]\s?$")


def _score(q: Quantity, text: str) -> bool:
    """A figure written as one side of a score ("a 24-14 lead", "a 17-7 halftime lead")."""
    end, start = q.citation.end, q.citation.start
    before = text[max(0, start - 4) : start]
    return bool(_SCORE_AFTER.match(text[end : end + 4]) or _SCORE_BEFORE.search(before))


def _inventory(q: Quantity, claim: Claim | None, quantities: Sequence[Quantity]) -> bool:
    """Whether the figure's clause also counts something else ("31 points and 12
    assists", "four pistols, two shotguns and 40 cartridges"): a box score or a list
    whose items each report may scope differently (one game or the season, one boat or
    all), so one of its figures is not set against another report's."""
    if claim is None or not q.counted:
        return False
    head = q.counted.lower().split()[-1]
    span = claim.span
    for other in quantities:
        if other is q or other.citation.article != span.article or not other.counted:
            continue
        if not span.start <= other.citation.start < span.end or _generic(other.counted):
            continue
        if other.counted.lower().split()[-1] != head:
            return True
    return False


def _breakdown(q: Quantity, claim: Claim | None, quantities: Sequence[Quantity]) -> bool:
    """Whether the figure's clause gives other figures of the same kind ("55 percent in
    Varnholm, 38 percent in Presk"; "610 yards rushing ... 215 yards receiving"):
    each counts a part, not one whole."""
    if claim is None or not (q.unit or q.counted):
        return False
    span = claim.span
    kind = _counted_words(q.counted) if q.counted else frozenset()
    return any(
        other is not q
        and other.unit == q.unit
        and (q.unit or (other.counted and _counted_words(other.counted) == kind))
        and other.citation.article == span.article
        and span.start <= other.citation.start < span.end
        and not close(other.value, q.value)
        for other in quantities
    )


def _text_of(q: Quantity, articles: Mapping[str, Article]) -> str:
    art = articles.get(q.citation.article)
    return art.text if art is not None else ""


def _claim_at(span: Span, claims: Iterable[Claim]) -> Claim | None:
    best: Claim | None = None
    best_overlap = 0
    for c in claims:
        overlap = min(span.end, c.span.end) - max(span.start, c.span.start)
        if overlap > best_overlap:
            best, best_overlap = c, overlap
    return best


def _counted_terms(q: Quantity, context: Sequence[str]) -> frozenset[str]:
    if q.counted:
        words = q.counted.lower().split()
        out = set(_terms(q.counted))
        if words and words[-1] in PERSON_NOUNS:
            out.add("@person")
        return frozenset(out)
    return frozenset()


def _same_thing(a: _Figure, b: _Figure, articles: Mapping[str, Article]) -> bool:
    qa, qb = a.qty, b.qty
    if qa.citation.article == qb.citation.article:
        return False
    if (qa.unit or "") != (qb.unit or ""):
        return False
    lo, hi = sorted((abs(qa.value), abs(qb.value)))
    if lo == 0 or hi / lo > NUMERIC_MAX_RATIO:
        return False
    if a.inventory or b.inventory:
        return False  # "31 points and 12 assists", "four pistols, two shotguns, ..."
    if a.aside or b.aside or a.breakdown or b.breakdown or a.score or b.score:
        return False  # a conversion "(25 miles)", one of a list of shares, a score "21-10"
    if not a.counted or not b.counted:
        if not (qa.unit and a.group is not None and a.group == b.group):
            return False
        if qa.unit == "percent" and not _same_base(a.claim, b.claim):
            return False  # a share among young voters is not a share among all voters
    elif _generic(qa.counted) or _generic(qb.counted):
        return False  # "three times", "a 71-year-old": not a count of one thing
    elif not _same_counted(qa.counted, qb.counted) and not (
        a.counted == b.counted and _head_suffix(qa.counted, qb.counted)
    ):
        return False  # "AK-47 rifles" / "assault rifles": a subgroup, not the whole
    if a.claim is not None and b.claim is not None and not _same_predication(
        a.claim, b.claim, figures=True
    ):
        return False  # "retired with 1,840 goals" / "now has 1,852": other acts
    ea = a.claim.entities if a.claim else ()
    eb = b.claim.entities if b.claim else ()
    if ea and eb and (not set(ea) & set(eb) or (ea[0] not in eb and eb[0] not in ea)):
        # about different named things ("Ford's 2,290" / "Hansbrough's 2,302"), or
        # different first-named subjects ("Varro added 11 points for the Herons" /
        # "Dunmore had 12 points for the Herons")
        return False
    if a.group is None or a.group != b.group:
        # only figures of aligned claims (one claim group) count one thing: on ECB+ dev,
        # unaligned figures with the same counted noun were other players' points,
        # other seasons' yards, other games' scores
        return False
    return _times_compatible(a, b, articles)


#: Counted nouns that name no thing of their own: frequencies, ages and durations ("arrested
#: three times", "a 71-year-old man"), which recur about different people.
GENERIC_COUNTED = wordset("time times year years day days week weeks month months hour hours")


def _generic(counted: str | None) -> bool:
    words = (counted or "").lower().split()
    return bool(words) and words[-1].strip("-") in GENERIC_COUNTED


#: Two shares are of one whole when neither clause names more than this many things the
#: other does not ("turnout among young voters" adds two: a subgroup).
SHARE_EXTRA_TERMS = 1


def _same_base(a: Claim | None, b: Claim | None) -> bool:
    """Whether two clauses giving a share (percent) speak of the same whole."""
    if a is None or b is None:
        return True
    ta = {t for t in _terms(a.content or a.text) if not t.startswith("#")}
    tb = {t for t in _terms(b.content or b.text) if not t.startswith("#")}
    return len(ta - tb) <= SHARE_EXTRA_TERMS and len(tb - ta) <= SHARE_EXTRA_TERMS


def _same_counted(x: str | None, y: str | None) -> bool:
    """Whether two counted phrases name the same whole: the same words, give or take a
    capitalised modifier ("U.S. troops" / "troops"). A lowercase modifier makes a
    subgroup ("women voters" / "voters", "assault rifles" / "rifles")."""
    if not x or not y:
        return False
    tx, ty = _counted_words(x), _counted_words(y)
    return bool(tx) and tx == ty


def _counted_words(phrase: str) -> frozenset[str]:
    """The lowercase terms of a counted phrase, person nouns folded to one."""
    words = phrase.split()
    # a capitalised word is a place or a nation ("U.S. troops"); a model number
    # ("AK-47 rifles") names a kind, as a lowercase modifier does
    lower = [w for w in words if not w[:1].isupper() or any(ch.isdigit() for ch in w)]
    if words and words[-1].lower() in PERSON_NOUNS:
        lower = [*lower[:-1], "@person"] if lower else ["@person"]
    return frozenset(t for w in lower for t in (_terms(w) if w != "@person" else (w,)))


def _same_predication(a: Claim, b: Claim, figures: bool = False) -> bool:
    """Two clauses say the same of one thing: a shared governing word
    (:func:`~corroborator.story.facts.predicate_keys`), or one of them has none ("the toll:
    12"). For a figure, any verb of the clause counts: the figure may sit in a
    subordinate clause ("which said the building held 3,000 tonnes")."""
    ka, kb = predicate_keys(a.predicates), predicate_keys(b.predicates)
    if figures:
        ka, kb = ka | predicate_keys(a.verbs), kb | predicate_keys(b.verbs)
    return not ka or not kb or bool(ka & kb)


def _head_suffix(x: str | None, y: str | None) -> bool:
    """ "dockworkers" and "workers" share a head: one ends with the other's last word."""
    if not x or not y:
        return False
    hx, hy = x.lower().split()[-1], y.lower().split()[-1]
    return len(min(hx, hy, key=len)) >= 4 and (hx.endswith(hy) or hy.endswith(hx))


def _times_compatible(a: _Figure, b: _Figure, articles: Mapping[str, Article]) -> bool:
    ta, tb = a.qty.time, b.qty.time
    ia, ib = _interval(ta), _interval(tb)
    if ia and ib:
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    if ia or ib:
        # one figure is dated, the other is not: a later report of an ongoing count
        dated, other = (ia, b) if ia else (ib, a)
        assert dated is not None
        pub = _interval(_published(other.qty.citation.article, articles))
        if pub and dated[1] < pub[0] <= dated[1] + timedelta(days=DEVELOPMENT_WINDOW_DAYS):
            return False
    return True


def _published(article_id: str, articles: Mapping[str, Article]) -> str | None:
    art = articles.get(article_id)
    return art.published[:10] if art is not None and art.published else None


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")


def _interval(value: str | None) -> tuple[date, date] | None:
    """The days a TIMEX3 value covers (day, week, month or year), else None."""
    if not value:
        return None
    try:
        if m := _ISO_DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _ISO_MONTH.match(value):
            first = date(int(m[1]), int(m[2]), 1)
            nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return first, nxt - timedelta(days=1)
        if m := _ISO_WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _ISO_YEAR.match(value):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def _same_position(a: Quantity, b: Quantity) -> bool:
    return (a.qualifier == b.qualifier and bounds(a) == bounds(b)) or (
        a.qualifier in ("exact", "about")
        and b.qualifier in ("exact", "about")
        and close(a.value, b.value)
    )


def _numeric_conflict(
    members: Sequence[_Figure], edges: set[tuple[int, int]], articles: Mapping[str, Article]
) -> Conflict | None:
    """One conflict for a component of linked figures, if two directly linked figures
    from different sources disagree (a chain of links is not enough)."""
    if len(members) < 2:
        return None
    positions: list[list[_Figure]] = []
    for f in sorted(members, key=lambda f: (f.qty.value, f.qty.citation)):
        for pos in positions:
            if _same_position(pos[0].qty, f.qty):
                pos.append(f)
                break
        else:
            positions.append([f])
    notes: list[str] = []
    disputed: set[int] = set()
    involved: set[int] = set()
    for i, p in enumerate(positions):
        for j in range(i + 1, len(positions)):
            r = positions[j]
            if not disagree(p[0].qty, r[0].qty):
                continue
            pairs = [
                (x, y)
                for x in p
                for y in r
                if x.source != y.source
                and (min(x.index, y.index), max(x.index, y.index)) in edges
                and not _revised(x, y)
                and not _states_both(x, y)
                and not rounding_of(x.qty, y.qty)
            ]
            if not pairs:
                continue
            disputed |= {i, j}
            involved |= {f.index for pair in pairs for f in pair}
            x, y = p[0].qty, r[0].qty
            note = f"{_show(x)} vs {_show(y)}: relative gap {relative_gap(x.value, y.value):.1%}"
            points = {"exact", "about"}
            if {x.qualifier, y.qualifier} <= points and within_rounding(
                x.value, x.qualifier == "about", y.value, y.qualifier == "about"
            ):
                note += ", within rounding"
            notes.append(note)
    if not disputed:
        return None
    # a position shows only the figures that disagree with one of another position
    kept = [[f for f in positions[i] if f.index in involved] for i in sorted(disputed)]
    named = Counter(f.qty.counted for pos in kept for f in pos if f.qty.counted)
    counted = named.most_common(1)[0][0] if named else None
    unit = next((f.qty.unit for pos in kept for f in pos if f.qty.unit), None)
    if counted:
        about = f"amount of {counted}" if unit else f"number of {counted}"
    else:
        about = f"figure in {unit}s" if unit else "figure"
    figs = [f for pos in kept for f in pos]
    times = sorted({f.qty.time for f in figs if f.qty.time})
    basis = "; ".join(
        part
        for part in (
            f"same counted thing: {counted}" if counted else "",
            f"same unit: {unit}" if unit else "",
            "stated in aligned claims with the same predicate",
            f"compatible times: {', '.join(times)}" if times else "no figure dated apart",
            "not a conversion, a share of a list, a score or a rounding of an exact figure",
        )
        if part
    )
    return Conflict(
        kind="numeric",
        basis=basis,
        about=about,
        positions=tuple(
            Position(
                value=_show(pos[0].qty),
                citations=tuple(f.qty.citation for f in pos),
                sources=_outlets((f.qty.citation.article for f in pos), articles),
            )
            for pos in kept
        ),
        note="; ".join(notes),
    )


def _states_both(x: _Figure, y: _Figure) -> bool:
    """Whether one clause also states the other figure ("12 Somali and 11 Yemeni pirates"
    read twice): then the figures count different things, whatever the counted noun."""
    for f, other in ((x, y), (y, x)):
        if f.claim is None:
            continue
        stated = f.claim.numbers + numbers_in(f.claim.text)
        if any(close(v, other.qty.value) for v in stated):
            return True
    return False


def _revised(x: _Figure, y: _Figure) -> bool:
    return any(
        f.claim is not None and REVISION_CUES.search(f.claim.text) is not None for f in (x, y)
    )


def _show(q: Quantity) -> str:
    number = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,g}"
    words = {
        "about": "about ",
        "up_to": "up to ",
        "at_least": "at least ",
        "more_than": "more than ",
        "less_than": "less than ",
    }
    if q.qualifier == "range" and q.low is not None and q.high is not None:
        number = f"{q.low:,g} to {q.high:,g}"
    text = words.get(q.qualifier, "") + number
    if not q.unit:
        return text
    unit = q.unit
    if unit in _PLURAL_UNITS and not (q.qualifier != "range" and q.value == 1):
        unit = _PLURAL_UNITS[unit]
    return f"{text} {unit}"


#: Plural forms of the measure units the figure reader writes in the singular.
_PLURAL_UNITS = {
    "metre": "metres",
    "kilometre": "kilometres",
    "mile": "miles",
    "foot": "feet",
    "tonne": "tonnes",
    "ton": "tons",
}


def _outlets(article_ids: Iterable[str], articles: Mapping[str, Article]) -> tuple[str, ...]:
    out: list[str] = []
    for aid in article_ids:
        name = outlet(aid, articles)
        if name not in out:
            out.append(name)
    return tuple(out)


# --------------------------------------------------------------------------- date

_DAY_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}")


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
            if c is None or REVISION_CUES.search(c.text):
                continue
            days = {t[:10] for t in c.times if _DAY_VALUE.match(t)}
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
    pub = _interval(_published(c.article, articles))
    if pub is None:
        return True
    days = [d for d in (_interval(t[:10]) for t in c.times if _DAY_VALUE.match(t)) if d]
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
        if not _DAY_VALUE.match(t):
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
        dx = {t[:10] for t in x.times if _DAY_VALUE.match(t)}
        dy = {t[:10] for t in y.times if _DAY_VALUE.match(t)}
        for a in dx:
            for b in dy:
                ia, ib = _interval(a), _interval(b)
                if ia and ib and abs((ia[0] - ib[0]).days) <= 1:
                    return True
    return False


# --------------------------------------------------------------------------- attribution

_CONFIRM = re.compile(
    r"\b(?:has |have )?(confirmed|confirms|acknowledged|verified)\b", re.IGNORECASE
)
_DENY = re.compile(r"\b(denied|denies|rejected reports|dismissed reports)\b", re.IGNORECASE)
_TRUE = re.compile(
    r"\b(?:told|said)\b[^.]{0,160}?\b(?:was|were|is|are)\s+(?:true|accurate|correct)\b",
    re.IGNORECASE,
)
#: Silence on the fact itself. Declining to give a detail ("declined to give the size
#: of the payment") after confirming the fact is not silence on it, and "no press release
#: from X" says nothing of what X told reporters: both were read as disputes on ECB+ dev
#: and the seeds, and neither was one.
_SILENT = re.compile(
    r"\b(declined to (?:comment|confirm)|"
    r"did not (?:immediately )?(?:respond|reply|return|comment|confirm)|"
    r"(?:could|would) not (?:immediately )?(?:be reached|comment|confirm)|"
    r"refused to (?:comment|confirm|say)|has not (?:commented|responded|confirmed)|"
    r"ha(?:s|ve) not (?:yet )?(?:commented|responded|confirmed))\b",
    re.IGNORECASE,
)

_CANONICAL_CUES = {"confirmed": "confirmed", "denied": "denied"}

#: Plural or generic actors whose stances are not one actor's ("officials said").
GENERIC_ACTORS = wordset(
    "officials authorities sources analysts residents experts witnesses people police"
)


@dataclass(frozen=True, slots=True)
class _Stance:
    actor: str
    stance: str  # confirmed | denied | silent
    cue: str
    claim: Claim
    source: str


def attribution_conflicts(
    claims: Sequence[Claim], articles: Mapping[str, Article]
) -> list[Conflict]:
    """One outlet: the actor confirmed; another: the same actor declined or did not respond."""
    stances: list[_Stance] = []
    for c in claims:
        stances.extend(_stances(c, source_key(c.article, articles)))
    if not stances:
        return []
    names = sorted({s.actor for s in stances})
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if actors_match(a, b):
                parent[find(b)] = find(a)
    for c in claims:  # "the Pentagon's Central Command" ties the two organisations
        for owner, head in _possessive_actors(c.text):
            if owner in parent and head in parent:
                parent[find(head)] = find(owner)
    by_actor: dict[str, list[_Stance]] = defaultdict(list)
    for s in stances:
        by_actor[find(s.actor)].append(s)
    out: list[Conflict] = []
    for members in by_actor.values():
        kinds = {s.stance for s in members}
        if len(kinds) < 2 or not kinds & {"confirmed", "denied"}:
            continue
        if len({s.source for s in members}) < 2:
            continue
        positions: list[Position] = []
        for kind in ("confirmed", "denied", "silent"):
            side = [s for s in members if s.stance == kind]
            if not side:
                continue
            cues: list[str] = []
            for s in side:
                if s.cue.lower() not in cues:
                    cues.append(s.cue.lower())
            positions.append(
                Position(
                    value=" / ".join(cues),
                    citations=tuple(dict.fromkeys(s.claim.span for s in side)),
                    sources=_outlets((s.claim.article for s in side), articles),
                )
            )
        actor = max((s.actor for s in members), key=lambda n: (len(name_tokens(n)), n))
        out.append(
            Conflict(
                kind="attribution",
                basis=f"same actor: {' / '.join(sorted({s.actor for s in members}))}; "
                + " vs ".join(p.value for p in positions),
                about=f"what {actor} said",
                positions=tuple(positions),
                note="one outlet reports a confirmation, another reports no comment",
            )
        )
    return out


def _stances(c: Claim, source: str) -> list[_Stance]:
    text = c.text
    found: list[_Stance] = []
    for pattern, kind in (
        (_CONFIRM, "confirmed"),
        (_DENY, "denied"),
        (_SILENT, "silent"),
        (_TRUE, "confirmed"),
    ):
        for m in pattern.finditer(text):
            cue = (
                _CANONICAL_CUES.get(kind, m.group(1))
                if pattern is not _TRUE
                else "said it was true"
            )
            for actor in _actors_before(text[: m.start()]):
                found.append(_Stance(actor, kind, cue, c, source))
    return found


def _actors_before(prefix: str) -> list[str]:
    """The subject just before a stance verb: the last comma segment that is a name."""
    segments = [s.strip(" “”\"'") for s in re.split(r"[,;:]", prefix)]
    for seg in reversed(segments):
        if not seg:
            continue
        if re.match(r"^(?:the\s+)?[A-Z]", seg) is None:
            continue
        words = seg.split()
        if len(words) > 8:
            return []
        return _split_actors(seg)
    return []


def _split_actors(phrase: str) -> list[str]:
    out: list[str] = []
    for part in re.split(r"\s+(?:and|or)\s+", phrase):
        part = part.strip()
        toks = name_tokens(part)
        toks = tuple(t for t in toks if t != "the")
        if not toks or toks[-1] in GENERIC_ACTORS:
            continue
        if not any(w[:1].isupper() for w in part.split() if w.lower() != "the"):
            continue
        if not _name_like(part):
            continue
        out.append(part)
    return out


#: Words a name of an organisation or official may hold besides capitalised ones.
_NAME_GLUE = wordset("the of and for on de la du von van al el 's ’s")


def _name_like(part: str) -> bool:
    """A name ("U.S. Central Command", "Department of Defense"), not a pronoun or a
    phrase ("He steadfastly", "The identity of Felt")."""
    words = part.split()
    if words[0].lower() in ("he", "she", "they", "it", "we", "i"):
        return False
    lowercase = [w for w in words if not w[:1].isupper() and w.lower() not in _NAME_GLUE]
    return not lowercase


_POSSESSIVE_ACTOR = re.compile(
    r"\b((?:the )?[A-Z][\w.-]*(?: [A-Z][\w.-]*)*)[’']s ([A-Z][\w.-]*(?: (?:of )?[A-Z][\w.-]*)*)"
)


def _possessive_actors(text: str) -> list[tuple[str, str]]:
    """("The Pentagon", "Central Command") from "The Pentagon's Central Command told"."""
    return [(m.group(1), m.group(2)) for m in _POSSESSIVE_ACTOR.finditer(text)]


def actor_key(name: str) -> tuple[str, ...]:
    """Folded name tokens without articles and country initialisms."""
    return tuple(t for t in name_tokens(name) if t not in ("the", "us", "uk"))


def actors_match(a: str, b: str) -> bool:
    """Same actor: equal or contained token sets ("US Central Command" / "Central Command"),
    or an acronym of the other ("CENTCOM" / "U.S. Central Command")."""
    ka, kb = actor_key(a), actor_key(b)
    if not ka or not kb:
        return False
    sa, sb = set(ka), set(kb)
    if sa <= sb or sb <= sa:
        return len(sa & sb) >= 1 and not (sa & sb) <= GENERIC_ACTORS
    for short, long in ((ka, kb), (kb, ka)):
        if len(short) == 1:
            for k in range(len(long) - 1):
                if acronym_matches(short[0], long[k:]):
                    return True
    return False


# --------------------------------------------------------------------------- polarity

#: Two claims with opposite predicates ("remain open" / "closed") contradict only if they
#: share this much content (TF-IDF cosine over their terms, the cue words and negations
#: left out). Calibrated on the issue-5 fixtures (b_* and c_*: contradictions 0.32-0.82);
#: checked on the seeds, ECB+ dev (772 articles) and the newswire set (2,452 articles),
#: where nothing passes the subject and place tests below, which carry most of the
#: precision.
CONTRADICTION_MIN_COSINE = 0.3

#: Both claims need this many content terms besides the cue ("the driver of the truck
#: remains at large": driver, truck).
CONTRADICTION_MIN_TERMS = 2

#: Share of one claim's subject terms (the words before its cue: "the northern ferry
#: route" in "the northern ferry route has been closed") that the other claim must also
#: contain, so "the gunman remains at large" and "police arrested two men" stay apart,
#: and so do "fuel prices in Stel rose" and "food prices in Stel fell" (2 of 3). The
#: same share applies to the words after the cue ("at Fort Arlen" / "in the capital").
SUBJECT_MIN_SHARE = 0.75

#: Claims without dates of their own speak about their publication days; reports
#: published this many days apart can still describe one moment (a late-evening event
#: in the next morning's paper). Two claims with dates of their own must share a day.
CONTRADICTION_MAX_DAYS = 1

#: Words before a cue that are searched for a negation ("has not been closed", "does not
#: signal a full departure"; four words reach over "signal a full").
NEGATION_WINDOW = 4


@dataclass(frozen=True, slots=True)
class Opposition:
    """Two predicates that cannot both hold of one thing at one time.

    ``first`` and ``second`` are regular expressions over the lowercased clause (word
    forms, not stems, which collide: "shut"/"shot"). In a complementary pair a negated
    cue states the other side ("has not been closed" = open); in a contrary pair
    ("rose"/"fell") a negated cue states neither. ``whole``, when given, must also occur
    in a clause whose cue is on the ``second`` side: a withdrawal contradicts "troops
    remain" only when it is complete. ``person`` pairs (alive/dead) also need a shared
    resolved entity: "three people were killed" and "two people survived" are different
    people. In a ``scoped`` pair the words after the cue (a place or an object: "remain
    in the capital" / "have left the fort") must match too; whether someone is alive or
    in custody does not depend on where.
    """

    name: str
    first: re.Pattern[str]
    second: re.Pattern[str]
    complementary: bool = True
    whole: re.Pattern[str] | None = None
    person: bool = False
    scoped: bool = True


_CUE_BODIES: list[str] = []


def _cue(pattern: str) -> re.Pattern[str]:
    """A cue pattern: whole words only (not "left-wing", not "opening")."""
    _CUE_BODIES.append(pattern)
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


#: The lexicon of opposite predicates: general English, hand-listed word forms (no
#: names or events of any corpus). Left out on purpose: "confirmed"/"denied" (the
#: attribution rule reads stances), past-tense states ("remained", "stayed": a state
#: before a change is a development) and senses that are not states ("opened fire",
#: "shares closed higher", "closed-door", "open letter").
OPPOSITIONS: tuple[Opposition, ...] = (
    Opposition(
        "presence",
        _cue(
            r"(?:remain|remains|stay|stays)(?!\s+at large)(?=\s+(?:in|at|on|inside|behind|"
            r"there|deployed|stationed|based|present)\b|\s*[,;.]|\s*$)|"
            r"(?:is|are) still (?:stationed|deployed|based|present|there)"
        ),
        _cue(
            r"withdr[ae]w|withdrawn|withdrawal|withdrawing|withdraws|pull(?:ed|s|ing)? out|"
            r"pullout|departed|departure|left|vacated|exited|evacuated|evacuation"
        ),
        whole=re.compile(
            r"\b(?:complete|completed|completely|completion|full|fully|all|entire|entirely|"
            r"total|totally|last)\b",
            re.IGNORECASE,
        ),
    ),
    Opposition(
        "open",
        _cue(
            r"(?:is|are|was|were|be|been|remain|remains|stay|stays|kept|keep|keeps) open|"
            r"reopen|reopens|reopened|reopening"
        ),
        _cue(
            r"(?:closed|shut|shuttered|shut down)"
            r"(?!\s+(?:at|up|higher|lower|down|flat|unchanged|the gap|ranks|in on|\d))"
        ),
    ),
    Opposition(
        "alive",
        _cue(r"alive|survived(?! by)|survives(?! by)|unharmed|unhurt"),
        _cue(r"dead|died|dies|killed|murdered|perished"),
        person=True,
        scoped=False,
    ),
    Opposition(
        "custody",
        _cue(r"arrested|detained|in custody|captured|jailed|apprehended"),
        _cue(
            r"at large|on the run|evaded (?:arrest|capture)|"
            r"escaped (?:from )?(?:custody|jail|prison)"
        ),
        scoped=False,
    ),
    Opposition(
        "decision",
        _cue(r"accepted|approved|endorsed|ratified|upheld"),
        _cue(r"rejected|vetoed|voted down|overturned|turned down"),
        complementary=False,
    ),
    Opposition(
        "verdict",
        _cue(r"guilty|convicted"),
        _cue(r"innocent|acquitted"),
        scoped=False,
    ),
    Opposition(
        "trend",
        _cue(r"increased|increases|rose|risen|rises|grew|grown|climbed|jumped|surged|went up"),
        _cue(
            r"decreased|decreases|fell|fallen|falls|dropped|declined(?! to)|shrank|shrunk|"
            r"dipped|plunged|slumped|went down"
        ),
        complementary=False,
    ),
    Opposition(
        "extent",
        _cue(r"complete|completed|completely|full|fully|total|totally"),
        _cue(r"partial|partially|incomplete"),
    ),
    Opposition(
        "continuation",
        _cue(r"continues|continuing|ongoing|(?:remains?|still) in (?:place|effect|force)"),
        _cue(r"lifted|ended|called off|cancell?ed|scrapped|halted"),
    ),
)

#: Any cue of the lexicon: most clauses have none and skip the per-pair search.
#: (One alternation, without the end-of-word checks, is five times faster than the sides.)
_ANY_CUE = re.compile(r"(?<![\w-])(?:" + "|".join(_CUE_BODIES) + ")")

_NEGATION_BEFORE = re.compile(
    r"\b(?:not|no|never|neither|nor|cannot|without|no longer|yet to|failed to)\b|n't\b"
)

#: A claim about what is planned or possible, not what is: "will witness a full
#: withdrawal next week", "is preparing to pull out". Set against a report that it
#: happened, it is a development (the timeline's business), not a contradiction.
#: "will remain" and "will stay" are kept: they state the present state too.
PLANNED = re.compile(
    r"\b(?:will|would|could|might|(?-i:may)|shall|should|plans? to|planned|planning|"
    r"preparing|prepares? to|expected to|set to|scheduled|(?:is|are) due to|going to|"
    r"aims? to|intends? to|next (?:week|month|year)|soon|later this)\b|'ll\b",
    re.IGNORECASE,
)
_CONTINUING = re.compile(r"\b(?:will|would|'ll) (?:still )?(?:remain|stay|continue)\b", re.I)

#: Words that put a statement before the time of the report ("initially", "prior to the
#: final redeployment"): a past state, not a contradiction of the present one.
EARLIER = re.compile(
    r"\b(?:initially|originally|previously|earlier|formerly|prior to|used to|at the time|"
    r"until recently|at first|once again|had been|had)\b",
    re.IGNORECASE,
)

_UNTIL = re.compile(r"\b(?:until|till|through|pending)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Stated:
    """One opposed predicate a claim states: which pair, which side, the cue as written."""

    opposition: int
    side: int
    cue: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Polarity:
    """What polarity checks need of a claim, computed once per claim."""

    vector: Mapping[str, float]
    negated: bool
    revised: bool
    scope: frozenset[str] = frozenset()  # the terms a negation applies to
    stated: tuple[_Stated, ...] = ()
    planned: bool = False
    earlier: bool = False
    when: tuple[date, date] | None = None
    dated: bool = False  # ``when`` comes from the claim's own dates
    terms: frozenset[str] = frozenset()


def polarity_conflicts(
    groups: Sequence[ClaimGroup], claims: Sequence[Claim], articles: Mapping[str, Article]
) -> list[Conflict]:
    """Claims from different sources where one negates or reverses the other.

    Two rules, both between independent sources and with no sign of a development:

    1. negation: aligned claims (one claim group) that say nearly the same, one of them
       negated ("is among the missing" / "was not among the missing");
    2. opposite predicates (:data:`OPPOSITIONS`) of one subject, aligned or not ("all
       peacekeepers have left the fort" / "about 300 peacekeepers remain at the fort"):
       the claims must share their subject and place, enough other content, and refer
       to the same days; neither may be a plan, a revision or a past state.
    """
    by_id = {c.id: c for c in claims}
    group_of = {cid: g for g in groups for cid in g.claims}
    texts = [c.content or c.text for c in claims]
    stated = [_stated_predicates(t) for t in texts]
    bags = [_terms(_strip_cues(_strip_negation(t), s)) for t, s in zip(texts, stated, strict=True)]
    weights = idf(bags)
    grouped = {cid for g in groups if len(g.claims) > 1 for cid in g.claims}
    info = {
        c.id: _Polarity(
            vector=tfidf(bag, weights),
            negated=_NEGATION.search(text) is not None,
            scope=_negation_scope(text),
            revised=REVISION_CUES.search(c.text) is not None,
            stated=st,
            planned=PLANNED.search(_CONTINUING.sub(" ", text)) is not None,
            earlier=EARLIER.search(c.text) is not None,
            when=_reference_interval(c, articles),
            dated=_dated(c),
            terms=frozenset(bag),
        )
        for c, text, st, bag in zip(claims, texts, stated, bags, strict=True)
        if st or c.id in grouped  # other claims can neither contradict nor be contradicted
    }
    out: list[Conflict] = []
    # 1. negation, within one claim group
    negated: set[str] = set()
    for g in groups:
        members = [by_id[cid] for cid in g.claims if cid in by_id]
        pair = next(
            (
                (a, b)
                for i, a in enumerate(members)
                for b in members[i + 1 :]
                if source_key(a.article, articles) != source_key(b.article, articles)
                and _negates(info[a.id], info[b.id])
            ),
            None,
        )
        if pair is not None:
            out.append(_contradiction(g.text, pair, info, articles))
            negated.add(g.id)
    # 2. opposite predicates about one subject: the closest pair per pair of groups
    sides: dict[tuple[int, int], list[Claim]] = defaultdict(list)
    for c, st in zip(claims, stated, strict=True):
        for s in st:
            sides[s.opposition, s.side].append(c)
    best: dict[frozenset[str], tuple[float, Claim, Claim]] = {}
    for k in range(len(OPPOSITIONS)):
        for a in sides.get((k, 0), ()):
            for b in sides.get((k, 1), ()):
                ga, gb = group_of.get(a.id), group_of.get(b.id)
                key = frozenset((ga.id if ga else a.id, gb.id if gb else b.id))
                if key & negated:
                    continue
                score = _contradicts(a, b, k, info, articles)
                if score is not None and score > best.get(key, (-1.0,))[0]:
                    best[key] = (score, a, b)
    for _, a, b in sorted(best.values(), key=lambda t: (t[1].span, t[2].span)):
        ga, gb = group_of.get(a.id), group_of.get(b.id)
        about = ga.text if ga is not None and ga is gb else a.content or a.text
        out.append(_contradiction(about, (a, b), info, articles))
    return out


def _stated_predicates(text: str) -> tuple[_Stated, ...]:
    """The opposed predicates a clause states, after negation: "has not been closed"
    states "open"; a contrary cue under negation ("did not rise") states nothing."""
    found: list[_Stated] = []
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowercased
        low = text
    if _ANY_CUE.search(low) is None:
        return ()
    for k, opp in enumerate(OPPOSITIONS):
        sides: set[int] = set()
        cues: list[_Stated] = []
        for side, pattern in enumerate((opp.first, opp.second)):
            for m in pattern.finditer(low):
                before = " ".join(low[: m.start()].split()[-NEGATION_WINDOW:])
                negated = _NEGATION_BEFORE.search(before) is not None
                if negated and not opp.complementary:
                    continue
                actual = 1 - side if negated else side
                if actual == 1 and opp.whole is not None and not opp.whole.search(text):
                    continue
                sides.add(actual)
                cues.append(_Stated(k, actual, text[m.start() : m.end()], m.start(), m.end()))
        if len(sides) == 1:  # a clause stating both sides ("left, but some remain") is neither
            found.append(cues[0])
    return tuple(found)


def _strip_cues(text: str, stated: Sequence[_Stated]) -> str:
    for s in sorted(stated, key=lambda s: -s.start):
        text = text[: s.start] + " " + text[s.end :]
    return text


def _reference_interval(c: Claim, articles: Mapping[str, Article]) -> tuple[date, date] | None:
    """The days a claim speaks about: its own dates, else its article's publication day.

    The end of a period ("closed until Friday") is not when the claim holds; an inferred
    publication date is not known well enough to tell a development from a conflict.
    """
    days = _own_days(c)
    if days:
        return min(d[0] for d in days), max(d[1] for d in days)
    art = articles.get(c.article)
    if art is None or not art.published or art.published_inferred:
        return None
    return _interval(art.published[:10])


def _own_days(c: Claim) -> list[tuple[date, date]]:
    if _UNTIL.search(c.text):
        return []
    return [d for d in (_interval(t) for t in c.times) if d is not None]


def _dated(c: Claim) -> bool:
    return bool(_own_days(c))


def _same_time(a: _Polarity, b: _Polarity) -> bool | None:
    """Whether two claims speak about the same days (None: unknown).

    Days written in the claims must overlap; a claim without a date of its own speaks
    about its publication day, give or take :data:`CONTRADICTION_MAX_DAYS`.
    """
    if a.when is None or b.when is None:
        return None
    slack = timedelta(days=0 if a.dated and b.dated else CONTRADICTION_MAX_DAYS)
    return a.when[0] <= b.when[1] + slack and b.when[0] <= a.when[1] + slack


def _contradicts(
    a: Claim, b: Claim, k: int, info: Mapping[str, _Polarity], articles: Mapping[str, Article]
) -> float | None:
    """The content similarity of two claims with opposite predicates, or None when they do
    not contradict: same source, a development, another subject, too little in common."""
    if a.article == b.article or source_key(a.article, articles) == source_key(b.article, articles):
        return None
    pa, pb = info[a.id], info[b.id]
    if pa.revised or pb.revised or pa.earlier or pb.earlier or pa.planned or pb.planned:
        return None
    if not _same_time(pa, pb):
        return None
    if OPPOSITIONS[k].person and not set(a.entities) & set(b.entities):
        return None
    if len(pa.terms) < CONTRADICTION_MIN_TERMS or len(pb.terms) < CONTRADICTION_MIN_TERMS:
        return None
    if not _about_one_thing(a, pa, b, pb, k):
        return None
    similarity = cosine(pa.vector, pb.vector)
    return similarity if similarity >= CONTRADICTION_MIN_COSINE else None


def _about_one_thing(a: Claim, pa: _Polarity, b: Claim, pb: _Polarity, k: int) -> bool:
    """Whether two claims with opposite cues speak of one thing in one place.

    The subject (the words before the cue: "about 300 Nordmark peacekeepers") of one
    claim must occur in the other ("all Nordmark peacekeepers have left"), and so must
    the complement (the words after the cue: "at Fort Arlen") of one of them, unless a
    claim has none ("the route will remain open"): "remain in the capital" and "have
    left the fort" are about different places.
    """
    if _OTHER_REFERENT.search(_before_cue(a, pa, k)) or _OTHER_REFERENT.search(
        _before_cue(b, pb, k)
    ):
        return False
    (sa, ca), (sb, cb) = _parts(a, pa, k), _parts(b, pb, k)
    # the other claim's whole content counts: a transitive cue's object may be the
    # other's subject ("police have closed Harbour Street" / "Harbour Street reopened")
    if not (_within(sa, pb.terms) or _within(sb, pa.terms)):
        return False
    if not OPPOSITIONS[k].scoped:
        return True
    return not ca or not cb or _within(ca, pb.terms) or _within(cb, pa.terms)


#: A subject that sets itself apart from another one ("the other partygoers escaped
#: unharmed" / "one man was killed"): not the same referent.
_OTHER_REFERENT = re.compile(r"\b(?:other|others|another|rest)\b", re.IGNORECASE)


def _before_cue(c: Claim, p: _Polarity, k: int) -> str:
    cue = next(s for s in p.stated if s.opposition == k)
    return (c.content or c.text)[: cue.start]


def _parts(c: Claim, p: _Polarity, k: int) -> tuple[frozenset[str], frozenset[str]]:
    """The content terms before and after ``c``'s cue of opposition ``k``."""
    cue = next(s for s in p.stated if s.opposition == k)
    text = c.content or c.text
    before, after = (_LINKING.sub(" ", part) for part in (text[: cue.start], text[cue.end :]))
    return frozenset(_terms(before)), frozenset(_terms(after))


#: Linking verbs between a subject and its predicate ("remains at large", "stayed
#: open"): not part of either.
_LINKING = re.compile(
    r"\b(?:remain|remains|remained|stay|stays|stayed|seem|seems|seemed|appear|appears|"
    r"appeared|become|becomes|became|kept|keeps|still)\b",
    re.IGNORECASE,
)


def _within(part: frozenset[str], other: frozenset[str]) -> bool:
    return bool(part) and len(part & other) / len(part) >= SUBJECT_MIN_SHARE


def _contradiction(
    about: str,
    pair: tuple[Claim, Claim],
    info: Mapping[str, _Polarity],
    articles: Mapping[str, Article],
) -> Conflict:
    a, b = pair
    cues = [_cue_of(info[a.id], info[b.id]), _cue_of(info[b.id], info[a.id])]
    if all(cues):
        note = f"opposite statements: “{cues[0]}” vs “{cues[1]}”"
        basis = "same subject and place, opposite predicates, same days"
    else:
        note = "one outlet negates what the other states"
        basis = "aligned claims that say nearly the same, one of them negated"
    return Conflict(
        kind="other",
        about=about,
        positions=tuple(
            Position(
                value=c.content or c.text,
                citations=(c.span,),
                sources=_outlets([c.article], articles),
            )
            for c in pair
        ),
        note=note,
        basis=basis,
    )


def _cue_of(p: _Polarity, other: _Polarity) -> str | None:
    """The cue of ``p`` whose opposition the other claim states on the other side."""
    theirs = {(s.opposition, s.side) for s in other.stated}
    for s in p.stated:
        if (s.opposition, 1 - s.side) in theirs:
            return s.cue
    return None


def _strip_negation(text: str) -> str:
    return _NEGATION.sub(" ", text)


def _negates(a: _Polarity, b: _Polarity) -> bool:
    """Aligned claims that say nearly the same, one of them negated.

    A negation that reverses an opposed predicate ("has not been closed" = open) is left
    to the opposite-predicate rule.
    """
    if a.negated == b.negated or a.revised or b.revised or a.stated or b.stated:
        return False
    if _same_time(a, b) is False:
        return False
    if len(a.vector) < POLARITY_MIN_TERMS or len(b.vector) < POLARITY_MIN_TERMS:
        return False
    negated, other = (a, b) if a.negated else (b, a)
    if not negated.scope or not negated.scope <= other.terms:
        return False  # the negation is in words the other claim lacks: "and no one was hurt"
    return cosine(a.vector, b.vector) >= NEGATION_MIN_COSINE


def _negation_scope(text: str) -> frozenset[str]:
    """The first :data:`NEGATION_SCOPE_TERMS` content terms after a clause's negation."""
    m = _NEGATION.search(text)
    if m is None:
        return frozenset()
    return frozenset(_terms(text[m.end() :])[:NEGATION_SCOPE_TERMS])


__all__ = [
    "OPPOSITIONS",
    "Opposition",
    "actors_match",
    "attribution_conflicts",
    "date_conflicts",
    "find_conflicts",
    "numeric_conflicts",
    "polarity_conflicts",
]
