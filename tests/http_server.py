"""A real HTTP server on 127.0.0.1 for the fetch and feed tests (and the feeds benchmark).

:class:`LocalSite` runs ``http.server.ThreadingHTTPServer`` in a thread and serves
:class:`Route` values by path: bodies with a content type, ETag / Last-Modified with 304
answers, error statuses with Retry-After, slow answers, redirects and gzip. Every request
is logged (path, headers, time), so tests check conditional requests and politeness by
what the server saw. Nothing here reaches beyond the loopback address.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Route:
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    gzip: bool = False
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]
    at: float
    status: int


class LocalSite:
    """Serves ``routes`` on 127.0.0.1 (a free port) until :meth:`close`."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in separate writes: without this, Nagle's algorithm
            # and delayed ACKs add ~40 ms to every keep-alive answer
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                site._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # type: ignore[attr-defined]
        self.host = host
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(handler)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        route = self.routes.get(path)
        status = 404 if route is None else route.status
        if route is not None and route.location is None and status == 200 and (
                (route.etag and headers.get("if-none-match") == route.etag) or (
                route.last_modified and headers.get("if-modified-since") == route.last_modified)):
            status = 304
        with self._lock:
            self.log.append(Hit(path, headers, time.monotonic(), status))
        if route is None:
            self._send(handler, 404, b"not here", "text/plain", {})
            return
        if route.delay:
            time.sleep(route.delay)
        extra = dict(route.headers)
        if route.etag:
            extra["ETag"] = route.etag
        if route.last_modified:
            extra["Last-Modified"] = route.last_modified
        if route.location is not None:
            extra["Location"] = route.location
            self._send(handler, route.status if route.status != 200 else 302, b"", None, extra)
            return
        if status == 304:
            self._send(handler, 304, b"", None, extra)
            return
        body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
        if route.gzip and "gzip" in headers.get("accept-encoding", ""):
            body = gzip.compress(body)
            extra["Content-Encoding"] = "gzip"
        self._send(handler, status, body, route.content_type, extra)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes,
              content_type: str | None, headers: dict[str, str]) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        for key, value in headers.items():
            handler.send_header(key, value)
        if status != 304:
            handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if status != 304:
            handler.wfile.write(body)


@pytest.fixture(name="site")
def site_fixture() -> Iterator[LocalSite]:
    """A :class:`LocalSite` for one test (import this into a test module)."""
    s = LocalSite()
    try:
        yield s
    finally:
        s.close()


# --------------------------------------------------------------------------- documents
# Invented outlets and events only.


def rss(title: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed; item keys: title, link, description, content, guid, date."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           f"<channel><title>{title}</title><link>http://example.invalid/</link>"]
    for it in items:
        out.append("<item>")
        for key, tag in (("title", "title"), ("link", "link"), ("guid", "guid"),
                         ("date", "pubDate")):
            if key in it:
                out.append(f"<{tag}>{it[key]}</{tag}>")
        if "description" in it:
            out.append(f"<description><![CDATA[{it['description']}]]></description>")
        if "content" in it:
            out.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out)


def article_page(title: str, paragraphs: list[str], *, site_name: str = "The Harbour Post",
                 page_title: str | None = None, og_title: str | None = None,
                 lang: str = "en", article_markup: bool = True) -> str:
    """An article page with a site header, navigation and footer around the body."""
    og = f'<meta property="og:title" content="{og_title}">' if og_title else ""
    kind = '<meta property="og:type" content="article">' if article_markup else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{page_title or title + ' | ' + site_name}</title>"
            f'<meta property="og:site_name" content="{site_name}">{og}{kind}</head>'
            f"<body><header><a href='/'>{site_name}</a><nav><a href='/news'>News</a> "
            f"<a href='/sport'>Sport</a></nav></header>"
            f"<main><article><h1>{title}</h1>{body}</article></main>"
            f"<footer>Copyright {site_name}</footer></body></html>")


def story_paragraphs(place: str, n: int = 4) -> list[str]:
    """Invented news prose about a flood in ``place`` (about 230 characters a paragraph)."""
    base = [
        f"Floodwater rose through the lower streets of {place} on Tuesday after three days "
        "of heavy rain, and the river authority said the levee near the old mill had "
        "been breached in two places.",
        f"Emergency crews moved more than 400 residents of {place} to the sports hall, "
        "where volunteers handed out blankets and hot meals through the night, the "
        "council said in a statement.",
        "The regional weather office warned that another band of rain would arrive on "
        "Thursday, and it asked drivers to stay off the valley road until the water had "
        "gone down.",
        f"Engineers said the repairs to the levee at {place} would take at least two "
        "weeks, and that the pumping station downstream had been shut as a precaution "
        "while it was inspected.",
        "Shop owners along the high street said they had lost stock worth thousands, and "
        "several asked why the flood barriers promised after the last flood had never "
        "been installed.",
    ]
    return [base[i % len(base)] for i in range(n)]
