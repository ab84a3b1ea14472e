"""Inputs that once aborted a whole run: each is now analyzed, or skipped with an
``errors`` entry naming it, and the run goes on to write every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator.model import Brief
from corroborator.pipeline import analyze
from corroborator.render import render
from corroborator.text.numbers import parse_figure

pytestmark = pytest.mark.slow

STORY = ("The Westmere harbour board said on Monday that 40 ships were delayed. "
         "Officials expect the backlog to clear by Friday.")


def _rss(item: str) -> str:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>'
            f"{item}</channel></rss>")


CASES: dict[str, tuple[str, str, int]] = {
    # name: (file name, content, articles analyzed)
    "deep JSON": ("deep.json", "[" * 50_000 + "]" * 50_000, 0),
    "huge JSON integer": ("big.json", '{"text": "' + STORY + '", "n": ' + "9" * 5000 + "}", 1),
    "lone surrogate": ("s.json", '{"text": "' + STORY + ' \\ud800"}', 1),
    "feed character references": ("f.rss", _rss(
        f"<item><title>A &#x110000; b &#xD800;</title><description>{STORY} &#x110000;"
        "</description></item>"), 1),
    "malformed Atom": ("bad.atom", "<entry<titlE</content<", 0),
    "URL that does not parse": ("u.json", json.dumps({"text": STORY, "url": "http://[::1"}), 1),
    "year 1 and 9999": ("y.json", json.dumps([
        {"id": "y1", "text": STORY, "published": "0001-01-01"},
        {"id": "y9", "text": STORY + " On 9999-12-31 and 31/12/9999 nothing happens.",
         "published": "9999-12-31"}]), 2),
    "309-digit number": ("n.txt", f"The fund held {'9' * 320} dollars, officials said on "
                         "Monday. It held 12 dollars on Tuesday.\n", 1),
    "non-string ids": ("ids.jsonl", json.dumps({"id": {"a": 1}, "text": STORY}) + "\n"
                       + '{"id": NaN, "text": "' + STORY + '"}\n', 0),
}


def _all_formats(brief: Brief) -> None:
    json.loads(render(brief, "json"), parse_constant=lambda c: pytest.fail(f"JSON has {c}"))
    assert render(brief, "md").startswith("# Corroborator brief")
    assert render(brief, "html").rstrip().endswith("</html>")


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_input_does_not_stop_the_run(tmp_path: Path, name: str) -> None:
    file_name, content, analyzed = CASES[name]
    bad = tmp_path / file_name
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Title: Ferry resumes\n\nThe Kessel ferry resumed service on Tuesday "
                    "after a storm, the operator said.\n", encoding="utf-8")
    brief = analyze([bad, good])
    assert len(brief.articles) == analyzed + 1
    if analyzed == 0:
        assert brief.errors and all(str(bad) in e.path for e in brief.errors)
    _all_formats(brief)


def test_a_number_of_309_digits_is_not_a_quantity() -> None:
    assert parse_figure("9" * 309) is None
    assert parse_figure("1" + "0" * 307) == 1e307


def test_a_text_longer_than_spacy_accepts_is_analyzed(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    from corroborator.nlp.parse import load_pipeline

    monkeypatch.setattr(load_pipeline(), "max_length", 2000)
    text = "\n\n".join(f"{STORY} Update {i}: crews cleared berth {i}." for i in range(60))
    brief = analyze([{"id": "long", "text": text, "published": "2026-03-02"}])
    assert [a.id for a in brief.articles] == ["long"] and not brief.errors
    assert any(t.span.start > 5000 for t in brief.times)
    _all_formats(brief)
