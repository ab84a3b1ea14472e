"""Web pages and feeds given as inputs: each URL fetched, a page extracted, a feed's items
read from their own text or their pages (each fetched once); every failure an error entry
naming the URL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from corroborator.errors import FetchError, InputReadError
from corroborator.inputs.feed_items import FeedDoc, FeedItem, any_text, full_text, item_article
from corroborator.inputs.fetch import Fetcher, Response, host_of, is_url
from corroborator.inputs.pages import read_page
from corroborator.inputs.records import content_hash, normalise_date
from corroborator.model import Article, InputIssue


@dataclass
class PendingItem:
    """A new item on its way to the store."""

    item: FeedItem
    key: str
    article: Article | None = None
    page: bool = False
    error: InputIssue | None = None
    #: remember the item even though it failed (a permanent failure)
    final: bool = True


def read_feed_response(response: Response) -> FeedDoc:
    from corroborator.inputs.feed_items import parse_feed

    if response.kind == "html":
        raise InputReadError(response.url, "not a feed: an HTML page (subscribe to the "
                                           "site's RSS, Atom or JSON Feed URL)")
    return parse_feed(response.content, response.url, base_url=response.url)


def item_key(feed_url: str, item: FeedItem) -> str:
    """What identifies an item across fetches: its link, else its id, else a hash of
    its title and text within its feed."""
    if item.key:
        return item.key
    return f"{feed_url}#{content_hash((item.title or '') + any_text(item))[:16]}"


def item_job(key: str, item: FeedItem, source: str | None) -> PendingItem:
    job = PendingItem(item, key)
    text = full_text(item)
    if text is not None:
        job.article = item_article(item, text, key, source=source)
    elif item.link and is_url(item.link):
        job.page = True
    elif any_text(item):
        job.article = item_article(item, any_text(item), key, source=source)
    else:
        job.error = InputIssue(key, "feed item has no link and no text")
    return job


def fetch_page(fetcher: Fetcher, job: PendingItem) -> bool:
    """Fetch and read one article page into ``job``; True when it was attempted."""
    url = job.item.link or ""
    try:
        response = fetcher.get(url)
    except FetchError as exc:
        job.error = InputIssue(url, exc.reason)
        job.final = exc.status in PERMANENT_STATUS or (
            exc.status is not None and exc.status < 400)
        return True
    if response.kind != "html":
        job.error = InputIssue(url, "not an article page (a feed)")
        return True
    notes: list[InputIssue] = []
    try:
        page = read_page(response.text(), url, url=response.url, warn=notes.append)
    except InputReadError as exc:
        job.error = InputIssue(url, exc.reason)
        return True
    except Exception as exc:  # an extractor bug on one page must not stop the update
        job.error = InputIssue(url, f"unreadable page ({type(exc).__name__}: {exc})")
        return True
    art = page.article
    if page.checks.title_reason and page.checks.title_from is None and job.item.title:
        art = replace(art, title=job.item.title)  # the feed's title beats a bad page title
    if art.published is None and job.item.published:
        art = replace(art, published=normalise_date(job.item.published, url))
    job.article = art
    job.error = notes[0] if len(notes) == 1 else (
        InputIssue(url, "; ".join(n.error for n in notes), severity="note") if notes else None)
    return True

#: Statuses and reasons after which an article page is not tried again (the others,
#: timeouts, 5xx and 429, are retried at the next update).
PERMANENT_STATUS = frozenset({400, 401, 403, 404, 405, 406, 410, 414, 451})


def read_url_inputs(urls: Sequence[str], add: Callable[[Article, str], None],
                    warn: Callable[[InputIssue], None]) -> None:
    """The readers' hook for URL inputs: :func:`read_urls` with the default
    :class:`~corroborator.inputs.fetch.Fetcher`; each article goes to ``add``, each failure and
    note to ``warn``."""
    with Fetcher() as fetcher:
        articles, errors = read_urls(urls, fetcher)
    for art in articles:
        add(art, art.path or art.url or "<url>")
    for err in errors:
        warn(err)


def read_urls(urls: Sequence[str], fetcher: Fetcher, stop: threading.Event | None = None
              ) -> tuple[list[Article], list[InputIssue]]:
    """Articles from URLs given as inputs: a page is extracted; a feed's items are read
    from its own text or their pages (each fetched once). Every failure and note is an
    error entry naming the URL."""
    articles: list[Article] = []
    errors: list[InputIssue] = []
    jobs: list[PendingItem] = []
    seen: set[str] = set()
    for url, got in zip(urls, fetcher.map(lambda u: _fetch_any(fetcher, u), urls,
                                          host=host_of, stop=stop), strict=True):
        if got is None:
            errors.append(InputIssue(url, "not fetched (stopped)"))
        elif isinstance(got, FetchError):
            errors.append(InputIssue(url, got.reason))
        elif got.kind == "html":
            try:
                page = read_page(got.text(), url, url=got.url, warn=errors.append)
            except InputReadError as exc:
                errors.append(InputIssue(url, exc.reason))
                continue
            except Exception as exc:  # an extractor bug on one page must not stop the run
                errors.append(InputIssue(url, f"unreadable page ({type(exc).__name__}: "
                                              f"{exc})"))
                continue
            articles.append(page.article)
        else:
            try:
                doc = read_feed_response(got)
            except InputReadError as exc:
                errors.append(InputIssue(url, exc.reason))
                continue
            for item in doc.items:
                key = item_key(url, item)
                if key in seen:
                    continue
                seen.add(key)
                jobs.append(item_job(key, item, doc.title))
    fetcher.map(lambda p: fetch_page(fetcher, p), [j for j in jobs if j.page],
                host=lambda p: host_of(p.item.link or ""), stop=stop)
    for job in jobs:
        if job.error is not None:
            errors.append(job.error)
        if job.article is not None:
            articles.append(job.article)
    return articles, errors


def _fetch_any(fetcher: Fetcher, url: str) -> Response | FetchError:
    try:
        return fetcher.get(url)
    except FetchError as exc:
        return exc
