"""Who and what: the mentions of many articles resolved to one entity per thing.

:func:`resolve` groups mentions into entities in three steps:

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

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from corroborator.lexicon.entities import (
    COUNTRY_ABBREVIATIONS,
    ENTITY_LABELS,
    GENERIC_WORDS,
    ORG_HEAD_MARK,
    PLACE_LABELS,
)
from corroborator.model import Entity, Mention
from corroborator.text.name_keys import (
    LABEL_ORDER,
    MIN_VARIANT_TOKEN_LEN,
    coarse_label,
    is_acronym,
    majority_label,
    mention_key,
    split_head,
    variant_key,
)
from corroborator.text.names import (
    ACRONYM_STOPWORDS,
    NAME_SUFFIXES,
    acronym_matches,
    core_tokens,
    fold,
    initials,
    name_tokens,
    translit,
)

#: Acronyms shorter than this link across articles only as plain initials, never as
#: letter runs ("CIA" is not "City Attorney"); contractions such as "CENTCOM" are longer.
MIN_CONTRACTION_LEN = 5

#: Two-letter acronyms ("MD", "CA") are too ambiguous to link across articles.
MIN_ORPHAN_ACRONYM_LEN = 3

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
            return majority_label(Counter({k: n for k, n in self.labels.items() if k != "PERSON"}))
        return majority_label(self.labels)

    @cached_property
    def coarse(self) -> str:
        head = split_head(self.key)[1]
        if head and head != (ORG_HEAD_MARK,):
            return "O"  # "X Airbase" is a place whatever the model said
        return coarse_label(self.label)

    @cached_property
    def vkey(self) -> tuple[str, ...]:
        return variant_key(self.key)

    @cached_property
    def acronym(self) -> bool:
        return len(self.key) == 1 and any(is_acronym(m.text) for m in self.mentions)

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
            key = mention_key(m.text, m.label)
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
    if short.coarse == "P" and len(skey) > 1 and not split_head(lkey)[1]:
        return False
    # bare name: "al-Asad" for "al-Asad Air Base", "Promises" for "Promises Treatment
    # Center" (not a city for the facility named after it)
    body, head = split_head(lkey)
    if head and (short.label != "GPE" or head == (ORG_HEAD_MARK,)) and not split_head(skey)[1]:
        return variant_key(body) == variant_key(skey)
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
        exact = len(core_tokens(u.key)) > 1 and split_head(u.key)[1] == ()
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
    body, head = split_head(u.key)
    if head and body:
        yield "bare", variant_key(body)
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
        if len(u.key) == 1 and u.label in PLACE_LABELS:
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
        etype = majority_label(labels) if len(tied) == 1 else max(
            tied, key=lambda lab: (named[lab], -LABEL_ORDER.get(lab, 99))
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


__all__ = ["ENTITY_LABELS", "resolve"]
