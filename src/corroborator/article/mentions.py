"""Entity mentions of one article (stage 3): the model's entity spans cleaned (titles,
"the", possessives, photo credits split at "/", "X and Y", Title Case headline junk, job
titles alone), names the model tagged once but missed elsewhere found again, untagged
proper-noun runs and acronyms defined in parentheses added, "people" the context shows to
be places typed as places; names from captions, bylines and newsletter lines kept only
when the reporting text names them too."""


from __future__ import annotations

import bisect
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from corroborator.article.zones import is_reporting
from corroborator.lexicon.entities import (
    ENTITY_LABELS,
    PLACE_LABELS,
)
from corroborator.model import Mention, Parsed, Span, Token, Zone
from corroborator.text.name_keys import (
    majority_label,
    mention_key,
)
from corroborator.text.names import (
    NAME_SUFFIXES,
    OFFICE_HEADS,
    PARTICLES,
    TITLES,
    core_tokens,
    fold,
    name_tokens,
)

#: Headings whose share of capitalised words reaches this are Title Case: the model tags
#: most of their words, so their mentions are kept only when the body repeats the name.
#: 0.6 separates "Pentagon Confirms Exit From Key Iraqi Base" from sentence-case headings.
TITLE_CASE_SHARE = 0.6

#: A line of at most this many words can be a headline (ECB+ and web headlines are < 20).
HEADLINE_MAX_WORDS = 20

#: Surface forms shorter than this are not searched for again in the article ("US" would
#: match everywhere); acronyms of 2 letters are still tagged by the model itself.
MIN_REPEAT_CHARS = 3

#: An untagged run of proper nouns becomes a mention when it occurs this often in the
#: article (or has several words). On the ECB+ dev set 1 gave CoNLL F1 0.813, 2 0.806,
#: 3 0.802, never 0.800: teams, products and outlets the model does not tag.
MIN_RUN_REPEATS = 1

_INITIAL_TOKEN = re.compile(r"^[A-Z]\.$")
_WORD = re.compile(r"\S+")
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+")
_JOINED_NATIONALITIES = re.compile(r"\w\.?-[A-Z]")  # "U.S.-Iraqi", "Franco-German"
_TRAILING_SCORE = re.compile(r"\s+\d+\s*[-–]\s*\d+$")


# =========================================================================== mentions


def find_mentions(parsed: Parsed, zones: tuple[Zone, ...]) -> tuple[Mention, ...]:
    """Named-entity mentions of one article, cleaned; offsets index ``parsed.article.text``.

    1. the model's spans, cleaned (titles, "the", possessives, "/" credits);
    2. spans in Title Case headlines and captions survive only when the body names the
       same thing (the model tags most capitalised words there);
    3. names the model tagged once are found again where it missed them ("Orozco" after
       "Jose Luis Orozco"), and repeated proper-noun runs it never tagged are added;
    4. acronyms defined in parentheses right after a name;
    5. names the model calls PERSON that the article treats as places ("the town of X",
       "in X") become places;
    6. mentions in text that is not reporting (captions, bylines, credits, newsletter
       lines) are kept only when the reporting text names the same thing.

    Job titles without a name ("Water Resources Minister") are not mentions.
    """
    text = parsed.article.text
    aid = parsed.article.id
    raw: list[Mention] = []
    for ent in parsed.ents:
        if ent.label not in ENTITY_LABELS:
            continue
        # untagged proper nouns right after the span belong to it ("Islamic" + "State")
        end, k = ent.end, ent.tok_end
        while (
            ent.label != "PERSON"
            and k < len(parsed.tokens)
            and _untagged_proper(parsed.tokens[k])
            and fold(parsed.tokens[k].text) not in _TITLE_WORDS
        ):
            if parsed.tokens[k].start - end > 1:
                break
            end, k = parsed.tokens[k].end, k + 1
        label = "ORG" if end != ent.end and ent.label == "NORP" else ent.label
        raw.extend(_clean_span(text, aid, ent.start, end, label))
    raw = _fix_stray_initials(_split_coordinations(text, _strip_leading_words(parsed, raw)))
    headlines = _headline_ranges(text, zones)
    raw = _drop_headline_junk(raw, headlines)
    raw = _add_uncovered(raw, _repeat_mentions(text, aid, raw))
    raw = _add_uncovered(raw, _proper_noun_runs(parsed, headlines))
    raw = _add_uncovered(raw, _defined_acronyms(text, aid, raw))
    raw = _retype_places(text, raw)
    raw = _drop_non_reporting(raw, zones)
    return tuple(sorted(raw, key=lambda m: (m.span.start, m.span.end)))


def _add_uncovered(mentions: list[Mention], extra: Iterable[Mention]) -> list[Mention]:
    """``mentions`` plus those of ``extra`` that overlap none of them (nor each other)."""
    taken = sorted((m.span.start, m.span.end) for m in mentions)
    starts = [s for s, _ in taken]
    out = list(mentions)
    for m in sorted(extra, key=lambda m: (m.span.start, -m.span.end)):
        k = bisect.bisect_right(starts, m.span.start)
        before = taken[k - 1] if k else None
        after = taken[k] if k < len(taken) else None
        if before is not None and before[1] > m.span.start:
            continue
        if after is not None and after[0] < m.span.end:
            continue
        taken.insert(k, (m.span.start, m.span.end))
        starts.insert(k, m.span.start)
        out.append(m)
    return out


def _clean_span(text: str, aid: str, start: int, end: int, label: str) -> list[Mention]:
    """One model span → zero, one or two clean mentions."""
    # a span that runs over a line break or a "/" (photo credits) keeps its first part
    # that has letters
    piece = text[start:end]
    for sep in ("\n", "/", "|"):
        if sep in piece:
            parts = piece.split(sep)
            first = next((p for p in parts if any(c.isalpha() for c in p)), "")
            offset = piece.index(first) if first else 0
            start, end = start + offset, start + offset + len(first)
            piece = text[start:end]
    start, end = _trim(text, start, end)
    score = _TRAILING_SCORE.search(text, start, end)
    if score is not None and score.end() == end and score.start() > start:
        start, end = _trim(text, start, score.start())
    if end <= start:
        return []
    # "the Pentagon's Central Command" → "Pentagon" and "Central Command"
    inner = _INNER_POSSESSIVE.search(text, start, end)
    if inner is not None and label != "PERSON":
        owner = _clean_span(text, aid, start, inner.start(), label)
        rest = _clean_span(text, aid, inner.end(), end, label)
        return owner + rest
    if label == "PERSON":
        start = _strip_title_prefix(text, start, end)
    start, end = _trim(text, start, end)
    surface = text[start:end]
    if not _is_name(surface) or (label == "NORP" and _JOINED_NATIONALITIES.search(surface)):
        return []
    if label != "PERSON" and _is_office(surface):
        return []
    return [Mention(span=Span(aid, start, end), text=surface, label=label)]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, punctuation, a leading "the" and a trailing possessive."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and not (text[start].isalnum()):
            start += 1
            changed = True
        while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)"):
            end -= 1
            changed = True
        if text[end - 1 : end] == ")" and "(" not in text[start:end]:
            end -= 1
            changed = True
        if text[end - 1 : end] == "." and not _keeps_dot(text[start:end]):
            end -= 1
            changed = True
        lead = text[start : start + 4]
        if lead.lower() == "the " and end - start > 4:
            start += 4
            changed = True
        match = _POSSESSIVE_END.search(text, start, end)
        if match is not None and match.end() == end and end - start > 3:
            end = match.start() + (1 if text[match.start()] in "sS" else 0)
            changed = True
    return start, end


_NAME_DOT = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.$|^[A-Z]\.$")


def _keeps_dot(surface: str) -> bool:
    """Whether a final dot belongs to the name (U.S., Jr., an initial)."""
    last = surface.split()[-1] if surface.split() else ""
    return bool(_NAME_DOT.search(last))


def _strip_title_prefix(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading titles and ranks ("Lt. Gen.", "Prime Minister")."""
    words = [
        (m.start() + start, m.end() + start, m.group()) for m in _WORD.finditer(text[start:end])
    ]
    folded = [fold(w).replace(" ", "") for _, _, w in words]
    i = 0
    while i < len(words) - 1:
        for n in range(min(4, len(words) - 1 - i), 0, -1):
            if tuple(folded[i : i + n]) in TITLES:
                i += n
                break
        else:
            break
    return words[i][0] if i else start


def _is_name(surface: str) -> bool:
    """A capital letter or digit, more than one letter, not only titles or particles,
    and not a compound adjective ("U.S.-led", "anti-Islamic")."""
    if len(surface) < 2 or not any(c.isupper() or c.isdigit() for c in surface):
        return False
    if _COMPOUND_ADJECTIVE.search(surface):
        return False
    toks = name_tokens(surface)
    if not toks or sum(len(t) for t in toks) < 2:
        return False
    return not all(t in _TITLE_WORDS or t in PARTICLES for t in toks)


def _is_office(surface: str) -> bool:
    """A job title without a name ("Water Resources Minister", "Police Chief"): the
    last word names an office, and the name is not "X of Y" ("Office of the Chief")."""
    toks = name_tokens(surface)
    return bool(toks) and toks[-1] in OFFICE_HEADS and not ({"of", "for"} & set(toks))


#: Words that make up titles and ranks: a span of nothing else ("Army Chief", "Staff Lt")
#: is not a name.
_TITLE_WORDS = frozenset(w for title in TITLES for w in title) - {"st", "saint", "of", "state"}
_COMPOUND_ADJECTIVE = re.compile(
    r"-(?:led|backed|based|aligned|run|controlled|allied|born|made|owned|linked|style)$"
    r"|^(?:anti|pro|non|ex|post|pre)-",
    re.IGNORECASE,
)


def _untagged_proper(tok: Token) -> bool:
    return tok.ent_type == "" and tok.pos == "PROPN" and tok.text[:1].isupper()


#: Parts of speech that do not begin a name; a sentence-initial "Choosing DeGeneres"
#: or "Stunning Williams" loses them.
_NON_NAME_POS = frozenset({"VERB", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "AUX", "DET", "INTJ"})


def _strip_leading_words(parsed: Parsed, mentions: list[Mention]) -> list[Mention]:
    by_start = {t.start: t for t in parsed.tokens}
    text = parsed.article.text
    out = []
    for m in mentions:
        start = m.span.start
        tok = by_start.get(start)
        while tok is not None and tok.pos in _NON_NAME_POS and tok.end < m.span.end:
            nxt = tok.i + 1
            if nxt >= len(parsed.tokens):
                break
            start = parsed.tokens[nxt].start
            tok = by_start.get(start)
        if start != m.span.start:
            out.extend(_clean_span(text, m.span.article, start, m.span.end, m.label))
        else:
            out.append(m)
    return out


_AND = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")


def _split_coordinations(text: str, mentions: list[Mention]) -> list[Mention]:
    """"Lopez and Carrasquillo" → two mentions, when a side is named alone elsewhere in
    the article (or they are people); "Fish and Wildlife Service" stays whole."""
    keys = {mention_key(m.text, m.label) for m in mentions}
    keys |= {k[-1:] for k in list(keys) if len(k) > 1}
    out = []
    for m in mentions:
        match = _AND.search(m.text)
        if match is None:
            out.append(m)
            continue
        left = mention_key(m.text[: match.start()], m.label)
        right = mention_key(m.text[match.end() :], m.label)
        if m.label == "PERSON" or left in keys or right in keys:
            s, e = m.span.start, m.span.end
            out.extend(_clean_span(text, m.span.article, s, s + match.start(), m.label))
            out.extend(_clean_span(text, m.span.article, s + match.end(), e, m.label))
        else:
            out.append(m)
    return out


def _fix_stray_initials(mentions: list[Mention]) -> list[Mention]:
    """Drop a leading "X." glued to a surname at a sentence break ("on X. Sudani met").

    The initial goes when the article names a person with that surname whose first name
    does not start with the letter.
    """
    first_by_last: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        toks = core_tokens(name_tokens(m.text))
        if m.label == "PERSON" and len(toks) >= 2 and len(toks[0]) > 1:
            first_by_last[toks[-1]].add(toks[0][0])
    out = []
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) >= 2 and _INITIAL_TOKEN.match(words[0]):
            toks = core_tokens(name_tokens(m.text))
            firsts = first_by_last.get(toks[-1], set())
            if firsts and words[0][0].lower() not in firsts:
                cut = m.text.index(words[1], len(words[0]))
                span = Span(m.span.article, m.span.start + cut, m.span.end)
                m = Mention(span=span, text=m.text[cut:], label=m.label)
        out.append(m)
    return out


_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.]{1,11})\)")


def _defined_acronyms(text: str, aid: str, mentions: list[Mention]) -> list[Mention]:
    """Acronyms in parentheses right after a name ("Syrian Democratic Forces (SDF)")."""
    out = []
    for m in mentions:
        if m.label in ("PERSON", "NORP"):
            continue
        match = _PAREN_ACRONYM.match(text, m.span.end)
        if match is None or sum(c.isupper() for c in match.group(1)) < 2:
            continue
        s, e = match.start(1), match.end(1)
        out.append(Mention(span=Span(aid, s, e), text=text[s:e], label=m.label))
    return out


def _headline_ranges(text: str, zones: tuple[Zone, ...]) -> list[tuple[int, int]]:
    """Character ranges of Title Case headlines and captions.

    A line counts when most of its longer words are capitalised and it does not end
    like a sentence; a non-reporting zone counts when most of its words are capitalised.
    """
    out = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if (
            stripped
            and len(stripped.split()) <= HEADLINE_MAX_WORDS
            and stripped[-1] not in ".!?\"”:;,"
            and _title_case_share(stripped) >= TITLE_CASE_SHARE
        ):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    for z in zones:
        if z.label != "reporting" and _title_case_share(z.span.text_in(text)) >= TITLE_CASE_SHARE:
            out.append((z.span.start, z.span.end))
    return sorted(out)


def _in_ranges(m: Mention, ranges: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(ranges, (m.span.start, sys.maxsize))
    return k > 0 and ranges[k - 1][0] <= m.span.start < ranges[k - 1][1]


def _drop_headline_junk(mentions: list[Mention], headlines: list[tuple[int, int]]) -> list[Mention]:
    """Mentions in Title Case headlines survive only if the body names the same thing."""
    if not headlines:
        return mentions
    body = [m for m in mentions if not _in_ranges(m, headlines)]
    known = {mention_key(m.text, m.label) for m in body}
    known |= {mention_key(m.text, m.label)[-1:] for m in body if m.label == "PERSON"}
    return body + [
        m for m in mentions
        if _in_ranges(m, headlines) and mention_key(m.text, m.label) in known
    ]


def _drop_non_reporting(mentions: list[Mention], zones: tuple[Zone, ...]) -> list[Mention]:
    """Mentions in captions, bylines, credits, newsletter lines and other text that is not
    reporting survive only when the reporting text names the same thing: they may add
    mentions to an entity, never create one ("Sign up for the X newsletter", "Y is a
    correspondent for Z")."""
    if all(z.label == "reporting" for z in zones):
        return mentions
    inside = [not is_reporting(zones, m.span.start, m.span.end) for m in mentions]
    body = [m for m, out in zip(mentions, inside, strict=True) if not out]
    known = {mention_key(m.text, m.label) for m in body}
    known |= {mention_key(m.text, m.label)[-1:] for m in body if m.label == "PERSON"}
    return body + [
        m for m, out in zip(mentions, inside, strict=True)
        if out and mention_key(m.text, m.label) in known
    ]


#: Words before a name that make it a place for sure ("the town of X", "the provincial
#: capital, X") or probably ("north of X", "residents of X", "in X", "near X").
_PLACE_BEFORE_STRONG = re.compile(
    r"(?:\b(?:town|city|village|hamlet|capital|province|region|district|county|port|suburb|"
    r"municipality|island|republic|kingdom)\s+of|\bcapital\s*,?)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:north|south|east|west|northeast|northwest|southeast|southwest|downstream|"
    r"upstream|residents|inhabitants|outskirts|suburbs|streets|mayor|evacuation)\s+of|"
    r"\b(?:in|near|outside|across|around|into|throughout|inside|towards?))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: ... or after it: "X, a river town", "X, the capital of".
_PLACE_AFTER = re.compile(
    r"^\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|hamlet|capital|province|"
    r"region|district|county|port|suburb|municipality)\b",
    re.IGNORECASE,
)
#: Words after a name that make it a person: "X said", "X, who".
_PERSON_AFTER = re.compile(
    r"^(?:\s*,\s+who\b|\s+(?:said|says|told|added|asked|wrote|stated|explained|noted|"
    r"argued|insisted|denied|declined)\b)",
    re.IGNORECASE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?\s+$")
#: Characters of context read on either side of a name for these cues.
_CUE_WINDOW = 60

#: Votes for "place" of one PERSON mention of a name, by what its context says: a strong
#: place cue outweighs the model's PERSON on two other mentions without a cue, a weak one
#: ("in X") on one; a person cue ("X said", "Mr X") counts double against.
_VOTE_STRONG_PLACE, _VOTE_PLACE, _VOTE_PERSON, _VOTE_NO_CUE = 3, 2, -2, -1


def _place_vote(text: str, m: Mention) -> int:
    """What the context of a PERSON mention says about it being a place."""
    before = text[max(0, m.span.start - _CUE_WINDOW) : m.span.start]
    after = text[m.span.end : m.span.end + _CUE_WINDOW]
    if after[:1] in ("'", "’"):  # "in X's view": the possessive hides what X is
        return _VOTE_NO_CUE
    word = _WORD_BEFORE.search(before)
    if (word is not None and fold(word.group(1)) in _TITLE_WORDS) or _PERSON_AFTER.match(after):
        return _VOTE_PERSON
    if _PLACE_BEFORE_STRONG.search(before) or _PLACE_AFTER.match(after):
        return _VOTE_STRONG_PLACE
    if _PLACE_BEFORE.search(before):
        return _VOTE_PLACE
    return _VOTE_NO_CUE




def _retype_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names the model calls PERSON that the article treats as places ("the town of X",
    "shelters in the provincial capital, X") become GPE (or the place label the model gave
    the name elsewhere in the article).

    Votes are per name in the article (see :data:`_VOTE_STRONG_PLACE`); each mention the
    model typed GPE/LOC counts +1. A surname of a person named in full in the article is
    never retyped.
    """
    votes: Counter[tuple[str, ...]] = Counter()
    place_label: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    surnames = set()
    for m in mentions:
        key = mention_key(m.text, "GPE")
        if m.label == "PERSON":
            votes[key] += _place_vote(text, m)
            if len(key) > 1:
                surnames.add(key[-1:])
        elif m.label in PLACE_LABELS:
            votes[key] += 1
            place_label[key][m.label] += 1
    out = []
    for m in mentions:
        key = mention_key(m.text, "GPE")
        if m.label == "PERSON" and votes[key] > 0 and key not in surnames:
            label = majority_label(place_label[key]) if place_label[key] else "GPE"
            m = Mention(span=m.span, text=m.text, label=label)
        out.append(m)
    return out


def _title_case_share(text: str) -> float:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if len(w) > 3]
    if not words:
        return 0.0
    return float(sum(w[0].isupper() for w in words)) / len(words)


def _repeat_mentions(text: str, aid: str, mentions: list[Mention]) -> list[Mention]:
    """Occurrences of names the article already tagged, where the model missed them.

    Looks for every tagged surface form and, for people named in full, the surname. An
    occurrence must be capitalised (or all capitals, as in headlines).
    """
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        surface = m.text
        if len(surface) >= MIN_REPEAT_CHARS:
            forms[fold_case(surface)][m.label] += 1
        words = surface.split()
        if m.label == "PERSON" and len(words) > 1:
            last = words[-1]
            if (
                len(last) >= MIN_REPEAT_CHARS
                and last[0].isupper()
                and fold(last) not in NAME_SUFFIXES
            ):
                forms[fold_case(last)][m.label] += 1
    if not forms:
        return []
    out = []
    for start, end in _occurrences(text, sorted(forms, key=len, reverse=True)):
        found = text[start:end]
        if not found[0].isupper():
            continue
        label = majority_label(forms[fold_case(found)])
        out.append(Mention(span=Span(aid, start, end), text=found, label=label))
    return out


_NAME_BEFORE = re.compile(r"[\w'’-]")
_NAME_AFTER = re.compile(r"[\w-]")


def _occurrences(text: str, forms: Sequence[str]) -> list[tuple[int, int]]:
    """Where ``forms`` (case-folded) occur in ``text`` as whole words, ignoring case:
    what ``finditer`` of their alternation (in this order) finds, without compiling a
    pattern per article (on newswire that compiling cost more than the search)."""
    lowered = text.lower()
    if len(lowered) != len(text) or any(f != f.lower() for f in forms):
        pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(map(re.escape, forms))
                             + r")(?![\w-])", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]
    hits = []  # (start, rank of the form, end)
    for rank, form in enumerate(forms):
        at = lowered.find(form)
        while at >= 0:
            end = at + len(form)
            if not (at and _NAME_BEFORE.match(text, at - 1)) and not _NAME_AFTER.match(text, end):
                hits.append((at, rank, end))
            at = lowered.find(form, at + 1)
    out: list[tuple[int, int]] = []
    for start, _, end in sorted(hits):  # leftmost first; at one place, the earlier form
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def fold_case(text: str) -> str:
    return text.casefold()


#: Calendar words the tagger marks as proper nouns; never names of things here.
_CALENDAR = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
     "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"}
)


def _proper_noun_runs(parsed: Parsed, headlines: list[tuple[int, int]]) -> list[Mention]:
    """Runs of proper nouns the model did not tag, when the article repeats them.

    They get the label ORG: the tagger says nothing about their type, and ORG is the
    commonest type of untagged names (teams, products, outlets) on the ECB+ dev set.
    """
    text = parsed.article.text
    runs: list[tuple[int, int]] = []
    cur: list[Token] = []
    sentence_starts = {s.start for s in parsed.sentences}
    for tok in (*parsed.tokens, None):
        if tok is not None and _untagged_proper(tok):
            cur.append(tok)
            continue
        if cur:
            runs.append((cur[0].start, cur[-1].end))
        cur = []
    counts = Counter(fold_case(text[s:e]) for s, e in runs if s not in sentence_starts)
    out = []
    for s, e in runs:
        surface = text[s:e]
        if counts[fold_case(surface)] < MIN_RUN_REPEATS and " " not in surface:
            continue
        for m in _clean_span(text, parsed.article.id, s, e, "ORG"):
            toks = name_tokens(m.text)
            if all(t in _CALENDAR for t in toks) or _in_ranges(m, headlines):
                continue
            out.append(m)
    return out



__all__ = ["find_mentions", "fold_case"]
