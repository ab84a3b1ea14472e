"""Who said what: direct quotes and indirect (reported) speech, with their speakers.

:func:`find_quotes` works on reporting zones only and finds

* direct quotes in straight or curly marks, also when they span sentences or paragraphs
  (a paragraph that opens a quote and does not close it continues into the next
  paragraph, which reopens it) and when the attribution splits them
  ("“A,” she said. “B.”" gives both parts the same speaker);
* indirect speech: "X said (that) ...", "..., X said", "according to X, ...",
  "X told CNN ...", "X noted/added/stressed/announced/confirmed ..." (``direct=False``,
  ``text`` = the reported clause).

The speaker is the subject of the speech verb that governs the quote. It resolves to an
entity id when its words overlap one of the entity's mentions; titles and appositions
are kept apart as ``role`` ("Water Resources Minister", "the head of CENTCOM"). "He/she
said" takes the latest person speaker of the same paragraph (or the sentence before),
only when no other person is named in between; "his office said" gives
"office of <that person>". A quote with no attribution keeps ``speaker=None`` and
``speaker_text=None``: nothing is guessed. Short quoted phrases (scare quotes) are
skipped unless they are attributed as speech.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corroborator.model import Entity, Parsed, Quote, Span, Token, Zone
from corroborator.zones import is_reporting

#: Quoted runs of at most this many words inside a sentence are scare quotes ("a
#: “complete withdrawal”") unless a speech verb attributes them as an utterance. The
#: seed articles' scare quotes have 1-4 words; their partial quotes 6 or more.
SCARE_QUOTE_MAX_WORDS = 4

#: An indirect-speech clause needs at least this many words ("X said it would", 3 words,
#: carries nothing a reader can use).
INDIRECT_MIN_WORDS = 4

#: Two indirect quotes whose clauses overlap this much are one report ("..., according to
#: X, CNN reported"): the first found is kept.
INDIRECT_OVERLAP_MAX = 0.8

#: Lemmas of verbs that report speech.
SPEECH_VERBS = frozenset(
    [
        "say", "tell", "state", "announce", "confirm", "note", "add", "stress", "emphasize",
        "emphasise", "report", "claim", "insist", "argue", "warn", "explain", "acknowledge",
        "deny", "reiterate", "write", "declare", "assert", "suggest", "indicate", "admit",
        "allege", "maintain", "promise", "vow", "predict", "caution", "contend", "concede",
        "disclose", "reveal", "tweet", "testify", "recall", "observe", "complain", "reply",
        "respond"
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

#: Subject pronouns that refer back to a person speaker.
_PERSON_PRONOUNS = frozenset({"he", "she"})
_OTHER_PRONOUNS = frozenset({"it", "they", "we", "i", "you", "this", "that", "which", "who"})
_POSSESSIVES = frozenset({"his", "her"})
#: A person named in one of these roles competes with the speaker for "he/she".
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "pobj", "conj"})

_OPEN = "“"
_CLOSE = "”"
_STRAIGHT = '"'
_QUOTE_OR_NEWLINE = re.compile(f"[\n{_OPEN}{_CLOSE}{_STRAIGHT}]")


@dataclass(frozen=True, slots=True)
class _Speaker:
    speaker: str | None
    text: str
    role: str | None
    person: bool


# --------------------------------------------------------------------------- public


def find_quotes(
    parsed: Sequence[Parsed],
    zones: Mapping[str, tuple[Zone, ...]],
    entities: tuple[Entity, ...],
) -> tuple[Quote, ...]:
    """Direct and indirect quotes of every article, in text order per article."""
    out: list[Quote] = []
    for p in parsed:
        out.extend(_ArticleQuotes(p, zones.get(p.article.id, ()), entities).run())
    return tuple(out)


# --------------------------------------------------------------------------- quote runs


def quote_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every quoted run, merging paragraph continuations.

    ``start`` is just after the opening mark, ``end`` just before the closing one (or the
    paragraph end of an unclosed run that does not continue).
    """
    runs: list[tuple[int, int]] = []
    i, n = 0, len(text)
    start: int | None = None
    while i < n:
        # only line breaks and quotation marks change the state: jump to the next one
        found = _QUOTE_OR_NEWLINE.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "\n" and start is not None:
            # an unclosed quote: does the next paragraph reopen it?
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in (_OPEN, _STRAIGHT) and _opens(text, j):
                i = j + 1
                continue
            runs.append((start, _rstrip(text, start, i)))
            start = None
        elif start is None and (ch == _OPEN or (ch == _STRAIGHT and _opens(text, i))):
            start = i + 1
        elif start is not None and (ch == _CLOSE or (ch == _STRAIGHT and not _opens(text, i))):
            if i > start:
                runs.append((start, i))
            start = None
        i += 1
    if start is not None and start < n:
        runs.append((start, _rstrip(text, start, n)))
    return runs


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it follows a space/start/bracket and precedes a word."""
    if text[i] == _OPEN:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --------------------------------------------------------------------------- per article


class _ArticleQuotes:
    """The quote finder for one article (holds the token lookups it needs)."""

    def __init__(self, parsed: Parsed, zones: tuple[Zone, ...], entities: tuple[Entity, ...]):
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
        self.runs = [r for r in quote_runs(self.text) if is_reporting(zones, r[0], r[1])]
        self.quoted = [False] * len(self.toks)
        for s, e in self.runs:
            for t in self._tokens_in(s, e):
                self.quoted[t.i] = True
        self.spoken: list[tuple[int, _Speaker]] = []  # (char offset, speaker) so far

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

    def _is_speech_verb(self, t: Token) -> bool:
        if t.lemma.lower() not in SPEECH_VERBS or t.pos not in ("VERB", "AUX"):
            return False
        if self.quoted[t.i]:
            return False
        return not any(c.dep == "neg" for c in self._children(t))

    def _children(self, t: Token) -> list[Token]:
        lo, hi = t.i - 80, t.i + 80
        return [c for c in self._kids[t.i] if lo <= c.i < hi]

    def _subject(self, verb: Token) -> Token | None:
        for c in self._children(verb):
            if (
                c.dep in ("nsubj", "nsubjpass")
                and not self.quoted[c.i]
                and self._same_paragraph(c, verb.start, verb.end)
            ):
                return c
        head = self.toks[verb.head]
        if verb.dep == "conj" and head.i != verb.i and head.pos in ("VERB", "AUX"):
            return self._subject(head)  # "X stood up and said ...": shared subject
        if verb.dep == "acl" and verb.tag in ("VBD", "VBN") and head.i < verb.i and head.pos in (
            "PROPN",
            "NOUN",
        ):
            return head  # "The Cell, a source, announced ..." misparsed as a reduced relative
        prev = self.toks[verb.i - 1] if verb.i > 0 else None
        if (
            prev is not None
            and prev.pos in ("PROPN", "NOUN")
            and not self.quoted[prev.i]
            and self._same_paragraph(prev, verb.start, verb.end)
            and not self._same_paragraph(self.toks[prev.head], prev.start, prev.end)
        ):
            return prev  # a heading glued to the sentence broke the parse: "X told ..."
        return None

    # ---- main

    def run(self) -> list[Quote]:
        out: list[Quote] = []
        direct = [q for q in (self._direct(s, e) for s, e in self.runs) if q is not None]
        out.extend(direct)
        out.extend(self._indirect(direct))
        out.sort(key=lambda q: q.citation.start)
        return out

    # ---- direct

    def _direct(self, start: int, end: int) -> Quote | None:
        inner = self.text[start:end]
        n_words = len(re.findall(r"\w+", inner))
        toks = self._tokens_in(start, end)
        if not toks or n_words == 0:
            return None
        verb = self._governing_speech_verb(toks, start, end)
        spk = self._speaker_of(verb) if verb is not None else None
        utterance = self._stands_alone(start, end)
        if spk is None and verb is None and self._stands_alone(start, end):
            spk = self._previous_in_paragraph(start)
        attributed = spk is not None or verb is not None
        if n_words <= SCARE_QUOTE_MAX_WORDS and not (attributed and utterance):
            return None
        if spk is not None:
            self.spoken.append((start, spk))
        clean = re.sub(r"\s*\n\s*[“\"]?", " ", inner).strip()
        return Quote(
            speaker=spk.speaker if spk else None,
            speaker_text=spk.text if spk else None,
            text=clean,
            direct=True,
            citation=Span(self.p.article.id, start, end),
            role=spk.role if spk else None,
        )

    def _stands_alone(self, start: int, end: int) -> bool:
        """The quote makes up its own sentence(s): opened at a sentence start."""
        before = self.text[self._para_start(start) : start - 1].rstrip()
        return not before or before[-1] in ".!?:”\""

    def _governing_speech_verb(self, toks: list[Token], start: int, end: int) -> Token | None:
        """The speech verb outside the quote that the quote's words hang from, if any."""
        best: Token | None = None
        best_dist = 10**9
        for t in toks:
            seen = 0
            h = t
            while h.head != h.i and seen < 40:
                h = self.toks[h.head]
                seen += 1
                if h.start >= start and h.end <= end:
                    continue
                if (
                    self._is_speech_verb(h)
                    and self._subject(h) is not None
                    and self._same_paragraph(h, start, end)
                ):
                    dist = start - h.end if h.end <= start else h.start - end
                    if dist < best_dist:
                        best, best_dist = h, dist
                    break
        if best is not None:
            return best
        # "“A,” he said." parsed with the quote as a separate root: look right after it
        sent = self.p.sentence_of(max(start, end - 1))
        if sent is None:
            return None
        para_end = self.text.find("\n", end)
        limit = min(sent.end, para_end if para_end >= 0 else len(self.text))
        nxt = self.text.find(_OPEN, end, limit)
        if nxt >= 0:
            limit = nxt
        for t in self.p.sentence_tokens(sent):
            if end < t.start < limit and self._is_speech_verb(t) and self._subject(t):
                return t
        return None

    def _same_paragraph(self, t: Token, start: int, end: int) -> bool:
        """No line break between the token and the quote ``[start, end)``."""
        lo, hi = (t.end, start) if t.end <= start else (end, t.start)
        return "\n" not in self.text[lo:hi]

    def _previous_in_paragraph(self, start: int) -> _Speaker | None:
        """Speaker of an earlier quote in the same paragraph (split attribution)."""
        para = self._para_start(start)
        earlier = [x for x in self.spoken if x[0] < start]
        if earlier:
            pos, spk = max(earlier, key=lambda x: x[0])
            if pos >= para:
                return spk
        return None

    # ---- speakers

    def _speaker_of(self, verb: Token) -> _Speaker | None:
        subj = self._subject(verb)
        if subj is None:
            return None
        low = subj.text.lower()
        if low in _PERSON_PRONOUNS:
            return self._resolve_pronoun(subj.start)
        if low in _OTHER_PRONOUNS:
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
        phrase = _trim(phrase)
        if not phrase:
            return None
        poss = [t for t in phrase if t.text.lower() in _POSSESSIVES and t.head == subj.i]
        if poss and subj.pos == "NOUN":
            owner = self._owner(poss[0])
            if owner is None:
                return None
            return _Speaker(None, f"{subj.text} of {owner}", subj.text, False)
        return self._name_and_role(subj, phrase)

    def _name_and_role(self, head: Token, phrase: list[Token]) -> _Speaker:
        """Split a subject phrase into the name (resolved to an entity) and the role."""
        s, e = phrase[0].start, phrase[-1].end
        # an apposition ("X, the head of Y") is the role, not part of the name
        app_span: tuple[int, int] | None = None
        for c in self._children(head):
            if c.dep == "appos":
                sub = _trim(self._subtree(c))
                if sub:
                    app_span = (sub[0].start, sub[-1].end)
                break
        name_s, name_e = s, e
        pe = self._appositive_name(head, app_span) if app_span is not None else None
        if app_span is not None and pe is not None:
            # "the chief inspector, Paul Okafor, said": the name is the apposition
            role_text = self.text[s : _rtrim_comma(self.text, s, app_span[0])]
            hit = next(
                ((ms, me, en) for ms, me, en in self.mentions if ms < pe[1] and pe[0] < me), None
            )
            return _Speaker(
                hit[2].id if hit else None, self.text[pe[0] : pe[1]], role_text or None, True
            )
        if app_span is not None:
            if app_span[0] > head.start:
                name_e = _rtrim_comma(self.text, s, app_span[0])
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
                sp.person and sp.text.split()[-1] == speaker_text for _, sp in self.spoken
            )
        return _Speaker(speaker_id, speaker_text, role, person)

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
                sub = _trim(self._subtree(t))
                best = self.text[sub[0].start : sub[-1].end] if sub else t.text
        return best

    def _resolve_pronoun(self, char: int) -> _Speaker | None:
        """The latest person speaker in this paragraph or the sentence before, if unique."""
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
            if not spk.person:
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
            if any(last not in nm and nm not in spk.text for nm in names):
                return None
            return spk
        return self._single_person_named(window_start, char)

    def _single_person_named(self, start: int, end: int) -> _Speaker | None:
        """The one person named as a subject in ``[start, end)``; None if zero or several."""
        found: dict[str, _Speaker] = {}
        for t in self.toks:
            if start <= t.start and t.end <= end and t.dep in ("nsubj", "nsubjpass"):
                titled = self._titled_name(t, start)
                if titled is not None:
                    phrase = _trim(self._subtree(t))
                    named = self._name_and_role(t, phrase)
                    found[named.text.split()[-1]] = _Speaker(
                        named.speaker, named.text, named.role, True
                    )
        for ent in self.p.ents:
            if ent.label != "PERSON" or not (start <= ent.start and ent.end <= end):
                continue
            head = self.toks[ent.tok_end - 1]
            if head.dep not in ("nsubj", "nsubjpass"):
                found.setdefault(ent.text.split()[-1], _Speaker(None, ent.text, None, True))
                continue
            phrase = _trim(self._subtree(head))
            spk = self._name_and_role(head, phrase) if phrase else None
            if spk is not None:
                found[ent.text.split()[-1]] = _Speaker(spk.speaker, spk.text, spk.role, True)
        if len(found) != 1:
            return None
        return next(iter(found.values()))

    # ---- indirect

    def _indirect(self, direct: list[Quote]) -> list[Quote]:
        out: list[Quote] = []
        spans: list[tuple[int, int]] = []
        for sent in self.p.sentences:
            for t in self.p.sentence_tokens(sent):
                according = t.text.lower() == "according"
                if not according and not self._is_speech_verb(t):
                    continue  # (cheaper than the zone test, and rules out most tokens)
                if not is_reporting(self.zones, t.start, t.end):
                    continue
                found = self._according_to(t) if according else None
                if found is None and self._is_speech_verb(t):
                    found = self._reported_clause(t)
                if found is None:
                    continue
                (cs, ce), spk = found
                cs, ce = self._clip_to_reporting(cs, ce, t.start)
                if spk is None or len(self.text[cs:ce].split()) < INDIRECT_MIN_WORDS:
                    continue
                if any(_overlap((cs, ce), sp) > INDIRECT_OVERLAP_MAX for sp in spans):
                    continue
                if any(
                    _covered((cs, ce), (q.citation.start, q.citation.end)) > 0.5 for q in direct
                ):
                    continue
                spans.append((cs, ce))
                self.spoken.append((t.start, spk))
                out.append(
                    Quote(
                        speaker=spk.speaker,
                        speaker_text=spk.text,
                        text=re.sub(r"\s+", " ", self.text[cs:ce]),
                        direct=False,
                        citation=Span(self.p.article.id, cs, ce),
                        role=spk.role,
                    )
                )
        return out

    def _clip_to_reporting(self, cs: int, ce: int, anchor: int) -> tuple[int, int]:
        """Cut a clause at non-reporting zones (a glued heading or dateline prefix)."""
        for z in self.zones:
            if z.label == "reporting" or not (z.span.start < ce and cs < z.span.end):
                continue
            if z.span.end <= anchor:
                cs = max(cs, z.span.end)
            else:
                ce = min(ce, z.span.start)
        while cs < ce and self.text[cs].isspace():
            cs += 1
        return cs, _rtrim_comma(self.text, cs, ce)

    def _reported_clause(self, verb: Token) -> tuple[tuple[int, int], _Speaker | None] | None:
        if verb.dep == "relcl":
            return None
        clause = [c for c in self._children(verb) if c.dep == "ccomp" and not self.quoted[c.i]]
        if clause:
            # "X said A and that B": the conjoined clause hangs from the first
            toks = self._subtree(clause[0])
        elif verb.dep in ("parataxis", "ccomp") and verb.head < verb.i:
            head = self.toks[verb.head]
            mine = {t.i for t in self._subtree(verb)}
            toks = [t for t in self._subtree(head) if t.i not in mine and t.i < verb.i]
        else:
            toks = self._trailing_attribution(verb)
            if not toks:
                return None
        toks = _trim([t for t in toks if t.text.lower() != "that" or t.dep != "mark"])
        if not toks or toks[0].i < verb.i < toks[-1].i:
            return None
        return (toks[0].start, toks[-1].end), self._speaker_of(verb)

    def _trailing_attribution(self, verb: Token) -> list[Token]:
        """"<clause>, the inspectorate said." when the parse lost the clause: the text of
        the paragraph's sentence before the comma that precedes the subject."""
        subj = self._subject(verb)
        if subj is None:
            return []
        sub = self._subtree(subj)
        comma = sub[0].i - 1
        if comma < 0 or self.toks[comma].text != "," or any(t.i > verb.i for t in sub):
            return []
        sent = self.p.sentence_of(verb.start)
        if sent is None:
            return []
        para = self._para_start(verb.start)
        return [
            t
            for t in self.p.sentence_tokens(sent)
            if t.i < comma and t.start >= para and not self.quoted[t.i]
        ]

    def _according_to(self, tok: Token) -> tuple[tuple[int, int], _Speaker | None] | None:
        nxt = self.toks[tok.i + 1] if tok.i + 1 < len(self.toks) else None
        if nxt is None or nxt.text.lower() != "to":
            return None
        pobj = [c for c in self._children(nxt) if c.dep == "pobj"]
        if not pobj:
            return None
        phrase = _trim(self._subtree(pobj[0]))
        if not phrase:
            return None
        spk = self._name_and_role(pobj[0], phrase)
        sent = self.p.sentence_of(tok.start)
        if sent is None:
            return None
        acc = {t.i for t in self._subtree(tok)} | {t.i for t in phrase}
        rest = [t for t in self.p.sentence_tokens(sent) if t.i not in acc]
        rest = _trim(rest)
        if not rest:
            return None
        # keep the contiguous side of the sentence that holds the claim
        left = [t for t in rest if t.i < tok.i]
        right = [t for t in rest if t.i > tok.i]
        side = _trim(right) if len(_trim(right)) > len(_trim(left)) else _trim(left)
        if not side:
            return None
        return (side[0].start, side[-1].end), spk


def _rtrim_comma(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,\n":
        end -= 1
    return end


def _trim(toks: list[Token]) -> list[Token]:
    """Drop leading/trailing punctuation and conjunctions from a token run."""
    i, j = 0, len(toks)
    while i < j and (toks[i].pos in ("PUNCT", "CCONJ", "SPACE") or toks[i].text.isspace()):
        i += 1
    while j > i and (toks[j - 1].pos in ("PUNCT", "CCONJ", "SPACE") or toks[j - 1].text.isspace()):
        j -= 1
    return toks[i:j]


def _covered(clause: tuple[int, int], quote: tuple[int, int]) -> float:
    """Share of the clause that the quote covers."""
    inter = min(clause[1], quote[1]) - max(clause[0], quote[0])
    return max(0, inter) / max(1, clause[1] - clause[0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


__all__ = ["SPEECH_VERBS", "find_quotes", "quote_runs"]
