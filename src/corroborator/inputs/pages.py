"""Reading one web page as an article, with the checks a real page needs.

:func:`read_page` extracts the main text and metadata with trafilatura, then:

1. **title**: a title that is a CMS name ("escenic"), the site's own name, a URL slug or
   a placeholder ("Home") is replaced by the first good one of ``og:title``,
   ``twitter:title``, ``<title>`` (site name cut off) and ``<h1>``, or dropped when there
   is none (a feed item's title then stands in);
2. **short text**: a main text under :data:`SHORT_TEXT_CHARS` gets a note (a page that
   yielded only a photo caption or a teaser);
3. **language**: text that does not read as English gets a note
   (:func:`is_english`, a function-word test: the analysis is English only);
4. **not an article**: status and error pages served as 200, listings and home pages get
   a note (:func:`not_article`).

Notes are :class:`~corroborator.model.InputIssue` entries with ``severity="note"``: the
page is still processed, and the note says why it may disappoint. A page with no main
text at all is an :class:`~corroborator.errors.InputReadError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from corroborator.errors import InputReadError
from corroborator.inputs.records import (
    MIN_HTML_BODY_CHARS,
    Warn,
    clean_url,
    make_article,
    normalise_date,
    text_field,
)
from corroborator.model import Article, InputIssue

#: Extracted text shorter than this gets a "short extraction" note. A news brief runs
#: ~600+ characters. On trafilatura's 1,032 real test pages (110 cached, 922 evaluation)
#: 5 extractions are shorter: a news page that yielded only its photo caption, a site
#: tagline, a course teaser and two very short blog posts.
SHORT_TEXT_CHARS = 300

#: Language test, on the shares of a text's words that are English function words
#: (:data:`ENGLISH_WORDS`) and function words of other European languages
#: (:data:`OTHER_WORDS`). Text is "not English" when its English share is under
#: :data:`ENGLISH_SHARE_MIN`, or under :data:`ENGLISH_SHARE_CLEAR` with more foreign
#: than English function words. Measured on trafilatura's 1,032 real test pages
#: (benchmarks/page_checks.py): German, French, Spanish, Polish, Norwegian pages score
#: 0.00-0.07 English; English pages 0.20-0.40, down to 0.10-0.14 for recipes, reference
#: lists and scientific pages, which the foreign share tells apart (a list of names:
#: 0.10 English, 0.01 foreign). The verdict agrees with the page's ``<html lang>`` on
#: 895 of 937 pages that declare one; the disagreements checked by hand were pages
#: declaring the wrong language, and a few pages mixing two languages.
ENGLISH_SHARE_MIN = 0.05
ENGLISH_SHARE_CLEAR = 0.15

#: Text whose letters are less than this share Latin is in another script: not English.
LATIN_SHARE_MIN = 0.5

#: Latin-script text under :data:`ENGLISH_SHARE_MIN` English and under this share of
#: foreign function words, made mostly of lines that are not sentences, is a table or
#: list and its language is not judged: sports results and price lists, 6 of 2,452
#: English newswire articles, score 0.00-0.05 English and 0.00-0.021 foreign; the lowest
#: foreign prose page seen (French, under template debris) scores 0.041. Prose in a
#: language without listed function words (Finnish, Hungarian) is in sentences, so it is
#: still judged, and not English.
TABLE_OTHER_SHARE_MAX = 0.03

#: Fewer words than this and the language is not judged (too little evidence).
LANGUAGE_MIN_WORDS = 40

#: English function words that are rare as words in other Latin-script languages
#: ("die", "in", "an", "on", "was", "is", "as" are left out: German, Dutch, French,
#: Portuguese use them too).
ENGLISH_WORDS = frozenset((
    "the", "and", "of", "to", "that", "for", "with", "this", "are", "were", "been", "have",
    "had", "by", "from", "which", "their", "they", "she", "his", "her", "its", "not", "but",
    "would", "will", "said", "who", "after", "about", "more", "than", "also", "there", "it",
    "be", "at", "when", "what", "could", "should", "these", "those", "into", "over", "our",
    "your", "you", "we", "them", "him", "has",
))

#: Frequent function words of German, French, Spanish, Italian, Portuguese, Dutch,
#: Polish and the Scandinavian languages that are not English words.
OTHER_WORDS = frozenset((
    "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "für", "ein", "eine",
    "den", "dem", "zu", "von", "le", "la", "les", "et", "est", "des", "du", "une", "pour",
    "que", "qui", "dans", "pas", "sur", "el", "los", "las", "y", "es", "por", "con", "para",
    "una", "del", "il", "di", "che", "non", "per", "della", "em", "não", "um", "uma", "het",
    "een", "van", "niet", "op", "zijn", "się", "nie", "jest", "że", "na", "w", "z",
    "og", "på", "er", "det", "som", "av", "ikke", "jeg", "och", "att", "är", "inte", "har",
    "til", "ett",
))

#: Names of content-management systems that leak into titles.
CMS_NAMES = frozenset({
    "escenic", "wordpress", "drupal", "joomla", "typo3", "contao", "sitecore", "brightspot",
    "arc publishing", "polopoly", "ez publish", "ghost", "blogger", "squarespace", "wix",
    "hubspot", "craft cms", "umbraco", "magnolia", "adobe experience manager", "aem",
})

#: A title of more words than this is taken as a headline even when the page calls
#: its site by the same name (site names run one to four words).
SITE_NAME_MAX_WORDS = 5

#: Titles that say nothing about the page.
PLACEHOLDER_TITLES = frozenset({
    "home", "homepage", "home page", "index", "untitled", "untitled document", "news",
    "article", "startseite", "accueil", "inicio", "page", "default", "welcome",
})

#: Phrases of status and error pages (served with HTTP 200 by many sites).
_STATUS = re.compile(
    r"\b(404|page not found|not found|access denied|forbidden|service unavailable|"
    r"temporarily unavailable|under maintenance|server error|error \d{3}|"
    r"please enable javascript|enable cookies|are you a robot|verify you are human|"
    r"captcha|subscribe to (continue|read)|sign in to (continue|read)|"
    r"this page (does not|doesn't) exist|no longer available)\b", re.IGNORECASE)

#: A status page is short: its phrase must fall in a text under this many characters.
STATUS_PAGE_MAX_CHARS = 1500

#: A listing's main text is mostly short lines without sentence punctuation
#: (headlines, results, menu entries); an article's is mostly sentences. A page with no
#: article markup is called a listing when at most :data:`LISTING_SENTENCE_SHARE` of its
#: lines and at most :data:`LISTING_SENTENCE_CHARS` of its characters are sentences,
#: with at least :data:`LISTING_MIN_LINES` lines. Measured on trafilatura's real pages:
#: headline and results listings 0.00-0.38 of characters in sentences; blog posts with
#: code blocks have few sentence lines (0.09-0.32) but 0.22-0.83 of characters, so the
#: character share keeps most of them (two code-heavy posts at 0.22 and 0.31 are still
#: flagged).
LISTING_SENTENCE_SHARE = 0.35
LISTING_SENTENCE_CHARS = 0.45
LISTING_MIN_LINES = 8

#: Schema.org types that mark a page as an article.
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
    "techarticle", "scholarlyarticle", "report", "socialmediaposting", "posting",
})


@dataclass(frozen=True, slots=True)
class PageChecks:
    """What the checks found on one page (also kept for the real-page survey)."""

    #: where the title came from when trafilatura's was replaced
    #: ("og:title", "twitter:title", "title", "h1"), else None
    title_from: str | None = None
    #: why trafilatura's title was replaced ("CMS name", "site name", "slug", ...)
    title_reason: str | None = None
    chars: int = 0
    short: bool = False
    english_share: float | None = None
    not_english: bool = False
    not_article: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    article: Article
    checks: PageChecks
    notes: tuple[InputIssue, ...]


def read_page(raw: str, where: str, url: str | None = None, warn: Warn | None = None) -> Page:
    """One HTML page as an article, with its notes (also passed to ``warn``)."""
    import lxml.html
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True,
                                          include_comments=False)
    except Exception as exc:  # lxml/trafilatura raise many types on broken markup
        raise InputReadError(where, f"broken HTML: {exc}") from exc
    meta: dict[str, Any] = {}
    if doc is not None:
        meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = (meta.get("text") or "").strip()
    if len(text) < MIN_HTML_BODY_CHARS:
        raise InputReadError(where, "HTML has no article body (no main text found)")
    try:
        tree = lxml.html.document_fromstring(raw.encode("utf-8", "surrogatepass"))
    except Exception:  # an unparsable page still has trafilatura's text
        tree = None
    head = _head_values(tree)
    page_url = url or meta.get("url") or head.get("og:url")
    sites = _site_names(meta, head, page_url)
    # 1. title
    title, title_from, title_reason = choose_title(meta.get("title"), head, sites)
    # 2.-4. checks
    share = english_share(text)
    english = is_english(text)
    checks = PageChecks(
        title_from=title_from,
        title_reason=title_reason,
        chars=len(text),
        short=len(text) < SHORT_TEXT_CHARS,
        english_share=share,
        not_english=english is False,
        not_article=not_article(text, title or "", head, url),
    )
    notes = tuple(_notes(checks, where))
    for n in notes:
        if warn is not None:
            warn(n)
    article = make_article(
        text + "\n",
        path=where,
        title=text_field(title, "title", where, warn),
        source=text_field(meta.get("sitename") or meta.get("hostname"), "source", where, warn),
        url=clean_url(text_field(page_url, "url", where, warn), where, warn),
        published=normalise_date(
            text_field(meta.get("date"), "date", where, warn) or _page_date_text(raw),
            where, warn),
        warn=warn,
    )
    return Page(article, checks, notes)


def _notes(checks: PageChecks, where: str) -> Iterator[InputIssue]:
    if checks.short:
        yield InputIssue(where, f"short extraction: {checks.chars} characters (under "
                                f"{SHORT_TEXT_CHARS}); may be a caption or teaser, not the "
                                "article; processed", severity="note")
    if checks.not_english:
        share = checks.english_share
        why = ("not in the Latin script" if share is None
               else f"{share:.0%} English function words")
        yield InputIssue(where, f"not English: {why}; the analysis is English only; "
                                "processed", severity="note")
    if checks.not_article:
        yield InputIssue(where, f"not an article: {checks.not_article}; processed",
                         severity="note")


# --------------------------------------------------------------------------- title


def choose_title(title: str | None, head: dict[str, str], sites: set[str]
                 ) -> tuple[str | None, str | None, str | None]:
    """``(title, where it came from, why the extracted one was replaced)``."""
    reason = bad_title(title, sites)
    if reason is None:
        return title, None, None
    for source in ("og:title", "twitter:title", "title", "h1"):
        value = head.get(source)
        if not value:
            continue
        if source == "title":
            value = strip_site_name(value, sites)
        if bad_title(value, sites) is None:
            return value, source, reason
    return None, None, reason  # no title beats a wrong one (callers fall back further)


def bad_title(title: str | None, sites: set[str]) -> str | None:
    """Why ``title`` is not an article's title, or None when it is fine."""
    if not title or not title.strip():
        return "empty"
    key = _key(title)
    if not key:
        return "empty"
    if key in {_key(c) for c in CMS_NAMES}:
        return "CMS name"
    if key in sites and len(title.split()) <= SITE_NAME_MAX_WORDS:
        return "site name"
    if key in {_key(p) for p in PLACEHOLDER_TITLES}:
        return "placeholder"
    stripped = title.strip()
    if " " not in stripped and re.search(r"[a-z0-9][-_][a-z0-9]", stripped) and len(stripped) > 12:
        return "URL slug"
    return None


def strip_site_name(title: str, sites: set[str]) -> str:
    """``Storm closes bridge | The Daily Example`` -> ``Storm closes bridge``: site-name
    parts are cut from either end; the rest is kept whole (with its own dashes)."""
    pieces = re.split(r"(\s+[|\u2013\u2014·•:»«›‹/-]{1,2}\s+)", title.strip())
    parts, seps = pieces[::2], pieces[1::2]
    start, end = 0, len(parts)
    while end - start > 1 and _key(parts[end - 1]) in sites:
        end -= 1
    while end - start > 1 and _key(parts[start]) in sites:
        start += 1
    out = parts[start]
    for i in range(start + 1, end):
        out += seps[i - 1] + parts[i]
    return out.strip()


def _site_names(meta: dict[str, Any], head: dict[str, str], url: str | None) -> set[str]:
    """Normalised names of the site: og:site_name, application-name, the host and its
    first label, and trafilatura's site name unless it is the title itself (trafilatura
    falls back to the title for it, which says nothing about the title)."""
    names = {head.get("og:site_name"), head.get("application-name"), meta.get("hostname")}
    if meta.get("sitename") and meta.get("sitename") != meta.get("title"):
        names.add(meta["sitename"])
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    if host:
        names.add(host)
        names.add(host.split(".")[0])
    if meta.get("hostname"):
        names.add(str(meta["hostname"]).split(".")[0])
    return {k for k in (_key(n) for n in names if isinstance(n, str)) if k}


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def _head_values(tree: Any) -> dict[str, str]:
    """og:title, twitter:title, <title>, the first <h1>, og:type, og:site_name,
    application-name, article:published_time, og:url and the JSON-LD types."""
    out: dict[str, str] = {}
    if tree is None:
        return out
    for el in tree.iter("meta"):
        name = (el.get("property") or el.get("name") or "").strip().lower()
        value = " ".join((el.get("content") or "").split())
        if name and value and name not in out:
            out[name] = value
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        out["title"] = " ".join(title.text_content().split())
    for h1 in tree.iter("h1"):
        value = " ".join(h1.text_content().split())
        if value:
            out["h1"] = value
            break
    types = set(_jsonld_types(tree))
    if types:
        out["ld:types"] = " ".join(sorted(types))
    if tree.find(".//article") is not None:
        out["has:article"] = "1"
    return out


def _jsonld_types(tree: Any) -> Iterator[str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content())
        except (json.JSONDecodeError, ValueError):
            continue
        yield from _types_in(data)


def _types_in(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for item in data:
            yield from _types_in(item)
    elif isinstance(data, dict):
        kind = data.get("@type")
        for k in kind if isinstance(kind, list) else [kind]:
            if isinstance(k, str):
                yield k.lower()
        if "@graph" in data:
            yield from _types_in(data["@graph"])


# --------------------------------------------------------------------------- checks


def english_share(text: str) -> float | None:
    """Share of words that are English function words (:data:`ENGLISH_WORDS`), or None
    when the text has fewer than :data:`LANGUAGE_MIN_WORDS` words."""
    shares = language_shares(text)
    return None if shares is None else shares[0]


def language_shares(text: str) -> tuple[float, float] | None:
    """``(English, other)`` function-word shares, or None for too short a text."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < LANGUAGE_MIN_WORDS:
        return None
    english = sum(w in ENGLISH_WORDS for w in words) / len(words)
    other = sum(w in OTHER_WORDS for w in words) / len(words)
    return english, other


def is_english(text: str) -> bool | None:
    """True, False, or None when it cannot tell: too short a text, or a table or list
    (results, prices) with too few function words of any language to judge."""
    letters = re.findall(r"[^\W\d_]", text)
    latin = sum(ch < "\u0250" for ch in letters)  # Latin letters, accented ones included
    if len(letters) >= 2 * LANGUAGE_MIN_WORDS and latin < len(letters) * LATIN_SHARE_MIN:
        return False  # another script (Chinese, Cyrillic, Bengali, ...)
    shares = language_shares(text)
    if shares is None:
        return None
    english, other = shares
    if english < ENGLISH_SHARE_MIN and other < TABLE_OTHER_SHARE_MAX and _list_shaped(text):
        return None
    return not (english < ENGLISH_SHARE_MIN or (english < ENGLISH_SHARE_CLEAR and other > english))


def not_article(text: str, title: str, head: dict[str, str], url: str | None) -> str | None:
    """Why a page is not an article (a status page, a listing, a home page), or None.

    ``url`` is the address the page was fetched from (a page's own canonical URL is
    not used: some article pages declare their site's home page)."""
    if len(text) < STATUS_PAGE_MAX_CHARS:
        for where in (title, text[:300]):
            m = _STATUS.search(where)
            if m:
                return f"status or error page ({m.group(0)!r})"
    if _article_signal(head):
        return None
    path = urlsplit(url).path if url else None
    if path is not None and path.strip("/") == "" and not urlsplit(url or "").query:
        return "home page"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) >= LISTING_MIN_LINES:
        share = sum(_is_sentence(ln) for ln in lines) / len(lines)
        chars = sum(len(ln) for ln in lines if _is_sentence(ln)) / sum(len(ln) for ln in lines)
        if share <= LISTING_SENTENCE_SHARE and chars <= LISTING_SENTENCE_CHARS:
            return (f"listing or index page ({len(lines)} lines, {share:.0%} of them "
                    f"sentences, no article markup)")
    return None


def _article_signal(head: dict[str, str]) -> bool:
    """The page says it is an article: og:type, a schema.org article type, or an
    article publication time."""
    if head.get("og:type", "").lower() == "article" or "article:published_time" in head:
        return True
    return bool(set(head.get("ld:types", "").split()) & _ARTICLE_TYPES)


def _list_shaped(text: str) -> bool:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return sum(_is_sentence(ln) for ln in lines) <= len(lines) * LISTING_SENTENCE_SHARE


def _is_sentence(line: str) -> bool:
    if len(line) >= 15 and re.search(r"[。！？]", line):  # Chinese and Japanese
        return True
    return len(line) >= 60 and bool(re.search(r"[.!?…][\"'”’)\]]?\s*$|[.!?]\s", line))


#: Where pages state their publication date, for a value trafilatura (htmldate) cannot
#: read, such as "2 hours ago": it is named in the errors rather than dropped silently.
_PAGE_DATE_XPATH = (
    "//meta[@property='article:published_time' or @name='article:published_time'"
    " or @name='date' or @name='pubdate' or @name='publishdate' or @name='DC.date.issued'"
    " or @itemprop='datePublished']/@content | //time[@itemprop='datePublished' or"
    " @pubdate]/@datetime | //time/@datetime"
)


def _page_date_text(raw: str) -> str | None:
    import lxml.html
    from lxml.etree import ParserError

    try:
        found = lxml.html.fromstring(raw).xpath(_PAGE_DATE_XPATH)
    except (ParserError, ValueError):
        return None
    return next((str(v).strip() for v in found if str(v).strip()), None)
