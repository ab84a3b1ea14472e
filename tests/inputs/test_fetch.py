"""The polite HTTP fetcher against a real server on 127.0.0.1."""

from __future__ import annotations

import gzip
import itertools
import threading
from datetime import UTC, datetime

import pytest

from corroborator import __version__
from corroborator.errors import FetchError
from corroborator.inputs.fetch import (
    Conditional,
    Fetcher,
    FetchSettings,
    classify,
    host_of,
    interleave_by_host,
    parse_max_age,
    parse_retry_after,
)
from tests.http_server import LocalSite, Route, site_fixture  # noqa: F401  (`site`)

FAST = FetchSettings(timeout=2.0, host_delay=0.0, concurrency=4)
PAGE = "<!DOCTYPE html><html><body><p>Ferry services resumed.</p></body></html>"


def test_user_agent_and_compressed_answers(site: LocalSite) -> None:
    site.routes["/a"] = Route(PAGE * 50, gzip=True)
    with Fetcher(FAST) as f:
        r = f.get(site.url("/a"))
    assert r.kind == "html" and r.text() == PAGE * 50
    hit = site.hits("/a")[0]
    assert hit.headers["user-agent"] == f"corroborator/{__version__} (news analysis)"
    assert "gzip" in hit.headers["accept-encoding"]
    assert len(gzip.compress((PAGE * 50).encode())) < len(PAGE * 50)  # sent compressed


def test_page_text_follows_the_declared_charset(site: LocalSite) -> None:
    body = "<html><head><meta charset='windows-1252'></head><body>Caf\u00e9 \u2013 ok</body></html>"
    site.routes["/meta"] = Route(body.encode("cp1252"), "text/html")
    site.routes["/header"] = Route(body.encode("cp1252"), "text/html; charset=windows-1252")
    with Fetcher(FAST) as f:
        assert "Café – ok" in f.get(site.url("/meta")).text()
        assert "Café – ok" in f.get(site.url("/header")).text()


def test_conditional_requests_get_304_by_etag_and_by_date(site: LocalSite) -> None:
    stamp = "Tue, 03 Mar 2026 08:00:00 GMT"
    site.routes["/e"] = Route("<rss></rss>", "application/rss+xml", etag='"v1"')
    site.routes["/m"] = Route("<rss></rss>", "application/rss+xml", last_modified=stamp)
    with Fetcher(FAST) as f:
        first = f.get(site.url("/e"))
        again = f.get(site.url("/e"), Conditional(first.etag, first.last_modified))
        dated = f.get(site.url("/m"))
        dated_again = f.get(site.url("/m"), Conditional(dated.etag, dated.last_modified))
    assert first.status == 200 and first.etag == '"v1"' and first.kind == "feed"
    assert again.not_modified and again.content == b""
    assert dated.last_modified == stamp and dated_again.status == 304
    # the server saw the validators
    assert site.hits("/e")[1].headers["if-none-match"] == '"v1"'
    assert site.hits("/m")[1].headers["if-modified-since"] == stamp
    assert "if-none-match" not in site.hits("/e")[0].headers


@pytest.mark.parametrize(("status", "header", "retry"), [
    (429, "120", 120),
    (503, "Fri, 31 Dec 2100 23:59:59 GMT", None),  # a date: seconds from now
    (500, "30", None),  # Retry-After only counts on 429/503
])
def test_error_statuses_carry_retry_after(site: LocalSite, status: int, header: str,
                                          retry: int | None) -> None:
    site.routes["/x"] = Route("busy", "text/plain", status=status,
                              headers={"Retry-After": header})
    with Fetcher(FAST) as f, pytest.raises(FetchError) as err:
        f.get(site.url("/x"))
    assert err.value.status == status and f"HTTP {status}" in err.value.reason
    if status == 503:
        assert err.value.retry_after is not None and err.value.retry_after > 10 ** 9
    else:
        assert err.value.retry_after == retry


def test_slow_answers_time_out(site: LocalSite) -> None:
    site.routes["/slow"] = Route(PAGE, delay=1.0)
    with Fetcher(FetchSettings(timeout=0.2, host_delay=0.0)) as f, \
            pytest.raises(FetchError, match="timed out"):
        f.get(site.url("/slow"))


def test_at_most_five_redirects(site: LocalSite) -> None:
    for i in range(7):
        site.routes[f"/r{i}"] = Route(location=f"/r{i + 1}", status=301)
    site.routes["/r7"] = Route(PAGE)
    with Fetcher(FAST) as f:
        ok = f.get(site.url("/r2"))  # five hops: r2 -> r7
        assert ok.url == site.url("/r7") and ok.redirects == 5 and ok.kind == "html"
        with pytest.raises(FetchError, match=r"too many redirects \(more than 5\)"):
            f.get(site.url("/r1"))  # six hops
    assert len(site.hits("/r1")) == 1 and len(site.hits("/r7")) == 1


def test_content_that_is_neither_html_nor_a_feed_is_refused(site: LocalSite) -> None:
    site.routes["/img"] = Route(b"\x89PNG\r\n\x1a\n....", "image/png")
    site.routes["/bin"] = Route(b"\x00\x01\x02", "application/octet-stream")
    site.routes["/feed"] = Route(b'<?xml version="1.0"?><rss/>', "application/octet-stream")
    with Fetcher(FAST) as f:
        with pytest.raises(FetchError, match=r"not HTML or a feed \(image/png\)"):
            f.get(site.url("/img"))
        with pytest.raises(FetchError, match="not HTML or a feed"):
            f.get(site.url("/bin"))
        assert f.get(site.url("/feed")).kind == "feed"  # sniffed


def test_bodies_over_the_cap_are_refused(site: LocalSite) -> None:
    site.routes["/big"] = Route(b"<html>" + b"x" * 5000, "text/html")
    site.routes["/bomb"] = Route(b"<html>" + b"x" * 5000, "text/html", gzip=True)
    with Fetcher(FetchSettings(max_bytes=1000, host_delay=0.0)) as f:
        with pytest.raises(FetchError, match="too large: 5,006 bytes"):
            f.get(site.url("/big"))
        # compressed it is small; decoded it passes the cap
        with pytest.raises(FetchError, match="too large: over 1,000 bytes"):
            f.get(site.url("/bomb"))


def test_unreachable_host_and_bad_urls(site: LocalSite) -> None:
    closed = LocalSite()
    url = closed.url("/gone")
    closed.close()
    with Fetcher(FAST) as f:
        with pytest.raises(FetchError, match="cannot connect"):
            f.get(url)
        with pytest.raises(FetchError, match="not an http"):
            f.get("file:///etc/passwd")
        for bad in ("http://[::1/", "http://127.0.0.1:99999/", "http://a..b/"):
            with pytest.raises(FetchError, match="not a valid URL"):
                f.get(bad)  # refused before any lookup
        site.routes["/to-file"] = Route(location="file:///etc/passwd", status=302)
        with pytest.raises(FetchError, match="not an http"):
            f.get(site.url("/to-file"))


def test_one_host_is_asked_politely_and_concurrency_is_limited() -> None:
    sites = [LocalSite() for _ in range(4)]
    try:
        for s in sites:
            for i in range(3):
                s.routes[f"/p{i}"] = Route(PAGE, delay=0.1)
        urls = [s.url(f"/p{i}") for s in sites for i in range(3)]
        settings = FetchSettings(timeout=2.0, host_delay=0.25, concurrency=2)
        with Fetcher(settings) as f:
            results = f.map(f.get, urls, host=host_of)
            assert f.requests == 12
        assert all(r is not None and r.kind == "html" for r in results)
        for s in sites:
            times = sorted(h.at for h in s.log)
            # one request at a time per host, >= delay after the previous one ended
            gaps = [b - a for a, b in itertools.pairwise(times)]
            assert min(gaps) >= 0.25 + 0.1 - 0.02, gaps
        assert max(s.max_in_flight for s in sites) == 1
        # never more than two in flight over all hosts
        events = sorted([(h.at, 1) for s in sites for h in s.log]
                        + [(h.at + 0.1, -1) for s in sites for h in s.log])
        level = peak = 0
        for _, step in events:
            level += step
            peak = max(peak, level)
        assert peak <= 2
    finally:
        for s in sites:
            s.close()


def test_map_stops_before_items_not_started(site: LocalSite) -> None:
    site.routes["/p"] = Route(PAGE)
    stop = threading.Event()
    stop.set()
    with Fetcher(FAST) as f:
        assert f.map(f.get, [site.url("/p")] * 3, host=host_of, stop=stop) == [None] * 3
    assert site.log == []


def test_header_parsing_and_classification() -> None:
    assert parse_max_age("public, max-age=600") == 600
    assert parse_max_age("s-maxage=60") is None and parse_max_age(None) is None
    now = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 03 Mar 2026 08:02:00 GMT", now) == 120
    assert parse_retry_after("soon") is None
    assert classify("application/atom+xml; charset=utf-8", b"") == "feed"
    assert classify("application/feed+json", b"{}") == "feed"
    assert classify("text/plain", b'{"version": "x", "items": []}') == "feed"
    assert classify("", b"<!doctype html><html>") == "html"
    assert classify("application/pdf", b"%PDF") is None
    assert interleave_by_host(["a1", "a2", "b1", "a3", "c1"], lambda s: s[0]) == [
        "a1", "b1", "c1", "a2", "a3"]
