"""The web app through Starlette's test client, over a real store (real spaCy pipeline):
routes, search and filters, citations, security (CSP, 404s, traversal, escaping,
read-only, CSRF, size limits) and the JSON API against ``brief.schema.json``."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from starlette.testclient import TestClient

from corroborator.app.feeds import add_feeds
from corroborator.inputs import fetch as fetch_mod
from corroborator.inputs.fetch import FetchSettings
from corroborator.store.database import Store
from corroborator.web import create_app
from corroborator.web.app import CSP, MAX_QUERY_STRING, MAX_UPLOAD_BYTES
from corroborator.web.queries import MAX_QUERY_CHARS
from tests.conftest import shared_path
from tests.http_server import (
    LocalSite,
    Route,
    article_page,
    site_fixture,  # noqa: F401  (the "site" fixture)
    story_paragraphs,
)
from tests.webstore import (
    HOSTILE_ID,
    PWN_IMG,
    PWN_SCRIPT,
    PWN_SVG,
    WebStore,
    copy_of,
    web_store,  # noqa: F401  (fixture)
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(web_store: WebStore) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(web_store.db, cache_path=web_store.cache),
                    base_url="http://127.0.0.1:8765") as c:
        yield c


def story_ids(html: str) -> list[str]:
    return re.findall(r'href="/stories/([^"?#]+)"', html)


def dam_story(client: TestClient) -> str:
    page = client.get("/", params={"q": "Tamsin dam"})
    ids = story_ids(page.text)
    assert len(ids) == 1, page.text
    return ids[0]


def scripts_of(html: str) -> list[lxml.html.HtmlElement]:
    return lxml.html.fromstring(html).xpath("//script")


# --------------------------------------------------------------------------- pages


def test_list_shows_stories_newest_first_with_counts(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.text)
    items = doc.xpath("//li[contains(@class, 'story-item')]")
    assert len(items) == 3  # the dam, the port strike, the ferry strike
    data = client.get("/api/stories").json()
    assert [s["id"] for s in data["stories"]] == story_ids(page.text)[: len(items)]
    updated = [s["updated_at"] for s in data["stories"]]
    assert updated == sorted(updated, reverse=True)
    dam = next(s for s in data["stories"] if "Tamsin" in s["title"])
    assert dam["articles"] == 6 and dam["sources"] == 6 and dam["analyzed"]
    assert dam["disputed"] >= 1
    text = items[story_ids(page.text).index(dam["id"])].text_content()
    assert "6 articles" in text and "6 sources" in text and f"{dam['disputed']} disputed" in text


def test_search_covers_titles_names_and_full_text(client: TestClient) -> None:
    assert len(story_ids(client.get("/", params={"q": "Tamsin"}).text)) == 1
    # a name that only appears in the text, never in a title
    by_name = client.get("/", params={"q": "Maren Toth"})
    assert len(set(story_ids(by_name.text))) == 1
    # words of the body only
    assert len(set(story_ids(client.get("/", params={"q": "sailings resume"}).text))) == 1
    nothing = client.get("/", params={"q": "zyxwvut"})
    assert nothing.status_code == 200 and not story_ids(nothing.text)
    # FTS5 syntax in the search box is plain text, not an error
    odd = client.get("/", params={"q": 'NEAR("dam" OR) * "'})
    assert odd.status_code == 200


def test_filters_outlet_entity_dates_disputes(client: TestClient) -> None:
    def ids(**params: str) -> set[str]:
        return {s["id"] for s in client.get("/api/stories", params=params).json()["stories"]}

    everything = ids()
    dam = dam_story(client)
    assert ids(outlet="Harbour Courier") == ids(q="Quillon") and dam not in ids(
        outlet="Harbour Courier")
    assert ids(entity="Maren Toth") == ids(q="Quillon")
    assert ids(entity="Tamsin Dam") == {dam}
    assert ids(**{"from": "2026-04-01"}) == ids(q="Quillon")
    assert ids(**{"to": "2026-03-31"}) == everything - ids(q="Quillon")
    disputed = ids(disputed="1")
    assert dam in disputed and disputed <= everything
    assert client.get("/", params={"from": "2026-13-01"}).status_code == 400


def test_paging(web_store: WebStore) -> None:  # noqa: F811
    from corroborator.web import queries

    with Store(web_store.db, readonly=True) as store:
        first = queries.list_stories(store, queries.ListFilters(), page_size=2)
        second = queries.list_stories(store, queries.ListFilters(page=2), page_size=2)
        past = queries.list_stories(store, queries.ListFilters(page=99), page_size=2)
    assert (first.total, first.pages, len(first.items), len(second.items)) == (3, 2, 2, 1)
    assert {i.id for i in first.items}.isdisjoint(i.id for i in second.items)
    assert past.page == 2 and past.items == second.items


def test_story_page_citations_link_to_highlighted_spans(client: TestClient) -> None:
    sid = dam_story(client)
    page = client.get(f"/stories/{sid}")
    assert page.status_code == 200
    doc = lxml.html.fromstring(page.text)
    for section in ("Summary", "Claims", "Conflicts", "Coverage", "Quotes", "Entities",
                    "Timeline"):
        assert doc.xpath(f"//h3[text()='{section}']"), section
    assert doc.xpath("//svg[contains(@class, 'timeline-svg')]")
    links = doc.xpath("//a[@class='cite']/@href")
    assert links and all(re.fullmatch(r"/articles/[^#]+#c-\d+", h) for h in links)
    for href in sorted(set(links))[:8]:
        path, anchor = href.split("#")
        article = lxml.html.fromstring(client.get(path).text)
        marks = article.xpath(f"//mark[@id='{anchor}']")
        assert len(marks) == 1 and marks[0].text_content().strip(), href
    # the citations list carries the number targets the timeline drawing links to
    targets = {h[1:] for h in doc.xpath("//svg//g[contains(@class, 'tl-marker')]//a/@href")}
    assert targets <= set(doc.xpath("//section[@id='citations']//li/@id"))
    # and its event bands link to the events section of the page
    for href in doc.xpath("//svg//g[contains(@class, 'tl-event')]//a/@href"):
        assert doc.get_element_by_id(href[1:]) is not None


def test_story_pages_rendered_ahead_match_fresh_ones(web_store: WebStore,  # noqa: F811
                                                   client: TestClient) -> None:
    import sqlite3

    from corroborator.web.app import environment, story_page

    with sqlite3.connect(web_store.cache) as side:
        kept = {r[0] for r in side.execute("SELECT story_id FROM pages")}
    ids = {s["id"] for s in client.get("/api/stories").json()["stories"]}
    assert kept == ids  # the warmer rendered every story's page
    web = client.app.state.web  # type: ignore[attr-defined]
    sid = dam_story(client)
    entry = web.cache.get(web.store(), sid)
    assert client.get(f"/stories/{sid}").text == story_page(environment(False), entry)


def test_claims_filter_by_status(client: TestClient) -> None:
    sid = dam_story(client)
    rows = lxml.html.fromstring(client.get(f"/stories/{sid}").text).xpath(
        "//table[@class='claims']/tbody/tr")
    disputed = lxml.html.fromstring(client.get(f"/stories/{sid}?status=disputed").text).xpath(
        "//table[@class='claims']/tbody/tr")
    assert disputed and len(disputed) < len(rows)
    assert all(r.get("class") == "status-disputed" for r in disputed)
    assert client.get(f"/stories/{sid}?status=bogus").status_code == 400


def test_article_page_zones_claims_and_story(client: TestClient) -> None:
    sid = dam_story(client)
    api = client.get(f"/api/stories/{sid}").json()
    with_zone = {z["article"] for z in api["zones"]}
    aid = sorted(with_zone)[0]
    doc = lxml.html.fromstring(client.get(f"/articles/{aid}").text)
    assert doc.xpath("//div[@class='text']//span[contains(@class, 'zone')]")
    assert doc.xpath(f"//a[@href='/stories/{sid}']")
    assert doc.xpath("//section[@class='cited-by']//li")


def test_entity_page_lists_its_stories(client: TestClient) -> None:
    sid = dam_story(client)
    doc = lxml.html.fromstring(client.get(f"/stories/{sid}").text)
    hrefs = doc.xpath("//table[@class='entities']//a[@class='entity']/@href")
    assert hrefs
    page = client.get(hrefs[0])
    assert page.status_code == 200 and sid in story_ids(page.text)


def test_new_since_last_visit(client: TestClient) -> None:
    client.cookies.clear()
    first = client.get("/")
    assert "badge-new" not in first.text  # a first visit has nothing to compare with
    client.cookies.set("corroborator_visit", "2000-01-01T00:00:00.000000+00:00|"
                       "2000-01-01T00:00:00.000000+00:00")
    again = client.get("/")
    assert again.text.count('class="badge badge-new"') == 3
    badge = lxml.html.fromstring(again.text).xpath("//a[contains(@class, 'badge-new')]/@href")[0]
    assert "What is new since 2000-01-01" in client.get(badge).text
    sid = dam_story(client)
    story = client.get(f"/stories/{sid}", params={"since": "2000-01-01"})
    assert "What is new since 2000-01-01" in story.text
    assert "New articles (6)" in story.text
    now = client.get(f"/stories/{sid}", params={"since": "2999-01-01"})
    assert "New articles (0)" in now.text
    assert client.get(f"/stories/{sid}", params={"since": "yesterday"}).status_code == 400
    client.cookies.clear()


def test_merged_story_id_redirects(web_store: WebStore, client: TestClient) -> None:  # noqa: F811
    with Store(web_store.db, readonly=True) as store:
        aliases = store.select("SELECT old_id, new_id FROM story_aliases")
    assert aliases
    old, new = aliases[0]
    page = client.get(f"/stories/{old}", follow_redirects=False)
    assert page.status_code == 301 and page.headers["location"].startswith(f"/stories/{new}")


# --------------------------------------------------------------------------- security


def test_csp_and_security_headers_on_every_response(client: TestClient) -> None:
    sid = dam_story(client)
    for path in ("/", f"/stories/{sid}", f"/articles/{HOSTILE_ID}", "/static/web.js",
                 "/api/stories", "/stories/none-such", "/static/none"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in CSP and "script-src 'self'" in CSP
    for path in ("/", f"/stories/{sid}", f"/articles/{HOSTILE_ID}"):
        html = client.get(path).text
        scripts = scripts_of(html)
        assert scripts and all(s.get("src") == "/static/web.js" and not (s.text or "").strip()
                               for s in scripts)
        assert "<style" not in html and " style=" not in html


def test_other_host_names_are_refused(client: TestClient) -> None:
    assert client.get("/", headers={"host": "rebound.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_unknown_ids_give_404_pages(client: TestClient) -> None:
    for path in ("/stories/s-000000000000", "/articles/none", "/entities/nobody-at-all",
                 "/stories/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/no/such/page"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert r.headers["content-type"].startswith("text/html")
        assert "<script>alert" not in r.text
    api = client.get("/api/stories/none")
    assert api.status_code == 404 and api.json()["status"] == 404
    assert client.get("/api/articles/none").status_code == 404


def test_static_files_refuse_traversal(client: TestClient) -> None:
    assert client.get("/static/brief.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/web.js").headers["content-type"].startswith("text/javascript")
    for path in ("/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e%2fapp.py",
                 "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/static/brief.html.j2",
                 "/static/%2Fetc%2Fpasswd", "/static/web.js%00.css", "/static/"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "import" not in r.text and "root:" not in r.text


def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    pages = [client.get(f"/articles/{HOSTILE_ID}").text,
             client.get("/", params={"q": "Quillon"}).text]
    sid = client.get(f"/api/articles/{HOSTILE_ID}").json()["story"]
    pages.append(client.get(f"/stories/{sid}").text)
    pages.append(client.get("/", params={"q": PWN_SCRIPT, "outlet": PWN_IMG}).text)
    for html in pages:
        for raw in (PWN_SCRIPT, PWN_IMG, PWN_SVG, "<script>document", "onerror=\"doc"):
            assert raw not in html
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//img|//*[@onerror]|//*[@onload]|//svg[@onload]")
        assert not [h for h in doc.xpath("//@href") if h.lower().startswith("javascript")]
    article = lxml.html.fromstring(pages[0])
    assert PWN_SCRIPT in article.xpath("string(//div[@class='text'])")


def test_read_only_without_ingest(web_store: WebStore, client: TestClient) -> None:  # noqa: F811
    digest = hashlib.sha256(web_store.db.read_bytes()).hexdigest()
    sid = dam_story(client)
    for path in ("/", f"/stories/{sid}", f"/stories/{sid}?since=2000-01-01",
                 f"/articles/{HOSTILE_ID}", "/api/stories", f"/api/stories/{sid}"):
        assert client.get(path).status_code == 200
    assert client.get("/ingest").status_code == 404
    assert client.post("/ingest", data={"text": "x"}).status_code in (404, 405)
    assert hashlib.sha256(web_store.db.read_bytes()).hexdigest() == digest
    wal = web_store.db.with_name(web_store.db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    store = client.app.state.web.store()  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="readonly"):
        store.conn.execute("DELETE FROM views")


def test_size_limits(client: TestClient) -> None:
    assert client.get("/", params={"q": "x" * (MAX_QUERY_CHARS + 1)}).status_code == 400
    assert client.get("/", params={"entity": "x" * (MAX_QUERY_CHARS + 1)}).status_code == 400
    assert client.get("/?" + "a=1&" * (MAX_QUERY_STRING // 4 + 1)).status_code == 414
    assert client.get("/", params={"page": "9" * 20}).status_code == 400


@pytest.fixture()
def ingest_client(web_store: WebStore, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:  # noqa: F811
    own = copy_of(web_store, tmp_path)
    app = create_app(own.db, allow_ingest=True, cache_path=own.cache)
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        yield c, own.db


def _token(client: TestClient) -> str:
    form = lxml.html.fromstring(client.get("/ingest").text)
    return str(form.xpath("//input[@name='csrf']/@value")[0])


PASTED = ("Lighthouse keepers on Orrin Island said on Tuesday that the Orrin Light would stay "
          "dark until a new lens arrives from Pellmark in May.")


def test_ingest_form_checks_csrf(ingest_client: tuple[TestClient, Path]) -> None:
    client, db = ingest_client
    before = Store(db, readonly=True).count_articles()
    token = _token(client)
    assert client.post("/ingest", data={"text": PASTED}).status_code == 403
    assert client.post("/ingest", data={"text": PASTED, "csrf": "x" * 43}).status_code == 403
    cross = client.post("/ingest", data={"text": PASTED, "csrf": token},
                        headers={"origin": "http://evil.example"})
    assert cross.status_code == 403
    client.cookies.clear()  # token without its cookie
    assert client.post("/ingest", data={"text": PASTED, "csrf": token}).status_code == 403
    assert Store(db, readonly=True).count_articles() == before


def test_ingest_paste_and_upload(ingest_client: tuple[TestClient, Path]) -> None:
    client, db = ingest_client
    before = Store(db, readonly=True).count_articles()
    token = _token(client)
    upload = ("orrin.jsonl", json.dumps({
        "id": "orrin-2", "source": "Island Gazette", "published": "2026-05-02",
        "title": "Orrin Light stays dark", "text": PASTED.replace("Tuesday", "Monday")}) + "\n")
    r = client.post("/ingest", data={"text": PASTED, "csrf": token, "title": "Orrin Light",
                                     "source": "Pellmark Daily", "published": "2026-05-01"},
                    files={"files": upload})
    assert r.status_code == 200, r.text
    assert "2 new articles" in r.text
    assert Store(db, readonly=True).count_articles() == before + 2
    found = client.get("/api/stories", params={"q": "Orrin lighthouse"}).json()
    assert found["total"] == 1 and found["stories"][0]["articles"] == 2
    too_big = client.post("/ingest", data={"csrf": _token(client)},
                          files={"files": ("big.txt", "x" * (MAX_UPLOAD_BYTES + 10))})
    assert too_big.status_code == 413


def test_ingest_takes_a_page_url(ingest_client: tuple[TestClient, Path],
                                 site: LocalSite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_mod, "DEFAULT_SETTINGS",
                        FetchSettings(timeout=2.0, host_delay=0.0, concurrency=2))
    client, db = ingest_client
    before = Store(db, readonly=True).count_articles()
    site.routes["/flood"] = Route(article_page("Flood in Marrow", story_paragraphs("Marrow")))
    r = client.post("/ingest", data={"csrf": _token(client), "url": site.url("/flood")})
    assert r.status_code == 200, r.text
    assert "1 new article" in r.text
    assert len(site.hits("/flood")) == 1
    assert Store(db, readonly=True).count_articles() == before + 1
    bad = client.post("/ingest", data={"csrf": _token(client), "url": "file:///etc/passwd"})
    assert bad.status_code == 400
    assert Store(db, readonly=True).count_articles() == before + 1


def test_feeds_page_lists_feeds_and_subscribes_only_with_ingest(
        web_store: WebStore, tmp_path: Path, client: TestClient) -> None:  # noqa: F811
    own = copy_of(web_store, tmp_path)
    with Store(own.db) as store:
        add_feeds(store, ["https://news.example/feed.xml"])
    read_only = create_app(own.db, cache_path=own.cache)
    with TestClient(read_only, base_url="http://127.0.0.1:8765") as c:
        page = lxml.html.fromstring(c.get("/feeds").text)
        assert [u.text_content() for u in page.xpath("//table[@class='feeds']//code")] == [
            "https://news.example/feed.xml"]
        assert not page.xpath("//form[@action='/feeds']")
        assert c.post("/feeds", data={"url": "https://x.example/rss"}).status_code == 405
    app = create_app(own.db, allow_ingest=True, cache_path=own.cache)
    with TestClient(app, base_url="http://127.0.0.1:8765") as c:
        token = str(lxml.html.fromstring(c.get("/feeds").text).xpath(
            "//form[@action='/feeds']//input[@name='csrf']/@value")[0])
        assert c.post("/feeds", data={"url": "https://x.example/rss"}).status_code == 403
        assert c.post("/feeds", data={"url": "ftp://x.example/", "csrf": token}).status_code == 400
        added = c.post("/feeds", data={"url": "https://x.example/rss", "csrf": token})
        assert added.status_code == 200 and "subscribed: https://x.example/rss" in added.text
    with Store(own.db) as store:
        assert sorted(f.url for f in fetch_feeds(store)) == [
            "https://news.example/feed.xml", "https://x.example/rss"]


def fetch_feeds(store: Store) -> list[object]:
    from corroborator.app.feeds import list_feeds

    return list(list_feeds(store))


# --------------------------------------------------------------------------- API


def test_api_story_is_valid_against_the_brief_schema(client: TestClient) -> None:
    import jsonschema

    schema = json.loads(shared_path("schema", "brief.schema.json").read_text("utf-8"))
    for story in client.get("/api/stories").json()["stories"]:
        data = client.get(f"/api/stories/{story['id']}").json()
        jsonschema.validate(data, schema)
        assert data["stories"][0]["id"] == story["id"]


def test_api_article(client: TestClient) -> None:
    sid = dam_story(client)
    brief = client.get(f"/api/stories/{sid}").json()
    aid = brief["articles"][0]["id"]
    data = client.get(f"/api/articles/{aid}").json()
    assert data["story"] == sid and data["article"]["id"] == aid
    text = data["article"]["text"]
    assert data["citations"] and all(0 <= c["start"] <= c["end"] <= len(text)
                                     for c in data["citations"])
