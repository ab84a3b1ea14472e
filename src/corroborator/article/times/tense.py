"""Tense of the clause around a time expression, read from the parse, including speech
reported in the past whose tense is shifted back ("said it would resume on Thursday").
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from corroborator.article.times.context import (
    Context,
    Tense,
)
from corroborator.lexicon import plans, speech
from corroborator.lexicon.plans import PLAN_PASSIVES
from corroborator.model import Parsed, Token
from corroborator.text.calendar import (
    _parse_iso,
)


def _clause_verb(ctx: Context, char: int) -> Token | None:
    """The verb of the clause around character ``char`` (its nearest verbal head)."""
    tok = ctx.token_at(char)
    if tok is None:
        return None
    toks = ctx.parsed.tokens
    verb = tok
    for _ in range(8):
        if verb.pos in ("VERB", "AUX") or verb.head == verb.i:
            break
        verb = toks[verb.head]
    return verb if verb.pos in ("VERB", "AUX") else None


def clause_tense(ctx: Context, char: int) -> Tense:
    """Past / future / present reading of the clause around character ``char``."""
    verb = _clause_verb(ctx, char)
    if verb is None:
        return None
    toks = ctx.parsed.tokens
    for _ in range(3):
        tense = _verb_tense(ctx.parsed, verb)
        if tense != "infinitive":
            return tense
        head = toks[verb.head]
        if head.i == verb.i:
            return None
        if head.lemma in ("expect", "plan", "schedule", "intend", "aim", "set", "due", "hope",
                          "be", "want", "seek", "agree", "prepare", "decide", "vow", "pledge"):
            if _past_perfect(ctx.parsed, head):
                return "past"  # "had been scheduled to expire Friday": the plan is over
            if head.lemma in ("be", "due"):
                outer = toks[head.head] if head.pos == "ADJ" else head
                if _verb_tense(ctx.parsed, outer) == "past":
                    return "past"  # "had been due to expire Friday"
            return "future"
        if head.lemma == "go" and head.tag == "VBG":
            # "was going to resume on Thursday": a plan, ahead of when it was told
            return "past" if _past_perfect(ctx.parsed, head) else "future"
        verb = head
    return None


def _children_of(parsed: Parsed, verb: Token) -> list[Token]:
    toks = parsed.tokens
    sent = parsed.sentence_of(verb.start)
    lo, hi = (sent.tok_start, sent.tok_end) if sent else (0, len(toks))
    return [t for t in toks[lo:hi] if t.head == verb.i and t.i != verb.i]


def _told_in_past(parsed: Parsed, verb: Token) -> bool:
    """ "said", "had said", "was told": a report made in the past (not "has said")."""
    if verb.tag == "VBD":
        return True
    return verb.tag == "VBN" and any(
        a.dep in ("aux", "auxpass") and "Tense=Past" in a.morph
        for a in _children_of(parsed, verb)
    )


def _speech_verb(parsed: Parsed, verb: Token) -> Token | None:
    """The past report ("said", "warned", "expected") whose content holds ``verb``."""
    toks = parsed.tokens
    v = verb
    for _ in range(3):  # "said X and that Y": Y is reported too
        if v.dep != "conj" or v.head == v.i:
            break
        v = toks[v.head]
    if v.dep == "ccomp" and v.head != v.i:
        head = toks[v.head]
        if head.lemma.lower() in speech.REPORTING_VERBS and _told_in_past(parsed, head):
            return head
        return None
    # "More outages were possible on Tuesday, the operator said" parsed with the report
    # hanging from the reported clause
    for c in _children_of(parsed, v):
        if (c.dep in ("parataxis", "ccomp") and c.i > v.i
                and c.lemma.lower() in speech.REPORTING_VERBS and _told_in_past(parsed, c)):
            return c
    return None


def _backshifted(parsed: Parsed, verb: Token) -> Tense:
    """The time a clause reported in the past refers to, seen from the report: "would",
    "could", "was possible", "was meeting" look ahead of it, "had stopped" and other past
    forms back. None when the clause is not shifted ("will", present tense): it is told
    from the writer's now, not from the report's."""
    kids = _children_of(parsed, verb)
    auxes = [a for a in kids if a.dep in ("aux", "auxpass")]
    low = [a.text.lower() for a in auxes]
    if any(w in plans.FUTURE_AUX for w in low):
        return None
    modals = [w for a, w in zip(auxes, low, strict=True) if a.tag == "MD"]
    if modals:
        if any(a.lemma == "have" for a in auxes):
            return "past"  # "would have closed on Friday"
        return "future" if modals[0] in plans.BACKSHIFT_MODALS else None
    if verb.tag == "MD":
        return "future" if verb.text.lower() in plans.BACKSHIFT_MODALS else None
    if not (verb.tag == "VBD" or any("Tense=Past" in a.morph for a in auxes)):
        return None
    if any(a.lemma == "have" for a in auxes):
        return "past"  # "had stopped on Wednesday"
    if verb.tag == "VBG" and any(a.lemma == "be" for a in auxes):
        # "was meeting on Tuesday" (a plan), "were still voting after problems on Sunday"
        # (a state): the shifted present, the weekday nearest the report
        return "present"
    if verb.lemma in PLAN_PASSIVES and any(a.dep == "auxpass" for a in auxes):
        return "future"  # "was scheduled for Thursday"
    if verb.lemma == "be" and any(
        c.dep in ("acomp", "attr", "xcomp") and c.text.lower() in plans.PROSPECTIVE_PREDICATES
        for c in kids
    ):
        return "future"  # "were possible on Tuesday", "was due on Friday"
    return "past"


def report_slot_end(parsed: Parsed, speech: Token, content: Token) -> int | None:
    """Where the clause ``content`` reported by ``speech`` starts (its subject's or
    "that"'s first token), when words lie between the two ("said on Friday it would
    ...", "said Sunday that ..."): a date there dates the report, whatever the parser
    attached it to. None when nothing opens the clause after the report verb."""
    if content.i < speech.i:
        return None
    toks = parsed.tokens
    openers = {c.i for c in _children_of(parsed, content)
               if c.dep in ("nsubj", "nsubjpass", "mark", "expl") and c.i > speech.i}
    for t in toks[speech.i + 1 : content.i]:  # the first token inside an opener's phrase
        cur = t
        for _ in range(6):
            if cur.i in openers:
                return t.i
            if cur.head == cur.i:
                break
            cur = toks[cur.head]
    return None


def _report_slot(parsed: Parsed, speech: Token, content: Token) -> range:
    end = report_slot_end(parsed, speech, content)
    return range(speech.i + 1, end) if end is not None else range(0)


def _speech_time(ctx: Context, speech: Token, slot: range) -> date | None:
    """The day a report was made, when the text dates it ("said on Monday")."""
    if ctx.nested:
        return None
    for c in ctx.cands:
        tok = ctx.token_at(c.start)
        if tok is None or not (tok.i in slot or _governed_by(ctx.parsed, tok, speech)):
            continue
        ctx.nested = True
        try:
            v = c.handler(c.match, ctx)
        finally:
            ctx.nested = False
        d = _parse_iso(v.value) if v is not None and v.type == "DATE" else None
        if d is not None:
            return d
    return None


def _governed_by(parsed: Parsed, tok: Token, verb: Token) -> bool:
    """``tok`` hangs from ``verb`` through at most two non-verbal heads ("on" "Monday")."""
    toks = parsed.tokens
    for _ in range(3):
        if tok.head == verb.i:
            return True
        if tok.head == tok.i or toks[tok.head].pos in ("VERB", "AUX"):
            return False  # hangs from another verb first
        tok = toks[tok.head]
    return False


def reading(ctx: Context, char: int) -> tuple[Tense, date | None]:
    """Tense of the clause around ``char`` and the day it is told from.

    A clause reported in the past ("said on Monday that outages were possible on
    Tuesday", "said it would resume service on Thursday") is told from the report's day,
    and its back-shifted tense reads as seen from then: "would", "could", "was possible"
    look ahead, "had stopped" looks back. Otherwise: :func:`clause_tense` and the DCT.
    """
    verb = _clause_verb(ctx, char)
    finite = verb
    toks = ctx.parsed.tokens
    for _ in range(3):  # "said it planned to reopen on Friday": the finite verb "planned"
        if finite is None or finite.head == finite.i or finite.dep not in ("xcomp", "ccomp"):
            break
        if not any(a.text.lower() == "to" and a.dep == "aux"
                   for a in _children_of(ctx.parsed, finite)):
            break
        finite = toks[finite.head]
    tense = clause_tense(ctx, char)
    speech = _speech_verb(ctx.parsed, finite) if finite is not None else None
    if speech is None or finite is None:
        return tense, ctx.dct
    slot = _report_slot(ctx.parsed, speech, finite)
    tok = ctx.token_at(char)
    if tok is not None and tok.i in slot:  # "said on Friday it would ...": the report's date
        told = _verb_tense(ctx.parsed, speech)
        return (told if told != "infinitive" else None), ctx.dct
    if finite is verb:
        shifted = _backshifted(ctx.parsed, finite)
    else:  # an infinitive: "planned to", "was going to" look ahead; "had planned" back
        shifted = tense if tense in ("past", "future") else None
    if shifted is None:
        return tense, ctx.dct
    return shifted, _speech_time(ctx, speech, slot) or ctx.dct


def _past_perfect(parsed: Parsed, verb: Token) -> bool:
    """ "had been scheduled", "had planned": a past perfect verb."""
    return any(
        t.head == verb.i and t.dep in ("aux", "auxpass") and t.text.lower() in ("had", "'d")
        for t in parsed.tokens[max(0, verb.i - 4) : verb.i]
    )


def _verb_tense(parsed: Parsed, verb: Token) -> Tense | Literal["infinitive"]:
    toks = parsed.tokens
    sent = parsed.sentence_of(verb.start)
    lo, hi = (sent.tok_start, sent.tok_end) if sent else (0, len(toks))
    children = [t for t in toks[lo:hi] if t.head == verb.i and t.i != verb.i]
    auxes = [t for t in children if t.dep in ("aux", "auxpass")]
    for a in auxes:
        low = a.text.lower()
        if low in plans.FUTURE_AUX:
            return "future"
        if low == "going" and a.i + 1 < len(toks) and toks[a.i + 1].text.lower() == "to":
            return "future"
    if verb.text.lower() in plans.FUTURE_AUX:
        return "future"
    modals = [a.text.lower() for a in auxes if a.tag == "MD"]
    if modals:
        if any(a.lemma == "have" for a in auxes):
            return "past"  # "could have closed in May"
        # "would be paid in January", "could not attend Thursday": future seen from a
        # past report, a conditional or a past ability; "may vote Tuesday": ahead
        return None if modals[0] in ("would", "'d", "could") else "future"
    if any("Tense=Past" in a.morph for a in auxes) or verb.tag == "VBD":
        return "past"
    if any(a.lemma == "have" for a in auxes) and verb.tag == "VBN":
        return "past"
    if any(a.text.lower() == "to" for a in auxes):
        return "infinitive"
    if verb.tag in ("VBZ", "VBP") or any(a.tag in ("VBZ", "VBP") for a in auxes):
        if any(a.lemma == "be" for a in auxes) and verb.tag == "VBG":
            return "future"  # "is meeting Tuesday": a progressive with a date is a plan
        if verb.lemma in PLAN_PASSIVES and any(a.dep == "auxpass" for a in auxes):
            return "future"  # "the vote is scheduled for Dec. 13": a plan, still ahead
        return "present"
    if verb.tag == "VBG":
        return None
    if verb.tag == "VBN":  # reduced relative: "an agreement reached in ..."
        return "past"
    return None
