"""The web app in a real browser: uvicorn serves a real store on 127.0.0.1 and headless
Chromium (the system's, through Playwright's ``executable_path``) walks a reader's path:
list, search, open a story, click a citation, land on the article with the span
highlighted; j/k and / on the keyboard; hostile article text stays inert.

Skips without Chromium, except under ``make test`` (CORROBORATOR_REQUIRE_BROWSER), which
fails instead.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from corroborator.web import create_app
from tests.render.test_browser import chromium  # noqa: F401  (fixture: the binary or skip/fail)
from tests.webstore import HOSTILE_ID, WebStore, web_store  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
#: The highlight of the targeted citation (brief.css ``--target``).
TARGET_RGB = "rgb(255, 179, 71)"
#: Milliseconds a page may take to load (cold pages compute nothing: the cache is warm).
TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(web_store: WebStore) -> Iterator[str]:  # noqa: F811
    import uvicorn

    port = _free_port()
    app = create_app(web_store.db, cache_path=web_store.cache)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[object]:  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context()
    p = context.new_page()
    p.set_default_timeout(TIMEOUT_MS)
    yield p
    context.close()


def test_reader_path_from_search_to_the_cited_span(page: object, server: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(server + "/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search"
    page.keyboard.type("Tamsin dam")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=Tamsin" in page.url
    stories = page.locator("li.story-item a.title")
    assert stories.count() == 1
    with page.expect_navigation():
        stories.first.click()
    assert re.search(r"/stories/[^/]+$", page.url)
    cite = page.locator("table.claims a.cite").first
    href = cite.get_attribute("href")
    assert href and re.fullmatch(r"/articles/[^#]+#c-\d+", href)
    with page.expect_navigation():
        cite.click()
    assert page.url.endswith(href)
    anchor = href.split("#")[1]
    target = page.evaluate("document.querySelector(':target') && "
                           "document.querySelector(':target').id")
    assert target == anchor
    mark = page.locator(f"mark#{anchor}")
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == TARGET_RGB
    assert mark.inner_text().strip()
    box = mark.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert -box["height"] < box["y"] < viewport["height"]  # scrolled to the span


def test_keyboard_navigation(page: object, server: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    page.goto(server + "/")
    items = page.locator("li.story-item")
    assert items.count() >= 2
    current = "Array.from(document.querySelectorAll('li.story-item'))" \
              ".findIndex(e => e.classList.contains('nav-current'))"
    page.keyboard.press("j")
    assert page.evaluate(current) == 0
    page.keyboard.press("j")
    assert page.evaluate(current) == 1
    page.keyboard.press("k")
    assert page.evaluate(current) == 0
    first = items.first.locator("a.title").get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert first and page.url.endswith(first)
    # on a story page j moves through its sections and claims
    page.keyboard.press("j")
    assert page.evaluate("document.querySelectorAll('.nav-current').length") == 1
    # typing in the search box is not navigation
    page.keyboard.press("/")
    page.keyboard.type("jk")
    assert page.input_value("#search") == "jk"


def test_hostile_text_stays_inert(page: object, server: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    story = page.request.get(f"{server}/api/articles/{HOSTILE_ID}").json()["story"]
    for path in (f"/articles/{HOSTILE_ID}", f"/stories/{story}", "/?q=Quillon",
                 f"/stories/{story}?since=2000-01-01"):
        page.goto(server + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.getAttribute('data-pwned')") is None
        assert page.locator("img").count() == 0
    assert dialogs == []
    page.goto(server + f"/articles/{HOSTILE_ID}", wait_until="networkidle")
    assert "<script>" in page.locator("div.text").inner_text()
