"""Contradictory statements: a claim that only adds a negation, and opposite predicates of
one subject from a lexicon of general English oppositions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from corroborator.corpus.sources import source_key
from corroborator.lexicon.plans import PLANNED
from corroborator.model import Article, Claim, ClaimGroup, Conflict, Position
from corroborator.story.conflicts.common import (
    _CONTINUING,
    _NEGATION,
    NEGATION_MIN_COSINE,
    NEGATION_SCOPE_TERMS,
    POLARITY_MIN_TERMS,
    REVISION_CUES,
    _terms,
)
from corroborator.story.conflicts.numeric import (
    _outlets,
)
from corroborator.text.calendar import timex_interval
from corroborator.text.similarity import (
    cosine,
    idf,
    tfidf,
)

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
    return timex_interval(art.published[:10])


def _own_days(c: Claim) -> list[tuple[date, date]]:
    if _UNTIL.search(c.text):
        return []
    return [d for d in (timex_interval(t) for t in c.times) if d is not None]


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
