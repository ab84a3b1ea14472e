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
    from corroborator.nlp import parse_articles

    arts = [Article(id=f"a{i}", text=f"Story number {i} is here.") for i in range(5)]
    assert [p.article.id for p in parse_articles(arts, n_process=1)] == [a.id for a in arts]
