"""What happened when: a story's dated events in chronological order.

    1. events    every DATE/TIME expression with a calendar value inside a reporting zone
                 dates the clause it belongs to: the verb governing it and that verb's
                 own words, without sibling clauses that carry no part of the date
    2. reports   when that verb is a reporting verb ("CNN reported on January 19 that
                 ...", "the ministry said Saturday"), the date is the report's date: the
                 entry is the report, and the reported event gets no date from it
    3. status    ``expected`` for plans, targets and futures ("will witness a full
                 withdrawal next week", "set a target for completion by ..."), else
                 ``reported``
    4. merging   entries from several articles (or repeated in one) with compatible dates
                 and similar words are one entry citing every source
    5. order     chronological, by the first day of each entry's period
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from corroborator.article.times.tense import report_slot_end
from corroborator.article.zones import is_reporting
from corroborator.lexicon.plans import EXPECT_LEMMAS, FORWARD_PREPS, FUTURE_AUX, MODAL_AUX
from corroborator.lexicon.speech import SPEECH_VERBS
from corroborator.lexicon.stopwords import LIGHT_LEMMAS
from corroborator.model import Parsed, Span, TimeExpr, TimelineEntry, Token, Zone
from corroborator.text.calendar import period_start

#: Word overlap (Jaccard of content lemmas) from which two dated clauses with compatible
#: dates are the same event. Set on invented two-outlet reports of one event: paraphrases
#: share 0.3-0.5 of their content words, unrelated same-day events under 0.15.
MERGE_SIMILARITY = 0.25
#: Longest entry text, in characters; longer clauses are cut at a word boundary.
MAX_TEXT_CHARS = 220

#: Noun-modifier relations: a date on a noun ("the 2003 invasion") dates that noun phrase.
NOUN_MOD_DEPS = frozenset({"compound", "nummod", "amod", "nmod", "poss", "npadvmod"})
#: Dependency labels of clauses hanging off a verb; dropped unless they hold the date.
CLAUSE_DEPS = frozenset({"conj", "advcl", "parataxis", "ccomp", "cc", "relcl", "xcomp"})
#: Lemmas that say nothing about which event a dated clause reports.
_NOT_CONTENT = LIGHT_LEMMAS | SPEECH_VERBS
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "NUM", "ADJ"})


@dataclass(frozen=True, slots=True)
class _Event:
    article: str
    date: str
    end_date: str | None
    status: str
    text: str
    span: Span
    inferred: bool
    words: frozenset[str]
    order: int  # position in the article, for stable ties


def _concrete(value: str | None) -> bool:
    return bool(value) and re.match(r"\d{4}(?:$|-)", value or "") is not None


def _children(parsed: Parsed, lo: int, hi: int) -> dict[int, list[Token]]:
    kids: dict[int, list[Token]] = {}
    for t in parsed.tokens[lo:hi]:
        if t.head != t.i:
            kids.setdefault(t.head, []).append(t)
    return kids


def _subtree(i: int, kids: dict[int, list[Token]], skip: set[int]) -> set[int]:
    out, stack = set(), [i]
    while stack:
        j = stack.pop()
        if j in out or j in skip:
            continue
        out.add(j)
        stack.extend(k.i for k in kids.get(j, ()))
    return out


def _anchor_verb(parsed: Parsed, tok_ids: range, lo: int, hi: int) -> Token | None:
    """The verb that governs the time expression's tokens, or None."""
    toks = parsed.tokens
    root = next((toks[i] for i in tok_ids if not (tok_ids.start <= toks[i].head < tok_ids.stop)),
                None)
    if root is None:
        return None
    cur = root
    for _ in range(12):
        if cur.pos == "VERB" or (cur.pos == "AUX" and cur.dep in ("ROOT", "ccomp", "conj")):
            return cur
        if cur.head == cur.i or not (lo <= cur.head < hi):
            break
        cur = toks[cur.head]
    return None


def _report_of_slot(parsed: Parsed, verb: Token | None, first: int) -> Token | None:
    """ "said on Monday it would resume ...", parsed with "on Monday" on "resume": a date
    between a report verb and the start of what it reports dates the report."""
    if verb is not None and first in _report_slot_ids(parsed, verb):
        return parsed.tokens[verb.head]
    return verb


def _report_slot_ids(parsed: Parsed, verb: Token | None) -> set[int]:
    """Tokens between a report verb and the start of the reported clause ``verb`` ("said
    *on Monday* it would ..."): they date the report, not the reported event."""
    if verb is None or verb.dep != "ccomp" or verb.head == verb.i:
        return set()
    head = parsed.tokens[verb.head]
    if head.lemma.lower() not in SPEECH_VERBS or head.i > verb.i:
        return set()
    end = report_slot_end(parsed, head, verb)
    return set(range(head.i + 1, end)) if end is not None else set()


def _clause(parsed: Parsed, verb: Token, time_ids: set[int], lo: int, hi: int,
            keep_content: bool) -> set[int]:
    """The verb's clause: its subtree minus sibling clauses that do not hold the date."""
    toks = parsed.tokens
    kids = _children(parsed, lo, hi)
    root = verb
    if verb.dep in ("acl", "relcl") and lo <= verb.head < hi:
        root = toks[verb.head]  # "an agreement reached in September": keep the noun
    skip: set[int] = set()
    for child in kids.get(root.i, ()):
        if child.i == verb.i:
            continue
        if child.dep in CLAUSE_DEPS:
            if keep_content and child.dep in ("ccomp", "xcomp"):
                continue
            sub = _subtree(child.i, kids, set())
            if not sub & time_ids:
                skip |= sub
    if root.i != verb.i:
        for child in kids.get(verb.i, ()):
            if child.dep in CLAUSE_DEPS and not (keep_content and child.dep == "ccomp"):
                sub = _subtree(child.i, kids, set())
                if not sub & time_ids:
                    skip |= sub
    ids = _subtree(root.i, kids, skip)
    return ids | time_ids


def _span_text(parsed: Parsed, ids: set[int]) -> tuple[int, int]:
    toks = parsed.tokens
    ordered = sorted(ids)
    while ordered and toks[ordered[0]].pos in ("PUNCT", "CCONJ", "SCONJ"):
        ordered.pop(0)
    while ordered and toks[ordered[-1]].pos in ("PUNCT", "CCONJ"):
        ordered.pop()
    if not ordered:
        return 0, 0
    return toks[ordered[0]].start, toks[ordered[-1]].end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:)"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:("):
        end -= 1
    return start, end


def _short(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= MAX_TEXT_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_TEXT_CHARS - 1)
    return text[: cut if cut > 0 else MAX_TEXT_CHARS - 1].rstrip(",;: ") + "…"


def _is_expected(parsed: Parsed, verb: Token | None, ids: set[int], t: TimeExpr,
                 is_report: bool) -> bool:
    toks = parsed.tokens
    words = [toks[i] for i in sorted(ids)]
    auxes = [w for w in words if verb is not None and w.head == verb.i
             and w.dep in ("aux", "auxpass")]
    lowered = [a.text.lower() for a in auxes]
    if any(a in FUTURE_AUX or a == "going" for a in lowered):
        return True
    # "would be finished by May", "should reopen on Friday": a modal with no perfect
    # ("should have finished by May" looks back) tells what is wanted, not what happened
    if any(a in MODAL_AUX for a in lowered) and "have" not in lowered:
        return True
    past = verb is not None and (
        verb.tag in ("VBD", "VBN") or any("Tense=Past" in a.morph for a in auxes)
    )
    pub = period_start(parsed.article.published)
    start = period_start(t.value)
    deadline = _word_before(parsed, t.span.start) in FORWARD_PREPS
    done = bool(past and pub and start and start <= pub and not deadline)
    # plan words: a plan verb ("planned to", "is scheduled for") or a deadline ("set a
    # target for completion by ...") always; a plan noun otherwise unless a past clause
    # reports something done by then ("last month the plan was drafted")
    if not is_report and any(
        _expects(parsed, w) and not (done and w.pos != "VERB") for w in words
    ):
        return True
    # a date after publication is still to come, whatever the tense: a past form there
    # is reported speech shifted back ("said more outages were possible on Tuesday")
    return bool(pub and start and start > pub)


def _word_before(parsed: Parsed, char: int) -> str:
    m = re.search(r"(\w+)\W*$", parsed.article.text[max(0, char - 30) : char])
    return m.group(1).lower() if m else ""


def _expects(parsed: Parsed, w: Token) -> bool:
    """A plan word; "due" only as "due to <verb>" ("due to arrive", not "due to unrest")."""
    if w.lemma.lower() in EXPECT_LEMMAS:
        return True
    toks = parsed.tokens
    if w.text.lower() == "due" and w.i + 2 < len(toks):
        return toks[w.i + 1].text.lower() == "to" and toks[w.i + 2].tag == "VB"
    return False


def _noun_event(parsed: Parsed, tok_ids: range, lo: int, hi: int) -> set[int] | None:
    """ "the 2003 invasion": a date modifying a noun dates that noun phrase."""
    toks = parsed.tokens
    root = next((toks[i] for i in tok_ids if not (tok_ids.start <= toks[i].head < tok_ids.stop)),
                None)
    if root is None or root.dep not in NOUN_MOD_DEPS or not (lo <= root.head < hi):
        return None
    noun = toks[root.head]
    if noun.pos not in ("NOUN", "PROPN"):
        return None
    kids = _children(parsed, lo, hi)
    skip = {k.i for k in kids.get(noun.i, ()) if k.dep in ("relcl", "acl", "appos", "prep")}
    skip = set().union(*(_subtree(k, kids, set()) for k in skip)) if skip else set()
    return _subtree(noun.i, kids, skip)


def _events(parsed: Parsed, zones: tuple[Zone, ...], times: tuple[TimeExpr, ...]) -> list[_Event]:
    out: list[_Event] = []
    toks = parsed.tokens
    aid = parsed.article.id
    text = parsed.article.text
    for n, t in enumerate(times):
        if t.type not in ("DATE", "TIME") or not _concrete(t.value):
            continue
        if not is_reporting(zones, t.span.start, t.span.end):
            continue
        sent = parsed.sentence_of(t.span.start)
        if sent is None:
            continue
        lo, hi = sent.tok_start, sent.tok_end
        ids = [
            i for i in range(lo, hi) if toks[i].start < t.span.end and t.span.start < toks[i].end
        ]
        if not ids:
            continue
        time_ids = set(ids)
        tok_range = range(ids[0], ids[-1] + 1)
        verb = _report_of_slot(parsed, _anchor_verb(parsed, tok_range, lo, hi), ids[0])
        is_report = verb is not None and verb.lemma.lower() in SPEECH_VERBS
        noun_phrase = _noun_event(parsed, tok_range, lo, hi)
        if noun_phrase is not None:
            clause, verb, is_report = noun_phrase | time_ids, None, False
        elif verb is None:
            clause = set(range(lo, hi))
        else:
            if is_report and verb.dep in ("parataxis", "ccomp", "advcl") and lo <= verb.head < hi:
                # "US forces left the base, CNN reported on January 19": the report's
                # content is the clause it hangs from
                clause = _clause(parsed, toks[verb.head], time_ids, lo, hi, keep_content=True)
            else:
                clause = _clause(parsed, verb, time_ids, lo, hi, keep_content=is_report)
                clause -= _report_slot_ids(parsed, verb) - time_ids
        start, end = _span_text(parsed, clause)
        # a clause never crosses a line break: spaCy sometimes runs a caption or heading
        # into the next paragraph's first sentence
        start = max(start, text.rfind("\n", 0, t.span.start) + 1)
        line_end = text.find("\n", t.span.end)
        end = min(end, line_end) if line_end >= 0 else end
        start, end = _strip(text, start, end)
        if end <= start:
            continue
        expected = _is_expected(parsed, verb, clause, t, is_report)
        status = "expected" if expected else "reported"
        words = frozenset(
            toks[i].lemma.lower()
            for i in clause
            if i not in time_ids and start <= toks[i].start < end and toks[i].pos in _CONTENT_POS
            and toks[i].lemma.lower() not in _NOT_CONTENT
        )
        out.append(
            _Event(
                article=aid,
                date=t.value or "",
                end_date=t.end_value,
                status=status,
                text=_short(text[start:end]),
                span=Span(aid, start, end),
                inferred=bool(parsed.article.published_inferred and t.anchor),
                words=words,
                order=n,
            )
        )
    return out


def _compatible(a: str, b: str) -> bool:
    """Same date, or one is a more precise form of the other (2026-01 / 2026-01-18)."""
    a, b = a.upper(), b.upper()
    return a == b or a.startswith(b + "-") or b.startswith(a + "-") or (
        a.startswith(b + "T") or b.startswith(a + "T")
    )


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= MERGE_SIMILARITY


def _same_event(a: _Event, b: _Event) -> bool:
    if not _compatible(a.date, b.date):
        return False
    if a.end_date and b.end_date and not _compatible(a.end_date, b.end_date):
        return False
    return _similar(a.words, b.words) or (a.article == b.article and a.span == b.span)


def _merge(events: list[_Event]) -> list[list[_Event]]:
    groups: list[list[_Event]] = []
    for ev in events:
        for g in groups:
            if any(_same_event(ev, o) for o in g):
                g.append(ev)
                break
        else:
            groups.append([ev])
    return groups


def _entry(group: list[_Event]) -> TimelineEntry:
    best = max(group, key=lambda e: (len(e.date), e.end_date is not None, -e.order))
    status = "reported" if any(e.status == "reported" for e in group) else "expected"
    cites = tuple(sorted({e.span for e in group}))
    return TimelineEntry(
        date=best.date,
        end_date=best.end_date,
        status=status,  # type: ignore[arg-type]
        text=best.text,
        citations=cites,
        inferred=all(e.inferred for e in group),
    )


def _sort_key(entry: TimelineEntry) -> tuple[date, str, str]:
    start = period_start(entry.date) or date.max
    return start, entry.date, entry.end_date or ""


def build_timeline(
    parsed: Sequence[Parsed],
    zones: Mapping[str, tuple[Zone, ...]],
    times: Mapping[str, tuple[TimeExpr, ...]],
) -> tuple[TimelineEntry, ...]:
    """The story's dated events, one entry per event with every citation, in order."""
    events: list[_Event] = []
    for p in parsed:
        aid = p.article.id
        events.extend(_events(p, zones.get(aid, ()), times.get(aid, ())))
    entries = [_entry(g) for g in _merge(events)]
    return tuple(sorted(entries, key=_sort_key))


__all__ = ["build_timeline"]
