"""Speakers: who a subject, an "according to" object or a pronoun names.

:class:`SpeakerFinder` holds one article's parse lookups and turns the subject of a cue
(or the object of "according to") into a :class:`Speaker`: the name and role as written,
the entity it resolves to, the mention the attribution rests on, whom a spokesperson
speaks for, and the document behind "the letter said". Pronouns and office nouns go to
:mod:`corroborator.story.coref`. :mod:`corroborator.story.quotes` decides which cue governs a quote.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from corroborator.lexicon.speech import DOCUMENT_NOUNS, QUOTE_CUE_VERBS, SPEECH_VERBS
from corroborator.model import Attribution, Entity, Parsed, Token, Zone
from corroborator.story.coref import ORG_NOUNS, Coreference

#: Role nouns of someone who speaks for someone else.
SPOKES_NOUNS = frozenset(
    [
        "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "aide",
        "adviser", "advisor", "representative", "lawyer", "attorney", "secretary",
        "strategist", "manager", "official", "staffer", "surrogate", "director"
    ]
)

#: Nouns that name a person by office, for "his office said" after "the minister ...".
ROLE_NOUNS = frozenset(
    [
        "minister", "president", "premier", "chancellor", "governor", "mayor", "commander",
        "general", "admiral", "chief", "leader", "spokesperson", "spokesman", "spokeswoman",
        "secretary", "ambassador", "director", "head", "officer", "chairman", "chairwoman",
        "chair", "ceo", "senator", "lawmaker", "king", "queen", "prince", "emir"
    ]
)

#: Titles before a personal name ("Dr", "Gen.", "Councillor").
_TITLES = frozenset(
    [
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "adm", "lt", "col",
        "maj", "capt", "sgt", "cpl", "judge", "justice", "rev", "sir", "dame", "councillor",
        "councilor", "alderman"
    ]
)

#: Verb and particle pairs that report speech ("fired back", "pointed out").
_PHRASAL_CUES = frozenset(
    [
        ("fire", "back"), ("shoot", "back"), ("hit", "back"), ("point", "out"),
        ("lash", "out"), ("speak", "out"), ("chime", "in"), ("weigh", "in"),
        ("spell", "out"), ("push", "back"), ("sound", "off"), ("cut", "in")
    ]
)

#: Speech verbs whose passive subject is the one addressed: "X was asked by Y" (Y speaks).
_ASKING_VERBS = frozenset({"ask", "tell", "question", "press", "challenge", "urge"})

#: Prepositions before a speech verb's gerund whose speaker is the clause's subject
#: ("After saying ..., she left", "X, despite admitting ..., ...", "Y mocked X for
#: calling ...": PolNeAR's annotators give that quotation to Y). On PolNeAR train this
#: gives 6 more annotated quotations their speaker and takes none away (dev: 3).
_GERUND_PREPS = frozenset(
    {"after", "before", "despite", "while", "by", "since", "upon", "without", "for", "over"}
)

#: Dependencies the parser gives a person's name written right before a speech verb
#: that it left without a subject ("..., former mayor Ann Ruud said"): the name is the
#: subject. PolNeAR train: 2 more annotated quotations get their speaker, none loses
#: it (dev: +1).
_STRAY_NAME_DEPS = frozenset({"appos", "conj", "dep", "npadvmod", "compound", "nmod"})

#: Shares of people polled ("62 percent of islanders said"): their words are the report
#: of a poll or survey named earlier in the sentence. PolNeAR train: 5 more annotated
#: quotations get their speaker (the poll), none loses it (dev: no change).
_SHARE_NOUNS = frozenset({"percent", "%", "majority", "plurality", "minority", "half", "third"})

#: Who "I" is in "“...,” I said" outside quotation marks.
AUTHOR = "the author"

#: Subject pronouns that refer back to a person speaker.
PERSON_PRONOUNS = frozenset({"he", "she"})
OTHER_PRONOUNS = frozenset({"it", "they", "we", "i", "you", "this", "that", "which", "who"})
_POSSESSIVES = frozenset({"his", "her"})
#: A person named in one of these roles competes with the speaker for "he/she".
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "conj"})

#: Office nouns that "the <noun>" uses for a person named earlier, besides ROLE_NOUNS.
NOMINAL_ROLES = frozenset(
    [
        "nominee", "candidate", "congressman", "congresswoman", "representative", "justice",
        "judge", "billionaire", "businessman", "businesswoman", "mogul", "incumbent",
        "challenger", "frontrunner", "front-runner", "republican", "democrat", "veteran",
        "star", "actor", "actress", "singer", "host", "anchor", "author", "founder",
        "candidate", "nominee", "speaker", "sheriff", "prosecutor", "attorney", "pastor",
        "bishop", "pope", "coach", "manager", "owner", "candidate", "chairman", "mogul",
        "former", "businessman", "councilman", "councilwoman", "rapper", "comedian"
    ]
)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a cue names: the name and role as written, the entity and the mention."""

    speaker: str | None
    text: str | None
    role: str | None
    person: bool
    mention: tuple[int, int] | None = None  # the speaker mention the attribution rests on
    rule: Attribution = "direct"
    cue: str | None = None
    on_behalf_of: str | None = None
    reason: str | None = None  # why ``text`` is None (a pronoun with no antecedent, ...)


class SpeakerFinder:
    """One article's parse lookups and the speakers named in it."""

    def __init__(
        self,
        parsed: Parsed,
        zones: tuple[Zone, ...],
        entities: tuple[Entity, ...],
        runs: list[tuple[int, int]],
    ):
        self.p = parsed
        self.text = parsed.article.text
        self.toks = parsed.tokens
        self._starts = [t.start for t in self.toks]
        self._ends = [t.end for t in self.toks]
        self._kids: list[list[Token]] = [[] for _ in self.toks]
        for t in self.toks:
            if t.head != t.i:
                self._kids[t.head].append(t)
        self.zones = zones
        aid = parsed.article.id
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions if m.article == aid),
            key=lambda x: (x[0], -x[1]),
        )
        self.runs = runs
        self.quoted = [False] * len(self.toks)
        for s, e in self.runs:
            for t in self._tokens_in(s, e):
                self.quoted[t.i] = True
        self.spoken: list[tuple[int, Speaker]] = []  # (char offset, speaker) so far
        self.coref = Coreference(parsed, self.quoted, entities)

    # ---- helpers

    def _tokens_in(self, start: int, end: int) -> list[Token]:
        # tokens are ordered and do not overlap: those inside are one contiguous run
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_right(self._ends, end)
        return list(self.toks[lo:hi]) if hi > lo else []

    def _para_start(self, char: int) -> int:
        k = self.text.rfind("\n", 0, char)
        return 0 if k < 0 else k + 1

    def _subtree(self, tok: Token) -> list[Token]:
        """Tokens of ``tok``'s subtree (contiguous span from its leftmost to rightmost)."""
        # the dependents reachable within 60 tokens of the span found so far (the
        # window widens as the span grows)
        lo = hi = tok.i
        kids = self._kids
        waiting = list(kids[tok.i])  # dependents of members, not yet in the window
        changed = True
        while changed:
            changed = False
            rest = []
            for t in waiting:
                if lo - 60 <= t.i <= hi + 60:
                    lo, hi = min(lo, t.i), max(hi, t.i)
                    rest.extend(kids[t.i])
                    changed = True
                else:
                    rest.append(t)
            waiting = rest
        return list(self.toks[lo : hi + 1])

    def _is_speech_verb(self, t: Token, quote: bool = False) -> bool:
        lemma = t.lemma.lower()
        particle = {c.text.lower() for c in self._kids[t.i] if c.dep in ("prt", "advmod")}
        # "X went on, “...”", "X fired back", "X pointed out"
        phrasal = (lemma, *sorted(particle)) in _PHRASAL_CUES if particle else False
        going_on = quote and lemma == "go" and "on" in particle
        if t.pos not in ("VERB", "AUX") or not (
            lemma in SPEECH_VERBS or (quote and lemma in QUOTE_CUE_VERBS) or going_on
            or phrasal
        ):
            return False
        if self.quoted[t.i]:
            return False
        return not any(c.dep == "neg" for c in self._children(t))

    def _children(self, t: Token) -> list[Token]:
        lo, hi = t.i - 80, t.i + 80
        return [c for c in self._kids[t.i] if lo <= c.i < hi]

    def _subject(self, verb: Token) -> Token | None:
        subjects = [
            c for c in self._children(verb)
            if c.dep in ("nsubj", "nsubjpass")
            and not self.quoted[c.i]
            and self._same_paragraph(c, verb.start, verb.end)
            and c.text not in _CLAUSE_DASHES | _HYPHENS  # a dash the parser made a noun
        ]
        if len(subjects) > 1:
            # "<clause>, said Maren Holt" parsed with two subjects: the inverted one
            # right after the verb is the speaker
            after = [c for c in subjects if c.i > verb.i and c.pos in ("PROPN", "NOUN")
                     and all(t.dep in ("compound", "amod", "det", "punct") or t.i == c.i
                             for t in self.toks[verb.i + 1 : c.i + 1])]
            if after:
                return after[0]
            # "No wonder Varro said": the name next to the verb, not the idiom's noun
            # (with "and I quote" below, PolNeAR train: +2 annotated quotations, none
            # lost; dev: no change)
            names = [c for c in subjects if c.i < verb.i and c.pos == "PROPN"]
            if names and subjects[0].pos == "NOUN":
                return names[-1]
        if subjects:
            return subjects[0]
        head = self.toks[verb.head]
        before = self.toks[verb.i - 1] if verb.i > 0 else None
        if (
            verb.tag == "VBG" and before is not None and before.pos == "PROPN"
            and before.dep == "pobj" and self.toks[before.head].text.lower() == "of"
            and not self.quoted[before.i]
        ):
            return before  # "footage of Ann Ruud saying ...": the one on the footage
        if verb.dep == "conj" and head.i != verb.i and head.pos in ("VERB", "AUX"):
            outer = self.toks[head.head]
            if (
                head.dep == "ccomp"
                and outer.i != head.i
                and self._is_speech_verb(outer)
                and self._is_speech_verb(verb, quote=True)
            ):
                # "X told Y [the cuts would hurt] and called it ...": the conjunct is
                # X's second statement, not the reported clause's
                return self._subject(outer)
            return self._subject(head)  # "X stood up and said ...": shared subject
        if (
            verb.tag == "VBG"
            and verb.dep in ("advcl", "xcomp", "conj", "dep", "ccomp")
            and head.i != verb.i
            and head.pos in ("VERB", "AUX")
            and self._same_paragraph(head, verb.start, verb.end)
        ):
            # "X hit back, saying ...": the clause's subject; but "X argued that Y would
            # help, saying ..." hangs from the reported clause: the one who argued says it
            top: Token | None = None
            h, seen = head, 0
            while h.dep in ("ccomp", "advcl", "conj", "xcomp", "acl", "relcl", "pcomp", "pobj",
                            "prep", "dobj") and h.head != h.i and seen < 12:
                h, seen = self.toks[h.head], seen + 1
                if self._is_speech_verb(h) and self._same_paragraph(h, verb.start, verb.end):
                    top = h
            return self._subject(top if top is not None else head)
        if verb.tag == "VBG" and verb.dep == "pcomp" and head.text.lower() in _GERUND_PREPS:
            return self._gerund_sayer(head)
        if (
            verb.dep == "acl"
            and verb.tag == "VBG"
            and head.pos in ("PROPN", "NOUN", "PRON")
            and not self.quoted[head.i]
            and self._same_paragraph(head, verb.start, verb.end)
        ):
            if head.pos != "NOUN" or head.lemma.lower() in DOCUMENT_NOUNS:
                return head  # "footage of X asking ...", "a tweet saying ..."
            # "X emailed supporters saying ...", "at one point calling ...": the
            # subject of the clause the noun belongs to (PolNeAR train: 6 more
            # annotated quotations get their speaker, none loses it; dev: no change)
            h, seen = head, 0
            while h.pos not in ("VERB", "AUX") and h.head != h.i and seen < 4:
                h, seen = self.toks[h.head], seen + 1
            return self._subject(h) if h.pos in ("VERB", "AUX") else None
        if verb.dep == "acl" and verb.tag in ("VBD", "VBN") and head.i < verb.i and head.pos in (
            "PROPN",
            "NOUN",
            "ADJ",
        ):
            return head  # "The Cell, a source, announced ..." misparsed as a reduced relative
        prev = self.toks[verb.i - 1] if verb.i > 0 else None
        name = self._appositive_before(verb)
        if name is not None:
            return name
        if (
            prev is not None
            and prev.pos in ("PROPN", "NOUN")
            and not self.quoted[prev.i]
            and self._same_paragraph(prev, verb.start, verb.end)
            and not self._same_paragraph(self.toks[prev.head], prev.start, prev.end)
        ):
            return prev  # a heading glued to the sentence broke the parse: "X told ..."
        if (
            prev is not None
            and prev.pos == "PROPN"
            and prev.ent_type == "PERSON"
            and prev.dep in _STRAY_NAME_DEPS
            and verb.tag in ("VBD", "VBZ", "VBP")
            and not self.quoted[prev.i]
            and self._is_speech_verb(verb, quote=True)
        ):
            return prev  # "Hilde Varro, former mayor Ann Ruud said ...": the name hung
        return None

    def _gerund_sayer(self, prep: Token) -> Token | None:
        """Who speaks in "after saying ...", "despite admitting ...", "Y mocked X for
        calling ...": the subject of the clause the preposition belongs to (the reader
        hears Y's words in "for calling"), or of a speech verb that reports that clause
        ("X said Y mocked Z for calling ...")."""
        clause = self.toks[prep.head]
        if clause.i == prep.i or clause.pos not in ("VERB", "AUX") or not self._same_paragraph(
            clause, prep.start, prep.end
        ):
            return None
        h, seen, top = clause, 0, clause
        while h.dep in ("ccomp", "advcl", "conj", "xcomp") and h.head != h.i and seen < 8:
            h, seen = self.toks[h.head], seen + 1
            if self._is_speech_verb(h) and self._same_paragraph(h, prep.start, prep.end):
                top = h
        return self._subject(top)

    def _appositive_before(self, verb: Token) -> Token | None:
        """"In a statement to the Herald, her adviser, Ansel Varga, said: ...": a
        speech verb left without a subject because the parser hung the name before it as
        an apposition of an earlier noun. The name just before the comma is the subject."""
        if verb.i < 2 or verb.tag not in ("VBD", "VBZ", "VBP") or not self._is_speech_verb(
            verb, quote=True
        ):
            return None
        k = verb.i - 1
        while k > 1 and self.toks[k].pos == "ADV":
            k -= 1  # "X, the chief of Y, forcefully told ..."
        comma, name = self.toks[k], self.toks[k - 1]
        # "X, the chief executive of the Urban League, told": the name the apposition is of
        h, seen = name, 0
        while name.ent_type != "PERSON" and h.dep != "appos" and h.head < k and seen < 8:
            h, seen = self.toks[h.head], seen + 1
        if name.ent_type != "PERSON" and h.dep == "appos" and h.head < h.i:
            name = self.toks[h.head]
        if (
            comma.text != ","
            or name.pos != "PROPN"
            or name.ent_type != "PERSON"
            or name.dep not in ("appos", "conj", "pobj")
            or self.quoted[name.i]
            or not self._same_paragraph(name, verb.start, verb.end)
            or self.toks[name.head].i > name.i
        ):
            return None
        return name

    def _same_paragraph(self, t: Token, start: int, end: int) -> bool:
        """No line break between the token and the quote ``[start, end)``."""
        lo, hi = (t.end, start) if t.end <= start else (end, t.start)
        return "\n" not in self.text[lo:hi]

    # ---- speakers

    def _speaker_of(self, verb: Token) -> Speaker | None:
        subj = self._subject(verb)
        if subj is None:
            return None
        head = self.toks[verb.head]
        if subj.text == "I" and verb.lemma.lower() == "quote" and head.i != verb.i and (
            self._is_speech_verb(head)
        ):
            return self._speaker_of(head)  # "X said, and I quote, “...”": X's words
        if subj.dep == "nsubjpass" and verb.lemma.lower() in _ASKING_VERBS:
            # "X was asked by host Y, “...”": the one asking speaks
            agent = [
                g
                for c in self._children(verb) if c.dep == "agent"
                for g in self._children(c) if g.dep == "pobj" and not self.quoted[g.i]
            ]
            if agent:
                subj = agent[0]
        spk = self._speaker_for_subject(subj, verb.text)
        if spk is None and subj.text.lower() in ("who", "that", "which") and verb.dep == "relcl":
            head = self.toks[verb.head]  # "..., said X, who added that “...”"
            if head.i != subj.i and not self.quoted[head.i]:
                spk = self._speaker_for_subject(head, verb.text)
                if spk is not None and not (spk.rule == "document" and spk.role is not None):
                    # the mention is the relative pronoun, resolved to X (but "X released
                    # a video that said ...": the issuer speaks through the document)
                    spk = replace(spk, mention=(subj.start, subj.end))
        return spk

    def _speaker_for_subject(self, subj: Token, cue: str) -> Speaker | None:
        """The speaker a subject (or "according to" object) names, with its mention."""
        low = subj.text.lower()
        if low in PERSON_PRONOUNS or low in ("they", "it"):
            return self._pronoun_speaker(subj, cue)
        if low == "i":
            # ("X said, and I quote, “...”": the author only passes X's words on)
            return self.author(subj, cue) if cue.lower() != "quote" else None
        if low in OTHER_PRONOUNS:
            return None
        drop: set[int] = set()
        for c in self._children(subj):
            if c.dep in ("relcl", "acl"):
                drop.update(t.i for t in self._subtree(c))
        phrase = [
            t
            for t in self._subtree(subj)
            if not self.quoted[t.i]
            and t.i not in drop
            and self._same_paragraph(t, subj.start, subj.end)
        ]
        phrase = cut_at_dash(trim_tokens(phrase), subj, self.text)
        if not phrase:
            return None
        mention = (phrase[0].start, phrase[-1].end)
        written = self.text[mention[0] : mention[1]]
        poss = [t for t in phrase if t.text.lower() in _POSSESSIVES and t.head == subj.i]
        if poss and subj.pos == "NOUN" and subj.lemma.lower() not in DOCUMENT_NOUNS:
            # "His former partner at Nordlys, Lars Eide, called ...": the name set beside
            named = self._apposed_person(phrase)
            if named is not None:
                return replace(named, mention=mention, cue=cue)
            owner = self._owner(poss[0])
            if owner is None:
                return None
            return Speaker(None, f"{subj.text} of {owner}", subj.text, False, mention,
                            "direct", cue)
        if subj.lemma.lower() in _SHARE_NOUNS:
            # "In a Tolvik Post poll, 75 percent of voters said “...”": the poll reports it
            sent = self.p.sentence_of(subj.start)
            polls = [t for t in (self.p.sentence_tokens(sent) if sent else ()) if t.i < subj.i
                     and t.lemma.lower() in ("poll", "survey") and not self.quoted[t.i]]
            sub = trim_tokens(self._subtree(polls[-1])) if polls else []
            if sub:
                return self._document(polls[-1], sub, (sub[0].start, sub[-1].end), cue)
        if subj.pos == "NOUN" and subj.lemma.lower() in DOCUMENT_NOUNS:
            issuer = self._issuer(subj)
            if issuer is not None:
                # "X released a statement saying ...": X speaks through the statement
                spk = self._speaker_for_subject(issuer, cue)
                if spk is not None and spk.text is not None:
                    return replace(spk, rule="document", role=written)
            return self._document(subj, phrase, mention, cue)
        if subj.pos == "NOUN" and self._is_nominal(subj, phrase):
            ref = self.coref.nominal(subj, phrase)
            if ref is not None:
                return Speaker(ref.entity, ref.text, written, ref.person, mention, "nominal", cue)
        spk = self._name_and_role(subj, phrase)
        behalf = _on_behalf_of(spk.role) if spk.role else None
        return replace(spk, mention=mention, cue=cue, on_behalf_of=behalf)

    def _apposed_person(self, phrase: list[Token]) -> Speaker | None:
        """The one person's name in apposition inside a subject phrase, with the rest of
        the phrase as the role."""
        names = {
            (ps, pe): ent for ps, pe, ent in self.person_spans(phrase)
            if self._tokens_in(ps, pe) and self._tokens_in(ps, pe)[-1].dep == "appos"
        }
        if len(names) != 1:
            return None
        (ps, pe), ent = next(iter(names.items()))
        role = self.text[phrase[0].start : ps].strip(" ,") or None
        return Speaker(ent, self.text[ps:pe], role, True)

    def person_spans(self, phrase: list[Token]) -> list[tuple[int, int, str | None]]:
        """People named inside the phrase: the parser's PERSON spans and the resolved
        entities' person mentions, with the entity id where there is one."""
        if not phrase:
            return []
        s, e = phrase[0].start, phrase[-1].end
        out: list[tuple[int, int, str | None]] = [
            (ms, me, en.id) for ms, me, en in self.mentions
            if s <= ms and me <= e and en.type.upper() in ("PERSON", "PER")
        ]
        for x in self.p.ents:
            if x.label == "PERSON" and s <= x.start and x.end <= e and not any(
                ms < x.end and x.start < me for ms, me, _ in out
            ):
                out.append((x.start, x.end, None))
        return out

    def author(self, subj: Token, cue: str) -> Speaker:
        """"I said" outside quotation marks: the article's author, who is not named in
        it (no entity; not a person "he" or "she" could refer back to)."""
        return Speaker(None, AUTHOR, None, False, (subj.start, subj.end), "pronoun", cue)

    def _pronoun_speaker(self, subj: Token, cue: str) -> Speaker:
        here = (subj.start, subj.end)
        if subj.text.lower() in PERSON_PRONOUNS:
            spk = self._resolve_pronoun(subj.start, subj.text)
            if spk is not None:
                return replace(spk, mention=here, rule="pronoun", cue=cue)
        spoken = [(pos, *sp.mention) for pos, sp in self.spoken if sp.mention and sp.person]
        ref = self.coref.pronoun(subj, spoken)
        if ref is None:
            return Speaker(None, None, None, subj.text.lower() in PERSON_PRONOUNS, here,
                            "pronoun", cue,
                            reason=f"no earlier name agrees with \u201c{subj.text}\u201d")
        return Speaker(ref.entity, ref.text, None, ref.person, here, "pronoun", cue)

    def _is_nominal(self, subj: Token, phrase: list[Token]) -> bool:
        """"the governor", "the Democratic nominee": a definite office noun, no name."""
        if any(t.pos == "PROPN" and t.ent_type in ("PERSON", "ORG") for t in phrase):
            return False
        det = [t for t in phrase if t.dep == "det" and t.head == subj.i]
        if not det or det[0].text.lower() not in ("the", "this"):
            return False
        word = subj.lemma.lower()
        return word in ROLE_NOUNS or word in NOMINAL_ROLES or word in ORG_NOUNS

    def _issuer(self, doc: Token) -> Token | None:
        """Who issued a document that is the object of "released/issued/sent": the
        subject of that verb, or the agent of "sent out by X"."""
        for c in self._children(doc):
            if c.dep == "acl" and c.tag == "VBN":
                for g in self._children(c):
                    if g.dep == "agent":
                        objs = [o for o in self._children(g) if o.dep == "pobj"]
                        if objs and not self.quoted[objs[0].i]:
                            return objs[0]
        head = self.toks[doc.head]
        if doc.dep == "dobj" and head.pos == "VERB" and head.i != doc.i:
            subj = self._subject(head)
            if subj is not None and subj.i != doc.i and (
                subj.pos == "PROPN" or subj.ent_type in ("PERSON", "ORG")
                or subj.text.lower() in PERSON_PRONOUNS
                # "His office put out a statement", "the Ruud campaign sent a release"
                # (with "X released a video that said": PolNeAR train +7 annotated
                # quotations get their speaker, one loses it; dev +1)
                or (subj.pos == "NOUN" and subj.lemma.lower() in ORG_NOUNS | SPOKES_NOUNS)
            ):
                return subj
        return None

    def _document(
        self, subj: Token, phrase: list[Token], mention: tuple[int, int], cue: str
    ) -> Speaker:
        """"the letter said", "X's ad says", "a report by Y": the document, and its author."""
        author: Token | None = None
        for c in self._children(subj):
            if c.dep == "poss" and c.text.lower() not in _POSSESSIVES:
                author = c
            elif c.dep == "prep" and c.text.lower() in ("from", "by", "of"):
                objs = [g for g in self._children(c) if g.dep == "pobj" and g.pos == "PROPN"]
                if objs:
                    author = objs[0]
        written = self.text[mention[0] : mention[1]]
        if author is None:
            return Speaker(None, written, None, False, mention, "document", cue)
        sub = trim_tokens([t for t in self._subtree(author) if t.dep != "case"])
        named = self._name_and_role(author, sub) if sub else None
        who = named.text if named is not None else author.text
        return Speaker(named.speaker if named else None, written, None, False, mention,
                        "document", cue, on_behalf_of=who)

    def _name_and_role(self, head: Token, phrase: list[Token]) -> Speaker:
        """Split a subject phrase into the name (resolved to an entity) and the role."""
        s, e = phrase[0].start, phrase[-1].end
        # an apposition ("X, the head of Y") is the role, not part of the name
        app_span: tuple[int, int] | None = None
        for c in self._children(head):
            if c.dep == "appos":
                sub = trim_tokens(self._subtree(c))
                if sub:
                    app_span = (sub[0].start, sub[-1].end)
                break
        name_s, name_e = s, e
        pe = self._appositive_name(head, app_span) if app_span is not None else None
        if app_span is not None and pe is not None:
            # "the chief inspector, Paul Okafor, said": the name is the apposition
            role_text = self.text[s : rtrim_comma(self.text, s, app_span[0])]
            hit = next(
                ((ms, me, en) for ms, me, en in self.mentions if ms < pe[1] and pe[0] < me), None
            )
            return Speaker(
                hit[2].id if hit else None, self.text[pe[0] : pe[1]], role_text or None, True
            )
        if app_span is not None:
            if app_span[0] > head.start:
                name_e = rtrim_comma(self.text, s, app_span[0])
            else:
                name_s = app_span[1]
        ent_hit = self._entity_in(name_s, name_e, head)
        person_ent = self._spacy_ent(name_s, name_e, ("PERSON",), head)
        if person_ent is None:
            # "Mayor Annika Veldt": a title before a proper name marks a person
            person_ent = self._titled_name(head, name_s)
        person = False
        speaker_id: str | None = None
        name: tuple[int, int]
        if ent_hit is not None:
            ms, me, ent = ent_hit
            person = ent.type.upper() in ("PERSON", "PER")
            if person_ent is not None and ms < person_ent[1] and person_ent[0] < me:
                ms, me = person_ent  # the person's name without the title around it
                person = True
            name, speaker_id = (ms, me), ent.id
        elif person_ent is not None:
            name, person = person_ent, True
        else:
            other = self._spacy_ent(name_s, name_e, ("ORG", "GPE", "FAC", "NORP"), head)
            name = other if other is not None else (name_s, name_e)
        role: str | None = None
        if app_span is not None and (person or re.search(r"\b[a-z]{3,}", self.text[
            app_span[0] : app_span[1]
        ])):
            role = self.text[app_span[0] : app_span[1]]
        elif person and name[0] > s:
            role = self.text[s : name[0]].strip(" ,") or None
        speaker_text = self.text[name[0] : name[1]].strip(" ,")
        if not person and " " not in speaker_text and speaker_text[:1].isupper():
            # a surname seen before as a person speaker ("Olav Brekke" ... "Brekke said")
            person = any(
                sp.person and (sp.text or " ").split()[-1] == speaker_text
                for _, sp in self.spoken
            )
        return Speaker(speaker_id, speaker_text, role, person)

    def _appositive_name(
        self, head: Token, app_span: tuple[int, int]
    ) -> tuple[int, int] | None:
        """The person's name when a common-noun subject has a name in apposition
        ("One farmer, Ewan Tollan, says"), else None."""
        if head.pos != "NOUN" or app_span[0] < head.end:
            return None
        pe = self._spacy_ent(app_span[0], app_span[1], ("PERSON",), None)
        if pe is not None:
            return pe
        for ms, me, ent in self.mentions:
            if app_span[0] <= ms and me <= app_span[1] and ent.type.upper() in ("PERSON", "PER"):
                return ms, me
        toks = self._tokens_in(app_span[0], app_span[1])
        if toks and len(toks) <= 4 and all(t.pos == "PROPN" and t.text[:1].isupper() for t in toks):
            return app_span
        return None

    def _titled_name(self, head: Token, start: int) -> tuple[int, int] | None:
        """The name span after a title or office noun in "Mayor Annika Veldt"."""
        if head.pos != "PROPN":
            return None
        left = [t for t in self.toks[max(0, head.i - 8) : head.i] if t.start >= start]
        cut = None
        for t in left:
            low = t.text.lower().rstrip(".")
            if low in ROLE_NOUNS or low in _TITLES:
                cut = t.i
        if cut is None:
            return None
        name = self.toks[cut + 1 : head.i + 1]
        if not name or not all(t.pos == "PROPN" and t.text[:1].isupper() for t in name):
            return None
        return name[0].start, name[-1].end

    def _entity_in(self, s: int, e: int, head: Token) -> tuple[int, int, Entity] | None:
        """The entity mention that holds the phrase's head word (persons first)."""
        hits = [
            (ms, me, ent)
            for ms, me, ent in self.mentions
            if ms < e and s < me and ms <= head.start and head.end <= me
        ]
        if not hits:
            return None
        hits.sort(key=lambda h: (h[2].type.upper() not in ("PERSON", "PER"), -(h[1] - h[0])))
        return hits[0]

    def _spacy_ent(
        self, s: int, e: int, labels: tuple[str, ...], head: Token | None
    ) -> tuple[int, int] | None:
        """A parser entity inside ``[s, e)`` that holds the head word (if one is given)."""
        for ent in self.p.ents:
            if (
                ent.label in labels
                and ent.start >= s
                and ent.end <= e
                and (head is None or (ent.start <= head.start and head.end <= ent.end))
            ):
                return ent.start, ent.end
        return None

    def _owner(self, pron: Token) -> str | None:
        """Who "his/her" in "his office said" refers to: a person speaker or a person
        named (or a person-role noun phrase) earlier in the same sentence."""
        spk = self._resolve_pronoun(pron.start)
        if spk is not None:
            return spk.text
        sent = self.p.sentence_of(pron.start)
        if sent is None:
            return None
        best: str | None = None
        for t in self.p.sentence_tokens(sent):
            if t.i >= pron.i:
                break
            if t.ent_type == "PERSON" and t.dep == "nsubj":
                ent = next((x for x in self.p.ents if x.tok_start <= t.i < x.tok_end), None)
                best = ent.text if ent else t.text
            elif t.pos == "NOUN" and t.lemma.lower() in ROLE_NOUNS and t.dep == "nsubj":
                sub = trim_tokens(self._subtree(t))
                best = self.text[sub[0].start : sub[-1].end] if sub else t.text
        return best

    def _resolve_pronoun(self, char: int, pronoun: str = "") -> Speaker | None:
        """The latest person speaker in this paragraph or the sentence before, if unique
        (and, for "he"/"she", not known to be of the other gender)."""
        want = {"he": "m", "she": "f"}.get(pronoun.lower())
        para = self._para_start(char)
        sent = self.p.sentence_of(char)
        prev_sent = None
        if sent is not None:
            earlier = [x for x in self.p.sentences if x.end <= sent.start]
            prev_sent = earlier[-1] if earlier else None
        window_start = min(para, prev_sent.start if prev_sent else para)
        for pos, spk in sorted((x for x in self.spoken if x[0] < char), key=lambda x: -x[0]):
            if pos < window_start:
                break
            known = self.coref.gender.get((spk.text or " ").split()[-1])
            if not spk.person or (want is not None and known not in (want, None)) or (
                # a name the parser did not type as a person needs its gender known
                want is not None and known is None and not self._typed_person(spk)
            ):
                continue
            # ambiguous if another person is named between that quote and the pronoun
            names = {
                self.text[x.start : x.end]
                for x in self.p.ents
                if x.label == "PERSON"
                and pos <= x.start < char
                and self.toks[x.tok_end - 1].dep in _ARGUMENT_DEPS
            }
            last = spk.text.split()[-1] if spk.text else ""
            if any(last not in nm and nm not in (spk.text or "") for nm in names):
                return None
            return spk
        return self._single_person_named(window_start, char)

    def _typed_person(self, spk: Speaker) -> bool:
        """The parser typed the speaker's mention (or its name) as a person."""
        if spk.mention is None:
            return True
        s, e = spk.mention
        return any(x.label == "PERSON" and x.start < e and s < x.end for x in self.p.ents)

    def _single_person_named(self, start: int, end: int) -> Speaker | None:
        """The one person named as a subject in ``[start, end)``; None if zero or several."""
        found: dict[str, Speaker] = {}
        for t in self.toks:
            if start <= t.start and t.end <= end and t.dep in ("nsubj", "nsubjpass"):
                titled = self._titled_name(t, start)
                if titled is not None:
                    phrase = trim_tokens(self._subtree(t))
                    named = self._name_and_role(t, phrase)
                    found[(named.text or " ").split()[-1]] = Speaker(
                        named.speaker, named.text, named.role, True
                    )
        speaking = {(sp.text or " ").split()[-1] for _, sp in self.spoken if sp.person}
        for ent in self.p.ents:
            if not (start <= ent.start and ent.end <= end) or not (
                ent.label == "PERSON"
                # ("Ford" typed ORG throughout, but quoted as a person)
                or (ent.label == "ORG" and ent.text.split()[-1] in speaking)
            ):
                continue
            head = self.toks[ent.tok_end - 1]
            if head.dep not in ("nsubj", "nsubjpass"):
                found.setdefault(ent.text.split()[-1], Speaker(None, ent.text, None, True))
                continue
            phrase = trim_tokens(self._subtree(head))
            spk = self._name_and_role(head, phrase) if phrase else None
            if spk is not None:
                found[ent.text.split()[-1]] = Speaker(spk.speaker, spk.text, spk.role, True)
        if len(found) != 1:
            return None
        return next(iter(found.values()))

def _on_behalf_of(role: str) -> str | None:
    """Whom a spokesperson speaks for: "a spokesman for the Ruud campaign" gives "the Ruud
    campaign", "campaign spokesman" gives "the campaign"."""
    m = re.search(r"\b(" + "|".join(sorted(SPOKES_NOUNS)) + r")\b", role, re.IGNORECASE)
    if m is None:
        return None
    after = re.match(r"\s+(?:for|to|of|at|with)\s+(.+)", role[m.end() :])
    if after:
        return after.group(1).strip(" ,.")
    before = re.sub(r"^(?:an?|the)\b\s*", "", role[: m.start()].strip(" ,"), flags=re.IGNORECASE)
    before = re.sub(r"\b(?:senior|chief|deputy|top|national|press|longtime|former)\b\s*", "",
                    before, flags=re.IGNORECASE).strip()
    if not before:
        return None
    if before.lower() in ORG_NOUNS:
        return f"the {before.lower()}"  # "Campaign spokesman X" opening a sentence
    return before if before[:1].isupper() else f"the {before}"


#: Dashes that set off a clause ("left the hall ― Varro replied"); a hyphen or en dash does
#: only with a space beside it ("Geun-hye", "R-Wis." are one name).
_CLAUSE_DASHES = frozenset({"--", "\u2015", "\u2014"})
_HYPHENS = frozenset({"-", "\u2013"})


_RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose", "that", "what"})


def is_dash(t: Token, text: str) -> bool:
    """The token is a dash between clauses, not a hyphen inside a word."""
    if t.text in _CLAUSE_DASHES:
        return True
    return t.text in _HYPHENS and (
        t.start == 0 or text[t.start - 1].isspace() or t.end >= len(text) or text[t.end].isspace()
    )


def nominal_phrase(phrase: Sequence[Token], text: str) -> bool:
    """The words can be a speaker mention: a noun phrase (a name, a noun with its
    modifiers, a pronoun), not a clause fragment ("compared to 11% of ... claims –"): no
    dash, no verb but a modifier ("a newly elected senator"), not opening with a
    preposition, verb, subordinator or particle."""
    if not phrase or phrase[0].pos in ("ADP", "SCONJ", "PART") or _verb(phrase[0]) or (
        phrase[0].text.lower() in _RELATIVE_PRONOUNS
    ):
        return False
    return not any(is_dash(t, text) or (_verb(t) and t.dep not in ("amod", "compound"))
                   for t in phrase)


def _verb(t: Token) -> bool:
    """A verb by its tag and its case ("Tulsa police chief": a name the tagger made a
    verb); a bare base form opening a noun phrase is a noun it mistook ("screenwriter")."""
    return t.pos in ("VERB", "AUX") and t.text[:1].islower() and t.tag != "VB"


def cut_at_dash(phrase: list[Token], head: Token, text: str) -> list[Token]:
    """The part of a subject phrase between the dashes around its head word."""
    lo, hi = 0, len(phrase)
    for k, t in enumerate(phrase):
        if is_dash(t, text):
            if t.i < head.i:
                lo = k + 1
            elif k < hi:
                hi = k
    return trim_tokens(phrase[lo:hi])


def rtrim_comma(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,\n":
        end -= 1
    return end


def trim_tokens(toks: list[Token]) -> list[Token]:
    """Drop leading/trailing punctuation and conjunctions from a token run."""
    i, j = 0, len(toks)
    while i < j and (toks[i].pos in ("PUNCT", "CCONJ", "SPACE") or toks[i].text.isspace()):
        i += 1
    while j > i and (toks[j - 1].pos in ("PUNCT", "CCONJ", "SPACE") or toks[j - 1].text.isspace()):
        j -= 1
    return toks[i:j]


__all__ = [
    "AUTHOR",
    "NOMINAL_ROLES",
    "OTHER_PRONOUNS",
    "PERSON_PRONOUNS",
    "ROLE_NOUNS",
    "SPOKES_NOUNS",
    "Speaker",
    "SpeakerFinder",
    "cut_at_dash",
    "is_dash",
    "nominal_phrase",
    "rtrim_comma",
    "trim_tokens",
]
