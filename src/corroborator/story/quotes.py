"""Who said what: direct quotes and indirect (reported) speech, with their speakers.

:func:`find_quotes` works on reporting zones only and finds

* direct quotes in straight or curly marks, also when they span sentences or paragraphs
  (a paragraph that opens a quote and does not close it continues into the next
  paragraph, which reopens it) and when the attribution splits them
  ("“A,” she said. “B.”" gives both parts the same speaker);
* indirect speech: "X said (that) ...", "..., X said", "according to X, ...",
  "X told CNN ...", "X noted/added/stressed/announced/confirmed ..." (``direct=False``,
  ``text`` = the reported clause).

Each quotation gets a speaker mention (``speaker_citation``) by the first rule that applies,
named in ``attribution``:

1. ``dash``: a line that opens with a quotation and ends "” ― Ann Ruud" (testimonial
   lists, epigraphs, roundups of posts), or a quotation paragraph signed "- Ann Ruud" on
   the next line;
2. ``direct``: a cue governing it in the parse (a speech verb, "saying/adding" participles,
   "called it “...”", "after saying"/"despite admitting" gerunds, a nested "who added
   that"), "according to X", "per X", "as X put it", a cue right after the quote or before
   the comma that introduces it, read from the words when the parse missed it (after a
   quotation closed by a comma any verb is the cue: "“...,” Ostrova pressed"); "X said"
   whose subject is a pronoun is ``pronoun``, an office noun ``nominal``, a document
   ``document`` (see :mod:`corroborator.story.speakers`);
3. ``colon``: "X went further, tweeting:" in this paragraph or ending the one before, a
   name before a colon ("His exact words:" is the pronoun's), or a person's sentence just
   before the quotation;
4. ``continuation``: the quotation before it in the paragraph (or just after, for
   "“A.” “B,” he said."), or a paragraph that only continues a full quotation; a partial
   quotation in a later sentence with a person subject of its own goes to that subject;
5. for a partial quotation inside a sentence, the subject of that sentence.

A speaker mention is a noun phrase: never a dash, a clause fragment ("compared to 11% of
...") or a bare relative pronoun standing for no one.

Speakers resolve to entity ids; pronouns and "the governor" go through
:mod:`corroborator.story.coref`. A quotation no rule attributes, or whose pronoun has no
antecedent that agrees, keeps ``speaker=None`` and says why in ``unattributed``. Short
quoted phrases (scare quotes, titles) are skipped unless a cue governs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from corroborator.article.zones import is_reporting
from corroborator.model import Entity, Parsed, Quote, Span, Token, Zone
from corroborator.story.cues import AS_PUT, CLOSE, OPEN, SCARE_QUOTE_MAX_WORDS, STRAIGHT, CueReader
from corroborator.story.speakers import (
    PERSON_PRONOUNS,
    Speaker,
    rtrim_comma,
    trim_tokens,
)

#: An indirect-speech clause needs at least this many words ("X said it would", 3 words,
#: carries nothing a reader can use).
INDIRECT_MIN_WORDS = 4

#: Two indirect quotes whose clauses overlap this much are one report ("..., according to
#: X, CNN reported"): the first found is kept.
INDIRECT_OVERLAP_MAX = 0.8

#: First person singular inside a quotation: its speaker is a person.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I\u2019m|I've|I\u2019ve|my|me|myself)\b")

#: Transcript labels opening a quoted paragraph: "“SMITH: Well, ...".
_TRANSCRIPT_LABEL = re.compile(
    r"\s*([A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,2}"
    r"|[A-Z][a-z.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,2}):\s"
)

#: A paragraph break is at most this many line breaks (a blank line between paragraphs).
PARAGRAPH_BREAK_MAX_NEWLINES = 2

_QUOTE_OR_NEWLINE = re.compile(f"[\n{OPEN}{CLOSE}{STRAIGHT}]")


@dataclass
class _Run:
    """A quoted run during attribution (mutable only inside :meth:`_ArticleQuotes.run`)."""

    start: int
    end: int
    n_words: int
    cued: bool
    spk: Speaker | None


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
    # the kind of mark that opened the run, and how many quotations of the other kind are
    # open inside it ("“He called it "a mess" today”", '"It isn’t about “A” any more."');
    # PolNeAR train: 2 more annotated quotations get their speaker, one loses it (a
    # paragraph wrapped in straight marks around a curly quotation); dev: no change
    curly, inner = False, 0
    while i < n:
        # only line breaks and quotation marks change the state: jump to the next one
        found = _QUOTE_OR_NEWLINE.search(text, i)
        if found is None:
            break
        i = found.start()
        ch = text[i]
        if ch == "\n" and start is not None:
            inner = 0
            # an unclosed quote: does the next paragraph reopen it?
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in (OPEN, STRAIGHT) and _opens(text, j):
                curly = text[j] == OPEN
                i = j + 1
                continue
            if _closes_next_line(text, j):
                # one sentence a line: "“A. / B,” she said." closes on the next line
                i = j
                continue
            runs.append((start, _rstrip(text, start, i)))
            start = None
        elif start is None and (
            ch == OPEN or (ch == STRAIGHT and _opens(text, i)) or _misturned(text, i)
        ):
            start, curly, inner = i + 1, ch != STRAIGHT, 0
        elif start is not None and ch == (STRAIGHT if curly else OPEN) and (
            ch == OPEN or _opens(text, i)
        ) and _inner_closes(text, i + 1, curly):
            inner += 1
        elif start is not None and inner > 0 and ch == (STRAIGHT if curly else CLOSE) and (
            ch == CLOSE or not _opens(text, i)
        ):
            inner -= 1
        elif start is not None and (ch == CLOSE or (ch == STRAIGHT and not _opens(text, i))):
            if i > start:
                runs.append((start, i))
            start = None
        i += 1
    if start is not None and start < n:
        runs.append((start, _rstrip(text, start, n)))
    return runs


def _inner_closes(text: str, i: int, curly: bool) -> bool:
    """A quotation of the other kind opened inside a run closes on its line before the
    run's own closing mark could: a straight mark inside a curly run, a curly one inside
    a straight run."""
    stop = text.find("\n", i)
    line = text[i : stop if stop >= 0 else len(text)]
    for k, ch in enumerate(line):
        if curly and ch == CLOSE:
            return False
        if curly and ch == STRAIGHT and not _opens(text, i + k):
            return True
        if not curly and ch == CLOSE:
            return True
        if not curly and ch == STRAIGHT and not _opens(text, i + k):
            return False
    return False


def _closes_next_line(text: str, j: int) -> bool:
    """The line from ``j`` has a quotation mark and its first one closes a quote."""
    stop = text.find("\n", j)
    line = text[j : stop if stop >= 0 else len(text)]
    for k, ch in enumerate(line):
        if ch == OPEN:
            return False
        if ch == CLOSE:
            return True
        if ch == STRAIGHT:
            return not _opens(text, j + k)
    return False


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when it follows a space/start/bracket and precedes a word."""
    if text[i] == OPEN:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([—–-:") and not after.isspace()


def _misturned(text: str, i: int) -> bool:
    """A closing mark typed for an opening one at a paragraph start: "\n”We will ..."."""
    return (
        text[i] == CLOSE
        and (i == 0 or text[i - 1] == "\n")
        and i + 1 < len(text)
        and not text[i + 1].isspace()
        and CLOSE in text[i + 1 : text.find("\n", i) if "\n" in text[i:] else len(text)]
    )


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --------------------------------------------------------------------------- per article


class _ArticleQuotes(CueReader):
    """The quote finder for one article: which cue governs each quotation."""

    def __init__(self, parsed: Parsed, zones: tuple[Zone, ...], entities: tuple[Entity, ...]):
        runs = [
            r for r in quote_runs(parsed.article.text) if is_reporting(zones, r[0], r[1])
        ]
        super().__init__(parsed, zones, entities, runs)
        # every direct quote given a speaker mention so far, resolved or not ("he" with no
        # antecedent still carries the next quotation of the paragraph)
        self.attributed: list[tuple[int, Speaker]] = []
        self._run_end = dict(self.runs)  # quote start -> end

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
        # "“...” ― Ann Ruud": a line signed after a dash is that person's, whatever the
        # quotation's own words parse into (a quotation further from the dash yields to a
        # cue of its own: "“A,” she said of “B” ― Ann Ruud")
        signed = self._dash_signed(start, end) or self._as_put_after(end)
        verb = None
        if signed is None or not (self._signed_here(end) or signed.cue == AS_PUT):
            verb = self._governing_speech_verb(toks, start, end)
        spk = self._speaker_of(verb) if verb is not None else signed
        closed = False
        if spk is None:
            spk = self._according_in_sentence(start, end)
        if spk is None and verb is None:
            spk = self._trailing_cue(end)
            if spk is not None and self.text[start:end].rstrip()[-1:] in (".", "!", "?") and (
                not self._stands_alone(start, end)
            ):
                # "X condemned the “...”. He announced ...": the sentence ended inside the
                # quote, so the next one's cue is not its; the sentence subject (pass 2)
                spk, closed = None, True
            spk = spk or self._leading_cue(start)
        if (
            spk is not None and spk.text is not None and not spk.person
            and spk.rule == "direct" and _FIRST_PERSON.search(inner)
            and spk.mention is not None and self.text[slice(*spk.mention)] == spk.text
            and re.fullmatch(r"[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){0,3}", spk.text)
            and not any(e.label in ("GPE", "NORP", "LOC") for e in self.p.ents
                        if e.start < spk.mention[1] and spk.mention[0] < e.end)
        ):
            # "“I was happy to get it over with,” Ford said.": a name that says "I" is a
            # person, however the parser typed it ("he" may then refer to Ford)
            spk = replace(spk, person=True)
        if spk is not None:
            spk = self.named_outside(spk, start)
        if spk is not None and spk.text is not None:
            self.spoken.append((start, spk))
        return _Run(start, end, n_words, verb is not None or spk is not None or closed, spk)

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

    def _quote(self, spk: Speaker, text: str, direct: bool, citation: Span) -> Quote:
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

    def _fallback(self, f: _Run, found: list[_Run], k: int) -> Speaker | None:
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
        # "“A,” X said, and Y cut in. “B.”": a speech verb closing the sentence just before
        final = self._final_cue_before(f.start, para)
        if final is not None:
            return final
        # a later part of the paragraph's quotation, or the one just before
        prev = self._previous_in_paragraph(f.start)
        if prev is not None and not self._stands_alone(f.start, f.end):
            # "“...,” Ann Ruud said. She urged the board to “...”": a partial quotation in
            # a sentence of its own with a person as its subject is that person's
            own = self._subject_after_previous(f.start, f.end)
            if own is not None:
                return own
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
                if last >= self._para_start(max(0, para - 2)) and (
                    self._stands_alone(pos, pos)
                    # "X said Y had “...”." closing the paragraph just before
                    or (spk.person and self._ends_paragraph(last)
                        and self.text.count("\n", last, para) <= PARAGRAPH_BREAK_MAX_NEWLINES)
                ):
                    return replace(spk, rule="continuation")
            # "Ann Ruud praised the plan." then a paragraph that is only her quotation
            prev_end = len(self.text[:para].rstrip())
            if prev_end > 0 and not any(prev_end - 1 <= x[0] < f.start for x in self.attributed):
                intro = self._introduced(f.start, self._para_start(prev_end - 1), names=True)
                if intro is not None and intro.person:
                    return intro
        # "Romney went after X, calling it “...”": the sentence's subject, as a last resort
        if not self._stands_alone(f.start, f.end):
            return self._sentence_subject(f.start, f.end)
        return None

    def _subject_after_previous(self, start: int, end: int) -> Speaker | None:
        """The sentence subject of a partial quotation when the paragraph's quotation
        before it lies in an earlier sentence."""
        sent = self.p.sentence_of(start)
        if sent is None or any(sent.start <= pos < start for pos, _ in self.attributed):
            return None
        return self._sentence_subject(start, end)

    def _sentence_subject(self, start: int, end: int) -> Speaker | None:
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
                or subj.text.lower() in PERSON_PRONOUNS
                or subj.text.lower() == "they"
                # "The judge pointed to ... “...”": an office or body named before
                or (subj.pos == "NOUN" and self._is_nominal(subj, self._subtree(subj)))
            ):
                return None
            return self._speaker_for_subject(subj, t.text)
        return None

    def _governing_speech_verb(self, toks: list[Token], start: int, end: int) -> Token | None:
        """The speech verb outside the quote that the quote's words hang from, if any."""
        best: Token | None = None
        best_dist = 10**9
        governing: set[int] = set()
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
                    governing.add(h.i)
                    dist = start - h.end if h.end <= start else h.start - end
                    if dist < best_dist:
                        best, best_dist = h, dist
                    break
        if best is not None:
            return self._main_clause_cue(best, governing)
        # "The repairs, he added, were “...”": a parenthetical cue hanging from the
        # clause that holds the quotation (or from a word inside it)
        paren = self._parenthetical_cue(toks, start, end)
        if paren is not None:
            return paren
        # "“A,” he said." parsed with the quote as a separate root: look right after it
        sent = self.p.sentence_of(max(start, end - 1))
        if sent is None:
            return None
        para_end = self.text.find("\n", end)
        limit = min(sent.end, para_end if para_end >= 0 else len(self.text))
        nxt = self.text.find(OPEN, end, limit)
        if nxt >= 0:
            limit = nxt
        for t in self.p.sentence_tokens(sent):
            if end < t.start < limit and self._is_speech_verb(t, True) and self._subject(t):
                return t
        # "“... anywhere!” Mr. X told a radio channel.": the cue opens the next sentence
        # (only for a quotation that is a sentence of its own: "X condemned the “...”"
        # followed by "He announced ..." is X's phrase, not the next sentence's)
        if (
            limit == sent.end
            and re.fullmatch(r"[\s\u201d\"]*", self.text[end:sent.end])
            and self._stands_alone(start, end)
        ):
            if sent.tok_end >= len(self.toks):
                return None
            follow = self.p.sentence_of(self.toks[sent.tok_end].start)
            if follow is None or follow.start < sent.end:
                return None
            stop = min(follow.end, para_end if para_end >= 0 else follow.end)
            opens = self.text.find(OPEN, follow.start, stop)
            stop = opens if opens >= 0 else stop
            for t in self.p.sentence_tokens(follow)[:8]:
                subj = self._subject(t) if t.start < stop else None
                if subj is not None and self._is_speech_verb(t, True) and subj.i < t.i:
                    return t
        return None

    def _main_clause_cue(self, verb: Token, governing: set[int]) -> Token:
        """"X told a woman who suggested that ... that “...”": a speech verb in a relative
        clause on the object of another speech verb that governs part of the quotation
        too yields to that verb (the quotation is what X told her)."""
        if verb.dep != "relcl":
            return verb
        noun = self.toks[verb.head]
        outer = self.toks[noun.head]
        if noun.dep in ("dobj", "dative", "iobj", "pobj") and outer.i in governing - {verb.i}:
            return outer
        return verb

    def _parenthetical_cue(self, toks: list[Token], start: int, end: int) -> Token | None:
        """A speech verb set off as a parenthetical ("X, he said, was “...”", "The
        plan, Brekke wrote “will ...”"): the parser hangs it as ``parataxis`` from the clause
        around the quotation or from the quotation's own verb."""
        sent = self.p.sentence_of(start)
        if sent is None:
            return None
        chain: set[int] = set()
        for t in toks:
            h, seen = t, 0
            while h.i not in chain and seen < 40:
                chain.add(h.i)
                if h.head == h.i:
                    break
                h, seen = self.toks[h.head], seen + 1
        best: Token | None = None
        best_dist = 10**9
        for i in chain:
            for c in self._kids[i]:
                if (
                    c.dep != "parataxis"
                    or self.quoted[c.i]
                    or not (sent.start <= c.start < sent.end)
                    or not self._same_paragraph(c, start, end)
                    or not self._is_speech_verb(c, quote=True)
                ):
                    continue
                subj = self._subject(c)
                if subj is None or subj.i > c.i:
                    continue  # "said X" after the quote is found by the words after it
                dist = start - c.end if c.end <= start else c.start - end
                if dist < best_dist:
                    best, best_dist = c, dist
        return best

    def _outer_speaker_verb(self, verb: Token, start: int, end: int) -> Token:
        """"X declared that any new deal would demand “...”": a speech verb whose subject
        is a common noun, inside the clause of one whose subject is a name or pronoun,
        yields to that outer verb."""
        subj = self._subject(verb)
        # ("She says it underscores that ...": "it", "this" are things, not speakers)
        if subj is None or not (subj.pos == "NOUN" or subj.text.lower() in ("it", "this")):
            return verb
        h, seen = verb, 0
        # (a conjoined statement is not inside the other's clause: "She said ..., and
        # when pressed, the mother of three replied, “...”")
        own = subj.head == verb.i
        while h.head != h.i and seen < 20 and not (h.dep == "conj" and own):
            h, seen = self.toks[h.head], seen + 1
            if not self._is_speech_verb(h) or not self._same_paragraph(h, start, end):
                continue
            outer = self._subject(h)
            if outer is not None and (outer.pos == "PROPN" or outer.text.lower() in
                                      PERSON_PRONOUNS | {"they"}):
                return h
        return verb

    def _previous_in_paragraph(self, start: int) -> Speaker | None:
        """Speaker of an earlier quote in the same paragraph (split attribution)."""
        para = self._para_start(start)
        earlier = [x for x in self.attributed if x[0] < start]
        if earlier:
            pos, spk = max(earlier, key=lambda x: x[0])
            if self._run_end.get(pos, pos) >= para:  # (a quote run may begin paragraphs back)
                return spk
        return None

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
        return cs, rtrim_comma(self.text, cs, ce)

    def _reported_clause(self, verb: Token) -> tuple[tuple[int, int], Speaker | None] | None:
        if verb.dep == "relcl":
            return None
        clause = [c for c in self._children(verb) if c.dep == "ccomp" and not self.quoted[c.i]]
        if clause:
            # "X said A and that B": the conjoined clause hangs from the first
            toks = self._subtree(clause[0])
        elif (
            verb.dep in ("parataxis", "ccomp")
            and verb.head < verb.i
            and self._same_paragraph(self.toks[verb.head], verb.start, verb.end)
        ):  # (a parse that hangs a paragraph from the one before reports nothing)
            head = self.toks[verb.head]
            mine = {t.i for t in self._subtree(verb)}
            toks = [t for t in self._subtree(head) if t.i not in mine and t.i < verb.i]
        else:
            toks = self._trailing_attribution(verb)
            if not toks:
                return None
        toks = trim_tokens([t for t in toks if t.text.lower() != "that" or t.dep != "mark"])
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

    def _according_to(self, tok: Token) -> tuple[tuple[int, int], Speaker | None] | None:
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
        rest = trim_tokens(rest)
        if not rest:
            return None
        # keep the contiguous side of the sentence that holds the claim
        left = [t for t in rest if t.i < tok.i]
        right = [t for t in rest if t.i > tok.i]
        right, left = trim_tokens(right), trim_tokens(left)
        side = right if len(right) > len(left) else left
        if not side:
            return None
        return (side[0].start, side[-1].end), spk


def _covered(clause: tuple[int, int], quote: tuple[int, int]) -> float:
    """Share of the clause that the quote covers."""
    inter = min(clause[1], quote[1]) - max(clause[0], quote[0])
    return max(0, inter) / max(1, clause[1] - clause[0])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


__all__ = ["find_quotes", "quote_runs"]
