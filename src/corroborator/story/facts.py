"""Whether two aligned claims state the same fact, and why.

Alignment (:func:`corroborator.story.alignment.align`) groups claims that speak of the same
thing; a group is only *corroborated* by the claims that state the same fact as the one
shown. :func:`same_fact` checks, in order:

1. polarity: a negated claim ("has not apologised") never corroborates an assertion;
2. wording: the two clauses share enough content (TF-IDF cosine) that they are about
   the same thing at all;
3. dates: day- or month-precise dates written in both must overlap;
4. figures: when both state figures, one figure of each must count the same thing
   (same unit, same counted noun) and agree (:func:`~corroborator.story.quantities.disagree`);
   the same number of different things ("80 percent of the state" / "80 percent of
   emissions") does not corroborate;
5. predicate: the two clauses' governing words (:attr:`Claim.predicates`) must share a
   lemma or an everyday synonym (:data:`PREDICATE_CLASSES`), unless the two clauses
   are close paraphrases (:data:`PARAPHRASE_COSINE`), or they agree on a telling figure
   (one that counts the same thing and is specific: "2 million euros", "200 people", a
   span of "12 years") and share a participant or some wording
   (:data:`TELLING_FIGURE_COSINE`): "was serving a 12-year term" / "was jailed for 12
   years" tell one fact in other verbs.

It returns a :class:`Basis`, or None. Everything else in a group is related, not
corroborating.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corroborator.lexicon.stopwords import wordset
from corroborator.model import Claim, Quantity
from corroborator.story.quantities import disagree, rounding_of
from corroborator.text.similarity import relative_gap, terms

# --------------------------------------------------------------------------- constants

#: Below this TF-IDF cosine two clauses share too little to be one fact, whatever their
#: figures or dates. On the judged ECB+ dev sample (benchmarks/verdicts_eval.py) 6 of the
#: 7 corroborated pairs under 0.1 were wrong (different plays of one game, the same
#: number of different things).
MIN_FACT_COSINE = 0.1

#: Clauses whose governing words differ state one fact only when they are this close
#: (TF-IDF cosine): a paraphrase ("the fire was set at the entrance" / "the blaze was lit
#: near the door"). Calibrated on the judged ECB+ dev sample: of the pairs without a
#: shared predicate, those at 0.55 or more were all right; between 0.3 and 0.55 they
#: mixed different acts of one story (an arrest / the naming of a victim, a test taken /
#: its results withheld) with paraphrases.
PARAPHRASE_COSINE = 0.55

#: When a claim has no governing word of its own ("the toll is 12", "he has 20 points"),
#: only its wording can tell whether it states the other claim's fact: it must share at
#: least this much (TF-IDF cosine) or an agreeing figure. On the judged ECB+ dev sample
#: the right pairs matched this way without a figure were all at 0.28 or more; a wrong
#: one (two lists of different teams' offers) at 0.22.
WORDING_ONLY_COSINE = 0.25

#: A claim's predicate that is only a subordinate verb of the other claim ("released a
#: patch to fix the flaw" / "the patch fixes the flaw") states the same fact when the two
#: also share a participant or a figure, or at least this much wording (TF-IDF cosine).
#: On the judged ECB+ dev sample the pairs recovered this way were read right; below
#: 0.25 without a shared participant they were different acts of one story.
INNER_PREDICATE_COSINE = 0.25

#: Length of a day-precise date ("2026-05-04"): the same act told on the same day is
#: one fact even when the clauses share few words.
DAY = 10

#: Clauses whose governing words differ state one fact when they agree on a telling
#: figure (:func:`_telling_figure`) and share a participant or at least this much wording
#: (TF-IDF cosine). On ECB+ dev the right pairs recovered this way (a sentence stated as
#: a term served, a haul valued in both, a crowd counted in both) were at 0.17 to 0.34;
#: a sample of the new corroborations it makes was read (benchmarks/verdicts_eval.py).
TELLING_FIGURE_COSINE = 0.15

#: A figure agreeing in two clauses tells that they state one fact only when it is this
#: large or not a whole number: small counts ("two buildings", "one charge") recur in
#: many facts of one story.
TELLING_FIGURE_MIN = 10

#: Figures read from the text alone (no parsed quantity, so no "about" or range known)
#: agree within this relative gap: "about 12,000" / "12,400" (3%), not "40" / "35".
BARE_FIGURE_GAP = 0.05

#: Everyday synonyms of news predicates, by lemma: the same act in other words. Written
#: by hand from general English, not from the judged pairs' wording.
PREDICATE_CLASSES: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in """
    die kill slay murder perish
    hit strike jolt shake rock
    injure wound hurt
    appoint name hire choose select pick tap replace
    fire dismiss oust sack
    defend retain keep
    seize confiscate apprehend arrest detain capture nab
    leave depart withdraw exit quit
    attack assault raid storm ambush
    offer bid
    damage destroy burn gut raze tear rip
    escape flee
    win beat defeat
    steal rob grab snatch loot
    sentence jail imprison
    charge indict accuse
    find discover locate
    enter admit check
    rescue save
    announce unveil
    begin start launch
    end finish conclude stop halt
    ram smash crash plough plow
    evacuate airlift transport ferry move
    open reopen
    close shut
    rise increase climb grow
    fall drop decline decrease
    release free
    """.strip().splitlines()
)

_CLASS_OF: dict[str, int] = {w: k for k, words in enumerate(PREDICATE_CLASSES) for w in words}

#: Verbs that carry no predicate of their own: the copula, auxiliaries, light verbs.
LIGHT_PREDICATES = frozenset(
    ["be", "become", "remain", "have", "do", "get", "make", "take", "go", "come", "say",
     "tell", "add", "note", "according", "include"]
)

#: A governing word ending in "-ing" longer than this is the noun of an act ("the
#: killing", "a shooting"): its verb is the word without the ending. Shorter ones are
#: verbs of their own (bring, sing, string).
NOUN_OF_ACT_MIN = 6

#: Currency units of :mod:`corroborator.story.quantities`.
CURRENCIES = frozenset({"USD", "EUR", "GBP"})

#: What :func:`_shared_figure` returns for claims whose figures count different things.
UNCOMPARED = "?"

_DAY = re.compile(r"^(\d{4}-\d{2})(-\d{2})?")


@dataclass(frozen=True, slots=True)
class Basis:
    """What two claims share: the reason they state one fact."""

    predicate: str  # "same predicate: die" or "paraphrase (cosine 0.62)"
    participants: tuple[str, ...] = ()
    figure: str = ""
    date: str = ""
    negated: bool = False
    #: Whether the match is strong on its own: the same governing word (or synonym) and
    #: a shared participant (resolved entity), or a close paraphrase.
    strong: bool = False

    @property
    def by_predicate(self) -> bool:
        """Whether the two claims share a governing word (or a synonym), not only
        wording or a figure."""
        return self.predicate.startswith("same predicate")

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        parts = [self.predicate]
        if self.participants:
            shown = [names.get(p, p) if names else p for p in self.participants]
            parts.append("same participants: " + ", ".join(shown))
        if self.figure:
            parts.append("same figure: " + self.figure)
        if self.date:
            parts.append("same date: " + self.date)
        parts.append("both negated" if self.negated else "same polarity")
        return "; ".join(parts)


def predicate_keys(lemmas: Iterable[str]) -> frozenset[str]:
    """Comparable keys of a claim's governing words: a synonym class, else the stem."""
    out: set[str] = set()
    for lemma in lemmas:
        low = lemma.lower()
        if low in LIGHT_PREDICATES:
            continue
        if len(low) > NOUN_OF_ACT_MIN and low.endswith("ing"):
            low = low[:-3]  # the noun of an act is its verb: killing, shooting, meeting
        k = _CLASS_OF.get(low)
        if k is not None:
            out.add(f"={k}")
            continue
        out.update(terms(low))
    return frozenset(out)


def same_fact(
    a: Claim,
    b: Claim,
    figures_a: Sequence[Quantity],
    figures_b: Sequence[Quantity],
    similarity: float,
) -> Basis | None:
    """Why ``a`` and ``b`` state the same fact, or None when they may not."""
    shared = _agreeing(a, b, figures_a, figures_b, similarity)
    if shared is None:
        return None
    figure, date = shared
    uncompared = figure == UNCOMPARED
    if uncompared:
        figure = ""
    participants = tuple(e for e in a.entities if e in b.entities)
    strong = False
    keys_a, keys_b = predicate_keys(a.predicates), predicate_keys(b.predicates)
    common = keys_a & keys_b
    if common:
        words = sorted(
            {
                lemma
                for lemma in (*a.predicates, *b.predicates)
                if predicate_keys([lemma]) & common
            }
        )
        predicate = "same predicate: " + " / ".join(words)
        strong = bool(participants)
    elif similarity >= PARAPHRASE_COSINE or (
        not (keys_a and keys_b)
        and not uncompared
        and (similarity >= WORDING_ONLY_COSINE or figure)
    ):
        predicate = f"same wording (cosine {similarity:.2f})"
    elif (inner := _inner_predicate(a, b, keys_a, keys_b)) and (
        participants or figure or len(date) >= DAY or similarity >= INNER_PREDICATE_COSINE
    ):
        predicate = "same predicate (in a subordinate clause): " + inner
    elif (telling := _telling_figure(a, b, figures_a, figures_b, shared[0])) and (
        participants or similarity >= TELLING_FIGURE_COSINE
    ):
        predicate = "other words, same figure: " + telling
        figure = figure or telling
    else:
        return None
    return Basis(predicate, participants, figure, date, a.negated,
                 strong or similarity >= PARAPHRASE_COSINE)


def _telling_figure(
    a: Claim, b: Claim, fa: Sequence[Quantity], fb: Sequence[Quantity], figure: str
) -> str:
    """A specific figure both claims state of the same thing (see
    :data:`TELLING_FIGURE_MIN`), or a span of time both state ("15 years": ``P15Y``),
    described; "" when there is none."""
    if figure == UNCOMPARED:
        return ""  # their figures count different things: nothing tells they agree
    if figure:
        for x in fa:
            for y in fb:
                if (
                    not (_age(x.value, a.text) or _age(y.value, b.text))
                    and (x.unit or "") == (y.unit or "")
                    and (x.unit or x.counted or y.counted)
                    and _same_counted(x.counted, y.counted)
                    and _specific(x.value)
                    and (not disagree(x, y) or rounding_of(x, y))
                ):
                    return _describe(x)
        v = float(figure) if not (fa or fb) else 0.0
        if _specific(v) and not (_age(v, a.text) or _age(v, b.text)):
            return figure  # a bare number both clauses write (see _shared_figure)
    spans = {t for t in a.times if _SPAN.match(t)} & {t for t in b.times if _SPAN.match(t)}
    for t in sorted(spans):
        m = _SPAN.match(t)
        if m and int(m.group(1)) >= 2:
            return f"{m.group(1)} {_SPAN_UNITS[m.group(2)]}"
    return ""


@lru_cache(maxsize=4096)
def _age(v: float, text: str) -> bool:
    """Whether ``text`` gives ``v`` as someone's age ("a 66-year-old woman", "aged 66",
    "Ortiz, 35,"): an age tells who, not what happened, and recurs in every fact about
    that person."""
    n = re.escape(f"{v:g}")
    return bool(re.search(rf"\b{n}[- ]years?[- ]old\b|\baged {n}\b|, {n},", text))


def _specific(v: float) -> bool:
    return v >= TELLING_FIGURE_MIN or v != int(v)


_SPAN = re.compile(r"^P(\d+)([YMWD])$")
_SPAN_UNITS = {"Y": "years", "M": "months", "W": "weeks", "D": "days"}


def _inner_predicate(
    a: Claim, b: Claim, keys_a: frozenset[str], keys_b: frozenset[str]
) -> str:
    """The lemma(s) by which one claim's predicate is a verb of the other's clause
    ("released a patch to fix the flaw" / "the patch fixes the flaw"), or ""."""
    shared = (keys_a & predicate_keys(b.verbs)) | (keys_b & predicate_keys(a.verbs))
    if not shared:
        return ""
    words = {
        lemma
        for lemma in (*a.predicates, *b.predicates, *a.verbs, *b.verbs)
        if predicate_keys([lemma]) & shared
    }
    return " / ".join(sorted(words))


def same_act(a: Claim, b: Claim) -> bool:
    """Whether two claims may tell of one act: a governing word or a verb of one is a
    governing word or a verb of the other (or a synonym). Weaker than
    :func:`same_fact`; it keeps a chain of same-fact links from joining different acts
    of one story."""
    ka = predicate_keys((*a.predicates, *a.verbs))
    kb = predicate_keys((*b.predicates, *b.verbs))
    return bool(ka & kb)


def compatible(
    a: Claim,
    b: Claim,
    figures_a: Sequence[Quantity],
    figures_b: Sequence[Quantity],
    similarity: float,
) -> bool:
    """Whether two claims could state one fact: nothing sets them apart (polarity, dates,
    figures, or next to no shared wording), even if nothing shows they do."""
    return _agreeing(a, b, figures_a, figures_b, similarity) is not None


def compatible_in_other_words(
    a: Claim,
    b: Claim,
    figures_a: Sequence[Quantity],
    figures_b: Sequence[Quantity],
) -> bool:
    """Whether two claims that share next to no wording could still state one fact:
    nothing sets them apart (polarity, speakers, dates, figures), and their governing
    words name the same acts and no other (a claim of two acts, "arrested and charged",
    would chain a charge to an arrest), or one has no governing word of its own ("Reid is
    in"), or they agree on a telling figure ("a 12-year sentence" / "jailed for 12
    years")."""
    shared = _agreeing(a, b, figures_a, figures_b, MIN_FACT_COSINE)
    if shared is None:
        return False
    keys_a, keys_b = predicate_keys(a.predicates), predicate_keys(b.predicates)
    if keys_a == keys_b or not (keys_a and keys_b):
        return True
    return bool(_telling_figure(a, b, figures_a, figures_b, shared[0]))


def _agreeing(
    a: Claim, b: Claim, fa: Sequence[Quantity], fb: Sequence[Quantity], similarity: float
) -> tuple[str, str] | None:
    """The figure and date two claims share ("" for none), or None when their polarity,
    dates or figures differ or they share next to no wording."""
    if a.negated != b.negated:
        return None  # a denial never corroborates an assertion
    if _other_speakers(a, b):
        return None  # one wording from two speakers is two statements
    if (a.own_words or b.own_words) and not (
        a.quoted and b.quoted and similarity >= PARAPHRASE_COSINE
    ):
        return None  # a speaker's own words ("we were down") are corroborated by the same words
    if similarity < MIN_FACT_COSINE:
        return None
    date = _shared_date(a.times, b.times)
    if date is None:
        return None
    figure = _shared_figure(a, b, fa, fb)
    if figure is None:
        return None
    return figure, date


_NAME = re.compile(r"\b[A-Z][\w’'-]+")


def _speakers(c: Claim) -> set[str]:
    """The capitalised words of a claim's attribution frame ("..., Mayor Varro said"):
    the words of its text outside what it states."""
    if not c.content or c.content == c.text:
        return set()
    frame = c.text
    for word in c.content.split():
        frame = frame.replace(word, " ", 1)
    return {m.group(0).lower() for m in _NAME.finditer(frame)} - _NOT_SPEAKERS


#: Capitalised frame words that name no speaker: articles, days, months.
_NOT_SPEAKERS = wordset(
    "the a an on in at monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december"
)


_QUOTE_MARK = re.compile("[\"“”‘’]")


def _other_speakers(a: Claim, b: Claim) -> bool:
    """Whether both claims quote someone, name who, and share no name. (Frames of
    reported statements name sources too loosely to compare: "police said" / "according
    to the Herald".)"""
    if not (_QUOTE_MARK.search(a.text) and _QUOTE_MARK.search(b.text)):
        return False
    sa, sb = _speakers(a), _speakers(b)
    return bool(sa) and bool(sb) and not sa & sb


def _shared_date(ta: Sequence[str], tb: Sequence[str]) -> str | None:
    """"" when either claim has no month- or day-precise date, the shared date when
    they overlap, None when both are dated and no date agrees."""
    da = {m.group(0) for t in ta if (m := _DAY.match(t))}
    db = {m.group(0) for t in tb if (m := _DAY.match(t))}
    if not da or not db:
        return ""
    for x in sorted(da):
        for y in sorted(db):
            if x.startswith(y) or y.startswith(x):
                return max(x, y, key=len)
    return None


def _shared_figure(
    a: Claim, b: Claim, fa: Sequence[Quantity], fb: Sequence[Quantity]
) -> str | None:
    """"" when a claim states no figure; a figure both state, or None when both state
    figures and none of one agrees with one of the other in value and unit ("10 per
    cent" and "10 cm" do not). Figures agree only when they count the same thing (their
    counted nouns share a word or a class of :data:`COUNTED_CLASSES`: "11 shots" / "11
    rounds"); figures whose counted nouns differ ("four people" / "four sentences") are
    not compared, so they neither support nor contradict the claims."""
    if fa and fb:
        same_unit = [(x, y) for x in fa for y in fb if (x.unit or "") == (y.unit or "")]
        if not same_unit:
            converted = any(
                x.unit in CURRENCIES and y.unit in CURRENCIES for x in fa for y in fb
            )
            # a sum in two currencies ("$3.3 million (3 million euros)") is a conversion:
            # it neither supports nor contradicts
            return UNCOMPARED if converted else None
        acts = predicate_keys((*a.predicates, *b.predicates))
        comparable = [
            (x, y)
            for x, y in same_unit
            if _same_counted(x.counted, y.counted)
            or _counts_the_act(x.counted, acts)
            or _counts_the_act(y.counted, acts)
        ]
        for x, y in comparable:
            if not disagree(x, y) or rounding_of(x, y):
                return _describe(x)
        # figures of different things ("four people" / "four sentences") neither
        # support nor contradict the claims, but leave only the predicate to tell
        return None if comparable else UNCOMPARED
    na = [v for v in a.numbers if not _year(v)]
    nb = [v for v in b.numbers if not _year(v)]
    if na and nb:
        for v in na:
            if any(relative_gap(v, w) <= BARE_FIGURE_GAP for w in nb):
                return f"{v:g}"
        return None
    return ""


#: Counted nouns that name one kind of thing in news figures ("11 shots" / "11 rounds").
#: Written by hand from general English.
COUNTED_CLASSES: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in """
    shot round bullet gunshot
    people person resident individual civilian inhabitant villager citizen
    death fatality dead victim body
    injury injured wounded casualty
    house home building dwelling
    car vehicle
    year yr
    """.strip().splitlines()
)

_COUNTED_CLASS: dict[str, int] = {w: k for k, ws in enumerate(COUNTED_CLASSES) for w in ws}


#: Words that stand for a counted noun named elsewhere ("200 others", "100 more"): they
#: name no thing of their own, so the figure's counted noun is unknown.
STAND_IN_NOUNS = wordset("other others more those many some each")


def _counted_keys(noun: str) -> set[str]:
    out: set[str] = set()
    for word in re.findall(r"[a-z]+", noun.lower()):
        base = word[:-1] if word.endswith("s") and len(word) > 3 else word
        k = _COUNTED_CLASS.get(word, _COUNTED_CLASS.get(base))
        out.add(f"={k}" if k is not None else base[:5])
    return out


def _same_counted(x: str | None, y: str | None) -> bool:
    """Whether two figures' counted nouns may name one thing: either is unknown, or they
    share a word or a class ("three life sentences" / "three counties" do not)."""
    if not x or not y or _stand_in(x) or _stand_in(y):
        return True
    return bool(_counted_keys(x) & _counted_keys(y))


def _counts_the_act(noun: str | None, acts: frozenset[str]) -> bool:
    """Whether a figure counts the act a claim tells ("30 arrests" where people "were
    arrested", "40 raids" where troops "raided" homes): it counts the same events
    as a figure of those the act befell ("one man was arrested")."""
    words = re.findall(r"[a-z]+", (noun or "").lower())
    if not words or not acts:
        return False
    last = words[-1]
    return bool(predicate_keys([last, last[:-1] if last.endswith("s") else last]) & acts)


def _stand_in(noun: str) -> bool:
    return set(re.findall(r"[a-z]+", noun.lower())) <= STAND_IN_NOUNS


def _year(v: float) -> bool:
    return v == int(v) and 1900 <= v <= 2100


def _describe(q: Quantity) -> str:
    number = f"{q.value:,.0f}" if q.value == int(q.value) else f"{q.value:,g}"
    what = " ".join(w for w in (q.unit, q.counted) if w)
    return f"{number} {what}".strip()


__all__ = [
    "PREDICATE_CLASSES",
    "Basis",
    "compatible",
    "compatible_in_other_words",
    "predicate_keys",
    "same_act",
    "same_fact",
]
