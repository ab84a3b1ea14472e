"""Polite HTTP for feeds and article pages (httpx).

:class:`Fetcher` is the one place that talks to the network. Every request:

- names the program: ``User-Agent: corroborator/<version> (news analysis)``;
- asks for compressed responses (gzip, deflate) and decodes them;
- has connect/read timeouts (:attr:`FetchSettings.timeout`);
- waits its turn: at least :attr:`FetchSettings.host_delay` seconds between two requests
  to one host (redirect hops count), and at most :attr:`FetchSettings.concurrency`
  requests in flight at once;
- follows at most :attr:`FetchSettings.max_redirects` redirects;
- is cut off past :attr:`FetchSettings.max_bytes` of decoded body (a 20 MB cap);
- may be conditional (``If-None-Match`` / ``If-Modified-Since``): a 304 comes back as a
  :class:`Response` with ``not_modified`` set and no body.

A response is classified by its content type (sniffed when the type is missing or
generic) as ``html`` or ``feed``; anything else, any 4xx/5xx and any network failure is a
:class:`~corroborator.errors.FetchError` naming the URL and the reason. On 429 and 503 the
error carries the server's ``Retry-After`` (seconds), and every response carries its
``Cache-Control: max-age``, so the feed scheduler can honour both.

Why no HTTP cache library (hishel): feeds are revalidated with the ETag and
Last-Modified kept per feed in the store, so an unchanged feed already costs one 304 and
no parse; article pages are fetched once and remembered by URL, so a cache would only keep
a second copy of every body on disk. See README "Following feeds".
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal, TypeVar
from urllib.parse import urlsplit

import httpx

from corroborator.errors import FetchError
from corroborator.version import __version__

#: The program and its version, so that a site can tell what fetches its pages (the
#: project has no canonical home URL to add; ``FetchSettings.user_agent`` overrides it).
USER_AGENT = f"corroborator/{__version__} (news analysis)"

#: Seconds between two requests to one host. One second is the usual crawler courtesy
#: (what feed readers settle on); tests lower it.
HOST_DELAY = 1.0

#: Requests in flight at once, over all hosts. Four keeps a laptop's update of ~50 feeds
#: under a minute without opening many connections at once.
CONCURRENCY = 4

#: Seconds to connect, and between two reads of the body.
TIMEOUT = 20.0

MAX_REDIRECTS = 5

#: Decoded body size past which a response is refused (same limit as a local file,
#: :data:`~corroborator.settings.MAX_FILE_BYTES`).
MAX_BYTES = 20 * 1024 * 1024

Kind = Literal["html", "feed"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
    "application/json",
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

#: Types that say nothing about the content: sniff the first bytes instead.
_GENERIC_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How politely and how far to fetch. Tests shorten the delays and timeouts."""

    timeout: float = TIMEOUT
    host_delay: float = HOST_DELAY
    concurrency: int = CONCURRENCY
    max_redirects: int = MAX_REDIRECTS
    max_bytes: int = MAX_BYTES
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Response:
    """One fetched document. ``url`` is the final URL after redirects; ``not_modified``
    responses (304) have an empty ``content`` and ``kind`` None."""

    url: str
    status: int
    content: bytes = b""
    kind: Kind | None = None
    content_type: str = ""
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    #: Cache-Control max-age in seconds, when the server sent one
    max_age: int | None = None
    redirects: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body as text: the charset of the Content-Type, else of an HTML
        ``<meta charset>``, else UTF-8 (lenient)."""
        meta = None
        if not self.encoding:
            m = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""",
                          self.content[:4096], re.IGNORECASE)
            meta = m.group(1).decode("ascii") if m else None
        for codec in (self.encoding, meta, "utf-8"):
            if codec:
                try:
                    return self.content.decode(codec)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.content.decode("utf-8", errors="replace")


@dataclass(frozen=True, slots=True)
class Conditional:
    """Validators from an earlier response, sent back to make a request conditional."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


#: What a Fetcher made without settings uses (tests shorten its delays).
DEFAULT_SETTINGS = FetchSettings()

T = TypeVar("T")
R = TypeVar("R")


class _HostGate:
    """One request at a time per host, each starting at least ``delay`` seconds after
    the previous one to that host ended."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        with self._lock:
            lock = self._hosts.setdefault(host, threading.Lock())
        with lock:
            last = self._last.get(host)
            if last is not None:
                wait = last + self.delay - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()


class Fetcher:
    """A polite HTTP client; use as a context manager (it holds a connection pool).

    ``transport`` replaces httpx's network transport (never needed in tests, which run a
    real server on 127.0.0.1). ``log`` receives one line per request made.
    """

    def __init__(self, settings: FetchSettings | None = None, *,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings or DEFAULT_SETTINGS
        s = self.settings
        self._client = httpx.Client(
            headers={"User-Agent": s.user_agent,
                     "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                               "application/atom+xml,application/feed+json,"
                               "application/xml;q=0.9,*/*;q=0.8"},
            timeout=httpx.Timeout(s.timeout),
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=max(s.concurrency, 1)),
        )
        self._gate = _HostGate(s.host_delay)
        self._slots = threading.BoundedSemaphore(max(s.concurrency, 1))
        self._count_lock = threading.Lock()
        #: requests sent (each redirect hop counts)
        self.requests = 0

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one document -----------------------------------------------------------------

    def get(self, url: str, conditional: Conditional | None = None) -> Response:
        """Fetch ``url`` (following up to ``max_redirects`` redirects); FetchError on a
        network failure, an error status, a body over the cap or content that is neither
        HTML nor a feed."""
        check_url(url)
        headers = conditional.headers() if conditional else {}
        current = url
        for hop in range(self.settings.max_redirects + 1):
            response = self._send(url, current, headers, hop)
            if isinstance(response, str):
                current = response
                continue
            return response
        raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})")

    def _send(self, url: str, current: str, headers: dict[str, str], hop: int
              ) -> Response | str:
        """One request: a Response, or the next URL when redirected."""
        with self._gate.turn(host_of(current)), self._slots:
            with self._count_lock:
                self.requests += 1
            try:
                request = self._client.build_request("GET", current, headers=headers)
                reply = self._client.send(request, stream=True)
                try:
                    if reply.status_code in _REDIRECTS:
                        target = reply.headers.get("Location")
                        if not target:
                            raise FetchError(url, f"HTTP {reply.status_code} redirect "
                                                  "without a Location")
                        nxt = str(reply.url.join(target))
                        check_url(nxt, origin=url)
                        return nxt
                    return self._read(url, reply, hop)
                finally:
                    reply.close()
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out ({type(exc).__name__}, limit "
                                      f"{self.settings.timeout:g} s)") from exc
            except httpx.HTTPError as exc:
                raise FetchError(url, f"cannot fetch: {_network_reason(exc)}") from exc
            except (httpx.InvalidURL, ValueError) as exc:  # UnicodeError (IDNA) included
                raise FetchError(url, f"not a valid URL: {current!r} ({exc})") from exc

    def _read(self, url: str, reply: httpx.Response, redirects: int) -> Response:
        status = reply.status_code
        etag = reply.headers.get("ETag")
        modified = reply.headers.get("Last-Modified")
        max_age = parse_max_age(reply.headers.get("Cache-Control"))
        if status == 304:
            return Response(str(reply.url), 304, etag=etag, last_modified=modified,
                            max_age=max_age, redirects=redirects)
        if status >= 400:
            retry = (parse_retry_after(reply.headers.get("Retry-After"))
                     if status in (429, 503) else None)
            reason = f"HTTP {status} {reply.reason_phrase}".rstrip()
            if retry is not None:
                reason += f" (retry after {retry} s)"
            raise FetchError(url, reason, status=status, retry_after=retry)
        if status != 200:
            raise FetchError(url, f"HTTP {status} {reply.reason_phrase}: no document",
                             status=status)
        cap = self.settings.max_bytes
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"response too large: {int(declared):,} bytes "
                                  f"(limit {cap:,})", status=status)
        chunks: list[bytes] = []
        size = 0
        for chunk in reply.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise FetchError(url, f"response too large: over {cap:,} bytes (limit)",
                                 status=status)
            chunks.append(chunk)
        body = b"".join(chunks)
        ctype = reply.headers.get("Content-Type", "")
        kind = classify(ctype, body)
        if kind is None:
            shown = ctype.split(";")[0].strip() or "no content type"
            raise FetchError(url, f"not HTML or a feed ({shown})", status=status)
        return Response(str(reply.url), status, body, kind, ctype, reply.charset_encoding,
                        etag, modified, max_age, redirects)

    # -- many documents ---------------------------------------------------------------

    def map(self, fn: Callable[[T], R], items: Sequence[T], host: Callable[[T], str],
            stop: threading.Event | None = None) -> list[R | None]:
        """``fn`` over ``items`` on a thread pool, in results order; items of one host are
        interleaved with other hosts' so that threads rarely wait on one host's delay.
        Items not started when ``stop`` is set give None."""
        order = interleave_by_host(range(len(items)), lambda i: host(items[i]))
        results: list[R | None] = [None] * len(items)

        def run(i: int) -> None:
            if stop is not None and stop.is_set():
                return
            results[i] = fn(items[i])

        workers = max(self.settings.concurrency * 2, 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(run, i) for i in order]:
                future.result()
        return results


def interleave_by_host(items: Iterable[T], host: Callable[[T], str]) -> list[T]:
    """Round-robin over hosts: the first item of every host, then the second, ..."""
    queues: dict[str, list[T]] = {}
    for item in items:
        queues.setdefault(host(item), []).append(item)
    out: list[T] = []
    depth = max((len(q) for q in queues.values()), default=0)
    for i in range(depth):
        out.extend(q[i] for q in queues.values() if i < len(q))
    return out


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


def is_url(text: str) -> bool:
    return bool(re.match(r"(?i)https?://", text.strip()))


def check_url(url: str, origin: str | None = None) -> None:
    """Only http(s) URLs with a host are fetched (a redirect to ``file:`` is refused)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port out of range
    except ValueError as exc:
        raise FetchError(origin or url, f"not a valid URL: {url!r} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(origin or url, f"not an http(s) URL: {url!r}")


def classify(content_type: str, body: bytes) -> Kind | None:
    """``html``, ``feed`` or None (neither), from the content type, or from the first
    bytes when the type is missing or generic."""
    ctype = content_type.split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _FEED_TYPES or ctype.endswith(("+xml", "+json")):
        return "feed"
    if ctype not in _GENERIC_TYPES:
        return None
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        return "html"
    if head.startswith(b"<?xml") or re.match(rb"<(rss|feed|rdf:rdf)\b", head):
        return "feed"
    if head.startswith(b"{") and b'"items"' in body[:65536]:
        return "feed"
    return None


def parse_max_age(value: str | None) -> int | None:
    """Seconds of ``Cache-Control: max-age`` (``s-maxage`` is for shared caches)."""
    if not value:
        return None
    m = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", value, re.IGNORECASE)
    return int(m.group(1)) if m else None


def parse_retry_after(value: str | None, now: datetime | None = None) -> int | None:
    """Seconds to wait from a ``Retry-After`` header: delay-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - (now or datetime.now(UTC))).total_seconds()))


def _network_reason(exc: httpx.HTTPError) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        if "Name or service not known" in text or "nodename nor servname" in text or (
                "Temporary failure in name resolution" in text):
            return f"DNS lookup failed ({text})"
        return f"cannot connect ({text})"
    return text
