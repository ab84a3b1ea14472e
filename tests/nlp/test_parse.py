"""The NLP stage turns spaCy's Doc into plain, picklable values."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from corroborator.model import Parsed

pytestmark = pytest.mark.slow


def test_parse_gives_tokens_sentences_and_entities(parse: Callable[..., Parsed]) -> None:
    text = "Mayor Daniel Hartmann opened the Harbor Bridge on Monday. Traffic resumed at noon."
    parsed = parse(text)
    assert [text[s.start : s.end] for s in parsed.sentences] == [
        "Mayor Daniel Hartmann opened the Harbor Bridge on Monday.",
        "Traffic resumed at noon.",
    ]
    assert all(text[t.start : t.end] == t.text for t in parsed.tokens)
    labels = {(e.text, e.label) for e in parsed.ents}
    assert ("Daniel Hartmann", "PERSON") in labels
    assert any(e.label == "DATE" and e.text == "Monday" for e in parsed.ents)
    root = next(t for t in parsed.tokens if t.dep == "ROOT")
    assert root.lemma == "open" and "Tense=Past" in root.morph


def test_parsed_values_pickle_for_dask(parse: Callable[..., Parsed]) -> None:
    parsed = parse("The ferry left Port Alder on Tuesday.")
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def test_parse_articles_keeps_order_and_ids() -> None:
    from corroborator.model import Article
    from corroborator.nlp.parse import parse_articles

    arts = [Article(id=f"a{i}", text=f"Story number {i} is here.") for i in range(5)]
    assert [p.article.id for p in parse_articles(arts, n_process=1)] == [a.id for a in arts]


# --------------------------------------------------------------------------- long texts

PARAGRAPH = ("Mayor Daniel Hartmann opened the Harbor Bridge in Westmere on Monday. "
             "Traffic resumed at noon, the city said.\n\n")


def test_chunks_cover_the_text_and_cut_at_paragraphs() -> None:
    from corroborator.nlp.parse import _chunks

    text = PARAGRAPH * 30 + "x" * 700
    pieces = list(_chunks(text, 500))
    assert "".join(c for _, c, _ in pieces) == text
    assert all(len(c) <= 500 for _, c, _ in pieces)
    assert [last for *_, last in pieces] == [False] * (len(pieces) - 1) + [True]
    assert all(c.endswith("\n\n") for _, c, _ in pieces[:-3])
    assert [o for o, _, _ in pieces] == [sum(len(c) for _, c, _ in pieces[:i])
                                         for i in range(len(pieces))]


def test_a_text_over_spacys_max_length_is_parsed_in_chunks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """spaCy refuses texts over ``max_length`` (1,000,000 characters by default): the
    text is parsed in paragraph chunks, with offsets into the whole text."""
    from corroborator.model import Article
    from corroborator.nlp.parse import load_pipeline, parse_articles

    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 1000)
    text = PARAGRAPH * 40  # 4,800 characters
    whole, short = parse_articles([Article("long", text), Article("short", PARAGRAPH)],
                                  n_process=1)
    assert whole.article.text == text and short.article.id == "short"
    assert all(text[t.start : t.end] == t.text for t in whole.tokens)
    assert [t.i for t in whole.tokens] == list(range(len(whole.tokens)))
    assert all(0 <= t.head < len(whole.tokens) for t in whole.tokens)
    for span in (*whole.sentences, *whole.ents, *whole.noun_chunks):
        assert span.text == text[span.start : span.end]
        assert whole.tokens[span.tok_start].start == span.start
        assert whole.tokens[span.tok_end - 1].end == span.end
    mayors = [e for e in whole.ents if e.text == "Daniel Hartmann"]
    assert len(mayors) == 40 and mayors[-1].start > 4000
    assert len(whole.sentences) >= 80
