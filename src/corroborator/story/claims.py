"""Atomic claims (stage 6), then aligned across outlets by :mod:`corroborator.story.alignment`.

1. :func:`extract_claims` splits every reporting sentence into clause-level claims.
   Coordinated main clauses that each have a subject ("X happened, but Y remained")
   become separate claims. An attribution frame ("..., the ministry said",
   "according to the command") is not a claim of its own: it stays inside the
   citation of the clause it is attached to, but its words, entities and times do not
   count as what the claim states.
2. :func:`~corroborator.story.alignment.align` groups claims from different articles of one
   story that state the same thing: TF-IDF cosine over content terms and resolved
   entities, plus equal or near figures and shared dates. Candidate pairs come from an
   inverted index over terms and entities, so only claims that share something are
   compared, and only within the story.
3. A group is ``corroborated`` when it rests on two or more independent sources
   (a syndicated copy counts as its original's source, and articles of one outlet
   count once) that agree on its figures, otherwise ``single_source``.
   :func:`~corroborator.story.alignment.mark_disputed` turns groups that a conflict cites
   into ``disputed``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from corroborator.lexicon.speech import FRAME_VERBS
from corroborator.lexicon.stopwords import wordset
from corroborator.model import (
    Claim,
    Entity,
    Parsed,
    Quantity,
    Span,
    TimeExpr,
    Token,
    Zone,
)
from corroborator.text.similarity import (
    close,
    terms,
)

# --------------------------------------------------------------------------- constants

#: Verbs whose clausal complement carries the claim; the verb and its subject are the
#: attribution frame (:mod:`corroborator.lexicon.speech`).
REPORTING_LEMMAS = FRAME_VERBS

#: Dependency labels of a clause's own subject: a conjunct with one is a separate claim.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})

#: Words that open a reference to another event ("two days after the evacuation was
#: completed"). Such a subordinate clause stays in the citation but is not what the
#: claim states, so its words and dates do not count for alignment.
BACKGROUND_MARKERS = frozenset({"after", "before", "since", "until", "when", "while"})

#: A clause needs at least this many content terms to be a claim ("he added" is not;
#: "the bridge reopened on Monday" is: day names are not terms). Chosen on the demo
#: corpus and the issue-5 fixtures.
MIN_CLAIM_TERMS = 2

#: A sentence is skipped when more than this share of its characters lies in a
#: non-reporting zone (caption, byline, newsletter blurb, ...).
NON_REPORTING_SHARE = 0.5

#: Weights of the alignment score. Resolved entity ids join the content terms of the
#: TF-IDF vector (so a story's ubiquitous entity counts little); an equal or near figure
#: and a shared month- or day-precise date add evidence. Calibrated on the demo-corpus
#: gold pairs (tests/gold/claims.gold.json): a separate entity-Jaccard term (0.1, 0.2)
#: only added false pairs through one shared entity.
W_LEXICAL = 0.65

#: Each resolved entity enters the TF-IDF bag this many times.
ENTITY_REPEAT = 1
W_NUMBER = 0.25
W_TIME = 0.15

#: Two claims are aligned from this score on (single-link, within one story).
#: Calibrated on the demo-corpus and fixture gold pairs (0.25-0.28 best recall at
#: precision 1.0; 0.30 lost the "route open" vs "route closed" pair) and checked by eye
#: on the seeds, where lower values start pairing background sentences.
ALIGN_THRESHOLD = 0.28

#: When two groups merge, their average pairwise score must reach this, which stops
#: single-link chaining through one generic claim. Calibrated on the demo corpus.
MERGE_AVERAGE_MIN = 0.22

#: Terms in more than this share of a story's claims are not used to find candidate
#: pairs (they still count in the score). Keeps the candidate lists short.
CANDIDATE_MAX_DF = 0.5

#: ... and terms in more than this many claims are not used either, so a large story
#: costs about (claims x this) comparisons, not claims squared. 150 keeps every gold
#: pair of the demo corpus and seeds (stories of < 200 claims) and bounds a 300-article
#: story to seconds.
CANDIDATE_MAX_POSTING = 150

#: A claim joins the claims that state one fact when it states the same fact
#: (:func:`~corroborator.story.facts.same_fact`) as this many of them (or as all, while they
#: are fewer; a strong match, :attr:`~corroborator.story.facts.Basis.strong`, counts twice),
#: or as one of them and tells of the same act as every one. On the judged ECB+ dev
#: sample, one same-fact link alone let chains join different acts of one story (5 of
#: the 9 wrong corroborated pairs had no same-fact link of their own).
CLIQUE_LINKS = 2

# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True, slots=True)
class _Clause:
    """One clause of a sentence: its citation chars and the token indices it states."""

    start: int
    end: int
    content: tuple[int, ...]


def extract_claims(
    parsed: Sequence[Parsed],
    zones: Mapping[str, tuple[Zone, ...]],
    entities: tuple[Entity, ...],
    times: Mapping[str, tuple[TimeExpr, ...]],
    quantities: tuple[Quantity, ...],
) -> tuple[Claim, ...]:
    """Clause-level claims from the reporting sentences of every article."""
    mentions: dict[str, list[tuple[Span, str]]] = defaultdict(list)
    for ent in entities:
        for span in ent.mentions:
            mentions[span.article].append((span, ent.id))
    figures: dict[str, list[Quantity]] = defaultdict(list)
    for qty in quantities:
        figures[qty.citation.article].append(qty)

    out: list[Claim] = []
    for p in parsed:
        aid = p.article.id
        blocked = [z.span for z in zones.get(aid, ()) if z.label != "reporting"]
        index = 0
        for lo, hi in _lines(p):
            if (
                _blocked_share(p.tokens[lo].start, p.tokens[hi - 1].end, blocked)
                > NON_REPORTING_SHARE
            ):
                continue
            if _is_headline(p, lo, hi):
                continue
            for clause in split_clauses(p, lo, hi):
                content_tokens = [p.tokens[i] for i in clause.content]
                if not _is_claim(content_tokens):
                    continue
                heads = _heads(clause.content, p.tokens)
                ents = _entities_in(content_tokens, mentions.get(aid, []))
                numbers = _numbers_in(clause, p.article.text, figures.get(aid, []))
                kind = _worth_reading(p, clause, heads, ents, numbers)
                if not kind:
                    continue
                out.append(
                    Claim(
                        id=f"{aid}#c{index}",
                        article=aid,
                        text=p.article.text[clause.start : clause.end],
                        span=Span(aid, clause.start, clause.end),
                        entities=ents,
                        numbers=numbers,
                        times=_times_in(content_tokens, times.get(aid, ())),
                        content=_content_text(content_tokens, p.article.text),
                        predicates=_predicates(clause.content, heads, p.tokens),
                        negated=_negated(clause.content, heads, p.tokens),
                        quoted=_quoted(p.article.text, content_tokens[0].start),
                        own_words=kind == QUOTED_WORDS,
                        verbs=tuple(
                            dict.fromkeys(
                                t.lemma.lower()
                                for t in content_tokens
                                if t.pos == "VERB" and t.lemma.lower() not in REPORTING_LEMMAS
                            )
                        ),
                    )
                )
                index += 1
    return tuple(out)


def _lines(p: Parsed) -> list[tuple[int, int]]:
    """Token ranges of the sentences, cut at line breaks.

    A heading or caption line glued to the next sentence by the parser ("Pentagon
    Confirms Exit\nAl Asad Airbase, located ...") is then its own unit, which its zone
    can exclude, and no claim spans two paragraphs.
    """
    out: list[tuple[int, int]] = []
    text = p.article.text
    for sent in p.sentences:
        lo = sent.tok_start
        for i in range(sent.tok_start, sent.tok_end):
            tok = p.tokens[i]
            gap = text[p.tokens[i - 1].end : tok.start] if i > lo else ""
            if "\n" in tok.text or "\n" in gap:
                if i > lo and "\n" in gap:
                    out.append((lo, i))
                    lo = i
                if "\n" in tok.text:
                    if i > lo:
                        out.append((lo, i))
                    lo = i + 1
        if lo < sent.tok_end:
            out.append((lo, sent.tok_end))
    return [(lo, hi) for lo, hi in out if any(p.tokens[k].pos != "SPACE" for k in range(lo, hi))]


def split_clauses(p: Parsed, tok_start: int, tok_end: int) -> list[_Clause]:
    """Split one sentence (tokens ``[tok_start, tok_end)``) into clauses."""
    toks = p.tokens
    children: dict[int, list[int]] = defaultdict(list)
    roots: list[int] = []
    for i in range(tok_start, tok_end):
        head = toks[i].head
        if head == i or toks[i].dep == "ROOT" or not tok_start <= head < tok_end:
            roots.append(i)
        else:
            children[head].append(i)

    subtrees: dict[int, set[int]] = {}

    def subtree(i: int) -> set[int]:
        # callers never change the set they get, so it is computed once per token
        # (``children`` is complete before the first call)
        seen = subtrees.get(i)
        if seen is not None:
            return seen
        seen = {i}
        stack = [i]
        while stack:
            for c in children.get(stack.pop(), ()):
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        subtrees[i] = seen
        return seen

    if len(roots) > 1:
        # a line cut out of a longer parse (a heading glued to it): the pieces whose head
        # lies on the other line hang from this line's root, or the line is one clause
        main = [r for r in roots if toks[r].dep == "ROOT"]
        if not main:
            line = _trim(list(range(tok_start, tok_end)), toks)
            return [_Clause(toks[line[0]].start, toks[line[-1]].end, tuple(line))] if line else []
        for r in roots:
            if r != main[0]:
                children[main[0]].append(r)
        roots = main[:1]
    clauses: list[_Clause] = []
    for root in roots:
        whole = subtree(root)
        heads = [root]
        frame: set[int] = set()
        if toks[root].lemma.lower() in REPORTING_LEMMAS:
            comps = [c for c in children.get(root, ()) if toks[c].dep == "ccomp"]
            if comps:
                # "X said A, and B happened": B is a clause of its own, not frame
                comps += [
                    c
                    for c in children.get(root, ())
                    if toks[c].dep == "conj" and _own_clause(c, toks, children)
                ]
                heads = sorted(comps)
                frame = whole - set().union(*(subtree(c) for c in comps))
                frame -= {
                    k for k in children.get(root, ()) if toks[k].dep == "cc" and k > min(comps)
                }
        for i in whole:
            if toks[i].text.lower() == "according":
                frame |= subtree(i)
        # heads and their coordinated clauses, in order
        units: list[tuple[int, list[int]]] = []
        stack = list(heads)
        while stack:
            h = stack.pop(0)
            conj = [
                c
                for c in children.get(h, ())
                if toks[c].dep == "conj" and _own_clause(c, toks, children)
            ]
            units.append((h, conj))
            stack.extend(conj)
        units.sort(key=lambda u: u[0])
        bodies: list[list[int]] = []
        for h, conj in units:
            body = subtree(h) - frame
            for c in conj:
                body -= subtree(c)
                first = min(subtree(c))
                body -= {
                    k
                    for k in children.get(h, ())
                    if toks[k].dep in ("cc", "punct") and h < k < first
                }
            bodies.append(sorted(_trim(sorted(body), toks)))
        bodies = [b for b in bodies if b]
        if not bodies:
            continue
        background: set[int] = set()
        for unit in bodies:
            for k in unit:
                if toks[k].text.lower() in BACKGROUND_MARKERS and toks[k].dep in ("prep", "mark"):
                    sub = subtree(toks[k].head) if toks[k].dep == "mark" else subtree(k)
                    if toks[k].dep == "mark" and toks[k].head == root:
                        continue
                    if any(toks[v].dep in SUBJECT_DEPS for v in sub):
                        background |= sub
        before = [k for k in sorted(frame) if k < bodies[0][0]]
        after = [k for k in sorted(frame) if k > bodies[-1][-1]]
        before, after = _trim(before, toks), _trim(after, toks)
        for n, kept in enumerate(bodies):
            start, end = toks[kept[0]].start, toks[kept[-1]].end
            if n == 0 and before:
                start = toks[before[0]].start
            if n == len(bodies) - 1 and after:
                end = toks[after[-1]].end
            start = _with_opening_quote(p.article.text, start, end)
            content = tuple(k for k in kept if k not in background)
            if len(content) < len(kept) // 3:
                content = tuple(kept)
            clauses.append(_Clause(start, end, content))
    return clauses


#: Heads' dependents that carry the predicate of a light or linking head: "expected to
#: be arraigned" (xcomp), "was dead" (acomp), "is the host" (attr).
_PREDICATE_DEPS = frozenset({"xcomp", "acomp", "attr", "oprd"})

#: What :func:`_worth_reading` finds a clause to be: a claim, or only a quotation.
CLAIM = "claim"
QUOTED_WORDS = "quoted words"

#: A clause that asks the reader to do something is not a claim.
READER_PROMPT = re.compile(
    r"\b(?:subscribe|sign up|click here|click to|tap here|read more|log ?in|sign in|"
    r"follow us|share this|download (?:the|our) app|newsletter|cookies?|"
    r"all rights reserved|advertisement)\b",
    re.IGNORECASE,
)


def _heads(content: Sequence[int], toks: Sequence[Token]) -> list[int]:
    """The clause's governing tokens: those whose syntactic head lies outside the clause,
    and the words a light head hands its predicate to ("expected to be arraigned")."""
    inside = set(content)
    heads = [i for i in content if toks[i].head == i or toks[i].head not in inside]
    out: list[int] = []
    stack = list(heads)
    while stack:
        i = stack.pop(0)
        if i in out:
            continue
        out.append(i)
        stack += [k for k in content if toks[k].head == i and k != i
                  and toks[k].dep in _PREDICATE_DEPS]
    return [i for i in sorted(out) if toks[i].pos in ("VERB", "AUX", "ADJ", "NOUN", "PROPN")]


#: Dependency labels that keep a verb in the clause's main predication: coordinated
#: verbs ("smashed and looted"), verbs a head governs ("began moving", "said it would
#: resume"). A verb in a relative or adverbial clause ("the driver who killed her",
#: "after it was set") speaks of something else.
_MAIN_DEPS = frozenset({"conj", "xcomp", "ccomp"})


def _predicates(
    content: Sequence[int], heads: Sequence[int], toks: Sequence[Token]
) -> tuple[str, ...]:
    """Lemmas of what the clause says happened: its heads and the verbs of its main
    predication (not reporting verbs)."""
    out = [toks[i].lemma.lower() for i in heads if toks[i].pos in ("VERB", "AUX", "ADJ")]
    main = set(heads)
    for i in content:  # content is in text order; heads come first in any chain
        t = toks[i]
        if t.pos == "VERB" and t.dep in _MAIN_DEPS and t.head in main:
            main.add(i)
    changed = True
    while changed:
        changed = False
        for i in content:
            t = toks[i]
            if i not in main and t.pos == "VERB" and t.dep in _MAIN_DEPS and t.head in main:
                main.add(i)
                changed = True
    out += [
        toks[i].lemma.lower()
        for i in sorted(main)
        if toks[i].pos == "VERB" and toks[i].lemma.lower() not in REPORTING_LEMMAS
    ]
    out += _acts_named(content, main, toks)
    return tuple(dict.fromkeys(out))


#: Verbs that hand the act they report to their object: "staged 40 raids"
#: (raid), "launched an appeal" (appeal), "is serving a nine-year sentence" (sentence).
#: Written by hand from general English; the light verbs (have, make, take, ...) are
#: left out, their objects name too many things that are no act ("took place").
SUPPORT_VERBS = wordset("carry conduct launch stage mount serve receive suffer commit perform")

#: Nouns that measure rather than name an act ("served 15 years").
_MEASURE_NOUNS = wordset("year month week day hour minute time place term period part")


def _acts_named(
    content: Sequence[int], main: set[int], toks: Sequence[Token]
) -> list[str]:
    """Lemmas of the nouns that name the clause's act: the object of a support verb
    ("staged 40 raids") and what "there" is said to be ("there have been 40
    raids")."""
    inside = set(content)
    out: list[str] = []
    for i in content:
        t = toks[i]
        if t.pos != "NOUN" or t.lemma.lower() in _MEASURE_NOUNS or t.head not in main:
            continue
        head = toks[t.head].lemma.lower()
        supported = t.dep == "dobj" and head in SUPPORT_VERBS
        existential = (
            t.dep in ("attr", "nsubj")
            and head == "be"
            and any(toks[k].dep == "expl" and toks[k].head == t.head for k in inside)
        )
        if supported or existential:
            out.append(t.lemma.lower())
    return out


def _negated(content: Sequence[int], heads: Sequence[int], toks: Sequence[Token]) -> bool:
    """Whether a head of the clause is negated ("has not apologised", "never said") or
    its subject is "no ..." ("no one was hurt", "no gun has been recovered")."""
    head_set = set(heads)
    for k in content:
        t = toks[k]
        if t.dep == "neg" and t.head in head_set:
            return True
        if t.text.lower() in ("no", "none") and t.dep == "det":
            subject = toks[t.head]
            if subject.dep in SUBJECT_DEPS and subject.head in head_set:
                return True
    return False


def _is_headline(p: Parsed, lo: int, hi: int) -> bool:
    """A line that repeats the article's title."""
    title = (p.article.title or "").strip()
    if not title:
        return False
    line = p.article.text[p.tokens[lo].start : p.tokens[hi - 1].end].strip()
    return line.rstrip(".").lower() == title.rstrip(".").lower()


def _worth_reading(
    p: Parsed,
    clause: _Clause,
    heads: Sequence[int],
    entities: Sequence[str],
    numbers: Sequence[float],
) -> str:
    """:data:`CLAIM` for a checkable statement: not a question, not a prompt to the
    reader, and an event (a verb of its own), a state with its own subject ("the road
    was icy"), a named participant or a figure; :data:`QUOTED_WORDS` for a quotation
    that is none of these ("we are on the right path"): someone's statement, which
    only the same words quoted again corroborate; "" for neither."""
    text = p.article.text
    cited = text[clause.start : clause.end]
    after = text[clause.end : clause.end + 3]
    if ("?" in after.split("\n")[0] or cited.rstrip(" ”\"’'").endswith("?")) and not (
        _quotes_a_question(cited)
    ):
        return ""
    if READER_PROMPT.search(cited):
        return ""
    toks = p.tokens
    event = any(
        toks[i].pos == "VERB" and toks[i].lemma.lower() not in ("be", "have") for i in heads
    )
    stated = event or any(
        toks[i].pos in ("VERB", "AUX")
        and any(
            toks[k].head == i
            and toks[k].dep in SUBJECT_DEPS
            # "it's just the way it is": a pronoun said to be something is no claim
            and not (toks[k].pos == "PRON" and toks[i].lemma.lower() == "be")
            for k in clause.content
        )
        for i in heads
    )
    if stated or entities or numbers:
        return CLAIM
    if clause.content and _quoted(text, toks[clause.content[0]].start):
        return QUOTED_WORDS
    return ""


def _quotes_a_question(cited: str) -> bool:
    """Whether a clause ending in a question mark states something and quotes the
    question ("he closed the speech by asking, \"Who else would ...?\""): the quotation
    opens inside the clause, after words of its own."""
    body = cited.rstrip(" ”\"’'?")
    opening = max(body.rfind("“"), body.rfind('"'))
    return opening > 0 and bool(body[:opening].strip(" \"“,:"))


def _quoted(text: str, start: int) -> bool:
    """Whether the words from ``start`` on are quoted: an opening quotation mark comes
    just before them. A quotation is someone's statement even when it says that "it" or
    "we" are something ("we are on the right path")."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in "“\"":
        return False
    if text[i - 1] == "“":
        return True
    before = text[i - 2] if i >= 2 else "\n"
    return before.isspace() or before in "(:—–-"  # a straight mark that opens


def _own_clause(i: int, toks: Sequence[Token], children: Mapping[int, list[int]]) -> bool:
    """A conjunct is a clause of its own when it is a predicate with its own subject."""
    if toks[i].pos not in ("VERB", "AUX", "ADJ", "NOUN"):
        return False
    return any(toks[c].dep in SUBJECT_DEPS for c in children.get(i, ()))


_OPENING = frozenset({"“", '"', "‘", "("})
_CLOSING = frozenset({"”", '"', "’", ")"})


def _with_opening_quote(text: str, start: int, end: int) -> int:
    """Move ``start`` back over an opening quotation mark whose closing mark is cited."""
    if start == 0 or text[start - 1] not in '“"':
        return start
    inside = text[start:end]
    if ("”" in inside and "“" not in inside) or inside.count('"') % 2 == 1:
        return start - 1
    return start


def _trim(body: list[int], toks: Sequence[Token]) -> list[int]:
    """Drop joining words and punctuation at the edges of a clause."""
    while body and (
        toks[body[0]].pos in ("PUNCT", "CCONJ", "SPACE")
        or toks[body[0]].dep in ("cc", "punct", "mark")
    ):
        if toks[body[0]].text in _OPENING and any(toks[k].text in _CLOSING for k in body[1:]):
            break  # keep a quotation's opening mark when its closing mark is kept
        body = body[1:]
    while body and (
        toks[body[-1]].pos in ("PUNCT", "CCONJ", "SPACE") or toks[body[-1]].dep in ("cc", "punct")
    ):
        if toks[body[-1]].text in _CLOSING and any(toks[k].text in _OPENING for k in body[:-1]):
            break
        body = body[:-1]
    return body


def _content_text(content: Sequence[Token], text: str) -> str:
    """The clause's own words, as written, with one space where frame words were left out."""
    parts: list[str] = []
    for n, tok in enumerate(content):
        if n and (tok.i != content[n - 1].i + 1 or tok.start > content[n - 1].end):
            parts.append(" ")
        parts.append(tok.text)
    return "".join(parts).strip()


def _is_claim(content: Sequence[Token]) -> bool:
    if not any(t.pos in ("VERB", "AUX") for t in content):
        return False
    return len(terms(" ".join(t.text for t in content))) >= MIN_CLAIM_TERMS


def _blocked_share(start: int, end: int, blocked: Iterable[Span]) -> float:
    if end <= start:
        return 0.0
    covered = sum(max(0, min(end, s.end) - max(start, s.start)) for s in blocked)
    return min(1.0, covered / (end - start))


def _inside(start: int, end: int, content: Sequence[Token]) -> bool:
    return any(t.start < end and start < t.end for t in content)


def _entities_in(content: Sequence[Token], mentions: Sequence[tuple[Span, str]]) -> tuple[str, ...]:
    lo, hi = content[0].start, content[-1].end
    found: list[str] = []
    # in the order they are written: the first is most often the clause's subject
    for span, eid in sorted(mentions, key=lambda m: m[0].start):
        if (
            span.start < hi
            and lo < span.end
            and _inside(span.start, span.end, content)
            and eid not in found
        ):
            found.append(eid)
    return tuple(found)


def _times_in(content: Sequence[Token], exprs: Iterable[TimeExpr]) -> tuple[str, ...]:
    lo, hi = content[0].start, content[-1].end
    found: list[str] = []
    for t in exprs:
        s = t.span
        if (
            t.value
            and s.start < hi
            and lo < s.end
            and _inside(s.start, s.end, content)
            and t.value not in found
        ):
            found.append(t.value)
    return tuple(found)


def _numbers_in(clause: _Clause, text: str, figures: Sequence[Quantity]) -> tuple[float, ...]:
    found: list[float] = []
    clause_text = text[clause.start : clause.end]
    for q in figures:
        c = q.citation
        if not (c.start < clause.end and clause.start < c.end):
            continue
        wide = (c.end - c.start) > 1.5 * (clause.end - clause.start)
        if wide and not (q.text and q.text in clause_text):
            continue  # a sentence-wide citation: keep the figure only where it is written
        if not any(close(q.value, v) for v in found):
            found.append(q.value)
    return tuple(found)


__all__ = [
    "extract_claims",
    "split_clauses",
]
