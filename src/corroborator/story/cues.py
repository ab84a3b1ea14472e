"""Cues read from the words around a quotation, for when the parse does not connect them.

:class:`CueReader` adds to :class:`corroborator.story.speakers.SpeakerFinder` the cues a
reader sees in the text next to a quotation: "X said, “...”" split off by the parse, a cue
right after the closing mark, a colon introduction ("X went further, tweeting:"), a speech
verb ending the sentence before, a person's sentence just before, "according to X", and a
signature after a dash ("“...” ― Ann Ruud"). :mod:`corroborator.story.quotes` decides
which of them a quotation takes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from corroborator.lexicon.speech import DOCUMENT_NOUNS, QUOTE_CUE_VERBS, SPEECH_VERBS
from corroborator.model import Token
from corroborator.story.speakers import (
    OTHER_PRONOUNS,
    PERSON_PRONOUNS,
    Speaker,
    SpeakerFinder,
    nominal_phrase,
    trim_tokens,
)

#: Quoted runs of at most this many words inside a sentence are scare quotes ("a
#: “complete withdrawal”") unless a speech verb attributes them as an utterance. The
#: seed articles' scare quotes have 1-4 words; their partial quotes 6 or more.
SCARE_QUOTE_MAX_WORDS = 4

#: "Varro: “...”": at most this many words before a colon make a speaker's name alone
#: (longer runs are a sentence whose verb the parse missed).
COLON_NAME_MAX_TOKENS = 6

#: The cue of "as X put it".
AS_PUT = "as ... put it"

OPEN = "“"
CLOSE = "”"
STRAIGHT = '"'

#: "“...,” <subject> <verb>": any past or present verb this close after a quotation that
#: ends with a comma, "?" or "!" is its cue ("Ostrova pressed", "the 40-year-old baker
#: replied"); further away it is another clause's. Calibrated on PolNeAR train: 9
#: more annotated quotations get the annotated speaker, none loses it (dev: no change).
TRAILING_ANY_VERB_MAX_WORDS = 6

#: A signature after a dash has at most this many words before an optional ", role".
#: PolNeAR dev's 22 same-line signatures (one testimonial list) have 2-4 words and all 24
#: quotations they sign get the annotated speaker; train has none on the line, and its 7
#: next-line signatures ("- President Obama, tweeting ...") all keep theirs.
DASH_NAME_MAX_WORDS = 5

#: Nouns after "per" that name a source although they are not documents ("per a
#: translator", "per officials"). With "as X put it" and "as X said", "per X" gives 10
#: more annotated quotations of PolNeAR train their speaker, none fewer (dev: 2).
PER_SOURCE_NOUNS = frozenset(
    {"bylaw", "rule", "translator", "official", "source", "spokesman", "spokeswoman",
     "spokesperson", "aide", "police", "authority", "court", "law", "guideline", "regulation"}
)

#: "Varro said he had called it “...”": a pronoun subject in a clause hanging from an
#: earlier subject's verb by these dependencies cites that subject when both name the same
#: person. On PolNeAR train this gives 13 more annotated quotations their speaker mention
#: (8 named) and takes none away (dev: +2, both named); through relative, conjoined or
#: adverbial clauses it loses 32.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "pcomp", "prep"})

_DASHES = "\u2015\u2014\u2013"
#: "” ― Ann Ruud, a teacher." after the closing mark, up to the end of the line.
_SAME_LINE_SIGNATURE = re.compile(
    rf"[{CLOSE}{STRAIGHT}][,.]?[ \u00a0]*(?:--|[{_DASHES}])[ \u00a0]*"
    rf"([A-Z@][^\n{OPEN}{CLOSE}{STRAIGHT}{_DASHES}]{{1,80}}?)[ \u00a0.]*(?=\n|$)"
)
#: "- Ann Ruud, on radio" opening the line after a quotation paragraph.
_NEXT_LINE_SIGNATURE = re.compile(rf"\s*(?:--|[-{_DASHES}])\s*([A-Z][^\n,.]{{1,60}})")
#: Lower-case words inside a name ("Ines de la Torre", "Ahmad bin Said").
_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "la", "le", "van", "von", "der", "den",
                             "bin", "al", "el", "du", "dos", "di", "y"})


class CueReader(SpeakerFinder):
    """Cues read from the words next to a quotation (one article)."""

    def _dash_signature(self, end: int) -> Speaker | None:
        """A quote signed in the next paragraph: "“...”" then "- Ann Ruud, on radio"."""
        stop = self.text.find("\n", end)
        if stop < 0:
            return None
        m = _NEXT_LINE_SIGNATURE.match(self.text, stop)
        return self._signature(m.start(1), m.end(1)) if m is not None else None

    def _dash_signed(self, start: int, end: int) -> Speaker | None:
        """"“...” ― Ann Ruud" (testimonial lists, epigraphs, roundups of posts): a line
        that opens with a quotation and ends with a dash and a name after the closing mark.
        The quotation that opens the line, and the one the dash follows, are signed."""
        line = self._para_start(start)
        stop = self.text.find("\n", end)
        stop = stop if stop >= 0 else len(self.text)
        if self.text[line : start - 1].strip(f" \u00a0{OPEN}{STRAIGHT}{CLOSE}"):
            # not the line's first quotation: signed only when the dash follows it
            if not self._signed_here(end):
                return None
            opening = self.text[line:stop].lstrip(" \u00a0")
            if opening[:1] not in (OPEN, STRAIGHT, CLOSE):
                return None
        m = _SAME_LINE_SIGNATURE.search(self.text, end, stop)
        if m is None or m.end() != stop:
            return None
        return self._signature(m.start(1), m.end(1))

    def _signed_here(self, end: int) -> bool:
        """The dash and the signature follow this quotation's closing mark."""
        return _SAME_LINE_SIGNATURE.match(self.text, end) is not None

    def _signature(self, s: int, e: int) -> Speaker | None:
        """The speaker of a signature "Ann Ruud" / "Ann Ruud, a teacher in Tolvik" written
        after a dash: a short run of capitalised words (the name), then a role."""
        toks = trim_tokens(self._tokens_in(s, e))
        comma = next((k for k, t in enumerate(toks) if t.text == ","), len(toks))
        name = trim_tokens(toks[:comma])
        if not name or len(name) > DASH_NAME_MAX_WORDS or not all(
            t.text[:1].isupper() or t.text[:1] == "@" or t.text in _NAME_PARTICLES
            for t in name
        ) or not any(t.pos == "PROPN" for t in name):
            return None
        head = next(t for t in reversed(name) if t.pos == "PROPN")
        spk = self._name_and_role(head, toks)
        dash = re.search(rf"(--|[-{_DASHES}])[ \u00a0]*$", self.text[max(0, s - 8) : s])
        # (the mention starts where the name does: "-Ann" may be one token)
        return replace(spk, mention=(s, name[-1].end), rule="dash",
                       cue=dash.group(1) if dash else "\u2014")

    def _leading_cue(self, start: int) -> Speaker | None:
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
        # "Varro issued a statement, “...”": a document just before the comma, issued by
        # the subject of the verb it is the object of
        doc = toks[-2] if len(toks) >= 2 and toks[-1].text == "," else None
        if doc is not None and doc.pos == "NOUN" and doc.lemma.lower() in DOCUMENT_NOUNS:
            issuer = self._issuer(doc)
            if issuer is not None:
                spk = self._speaker_for_subject(issuer, doc.text)
                if spk is not None and spk.text is not None:
                    return replace(spk, rule="document")
        return None

    def _trailing_cue(self, end: int) -> Speaker | None:
        """"“...,” an aide, who asked not to be named, told reporters": a cue right after
        the quote that the parse did not connect to it, read from the words."""
        para_end = self.text.find("\n", end)
        para_end = para_end if para_end >= 0 else len(self.text)
        lo = bisect.bisect_left(self._starts, end)
        while lo < len(self.toks) and self.toks[lo].text in (CLOSE, STRAIGHT, ",", "!", "?"):
            lo += 1  # the closing mark and the punctuation inside it
        window: list[Token] = []
        for t in self.toks[lo : lo + 25]:
            if t.start >= para_end:
                break
            if t.text in (OPEN, STRAIGHT, CLOSE) or self.quoted[t.i]:
                # a short title inside the speaker's description ("wearing “X” pins") is
                # passed over; a full quotation ends the window
                if self.quoted[t.i] and self._run_words(t.start) > SCARE_QUOTE_MAX_WORDS:
                    break
                continue
            window.append(t)
        while window and (window[0].pos == "PUNCT" or window[0].text.isspace()):
            window = window[1:]
        if not window:
            return None
        # "“...,” Ostrova pressed.", "“...?” reacted Ann Ruud.": a quotation that ends its
        # clause with a comma, question or exclamation mark inside the closing one is
        # followed by its attribution, whatever the verb
        mark = self.text[max(0, end - 1) : end]
        open_verb = mark in (",", "?", "!")
        for k, t in enumerate(window):
            if t.text in (".", "!", "?", ";"):
                return None
            low = t.text.lower()
            if not (
                t.lemma.lower() in SPEECH_VERBS
                or t.lemma.lower() in QUOTE_CUE_VERBS
                or low in ("tweeted", "tweets", "wrote", "writes")
                or (open_verb and k <= TRAILING_ANY_VERB_MAX_WORDS and t.pos == "VERB"
                    and t.tag in ("VBD", "VBZ") and low.isalpha())
            ) or (t.pos not in ("VERB", "AUX") and not low.endswith(("ed", "s"))):
                continue
            if k == 0:
                # "said Ann Ruud, the mayor": the name after the verb
                after: list[Token] = []
                for a in window[1:]:
                    if a.text in (",", ".", "!", "?", ";") or a.pos in ("ADP", "VERB"):
                        break
                    after.append(a)
                phrase = trim_tokens(after)
            else:
                before = window[:k]
                comma = next((i for i, b in enumerate(before) if b.text == ","), len(before))
                phrase = trim_tokens(before[:comma])
            if (
                not phrase or len(phrase) > 8 or not nominal_phrase(phrase, self.text)
                or phrase[-1].i - phrase[0].i + 1 != len(phrase)  # (words around a quote)
            ):
                return None
            known = t.lemma.lower() in SPEECH_VERBS or t.lemma.lower() in QUOTE_CUE_VERBS or (
                low in ("tweeted", "tweets", "wrote", "writes"))
            if not known and (
                # "“...!” Others left.": a capital after "?" or "!" starts a new sentence
                (mark != "," and k > 0 and phrase[0].text[:1].isupper())
                # "“...,” denounced her record": the one who speaks is named or a person
                or not (any(x.pos == "PROPN" for x in phrase)
                        or phrase[0].text.lower() in ("the", "a", "an")
                        or (len(phrase) == 1 and phrase[0].text.lower() in PERSON_PRONOUNS))
            ):
                return None
            head = next((x for x in reversed(phrase) if x.pos in ("PROPN", "NOUN", "PRON")), None)
            if head is None:
                return None
            if len(phrase) == 1 and head.text.lower() in PERSON_PRONOUNS | {"they", "it"}:
                return self._pronoun_speaker(head, t.text)
            if len(phrase) == 1 and head.text == "I":
                return self.author(head, t.text)
            if head.text.lower() in OTHER_PRONOUNS:
                return None
            spk = self._name_and_role(head, phrase)
            return replace(spk, mention=(phrase[0].start, phrase[-1].end), cue=t.text)
        return None

    def _run_words(self, char: int) -> int:
        """Words in the quoted run that holds ``char``."""
        for s, e in self.runs:
            if s <= char < e:
                return len(re.findall(r"\w+", self.text[s:e]))
        return 0

    def _ends_paragraph(self, end: int) -> bool:
        """Nothing but punctuation follows the quote in its paragraph."""
        stop = self.text.find("\n", end)
        return not re.search(r"\w", self.text[end : stop if stop >= 0 else len(self.text)])

    def _labelled(self, s: int, e: int) -> Speaker:
        """The speaker of a transcript line "SMITH: ...", matched to a person named."""
        label = self.text[s:e].rstrip(".")
        key = label.split()[-1].casefold()
        for _, _, ent in self.mentions:
            if ent.name.split() and ent.name.split()[-1].casefold() == key:
                return Speaker(ent.id, ent.name, None, True, (s, e), "direct", ":")
        return Speaker(None, label.title(), None, True, (s, e), "direct", ":")

    def _colon_before(self, start: int, para: int, lead: str) -> Speaker | None:
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
        # a digest line "HEADLINE - Ann Ruud: “...”": only what follows the last dash
        dashes = [k for k, t in enumerate(toks) if t.text in ("-", "\u2014", "\u2013", "--")]
        if dashes:
            toks = toks[dashes[-1] + 1 :]
        verbs = [t for t in toks if self._is_speech_verb(t, quote=True) and self._subject(t)]
        if not verbs:
            verbs = [
                t for t in toks
                if t.pos in ("VERB", "AUX") and self._subject(t) is not None
                and (
                    t.dep in ("ROOT", "conj", "advcl")
                    # "X delivered a retort: “...”" parsed as a clause of the quotation
                    or (t.dep in ("ccomp", "parataxis") and self.quoted[t.head])
                )
            ]
        for verb in reversed(verbs):
            spk = self._speaker_of(verb)
            if spk is not None:
                return replace(spk, rule="colon", cue=spk.cue or verb.text)
        # "Varro: “...”", "Continued Ostrova: “...”": a short name before the colon
        names = [t for t in toks if t.pos == "PROPN"]
        if names and len(toks) <= COLON_NAME_MAX_TOKENS and not any(
            t.pos in ("VERB", "AUX") and self._subject(t) is not None for t in toks
        ):
            run = [t for t in toks if t.i >= names[0].i and t.i <= names[-1].i]
            spk = self._name_and_role(names[-1], run)
            return replace(spk, mention=(run[0].start, run[-1].end), rule="colon", cue=":")
        # "His exact words: “...”", "Her reply:": a possessive noun phrase alone
        phrase = trim_tokens(toks)
        if (
            phrase and len(phrase) <= COLON_NAME_MAX_TOKENS
            and phrase[0].text.lower() in ("his", "her")
            and all(t.pos in ("PRON", "ADJ", "NOUN", "DET") for t in phrase)
        ):
            pron = phrase[0]
            subject = pron._replace(text="he" if pron.text.lower() == "his" else "she")
            who = self._pronoun_speaker(subject, ":")
            if who.text is not None:
                return replace(who, mention=(pron.start, pron.end), rule="pronoun")
        return None

    def _final_cue_before(self, start: int, para: int) -> Speaker | None:
        """The speaker of a speech verb that ends the sentence right before the quote in
        its paragraph ("... and Ola Vik cut in. “...”", "Vik interjected. “...”"): nothing
        but a particle and the full stop between the verb and the quote."""
        stop = len(self.text[:start - 1].rstrip())
        if stop <= para or self.text[stop - 1] not in ".:":
            return None
        lo = bisect.bisect_left(self._starts, para)
        hi = bisect.bisect_left(self._starts, stop)
        before = [t for t in self.toks[lo:hi] if not t.text.isspace()]
        if len(before) < 2:
            return None
        verb = before[-2] if before[-1].text in (".", ":") else before[-1]
        if verb.dep == "prt" and verb.head != verb.i:
            verb = self.toks[verb.head]
            if before[-3 if before[-1].text in (".", ":") else -2].i != verb.i:
                return None
        if not self._is_speech_verb(verb, quote=True):
            return None
        subj = self._subject(verb)
        if subj is None or subj.i > verb.i:
            return None
        spk = self._speaker_of(verb)
        if spk is None or spk.text is None:
            return None
        return replace(spk, rule="colon")

    def _introduced(self, start: int, para: int, names: bool = False) -> Speaker | None:
        """"Bystrom agreed. “...”": a person's sentence just before a quotation that opens a
        sentence of the same paragraph, with no cue of its own."""
        if start - 1 <= para or start - 1 >= len(self.text):
            return None
        sent = self.p.sentence_of(max(para, len(self.text[:start - 1].rstrip()) - 1))
        if sent is None or sent.end > start:
            return None
        for t in self.p.sentence_tokens(sent):
            # (a sentence the parser ran on from the paragraph before: only this one's part)
            if t.dep != "ROOT" or t.pos not in ("VERB", "AUX") or self.quoted[t.i] or (
                t.start < para
            ):
                continue
            subj = self._subject(t)
            if subj is None or subj.start < para or not (
                subj.ent_type == "PERSON" or subj.text.lower() in PERSON_PRONOUNS
                or (names and subj.pos == "PROPN")  # the parser's type is often wrong
                # "His former partner, Lars Eide, called him a master. “...”"
                or (self._is_speech_verb(t, quote=True) and self._names_person(subj, t))
            ):
                return None
            spk = self._speaker_for_subject(subj, t.text)
            return replace(spk, rule="colon") if spk is not None else None
        return None

    def _names_person(self, subj: Token, verb: Token) -> bool:
        """A common-noun subject with a person's name in it before the verb ("his former
        partner, Lars Eide,")."""
        if subj.pos != "NOUN":
            return False
        phrase = [t for t in self._subtree(subj) if t.i < verb.i and not self.quoted[t.i]]
        return bool(self.person_spans(phrase))

    def _according_in_sentence(self, start: int, end: int) -> Speaker | None:
        """"According to X, “...”", "“...,” per the party's bylaws", "..., as a memo put
        it": a cue outside the quote in the same sentence and paragraph."""
        sent = self.p.sentence_of(start)
        if sent is None:
            return None
        for t in self.p.sentence_tokens(sent):
            if self.quoted[t.i] or not self._same_paragraph(t, start, end):
                continue
            low = t.text.lower()
            spk: Speaker | None = None
            if (
                low == "according"
                and t.i + 1 < len(self.toks)
                and self.toks[t.i + 1].text.lower() == "to"
            ):
                spk = self._according_speaker(t)
            elif low == "per" and t.pos == "ADP":
                spk = self._per_speaker(t)
            elif t.pos == "VERB" and any(
                c.dep == "mark" and c.text.lower() == "as" for c in self._kids[t.i]
            ):
                spk = self._as_put_speaker(t)
            if spk is not None:
                return spk
        return None

    def _per_speaker(self, per: Token) -> Speaker | None:
        """"per the party's bylaws", "per CTV News" (not "$5 per person"): a name or a
        document after "per", not after a number."""
        before = self.toks[per.i - 1] if per.i > 0 else None
        if before is not None and (before.pos in ("NUM", "SYM") or before.text[:1].isdigit()):
            return None
        pobj = [c for c in self._children(per) if c.dep == "pobj" and not self.quoted[c.i]]
        if not pobj or not (
            pobj[0].pos == "PROPN" or pobj[0].lemma.lower() in DOCUMENT_NOUNS
            or pobj[0].lemma.lower() in PER_SOURCE_NOUNS
            or any(c.dep == "poss" for c in self._kids[pobj[0].i])
        ):
            return None
        return self._speaker_for_subject(pobj[0], "per")

    def _as_put_after(self, end: int) -> Speaker | None:
        """"“...,” as a memo put it": an "as" clause right after the closing mark is the
        quotation's cue, before any speech verb further away."""
        lo = bisect.bisect_left(self._starts, end)
        while lo < len(self.toks) and self.toks[lo].text in (CLOSE, STRAIGHT, ","):
            lo += 1
        if lo >= len(self.toks) or "\n" in self.text[end : self.toks[lo].start]:
            return None
        mark = self.toks[lo]
        if mark.text.lower() != "as" or mark.dep != "mark" or self.quoted[mark.i]:
            return None
        spk = self._as_put_speaker(self.toks[mark.head])
        return replace(spk, cue=AS_PUT) if spk is not None and spk.cue == AS_PUT else None

    def _as_put_speaker(self, verb: Token) -> Speaker | None:
        """"as a memo put it", "as Ann Ruud said": a speech verb (or "put it") in an
        "as" clause, with a subject of its own."""
        put = verb.lemma.lower() == "put" and any(
            c.dep == "dobj" and c.text.lower() == "it" for c in self._kids[verb.i]
        )
        if not put and (
            not self._is_speech_verb(verb, quote=True)
            or any(c.dep in ("ccomp", "dobj") for c in self._kids[verb.i])
        ):
            return None
        subj = self._subject(verb)
        if subj is None or subj.i > verb.i or self.quoted[subj.i]:
            return None
        return self._speaker_for_subject(subj, AS_PUT if put else verb.text)

    def _according_speaker(self, tok: Token) -> Speaker | None:
        to = self.toks[tok.i + 1]
        pobj = [c for c in self._children(to) if c.dep == "pobj"]
        if not pobj:
            return None
        return self._speaker_for_subject(pobj[0], "according to")

    def named_outside(self, spk: Speaker, start: int) -> Speaker:
        """"Varro said he had called it “...”" / "Ann Ruud railed against what she calls
        the “...”": a pronoun subject inside the clause of an earlier subject of the same
        sentence that names the same person cites that subject (the one a reader names)."""
        if spk.rule != "pronoun" or spk.mention is None or spk.text is None:
            return spk
        toks = self._tokens_in(*spk.mention)
        if len(toks) != 1 or toks[0].text.lower() not in PERSON_PRONOUNS | {"they"}:
            return spk
        pron = toks[0]
        if pron.end > start:
            return spk  # ("“...,” he said": the pronoun that follows is the cue's own)
        sent = self.p.sentence_of(pron.start)
        if sent is None:
            return spk
        best: Speaker | None = None
        h, seen = self.toks[pron.head], 0
        # (only up through complement clauses: "X said he ...", "X went on to say she
        # ..."; a relative, conjoined or adverbial clause may be another account)
        while h.head != h.i and seen < 12 and h.dep in _COMPLEMENT_DEPS:
            h, seen = self.toks[h.head], seen + 1
            if not (sent.start <= h.start < sent.end) or h.pos not in ("VERB", "AUX"):
                continue
            subj = self._subject(h)
            if subj is None or subj.i >= pron.i or self.quoted[subj.i]:
                continue
            if subj.text.lower() == pron.text.lower():
                outer: Speaker | None = replace(spk, mention=(subj.start, subj.end))
            elif subj.text.lower() in OTHER_PRONOUNS | PERSON_PRONOUNS:
                continue
            else:
                outer = self._speaker_for_subject(subj, spk.cue or "")
                if outer is None or outer.text is None or outer.mention is None or (
                    outer.text.split()[-1] != spk.text.split()[-1]
                ):
                    continue
                outer = replace(spk, mention=outer.mention, rule=outer.rule)
            best = outer
        return best if best is not None else spk

    def _stands_alone(self, start: int, end: int) -> bool:
        """The quote makes up its own sentence(s): opened at a sentence start."""
        before = self.text[self._para_start(start) : start - 1].rstrip()
        return not before or before[-1] in ".!?:”\""


__all__ = ["AS_PUT", "COLON_NAME_MAX_TOKENS", "SCARE_QUOTE_MAX_WORDS", "CueReader"]
