"""Feed documents: RSS, Atom and JSON Feed items, and when their text is the article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.errors import InputReadError
from corroborator.inputs.feed_items import FULL_TEXT_CHARS, FeedItem, full_text, parse_feed
from corroborator.inputs.readers import read_inputs
from tests.http_server import rss, story_paragraphs

LONG = "\n\n".join(story_paragraphs("Kestrel", 6))


def json_feed(items: list[dict[str, str]]) -> dict[str, object]:
    return {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Post",
            "home_page_url": "https://harbour.example/", "items": items}


def test_json_feed_files_are_read_as_feeds(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(json_feed([
        {"id": "1", "url": "https://harbour.example/a", "title": "Flood in Kestrel",
         "content_html": "<p>" + LONG.replace("\n\n", "</p><p>") + "</p>",
         "date_published": "2026-03-03T07:00:00Z"},
        {"id": "2", "title": "Ferry back", "content_text": "The ferry to Pelham ran again "
         "on Wednesday after a week in dock, its operator said."},
        {"id": "3", "title": "Empty"},
    ])), encoding="utf-8")
    articles, errors = read_inputs([path])
    assert [a.title for a in articles] == ["Flood in Kestrel", "Ferry back"]
    assert articles[0].source == "Harbour Post" and articles[0].url == "https://harbour.example/a"
    assert articles[0].published == "2026-03-03T07:00:00+00:00"
    assert "Floodwater rose" in articles[0].text and "<p>" not in articles[0].text
    assert len(errors) == 1 and errors[0].path.endswith("feed.json#item3")
    assert "no content or summary" in errors[0].error


def test_a_json_feed_without_the_version_is_still_a_feed_by_its_items(tmp_path: Path) -> None:
    path = tmp_path / "nov.json"
    path.write_text(json.dumps({"items": [{"id": "x", "content_text": "Water rose."}]}),
                    encoding="utf-8")
    articles, errors = read_inputs([path])
    assert len(articles) == 1 and errors == []
    plain = tmp_path / "records.json"
    plain.write_text(json.dumps({"articles": [{"text": "A record."}]}), encoding="utf-8")
    assert len(read_inputs([plain])[0]) == 1  # ordinary records are unchanged


def test_rss_atom_and_json_documents_parse_to_items() -> None:
    doc = parse_feed(rss("Harbour", [
        {"title": "A", "link": "/a.html", "description": "Teaser <b>one</b>."},
        {"title": "B", "link": "https://harbour.example/b.html#top", "guid": "b",
         "content": "<p>" + LONG + "</p>"},
    ]), "feed.xml", base_url="https://harbour.example/feed.xml")
    assert doc.title == "Harbour"
    a, b = doc.items
    assert a.link == "https://harbour.example/a.html" and a.summary == "Teaser one."
    assert b.link == "https://harbour.example/b.html" and full_text(b) is not None
    assert full_text(a) is None
    atom = parse_feed(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>G</title>'
        '<entry><title>C</title><link href="https://g.example/c"/><id>c</id>'
        '<updated>2026-03-03T07:00:00Z</updated><summary>Short.</summary></entry></feed>',
        "atom.xml")
    assert atom.items[0].link == "https://g.example/c" and atom.items[0].published
    js = parse_feed(json.dumps(json_feed([{"id": "9", "url": "/n", "content_text": "x"}])),
                    "f.json", base_url="https://harbour.example/feed.json")
    assert js.items[0].link == "https://harbour.example/n"
    for bad, why in (("<html><body>hi</body></html>", "not a feed"),
                     ('{"items": 3}', "JSON without 'items'"),
                     ("{broken", "broken JSON feed"),
                     (rss("Empty", []), "feed has no items")):
        with pytest.raises(InputReadError, match=why):
            parse_feed(bad, "x")


def test_full_text_needs_length_and_no_truncation_mark() -> None:
    long = "word " * (FULL_TEXT_CHARS // 5 + 10)
    assert full_text(FeedItem("u", None, "t", None, content=long)) is not None
    assert full_text(FeedItem("u", None, "t", None, summary=long)) is not None
    for cut in (" […]", "...", " Continue reading →", " Read more"):
        assert full_text(FeedItem("u", None, "t", None, content=long + cut)) is None
    assert full_text(FeedItem("u", None, "t", None, content="Water rose.")) is None
