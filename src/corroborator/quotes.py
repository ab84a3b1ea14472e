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
from dataclasses import dataclass, replace

from corroborator.coref import ORG_NOUNS, Coreference
from corroborator.model import Attribution, Entity, Parsed, Quote, Span, Token, Zone
from corroborator.zones import is_reporting

#: Quoted runs of at most this many words inside a sentence are scare quotes ("a
#: “complete withdrawal”") unless a speech verb attributes them as an utterance. The
#: seed articles' scare quotes have 1-4 words; their partial quotes 6 or more.
SCARE_QUOTE_MAX_WORDS = 4

#: "Clinton: “...”": at most this many words before a colon make a speaker's name alone
#: (longer runs are a sentence whose verb the parse missed).
COLON_NAME_MAX_TOKENS = 6

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
        "respond", "ask", "demand", "charge", "post", "quip", "joke", "shout", "exclaim",
        "urge", "accuse", "blast", "slam", "scoff", "counter", "retort", "boast", "brag",
        "lament", "plead", "pledge", "rail", "criticize", "criticise", "recount", "remark",
        "answer", "proclaim", "muse", "yell", "scream", "whisper", "concede", "speculate",
        "opine", "agree", "announce", "thunder", "mutter", "quote", "cite", "assure"
    ]
)

#: Verbs that attribute a quotation but not a reported clause: "X called it “a farce”",
#: "X continued: “...”", "the sign read “...”".
QUOTE_CUE_VERBS = frozenset(
    [
        "call", "describe", "label", "dub", "brand", "term", "characterize", "characterise",
        "continue", "read", "sing", "chant", "begin", "conclude", "mock", "summarize",
        "summarise", "wonder", "interrupt", "interject", "echo"
    ]
)

#: Nouns for a document or broadcast that can be a quote's source ("the letter said").
DOCUMENT_NOUNS = frozenset(
    [
        "letter", "report", "statement", "memo", "memorandum", "ad", "advertisement", "spot",
        "email", "e-mail", "tweet", "post", "filing", "complaint", "lawsuit", "suit",
        "document", "study", "survey", "poll", "analysis", "release", "transcript", "book",
        "article", "story", "editorial", "column", "video", "commercial", "petition",
        "indictment", "ruling", "order", "bill", "message", "note", "website", "headline",
        "caption", "sign", "banner", "ballot", "motion", "brief", "verdict", "footage",
        "clip", "piece", "op-ed", "essay", "blog", "interview", "speech", "text", "page",
        "investigation", "review", "audit", "plan", "platform", "proposal", "resolution"
    ]
)

#: Role nouns of someone who speaks for someone else.
SPOKES_NOUNS = frozenset(
    [
        "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "aide",
        "adviser", "advisor", "representative", "lawyer", "attorney", "secretary",
        "strategist", "manager", "official", "staffer", "surrogate", "director"
    ]
)

#: Transcript labels opening a quoted paragraph: "“SMITH: Well, ...".
_TRANSCRIPT_LABEL = re.compile(
    r"\s*([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}"
    r"|[A-Z][a-z.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,2}):\s"
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


@dataclass
class _Run:
    """A quoted run during attribution (mutable only inside :meth:`_ArticleQuotes.run`)."""

    start: int
    end: int
    n_words: int
    cued: bool
    spk: _Speaker | None


@dataclass(frozen=True, slots=True)
class _Speaker:
    speaker: str | None
    text: str | None
    role: str | None
    person: bool
    mention: tuple[int, int] | None = None  # the speaker mention the attribution rests on
    rule: Attribution = "direct"
    cue: str | None = None
    on_behalf_of: str | None = None
    reason: str | None = None  # why ``text`` is None (a pronoun with no antecedent, ...)


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
        elif start is None and (
            ch == _OPEN or (ch == _STRAIGHT and _opens(text, i)) or _misturned(text, i)
        ):
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


def _misturned(text: str, i: int) -> bool:
    """A closing mark typed for an opening one at a paragraph start: "\n”We will ..."."""
    return (
        text[i] == _CLOSE
        and (i == 0 or text[i - 1] == "\n")
        and i + 1 < len(text)
        and not text[i + 1].isspace()
        and _CLOSE in text[i + 1 : text.find("\n", i) if "\n" in text[i:] else len(text)]
    )


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
        # every direct quote given a speaker mention so far, resolved or not ("he" with no
        # antecedent still carries the next quotation of the paragraph)
        self.attributed: list[tuple[int, _Speaker]] = []
        self._run_end = dict(self.runs)  # quote start -> end
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
        going_on = quote and lemma == "go" and any(
            c.dep == "prt" and c.text.lower() == "on" for c in self._kids[t.i]
        )  # "X went on, “...”"
        if t.pos not in ("VERB", "AUX") or not (
            lemma in SPEECH_VERBS or (quote and lemma in QUOTE_CUE_VERBS) or going_on
        ):
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
        if (
            verb.dep == "acl"
            and verb.tag == "VBG"
            and head.pos in ("PROPN", "NOUN", "PRON")
            and not self.quoted[head.i]
            and self._same_paragraph(head, verb.start, verb.end)
        ):
            return head  # "footage of X asking ...", "a tweet saying ..."
        if verb.dep == "acl" and verb.tag in ("VBD", "VBN") and head.i < verb.i and head.pos in (
            "PROPN",
            "NOUN",
            "ADJ",
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
        # 1. quotes with a cue of their own ("X said", "according to X")
        found = [f for f in (self._cued(s, e) for s, e in self.runs) if f is not None]
        # 2. the others: transcript label, colon introduction, continuation
        for k, f in enumerate(found):
            if f.spk is None:
                f.spk = self._fallback(f, found, k)
                if f.spk is not None and f.spk.text is not None:
                    self.spoken.append((f.start, f.spk))
            if f.spk is not None:
                self.attributed.append((f.start, f.spk))
            q = self._direct_quote(f)
            if q is not None:
                out.append(q)
        out.extend(self._indirect(out))
        out.sort(key=lambda q: q.citation.start)
        return out

    # ---- direct

    def _cued(self, start: int, end: int) -> _Run | None:
        inner = self.text[start:end]
        n_words = len(re.findall(r"\w+", inner))
        toks = self._tokens_in(start, end)
        if not toks or n_words == 0:
            return None
        verb = self._governing_speech_verb(toks, start, end)
        spk = self._speaker_of(verb) if verb is not None else None
        if spk is None:
            spk = self._according_in_sentence(start, end)
        if spk is None and verb is None:
            spk = self._trailing_cue(end) or self._leading_cue(start)
        if spk is not None and spk.text is not None:
            self.spoken.append((start, spk))
        return _Run(start, end, n_words, verb is not None or spk is not None, spk)

    def _direct_quote(self, f: _Run) -> Quote | None:
        spk = f.spk
        utterance = self._stands_alone(f.start, f.end)
        if f.n_words <= SCARE_QUOTE_MAX_WORDS and not (f.cued or (spk is not None and utterance)):
            return None
        inner = self.text[f.start : f.end]
        clean = re.sub(r"\s*\n\s*[“\"]?", " ", inner).strip()
        aid = self.p.article.id
        if spk is None:
            return Quote(
                speaker=None, speaker_text=None, text=clean, direct=True,
                citation=Span(aid, f.start, f.end),
                unattributed="no cue, colon introduction or earlier quotation gives a speaker",
            )
        return self._quote(spk, clean, True, Span(aid, f.start, f.end))

    def _quote(self, spk: _Speaker, text: str, direct: bool, citation: Span) -> Quote:
        aid = self.p.article.id
        return Quote(
            speaker=spk.speaker,
            speaker_text=spk.text,
            text=text,
            direct=direct,
            citation=citation,
            role=spk.role,
            speaker_citation=Span(aid, *spk.mention) if spk.mention else None,
            attribution=spk.rule,
            cue=spk.cue,
            on_behalf_of=spk.on_behalf_of,
            unattributed=spk.reason if spk.text is None else None,
        )

    def _fallback(self, f: _Run, found: list[_Run], k: int) -> _Speaker | None:
        """A speaker for a quote with no cue of its own (pass 2, in text order)."""
        para = self._para_start(f.start)
        lead = self.text[para : f.start - 1]
        label = _TRANSCRIPT_LABEL.match(self.text, f.start)
        if label is not None and not lead.strip(" \u201c\"\u201d"):
            return self._labelled(label.start(1), label.end(1))
        # "X went further, tweeting:" then the quote, in this paragraph or the next one
        colon = self._colon_before(f.start, para, lead)
        if colon is not None:
            return colon
        # a later part of the paragraph's quotation, or the one just before
        prev = self._previous_in_paragraph(f.start)
        if prev is not None:
            return replace(prev, rule="continuation")
        if self._stands_alone(f.start, f.end):
            intro = self._introduced(f.start, para)
            if intro is not None:
                return intro
        if k + 1 < len(found) and self._stands_alone(f.start, f.end):
            nxt = found[k + 1]
            between = self.text[f.end : nxt.start]
            if nxt.spk is not None and "\n" not in between and not re.search(r"\w", between):
                return replace(nxt.spk, rule="continuation")
        # a paragraph that is only quotation, after a paragraph that ended with one
        if not lead.strip(" \u201c\"\u201d") and para > 0 and self._ends_paragraph(f.end):
            dash = self._dash_signature(f.end)
            if dash is not None:
                return dash
            earlier = [x for x in self.attributed if x[0] < f.start]
            if earlier:
                pos, spk = max(earlier, key=lambda x: x[0])
                # a full quotation (not a phrase inside a sentence) in the paragraph before
                last = self._run_end.get(pos, pos)
                if last >= self._para_start(max(0, para - 2)) and self._stands_alone(pos, pos):
                    return replace(spk, rule="continuation")
        # "Romney went after X, calling it “...”": the sentence's subject, as a last resort
        if not self._stands_alone(f.start, f.end):
            return self._sentence_subject(f.start, f.end)
        return None

    def _sentence_subject(self, start: int, end: int) -> _Speaker | None:
        """The person or organisation subject of the main clause around a partial quote."""
        sent = self.p.sentence_of(start)
        if sent is None:
            return None
        for t in self.p.sentence_tokens(sent):
            if t.dep != "ROOT" or self.quoted[t.i] or t.pos not in ("VERB", "AUX"):
                continue
            subj = self._subject(t)
            if subj is None or subj.start > start:
                return None
            if not (
                subj.pos == "PROPN"
                or subj.ent_type in ("PERSON", "ORG", "NORP")
                or subj.text.lower() in _PERSON_PRONOUNS
                or subj.text.lower() == "they"
            ):
                return None
            return self._speaker_for_subject(subj, t.text)
        return None

    def _dash_signature(self, end: int) -> _Speaker | None:
        """A quote signed in the next paragraph: "“...”" then "- Ann Ruud, on radio"."""
        stop = self.text.find("\n", end)
        if stop < 0:
            return None
        m = re.compile(r"\s*[-\u2014\u2013]\s*([A-Z][^\n,.]{1,60})").match(self.text, stop)
        if m is None:
            return None
        toks = [t for t in self._tokens_in(m.start(1), m.end(1)) if t.pos == "PROPN"]
        if not toks:
            return None
        spk = self._name_and_role(toks[-1], _trim(self._tokens_in(m.start(1), m.end(1))))
        return replace(spk, mention=(m.start(1), m.end(1)), cue="\u2014")

    def _leading_cue(self, start: int) -> _Speaker | None:
        """"X said, “...”" / "telling reporters, “...”" where the parse split the quote off:
        the last speech verb before the comma that introduces the quote."""
        para = self._para_start(start)
        lead = self.text[para : start - 1].rstrip()
        if not lead.endswith(","):
            return None
        sent = self.p.sentence_of(para + len(lead) - 1)
        if sent is None:
            return None
        toks = [
            t for t in self.p.sentence_tokens(sent)
            if t.start >= para and t.end < start and not self.quoted[t.i]
        ]
        for t in reversed(toks[-12:]):
            if self._is_speech_verb(t, quote=True) and self._subject(t) is not None:
                return self._speaker_of(t)
        return None

    def _trailing_cue(self, end: int) -> _Speaker | None:
        """"“...,” an aide, who asked not to be named, told reporters": a cue right after
        the quote that the parse did not connect to it, read from the words."""
        para_end = self.text.find("\n", end)
        para_end = para_end if para_end >= 0 else len(self.text)
        lo = bisect.bisect_left(self._starts, end)
        while lo < len(self.toks) and self.toks[lo].text in (_CLOSE, _STRAIGHT, ",", "!", "?"):
            lo += 1  # the closing mark and the punctuation inside it
        window: list[Token] = []
        for t in self.toks[lo : lo + 25]:
            if t.start >= para_end or t.text in (_OPEN, _STRAIGHT) or self.quoted[t.i]:
                break
            window.append(t)
        while window and (window[0].pos == "PUNCT" or window[0].text.isspace()):
            window = window[1:]
        if not window:
            return None
        for k, t in enumerate(window):
            if t.text in (".", "!", "?", ";"):
                return None
            low = t.text.lower()
            if not (
                t.lemma.lower() in SPEECH_VERBS
                or t.lemma.lower() in QUOTE_CUE_VERBS
                or low in ("tweeted", "tweets", "wrote", "writes")
            ) or (t.pos not in ("VERB", "AUX") and not low.endswith(("ed", "s"))):
                continue
            if k == 0:
                # "said Ann Ruud, the mayor": the name after the verb
                after: list[Token] = []
                for a in window[1:]:
                    if a.text in (",", ".", "!", "?", ";") or a.pos in ("ADP", "VERB"):
                        break
                    after.append(a)
                phrase = _trim(after)
            else:
                before = window[:k]
                comma = next((i for i, b in enumerate(before) if b.text == ","), len(before))
                phrase = _trim(before[:comma])
            if not phrase or len(phrase) > 8:
                return None
            head = next((x for x in reversed(phrase) if x.pos in ("PROPN", "NOUN", "PRON")), None)
            if head is None:
                return None
            if len(phrase) == 1 and head.text.lower() in _PERSON_PRONOUNS | {"they", "it"}:
                return self._pronoun_speaker(head, t.text)
            if head.text.lower() in _OTHER_PRONOUNS:
                return None
            spk = self._name_and_role(head, phrase)
            return replace(spk, mention=(phrase[0].start, phrase[-1].end), cue=t.text)
        return None

    def _ends_paragraph(self, end: int) -> bool:
        """Nothing but punctuation follows the quote in its paragraph."""
        stop = self.text.find("\n", end)
        return not re.search(r"\w", self.text[end : stop if stop >= 0 else len(self.text)])

    def _labelled(self, s: int, e: int) -> _Speaker:
        """The speaker of a transcript line "SMITH: ...", matched to a person named."""
        label = self.text[s:e].rstrip(".")
        key = label.split()[-1].casefold()
        for _, _, ent in self.mentions:
            if ent.name.split() and ent.name.split()[-1].casefold() == key:
                return _Speaker(ent.id, ent.name, None, True, (s, e), "direct", ":")
        return _Speaker(None, label.title(), None, True, (s, e), "direct", ":")

    def _colon_before(self, start: int, para: int, lead: str) -> _Speaker | None:
        """The speaker of "X said:" just before the quote, or ending the paragraph before."""
        colon = -1
        if lead.rstrip().endswith(":"):
            colon = para + len(lead.rstrip()) - 1
        elif not lead.strip(" \u201c\"\u201d") and para > 0:
            k = len(self.text[:para].rstrip()) - 1
            if k >= 0 and self.text[k] == ":":
                colon = k
        if colon < 0:
            return None
        sent = self.p.sentence_of(max(0, colon - 1))
        if sent is None:
            return None
        line = self._para_start(colon)
        toks = [
            t for t in self.p.sentence_tokens(sent)
            if line <= t.start and t.end <= colon and not self.quoted[t.i]
        ]
        verbs = [t for t in toks if self._is_speech_verb(t, quote=True) and self._subject(t)]
        if not verbs:
            verbs = [
                t for t in toks
                if t.pos in ("VERB", "AUX") and self._subject(t) is not None
                and t.dep in ("ROOT", "conj", "advcl")
            ]
        for verb in reversed(verbs):
            spk = self._speaker_of(verb)
            if spk is not None:
                return replace(spk, rule="colon", cue=spk.cue or verb.text)
        # "Clinton: “...”", "Continued Stone: “...”": a short name before the colon
        names = [t for t in toks if t.pos == "PROPN"]
        if names and len(toks) <= COLON_NAME_MAX_TOKENS and not any(
            t.pos in ("VERB", "AUX") and self._subject(t) is not None for t in toks
        ):
            run = [t for t in toks if t.i >= names[0].i and t.i <= names[-1].i]
            spk = self._name_and_role(names[-1], run)
            return replace(spk, mention=(run[0].start, run[-1].end), rule="colon", cue=":")
        return None

    def _introduced(self, start: int, para: int) -> _Speaker | None:
        """"Bystrom agreed. “...”": a person's sentence just before a quotation that opens a
        sentence of the same paragraph, with no cue of its own."""
        if start - 1 <= para or start - 1 >= len(self.text):
            return None
        sent = self.p.sentence_of(max(para, len(self.text[:start - 1].rstrip()) - 1))
        if sent is None or sent.start < para or sent.end > start:
            return None
        for t in self.p.sentence_tokens(sent):
            if t.dep != "ROOT" or t.pos not in ("VERB", "AUX") or self.quoted[t.i]:
                continue
            subj = self._subject(t)
            if subj is None or not (
                subj.ent_type == "PERSON" or subj.text.lower() in _PERSON_PRONOUNS
            ):
                return None
            spk = self._speaker_for_subject(subj, t.text)
            return replace(spk, rule="colon") if spk is not None else None
        return None

    def _according_in_sentence(self, start: int, end: int) -> _Speaker | None:
        """"According to X, “...”": an "according to" outside the quote, same sentence."""
        sent = self.p.sentence_of(start)
        if sent is None:
            return None
        for t in self.p.sentence_tokens(sent):
            if (
                t.text.lower() == "according"
                and not self.quoted[t.i]
                and t.i + 1 < len(self.toks)
                and self.toks[t.i + 1].text.lower() == "to"
                and self._same_paragraph(t, start, end)
            ):
                spk = self._according_speaker(t)
                if spk is not None:
                    return spk
        return None

    def _according_speaker(self, tok: Token) -> _Speaker | None:
        to = self.toks[tok.i + 1]
        pobj = [c for c in self._children(to) if c.dep == "pobj"]
        if not pobj:
            return None
        return self._speaker_for_subject(pobj[0], "according to")

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
                child, h = h, self.toks[h.head]
                seen += 1
                if h.start >= start and h.end <= end:
                    continue
                if child.dep in ("nsubj", "nsubjpass") and not (
                    child.start >= start and child.end <= end
                ):
                    continue  # "X, who starred in “Title”, posted ...": inside the speaker
                if (
                    self._is_speech_verb(h, quote=True)
                    and self._subject(h) is not None
                    and self._same_paragraph(h, start, end)
                ):
                    h = self._outer_speaker_verb(h, start, end)
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
            if end < t.start < limit and self._is_speech_verb(t, True) and self._subject(t):
                return t
        # "“... anywhere!” Mr. X told a radio channel.": the cue opens the next sentence
        if limit == sent.end and re.fullmatch(r"[\s\u201d\"]*", self.text[end:sent.end]):
            if sent.tok_end >= len(self.toks):
                return None
            follow = self.p.sentence_of(self.toks[sent.tok_end].start)
            if follow is None or follow.start < sent.end:
                return None
            stop = min(follow.end, para_end if para_end >= 0 else follow.end)
            opens = self.text.find(_OPEN, follow.start, stop)
            stop = opens if opens >= 0 else stop
            for t in self.p.sentence_tokens(follow)[:8]:
                subj = self._subject(t) if t.start < stop else None
                if subj is not None and self._is_speech_verb(t, True) and subj.i < t.i:
                    return t
        return None

    def _outer_speaker_verb(self, verb: Token, start: int, end: int) -> Token:
        """"X declared that any new deal would demand “...”": a speech verb whose subject
        is a common noun, inside the clause of one whose subject is a name or pronoun,
        yields to that outer verb."""
        subj = self._subject(verb)
        if subj is None or subj.pos != "NOUN":
            return verb
        h, seen = verb, 0
        while h.head != h.i and seen < 20:
            h, seen = self.toks[h.head], seen + 1
            if not self._is_speech_verb(h) or not self._same_paragraph(h, start, end):
                continue
            outer = self._subject(h)
            if outer is not None and (outer.pos == "PROPN" or outer.text.lower() in
                                      _PERSON_PRONOUNS | {"they"}):
                return h
        return verb

    def _same_paragraph(self, t: Token, start: int, end: int) -> bool:
        """No line break between the token and the quote ``[start, end)``."""
        lo, hi = (t.end, start) if t.end <= start else (end, t.start)
        return "\n" not in self.text[lo:hi]

    def _previous_in_paragraph(self, start: int) -> _Speaker | None:
        """Speaker of an earlier quote in the same paragraph (split attribution)."""
        para = self._para_start(start)
        earlier = [x for x in self.attributed if x[0] < start]
        if earlier:
            pos, spk = max(earlier, key=lambda x: x[0])
            if self._run_end.get(pos, pos) >= para:  # (a quote run may begin paragraphs back)
                return spk
        return None

    # ---- speakers

    def _speaker_of(self, verb: Token) -> _Speaker | None:
        subj = self._subject(verb)
        if subj is None:
            return None
        spk = self._speaker_for_subject(subj, verb.text)
        if spk is None and subj.text.lower() in ("who", "that", "which") and verb.dep == "relcl":
            head = self.toks[verb.head]  # "..., said X, who added that “...”"
            if head.i != subj.i and not self.quoted[head.i]:
                spk = self._speaker_for_subject(head, verb.text)
                if spk is not None:  # the mention is the relative pronoun, resolved to X
                    spk = replace(spk, mention=(subj.start, subj.end))
        return spk

    def _speaker_for_subject(self, subj: Token, cue: str) -> _Speaker | None:
        """The speaker a subject (or "according to" object) names, with its mention."""
        low = subj.text.lower()
        if low in _PERSON_PRONOUNS or low in ("they", "it"):
            return self._pronoun_speaker(subj, cue)
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
        mention = (phrase[0].start, phrase[-1].end)
        written = self.text[mention[0] : mention[1]]
        poss = [t for t in phrase if t.text.lower() in _POSSESSIVES and t.head == subj.i]
        if poss and subj.pos == "NOUN" and subj.lemma.lower() not in DOCUMENT_NOUNS:
            owner = self._owner(poss[0])
            if owner is None:
                return None
            return _Speaker(None, f"{subj.text} of {owner}", subj.text, False, mention,
                            "direct", cue)
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
                return _Speaker(ref.entity, ref.text, written, ref.person, mention, "nominal", cue)
        spk = self._name_and_role(subj, phrase)
        behalf = _on_behalf_of(spk.role) if spk.role else None
        return replace(spk, mention=mention, cue=cue, on_behalf_of=behalf)

    def _pronoun_speaker(self, subj: Token, cue: str) -> _Speaker:
        here = (subj.start, subj.end)
        if subj.text.lower() in _PERSON_PRONOUNS:
            spk = self._resolve_pronoun(subj.start)
            if spk is not None:
                return replace(spk, mention=here, rule="pronoun", cue=cue)
        spoken = [(pos, *sp.mention) for pos, sp in self.spoken if sp.mention and sp.person]
        ref = self.coref.pronoun(subj, spoken)
        if ref is None:
            return _Speaker(None, None, None, subj.text.lower() in _PERSON_PRONOUNS, here,
                            "pronoun", cue,
                            reason=f"no earlier name agrees with \u201c{subj.text}\u201d")
        return _Speaker(ref.entity, ref.text, None, ref.person, here, "pronoun", cue)

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
                or subj.text.lower() in _PERSON_PRONOUNS
            ):
                return subj
        return None

    def _document(
        self, subj: Token, phrase: list[Token], mention: tuple[int, int], cue: str
    ) -> _Speaker:
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
            return _Speaker(None, written, None, False, mention, "document", cue)
        sub = _trim([t for t in self._subtree(author) if t.dep != "case"])
        named = self._name_and_role(author, sub) if sub else None
        who = named.text if named is not None else author.text
        return _Speaker(named.speaker if named else None, written, None, False, mention,
                        "document", cue, on_behalf_of=who)

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
                sp.person and (sp.text or " ").split()[-1] == speaker_text
                for _, sp in self.spoken
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
            if any(last not in nm and nm not in (spk.text or "") for nm in names):
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
                    found[(named.text or " ").split()[-1]] = _Speaker(
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
                if spk is None or spk.text is None:
                    continue
                if len(self.text[cs:ce].split()) < INDIRECT_MIN_WORDS:
                    continue
                if any(_overlap((cs, ce), sp) > INDIRECT_OVERLAP_MAX for sp in spans):
                    continue
                if any(
                    _covered((cs, ce), (q.citation.start, q.citation.end)) > 0.5 for q in direct
                ):
                    continue
                spans.append((cs, ce))
                self.spoken.append((t.start, spk))
                text = re.sub(r"\s+", " ", self.text[cs:ce])
                out.append(self._quote(spk, text, False, Span(self.p.article.id, cs, ce)))
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
        spk = self._according_speaker(tok)
        if spk is None:
            return None
        sent = self.p.sentence_of(tok.start)
        if sent is None:
            return None
        acc = {t.i for t in self._subtree(tok)} | {t.i for t in self._subtree(pobj[0])}
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


def _on_behalf_of(role: str) -> str | None:
    """Whom a spokesperson speaks for: "a spokesman for the Ruud campaign" gives "the Ruud
    campaign", "campaign spokesman" gives "the campaign"."""
    m = re.search(r"\b(" + "|".join(sorted(SPOKES_NOUNS)) + r")\b", role, re.IGNORECASE)
    if m is None:
        return None
    after = re.match(r"\s+(?:for|to|of|at|with)\s+(.+)", role[m.end() :])
    if after:
        return after.group(1).strip(" ,.")
    before = re.sub(r"^(?:an?|the)\s+", "", role[: m.start()].strip(" ,"), flags=re.IGNORECASE)
    before = re.sub(r"\b(?:senior|chief|deputy|top|national|press|longtime|former)\b\s*", "",
                    before, flags=re.IGNORECASE).strip()
    if not before:
        return None
    if before.lower() in ORG_NOUNS:
        return f"the {before.lower()}"  # "Campaign spokesman X" opening a sentence
    return before if before[:1].isupper() else f"the {before}"


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
