"""Figures for the same counted thing at compatible times that differ beyond rounding.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

from corroborator.corpus.sources import outlet, source_key
from corroborator.lexicon.nouns import PERSON_NOUNS
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Position, Quantity, Span
from corroborator.story.conflicts.common import (
    DEVELOPMENT_WINDOW_DAYS,
    NUMERIC_CONTEXT_MIN,
    NUMERIC_MAX_RATIO,
    REVISION_CUES,
    UNDATED_SAME_TIME_DAYS,
    _terms,
    day_values,
    same_day,
)
from corroborator.story.facts import predicate_keys
from corroborator.story.quantities import as_range, bounds, disagree, rounding_of
from corroborator.text.calendar import timex_interval
from corroborator.text.numbers import numbers_in
from corroborator.text.similarity import (
    close,
    cosine,
    idf,
    relative_gap,
    tfidf,
    within_rounding,
    wordset,
)


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
    yardstick: bool = False  # what another thing is compared with: "better than $18 million"


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
            yardstick=_yardstick(q, _text_of(q, articles)),
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


#: A comparative just before a figure ("an offer better than five years and $18 million",
#: "a toll higher than the 230 of 2004"): the figure is the yardstick another thing is
#: measured by, not that thing's figure. "more/fewer/less than" qualify the figure itself
#: (:mod:`corroborator.story.quantities`). On ECB+ dev one such yardstick was set
#: against the offer it was compared with.
_COMPARATIVE = re.compile(
    r"\b(?!(?:more|fewer|less|rather|other|earlier|later) than)[a-z]+er than\b"
    r"[^.;:!?]{0,40}$",
    re.IGNORECASE,
)


def _yardstick(q: Quantity, text: str) -> bool:
    """Whether a comparative ("better than", "higher than") shortly precedes the figure."""
    start = q.citation.start
    return _COMPARATIVE.search(text[max(0, start - 60) : start]) is not None


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
    if a.yardstick or b.yardstick:
        return False  # "an offer better than $18 million": the figure of another thing
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
    if (
        not (ea and eb)
        and _background(a, articles) != _background(b, articles)
        and cosine(a.context, b.context) < NUMERIC_CONTEXT_MIN
    ):
        # a figure of an earlier time set against one as of its report, and neither a
        # participant named by both nor the rest of the clause ties them: "that temblor
        # killed at least six in September" / "three people were killed" (context
        # 0.2) are two earthquakes; "at its busiest, the network carried about 48,000 a
        # month in July 2019" / "at its peak, the network carried 50,000" (0.66) are
        # one past peak
        return False
    return _times_compatible(a, b, articles)


def _background(f: _Figure, articles: Mapping[str, Article]) -> bool:
    """Whether the figure's clause dates what it reports (the figure's time, else the
    clause's dates) wholly more than :data:`DEVELOPMENT_WINDOW_DAYS` before its own
    report: background ("a peak of 170,000 in 2007", "killed six in September"), not
    the news of the day."""
    pub = timex_interval(_published(f.qty.citation.article, articles))
    if pub is None:
        return False
    values = [f.qty.time] if f.qty.time else list(f.claim.times if f.claim else ())
    spans = [i for i in (timex_interval(v) for v in values) if i]
    earlier = pub[0] - timedelta(days=DEVELOPMENT_WINDOW_DAYS)
    return bool(spans) and all(i[1] < earlier for i in spans)


def _days(f: _Figure) -> frozenset[str]:
    """The days (YYYY-MM-DD) a figure's clause puts what it reports on, its own time
    included."""
    return day_values((f.qty.time, *(f.claim.times if f.claim else ())))


def _dated_apart(p: Sequence[_Figure], r: Sequence[_Figure]) -> bool:
    """Whether the clauses of two positions give days, and none of one position's days
    is near one of the other's: figures of two days (two events of one kind merged into
    a story, or a count on two days), whatever the undated clauses of each say."""
    dp = frozenset().union(*(_days(f) for f in p))
    dr = frozenset().union(*(_days(f) for f in r))
    return bool(dp and dr) and not same_day(dp, dr)


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
    ia, ib = timex_interval(ta), timex_interval(tb)
    if ia and ib:
        return ia[0] <= ib[1] and ib[0] <= ia[1]
    if ia or ib:
        # one figure is dated, the other is not: a later report of an ongoing count
        dated, other = (ia, b) if ia else (ib, a)
        assert dated is not None
        pub = timex_interval(_published(other.qty.citation.article, articles))
        later = timedelta(days=DEVELOPMENT_WINDOW_DAYS)
        return not (pub and dated[1] < pub[0] <= dated[1] + later)
    # neither is dated: each is as of its report (:data:`UNDATED_SAME_TIME_DAYS`)
    pa = timex_interval(_published(a.qty.citation.article, articles))
    pb = timex_interval(_published(b.qty.citation.article, articles))
    return not (pa and pb and abs((pa[0] - pb[0]).days) > UNDATED_SAME_TIME_DAYS)


def _published(article_id: str, articles: Mapping[str, Article]) -> str | None:
    art = articles.get(article_id)
    return art.published[:10] if art is not None and art.published else None


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
            if not disagree(p[0].qty, r[0].qty) or _dated_apart(p, r):
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
