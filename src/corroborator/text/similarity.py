"""Text, number and set similarity helpers for claim alignment and conflict finding.

Everything here is a pure function of strings and numbers, so the later stages can
compare claims without the parse:

- :func:`terms` turns a clause into content terms: lowercased words without stop words,
  folded to a transliteration key ("Qasr"/"Kasr", "Nahir"/"Nahhir" → one term) and cut
  to their first :data:`STEM_LENGTH` letters ("evacuated"/"evacuees" → one term).
- :func:`tfidf` and :func:`cosine` weigh and compare term bags within one story.
- figures in a clause are read by :func:`corroborator.text.numbers.numbers_in`.
- :func:`granularity`, :func:`relative_gap` and :func:`within_rounding` tell a real
  numeric disagreement from two roundings of one figure.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from corroborator.lexicon.nouns import PEOPLE_TERMS
from corroborator.lexicon.stopwords import CLAIM_STOPWORDS, wordset
from corroborator.text.names import translit

#: Words are cut to this many letters. Truncation at 5 is a standard light stemmer for
#: English retrieval; on the demo corpus it joins evacuated/evacuation/evacuees and
#: withdrew/withdrawal while keeping command/comment apart.
STEM_LENGTH = 5

#: Words that say nothing about what a claim states (:mod:`corroborator.lexicon.stopwords`).
STOPWORDS = CLAIM_STOPWORDS

PERSON_TERM = "peopl"

#: Everyday news synonyms folded to one term before stemming: the small lexicon a
#: lemmatiser with word senses would give. Listed by hand for event verbs and nouns
#: that outlets vary between (left/departed/withdrew, blaze/fire, fought/battled).
SYNONYMS = {
    w: canon
    for canon, words in (
        (
            "withdraw",
            "withdraw withdrew withdrawn withdrawal withdrawing leave leaves left "
            "leaving depart departed departure departing exit exited",
        ),
        ("fire", "fire fires blaze blazes flames"),
        ("fight", "fight fought fighting battle battled battling"),
        ("injure", "injured injuries injury wounded hurt"),
        ("kill", "killed kills died dead death deaths"),
        ("arrest", "arrested arrests detained detention"),
    )
    for w in words.split()
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d[\d,.]*\d|\d")


def _plain(text: str) -> str:
    if text.isascii():  # nothing to decompose (the common case)
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def _term(word: str) -> str | None:
    """The term of one word as :data:`_WORD` finds it, or None for a stop word."""
    word = word.replace("’", "'")
    if word[0].isdigit():
        return "#" + word.replace(",", "")
    low = word.lower()
    if low.endswith("'s"):
        low = low[:-2]
    low = low.strip("'")
    if len(low) < 3 or low in STOPWORDS:
        return None
    if low in PEOPLE_TERMS:
        return PERSON_TERM
    low = SYNONYMS.get(low, low)
    return translit(low)[:STEM_LENGTH]


def terms(text: str) -> tuple[str, ...]:
    """Content terms of a clause, in order (repeats kept for term frequency)."""
    term = _term
    return tuple(t for t in map(term, _WORD.findall(_plain(text))) if t is not None)


def idf(docs: Sequence[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over ``docs``."""
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(doc))
    n = len(docs)
    return {t: math.log((1 + n) / (1 + c)) + 1.0 for t, c in df.items()}


def tfidf(doc: Iterable[str], weights: Mapping[str, float]) -> dict[str, float]:
    """An L2-normalised TF-IDF vector (sublinear term frequency)."""
    counts = Counter(doc)
    vec = {t: (1.0 + math.log(c)) * weights.get(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 when both are empty."""
    sa, sb = set(a), set(b)
    union = sa | sb
    return len(sa & sb) / len(union) if union else 0.0


#: Two figures further apart than this relative gap get no "near figure" credit.
NEAR_FIGURE_MAX_GAP = 0.3


def figure_affinity(a: Iterable[float], b: Iterable[float]) -> float:
    """How strongly two clauses' figures suggest one fact, in [0, 1].

    Equal figures give 1, near ones less (12,400 vs 12,000 → 0.89; vs 14,200 → 0.58),
    figures more than :data:`NEAR_FIGURE_MAX_GAP` apart nothing. Figures below 10 count
    half: "two" or "three" match by chance.
    """
    best = 0.0
    for x in a:
        for y in b:
            if x <= 0 or y <= 0:
                continue
            gap = relative_gap(x, y)
            if gap > NEAR_FIGURE_MAX_GAP:
                continue
            score = 1.0 - gap / NEAR_FIGURE_MAX_GAP
            if min(x, y) < 10:
                score *= 0.5
            best = max(best, score)
    return best


def close(a: float, b: float, rel: float = 1e-6) -> bool:
    """Two figures equal up to ``rel`` of the larger one."""
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-12)


def relative_gap(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|): 169,000 vs 170,000 → 0.0059."""
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top else 0.0


def granularity(value: float) -> float:
    """The largest power of ten dividing ``value`` (170,000 → 10,000; 12,400 → 100)."""
    if value == 0 or value != int(value):
        return 0.0
    n = int(abs(value))
    g = 1
    while n % (g * 10) == 0:
        g *= 10
    return float(g)


#: A figure counts as "round" from two trailing zeros on (12,000; 170,000; not 12,400).
ROUND_MIN_GRANULARITY = 1000.0


def within_rounding(a: float, a_about: bool, b: float, b_about: bool) -> bool:
    """Whether two figures may be roundings of one number.

    A figure marked "about" may be off by its own granularity (about 169,000 covers
    168,000-170,000); an unmarked round figure by half of it (170,000 covers
    165,000-175,000). Figures without trailing zeros are taken as exact.
    """
    gap = abs(a - b)
    for value, about in ((a, a_about), (b, b_about)):
        g = granularity(value)
        if about and g >= 10 and gap <= g:
            return True
        if g >= ROUND_MIN_GRANULARITY and gap <= g / 2:
            return True
    return False


__all__ = [
    "STOPWORDS",
    "close",
    "cosine",
    "figure_affinity",
    "granularity",
    "idf",
    "jaccard",
    "relative_gap",
    "terms",
    "tfidf",
    "within_rounding",
    "wordset",
]
