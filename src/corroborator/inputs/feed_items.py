"""Reading feed documents: RSS and Atom (feedparser) and JSON Feed, as :class:`FeedDoc`.

A :class:`FeedItem` keeps the item's link and both texts a feed may carry: ``content``
(``content:encoded``, Atom ``content``, JSON Feed ``content_html``/``content_text``) and
``summary`` (``description``, Atom ``summary``, JSON Feed ``summary``). :func:`full_text`
says whether they hold the article itself or only a teaser, which decides whether the
article page must be fetched.

JSON Feed (https://jsonfeed.org/version/1.1) files read as feeds through
:func:`json_feed_articles` (the ``.json`` reader hands them over).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from corroborator.errors import InputReadError
from corroborator.inputs.records import Warn, html_fragment_to_text, make_article, normalise_date
from corroborator.model import Article, InputIssue

#: Feed text at least this long is taken as the full article (no page fetch). Teasers
#: in RSS ``description`` run one to three sentences (under ~500 characters); a full
#: news article is rarely under 1,000. A shorter full text only costs one page fetch.
FULL_TEXT_CHARS = 1000

#: Endings that mark a feed text as cut short ("Continue reading", "[…]", "...").
_TRUNCATED = re.compile(
    r"(\[\s*(…|\.\.\.)\s*\]|…|\.\.\.|\b(continue reading|read more|read the full "
    r"(story|article))\b[^\n]{0,40})\s*\Z", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed item. ``content`` and ``summary`` are plain text (may be empty)."""

    link: str | None
    guid: str | None
    title: str | None
    published: str | None
    content: str = ""
    summary: str = ""

    @property
    def key(self) -> str | None:
        """What identifies the item across fetches: its link, else its id."""
        return self.link or self.guid


@dataclass(frozen=True, slots=True)
class FeedDoc:
    """A parsed feed: its title, site link and items (in feed order)."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]


def full_text(item: FeedItem) -> str | None:
    """The item's own text when it holds the whole article, else None (fetch the page)."""
    best = max((item.content, item.summary), key=len).strip()
    if len(best) >= FULL_TEXT_CHARS and not _TRUNCATED.search(best):
        return best
    return None


def any_text(item: FeedItem) -> str:
    """The longest text the item carries (for items with no link to fetch)."""
    return max((item.content, item.summary), key=len).strip()


# --------------------------------------------------------------------------- parsing


def parse_feed(raw: bytes | str, where: str, base_url: str | None = None) -> FeedDoc:
    """RSS, Atom or JSON Feed; InputReadError when it is none of them or has no items."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    if text.lstrip("\ufeff \t\r\n").startswith("{"):
        try:
            data = json.loads(text.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            raise InputReadError(where, f"broken JSON feed: {exc.msg} at line {exc.lineno}"
                                 ) from exc
        if not is_json_feed(data):
            raise InputReadError(where, "not a feed (JSON without 'items')")
        return parse_json_feed(data, where, base_url)
    return _parse_xml_feed(raw, where, base_url)


def _parse_xml_feed(raw: bytes | str, where: str, base_url: str | None) -> FeedDoc:
    import feedparser

    headers = {"content-location": base_url} if base_url else None
    try:
        parsed = feedparser.parse(raw, response_headers=headers)
    except Exception as exc:  # feedparser wraps most, but not all, parser failures
        raise InputReadError(where, f"not a readable RSS/Atom feed ({exc})") from exc
    entries = list(parsed.get("entries", []))
    if not entries:
        why = parsed.get("bozo_exception")
        version = parsed.get("version")
        if version:
            raise InputReadError(where, "feed has no items")
        raise InputReadError(where, f"not a feed: no RSS/Atom items ({why})" if why
                             else "not a feed: no RSS/Atom items")
    items = []
    for entry in entries:
        content = ""
        if entry.get("content"):
            content = html_fragment_to_text(entry["content"][0].get("value", ""))
        summary = html_fragment_to_text(entry.get("summary", "") or "")
        if summary == content:
            summary = ""
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (datetime(*stamp[:6]).replace(tzinfo=UTC).isoformat() if stamp else None)
        items.append(FeedItem(
            link=_clean_link(entry.get("link"), base_url),
            guid=entry.get("id") or None,
            title=_clean(entry.get("title")),
            published=published,
            content=content,
            summary=summary,
        ))
    meta = parsed.get("feed", {})
    return FeedDoc(_clean(meta.get("title")), _clean_link(meta.get("link"), base_url),
                   tuple(items))


def is_json_feed(data: Any) -> bool:
    """A JSON Feed: an object with an ``items`` list, and either the JSON Feed
    ``version`` URL or items carrying ``content_html``/``content_text``."""
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), list):
        return False
    version = str(data.get("version", ""))
    if "jsonfeed.org/version" in version:
        return True
    return any(isinstance(i, Mapping) and ("content_html" in i or "content_text" in i)
               for i in data["items"])


def parse_json_feed(data: Mapping[str, Any], where: str, base_url: str | None = None
                    ) -> FeedDoc:
    """A JSON Feed object as a FeedDoc; items that are not objects are left out."""
    base = base_url or _str(data.get("feed_url")) or _str(data.get("home_page_url"))
    items = []
    for rec in data.get("items", []):
        if not isinstance(rec, Mapping):
            continue
        html = _str(rec.get("content_html"))
        content = html_fragment_to_text(html) if html else (_str(rec.get("content_text")) or "")
        summary = _str(rec.get("summary")) or ""
        items.append(FeedItem(
            link=_clean_link(_str(rec.get("url")) or _str(rec.get("external_url")), base),
            guid=_str(rec.get("id")),
            title=_clean(_str(rec.get("title"))),
            published=_str(rec.get("date_published")) or _str(rec.get("date_modified")),
            content=content.strip(),
            summary=summary.strip(),
        ))
    if not items:
        raise InputReadError(where, "feed has no items")
    return FeedDoc(_clean(_str(data.get("title"))), _str(data.get("home_page_url")),
                   tuple(items))


def json_feed_articles(data: Mapping[str, Any], where: str, warn: Warn
                       ) -> tuple[list[Article], list[InputReadError]]:
    """A JSON Feed file's items as articles (their own text; nothing is fetched)."""
    doc = parse_json_feed(data, where)
    return feed_articles(doc, where, warn)


def feed_articles(doc: FeedDoc, where: str, warn: Warn,
                  source: str | None = None) -> tuple[list[Article], list[InputReadError]]:
    """Every item with text, as an article from the feed's own text (content, else
    summary); an item with neither is an error entry."""
    articles: list[Article] = []
    errors: list[InputReadError] = []
    for n, item in enumerate(doc.items, 1):
        here = f"{where}#item{n}"
        text = item.content or item.summary
        if not text.strip():
            errors.append(InputReadError(here, "feed item has no content or summary"))
            continue
        articles.append(item_article(item, text, here, warn, source=source or doc.title))
    return articles, errors


def item_article(item: FeedItem, text: str, where: str, warn: Warn | None = None,
                 source: str | None = None) -> Article:
    return make_article(
        text.strip() + "\n",
        path=where,
        title=item.title,
        source=source,
        url=item.link,
        published=normalise_date(item.published, where, warn),
    )


def note(where: str, reason: str) -> InputIssue:
    """A note on an input that was still processed."""
    return InputIssue(where, reason, severity="note")


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _clean_link(link: object, base: str | None) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    url = urljoin(base, link.strip()) if base else link.strip()
    return url.split("#", 1)[0] or None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
