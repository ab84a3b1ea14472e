"""Reporting text versus the rest: captions, bylines, newsletter lines, headings, datelines.

:func:`classify` gives every sentence of an article a :class:`~corroborator.model.Zone`.
Only ``reporting`` zones feed claims, timeline and summary; the rest stay in the text
(the HTML view greys them out) but are not analyzed.

The work is line first, sentence second:

1. The text is cut into lines (paragraphs). spaCy sometimes glues a heading to the next
   sentence, so sentences are always clipped at newlines.
2. A whole line may be a heading, a caption with its credit, a byline, a credit or a
   newsletter/share line (line rules).
3. Otherwise each sentence of the line is checked on its own (author bios, newsletter
   sentences, copyright lines) and a dateline prefix ("DUNMORE (Wire) — ") is cut off
   the first sentence of a paragraph.

Zones tile the non-blank text: each sentence piece gets exactly one zone, in text order,
and the ``reason`` names the rule that fired.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from corroborator.model import Parsed, Span, Zone, ZoneLabel

#: A heading line has at most this many words. Section headings in the seed articles and
#: demo corpus have 4-8 words; 14 leaves room for long ones without catching sentences.
HEADING_MAX_WORDS = 14

#: Share of capitalised words (among words longer than three letters) a line needs to
#: look like a title-case heading. Seed headings score 1.0; wrapped sentence fragments
#: of the seeds score below 0.5.
HEADING_MIN_TITLE_RATIO = 0.7

#: A trailing parenthetical credit ("(Photo: A. Name/Outlet)") has at most this many
#: words; longer parentheticals are asides in the reporting.
CREDIT_MAX_WORDS = 12

#: A caption is short: at most this many words before its credit (seed captions: 9-14).
CAPTION_MAX_WORDS = 45

#: Author bios and newsletter prompts are single short sentences; longer ones are news.
PROMO_MAX_WORDS = 40

_FINAL_PUNCT = ".!?:;,\"”’')]…"

_RE_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+\S")
_RE_BYLINE = re.compile(
    r"^(?:by|written by|words by|story by)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,4}"
    r"(?:\s*(?:,|and|&|\|)\s*.*)?$",
    re.IGNORECASE,
)
_RE_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+\s+){1,4}(?:is|was|has been)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?"
    r"(?:reporter|correspondent|editor|writer|journalist|columnist|contributor|producer|"
    r"photographer|bureau chief|freelancer|anchor|host)s?\b.*\b(?:for|at|with|of|based)\b",
)
_RE_CONTRIBUTED = re.compile(
    r"\b(?:contributed (?:reporting|to this (?:report|story|article))|"
    r"(?:can be reached|contact (?:the author|him|her)) at)\b",
    re.IGNORECASE,
)
_RE_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:copyright\b|©|\(c\)\s|all rights reserved|"
    r"(?:photo|image|photograph|picture|video|graphic)s?(?:\s+credit)?\s*(?::|by\b)|"
    r"(?:additional\s+)?(?:reporting|writing|editing|edited|compiled)\s+by\b)",
    re.IGNORECASE,
)
_RE_RIGHTS = re.compile(r"\ball rights reserved\b|©", re.IGNORECASE)
_RE_NEWSLETTER = re.compile(
    r"\b(?:subscribe|subscribing|sign up|signing up|newsletters?|share this|"
    r"follow us|download (?:our|the) app|click here|read more|in your inbox|"
    r"on your device|push notifications|advertisement|sponsored content|"
    r"real[- ]time updates?)\b",
    re.IGNORECASE,
)
#: Navigation and promotion lines: "Related: ...", "Follow X on social media ...".
_RE_PROMO_LINE = re.compile(
    r"^(?:related|read more|read also|see also|more|watch|listen|recommended|advertisement)"
    r"\s*[:|]|^(?:follow|like|share|subscribe|sign up|join|download|click|tap|watch|listen)\b"
    r".{0,80}\b(?:us|our|this|on (?:social media|twitter|x|facebook|instagram|telegram)|"
    r"newsletter|app|here|updates?|podcast|channel)\b",
    re.IGNORECASE,
)
_RE_CAPTION_CUE = re.compile(
    r"\((?:left|right|center|centre|front|back|top|bottom|l|r|c|second (?:left|right)|"
    r"pictured)\)|\bpictured\b|\bphoto(?:graph)?:|\(photo\b|/\s*(?:getty images|afp|reuters|"
    r"ap|epa|shutterstock|ap photo)\b",
    re.IGNORECASE,
)
_RE_DATELINE_PREFIX = re.compile(
    r"^(?P<d>[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4}"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"\s*(?:\([^()]{1,40}\))?\s*[—–-]{1,2}\s+)"
)
_RE_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{4}-\d{2}-\d{2})(?:[ T,]+\d{1,2}:\d{2}.*)?$",
    re.IGNORECASE,
)
_RE_PUBLISHED_LINE = re.compile(r"^(?:published|updated|posted|last updated)\b.{0,60}\d", re.I)


def classify(parsed: Parsed) -> tuple[Zone, ...]:
    """Give every sentence of the article a zone (``reporting`` or the class of non-news)."""
    text = parsed.article.text
    title = (parsed.article.title or "").strip().lower()
    zones: list[Zone] = []
    lines = list(_lines(text))
    prev_open = False  # the previous line is reporting text that ends mid-sentence
    for n, (start, end) in enumerate(lines):
        line = text[start:end]
        nxt = text[lines[n + 1][0]] if n + 1 < len(lines) else ""
        wrapped = prev_open or nxt.islower()
        got = _classify_line(parsed, start, end, line, wrapped, title)
        zones.extend(got)
        prev_open = got[-1].label == "reporting" and line[-1] not in _FINAL_PUNCT
    return tuple(zones)


# --------------------------------------------------------------------------- lines


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of every non-blank line, stripped of surrounding whitespace."""
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


def _pieces(parsed: Parsed, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence pieces of the line ``[start, end)``: parser sentences cut at the line ends.

    The cut points are the sentence starts inside the line, so the pieces tile it.
    """
    text = parsed.article.text
    cuts = [start]
    cuts.extend(s.start for s in parsed.sentences if start < s.start < end)
    cuts.append(end)
    out: list[tuple[int, int]] = []
    for s, e in pairwise(cuts):
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9][\w'’.&-]*", s)


def _zone(parsed: Parsed, s: int, e: int, label: ZoneLabel, reason: str) -> Zone:
    return Zone(span=Span(parsed.article.id, s, e), label=label, reason=reason)


def _classify_line(
    parsed: Parsed, start: int, end: int, line: str, wrapped: bool, title: str
) -> list[Zone]:
    whole = _line_rule(line, wrapped, title)
    pieces = _pieces(parsed, start, end)
    if whole is not None:
        label, reason = whole
        if label == "caption":
            return _caption_zones(parsed, start, end, line, reason)
        return [_zone(parsed, s, e, label, reason) for s, e in pieces]
    out: list[Zone] = []
    text = parsed.article.text
    for n, (s, e) in enumerate(pieces):
        sent = text[s:e]
        if n == 0:
            m = _RE_DATELINE_PREFIX.match(sent)
            if m and len(_words(m.group("d"))) <= 6 and len(sent) > m.end() + 20:
                cut = s + m.end()
                out.append(_zone(parsed, s, cut, "dateline", "dateline prefix"))
                s, sent = cut, text[cut:e]
        label_reason = _sentence_rule(sent)
        if label_reason is None:
            out.append(_zone(parsed, s, e, "reporting", "body text"))
        else:
            out.append(_zone(parsed, s, e, label_reason[0], label_reason[1]))
    return out


def _line_rule(line: str, wrapped: bool, title: str) -> tuple[ZoneLabel, str] | None:
    """A label for the whole line, or None to look at its sentences one by one.

    ``wrapped`` says the line continues the previous one or runs on into the next
    (hard-wrapped text): such a line is never a heading.
    """
    words = _words(line)
    if _RE_MARKDOWN_HEADING.match(line):
        return "heading", "markdown heading"
    if title and line.strip(" #").lower() == title:
        return "heading", "repeats the title"
    if _RE_DATE_LINE.match(line) or (_RE_PUBLISHED_LINE.match(line) and len(words) <= 10):
        return "dateline", "date line"
    if len(words) <= 12 and _RE_BYLINE.match(line):
        return "byline", "'By ...' line"
    if _RE_PROMO_LINE.match(line) and len(words) <= PROMO_MAX_WORDS:
        return "newsletter", "navigation or follow/share prompt"
    if _RE_CREDIT_LINE.match(line) and len(words) <= 25:
        return "credit", "credit or copyright line"
    if _is_trailing_credit(line) and len(words) <= CAPTION_MAX_WORDS:
        return "caption", "ends with a parenthetical credit"
    if _RE_CAPTION_CUE.search(line) and len(words) <= CAPTION_MAX_WORDS and '"' not in line \
            and "“" not in line and not re.search(r"\bsaid\b", line):
        return "caption", "photo cue (left/right/Photo:)"
    if not wrapped and _looks_like_heading(line, words):
        return "heading", "short title-case line without final punctuation"
    return None


def _is_trailing_credit(line: str) -> bool:
    """Line = "<caption sentence>. (<credit>)" or just "(<credit>)"."""
    if not line.endswith(")"):
        return False
    open_at = line.rfind("(")
    if open_at < 0:
        return False
    inner = line[open_at + 1 : -1].strip()
    n_words = len(_words(inner))
    if not inner or n_words > CREDIT_MAX_WORDS or re.search(r"\bsaid\b|[.!?]$", inner):
        return False
    before = line[:open_at].rstrip()
    if before and before[-1] not in ".!?":
        return False
    if "/" in inner or re.match(r"(?:photo|image|credit|courtesy|file)\b", inner, re.I):
        return True
    caps = [w for w in _words(inner) if len(w) > 3]
    return bool(caps) and all(w[0].isupper() for w in caps)


def _caption_zones(parsed: Parsed, start: int, end: int, line: str, reason: str) -> list[Zone]:
    """Caption text, with a trailing parenthetical credit as its own ``credit`` zone."""
    if line.endswith(")") and _is_trailing_credit(line):
        open_at = start + line.rfind("(")
        before = parsed.article.text[start:open_at].rstrip()
        if before:
            return [
                _zone(parsed, start, start + len(before), "caption", reason),
                _zone(parsed, open_at, end, "credit", "parenthetical photo credit"),
            ]
        return [_zone(parsed, start, end, "credit", "parenthetical credit line")]
    return [_zone(parsed, start, end, "caption", reason)]


def _looks_like_heading(line: str, words: list[str]) -> bool:
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if line[-1] in _FINAL_PUNCT or not line[0].isupper():
        return False
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not long_words:
        return len(words) <= 3
    caps = sum(1 for w in long_words if w[0].isupper())
    return caps / len(long_words) >= HEADING_MIN_TITLE_RATIO


def _sentence_rule(sent: str) -> tuple[ZoneLabel, str] | None:
    """A non-reporting label for one sentence of a body paragraph, or None."""
    n_words = len(_words(sent))
    if n_words > PROMO_MAX_WORDS:
        return None
    if _RE_BIO.match(sent):
        return "byline", "author bio ('X is a reporter for ...')"
    if _RE_CONTRIBUTED.search(sent):
        return "byline", "contributor line"
    if _RE_RIGHTS.search(sent) or _RE_CREDIT_LINE.match(sent):
        return "credit", "credit or copyright sentence"
    quoted = '"' in sent or "“" in sent
    if _RE_NEWSLETTER.search(sent) and not quoted and not re.search(r"\b(?:said|says)\b", sent):
        return "newsletter", "newsletter/subscribe/share prompt"
    return None


def is_reporting(zones: tuple[Zone, ...], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies in reporting text (an empty zone list is all reporting)."""
    for z in zones:
        if z.label != "reporting" and z.span.start < end and start < z.span.end:
            return False
    return True


__all__ = ["classify", "is_reporting"]
