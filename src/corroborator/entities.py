"""Who and what: named-entity mentions per article, resolved to one entity per thing.

Three entry points, called from :mod:`corroborator.nlp` and :mod:`corroborator.pipeline`:

- :func:`ruler_patterns` gives spaCy ``EntityRuler`` patterns for name *shapes* the small
  model gets wrong (facilities such as "X Air Base", Arabic names with "Ain al-").
- :func:`find_mentions` cleans the model's entity spans of one article (titles, "the",
  possessives, captions split at "/", headlines in Title Case) and adds acronyms
  defined in parentheses.
- :func:`resolve` groups mentions of many articles into entities in three steps:

  1. within each article, short forms attach to the one long form they abbreviate
     (surname → full name, "SDF" → "Syrian Democratic Forces", "al-Asad" → "al-Asad Air
     Base", "Colts" → "Indianapolis Colts");
  2. across articles, local entities merge on their long forms, compared by a
     transliteration key (case, particles, diacritics, Asad/Assad, Erbil/Irbil) and,
     for people, by compatible full names ("Jerry Ortiz" / "Luis Gerardo Jerry Ortiz");
  3. articles where only a short form occurs attach it to the one entity elsewhere that
     has it as an alias; when several do, the one sharing most entities with the article
     wins, and when none does, equal short forms form their own entity.

Everything is indexed by normalised keys, so no step compares all mentions pairwise.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from corroborator.model import Entity, Mention, Parsed, Span, Zone
from corroborator.names import (
    NAME_SUFFIXES,
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

#: An orphan short form ("Thompson" in an article without a full name) attaches to the
#: candidate that shares at least this many entities with its article, and strictly more
#: than the runner-up. 1 was best of 1/2/3 on the ECB+ dev set (benchmarks/entity_eval.py).
MIN_CONTEXT_OVERLAP = 1

#: Person-name blocks (same surname key) larger than this skip the subset comparison,
#: which is quadratic in the block; exact and transliteration keys still merge.
MAX_PERSON_BLOCK = 300

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")
_INITIAL_TOKEN = re.compile(r"^[A-Z]\.$")
_WORD = re.compile(r"\S+")
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+")


# =========================================================================== ruler


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns for name shapes the small model mislabels. Shapes, not names."""
    title = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(_RULER_STOP)}}
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


#: Capitalised words that start a sentence or a headline but never a facility name.
_RULER_STOP = frozenset(
    {"the", "a", "an", "in", "at", "from", "to", "of", "on", "key", "its", "his", "her",
     "their", "our", "new", "former", "old", "major", "main", "largest", "last", "first",
     "this", "that", "and", "or", "by", "near", "for", "with", "iraqi", "american", "u.s.",
     "us", "coalition", "military"}
)


# =========================================================================== mentions


def find_mentions(parsed: Parsed, zones: tuple[Zone, ...]) -> tuple[Mention, ...]:
    """Named-entity mentions of one article, cleaned; offsets index ``parsed.article.text``."""
    text = parsed.article.text
    aid = parsed.article.id
    raw: list[Mention] = []
    for ent in parsed.ents:
        if ent.label not in ENTITY_LABELS:
            continue
        raw.extend(_clean_span(text, aid, ent.start, ent.end, ent.label))
    raw = _fix_stray_initials(raw)
    raw.extend(_defined_acronyms(text, aid, raw))
    raw = _drop_headline_junk(text, raw, zones)
    seen: set[tuple[int, int]] = set()
    out: list[Mention] = []
    for m in sorted(raw, key=lambda m: (m.span.start, m.span.end)):
        key = (m.span.start, m.span.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return tuple(out)


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
    if not _is_name(surface):
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


def _keeps_dot(surface: str) -> bool:
    """Whether a final dot belongs to the name (U.S., Jr., an initial)."""
    last = surface.split()[-1] if surface.split() else ""
    return bool(re.search(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.$|^[A-Z]\.$", last))


def _strip_title_prefix(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading titles and ranks ("Lt. Gen.", "Prime Minister")."""
    words = [(m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])]
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
    """At least two characters, a capital letter or digit, and not a bare title."""
    if len(surface) < 2 or not any(c.isupper() or c.isdigit() for c in surface):
        return False
    toks = name_tokens(surface)
    return bool(toks) and toks not in TITLES and not all(t in PARTICLES for t in toks)


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
    """Acronyms defined in parentheses right after a name the model missed as entities."""
    covered = {(m.span.start, m.span.end) for m in mentions}
    out = []
    for m in mentions:
        if m.label in ("PERSON", "NORP"):
            continue
        match = _PAREN_ACRONYM.match(text, m.span.end)
        if match is None:
            continue
        acr = match.group(1)
        s, e = match.start(1), match.end(1)
        if sum(c.isupper() for c in acr) < 2 or (s, e) in covered:
            continue
        out.append(Mention(span=Span(aid, s, e), text=acr, label=m.label))
    return out


def _drop_headline_junk(
    text: str, mentions: list[Mention], zones: tuple[Zone, ...]
) -> list[Mention]:
    """Mentions in Title Case headings/captions survive only if the body repeats the name."""
    other = [z for z in zones if z.label != "reporting"]
    if not other:
        return mentions
    title_case = [z for z in other if _title_case_share(z.span.text_in(text)) >= TITLE_CASE_SHARE]

    def zone_of(m: Mention) -> Zone | None:
        for z in title_case:
            if z.span.start <= m.span.start < z.span.end:
                return z
        return None

    body_names = {
        _mention_key(m.text, m.label) for m in mentions if zone_of(m) is None
    }
    body_names |= {k[-1:] for k in body_names if k}
    return [m for m in mentions if zone_of(m) is None or _mention_key(m.text, m.label) in body_names]


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return sum(w[0].isupper() for w in words) / len(words)


# =========================================================================== keys


def _mention_key(surface: str, label: str) -> tuple[str, ...]:
    """Exact key of a surface form: folded tokens without titles, "the", "'s" or "group"."""
    toks = name_tokens(surface)
    if toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    toks = strip_titles(toks)
    if label != "PERSON" and len(toks) > 1 and toks[-1] in ORG_SUFFIXES:
        toks = toks[:-1]
    return toks


def _split_head(toks: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """("ain", "al", "asad", "air", "base") → (("ain", "al", "asad"), ("air", "base"))."""
    for head in FACILITY_HEADS:
        n = len(head)
        if len(toks) > n and toks[-n:] == head:
            return toks[:-n], _HEAD_CANON.get(head, head)
    return toks, ()


def _variant_key(toks: tuple[str, ...]) -> tuple[str, ...]:
    """Transliteration key: particles and suffixes dropped, tokens folded by :func:`translit`.

    Single short tokens keep their spelling (see :data:`MIN_VARIANT_TOKEN_LEN`).
    """
    body, head = _split_head(toks)
    core = core_tokens(body)
    if len(core) == 1 and len(core[0]) < MIN_VARIANT_TOKEN_LEN and not head:
        return core
    return tuple(translit(t) for t in core) + head


def _coarse(label: str) -> str:
    """Coarse class for compatibility: people, nationalities, places/bodies, the rest."""
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

    @property
    def label(self) -> str:
        return _majority(self.labels)

    @property
    def coarse(self) -> str:
        return _coarse(self.label)

    @property
    def vkey(self) -> tuple[str, ...]:
        return _variant_key(self.key)

    @property
    def acronym(self) -> bool:
        return len(self.key) == 1 and any(_is_acronym(m.text) for m in self.mentions)

    @property
    def person_name(self) -> tuple[str, ...]:
        """Name tokens of a person without particles and suffixes."""
        return tuple(t for t in self.key if t not in NAME_SUFFIXES)


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


def _majority(labels: Counter[str]) -> str:
    order = {lab: i for i, lab in enumerate(
        ("PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"))}
    return min(labels, key=lambda lab: (-labels[lab], order.get(lab, 99), lab))


def resolve(
    mentions: Sequence[tuple[Mention, ...]], sources: Mapping[str, str | None]
) -> tuple[Entity, ...]:
    """One entity per real-world thing over the mentions of many articles."""
    units: list[_Unit] = []
    by_article: dict[str, list[int]] = defaultdict(list)
    for article_mentions in mentions:
        local: dict[tuple[str, tuple[str, ...]], int] = {}
        for m in article_mentions:
            key = _mention_key(m.text, m.label)
            if not key:
                continue
            ref = (m.span.article, key)
            if ref not in local:
                local[ref] = len(units)
                units.append(_Unit(article=m.span.article, key=key))
                by_article[m.span.article].append(local[ref])
            unit = units[local[ref]]
            unit.mentions.append(m)
            unit.labels[m.label] += 1
    uf = _UnionFind()
    # 1. within each article: variants and short forms → long forms
    for ids in by_article.values():
        _link_in_article(units, ids, uf)
    # 2. across articles: long forms
    _link_long_forms(units, uf)
    # 3. across articles: orphan short forms
    _attach_orphans(units, by_article, uf)
    return _build_entities(units, uf, sources)


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
    long_forms = [i for i in ids if len(units[i].key) > 1 or units[i].coarse != "P"]
    prefixes = _place_prefixes(units, ids)
    for i in ids:
        u = units[i]
        if len(u.key) != 1 and not _split_head(u.key)[1] == () and False:
            continue
        targets = {uf.find(j) for j in long_forms if j != i and _abbreviates(u, units[j], prefixes)}
        targets.discard(uf.find(i))
        if len(targets) == 1:
            uf.union(i, targets.pop())
            u.short = True
    # people: "Jerry Ortiz" inside "Luis Gerardo Jerry Ortiz"
    persons = [i for i in ids if units[i].coarse == "P" and len(units[i].person_name) > 1]
    for a in persons:
        for b in persons:
            if a < b and _person_compatible(units[a].person_name, units[b].person_name):
                uf.union(a, b)


def _place_prefixes(units: list[_Unit], ids: Iterable[int]) -> frozenset[tuple[str, ...]]:
    """Keys of places and nationalities named in the article, plus country abbreviations."""
    keys = {units[i].key for i in ids if units[i].label in ("GPE", "NORP", "LOC")}
    keys |= {(a,) for a in COUNTRY_ABBREVIATIONS}
    return frozenset(keys)


def _tail(key: tuple[str, ...], prefixes: frozenset[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The name without a leading place or nationality ("Indianapolis Colts" → "Colts")."""
    for n in range(1, len(key)):
        if key[:n] in prefixes:
            return key[n:]
    return None


def _abbreviates(short: _Unit, long: _Unit, prefixes: frozenset[tuple[str, ...]]) -> bool:
    """Whether ``short`` is a short form of ``long`` in one article."""
    if len(long.key) <= len(short.key) or short.key == long.key:
        return False
    skey, lkey = short.key, long.key
    # acronym: initials or letter runs of the full name, or of it without a place prefix
    if short.acronym and long.coarse != "P":
        words = core_tokens(lkey) if len(core_tokens(lkey)) > 1 else lkey
        tail = _tail(lkey, prefixes)
        if acronym_matches(skey[0], lkey) or acronym_matches(skey[0], words):
            return True
        if tail is not None and len(tail) > 1 and acronym_matches(skey[0], tail):
            return True
        return _defined_before(short, long)
    # surname: the last name of a person named in full
    if long.coarse == "P" and len(skey) == 1 and short.coarse in ("P", "O"):
        last = core_tokens(long.person_name)[-1:]
        return bool(last) and _same_token(skey[0], last[0])
    if long.coarse == "P" or short.coarse == "P" and len(skey) > 1:
        return False
    if short.coarse != long.coarse:
        return False
    # bare facility name: "al-Asad" for "al-Asad Air Base" (not a city of the same name)
    body, head = _split_head(lkey)
    if head and short.label not in ("GPE",) and not _split_head(skey)[1]:
        return _variant_key(body) == _variant_key(skey) or core_tokens(body) == core_tokens(skey)
    # "Colts" for "Indianapolis Colts", "Central Command" for "U.S. Central Command"
    tail = _tail(lkey, prefixes)
    return tail is not None and tail == skey


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
    rest = list(long[:-1])
    pos = 0
    for tok in short[:-1]:
        for k in range(pos, len(rest)):
            other = rest[k]
            if _same_token(tok, other) or (
                (len(tok) == 1 or len(other) == 1) and tok[0] == other[0]
            ):
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
        if u.short or _weak(u):
            continue
        ref = (u.vkey, u.coarse if len(u.key) == 1 else "*")
        if ref in first:
            uf.union(first[ref], i)
        else:
            first[ref] = i
        if u.coarse == "P" and len(core_tokens(u.person_name)) > 1:
            by_surname[translit(core_tokens(u.person_name)[-1])].append(i)
    for block in by_surname.values():
        if len(block) > MAX_PERSON_BLOCK:
            continue
        names = {}
        for i in block:
            names.setdefault(units[i].person_name, i)
        reps = list(names.items())
        for x, (na, ia) in enumerate(reps):
            for nb, ib in reps[x + 1 :]:
                if _person_compatible(na, nb):
                    uf.union(ia, ib)


def _weak(u: _Unit) -> bool:
    """A single-token person name: a surname or first name that may name many people."""
    return u.coarse == "P" and len(u.key) == 1


def _short_keys(u: _Unit) -> Iterable[tuple[str, ...]]:
    """The short forms a long form may be cited by elsewhere (for orphan look-ups)."""
    yield u.vkey
    if u.coarse == "P" and len(u.person_name) > 1:
        last = core_tokens(u.person_name)[-1]
        yield _variant_key((last,))
        return
    body, head = _split_head(u.key)
    if head:
        yield _variant_key(body)
    if len(u.key) > 1:
        yield (initials(u.key),)
        yield (initials(core_tokens(u.key)),)
        if u.key[0] in COUNTRY_ABBREVIATIONS:
            yield _variant_key(u.key[1:])
            yield (initials(u.key[1:]),)


def _attach_orphans(units: list[_Unit], by_article: Mapping[str, list[int]], uf: _UnionFind) -> None:
    """Step 3: short forms whose article has no long form for them."""
    index: dict[tuple[tuple[str, ...], str], set[int]] = defaultdict(set)
    for i, u in enumerate(units):
        if _weak(u) and not u.short:
            continue
        for key in _short_keys(u):
            index[(key, u.coarse)].add(i)
    # roots that carry a long form somewhere (orphans attach only to those)
    strong_roots = {uf.find(i) for i, u in enumerate(units) if not _weak(u)}
    article_roots = {a: {uf.find(i) for i in ids} for a, ids in by_article.items()}
    root_articles: dict[int, set[str]] = defaultdict(set)
    for a, roots in article_roots.items():
        for r in roots:
            root_articles[r].add(a)
    orphans_by_key: dict[tuple[tuple[str, ...], str], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if u.short or not (_weak(u) or u.acronym):
            continue
        root = uf.find(i)
        if root in strong_roots and not (u.acronym and len(root_articles[root]) == 1
                                         and _only_acronyms(units, by_article, root)):
            continue
        candidates = {uf.find(j) for j in index.get((u.vkey, u.coarse), ())} - {root}
        if u.coarse != "P":
            pass
        elif not candidates:
            candidates = {uf.find(j) for j in index.get((u.vkey, "O"), ())} - {root}
            candidates &= {uf.find(j) for j, w in enumerate(units) if w.coarse == "P"}
        if u.acronym:
            candidates |= _contraction_candidates(units, u, uf) - {root}
        choice = _choose(candidates, article_roots[u.article] - {root}, root_articles, article_roots)
        if choice is not None:
            uf.union(i, choice)
        else:
            orphans_by_key[(u.vkey, u.coarse)].append(i)
    for group in orphans_by_key.values():
        for j in group[1:]:
            uf.union(group[0], j)


def _only_acronyms(units: list[_Unit], by_article: Mapping[str, list[int]], root: int) -> bool:
    return False


def _contraction_candidates(units: list[_Unit], acr: _Unit, uf: _UnionFind) -> set[int]:
    """Long names that an acronym such as "SOUTHCOM" contracts (letter runs of its words)."""
    out = set()
    letter = acr.key[0][0]
    for j in _by_first_letter(units).get(letter, ()):
        w = units[j]
        if w.coarse == "P" or len(w.key) < 2:
            continue
        if acronym_matches(acr.key[0], w.key) or (
            w.key[0] in COUNTRY_ABBREVIATIONS and acronym_matches(acr.key[0], w.key[1:])
        ):
            out.add(uf.find(j))
    return out


_FIRST_LETTER_CACHE: dict[int, dict[str, list[int]]] = {}


def _by_first_letter(units: list[_Unit]) -> dict[str, list[int]]:
    """Multi-token long forms indexed by the first letter of their (tail) name."""
    cached = _FIRST_LETTER_CACHE.get(id(units))
    if cached is not None:
        return cached
    index: dict[str, list[int]] = defaultdict(list)
    for j, w in enumerate(units):
        if len(w.key) > 1 and not w.short:
            index[w.key[0][0]].append(j)
            if w.key[0] in COUNTRY_ABBREVIATIONS:
                index[w.key[1][0]].append(j)
    _FIRST_LETTER_CACHE.clear()
    _FIRST_LETTER_CACHE[id(units)] = index
    return index


def _choose(
    candidates: set[int],
    context: set[int],
    root_articles: Mapping[int, set[str]],
    article_roots: Mapping[str, set[int]],
) -> int | None:
    """The unique candidate, or the one sharing most entities with the orphan's article."""
    if len(candidates) == 1:
        return next(iter(candidates))
    if not candidates:
        return None
    scored = []
    for c in candidates:
        around: set[int] = set()
        for a in root_articles.get(c, ()):
            around |= article_roots[a]
        scored.append((len(around & context), c))
    scored.sort(reverse=True)
    best, runner = scored[0], scored[1]
    if best[0] >= MIN_CONTEXT_OVERLAP and best[0] > runner[0]:
        return best[1]
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
        etype = _majority(labels)
        forms = Counter(m.text for m in ms)
        name = _canonical(forms)
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
    """The most complete well-formed name: several words if any form has them, then the
    most frequent, then the longest."""
    def score(f: str) -> tuple[bool, bool, int, int, str]:
        toks = name_tokens(f)
        return (len(toks) > 1, not f.isupper() or len(toks) > 1, forms[f], len(f), f)

    return max(forms, key=score)


__all__ = ["ENTITY_LABELS", "find_mentions", "resolve", "ruler_patterns"]
