"""One outlet says an actor confirmed (or denied) something, another that the same actor
declined to comment or did not respond.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corroborator.corpus.sources import source_key
from corroborator.model import Article, Claim, Conflict, Position
from corroborator.story.conflicts.numeric import (
    _outlets,
)
from corroborator.text.names import acronym_matches, name_tokens
from corroborator.text.similarity import (
    wordset,
)

_CONFIRM = re.compile(
    r"\b(?:has |have )?(confirmed|confirms|acknowledged|verified)\b", re.IGNORECASE
)
_DENY = re.compile(r"\b(denied|denies|rejected reports|dismissed reports)\b", re.IGNORECASE)
_TRUE = re.compile(
    r"\b(?:told|said)\b[^.]{0,160}?\b(?:was|were|is|are)\s+(?:true|accurate|correct)\b",
    re.IGNORECASE,
)
#: Silence on the fact itself. Declining to give a detail ("declined to give the size
#: of the payment") after confirming the fact is not silence on it, and "no press release
#: from X" says nothing of what X told reporters: both were read as disputes on ECB+ dev
#: and the seeds, and neither was one.
_SILENT = re.compile(
    r"\b(declined to (?:comment|confirm)|"
    r"did not (?:immediately )?(?:respond|reply|return|comment|confirm)|"
    r"(?:could|would) not (?:immediately )?(?:be reached|comment|confirm)|"
    r"refused to (?:comment|confirm|say)|has not (?:commented|responded|confirmed)|"
    r"ha(?:s|ve) not (?:yet )?(?:commented|responded|confirmed))\b",
    re.IGNORECASE,
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
                basis=f"same actor: {' / '.join(sorted({s.actor for s in members}))}; "
                + " vs ".join(p.value for p in positions),
                about=f"what {actor} said",
                positions=tuple(positions),
                note="one outlet reports a confirmation, another reports no comment",
            )
        )
    return out


def _stances(c: Claim, source: str) -> list[_Stance]:
    text = c.text
    found: list[_Stance] = []
    matched: set[re.Pattern[str]] = set()
    for pattern, kind in (
        (_CONFIRM, "confirmed"),
        (_DENY, "denied"),
        (_SILENT, "silent"),
        (_TRUE, "confirmed"),
    ):
        for m in pattern.finditer(text):
            matched.add(pattern)
            cue = (
                _CANONICAL_CUES.get(kind, m.group(1))
                if pattern is not _TRUE
                else "said it was true"
            )
            for actor in _actors_before(text[: m.start()]):
                found.append(_Stance(actor, kind, cue, c, source))
    if {_CONFIRM, _DENY} <= matched:
        # "X acknowledged his role in A but always denied B": a clause that confirms and
        # denies speaks of two matters, and its stance on the other outlet's matter is
        # not known (on ECB+ dev topics read as one story, such a clause was set against
        # a plain "X denied it" about another event)
        return [s for s in found if s.stance == "silent"]
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
        if not _name_like(part):
            continue
        out.append(part)
    return out


#: Words a name of an organisation or official may hold besides capitalised ones.
_NAME_GLUE = wordset("the of and for on de la du von van al el 's ’s")


def _name_like(part: str) -> bool:
    """A name ("U.S. Central Command", "Department of Defense"), not a pronoun or a
    phrase ("He steadfastly", "The identity of Felt")."""
    words = part.split()
    if words[0].lower() in ("he", "she", "they", "it", "we", "i"):
        return False
    lowercase = [w for w in words if not w[:1].isupper() and w.lower() not in _NAME_GLUE]
    return not lowercase


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
