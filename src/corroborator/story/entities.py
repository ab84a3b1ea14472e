"""Who and what: named-entity mentions per article, resolved to one entity per thing.

Three entry points, called from :mod:`corroborator.nlp.parse` and :mod:`corroborator.pipeline`:

- :func:`ruler_patterns` gives spaCy ``EntityRuler`` patterns for name *shapes* the small
  model gets wrong (facilities such as "X Air Base", Arabic names with "Ain al-").
- :func:`find_mentions` cleans the model's entity spans of one article (titles, "the",
  possessives, photo credits split at "/", "X and Y", Title Case headline junk, job
  titles alone), finds again names the model tagged once but missed elsewhere, adds
  untagged proper-noun runs and acronyms defined in parentheses, types as places the
  "people" the context shows to be places, and keeps names from captions, bylines and
  newsletter lines only when the reporting text names them too.
- :func:`resolve` groups mentions of many articles into entities in three steps:

  1. within each article, short forms attach to the one long form they abbreviate
     (surname → full name, "SDF" → "Syrian Democratic Forces", "al-Asad" → "al-Asad Air
     Base", "Colts" → "Indianapolis Colts");
  2. across articles, local entities merge on their long forms, compared by a
     transliteration key (case, particles, diacritics, Asad/Assad, Erbil/Irbil) and,
     for people, by compatible full names ("Jerry Ortiz" / "Luis Gerardo Jerry Ortiz");
  3. articles where only a short form occurs attach it to the one entity elsewhere that
     has it as an alias; when several do, the one sharing most entities with the article
     wins (rare shared entities weigh more), and when none does, equal short forms form
     their own entity.

Everything is indexed by normalised keys, so no step compares all mentions pairwise.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from corroborator.article.zones import is_reporting
from corroborator.model import Entity, Mention, Parsed, Span, Token, Zone
from corroborator.text.names import (
    ACRONYM_STOPWORDS,
    NAME_SUFFIXES,
    OFFICE_HEADS,
    PARTICLES,
    TITLES,
    acronym_matches,
    core_tokens,
    fold,
    initials,
    name_tokens,
    strip_titles,
    translit,
)

#: spaCy/OntoNotes labels that name things; numbers, dates and times are left out.
ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW",
     "WORK_OF_ART", "LANGUAGE"}
)

#: Labels the small model confuses with each other on names of places and bodies
#: (Erbil as ORG, an air base as ORG or GPE): compatible for merging.
_PLACE_ORG = frozenset({"ORG", "GPE", "LOC", "FAC"})

#: Generic heads of facility names. Two names that share only a head ("X Air Base",
#: "Y Air Base") are different things; a bare name ("al-X") may stand for the headed one.
FACILITY_HEADS: tuple[tuple[str, ...], ...] = (
    ("air", "force", "base"), ("air", "base"), ("airbase",), ("air", "field"), ("airfield",),
    ("air", "station"), ("naval", "base"), ("military", "base"), ("base",),
    ("international", "airport"), ("airport",), ("detention", "facility"), ("detention", "center"),
    ("prison",),
)
#: Spellings of the same head, mapped to one form for the transliteration key.
_HEAD_CANON = {("airbase",): ("air", "base"), ("airfield",): ("air", "field"),
               ("base",): ("air", "base"), ("military", "base"): ("air", "base")}

#: Generic words closing the name of a body or place ("Promises Treatment Center",
#: "Morningside Recovery"): the name alone may stand for it in the same article.
ORG_HEADS = frozenset(
    {"center", "centre", "recovery", "treatment", "rehab", "rehabilitation", "clinic",
     "hospital", "institute", "hotel", "resort", "theatre", "theater", "company", "co",
     "corp", "corporation", "inc", "ltd", "llc", "plc", "club", "foundation", "magazine",
     "newspaper", "agency", "studios", "entertainment", "records", "bank", "church",
     "sea", "ocean", "river", "lake", "island", "islands", "mountains", "valley", "desert",
     "bay", "strait", "peninsula"}
)
_ORG_HEAD = "<org>"

#: Words that name a kind of body or place, not one: alone ("the Department", "State",
#: "Police") they never link across articles.
GENERIC_WORDS = ORG_HEADS | {w for head in FACILITY_HEADS for w in head} | frozenset(
    {"department", "ministry", "league", "police", "state", "court", "committee", "council",
     "army", "navy", "government", "party", "union", "university", "school", "college",
     "office", "service", "services", "agency", "authority", "commission", "board",
     "association", "federation", "house", "senate", "congress", "parliament", "city",
     "county", "district", "province", "region", "street", "road", "square", "park",
     "station", "airport", "port", "games", "act", "force", "forces", "command", "group"}
)

#: Acronyms shorter than this link across articles only as plain initials, never as
#: letter runs ("CIA" is not "City Attorney"); contractions such as "CENTCOM" are longer.
MIN_CONTRACTION_LEN = 5

#: Two-letter acronyms ("MD", "CA") are too ambiguous to link across articles.
MIN_ORPHAN_ACRONYM_LEN = 3

#: Organisation suffixes that a name may carry or drop ("Islamic State group").
ORG_SUFFIXES = frozenset({"group", "organisation", "organization", "movement"})

#: Leading modifiers of an organisation name that a short form may drop ("U.S. Central
#: Command" → "Central Command"), besides any place or nationality named in the store.
COUNTRY_ABBREVIATIONS = frozenset({"us", "usa", "uk", "un", "eu", "american", "british"})

#: A single-token name may take a transliteration variant (Qadir/Kadir) only when at
#: least this long: below it, e/i and o/u folding makes distinct short names equal
#: (Bell/Bill, Ross/Russ). Chosen on the must-not-merge table in tests/test_entities.py.
MIN_VARIANT_TOKEN_LEN = 5

#: Headings whose share of capitalised words reaches this are Title Case: the model tags
#: most of their words, so their mentions are kept only when the body repeats the name.
#: 0.6 separates "Pentagon Confirms Exit From Key Iraqi Base" from sentence-case headings.
TITLE_CASE_SHARE = 0.6

#: A line of at most this many words can be a headline (ECB+ and web headlines are < 20).
HEADLINE_MAX_WORDS = 20

#: Surface forms shorter than this are not searched for again in the article ("US" would
#: match everywhere); acronyms of 2 letters are still tagged by the model itself.
MIN_REPEAT_CHARS = 3

#: An untagged run of proper nouns becomes a mention when it occurs this often in the
#: article (or has several words). On the ECB+ dev set 1 gave CoNLL F1 0.813, 2 0.806,
#: 3 0.802, never 0.800: teams, products and outlets the model does not tag.
MIN_RUN_REPEATS = 1

#: An orphan short form ("Thompson" in an article without a full name) attaches to the
#: candidate whose articles share the most entities with its article (each weighted
#: 1 + log N/df, so a rare shared town counts more than "U.S."), when it shares at least
#: this many and beats the runner-up. 1 was best of 1/2/4 on the ECB+ dev set
#: (benchmarks/entity_eval.py).
MIN_CONTEXT_OVERLAP = 1

#: ... or as much context as the runner-up but this many times as many articles (the
#: one "Klitschko" a sports story means). 3 was best of 2/3/5 on the ECB+ dev set.
DOMINANCE = 3

#: Longest suffix that turns a place name into its nationality word ("Iran" + "ian").
MAX_DEMONYM_SUFFIX = 3

#: Person-name blocks (same surname key) larger than this skip the subset comparison,
#: which is quadratic in the block; exact and transliteration keys still merge.
MAX_PERSON_BLOCK = 300

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_INITIAL_TOKEN = re.compile(r"^[A-Z]\.$")
_WORD = re.compile(r"\S+")
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+")
_JOINED_NATIONALITIES = re.compile(r"\w\.?-[A-Z]")  # "U.S.-Iraqi", "Franco-German"
_TRAILING_SCORE = re.compile(r"\s+\d+\s*[-–]\s*\d+$")


# =========================================================================== ruler


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns for name shapes the small model mislabels. Shapes, not names."""
    title = {
        "IS_TITLE": True,
        "LOWER": {"NOT_IN": sorted(_RULER_STOP)},
        "TEXT": {"REGEX": f"^(?!(?:{_NOT_FACILITY_NAME_WORD})$)"},
    }
    particle = {"LOWER": {"IN": ["al", "el", "ad", "as", "ash", "ar", "az"]}}
    hyphen = {"ORTH": "-", "OP": "?"}
    names: list[list[dict[str, Any]]] = [
        [title],
        [title, title],
        [title, title, title],
        [particle, hyphen, title],
        [title, particle, hyphen, title],
    ]
    heads: list[list[dict[str, Any]]] = [
        [{"LOWER": "air"}, {"LOWER": "base"}],
        [{"LOWER": "airbase"}],
        [{"LOWER": "air"}, {"LOWER": "force"}, {"LOWER": "base"}],
        [{"LOWER": "air"}, {"LOWER": "station"}],
        [{"ORTH": "Airfield"}],
        [{"ORTH": "Naval"}, {"ORTH": "Base"}],
        [{"ORTH": "International"}, {"ORTH": "Airport"}],
        [{"ORTH": "Airport"}],
        [{"LOWER": "detention"}, {"LOWER": {"IN": ["facility", "center", "centre"]}}],
    ]
    patterns: list[dict[str, Any]] = []
    for name in names:
        for head in heads:
            patterns.append({"label": "FAC", "pattern": [*name, *head], "id": "facility"})
    # "Ain al-X" / "Ein el-X": a place name (a spring), whatever the model thinks
    ain = {"LOWER": {"IN": ["ain", "ein"]}, "IS_TITLE": True}
    patterns.append({"label": "FAC", "pattern": [ain, particle, hyphen, title], "id": "ain"})
    for head in heads:
        patterns.append(
            {"label": "FAC", "pattern": [ain, particle, hyphen, title, *head], "id": "facility"}
        )
    return patterns


#: Capitalised words that start a sentence or a headline but never a facility name:
#: function words and words that describe a base ("Key Coalition Base").
_RULER_STOP = frozenset(
    {"the", "a", "an", "in", "at", "from", "to", "of", "on", "key", "its", "his", "her",
     "their", "our", "us", "new", "former", "old", "major", "main", "largest", "last",
     "first", "this", "that", "and", "or", "by", "near", "for", "with", "coalition",
     "military"}
)

#: Shapes of words that say whose a base is, not which one it is: initialisms ("U.S.",
#: "U.K.") and nationality adjectives, by their suffixes (-ian, -ean, -can, -yan, -ban,
#: -ghan, -man, -ese, -ish, -i after a consonant: "Syrian", "Korean", "Mexican",
#: "Chinese", "Turkish", "Kuwaiti"). Names of bases with these endings (rarer than
#: nationalities in front of "air base") are left to the model.
_NOT_FACILITY_NAME_WORD = (
    r"(?:[A-Z]\.)+"
    r"|[A-Z][a-z]{2,}(?:ian|ean|can|yan|ban|ghan|man|ese|ish|[bcdfghjklmnpqrstvwxz]i)"
)


# =========================================================================== mentions


def find_mentions(parsed: Parsed, zones: tuple[Zone, ...]) -> tuple[Mention, ...]:
    """Named-entity mentions of one article, cleaned; offsets index ``parsed.article.text``.

    1. the model's spans, cleaned (titles, "the", possessives, "/" credits);
    2. spans in Title Case headlines and captions survive only when the body names the
       same thing (the model tags most capitalised words there);
    3. names the model tagged once are found again where it missed them ("Orozco" after
       "Jose Luis Orozco"), and repeated proper-noun runs it never tagged are added;
    4. acronyms defined in parentheses right after a name;
    5. names the model calls PERSON that the article treats as places ("the town of X",
       "in X") become places;
    6. mentions in text that is not reporting (captions, bylines, credits, newsletter
       lines) are kept only when the reporting text names the same thing.

    Job titles without a name ("Water Resources Minister") are not mentions.
    """
    text = parsed.article.text
    aid = parsed.article.id
    raw: list[Mention] = []
    for ent in parsed.ents:
        if ent.label not in ENTITY_LABELS:
            continue
        # untagged proper nouns right after the span belong to it ("Islamic" + "State")
        end, k = ent.end, ent.tok_end
        while (
            ent.label != "PERSON"
            and k < len(parsed.tokens)
            and _untagged_proper(parsed.tokens[k])
            and fold(parsed.tokens[k].text) not in _TITLE_WORDS
        ):
            if parsed.tokens[k].start - end > 1:
                break
            end, k = parsed.tokens[k].end, k + 1
        label = "ORG" if end != ent.end and ent.label == "NORP" else ent.label
        raw.extend(_clean_span(text, aid, ent.start, end, label))
    raw = _fix_stray_initials(_split_coordinations(text, _strip_leading_words(parsed, raw)))
    headlines = _headline_ranges(text, zones)
    raw = _drop_headline_junk(raw, headlines)
    raw = _add_uncovered(raw, _repeat_mentions(text, aid, raw))
    raw = _add_uncovered(raw, _proper_noun_runs(parsed, headlines))
    raw = _add_uncovered(raw, _defined_acronyms(text, aid, raw))
    raw = _retype_places(text, raw)
    raw = _drop_non_reporting(raw, zones)
    return tuple(sorted(raw, key=lambda m: (m.span.start, m.span.end)))


def _add_uncovered(mentions: list[Mention], extra: Iterable[Mention]) -> list[Mention]:
    """``mentions`` plus those of ``extra`` that overlap none of them (nor each other)."""
    taken = sorted((m.span.start, m.span.end) for m in mentions)
    starts = [s for s, _ in taken]
    out = list(mentions)
    for m in sorted(extra, key=lambda m: (m.span.start, -m.span.end)):
        k = bisect.bisect_right(starts, m.span.start)
        before = taken[k - 1] if k else None
        after = taken[k] if k < len(taken) else None
        if before is not None and before[1] > m.span.start:
            continue
        if after is not None and after[0] < m.span.end:
            continue
        taken.insert(k, (m.span.start, m.span.end))
        starts.insert(k, m.span.start)
        out.append(m)
    return out


def _clean_span(text: str, aid: str, start: int, end: int, label: str) -> list[Mention]:
    """One model span → zero, one or two clean mentions."""
    # a span that runs over a line break or a "/" (photo credits) keeps its first part
    # that has letters
    piece = text[start:end]
    for sep in ("\n", "/", "|"):
        if sep in piece:
            parts = piece.split(sep)
            first = next((p for p in parts if any(c.isalpha() for c in p)), "")
            offset = piece.index(first) if first else 0
            start, end = start + offset, start + offset + len(first)
            piece = text[start:end]
    start, end = _trim(text, start, end)
    score = _TRAILING_SCORE.search(text, start, end)
    if score is not None and score.end() == end and score.start() > start:
        start, end = _trim(text, start, score.start())
    if end <= start:
        return []
    # "the Pentagon's Central Command" → "Pentagon" and "Central Command"
    inner = _INNER_POSSESSIVE.search(text, start, end)
    if inner is not None and label != "PERSON":
        owner = _clean_span(text, aid, start, inner.start(), label)
        rest = _clean_span(text, aid, inner.end(), end, label)
        return owner + rest
    if label == "PERSON":
        start = _strip_title_prefix(text, start, end)
    start, end = _trim(text, start, end)
    surface = text[start:end]
    if not _is_name(surface) or (label == "NORP" and _JOINED_NATIONALITIES.search(surface)):
        return []
    if label != "PERSON" and _is_office(surface):
        return []
    return [Mention(span=Span(aid, start, end), text=surface, label=label)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, punctuation, a leading "the" and a trailing possessive."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and not (text[start].isalnum()):
            start += 1
            changed = True
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
            end -= 1
            changed = True
        if text[end - 1 : end] == ")" and "(" not in text[start:end]:
            end -= 1
            changed = True
        if text[end - 1 : end] == "." and not _keeps_dot(text[start:end]):
            end -= 1
            changed = True
        lead = text[start : start + 4]
        if lead.lower() == "the " and end - start > 4:
            start += 4
            changed = True
        match = _POSSESSIVE_END.search(text, start, end)
        if match is not None and match.end() == end and end - start > 3:
            end = match.start() + (1 if text[match.start()] in "sS" else 0)
            changed = True
    return start, end


_NAME_DOT = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.$|^[A-Z]\.$")


def _keeps_dot(surface: str) -> bool:
    """Whether a final dot belongs to the name (U.S., Jr., an initial)."""
    last = surface.split()[-1] if surface.split() else ""
    return bool(_NAME_DOT.search(last))


def _strip_title_prefix(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading titles and ranks ("Lt. Gen.", "Prime Minister")."""
    words = [
        (m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])
    ]
    folded = [fold(w).replace(" ", "") for _, _, w in words]
    i = 0
    while i < len(words) - 1:
        for n in range(min(4, len(words) - 1 - i), 0, -1):
            if tuple(folded[i : i + n]) in TITLES:
                i += n
                break
        else:
            break
    return words[i][0] if i else start


def _is_name(surface: str) -> bool:
    """A capital letter or digit, more than one letter, not only titles or particles,
    and not a compound adjective ("U.S.-led", "anti-Islamic")."""
    if len(surface) < 2 or not any(c.isupper() or c.isdigit() for c in surface):
        return False
    if _COMPOUND_ADJECTIVE.search(surface):
        return False
    toks = name_tokens(surface)
    if not toks or sum(len(t) for t in toks) < 2:
        return False
    return not all(t in _TITLE_WORDS or t in PARTICLES for t in toks)


def _is_office(surface: str) -> bool:
    """A job title without a name ("Water Resources Minister", "Police Chief"): the
    last word names an office, and the name is not "X of Y" ("Office of the Chief")."""
    toks = name_tokens(surface)
    return bool(toks) and toks[-1] in OFFICE_HEADS and not ({"of", "for"} & set(toks))


#: Words that make up titles and ranks: a span of nothing else ("Army Chief", "Staff Lt")
#: is not a name.
_TITLE_WORDS = frozenset(w for title in TITLES for w in title) - {"st", "saint", "of", "state"}
_COMPOUND_ADJECTIVE = re.compile(
    r"-(?:led|backed|based|aligned|run|controlled|allied|born|made|owned|linked|style)$"
    r"|^(?:anti|pro|non|ex|post|pre)-",
    re.IGNORECASE,
)


def _untagged_proper(tok: Token) -> bool:
    return tok.ent_type == "" and tok.pos == "PROPN" and tok.text[:1].isupper()


#: Parts of speech that do not begin a name; a sentence-initial "Choosing DeGeneres"
#: or "Stunning Williams" loses them.
_NON_NAME_POS = frozenset({"VERB", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "AUX", "DET", "INTJ"})


def _strip_leading_words(parsed: Parsed, mentions: list[Mention]) -> list[Mention]:
    by_start = {t.start: t for t in parsed.tokens}
    text = parsed.article.text
    out = []
    for m in mentions:
        start = m.span.start
        tok = by_start.get(start)
        while tok is not None and tok.pos in _NON_NAME_POS and tok.end < m.span.end:
            nxt = tok.i + 1
            if nxt >= len(parsed.tokens):
                break
            start = parsed.tokens[nxt].start
            tok = by_start.get(start)
        if start != m.span.start:
            out.extend(_clean_span(text, m.span.article, start, m.span.end, m.label))
        else:
            out.append(m)
    return out


_AND = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")


def _split_coordinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Lopez and Carrasquillo" → two mentions, when a side is named alone elsewhere in
    the article (or they are people); "Fish and Wildlife Service" stays whole."""
    keys = {_mention_key(m.text, m.label) for m in mentions}
    keys |= {k[-1:] for k in list(keys) if len(k) > 1}
    out = []
    for m in mentions:
        match = _AND.search(m.text)
        if match is None:
            out.append(m)
            continue
        left = _mention_key(m.text[: match.start()], m.label)
        right = _mention_key(m.text[match.end() :], m.label)
        if m.label == "PERSON" or left in keys or right in keys:
            s, e = m.span.start, m.span.end
            out.extend(_clean_span(text, m.span.article, s, s + match.start(), m.label))
            out.extend(_clean_span(text, m.span.article, s + match.end(), e, m.label))
        else:
            out.append(m)
    return out


def _fix_stray_initials(mentions: list[Mention]) -> list[Mention]:
    """Drop a leading "X." glued to a surname at a sentence break ("on X. Sudani met").

    The initial goes when the article names a person with that surname whose first name
    does not start with the letter.
    """
    first_by_last: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        toks = core_tokens(name_tokens(m.text))
        if m.label == "PERSON" and len(toks) >= 2 and len(toks[0]) > 1:
            first_by_last[toks[-1]].add(toks[0][0])
    out = []
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) >= 2 and _INITIAL_TOKEN.match(words[0]):
            toks = core_tokens(name_tokens(m.text))
            firsts = first_by_last.get(toks[-1], set())
            if firsts and words[0][0].lower() not in firsts:
                cut = m.text.index(words[1], len(words[0]))
                span = Span(m.span.article, m.span.start + cut, m.span.end)
                m = Mention(span=span, text=m.text[cut:], label=m.label)
        out.append(m)
    return out


_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.]{1,11})\)")


def _defined_acronyms(text: str, aid: str, mentions: list[Mention]) -> list[Mention]:
    """Acronyms in parentheses right after a name ("Syrian Democratic Forces (SDF)")."""
    out = []
    for m in mentions:
        if m.label in ("PERSON", "NORP"):
            continue
        match = _PAREN_ACRONYM.match(text, m.span.end)
        if match is None or sum(c.isupper() for c in match.group(1)) < 2:
            continue
        s, e = match.start(1), match.end(1)
        out.append(Mention(span=Span(aid, s, e), text=text[s:e], label=m.label))
    return out


def _headline_ranges(text: str, zones: tuple[Zone, ...]) -> list[tuple[int, int]]:
    """Character ranges of Title Case headlines and captions.

    A line counts when most of its longer words are capitalised and it does not end
    like a sentence; a non-reporting zone counts when most of its words are capitalised.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            stripped
            and len(stripped.split()) <= HEADLINE_MAX_WORDS
            and stripped[-1] not in ".!?\"”:;,"
            and _title_case_share(stripped) >= TITLE_CASE_SHARE
        ):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    for z in zones:
        if z.label != "reporting" and _title_case_share(z.span.text_in(text)) >= TITLE_CASE_SHARE:
            out.append((z.span.start, z.span.end))
    return sorted(out)


def _in_ranges(m: Mention, ranges: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(ranges, (m.span.start, sys.maxsize))
    return k > 0 and ranges[k - 1][0] <= m.span.start < ranges[k - 1][1]


def _drop_headline_junk(mentions: list[Mention], headlines: list[tuple[int, int]]) -> list[Mention]:
    """Mentions in Title Case headlines survive only if the body names the same thing."""
    if not headlines:
        return mentions
    body = [m for m in mentions if not _in_ranges(m, headlines)]
    known = {_mention_key(m.text, m.label) for m in body}
    known |= {_mention_key(m.text, m.label)[-1:] for m in body if m.label == "PERSON"}
    return body + [
        m for m in mentions
        if _in_ranges(m, headlines) and _mention_key(m.text, m.label) in known
    ]


def _drop_non_reporting(mentions: list[Mention], zones: tuple[Zone, ...]) -> list[Mention]:
    """Mentions in captions, bylines, credits, newsletter lines and other text that is not
    reporting survive only when the reporting text names the same thing: they may add
    mentions to an entity, never create one ("Sign up for the X newsletter", "Y is a
    correspondent for Z")."""
    if all(z.label == "reporting" for z in zones):
        return mentions
    inside = [not is_reporting(zones, m.span.start, m.span.end) for m in mentions]
    body = [m for m, out in zip(mentions, inside, strict=True) if not out]
    known = {_mention_key(m.text, m.label) for m in body}
    known |= {_mention_key(m.text, m.label)[-1:] for m in body if m.label == "PERSON"}
    return body + [
        m for m, out in zip(mentions, inside, strict=True)
        if out and _mention_key(m.text, m.label) in known
    ]


#: Words before a name that make it a place for sure ("the town of X", "the provincial
#: capital, X") or probably ("north of X", "residents of X", "in X", "near X").
_PLACE_BEFORE_STRONG = re.compile(
    r"(?:\b(?:town|city|village|hamlet|capital|province|region|district|county|port|suburb|"
    r"municipality|island|republic|kingdom)\s+of|\bcapital\s*,?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|downstream|"
    r"upstream|residents|inhabitants|outskirts|suburbs|streets|mayor|evacuation)\s+of|"
    r"\b(?:in|near|outside|across|around|into|throughout|inside|towards?))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: ... or after it: "X, a river town", "X, the capital of".
_PLACE_AFTER = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|hamlet|capital|province|"
    r"region|district|county|port|suburb|municipality)\b",
    re.IGNORECASE,
)
#: Words after a name that make it a person: "X said", "X, who".
_PERSON_AFTER = re.compile(
    r"^(?:\s*,\s+who\b|\s+(?:said|says|told|added|asked|wrote|stated|explained|noted|"
    r"argued|insisted|denied|declined)\b)",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
#: Characters of context read on either side of a name for these cues.
_CUE_WINDOW = 60

#: Votes for "place" of one PERSON mention of a name, by what its context says: a strong
#: place cue outweighs the model's PERSON on two other mentions without a cue, a weak one
#: ("in X") on one; a person cue ("X said", "Mr X") counts double against.
_VOTE_STRONG_PLACE, _VOTE_PLACE, _VOTE_PERSON, _VOTE_NO_CUE = 3, 2, -2, -1


def _place_vote(text: str, m: Mention) -> int:
    """What the context of a PERSON mention says about it being a place."""
    before = text[max(0, m.span.start - _CUE_WINDOW) : m.span.start]
    after = text[m.span.end : m.span.end + _CUE_WINDOW]
    if after[:1] in ("'", "’"):  # "in X's view": the possessive hides what X is
        return _VOTE_NO_CUE
    word = _WORD_BEFORE.search(before)
    if (word is not None and fold(word.group(1)) in _TITLE_WORDS) or _PERSON_AFTER.match(after):
        return _VOTE_PERSON
    if _PLACE_BEFORE_STRONG.search(before) or _PLACE_AFTER.match(after):
        return _VOTE_STRONG_PLACE
    if _PLACE_BEFORE.search(before):
        return _VOTE_PLACE
    return _VOTE_NO_CUE


_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _retype_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names the model calls PERSON that the article treats as places ("the town of X",
    "shelters in the provincial capital, X") become GPE (or the place label the model gave
    the name elsewhere in the article).

    Votes are per name in the article (see :data:`_VOTE_STRONG_PLACE`); each mention the
    model typed GPE/LOC counts +1. A surname of a person named in full in the article is
    never retyped.
    """
    votes: Counter[tuple[str, ...]] = Counter()
    place_label: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    surnames = set()
    for m in mentions:
        key = _mention_key(m.text, "GPE")
        if m.label == "PERSON":
            votes[key] += _place_vote(text, m)
            if len(key) > 1:
                surnames.add(key[-1:])
        elif m.label in _PLACE_LABELS:
            votes[key] += 1
            place_label[key][m.label] += 1
    out = []
    for m in mentions:
        key = _mention_key(m.text, "GPE")
        if m.label == "PERSON" and votes[key] > 0 and key not in surnames:
            label = _majority(place_label[key]) if place_label[key] else "GPE"
            m = Mention(span=m.span, text=m.text, label=label)
        out.append(m)
    return out


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return float(sum(w[0].isupper() for w in words)) / len(words)


def _repeat_mentions(text: str, aid: str, mentions: list[Mention]) -> list[Mention]:
    """Occurrences of names the article already tagged, where the model missed them.

    Looks for every tagged surface form and, for people named in full, the surname. An
    occurrence must be capitalised (or all capitals, as in headlines).
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        surface = m.text
        if len(surface) >= MIN_REPEAT_CHARS:
            forms[fold_case(surface)][m.label] += 1
        words = surface.split()
        if m.label == "PERSON" and len(words) > 1:
            last = words[-1]
            if (
                len(last) >= MIN_REPEAT_CHARS
                and last[0].isupper()
                and fold(last) not in NAME_SUFFIXES
            ):
                forms[fold_case(last)][m.label] += 1
    if not forms:
        return []
    out = []
    for start, end in _occurrences(text, sorted(forms, key=len, reverse=True)):
        found = text[start:end]
        if not found[0].isupper():
            continue
        label = _majority(forms[fold_case(found)])
        out.append(Mention(span=Span(aid, start, end), text=found, label=label))
    return out


_NAME_BEFORE = re.compile(r"[\w'’-]")
_NAME_AFTER = re.compile(r"[\w-]")


def _occurrences(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``forms`` (case-folded) occur in ``text`` as whole words, ignoring case:
    what ``finditer`` of their alternation (in this order) finds, without compiling a
    pattern per article (on newswire that compiling cost more than the search)."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(f != f.lower() for f in forms):
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, forms))
                             + r")(?![\w-])", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    hits = []  # (start, rank of the form, end)
    for rank, form in enumerate(forms):
        at = lowered.find(form)
        while at >= 0:
            end = at + len(form)
            if not (at and _NAME_BEFORE.match(text, at - 1)) and not _NAME_AFTER.match(text, end):
                hits.append((at, rank, end))
            at = lowered.find(form, at + 1)
    out: list[tuple[int, int]] = []
    for start, _, end in sorted(hits):  # leftmost first; at one place, the earlier form
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def fold_case(text: str) -> str:
    return text.casefold()


#: Calendar words the tagger marks as proper nouns; never names of things here.
_CALENDAR = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"}
)


def _proper_noun_runs(parsed: Parsed, headlines: list[tuple[int, int]]) -> list[Mention]:
    """Runs of proper nouns the model did not tag, when the article repeats them.

    They get the label ORG: the tagger says nothing about their type, and ORG is the
    commonest type of untagged names (teams, products, outlets) on the ECB+ dev set.
    """
    text = parsed.article.text
    runs: list[tuple[int, int]] = []
    cur: list[Token] = []
    sentence_starts = {s.start for s in parsed.sentences}
    for tok in (*parsed.tokens, None):
        if tok is not None and _untagged_proper(tok):
            cur.append(tok)
            continue
        if cur:
            runs.append((cur[0].start, cur[-1].end))
        cur = []
    counts = Counter(fold_case(text[s:e]) for s, e in runs if s not in sentence_starts)
    out = []
    for s, e in runs:
        surface = text[s:e]
        if counts[fold_case(surface)] < MIN_RUN_REPEATS and " " not in surface:
            continue
        for m in _clean_span(text, parsed.article.id, s, e, "ORG"):
            toks = name_tokens(m.text)
            if all(t in _CALENDAR for t in toks) or _in_ranges(m, headlines):
                continue
            out.append(m)
    return out


# =========================================================================== keys


def _mention_key(surface: str, label: str) -> tuple[str, ...]:
    """Exact key of a surface form: folded tokens without titles, "the", "'s" or "group"."""
    toks = name_tokens(surface)
    if toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    toks = strip_titles(toks)
    if label == "PERSON" and len(toks) > 1 and toks[0] in _GIVEN_NAME_PARTICLES:
        # "Al Quintero", "Ben Walsh": a capitalised particle before a space is a first name
        first = re.search(r"\b" + re.escape(toks[0]) + r"(\W)", surface, re.IGNORECASE)
        if first is not None and first.group()[0].isupper() and first.group(1).isspace():
            toks = (toks[0] + _GIVEN_NAME_MARK, *toks[1:])
    if label != "PERSON" and len(toks) > 1 and toks[-1] in ORG_SUFFIXES:
        toks = toks[:-1]
    # "Ministry of Defense" = "Defense Ministry"
    for k in range(len(toks) - 2):
        if toks[k] in _REORDERED_HEADS and toks[k + 1] == "of":
            return toks[:k] + toks[k + 2 :] + (toks[k],)
    return toks


#: Heads written before or after the rest of the name ("Ministry of Defense").
_REORDERED_HEADS = frozenset({"ministry"})


_GIVEN_NAME_MARK = "_"
#: Particles that are also given names ("Al Brenner", "Ben Walsh").
_GIVEN_NAME_PARTICLES = frozenset({"al", "ben"})


@lru_cache(maxsize=1 << 16)
def _split_head(toks: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a generic head off a name, canonicalised.

    ("ain", "al", "asad", "airbase") → (("ain", "al", "asad"), ("air", "base"));
    ("morningside", "recovery", "center") → (("morningside",), ("<org>",)).
    """
    for head in FACILITY_HEADS:
        n = len(head)
        if len(toks) > n and toks[-n:] == head:
            return toks[:-n], _HEAD_CANON.get(head, head)
    n = 0
    while n < len(toks) - 1 and toks[-1 - n] in ORG_HEADS:
        n += 1
    if n:
        return toks[:-n], (_ORG_HEAD,)
    return toks, ()


def _variant_key(toks: tuple[str, ...]) -> tuple[str, ...]:
    """Transliteration key: particles and suffixes dropped, tokens folded by :func:`translit`.

    Single short tokens keep their spelling (see :data:`MIN_VARIANT_TOKEN_LEN`).
    """
    body, head = _split_head(toks)
    core = core_tokens(body)
    if len(core) == 1 and len(core[0]) < MIN_VARIANT_TOKEN_LEN:
        return core + head
    return tuple(translit(t) for t in core) + head


def _coarse(label: str) -> str:
    """Coarse class for compatibility: people, places and bodies, and the rest by label."""
    if label in _PLACE_ORG:
        return "O"
    if label == "PERSON":
        return "P"
    return label


def _is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.match(surface.replace(".", ""))) and sum(c.isalpha() for c in surface) >= 2


# =========================================================================== resolve


@dataclass
class _Unit:
    """All mentions of one exact key in one article."""

    article: str
    key: tuple[str, ...]
    mentions: list[Mention] = field(default_factory=list)
    labels: Counter[str] = field(default_factory=Counter)
    short: bool = False  # attached to a long form of its article

    # ``label``, ``coarse``, ``vkey`` and ``acronym`` are read many times while linking;
    # a unit's mentions are all collected before any of them is first read, so each is
    # computed once.

    @cached_property
    def label(self) -> str:
        if self.acronym and len(self.labels) > 1:
            # an acronym the model calls PERSON in one place and ORG in another is a body
            return _majority(Counter({k: n for k, n in self.labels.items() if k != "PERSON"}))
        return _majority(self.labels)

    @cached_property
    def coarse(self) -> str:
        head = _split_head(self.key)[1]
        if head and head != (_ORG_HEAD,):
            return "O"  # "X Airbase" is a place whatever the model said
        return _coarse(self.label)

    @cached_property
    def vkey(self) -> tuple[str, ...]:
        return _variant_key(self.key)

    @cached_property
    def acronym(self) -> bool:
        return len(self.key) == 1 and any(_is_acronym(m.text) for m in self.mentions)

    @property
    def person_name(self) -> tuple[str, ...]:
        """Name tokens of a person without suffixes (Jr., III)."""
        return tuple(t for t in self.key if t not in NAME_SUFFIXES) or self.key

    @property
    def weak(self) -> bool:
        """A single-token person name: a surname or first name that may name many people."""
        return self.coarse == "P" and len(core_tokens(self.key)) == 1 and not self.acronym

    @property
    def bare(self) -> bool:
        """A one-word name of a body or facility that may stand for a longer name
        ("Promises", "Colts"; not a generic word such as "Department")."""
        return (
            not self.multi
            and self.label in ("ORG", "FAC", "LOC")
            and not self.acronym
            and self.key[-1] not in GENERIC_WORDS
        )

    @property
    def multi(self) -> bool:
        """More than one name word besides particles ("al-Hamra" is one word)."""
        return len(core_tokens(self.key)) > 1


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_LABEL_ORDER = {
    lab: i
    for i, lab in enumerate(
        ("PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
    )
}


def _majority(labels: Counter[str]) -> str:
    return min(labels, key=lambda lab: (-labels[lab], _LABEL_ORDER.get(lab, 99), lab))


def resolve(
    mentions: Sequence[tuple[Mention, ...]], sources: Mapping[str, str | None]
) -> tuple[Entity, ...]:
    """One entity per real-world thing over the mentions of many articles.

    ``mentions[i]`` are the mentions of one article; ``sources`` maps an article id to
    its outlet (None: the article counts as its own source).
    """
    units: list[_Unit] = []
    by_article: dict[str, list[int]] = defaultdict(list)
    local: dict[tuple[str, tuple[str, ...]], int] = {}
    demonyms = _demonyms(m for ms in mentions for m in ms)
    for article_mentions in mentions:
        for m in article_mentions:
            key = _mention_key(m.text, m.label)
            if not key:
                continue
            if len(key) > 1 and key[0] in demonyms:
                key = (demonyms[key[0]], *key[1:])
            ref = (m.span.article, key)
            if ref not in local:
                local[ref] = len(units)
                units.append(_Unit(article=m.span.article, key=key))
                by_article[m.span.article].append(local[ref])
            unit = units[local[ref]]
            unit.mentions.append(m)
            unit.labels[m.label] += 1
    uf = _UnionFind()
    places = frozenset(u.key for u in units if u.label in _PLACE_PREFIX_LABELS) | _ABBREVIATIONS
    # 1. within each article: variants and short forms → long forms
    for ids in by_article.values():
        _link_in_article(units, ids, uf)
    # 2. across articles: long forms
    _link_long_forms(units, uf)
    _link_tails(units, uf, places)
    # 3. across articles: short forms whose article has no long form for them
    _attach_orphans(units, by_article, uf, places)
    return _build_entities(units, uf, sources)


def _demonyms(mentions: Iterable[Mention]) -> dict[str, str]:
    """Nationality words mapped to the place named in the store that they derive from
    ("iraqi" → "iraq", "syrian" → "syria"), so that "Iraqi Defense Ministry" and "Iraq
    Defense Ministry" share a key. Only a short suffix may differ."""
    places: set[str] = set()
    nationalities: set[str] = set()
    for m in mentions:
        if m.label == "GPE" and " " not in m.text:
            places.add(fold(m.text))
        elif m.label == "NORP" and " " not in m.text:
            nationalities.add(fold(m.text))
    out = {}
    for n in nationalities:
        for cut in range(1, MAX_DEMONYM_SUFFIX + 1):
            stem = n[:-cut]
            if len(stem) >= 4 and stem in places:
                out[n] = stem
                break
    return out


#: Labels of names that may prefix an organisation's name ("Indianapolis Colts").
_PLACE_PREFIX_LABELS = frozenset({"GPE", "NORP", "LOC"})
_ABBREVIATIONS = frozenset((a,) for a in COUNTRY_ABBREVIATIONS)


def _link_in_article(units: list[_Unit], ids: list[int], uf: _UnionFind) -> None:
    # same transliteration key (al-Asad Air Base / Al Asad Airbase)
    by_vkey: dict[tuple[tuple[str, ...], str], int] = {}
    for i in ids:
        u = units[i]
        ref = (u.vkey, u.coarse)
        if ref in by_vkey:
            uf.union(by_vkey[ref], i)
        else:
            by_vkey[ref] = i
    prefixes = frozenset(units[i].key for i in ids if units[i].label in _PLACE_PREFIX_LABELS)
    prefixes |= _ABBREVIATIONS
    for i in ids:
        u = units[i]
        n = len(u.key)  # a short form is shorter (the first test of _abbreviates)
        targets = {
            uf.find(j)
            for j in ids
            if j != i and len(units[j].key) > n and _abbreviates(u, units[j], prefixes)
        }
        targets.discard(uf.find(i))
        if len(targets) == 1:
            uf.union(i, targets.pop())
            u.short = True
    # people: "Jerry Ortiz" inside "Luis Gerardo Jerry Ortiz"
    persons = [i for i in ids if units[i].coarse == "P" and len(units[i].person_name) > 1]
    for x, a in enumerate(persons):
        for b in persons[x + 1 :]:
            if _person_compatible(units[a].person_name, units[b].person_name):
                uf.union(a, b)


def _tail(key: tuple[str, ...], prefixes: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The name without a leading place or nationality ("Indianapolis Colts" → "Colts")."""
    for n in range(1, len(key)):
        if key[:n] in prefixes:
            return key[n:]
    return None


def _abbreviates(short: _Unit, long: _Unit, prefixes: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``short`` is a short form of ``long`` in one article."""
    skey, lkey = short.key, long.key
    if len(lkey) <= len(skey):
        return False
    # acronym: initials or letter runs of the full name, or of it without a place prefix
    if short.acronym:
        if long.coarse == "P":
            return False
        tail = _tail(lkey, prefixes)
        if acronym_matches(skey[0], lkey) or acronym_matches(skey[0], core_tokens(lkey)):
            return True
        if acronym_matches(skey[0], ("the", *lkey)):  # "THR", "The Hollywood Reporter"
            return True
        if tail is not None and len(tail) > 1 and acronym_matches(skey[0], tail):
            return True
        return _defined_before(short, long)
    # surname (or first name): a person named in full
    if long.coarse == "P":
        if len(skey) != 1 or short.acronym:
            return False
        names = core_tokens(long.person_name)
        return _same_token(skey[0], names[-1]) or (short.coarse == "P" and skey[0] == names[0])
    if short.coarse == "P" and len(skey) > 1 and not _split_head(lkey)[1]:
        return False
    # bare name: "al-Asad" for "al-Asad Air Base", "Promises" for "Promises Treatment
    # Center" (not a city for the facility named after it)
    body, head = _split_head(lkey)
    if head and (short.label != "GPE" or head == (_ORG_HEAD,)) and not _split_head(skey)[1]:
        return _variant_key(body) == _variant_key(skey)
    # "Colts" for "Indianapolis Colts", "Central Command" for "U.S. Central Command"
    if _tail(lkey, prefixes) == skey and short.coarse == long.coarse:
        return True
    # "Explorer" for "Internet Explorer", "Sox" for "Red Sox": the last word of a name
    return (
        len(skey) == 1
        and short.label not in _PLACE_PREFIX_LABELS
        and long.coarse != "P"
        and lkey[-1] == skey[0]
        and not any(t in ACRONYM_STOPWORDS for t in lkey)
    )


def _defined_before(short: _Unit, long: _Unit) -> bool:
    """The acronym stands in parentheses right after the long form ("Forces (SDF)")."""
    ends = {m.span.end for m in long.mentions}
    if not any(m.span.start - e in (1, 2) for m in short.mentions for e in ends):
        return False
    # loose check: same first letter, and its letters in order within the name
    letters = "".join(long.key)
    acr = short.key[0]
    pos = 0
    for c in acr:
        pos = letters.find(c, pos) + 1
        if pos == 0:
            return False
    return acr[0] == long.key[0][0]


def _same_token(a: str, b: str) -> bool:
    """Equal, or transliteration variants of a name long enough to tell (Qadir/Kadir)."""
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_VARIANT_TOKEN_LEN:
        return False
    return translit(a) == translit(b)


def _person_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Full names of one person: same surname, and the shorter's names all in the longer.

    Initials match names with that first letter ("W. Mark Felt" / "William Mark Felt").
    """
    a_core, b_core = core_tokens(a), core_tokens(b)
    if not a_core or not b_core or not _same_token(a_core[-1], b_core[-1]):
        return False
    short, long = (a_core, b_core) if len(a_core) <= len(b_core) else (b_core, a_core)
    rest = long[:-1]
    pos = 0
    for tok in short[:-1]:
        for k in range(pos, len(rest)):
            other = rest[k]
            initial = (len(tok) == 1 or len(other) == 1) and tok[0] == other[0]
            if initial or _same_token(tok, other):
                pos = k + 1
                break
        else:
            return False
    return True


def _link_long_forms(units: list[_Unit], uf: _UnionFind) -> None:
    """Merge articles' long forms: equal transliteration keys, compatible full names."""
    first: dict[tuple[tuple[str, ...], str], int] = {}
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.short or u.weak:
            continue
        # a multi-word name is the same thing whatever the model called it, unless a
        # generic head was dropped ("Betty Ford Center" is not the person "Betty Ford")
        exact = len(core_tokens(u.key)) > 1 and _split_head(u.key)[1] == ()
        ref = (u.vkey, "*" if exact else _single_class(u))
        if ref in first:
            uf.union(first[ref], i)
        else:
            first[ref] = i
        if u.coarse == "P" and len(core_tokens(u.person_name)) > 1:
            by_surname[translit(core_tokens(u.person_name)[-1])].append(i)
    for block in by_surname.values():
        names: dict[tuple[str, ...], int] = {}
        for i in block:
            names.setdefault(units[i].person_name, i)
        if len(names) > MAX_PERSON_BLOCK:
            continue
        reps = list(names.items())
        for x, (na, ia) in enumerate(reps):
            for nb, ib in reps[x + 1 :]:
                if _person_compatible(na, nb):
                    uf.union(ia, ib)


def _link_tails(units: list[_Unit], uf: _UnionFind, places: frozenset[tuple[str, ...]]) -> None:
    """"Colts" / "Central Command" to the one "<place> Colts" / "U.S. Central Command"."""
    tails: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, u in enumerate(units):
        if u.coarse != "P" and len(u.key) > 1 and not u.short:
            tail = _tail(u.key, places)
            if tail is not None:
                tails[tail].add(i)
    for i, u in enumerate(units):
        if u.coarse == "P" or u.short or u.label in _PLACE_PREFIX_LABELS or u.key not in tails:
            continue
        roots = {uf.find(j) for j in tails[u.key]}
        if len(roots) == 1:
            uf.union(i, roots.pop())


def _single_class(u: _Unit) -> str:
    """Class that one-word names must share to merge: people, nationalities, the rest
    (the model calls one outlet ORG, PRODUCT or GPE in turn)."""
    if u.acronym:
        return "X"
    return u.coarse if u.coarse in ("P", "NORP") else "X"


def _short_keys(
    u: _Unit, places: frozenset[tuple[str, ...]]
) -> Iterable[tuple[str, tuple[str, ...]]]:
    """(kind, key) of the short forms a long form may be cited by in other articles."""
    if u.acronym:
        # an acronym defined or matched in one article ("Regional Emergency Command
        # (REGCOM)") stands for its long form in the others
        yield "acronym", u.key
    if u.coarse == "P":
        if len(u.person_name) > 1:
            yield "name", (translit(core_tokens(u.person_name)[-1]),)
        else:
            yield "name", (translit(core_tokens(u.key)[-1]),)
        return
    if len(u.key) < 2:
        return
    body, head = _split_head(u.key)
    if head and body:
        yield "bare", _variant_key(body)
    yield "acronym", (initials(u.key),)
    yield "acronym", (initials(core_tokens(u.key)),)
    tail = _tail(u.key, places)
    if tail is not None:
        yield "tail", tail
        if len(tail) > 1:
            yield "acronym", (initials(tail),)
    if not any(t in ACRONYM_STOPWORDS for t in u.key):
        yield "last", u.key[-1:]


def _attach_orphans(
    units: list[_Unit],
    by_article: Mapping[str, list[int]],
    uf: _UnionFind,
    places: frozenset[tuple[str, ...]],
) -> None:
    """Step 3: short forms whose article has no long form for them."""
    index: dict[tuple[str, tuple[str, ...]], set[int]] = defaultdict(set)
    # multi-word names by the first letter of the name (and of it without its place),
    # one entry per distinct key: an acronym is compared with each distinct name once
    contractible: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i, u in enumerate(units):
        if u.weak and not u.short:
            continue
        for key in _short_keys(u, places):
            index[key].add(i)
        if len(u.key) > 1 and u.coarse != "P":
            contractible[u.key[0][0]][u.key].append(i)
            tail = _tail(u.key, places)
            if tail is not None:
                contractible[tail[0][0]][u.key].append(i)
    contractions: dict[str, list[int]] = {}

    def contracted(acronym: str) -> list[int]:
        if acronym not in contractions:
            contractions[acronym] = [
                j
                for key, ids in contractible.get(acronym[0], {}).items()
                if _contracts(acronym, key, places)
                for j in ids
            ]
        return contractions[acronym]

    # roots with a long form somewhere: only those can take an orphan
    strong = {uf.find(i) for i, u in enumerate(units) if u.multi or (u.acronym and u.short)}
    article_roots = {a: {uf.find(i) for i in ids} for a, ids in by_article.items()}
    root_articles: dict[int, set[str]] = defaultdict(set)
    for a, roots in article_roots.items():
        for r in roots:
            root_articles[r].add(a)
    orphans_by_key: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    around: dict[int, set[int]] = {}
    choices: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.short or not (u.weak or u.acronym or u.bare):
            continue
        if u.acronym and len(u.key[0]) < MIN_ORPHAN_ACRONYM_LEN:
            continue
        root = uf.find(i)
        if root in strong:
            continue
        if u.weak:
            surname = translit(core_tokens(u.key)[-1])
            candidates = {uf.find(j) for j in index.get(("name", (surname,)), ())}
        else:
            candidates = {uf.find(j) for j in index.get(("bare", u.vkey), ())}
            candidates |= {uf.find(j) for j in index.get(("tail", u.key), ())}
            candidates |= {uf.find(j) for j in index.get(("last", u.key), ())}
            if u.acronym:
                candidates |= {uf.find(j) for j in index.get(("acronym", u.key), ())}
                candidates |= {uf.find(j) for j in contracted(u.key[0])}
        candidates = {c for c in candidates if c in strong} - {root}
        context = article_roots[u.article] - {root}
        choice = _choose(candidates, context, root_articles, article_roots, around)
        choices[root].append((i, choice))
    # a short form merged across articles ("Department" in five stories) attaches only
    # when all its articles point to the same long form; otherwise it stays apart
    for picks in choices.values():
        chosen = {c for _, c in picks if c is not None}
        for i, _ in picks:
            if len(chosen) == 1:
                uf.union(i, next(iter(chosen)))
            elif units[i].weak:
                orphans_by_key[(units[i].vkey, units[i].coarse)].append(i)
    # equal leftover surnames are one person
    for group in orphans_by_key.values():
        for j in group[1:]:
            uf.union(group[0], j)
    _attach_misread_places(units, orphans_by_key.values(), index, uf)


def _attach_misread_places(
    units: list[_Unit],
    groups: Iterable[list[int]],
    index: Mapping[tuple[str, tuple[str, ...]], set[int]],
    uf: _UnionFind,
) -> None:
    """A leftover one-word "person" (no one of that name is named in full anywhere)
    that other articles call a place at least as often is that place: the model types
    many towns as people, and the one-word classes otherwise keep them apart."""
    place_units: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if len(u.key) == 1 and u.label in _PLACE_LABELS:
            place_units[u.vkey].append(i)
    for group in groups:
        first = units[group[0]]
        spots = place_units.get(first.vkey)
        if not spots or index.get(("name", (translit(core_tokens(first.key)[-1]),))):
            continue
        roots = {uf.find(j) for j in spots}
        n_place = sum(len(units[j].mentions) for j in spots)
        n_person = sum(len(units[j].mentions) for j in group)
        if len(roots) == 1 and n_place >= n_person:
            uf.union(group[0], roots.pop())


def _contracts(acronym: str, key: tuple[str, ...], places: frozenset[tuple[str, ...]]) -> bool:
    """"centcom" / ("us", "central", "command"): letter runs, with or without the place."""
    if len(acronym) < MIN_CONTRACTION_LEN:
        return False
    if acronym_matches(acronym, key) or acronym_matches(acronym, ("the", *key)):
        return True
    tail = _tail(key, places)
    return tail is not None and len(tail) > 1 and acronym_matches(acronym, tail)


def _choose(
    candidates: set[int],
    context: set[int],
    root_articles: Mapping[int, set[str]],
    article_roots: Mapping[str, set[int]],
    around: dict[int, set[int]],
) -> int | None:
    """The unique candidate, or the one sharing most entities with the orphan's article.

    ``around`` memoises the entities co-occurring with each candidate.
    """
    if len(candidates) <= 1:
        return next(iter(candidates), None)
    n = len(article_roots)
    scored = []
    for c in candidates:
        if c not in around:
            around[c] = set().union(*(article_roots[a] for a in root_articles.get(c, ())))
        shared = around[c] & context
        # shared entities weigh by rarity: "U.S." in both says little, a town says much
        weight = sum(1 + math.log(n / max(1, len(root_articles.get(r, ())))) for r in shared)
        scored.append((weight, len(root_articles.get(c, ())), -c, len(shared)))
    scored.sort(reverse=True)
    best, runner = scored[0], scored[1]
    if best[3] < MIN_CONTEXT_OVERLAP:
        return None
    if best[0] > runner[0] or best[1] >= DOMINANCE * runner[1]:
        return -best[2]
    return None


def _build_entities(
    units: list[_Unit], uf: _UnionFind, sources: Mapping[str, str | None]
) -> tuple[Entity, ...]:
    groups: dict[int, list[_Unit]] = defaultdict(list)
    for i, u in enumerate(units):
        groups[uf.find(i)].append(u)
    out: list[Entity] = []
    used: Counter[str] = Counter()
    for members in groups.values():
        ms = sorted((m for u in members for m in u.mentions), key=lambda m: m.span)
        labels: Counter[str] = Counter(m.label for m in ms)
        forms = Counter(m.text for m in ms)
        name = _canonical(forms)
        # majority type; a tie goes to the type of the display name
        top = max(labels.values())
        tied = [lab for lab, n in labels.items() if n == top]
        named = Counter(m.label for m in ms if m.text == name)
        etype = _majority(labels) if len(tied) == 1 else max(
            tied, key=lambda lab: (named[lab], -_LABEL_ORDER.get(lab, 99))
        )
        aliases = tuple(sorted(forms, key=lambda f: (-forms[f], f)))
        srcs = {sources.get(m.span.article) or m.span.article for m in ms}
        base = "e-" + hashlib.sha1(f"{fold(name)}|{etype}".encode()).hexdigest()[:10]
        used[base] += 1
        eid = base if used[base] == 1 else f"{base}-{used[base]}"
        out.append(
            Entity(id=eid, name=name, type=etype, aliases=aliases,
                   mentions=tuple(m.span for m in ms), sources=len(srcs))
        )
    out.sort(key=lambda e: (-e.sources, -len(e.mentions), e.name))
    return tuple(out)


def _canonical(forms: Counter[str]) -> str:
    """The most complete well-formed name: not all capitals, the most name words (up to
    :data:`CANONICAL_MAX_WORDS`, so that a stray long span does not win), then the most
    frequent, then the longest."""

    def score(f: str) -> tuple[bool, int, int, int, str]:
        words = len(name_tokens(f))
        return (not f.isupper() or words > 1, min(words, CANONICAL_MAX_WORDS), forms[f], len(f), f)

    return max(forms, key=score)


#: Words beyond this do not make a display name more complete ("Ain al-Asad Air Base"
#: has five; longer forms are usually spans that ran on).
CANONICAL_MAX_WORDS = 5


__all__ = ["ENTITY_LABELS", "find_mentions", "resolve", "ruler_patterns"]
