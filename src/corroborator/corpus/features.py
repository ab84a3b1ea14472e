"""What two articles have in common: each article's sparse feature vector (content words,
named entities, figures and calendar days; title and lead counted extra), weighed by
IDF, and the damping of their similarity by date distance and contrasting protagonists.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from corroborator.lexicon.entities import ENTITY_LABELS
from corroborator.lexicon.stopwords import STORY_STOPWORDS
from corroborator.model import (
    ArticleAnalysis,
)

T = TypeVar("T")



# Calibrated on the ECB+ dev set (../shared/data/ecbplus-dev, 772 articles, 70 gold
# storylines: 35 topics each with two instances of the same kind of event) with
# benchmarks/cluster_eval.py; values picked from a coarse grid, at a plateau rather than
# at the single best point, so that unseen data is not judged on a knife edge.

#: Share of the squared vector norm given to the entity block (the rest: numbers and
#: content words). Names separate two events of the same kind; ECB+ dev, grid
#: 0.35/0.45/0.55 x numbers 0.1/0.2/0.3: 0.45 with 0.3 best in batch (0.923), all
#: within 0.01 in incremental mode.
ENTITY_WEIGHT = 0.45

#: Share given to the number block ("102", "5.6"): figures are specific to one event
#: (ECB+ dev: batch B3 F1 0.882 at 0.1, 0.914 at 0.2, 0.923 at 0.3). Content words get
#: the remaining 0.25.
NUMBER_WEIGHT = 0.3

#: Words in the lead (the first LEAD_SENTENCES sentences) count 1 + LEAD_BOOST times:
#: the lead names this event, later paragraphs recall earlier ones of the same kind.
LEAD_SENTENCES = 3
LEAD_BOOST = 2.0  # ECB+ dev, grid 0/1/2: +0.01-0.02 B3 F1 over 0

#: Title words count this many extra times (titles name the event; ECB+ dev).
TITLE_BOOST = 2

#: Publication dates up to this many days apart cost nothing (a news cycle plus
#: follow-ups).
DATE_GRACE_DAYS = 30

#: Beyond the grace period, similarity is multiplied by a factor that halves every this
#: many days ...
DATE_HALF_LIFE_DAYS = 365

#: ... but never below this floor. Dates are weak evidence alone: ECB+ storylines run
#: from arrest to sentence over months or years, and there stronger damping lost B3 F1
#: (grace/half-life/floor 14/120/0.35: 0.904 batch, 0.890 incremental; no damping:
#: 0.915, 0.908; 30/365/0.7: 0.914, 0.907). Names and figures separate two events of
#: one kind; dates only tip the balance.
DATE_FLOOR = 0.7

#: IDF needs a corpus: in a batch of five reports of one event, the words they all share
#: (the event) get the *lowest* weight. Below this many documents IDF is flattened towards
#: 1 in proportion (five seed reports of one event: pairwise similarity 0.12-0.28 with
#: full IDF, one story only when flattened; ECB+ dev, 772 articles: unaffected).
IDF_FULL_DOCS = 200

#: Similarity is multiplied by this when two articles (or an article and a story)
#: *contrast*: each names in its lead a person the other never mentions. ECB+ dev, batch
#: best B3 F1 by factor: 1.0 -> 0.894, 0.85 -> 0.897, 0.7 -> 0.902, 0.55 -> 0.891. (Same
#: story pairs contrast 12% of the time, same-kind other-event pairs 59%.)
CONTRAST_FACTOR = 0.7

#: Numbers with at least this many characters are features ("102", "5.6", "53-3"): the
#: figures of one event recur across its reports (ECB+ dev: separates two robberies of
#: the same shop by the amounts taken). Single digits are too common to tell anything.
NUMBER_MIN_CHARS = 2

#: Abbreviations expanded inside entity names so that both spellings are one feature
#: (ECB+ dev: "Mt Cook" and "Mount Cook" in reports of one climbing accident). Only
#: unambiguous ones: "St" is Saint or Street, "Ft" Fort or feet. With the folding in
#: :func:`normalise_name`, B3 F1 batch/incremental 0.926/0.929 -> 0.927/0.930; the
#: folding without this map 0.926/0.927.
NAME_ABBREVIATIONS = {"mt": "mount"}

#: Parts of speech kept as content words.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d[\d,.:-]*\d|\d")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    start=1)}
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?!\d)",
    re.IGNORECASE)




class _Shares(dict[str, float]):
    """Block shares read from the module constants at call time (so sweeps can set them)."""

    def __getitem__(self, key: str) -> float:
        ent, num = ENTITY_WEIGHT, NUMBER_WEIGHT
        return {"e": ent, "n": num}.get(key, max(0.0, 1.0 - ent - num))


_BLOCK_SHARE = _Shares()


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What clustering needs from one article: raw feature counts and its date."""

    article_id: str
    counts: tuple[tuple[str, float], ...]
    day: int | None  # publication date as a proleptic ordinal, None when undated
    order: int = 0  # position in the input, to break ties stably
    lead_people: tuple[str, ...] = ()  # e:-features of persons named in the lead

    def names(self) -> frozenset[str]:
        """Every entity feature (full names and persons' last names)."""
        return frozenset(k for k, _ in self.counts if k.startswith("e:"))

    def contrasts(self, other: ArticleFeatures) -> bool:
        """Each article's lead names a person the other never mentions."""
        return contrast(self.lead_people, self.names(), other.lead_people, other.names())


def contrast(lead_a: Iterable[T], names_a: Collection[T], lead_b: Iterable[T],
             names_b: Collection[T]) -> bool:
    """True when A's lead names a person absent from B and B's lead one absent from A:
    the same kind of event with other protagonists (two fights of one boxer against two
    opponents; two injuries on one team)."""
    return any(p not in names_b for p in lead_a) and any(p not in names_a for p in lead_b)


def normalise_name(text: str) -> str:
    """Lower-case an entity name, drop a leading article and a possessive, and fold the
    spelling variants reports of one event use for one name: accents ("Vendôme"),
    hyphens ("Champs-Elysees"), full stops ("U.S.") and :data:`NAME_ABBREVIATIONS`
    ("Mt Cook" / "Mount Cook")."""
    name = _SPACES.sub(" ", text.strip().lower())
    name = name.replace("’", "'")
    if name.startswith("the "):
        name = name[4:]
    if name.endswith("'s"):
        name = name[:-2]
    name = "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c))
    words = name.replace("-", " ").replace(".", "").split()
    name = " ".join(NAME_ABBREVIATIONS.get(w, w) for w in words)
    return name.strip(" ,;:\"'")


def day_of(published: str | None) -> int | None:
    """The ordinal day of an ISO date or date-time, or None."""
    if not published:
        return None
    m = _DATE.match(published)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def article_features(analysis: ArticleAnalysis, order: int = 0) -> ArticleFeatures:
    """Count content lemmas, title words and entity names of one analyzed article."""
    parsed = analysis.parsed
    art = parsed.article
    counts: dict[str, float] = defaultdict(float)
    lemma_of: dict[str, str] = {}
    lead_end = _lead_end(analysis)
    for tok in parsed.tokens:
        low = tok.text.lower()
        weight: float = 1 + LEAD_BOOST if tok.start < lead_end else 1
        if _NUMBER.fullmatch(tok.text) and len(tok.text) >= NUMBER_MIN_CHARS:
            counts["n:" + tok.text.replace(",", "")] += weight
            continue
        if tok.pos not in CONTENT_POS or not _WORD.fullmatch(tok.text):
            continue
        lemma = (tok.lemma or low).lower()
        if len(lemma) < 2 or lemma in STORY_STOPWORDS or low in STORY_STOPWORDS:
            continue
        lemma_of[low] = lemma
        counts["w:" + lemma] += weight
    if art.title:
        for word in _WORD.findall(art.title.lower()):
            if word in STORY_STOPWORDS or len(word) < 2:
                continue
            counts["w:" + lemma_of.get(word, word)] += TITLE_BOOST
    for (month, mday), start in _event_days(analysis):
        counts[f"d:{month:02d}-{mday:02d}"] += 1 + LEAD_BOOST if start < lead_end else 1.0
    lead_people: set[str] = set()
    for label, text, start in _entity_texts(analysis):
        name = normalise_name(text)
        if len(name) < 2:
            continue
        weight = 1 + LEAD_BOOST if start < lead_end else 1.0
        counts["e:" + name] += weight
        parts = name.split()
        if label == "PERSON" and len(parts) > 1:
            counts["e:" + parts[-1]] += weight
        if label == "PERSON" and start < lead_end:
            lead_people.add("e:" + parts[-1])
    return ArticleFeatures(
        article_id=art.id,
        counts=tuple(sorted(counts.items())),
        day=None if art.published_inferred else day_of(art.published),
        order=order,
        lead_people=tuple(sorted(lead_people)),
    )


def _entity_texts(analysis: ArticleAnalysis) -> Iterable[tuple[str, str, int]]:
    if analysis.mentions:
        return ((m.label, m.text, m.span.start) for m in analysis.mentions
                if m.label in ENTITY_LABELS)
    # No mention stage output (e.g. a bare parse): fall back to the NER spans.
    return ((e.label, e.text, e.start) for e in analysis.parsed.ents
            if e.label in ENTITY_LABELS)


def _event_days(analysis: ArticleAnalysis) -> Iterator[tuple[tuple[int, int], int]]:
    """Calendar days the text names, as ``(month, day)`` with their character offsets.

    Resolved dates come from their value; unresolved ones (an undated report's "December
    9") from their text. The year is left out: undated reports leave it implicit."""
    for t in analysis.times:
        if t.type not in ("DATE", "TIME"):
            continue
        m = _FULL_DATE.match(t.value or "")
        if m:
            yield (int(m[2]), int(m[3])), t.span.start
            continue
        if t.value is None:
            m = _MONTH_DAY.search(t.text)
            if m:
                month = _MONTHS[m[1][:3].lower()]
                day = int(m[2])
                if 1 <= day <= 31:
                    yield (month, day), t.span.start


def _lead_end(analysis: ArticleAnalysis) -> int:
    """Character offset where the lead (the first LEAD_SENTENCES sentences) ends."""
    sents = analysis.parsed.sentences
    if not sents:
        return 0
    return sents[min(LEAD_SENTENCES, len(sents)) - 1].end


def weigh(counts: Iterable[tuple[str, float]], idf: Mapping[str, float], default_idf: float
          ) -> dict[str, float]:
    """Sublinear TF-IDF per block, blocks mixed by their shares, L2-normalised."""
    blocks: dict[str, dict[str, float]] = {"w": {}, "e": {}, "n": {}}
    for feat, n in counts:
        w = (1.0 + math.log(n)) * idf.get(feat, default_idf)
        blocks["n" if feat[0] == "d" else feat[0]][feat] = w  # days count as figures
    out: dict[str, float] = {}
    for name, block in blocks.items():
        norm = math.sqrt(sum(v * v for v in block.values()))
        if norm > 0:
            scale = math.sqrt(_BLOCK_SHARE[name]) / norm
            out.update((k, v * scale) for k, v in block.items())
    total = math.sqrt(sum(v * v for v in out.values()))
    if total > 0:
        out = {k: v / total for k, v in out.items()}
    return out


def idf_value(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's ``smooth_idf``), flattened
    towards 1 while fewer than :data:`IDF_FULL_DOCS` documents have been seen."""
    idf = math.log((1.0 + n_docs) / (1.0 + df))
    return 1.0 + idf * min(1.0, n_docs / IDF_FULL_DOCS)


def date_factor(gap_days: float | None) -> float:
    """How much a publication-date gap damps similarity (1.0 when unknown or close)."""
    if gap_days is None or gap_days <= DATE_GRACE_DAYS:
        return 1.0
    decay = 0.5 ** ((gap_days - DATE_GRACE_DAYS) / DATE_HALF_LIFE_DAYS)
    return max(DATE_FLOOR, float(decay))


def story_id_for(first_article_id: str) -> str:
    """A stable story id derived from the story's first article."""
    return "s-" + hashlib.sha1(first_article_id.encode("utf-8")).hexdigest()[:12]
