"""Quality gate: time expressions on the TimeBank dev set (../shared/data/timebank).

Parses the 183 documents with the product's NLP stage, runs ``find_times`` against each
document's DCT and scores the result with the shared TE3-style scorer. Fails when value
F1 falls more than 0.01 below the figure reached when the gate was pinned.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from corroborator.article.times import find_times
from corroborator.model import Article
from corroborator.nlp.parse import parse_articles
from tests.conftest import shared_path

#: value F1 reached on TimeBank dev (benchmarks/timex_eval.py: 0.8557), minus 0.01.
MIN_VALUE_F1 = 0.845
#: strict span F1 reached (0.925), minus 0.01.
MIN_STRICT_F1 = 0.915
#: type accuracy on relaxed pairs reached (0.9758), minus 0.01.
MIN_TYPE_ACC = 0.965


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("timex_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.gate
@pytest.mark.slow
def test_timebank_value_f1() -> None:
    data = shared_path("data", "timebank")
    scorer = _scorer(shared_path("eval", "timex_score.py"))
    articles = []
    with (data / "timebank.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                articles.append(Article(id=d["id"], text=d["text"], published=d.get("published")))
    pred: dict[str, list[dict[str, object]]] = {}
    for p in parse_articles(articles, n_process=2, expected=len(articles)):
        pred[p.article.id] = [
            {"start": t.span.start, "end": t.span.end, "text": t.text, "type": t.type,
             "value": t.value or ""}
            for t in find_times(p, p.article.published)
        ]  # fmt: skip
    gold = scorer.load(str(data / "timebank.gold.jsonl"), "timexes")
    m = scorer.score(pred, gold)
    assert m["value_F1"] >= MIN_VALUE_F1, m
    assert m["strict_F1"] >= MIN_STRICT_F1, m
    assert m["type_acc"] >= MIN_TYPE_ACC, m
