"""Reading one web page: title fallbacks, short text, language, not-an-article.

Pages are invented (outlets, places and events); the survey over real saved pages is
``benchmarks/page_checks.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.errors import InputReadError
from corroborator.inputs.pages import (
    bad_title,
    choose_title,
    english_share,
    is_english,
    read_page,
    strip_site_name,
)
from corroborator.inputs.readers import read_inputs
from tests.conftest import shared_path
from tests.http_server import article_page, story_paragraphs

GERMAN = ("Das Hochwasser stieg am Dienstag in den unteren Straßen von Kestrel, nachdem es "
          "drei Tage lang stark geregnet hatte. Die Behörde sagte, dass der Deich an der "
          "alten Mühle an zwei Stellen gebrochen sei und die Feuerwehr mit den Bewohnern "
          "in die Sporthalle gezogen ist, wo es Decken und warmes Essen für alle gab. "
          "Der Wetterdienst warnte vor neuem Regen am Donnerstag und bat die Fahrer, die "
          "Straße im Tal nicht zu benutzen, bis das Wasser gesunken ist.")


def test_a_cms_name_as_title_falls_back_to_og_title() -> None:
    head = {"og:title": "Flood closes Kestrel high street", "title": "escenic",
            "h1": "Kestrel"}
    assert choose_title("escenic", head, {"harbourpost"}) == (
        "Flood closes Kestrel high street", "og:title", "CMS name")
    # with nothing better on the page, no title rather than the CMS name
    html = article_page("Flood in Kestrel", story_paragraphs("Kestrel"), page_title="Escenic")
    page = read_page(html.replace("<h1>Flood in Kestrel</h1>", ""), "p.html")
    assert page.article.title is None and page.checks.title_reason == "CMS name"


def test_a_site_name_as_title_falls_back_to_the_title_element_without_the_site() -> None:
    html = article_page("Flood in Marrow", story_paragraphs("Marrow"),
                        page_title="Levee breached in Marrow | The Harbour Post",
                        og_title="The Harbour Post")
    html = html.replace("<h1>Flood in Marrow</h1>", "<h1>The Harbour Post</h1>")
    page = read_page(html, "p.html")
    assert page.article.title == "Levee breached in Marrow"
    assert page.checks.title_reason == "site name" and page.checks.title_from == "title"


def test_a_slug_title_falls_back_to_h1() -> None:
    html = article_page("Ferry returns to Pelham", story_paragraphs("Pelham"),
                        page_title="ferry-returns-2026-03", og_title="ferry-returns-2026-03")
    page = read_page(html, "p.html")
    assert page.article.title == "Ferry returns to Pelham"
    assert (page.checks.title_reason, page.checks.title_from) == ("URL slug", "h1")
    assert bad_title("ferry-returns-2026-03", set()) == "URL slug"


def test_good_titles_are_kept() -> None:
    page = read_page(article_page("Flood in Oxley", story_paragraphs("Oxley")), "p.html")
    assert page.article.title and "Flood in Oxley" in page.article.title
    assert page.checks.title_reason is None and page.notes == ()
    assert page.checks.not_article is None and page.checks.not_english is False
    assert bad_title("Home", set()) == "placeholder"
    assert bad_title("WordPress", set()) == "CMS name"
    assert bad_title("Harbour Post", {"harbourpost"}) == "site name"
    assert strip_site_name("Levee holds – Harbour Post", {"harbourpost"}) == "Levee holds"
    assert strip_site_name("Q&A: what now?", set()) == "Q&A: what now?"
    assert strip_site_name("Harbour Post » Week 14 - 20 March", {"harbourpost"}) == (
        "Week 14 - 20 March")


def test_a_short_extraction_gets_a_note_but_is_read() -> None:
    html = article_page("Photo", ["Crews at the levee in Yarn on Tuesday. (Photo: Harbour "
                                  "Post staff)"])
    page = read_page(html, "photo.html")
    assert page.checks.short
    assert any("short extraction" in n.error and not n.skipped for n in page.notes)


def test_non_english_text_gets_a_note() -> None:
    html = article_page("Hochwasser in Kestrel", [GERMAN], lang="de",
                        site_name="Der Hafenbote")
    page = read_page(html, "de.html")
    assert page.checks.not_english
    assert any(n.error.startswith("not English") and not n.skipped for n in page.notes)
    english = " ".join(story_paragraphs("Kestrel"))
    assert is_english(english) is True and is_english(GERMAN) is False
    assert is_english("Too short to tell.") is None
    # a results table: no prose to judge
    table = "Results on Saturday:\n" + "\n".join(
        f"Harbour Rovers {i} (Pike {i + 10}) Marrow Town {i + 1} (Reed {i + 20})"
        for i in range(12))
    assert is_english(table) is None
    assert is_english("洪水淹没了城镇的街道。" * 30) is False
    chinese = read_page(article_page("洪水", ["洪水淹没了城镇的街道。" * 30]), "zh.html")
    assert any("not in the Latin script" in n.error for n in chinese.notes)
    share = english_share(english)
    assert share is not None and share > 0.2
    # an English list of names (few function words, no foreign ones) stays English
    names = "Here is the list of the crews who worked at the levee: " + ", ".join(
        f"Ann Pike {i}, Bo Reed {i}, Cy Lund {i}" for i in range(15)) + "."
    assert is_english(names) is True


def test_status_pages_and_listings_are_flagged() -> None:
    status = article_page("Page not found", ["Sorry, the page you asked for does not "
                                             "exist. Try the search box or go back to the "
                                             "front page of the Harbour Post."])
    page = read_page(status, "404.html")
    assert page.checks.not_article and "status or error page" in page.checks.not_article
    headlines = [f"Flood latest: crews in Kestrel, day {i}" for i in range(12)]
    listing = article_page("News", headlines, article_markup=False)
    listing = listing.replace("<p>", "<p><a href='/x'>").replace("</p>", "</a></p>")
    page = read_page(listing, "news.html", url="https://harbour.example/news")
    assert page.checks.not_article and page.checks.not_article.startswith("listing")
    assert any(n.error.startswith("not an article") for n in page.notes)
    home = read_page(article_page("Flood in Tilby", story_paragraphs("Tilby"),
                                  article_markup=False), "h.html",
                     url="https://harbour.example/")
    assert home.checks.not_article == "home page"
    marked = read_page(article_page("Flood in Tilby", story_paragraphs("Tilby")), "a.html",
                       url="https://harbour.example/")
    assert marked.checks.not_article is None  # og:type article


def test_a_page_without_main_text_is_refused() -> None:
    with pytest.raises(InputReadError, match="no article body"):
        read_page("<html><body><nav><a href='/'>Home</a></nav></body></html>", "e.html")


def test_saved_html_files_get_the_same_checks(tmp_path: Path) -> None:
    path = tmp_path / "de.html"
    path.write_text(article_page("Hochwasser in Kestrel", [GERMAN], lang="de"),
                    encoding="utf-8")
    articles, errors = read_inputs([path])
    assert len(articles) == 1
    assert any(e.error.startswith("not English") and not e.skipped for e in errors)


@pytest.mark.gate
def test_english_newswire_is_never_called_non_english() -> None:
    """The 2,452 English newswire articles of ../shared/data: none is flagged (tables
    and result lists are not judged)."""
    articles, _ = read_inputs([shared_path("data", "newswire")])
    assert len(articles) > 2000
    flagged = [a.id for a in articles if is_english(a.text) is False]
    assert flagged == []
