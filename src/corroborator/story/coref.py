"""Rule-based coreference for speakers: who "he", "they" or "the governor" is.

Used by :mod:`corroborator.story.quotes` once a quote's speaker mention is a pronoun or a
noun phrase naming an office. Everything works on one article's parse:

* **people**: every person named outside quotation marks (the parser's PERSON spans and
  the resolved entities' person mentions), with whether the name is a clause subject;
* **gender** per surname, by votes: a title before the name ("Mr.", "Ms."), a gendered
  role noun beside it ("spokeswoman"), and "he/his/him" or "she/her" later in a sentence
  whose only person subject is that name;
* **pronouns** (he/she): the latest person that agrees in gender, subjects first, from
  the pronoun's sentence back to ``PRONOUN_PARAGRAPHS`` paragraphs; a person who has
  already spoken in that window wins over one only mentioned;
* **they/it**: the latest organisation subject in the window (or any organisation);
* **nominal** ("the president", "the Democratic nominee"): the latest person named with
  that title or office word beside the name ("President Vance", "Vance, the Democratic
  nominee"), modifiers agreeing when the phrase has them; "the newspaper", "the
  network" and the like take the latest organisation named.

Nothing is resolved when no candidate agrees: the caller keeps the quote with its
pronoun as the mention and says why it is unresolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from corroborator.model import Entity, Parsed, Token

#: How far back (in paragraphs before the pronoun's own) a pronoun may find its person.
#: On PolNeAR train the antecedent of a quote's "he/she" is in the same or the previous
#: paragraph in most cases; two more paragraphs cover interview-style runs of quotes.
PRONOUN_PARAGRAPHS = 3

#: How far back (in characters) "the president" may look for "President X".
NOMINAL_WINDOW = 6000

_MALE_TITLES = frozenset({"mr", "mister", "sir", "king", "prince", "lord"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "dame", "queen", "princess", "lady"})
_MALE_ROLES = frozenset(
    {"spokesman", "congressman", "chairman", "businessman", "husband", "father", "son",
     "brother", "councilman", "assemblyman", "anchorman", "congressmen"}
)
_FEMALE_ROLES = frozenset(
    {"spokeswoman", "congresswoman", "chairwoman", "businesswoman", "wife", "mother",
     "daughter", "sister", "councilwoman", "assemblywoman", "anchorwoman"}
)
_MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

#: Abbreviations of office words as titles before a name ("Gov. X" is "the governor").
TITLE_FORMS: dict[str, tuple[str, ...]] = {
    "governor": ("gov",),
    "senator": ("sen",),
    "representative": ("rep",),
    "congressman": ("rep",),
    "congresswoman": ("rep",),
    "general": ("gen",),
    "secretary": ("sec",),
    "lieutenant": ("lt",),
    "attorney": ("atty",),
}

#: Nouns for a news organisation or other body that "the <noun>" can refer back to.
ORG_NOUNS = frozenset(
    {"newspaper", "paper", "network", "outlet", "magazine", "station", "channel", "agency",
     "company", "firm", "group", "organization", "organisation", "committee", "campaign",
     "party", "ministry", "department", "office", "bureau", "council", "board", "union",
     "bank", "court", "team", "website", "site", "publication", "daily", "tabloid", "broadcaster",
     # bodies "the <noun>" names only when an earlier name holds the noun ("the command"
     # for "Northern Air Command", "the authority" for "Port of Vell Authority"). On PolNeAR
     # train they change two quotations' speakers, both rightly, and lose none; "police"
     # and "army" are left out: a headline the parser typed as a body took "the police".
     "authority", "command", "commission", "administration", "association", "federation",
     "corporation", "institute", "service", "coalition", "alliance", "embassy", "operator",
     "utility", "regulator", "foundation", "university", "hospital"}
)

#: Nouns for a news outlet: "the newspaper said" is the latest organisation named.
MEDIA_NOUNS = frozenset(
    {"newspaper", "paper", "network", "outlet", "magazine", "station", "channel",
     "publication", "daily", "tabloid", "broadcaster", "website", "site"}
)

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
_PERSON_LABELS = ("PERSON", "PER")
_ORG_LABELS = ("ORG", "NORP", "GPE")


def _key(name: str) -> str | None:
    """A name's surname: its last word, without a possessive ("Ann Ruud's": Ruud); None
    when the name has no word."""
    words = name.replace("\u2019s", "").replace("'s", "").split()
    return words[-1].strip(".,") if words else None


@dataclass(frozen=True, slots=True)
class Referent:
    """Who a pronoun or noun phrase refers to: the antecedent's span and name."""

    start: int
    end: int
    text: str
    entity: str | None
    person: bool


@dataclass(frozen=True, slots=True)
class _Named:
    start: int
    end: int
    text: str
    key: str  # surname: the last word of the name
    subject: bool
    person: bool
    tok_start: int
    tok_end: int


class Coreference:
    """Antecedents for the pronouns and office nouns of one article."""

    def __init__(self, parsed: Parsed, quoted: Sequence[bool], entities: Sequence[Entity]):
        self.p = parsed
        self.text = parsed.article.text
        self.toks = parsed.tokens
        self.quoted = quoted
        aid = parsed.article.id
        self._mentions = sorted(
            (m.start, m.end, e) for e in entities for m in e.mentions if m.article == aid
        )
        self.named = self._find_named()
        self._named_starts = [n.start for n in self.named]
        self.gender = self._genders()
        paras = [0] + [m.end() for m in re.finditer(r"\n\s*", self.text)]
        self._paras = sorted(set(paras))

    # ---- building

    def _find_named(self) -> list[_Named]:
        found: dict[tuple[int, int], _Named] = {}
        # surnames the parser calls a person somewhere in the article: the same name typed
        # as an organisation elsewhere ("Ford" in one sentence, PERSON in the next) is
        # still that person
        person_keys = {
            _key(ent.text) for ent in self.p.ents
            if ent.label in _PERSON_LABELS
            and not any(self.quoted[i] for i in range(ent.tok_start, ent.tok_end))
        }
        for ent in self.p.ents:
            if ent.label not in _PERSON_LABELS + _ORG_LABELS:
                continue
            if any(self.quoted[i] for i in range(ent.tok_start, ent.tok_end)):
                continue
            head = self.toks[ent.tok_end - 1]
            key = _key(ent.text)
            if key is None:
                continue
            # the resolved entity's type wins over the parser's label ("Ivar Lunde" as ORG)
            typed = [
                e.type.upper() for ms, me, e in self._mentions if ms < ent.end and ent.start < me
            ]
            person = typed[0] in _PERSON_LABELS if typed else ent.label in _PERSON_LABELS
            if (
                not person
                and ent.label == "ORG"
                and ent.tok_end - ent.tok_start <= 3
                and all(t.pos == "PROPN" for t in self.toks[ent.tok_start : ent.tok_end])
                and key in person_keys
            ):
                person = True
            found[(ent.start, ent.end)] = _Named(
                ent.start, ent.end, ent.text, key, head.dep in _SUBJECT_DEPS,
                person, ent.tok_start, ent.tok_end,
            )
        for ms, me, e in self._mentions:
            if (ms, me) in found or e.type.upper() not in _PERSON_LABELS:
                continue
            lo = bisect.bisect_left([t.start for t in self.toks], ms)
            hi = lo
            while hi < len(self.toks) and self.toks[hi].end <= me:
                hi += 1
            if hi == lo or any(self.quoted[i] for i in range(lo, hi)):
                continue
            words = self.text[ms:me].split()
            found[(ms, me)] = _Named(
                ms, me, self.text[ms:me], words[-1].strip(".,"),
                self.toks[hi - 1].dep in _SUBJECT_DEPS, True, lo, hi,
            )
        return sorted(found.values(), key=lambda n: n.start)

    def _genders(self) -> dict[str, str]:
        votes: dict[str, list[int]] = {}

        def vote(key: str, male: bool, weight: int = 1) -> None:
            v = votes.setdefault(key, [0, 0])
            v[0 if male else 1] += weight

        for n in self.named:
            if not n.person:
                continue
            near = [
                t.text.lower().rstrip(".")
                for t in self.toks[max(0, n.tok_start - 3) : n.tok_end]
            ]
            if any(w in _MALE_TITLES or w in _MALE_ROLES for w in near):
                vote(n.key, True, 3)
            if any(w in _FEMALE_TITLES or w in _FEMALE_ROLES for w in near):
                vote(n.key, False, 3)
        # "X said his ..." / "X ... She said": pronouns after a sentence's only person subject
        prev_subject: str | None = None
        for sent in self.p.sentences:
            people = [
                n for n in self.named
                if n.person and sent.start <= n.start < sent.end and n.subject
            ]
            keys = {n.key for n in people}
            only = next(iter(keys)) if len(keys) == 1 else None
            first_after = people[0].tok_end if people else sent.tok_start
            for t in self.p.sentence_tokens(sent):
                if self.quoted[t.i]:
                    continue
                low = t.text.lower()
                if low not in _MALE_PRONOUNS and low not in _FEMALE_PRONOUNS:
                    continue
                if only is not None and t.i >= first_after:
                    vote(only, low in _MALE_PRONOUNS)
                elif not people and prev_subject is not None and t.dep in _SUBJECT_DEPS:
                    vote(prev_subject, low in _MALE_PRONOUNS)
                break
            all_people = {
                n.key for n in self.named if n.person and sent.start <= n.start < sent.end
            }
            prev_subject = only if only is not None else (
                next(iter(all_people)) if len(all_people) == 1 else None
            )
        return {k: ("m" if m > f else "f") for k, (m, f) in votes.items() if m != f}

    # ---- helpers

    def _paragraph_floor(self, char: int, back: int) -> int:
        k = bisect.bisect_right(self._paras, char) - 1
        return self._paras[max(0, k - back)]

    def _entity_of(self, start: int, end: int) -> str | None:
        for ms, me, e in self._mentions:
            if ms < end and start < me:
                return e.id
            if ms >= end:
                break
        return None

    def _full_name(self, n: _Named) -> str:
        """The longest earlier-or-same name sharing the surname ("Ann Ruud" for "Ruud")."""
        best = n.text
        for m in self.named:
            if m.person and m.key == n.key and len(m.text) > len(best) and m.start <= n.start:
                best = m.text
        return best.removesuffix("\u2019s").removesuffix("'s")

    def _referent(self, n: _Named) -> Referent:
        entity = self._entity_of(n.start, n.end)
        if entity is None and n.person:
            # "Rusk" not itself a mention: the person entity with that surname, if one
            hits = {e.id for _, _, e in self._mentions
                    if e.type.upper() in _PERSON_LABELS and e.name.split()[-1:] == [n.key]}
            entity = next(iter(hits)) if len(hits) == 1 else None
        # a lower-case "the" is not part of a body's name ("the Harbour Board"); a
        # capitalised one may be ("The Vell Herald")
        text = self._full_name(n) if n.person else n.text.removeprefix("the ")
        return Referent(n.start, n.end, text, entity, n.person)

    def _before(self, char: int, floor: int) -> list[_Named]:
        hi = bisect.bisect_left(self._named_starts, char)
        lo = bisect.bisect_left(self._named_starts, floor)
        return self.named[lo:hi]

    # ---- public

    def pronoun(
        self, pron: Token, speakers: Sequence[tuple[int, int, int]] = ()
    ) -> Referent | None:
        """The antecedent of a subject pronoun, or None.

        ``speakers`` are (quote start, mention start, mention end) of quotes already
        attributed to a named person: a person who has spoken is preferred.
        """
        low = pron.text.lower()
        floor = self._paragraph_floor(pron.start, PRONOUN_PARAGRAPHS)
        cands = self._before(pron.start, floor)
        spoke = {(s, e) for _, s, e in speakers}
        if low in ("he", "she"):
            want = "m" if low == "he" else "f"
            # (a name quoted as a person speaker is a person, whatever the parser typed)
            speaking = {n.key for n in self.named if (n.start, n.end) in spoke}
            cands = [
                n for n in cands
                if (n.person or n.key in speaking) and self.gender.get(n.key, want) == want
            ]
        elif low in ("they", "it"):
            cands = [n for n in cands if not n.person]
        else:
            return None
        if not cands:
            return None
        sent = self.p.sentence_of(pron.start)
        own_start = sent.start if sent is not None else pron.start
        # the pronoun's own sentence: only a subject before it ("X said he ...")
        own = [n for n in cands if n.start >= own_start and n.subject]
        if own:
            return self._referent(own[-1])
        # earlier sentences, latest first: a speaker, then a subject, then anyone
        by_sent: dict[int, list[_Named]] = {}
        for n in cands:
            if n.start < own_start:
                s = self.p.sentence_of(n.start)
                by_sent.setdefault(s.start if s else n.start, []).append(n)
        for key in sorted(by_sent, reverse=True):
            group = by_sent[key]
            picks = [
                [n for n in group if any(s < n.end and n.start < e for s, e in spoke)],
                [n for n in group if n.subject],
            ]
            if not self._pronoun_subject(key, low):
                # "Lunde arrived. He thanked Tor Aasen. “...,” he said.": a
                # sentence whose subject is the same pronoun passes its objects over
                picks.append(group)
            for pick in picks:
                if pick:
                    # the first in the sentence: the main clause's subject or speaker
                    return self._referent(pick[0])
        return None

    def _pronoun_subject(self, char: int, low: str) -> bool:
        """The sentence at ``char`` has ``low`` ("he") as a subject outside quotes."""
        sent = self.p.sentence_of(char)
        return sent is not None and any(
            t.text.lower() == low and t.dep in _SUBJECT_DEPS and not self.quoted[t.i]
            for t in self.p.sentence_tokens(sent)
        )

    def nominal(self, head: Token, phrase: Sequence[Token]) -> Referent | None:
        """The person or organisation "the governor" / "the newspaper" refers back to."""
        word = head.lemma.lower()
        floor = max(0, head.start - NOMINAL_WINDOW)
        cands = self._before(phrase[0].start if phrase else head.start, floor)
        if word in ORG_NOUNS:
            # a news outlet is the latest organisation named; any other body must share
            # the noun or a modifier with its name ("the board" for "Harbour Board")
            words = {word} | {t.text.lower() for t in phrase if t.pos in ("ADJ", "PROPN")}
            orgs = [
                n for n in cands
                if not n.person and (word in MEDIA_NOUNS or words & set(n.text.lower().split()))
            ]
            return self._referent(orgs[-1]) if orgs else None
        forms = {word, head.text.lower(), *TITLE_FORMS.get(word, ())}
        mods = {
            t.text.lower() for t in phrase
            if t.i != head.i and t.pos in ("ADJ", "PROPN", "NOUN") and t.dep in ("amod", "compound")
        }
        best: tuple[int, _Named] | None = None
        people = [c for c in cands if c.person]
        for k in range(len(people) - 1, -1, -1):
            n = people[k]
            # the words beside this name only: "Governor X and Mayor Y" gives "governor" to X
            sent = self.p.sentence_of(n.start)
            lo = max(0, n.tok_start - 4, people[k - 1].tok_end if k > 0 else 0)
            hi = min(len(self.toks), n.tok_end + 10, sent.tok_end if sent else n.tok_end + 10)
            for later in self.named[bisect.bisect_right(self._named_starts, n.start):]:
                if later.person and later.tok_start >= n.tok_end:
                    hi = min(hi, later.tok_start)
                    break
            near = [t.text.lower().rstrip(".") for t in self.toks[lo:hi] if not self.quoted[t.i]]
            if not forms & set(near):
                continue
            score = len(mods & set(near))
            if best is None or score > best[0]:
                best = (score, n)
            if score == len(mods):
                break
        return self._referent(best[1]) if best is not None else None


__all__ = ["NOMINAL_WINDOW", "ORG_NOUNS", "PRONOUN_PARAGRAPHS", "Coreference", "Referent"]
