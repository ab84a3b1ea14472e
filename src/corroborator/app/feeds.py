"""Following feeds: subscriptions, the update schedule, OPML, and reading URLs.

:func:`update` is the whole round, in this order:

    1. due        the feeds whose next try has come (``now=True``: every feed, except
                  one whose server asked to wait with Retry-After)
    2. feeds      each due feed fetched, conditionally (ETag / Last-Modified), on the
                  polite :class:`~corroborator.inputs.fetch.Fetcher`; an unchanged feed costs
                  one 304 and nothing else
    3. items      the items whose URL was never met before; an item whose feed text is
                  the full article (:func:`~corroborator.inputs.feed_items.full_text`) is used
                  as is, the others' pages are fetched, each once
    4. pages      article pages extracted with trafilatura and checked
                  (:func:`~corroborator.inputs.pages.read_page`)
    5. ingest     new articles analyzed and placed into storylines
                  (:func:`~corroborator.cli.store.ingest_articles`)
    6. state      per feed: validators, item count, last error, next try (interval with
                  jitter, at least the response's max-age; after a failure a doubling
                  backoff, at least the server's Retry-After); the item URLs handled

A failure (DNS, timeout, HTTP 4xx/5xx, not a feed, a broken page) is recorded on its
feed or item and reported; the other feeds go on. A feed whose items were not all handled
(a page that timed out, a stop) keeps its old validators, so the next update reads it in
full again and retries just those items.

:func:`watch` runs :func:`update` until its ``stop`` event is set (the CLI sets it on
Ctrl-C): the article being analyzed is finished, the finished ones are stored, and the
loop ends. URLs given to ``brief``/``ingest`` are read by
:func:`corroborator.inputs.urls.read_urls`.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from corroborator.app.ingest import AnalyzeArticle, IngestReport, ParseArticles, ingest_articles
from corroborator.errors import CorroboratorError, FetchError, InputReadError
from corroborator.inputs.feed_items import FeedDoc
from corroborator.inputs.fetch import Conditional, Fetcher, Response, check_url, host_of
from corroborator.inputs.readers import error_line, error_summary
from corroborator.inputs.urls import (
    PendingItem,
    fetch_page,
    item_job,
    item_key,
    read_feed_response,
)
from corroborator.model import InputIssue
from corroborator.store.database import Store
from corroborator.store.feeds import FeedState, FeedStore

#: Minutes between two fetches of one feed (the usual feed-reader default).
DEFAULT_INTERVAL_MIN = 60

#: Each scheduled delay is stretched or shrunk at random by up to this share, so that
#: feeds added together do not stay in lock-step (and many readers do not hit a server
#: on the hour).
JITTER = 0.1

#: Longest backoff after repeated failures (the delay doubles from one interval).
BACKOFF_MAX_MIN = 24 * 60


Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- subscriptions


def add_feeds(store: Store, urls: Iterable[str], *, interval_min: int = DEFAULT_INTERVAL_MIN,
              clock: Clock = utc_now, titles: dict[str, str] | None = None
              ) -> tuple[list[str], list[str]]:
    """Subscribe to ``urls``: ``(added, already subscribed)``. A URL that is not
    http(s) is a CorroboratorError naming it (nothing is added then)."""
    cleaned = [u.strip() for u in urls]
    for url in cleaned:
        check_url(url)
    if interval_min < 1:
        raise CorroboratorError(f"interval must be at least 1 minute (got {interval_min})")
    fs = FeedStore(store)
    added: list[str] = []
    known: list[str] = []
    for url in dict.fromkeys(cleaned):
        title = (titles or {}).get(url)
        (added if fs.add(url, interval_min, iso(clock()), title) else known).append(url)
    return added, known


def remove_feeds(store: Store, urls: Iterable[str]) -> tuple[list[str], list[str]]:
    """Unsubscribe: ``(removed, not subscribed)``. Stored articles stay."""
    fs = FeedStore(store)
    removed: list[str] = []
    unknown: list[str] = []
    for url in urls:
        (removed if fs.remove(url.strip()) else unknown).append(url.strip())
    return removed, unknown


def list_feeds(store: Store) -> list[FeedState]:
    return FeedStore(store).feeds()


def feed_lines(feeds: Sequence[FeedState]) -> list[str]:
    """One block per feed: URL and title, then last fetch, items, next try, error."""
    out = []
    for f in feeds:
        out.append(f"{f.url}" + (f"  ({f.title})" if f.title else ""))
        status = f" (HTTP {f.last_status})" if f.last_status else ""
        out.append(f"  last fetch: {f.last_fetch or 'never'}{status}; items: {f.item_count}; "
                   f"every {f.interval_min} min; next try: {f.next_try or 'now'}")
        if f.last_error:
            out.append(f"  last error: {f.last_error} ({f.failures} failure"
                       f"{'s' if f.failures != 1 else ''} in a row)")
        if f.retry_after:
            out.append(f"  server asked to wait until {f.retry_after}")
    return out


# --------------------------------------------------------------------------- OPML


def export_opml(store: Store) -> str:
    """The subscriptions as OPML 2.0 (feed URLs as ``xmlUrl``)."""
    from xml.etree import ElementTree as ET

    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "Corroborator feeds"
    body = ET.SubElement(root, "body")
    for f in FeedStore(store).feeds():
        name = f.title or f.url
        ET.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=f.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def read_opml(data: bytes, where: str) -> list[tuple[str, str | None]]:
    """``(feed URL, title)`` of every outline with an ``xmlUrl`` (nested ones too).
    InputReadError naming ``where`` when it is not OPML."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputReadError(where, f"not OPML: broken XML ({exc})") from exc
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise InputReadError(where, "not OPML (the root element is not <opml>)")
    out = []
    for el in root.iter("{*}outline"):
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        if url:
            out.append((url, el.get("title") or el.get("text") or None))
    if not out:
        raise InputReadError(where, "OPML lists no feeds (no outline with xmlUrl)")
    return out


def import_opml(store: Store, path: Path, *, interval_min: int = DEFAULT_INTERVAL_MIN,
                clock: Clock = utc_now) -> tuple[list[str], list[str], list[InputIssue]]:
    """Subscribe to every feed of an OPML file: ``(added, already subscribed, errors)``;
    an outline with a URL that is not http(s) is an error entry, the others are added."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputReadError(str(path), f"cannot read: {exc.strerror}") from exc
    good: dict[str, str | None] = {}
    errors = []
    for url, title in read_opml(data, str(path)):
        try:
            check_url(url)
        except FetchError as exc:
            errors.append(InputIssue(str(path), exc.reason))
            continue
        good.setdefault(url, title)
    titles = {u: t for u, t in good.items() if t}
    added, known = add_feeds(store, good, interval_min=interval_min, clock=clock,
                             titles=titles)
    return added, known, errors


# --------------------------------------------------------------------------- schedule


def is_due(feed: FeedState, now: datetime, force: bool = False) -> bool:
    """Due when its next try has come; ``force`` ignores the schedule but never a
    server's Retry-After."""
    if feed.retry_after and feed.retry_after > iso(now):
        return False
    return force or feed.next_try is None or feed.next_try <= iso(now)


def next_success(now: datetime, interval_min: int, max_age: int | None,
                 rng: random.Random) -> datetime:
    """The interval with jitter, and never before the response's max-age runs out."""
    seconds = interval_min * 60 * (1 + rng.uniform(-JITTER, JITTER))
    return now + timedelta(seconds=max(seconds, max_age or 0))


def next_failure(now: datetime, interval_min: int, failures: int, retry_after: int | None,
                 rng: random.Random) -> datetime:
    """Backoff after ``failures`` failures in a row (1 = this one): the interval,
    doubled per further failure up to :data:`BACKOFF_MAX_MIN`, with jitter; never
    before the server's Retry-After."""
    minutes = min(interval_min * 2 ** max(failures - 1, 0), BACKOFF_MAX_MIN)
    seconds = minutes * 60 * (1 + rng.uniform(-JITTER, JITTER))
    return now + timedelta(seconds=max(seconds, retry_after or 0))


# --------------------------------------------------------------------------- update


FeedStatus = Literal["new", "unchanged", "failed"]


@dataclass(frozen=True)
class FeedResult:
    """What one update did with one feed."""

    url: str
    status: FeedStatus
    title: str | None = None
    #: article ids stored from this feed in this update
    stored: tuple[str, ...] = ()
    #: new items whose article was already in the store (same text)
    already: int = 0
    pages: int = 0
    from_feed: int = 0
    error: str | None = None
    notes: tuple[InputIssue, ...] = ()
    next_try: str | None = None
    pending: int = 0


@dataclass(frozen=True)
class UpdateReport:
    """The outcome of one update: per feed, the ingest, and the requests made."""

    feeds: tuple[FeedResult, ...]
    ingest: IngestReport
    not_due: int = 0
    requests: int = 0
    stopped: bool = False

    def lines(self) -> list[str]:
        """Per feed what is new (its articles, with the story each joined), what failed
        and why; then a total."""
        placed = {p.article.id: p for p in self.ingest.placed}
        out = []
        for f in self.feeds:
            name = f.url + (f" ({f.title})" if f.title else "")
            if f.status == "failed":
                out.append(f"{name}: failed: {f.error}; next try {f.next_try}")
                continue
            if f.status == "unchanged":
                out.append(f"{name}: unchanged")
                continue
            parts = [f"{len(f.stored)} new"]
            if f.pages or f.from_feed:
                parts.append(f"{f.pages} pages fetched, {f.from_feed} from the feed's text")
            if f.already:
                parts.append(f"{f.already} already stored")
            if f.pending:
                parts.append(f"{f.pending} left for the next update")
            out.append(f"{name}: {'; '.join(parts)}")
            for aid in f.stored:
                p = placed.get(aid)
                if p is not None:
                    what = "new story" if p.new_story else "joins"
                    out.append(f"  + {aid}  {what} {p.story_id}  {p.article.title or ''}"
                               .rstrip())
            out.extend(f"  {error_line(n)}" for n in f.notes)
        failed = sum(f.status == "failed" for f in self.feeds)
        unchanged = sum(f.status == "unchanged" for f in self.feeds)
        total = (f"{len(self.feeds)} feeds fetched ({unchanged} unchanged, {failed} failed), "
                 f"{self.not_due} not due; {len(self.ingest.placed)} new articles, "
                 f"{len(self.ingest.new_stories)} new stories; {self.requests} requests")
        notes = [n for f in self.feeds for n in f.notes]
        out.append("; ".join([total, *error_summary(notes)]))
        if self.stopped:
            out.append("stopped: the articles analyzed so far were stored")
        return out


@dataclass
class _FeedRound:
    state: FeedState
    response: Response | None = None
    error: FetchError | InputReadError | None = None
    doc: FeedDoc | None = None
    items: list[PendingItem] = field(default_factory=list)


def update(
    store: Store,
    fetcher: Fetcher,
    *,
    now: bool = False,
    clock: Clock = utc_now,
    rng: random.Random | None = None,
    stop: threading.Event | None = None,
    analyze: AnalyzeArticle | None = None,
    parse: ParseArticles | None = None,
    quiet: bool = True,
) -> UpdateReport:
    """Fetch the due feeds and their new articles; store them (see the module doc)."""
    rng = rng or random.Random()
    fs = FeedStore(store)
    start_requests = fetcher.requests
    # 1. due
    moment = clock()
    feeds = fs.feeds()
    due = [f for f in feeds if is_due(f, moment, now)]
    rounds = [_FeedRound(f) for f in due]
    # 2. feeds, conditional
    fetched = fetcher.map(lambda r: _fetch_feed(fetcher, r.state), rounds,
                          host=lambda r: host_of(r.state.url), stop=stop)
    for rnd, result in zip(rounds, fetched, strict=True):
        if isinstance(result, Response):
            rnd.response = result
        elif result is not None:
            rnd.error = result
    # 3. new items (an item in two feeds is handled once)
    seen_now: set[str] = set()
    for rnd in rounds:
        if rnd.response is None or rnd.response.not_modified:
            continue
        try:
            rnd.doc = read_feed_response(rnd.response)
        except InputReadError as exc:
            rnd.error = exc
            continue
        except Exception as exc:  # a parser bug on one feed must not stop the others
            rnd.error = InputReadError(rnd.state.url, f"unreadable feed ({type(exc).__name__}: "
                                                      f"{exc})")
            continue
        keyed = [(item_key(rnd.state.url, i), i) for i in rnd.doc.items]
        known = fs.known_items(k for k, _ in keyed)
        for key, item in keyed:
            if key in known or key in seen_now:
                continue
            seen_now.add(key)
            rnd.items.append(item_job(key, item, rnd.doc.title))
    # 4. pages, each once
    jobs = [p for rnd in rounds for p in rnd.items if p.page]
    pages = fetcher.map(lambda p: fetch_page(fetcher, p), jobs,
                        host=lambda p: host_of(p.item.link or ""), stop=stop)
    for job, done in zip(jobs, pages, strict=True):
        if done is None:  # not started: stopped
            job.final = False
            job.error = InputIssue(job.key, "not fetched (stopped)")
    # 5. ingest
    articles = [p.article for rnd in rounds for p in rnd.items if p.article is not None]
    report = ingest_articles(store, articles, analyze=analyze, parse=parse, quiet=quiet,
                             stop=stop)
    stored_ids = {p.article.id for p in report.placed}
    clash = {e.path for e in report.errors}
    # 6. state
    at = iso(clock())
    results = []
    for rnd in rounds:
        results.append(_settle(fs, rnd, moment, at, rng, stored_ids, clash, store))
    return UpdateReport(
        feeds=tuple(results),
        ingest=report,
        not_due=len(feeds) - len(due),
        requests=fetcher.requests - start_requests,
        stopped=bool(stop is not None and stop.is_set()),
    )


def _fetch_feed(fetcher: Fetcher, feed: FeedState) -> Response | FetchError:
    try:
        return fetcher.get(feed.url, Conditional(feed.etag, feed.last_modified))
    except FetchError as exc:
        return exc


def _settle(fs: FeedStore, rnd: _FeedRound, moment: datetime, at: str, rng: random.Random,
            stored_ids: set[str], clash: set[str], store: Store) -> FeedResult:
    """Record one feed's outcome and its items; the FeedResult for the report."""
    state = rnd.state
    if rnd.error is not None or rnd.response is None:
        reason = (rnd.error.reason if rnd.error is not None
                  else "not fetched (stopped)")
        status = rnd.error.status if isinstance(rnd.error, FetchError) else (
            rnd.response.status if rnd.response else None)
        retry = rnd.error.retry_after if isinstance(rnd.error, FetchError) else None
        if rnd.error is None:  # stopped before its turn: try again next time
            return FeedResult(state.url, "failed", state.title, error=reason,
                              next_try=state.next_try)
        failed_next = iso(next_failure(moment, state.interval_min, state.failures + 1, retry,
                                       rng))
        retry_at = iso(moment + timedelta(seconds=retry)) if retry else None
        fs.record_failure(state.url, at=at, error=reason, status=status, next_try=failed_next,
                          retry_after=retry_at)
        return FeedResult(state.url, "failed", state.title, error=reason,
                          next_try=failed_next)
    response = rnd.response
    nxt = iso(next_success(moment, state.interval_min, response.max_age, rng))
    if response.not_modified:
        fs.record_success(state.url, at=at, status=304, next_try=nxt, etag=response.etag,
                          last_modified=response.last_modified, item_count=None, title=None)
        return FeedResult(state.url, "unchanged", state.title, next_try=nxt)
    doc = rnd.doc
    assert doc is not None
    remember: list[tuple[str, str, str | None, str, str | None]] = []
    stored: list[str] = []
    already = pending = 0
    notes: list[InputIssue] = []
    stored_in_db = store.known_ids(p.article.id for p in rnd.items if p.article is not None)
    for job in rnd.items:
        if job.error is not None:
            notes.append(job.error)
        art = job.article
        if art is None:
            if job.final:
                remember.append((job.key, state.url, None, "failed",
                                 job.error.error if job.error else None))
            else:
                pending += 1
            continue
        if art.id in stored_ids:
            stored.append(art.id)
            remember.append((job.key, state.url, art.id, "stored", None))
        elif art.id in stored_in_db and (art.path or "") not in clash:
            already += 1
            remember.append((job.key, state.url, art.id, "stored", None))
        elif (art.path or "") in clash:
            remember.append((job.key, state.url, None, "failed", "id clash"))
        else:
            pending += 1  # not analyzed: stopped
    fs.remember_items(remember, at)
    # validators only when every new item was handled: else the next update reads the
    # feed in full and retries the pending ones
    complete = pending == 0
    fs.record_success(state.url, at=at, status=response.status, next_try=nxt,
                      etag=response.etag if complete else None,
                      last_modified=response.last_modified if complete else None,
                      item_count=len(doc.items), title=doc.title)
    if not complete and (state.etag or state.last_modified):
        _forget_validators(fs, state.url)
    return FeedResult(state.url, "new", state.title or doc.title, tuple(stored), already,
                      pages=sum(1 for j in rnd.items if j.page and j.article is not None),
                      from_feed=sum(1 for j in rnd.items if not j.page and j.article),
                      notes=tuple(notes), next_try=nxt, pending=pending)


def _forget_validators(fs: FeedStore, url: str) -> None:
    with fs.store.transaction():
        fs.conn.execute("UPDATE feeds SET etag = NULL, last_modified = NULL WHERE url = ?",
                        (url,))


# --------------------------------------------------------------------------- watch


def watch(
    store: Store,
    fetcher: Fetcher,
    *,
    interval_min: float,
    stop: threading.Event,
    on_report: Callable[[UpdateReport], None],
    clock: Clock = utc_now,
    rng: random.Random | None = None,
    analyze: AnalyzeArticle | None = None,
    parse: ParseArticles | None = None,
    max_rounds: int | None = None,
) -> int:
    """Run :func:`update` until ``stop`` is set (or ``max_rounds`` rounds); between two
    rounds, sleep until the next feed is due, at most ``interval_min`` minutes. Returns
    the number of rounds run."""
    rounds = 0
    while not stop.is_set():
        report = update(store, fetcher, clock=clock, rng=rng, stop=stop, analyze=analyze,
                        parse=parse)
        on_report(report)
        rounds += 1
        if stop.is_set() or (max_rounds is not None and rounds >= max_rounds):
            break
        stop.wait(seconds_to_next(store, clock(), interval_min))
    return rounds


def seconds_to_next(store: Store, now: datetime, interval_min: float) -> float:
    """Seconds until the next feed is due, between 1 s and ``interval_min`` minutes."""
    cap = interval_min * 60
    times = [f.next_try for f in FeedStore(store).feeds() if f.next_try]
    if not times:
        return max(cap, 1.0)
    wait = (datetime.fromisoformat(min(times)) - now).total_seconds()
    return min(max(wait, 1.0), cap)

