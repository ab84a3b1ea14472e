"""What every reader shares: an Article made from a record's fields, with its text cleaned,
its URL checked, its date normalised and its id derived where the record has none.

Article ids: a record's own ``id`` is kept (the dev-set scorers rely on it). Otherwise the
id is derived from the outlet and a hash of the text, so two outlets' ``story.html`` never
collide and the same content read twice becomes one article.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import math
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from corroborator.model import Article, InputIssue
from corroborator.settings import (
    MAX_DATE_CHARS,
    MAX_PUBLICATION_YEAR,
    MIN_PUBLICATION_YEAR,
)

Warn = Callable[[InputIssue], None]




def make_article(
    text: str,
    *,
    article_id: str | None = None,
    path: str | None = None,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    warn: Warn | None = None,
) -> Article:
    """Build an Article, deriving a stable id from outlet and content when none is given.

    Lone surrogates (a ``\\ud800`` escape in JSON, a file name that is not UTF-8) can be
    neither analyzed nor stored: they become U+FFFD, with a note to ``warn``. A URL
    that does not parse or holds control characters is dropped, with a note.
    """
    where = path or "<input>"
    fields = {"text": text, "id": article_id, "title": title, "source": source,
              "url": url, "path": path, "published": published}
    cleaned: dict[str, str | None] = {}
    replaced = []
    for name, value in fields.items():
        if value is None:
            cleaned[name] = None
            continue
        cleaned[name], changed = clean_text(value)
        if changed:
            replaced.append(name)
    if replaced and warn is not None:
        warn(InputIssue(clean_text(where)[0],
                        f"invalid characters (lone surrogates) in {', '.join(replaced)} "
                        "replaced with U+FFFD; processed", severity="note"))
    url = clean_url(cleaned["url"], where, warn)
    source = cleaned["source"] or _domain(url)
    text = cleaned["text"] or ""
    article_id = cleaned["id"]
    if article_id is None:
        article_id = derive_id(text, source)
    title = cleaned["title"]
    return Article(
        id=article_id,
        text=text,
        source=source,
        title=(title or None) and " ".join(title.split()),
        url=url or None,
        path=cleaned["path"],
        published=cleaned["published"],
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> tuple[str, bool]:
    """``value`` with lone surrogates replaced by U+FFFD, and whether any were."""
    fixed = _SURROGATE.sub("\ufffd", value)
    return fixed, fixed != value


_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_url(url: str | None, where: str, warn: Warn | None = None) -> str | None:
    """``url`` when it can be a link, else None with a note: a URL that does not parse
    (``http://[::1``) or holds a line break or other control character."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    reason = None
    if _URL_CONTROL.search(url):
        reason = "it holds a line break or another control character"
    else:
        try:
            urlsplit(url).port  # noqa: B018 - parses the host and port, raising if broken
        except ValueError as exc:
            reason = str(exc)
    if reason is None:
        return url
    if warn is not None:
        shown = url if len(url) <= 80 else url[:80] + "\u2026"
        warn(InputIssue(where, f"unusable URL {shown!r} ({reason}); ignored", severity="note"))
    return None


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the whitespace-normalised text: two articles with the same hash
    are the same article (re-wrapped lines or a trailing newline do not matter)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def derive_id(text: str, source: str | None) -> str:
    """``<outlet-slug>-<hash of the text>``: stable, and unique across outlets."""
    digest = content_hash(text)[:12]
    slug = re.sub(r"[^a-z0-9]+", "-", (source or "article").lower()).strip("-")[:24] or "article"
    return f"{slug}-{digest}"


#: Metadata dates that only mean something against the moment they were written
#: ("yesterday", "3 hours ago", "Updated today"): never resolved against our clock.
_RELATIVE_DATE = re.compile(
    r"\b(?:ago|yesterday|today|tonight|tomorrow|now|last|this|next|hours?|minutes?|mins?"
    r"|secs?|seconds?)\b", re.I
)
#: Labels before a metadata date ("Last updated:", "Published on").
_DATE_LABEL = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|modified|published|posted|first\s+published)"
    r"(?:\s+on)?|on)\b\s*[:\-\u2013]?\s*", re.I
)
#: dateparser without its relative-time parser, and a year required: "Monday" or "May 4"
#: in metadata would otherwise take the year (or week) of the machine's clock.
_ABSOLUTE_DATE_SETTINGS: dict[str, Any] = {
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["year"],
    "PREFER_DAY_OF_MONTH": "first",
}


def normalise_date(value: str | None, where: str, warn: Warn | None = None) -> str | None:
    """An ISO 8601 date or date-time for a metadata date, or None when it cannot be read.

    Relative ("yesterday", "2 hours ago") and incomplete ("Monday", "May 4") dates are
    never resolved against the clock: the article is undated (its date may be inferred
    from its story) and ``warn`` gets an entry naming the value.
    """
    if not value or not str(value).strip():
        return None
    value = str(value).strip()

    def undated(why: str, detail: str = "") -> None:
        if warn is not None:
            shown = value if len(value) <= 60 else value[:60] + "\u2026"
            note = f" ({detail})" if detail else ""
            warn(InputIssue(where, f"{why} publication date {shown!r}{note}; treated as undated",
                            severity="note"))

    if len(value) > MAX_DATE_CHARS:
        undated(f"over-long ({len(value):,} characters)")
        return None
    parsed: datetime | date | None = None
    guessed = False  # read by dateparser, not as ISO 8601
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            parsed = date.fromisoformat(value)
        else:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    if parsed is None:
        import dateparser

        guessed = True
        # "Last updated: 4 May 2026", "4 May 2026 (2 hours ago)": the absolute date in it
        bare = _DATE_LABEL.sub("", re.sub(r"\([^)]*\)", " ", value)).strip() or value
        try:
            parsed = dateparser.parse(bare, settings=_ABSOLUTE_DATE_SETTINGS)
        except (ValueError, OverflowError, TypeError):  # dateparser fails on odd input
            parsed = None
        if parsed is None:
            try:
                relative = bool(_RELATIVE_DATE.search(value) or dateparser.parse(
                    value, settings={"PARSERS": ["relative-time", "absolute-time"]}))
            except (ValueError, OverflowError, TypeError):
                relative = False
            if relative:
                undated("relative", "no fixed date; not resolved against the clock")
                return None
    if parsed is None:
        undated("unreadable")
        return None
    if not MIN_PUBLICATION_YEAR <= parsed.year <= MAX_PUBLICATION_YEAR:
        undated(f"implausible (not in {MIN_PUBLICATION_YEAR}-{MAX_PUBLICATION_YEAR})")
        return None
    if not isinstance(parsed, datetime):
        return parsed.isoformat()
    if guessed and parsed.hour == parsed.minute == parsed.second == 0:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def html_fragment_to_text(fragment: str | None) -> str:
    """Text of an HTML fragment (a feed item's description), one line per block.

    Character references are decoded, with or without tags ("AT&amp;T" is "AT&T").
    """
    import lxml.html
    from lxml.etree import LxmlError

    if not isinstance(fragment, str):
        return ""
    if "<" not in fragment:
        return html_lib.unescape(fragment).strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (LxmlError, ValueError):
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter("p", "li", "h1", "h2", "h3", "h4", "blockquote"):
        if el.getparent() is not None and el.getparent().tag in ("p", "li", "blockquote"):
            continue
        txt = " ".join(el.text_content().split())
        if txt:
            blocks.append(txt)
    if not blocks:
        blocks = [" ".join(root.text_content().split())]
    return "\n\n".join(blocks)


#: Extracted page text shorter than this is navigation debris, not an article body
#: (trafilatura falls back to any text; a one-sentence brief is ~60+ characters).
MIN_HTML_BODY_CHARS = 40


def text_field(value: Any, name: str, where: str, warn: Warn | None) -> str | None:
    """A metadata field as text: a string as it is, a finite number as written; any
    other value (an object, an array, NaN) is ignored with a note in ``errors``."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    if warn is not None:
        warn(InputIssue(where, f"field {name!r} is {_a(_json_type(value))}, not text; ignored",
                        severity="note"))
    return None


def _json_type(value: Any) -> str:
    """How JSON would name a value's type (``object``, ``number`` ...)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"non-finite number ({value})"
    names = {dict: "object", list: "array", bool: "boolean", float: "number", int: "number"}
    return next((n for t, n in names.items() if isinstance(value, t)), type(value).__name__)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def stored_id_clash(path: str | None, article_id: str, stored_from: str | None) -> InputIssue:
    """The error for an article whose id the store already holds for a different text."""
    return InputIssue(
        path or "<input>",
        f"id clash: id {article_id!r} is already stored for a different article "
        f"(from {stored_from or 'an earlier ingest'}); not ingested")
