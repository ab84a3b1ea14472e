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
- ``other``: aligned claims of opposite polarity ("will remain open" vs "has been
  closed", "is among the missing" vs "was not among the missing").

Precision matters more than recall here: every rule needs two independent sources,
aligned or clearly matching content, and no sign that the difference is a development.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from corroborator.claims import outlet, source_key
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Position, Quantity, Quote, Span
from corroborator.names import acronym_matches, name_tokens
from corroborator.similarity import (
    close,
    cosine,
    idf,
    numbers_in,
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

#: Aligned claims with opposite predicates ("remain open" / "closed") must share this
#: much content (TF-IDF cosine) to count as contradicting. Calibrated on the issue-5
#: fixtures (real contradictions 0.43-0.46).
POLARITY_MIN_COSINE = 0.35

#: A claim that only adds a negation must otherwise say nearly the same as the other one
#: ("is among the missing" / "was not among the missing": 1.0), because negated
#: paraphrases are common ("still under investigation" / "has not been determined": 0.46).
NEGATION_MIN_COSINE = 0.7

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
    r"increased to|decreased to|dropped to|no longer)\b",
    re.IGNORECASE,
)

#: Person nouns that count the same kind of thing ("people" vs "residents" vs "evacuees").
PERSON_NOUNS = wordset(
    """
    people persons person residents resident individuals inhabitants civilians evacuees
    villagers citizens locals families passengers survivors
    """
)

_WORDS = re.compile(r"[a-z]+")
_NEGATION = re.compile(r"\b(not|no|never|none|neither|nor|cannot)\b|n't\b", re.IGNORECASE)

#: Pairs of opposite predicates, as word forms (compared as written, lowercased: stems
#: and transliteration keys collide, "shot" and "shut").
ANTONYMS: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (wordset(a), wordset(b))
    for a, b in (
        ("open opened opening reopened reopen reopens", "closed closing shut"),
        (
            "remain remained remains stay stayed stays",
            "withdraw withdrew withdrawn left departed",
        ),
        ("alive survived", "dead died killed"),
        ("increased rose risen rising", "decreased fell fallen dropped"),
        ("accepted approved", "rejected"),
        ("guilty", "innocent"),
        ("acquitted", "convicted"),
    )
)

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
    for q in (_as_range(q, articles) for q in quantities):
        claim = _claim_at(q.citation, by_article.get(q.citation.article, ()))
        text = (claim.content or claim.text) if claim else q.text
        contexts.append((q, claim, [t for t in terms(text) if not t.startswith("#")]))
    weights = idf([c[2] for c in contexts])
    figures = [
        _Figure(
            index=n,
            qty=q,
            claim=claim,
            group=group_of.get(claim.id) if claim else None,
            source=source_key(q.citation.article, articles),
            counted=_counted_terms(q, ctx),
            context=tfidf([t for t in ctx if t not in _counted_terms(q, ctx)], weights),
        )
        for n, (q, claim, ctx) in enumerate(contexts)
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


_BETWEEN = re.compile(r"\b(?:between|from)\s+(\d[\d,]*(?:\.\d+)?)\s+(?:and|to)\s+$", re.IGNORECASE)


def _as_range(q: Quantity, articles: Mapping[str, Article]) -> Quantity:
    """A figure read as a point although the text says "between 220 and 240": a range.

    Guards the range-vs-point rule when the figure reader returns only the upper end.
    """
    if q.qualifier != "exact":
        return q
    art = articles.get(q.citation.article)
    if art is None:
        return q
    m = _BETWEEN.search(art.text[max(0, q.citation.start - 40) : q.citation.start])
    if m is None:
        return q
    low = float(m.group(1).replace(",", ""))
    if low >= q.value:
        return q
    return replace(q, qualifier="range", low=low, high=q.value, value=(low + q.value) / 2)


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
        out = set(terms(q.counted))
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
    if not a.counted or not b.counted:
        if not (qa.unit and a.group is not None and a.group == b.group):
            return False
    elif not (a.counted & b.counted) and not _head_suffix(qa.counted, qb.counted):
        return False
    aligned = a.group is not None and a.group == b.group
    if not aligned:
        # unaligned clauses must share what happens, not just the counted noun, and must
        # not be about different named things ("Ford's 2,290 points" / "Hansbrough's 2,302")
        if lo < SMALL_FIGURE or cosine(a.context, b.context) < NUMERIC_CONTEXT_MIN:
            return False
        ea = set(a.claim.entities) if a.claim else set()
        eb = set(b.claim.entities) if b.claim else set()
        if ea and eb and not ea & eb:
            return False
    return _times_compatible(a, b, articles)


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


def _bounds(q: Quantity) -> tuple[float, float]:
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


def _same_position(a: Quantity, b: Quantity) -> bool:
    return (a.qualifier == b.qualifier and _bounds(a) == _bounds(b)) or (
        a.qualifier in ("exact", "about")
        and b.qualifier in ("exact", "about")
        and close(a.value, b.value)
    )


def _disagree(a: Quantity, b: Quantity) -> bool:
    (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
    if alo == ahi and blo == bhi:
        return not close(alo, blo)
    return ahi < blo or bhi < alo


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
    for i, p in enumerate(positions):
        for j in range(i + 1, len(positions)):
            r = positions[j]
            if not _disagree(p[0].qty, r[0].qty):
                continue
            pairs = [
                (x, y)
                for x in p
                for y in r
                if x.source != y.source
                and (min(x.index, y.index), max(x.index, y.index)) in edges
                and not _revised(x, y)
                and not _states_both(x, y)
            ]
            if not pairs:
                continue
            disputed |= {i, j}
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
    kept = [positions[i] for i in sorted(disputed)]
    named = Counter(f.qty.counted for pos in kept for f in pos if f.qty.counted)
    counted = named.most_common(1)[0][0] if named else None
    unit = next((f.qty.unit for pos in kept for f in pos if f.qty.unit), None)
    if counted:
        about = f"amount of {counted}" if unit else f"number of {counted}"
    else:
        about = f"figure in {unit}s" if unit else "figure"
    return Conflict(
        kind="numeric",
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
    bags = [terms(c.content or c.text) for c in claims]
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
        values = sorted(dated)
        if not any(
            _same_event(x, y, articles, vectors)
            for a in values
            for b in values
            if a < b
            for x in dated[a]
            for y in dated[b]
        ):
            continue
        out.append(
            Conflict(
                kind="date",
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
    return cosine(vectors[x.id], vectors[y.id]) >= DATE_MIN_COSINE


# --------------------------------------------------------------------------- attribution

_CONFIRM = re.compile(
    r"\b(?:has |have )?(confirmed|confirms|acknowledged|verified)\b", re.IGNORECASE
)
_DENY = re.compile(r"\b(denied|denies|rejected reports|dismissed reports)\b", re.IGNORECASE)
_TRUE = re.compile(
    r"\b(?:told|said)\b[^.]{0,160}?\b(?:was|were|is|are)\s+(?:true|accurate|correct)\b",
    re.IGNORECASE,
)
_SILENT = re.compile(
    r"\b(declined to (?:comment|confirm|provide|say|give|elaborate|discuss)|"
    r"did not (?:immediately )?(?:respond|reply|return|comment|confirm)|"
    r"(?:could|would) not (?:immediately )?(?:be reached|comment|confirm)|"
    r"refused to (?:comment|confirm|say)|has not (?:commented|responded|confirmed)|"
    r"ha(?:s|ve) not (?:yet )?(?:commented|responded|confirmed))\b",
    re.IGNORECASE,
)
_NO_STATEMENT = re.compile(
    r"\bno (?:\w+ ){0,2}(?:comment|response|statement|press release|announcement)s? from "
    r"((?:the )?[A-Z][\w.’'-]*(?: (?:of |and |or |the )?[A-Z][\w.’'-]*)*)"
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
    for m in _NO_STATEMENT.finditer(text):
        for actor in _split_actors(m.group(1)):
            found.append(_Stance(actor, "silent", "issued no statement", c, source))
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
        out.append(part)
    return out


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


@dataclass(frozen=True, slots=True)
class _Polarity:
    """What polarity checks need of a claim, computed once per claim."""

    vector: Mapping[str, float]
    negated: bool
    words: frozenset[str]
    revised: bool


def polarity_conflicts(
    groups: Sequence[ClaimGroup], claims: Sequence[Claim], articles: Mapping[str, Article]
) -> list[Conflict]:
    """Aligned claims from different sources where one negates or reverses the other."""
    by_id = {c.id: c for c in claims}
    stripped = [terms(_strip_negation(c.content or c.text)) for c in claims]
    weights = idf(stripped)
    info = {
        c.id: _Polarity(
            vector=tfidf(bag, weights),
            negated=_NEGATION.search(c.content or c.text) is not None,
            words=frozenset(_WORDS.findall((c.content or c.text).lower())),
            revised=REVISION_CUES.search(c.text) is not None,
        )
        for c, bag in zip(claims, stripped, strict=True)
    }
    out: list[Conflict] = []
    for g in groups:
        members = [by_id[cid] for cid in g.claims if cid in by_id]
        pair = next(
            (
                (a, b)
                for i, a in enumerate(members)
                for b in members[i + 1 :]
                if source_key(a.article, articles) != source_key(b.article, articles)
                and _opposed(info[a.id], info[b.id])
            ),
            None,
        )
        if pair is None:
            continue
        out.append(
            Conflict(
                kind="other",
                about=g.text,
                positions=tuple(
                    Position(
                        value=c.content or c.text,
                        citations=(c.span,),
                        sources=_outlets([c.article], articles),
                    )
                    for c in pair
                ),
                note="the outlets state opposite things",
            )
        )
    return out


def _strip_negation(text: str) -> str:
    return _NEGATION.sub(" ", text)


def _opposed(a: _Polarity, b: _Polarity) -> bool:
    if a.revised or b.revised:
        return False
    neg_flip = a.negated != b.negated
    sa, sb = a.words, b.words
    ant_flip = any(
        (sa & x and sb & y and not sa & y and not sb & x)
        or (sa & y and sb & x and not sa & x and not sb & y)
        for x, y in ANTONYMS
    )
    if neg_flip == ant_flip:
        return False
    if len(a.vector) < POLARITY_MIN_TERMS or len(b.vector) < POLARITY_MIN_TERMS:
        return False
    similarity = cosine(a.vector, b.vector)
    return similarity >= (NEGATION_MIN_COSINE if neg_flip else POLARITY_MIN_COSINE)


__all__ = [
    "actors_match",
    "attribution_conflicts",
    "date_conflicts",
    "find_conflicts",
    "numeric_conflicts",
    "polarity_conflicts",
]
