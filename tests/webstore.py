"""A real store for the web app's tests: the invented demo corpus plus an invented
article full of markup, ingested once per session with the real pipeline (spaCy), and
every story's brief computed into a cache file.

The hostile article carries script and event-handler markup in its text, title, outlet
and URL; the web pages must show it as text.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from corroborator.app.ingest import ingest
from corroborator.store.database import Store
from corroborator.web.app import DEFAULT_PAGE, render_default_page
from corroborator.web.briefs import warm

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo-corpus"

PWN_SCRIPT = "<script>document.documentElement.setAttribute('data-pwned','script')</script>"
PWN_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">"
PWN_SVG = "<svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">"
HOSTILE_ID = "hostile-1"
HOSTILE_TITLE = f"Ferry strike at Quillon {PWN_SCRIPT}"
HOSTILE_TEXT = (
    f"Ferry crews at the port of Quillon walked out on Monday {PWN_SCRIPT} after talks "
    f"with the Quillon Ferry Company broke down. The union leader Maren Toth {PWN_IMG} said "
    f"420 crew members joined the strike.\n\nThe company said 300 crew members stayed "
    f"away {PWN_SVG} and that sailings would resume on Friday.\n"
)
HOSTILE = {
    "id": HOSTILE_ID, "title": HOSTILE_TITLE, "text": HOSTILE_TEXT,
    "source": f"Quillon Post {PWN_IMG}", "published": "2026-04-06",
    "url": "javascript:document.documentElement.setAttribute('data-pwned','url')",
}
HOSTILE_2 = {
    "id": "hostile-2", "title": "Quillon ferry crews strike over pay",
    "text": ("Ferry crews in Quillon went on strike on Monday. Maren Toth, who leads the "
             "union, said 420 crew members stopped work. The Quillon Ferry Company said "
             "only 300 crew members joined and that sailings would resume on Friday.\n"),
    "source": "Harbour Courier", "published": "2026-04-06",
}


@dataclass(frozen=True)
class WebStore:
    db: Path
    cache: Path


def build(tmp: Path) -> WebStore:
    db = tmp / "store.db"
    data = tmp / "inputs"
    shutil.copytree(DEMO, data)
    (data / "quillon.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in (HOSTILE, HOSTILE_2)), encoding="utf-8")
    with Store(db) as store:
        report = ingest(store, [data])
    assert report.placed, report.lines()
    cache = tmp / "briefs.sqlite"
    warm(db, cache, niceness=0, page=(DEFAULT_PAGE, render_default_page))
    return WebStore(db, cache)


@pytest.fixture(scope="session")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebStore]:
    yield build(tmp_path_factory.mktemp("web"))


def copy_of(store: WebStore, tmp: Path) -> WebStore:
    """A private copy (for tests that write)."""
    db, cache = tmp / "store.db", tmp / "briefs.sqlite"
    with Store(store.db, readonly=True) as src:
        src.conn.execute("VACUUM INTO ?", (str(db),))
    shutil.copy(store.cache, cache)
    return WebStore(db, cache)
