"""Claims of one story aligned across outlets: groups of claims that speak of the same thing,
each with its status (corroborated, single-source, disputed), the independent sources
that state the same fact as the claim shown, and the basis for it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from corroborator.corpus.sources import outlet, source_key, source_name
from corroborator.model import (
    Article,
    Claim,
    ClaimGroup,
    Conflict,
    Entity,
    Quantity,
    Span,
)
from corroborator.story.claims import (
    ALIGN_THRESHOLD,
    CANDIDATE_MAX_DF,
    CANDIDATE_MAX_POSTING,
    CLIQUE_LINKS,
    ENTITY_REPEAT,
    MERGE_AVERAGE_MIN,
    W_LEXICAL,
    W_NUMBER,
    W_TIME,
)
from corroborator.story.facts import (
    Basis,
    compatible,
    compatible_in_other_words,
    same_act,
    same_fact,
)
from corroborator.story.quantities import as_range, disagree
from corroborator.text.numbers import numbers_in
from corroborator.text.similarity import (
    close,
    cosine,
    figure_affinity,
    idf,
    terms,
    tfidf,
)

_MONTH_OR_DAY = re.compile(r"^\d{4}-\d{2}")


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What alignment compares: content terms, entity ids, figures and dates."""

    terms: tuple[str, ...]
    entities: frozenset[str]
    numbers: tuple[float, ...]
    times: frozenset[str]


def features(claim: Claim) -> ClaimFeatures:
    """The comparable parts of a claim (figures also read from its text).

    Only month- or day-precise dates count: a shared year ("the 2003 invasion") says
    little about whether two clauses state the same thing.
    """
    numbers = list(claim.numbers)
    for v in numbers_in(claim.content or claim.text):
        if not (1900 <= v <= 2100 and v == int(v)) and not any(close(v, n) for n in numbers):
            numbers.append(v)
    return ClaimFeatures(
        terms=tuple(t for t in terms(claim.content or claim.text) if not t.startswith("#")),
        entities=frozenset(claim.entities),
        numbers=tuple(numbers),
        times=frozenset(t[:10] for t in claim.times if _MONTH_OR_DAY.match(t)),
    )


def pair_score(
    a: ClaimFeatures, b: ClaimFeatures, va: Mapping[str, float], vb: Mapping[str, float]
) -> float:
    """How likely two claims state the same thing, in [0, 1]."""
    score = W_LEXICAL * cosine(va, vb)
    if a.numbers and b.numbers:
        score += W_NUMBER * figure_affinity(a.numbers, b.numbers)
    if a.times & b.times:
        score += W_TIME
    return score


def align(
    claims: Sequence[Claim],
    articles: Mapping[str, Article],
    quantities: Sequence[Quantity] = (),
    entities: Sequence[Entity] = (),
) -> tuple[ClaimGroup, ...]:
    """Group claims of one story that speak of the same thing, with status and sources.

    ``quantities`` (the story's figures) decide, with each claim's predicate, polarity
    and dates, which claims of a group state the same fact (:func:`~corroborator.story.facts.
    same_fact`): only their sources corroborate it. ``entities`` name the participants
    in each group's ``basis``.
    """
    scores: dict[tuple[int, int], float] = {}
    vecs: list[dict[str, float]] = []
    if len({c.article for c in claims}) > 1:  # only claims of two articles are aligned
        feats = [features(c) for c in claims]
        bags = [f.terms + tuple("@" + e for e in sorted(f.entities)) * ENTITY_REPEAT
                for f in feats]
        weights = idf(bags)
        vecs = [tfidf(bag, weights) for bag in bags]
        scores = _candidate_scores(claims, feats, vecs)
    members = _cluster(claims, scores)
    figures = _figures_of(claims, quantities, articles)
    names = {e.id: e.name for e in entities}
    groups = [_make_group(m, claims, scores, vecs, articles, figures, names) for m in members]
    return tuple(groups)


def _figures_of(
    claims: Sequence[Claim], quantities: Sequence[Quantity], articles: Mapping[str, Article]
) -> list[tuple[Quantity, ...]]:
    """Each claim's figures: the story's quantities it states (see :func:`_numbers_in`),
    a point read from "between 220 and 240" taken as the range."""
    by_article: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        by_article[q.citation.article].append(q)
    out: list[tuple[Quantity, ...]] = []
    for c in claims:
        text = articles[c.article].text if c.article in articles else ""
        out.append(
            tuple(
                as_range(q, text)
                for q in by_article.get(c.article, ())
                if c.span.start < q.citation.end
                and q.citation.start < c.span.end
                and any(close(q.value, v) for v in c.numbers)
            )
        )
    return out


def _candidate_scores(
    claims: Sequence[Claim], feats: Sequence[ClaimFeatures], vecs: Sequence[Mapping[str, float]]
) -> dict[tuple[int, int], float]:
    """Scores of the pairs (i < j, different articles) that share a term or an entity."""
    index: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for key in set(f.terms) | {"@" + e for e in f.entities}:
            index[key].append(i)
    cap = max(2, min(CANDIDATE_MAX_POSTING, int(CANDIDATE_MAX_DF * len(claims))))
    pairs: set[tuple[int, int]] = set()
    for posting in index.values():
        if len(posting) > cap:
            continue
        for x, i in enumerate(posting):
            for j in posting[x + 1 :]:
                if claims[i].article != claims[j].article:
                    pairs.add((i, j))
    return {(i, j): pair_score(feats[i], feats[j], vecs[i], vecs[j]) for i, j in pairs}


def _cluster(claims: Sequence[Claim], scores: Mapping[tuple[int, int], float]) -> list[list[int]]:
    """Greedy single-link merging with an average-link guard; one claim per article."""
    group_of = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    articles: dict[int, set[str]] = {i: {c.article} for i, c in enumerate(claims)}
    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), s in scores.items():
        neighbours[i][j] = s
        neighbours[j][i] = s
    for (i, j), s in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if s < ALIGN_THRESHOLD:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj or articles[gi] & articles[gj]:
            continue
        a, b = members[gi], members[gj]
        small, other = (a, gj) if len(a) <= len(b) else (b, gi)
        total = sum(w for x in small for y, w in neighbours[x].items() if group_of[y] == other)
        if total / (len(a) * len(b)) < MERGE_AVERAGE_MIN:
            continue
        for k in b:
            group_of[k] = gi
        a.extend(b)
        articles[gi] |= articles.pop(gj)
        del members[gj]
    return [sorted(m) for m in sorted(members.values(), key=min)]


def _make_group(
    member: Sequence[int],
    claims: Sequence[Claim],
    scores: Mapping[tuple[int, int], float],
    vecs: Sequence[Mapping[str, float]],
    articles: Mapping[str, Article],
    figures: Sequence[tuple[Quantity, ...]],
    names: Mapping[str, str],
) -> ClaimGroup:
    # the claim shown is the one the most independent sources state as the same fact,
    # then the one most claims state directly, then the most central; only those
    # sources corroborate it
    bases: dict[tuple[int, int], Basis | None] = {}
    fits: dict[tuple[int, int], bool] = {}
    loose: dict[tuple[int, int], bool] = {}
    for x in member:
        for y in member:
            if x < y and source_key(claims[x].article, articles) != source_key(
                claims[y].article, articles
            ):
                sim = cosine(vecs[x], vecs[y])
                bases[x, y] = same_fact(claims[x], claims[y], figures[x], figures[y], sim)
                fits[x, y] = compatible(claims[x], claims[y], figures[x], figures[y], sim)
                loose[x, y] = compatible_in_other_words(
                    claims[x], claims[y], figures[x], figures[y]
                )

    def basis(i: int, j: int) -> Basis | None:
        return bases.get((min(i, j), max(i, j)))

    def fit(i: int, j: int) -> bool:
        return fits.get((min(i, j), max(i, j)), True)  # True: one source

    def akin(i: int, j: int) -> bool:
        return same_act(claims[i], claims[j])

    def clique(i: int) -> list[int]:
        # the claims that state one fact with two claims already in (or with the one
        # there is), or with one of them and tell of the same act as all of them
        # (:func:`~corroborator.story.facts.same_act`), and contradict none of those in
        # (polarity, dates, figures, next to no shared wording): a claim that agrees
        # with two others that contradict each other does not join them both, and a
        # chain through one loosely worded claim does not join an arrest to the naming
        # of the victim
        out = [i]
        grown = True
        while grown:
            grown = False
            for j in sorted(
                (j for j in member if j not in out),
                key=lambda j: (-max(scores.get((min(j, k), max(j, k)), 0.0) for k in out), j),
            ):
                found = [b for k in out if (b := basis(j, k)) is not None]
                links = sum(2 if b.strong else 1 for b in found)
                if (
                    links
                    and (
                        all(fit(j, k) for k in out)
                        # a claim stating the fact strongly with one already in, or
                        # in the same governing word as two of them, may word it apart
                        # from another, if it could still state that one's fact
                        # (:func:`~corroborator.story.facts.compatible_in_other_words`)
                        or (
                            (
                                any(b.strong for b in found)
                                or sum(b.by_predicate for b in found) >= CLIQUE_LINKS
                            )
                            and all(
                                fit(j, k) or loose.get((min(j, k), max(j, k)), True)
                                for k in out
                            )
                        )
                    )
                    and (links >= min(CLIQUE_LINKS, len(out)) or all(akin(j, k) for k in out))
                ):
                    out.append(j)
                    grown = True
        return out

    cliques = {i: clique(i) for i in member}
    agreeing = {
        i: {source_key(claims[j].article, articles) for j in cliques[i]} for i in member
    }
    best = max(
        member,
        key=lambda i: (
            len(agreeing[i]),
            sum(basis(i, j) is not None for j in member),
            sum(scores.get((min(i, j), max(i, j)), 0.0) for j in member if j != i),
            -i,
        ),
    )
    cs = [claims[i] for i in member]
    independent = agreeing[best]
    sources: list[str] = []
    for c in cs:
        name = outlet(c.article, articles)
        if name not in sources:
            sources.append(name)
    corroborating: list[str] = []
    why = ""
    if len(independent) >= 2:
        for i in member:
            if i not in cliques[best]:
                continue
            c = claims[i]
            name = source_name(c.article, articles)
            if name not in corroborating:
                corroborating.append(name)
        found = [b for j in cliques[best] if (b := basis(best, j)) is not None]
        why = _describe_bases(found, names)
    return ClaimGroup(
        id=f"g:{cs[0].id}",
        text=claims[best].text,
        status="corroborated" if len(independent) >= 2 else "single_source",
        sources=tuple(sources),
        citations=tuple(c.span for c in cs),
        claims=tuple(c.id for c in cs),
        corroborated_by=tuple(corroborating),
        agreeing=tuple(claims[i].id for i in sorted(cliques[best])) if corroborating else (),
        basis=why,
    )


def _describe_bases(found: Sequence[Basis], names: Mapping[str, str]) -> str:
    """One line for a group: the predicate match, then what else every pair shares."""
    first = found[0]
    shared = [p for p in first.participants if all(p in b.participants for b in found)]
    figure = first.figure if all(b.figure == first.figure for b in found) else ""
    date = first.date if all(b.date == first.date for b in found) else ""
    return Basis(first.predicate, tuple(shared), figure, date, first.negated).describe(names)


def figures_agree(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool:
    """Whether two aligned claims' figures can corroborate each other: one states none,
    or two of them can both be right (:func:`~corroborator.story.quantities.disagree`). "A
    crack of roughly 40 metres" and, a day later, "35 metres" do not: a revised figure
    is a development, not corroboration."""
    if not a or not b:
        return True
    return any(not disagree(x, y) for x in a for y in b)


def mark_disputed(
    groups: Sequence[ClaimGroup], conflicts: Sequence[Conflict]
) -> tuple[ClaimGroup, ...]:
    """Groups that a conflict cites become ``disputed``.

    A numeric, date or other conflict disputes every group holding one of its sides. An
    attribution conflict ("X confirmed" vs "X declined to comment") disputes only a group
    holding two of its sides: the withdrawal itself is not disputed because one report
    of it adds "the Pentagon confirmed".
    """
    out: list[ClaimGroup] = []
    for g in groups:
        disputed = False
        for conflict in conflicts:
            sides = sum(
                1
                for pos in conflict.positions
                if any(_overlap(s, c) for s in g.citations for c in pos.citations)
            )
            if sides >= (2 if conflict.kind == "attribution" else 1):
                disputed = True
                break
        out.append(replace(g, status="disputed") if disputed else g)
    return tuple(out)


def _overlap(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


__all__ = [
    "ClaimFeatures",
    "align",
    "features",
    "figures_agree",
    "mark_disputed",
    "pair_score",
]
