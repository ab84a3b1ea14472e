"""Quality gate: cross-document entity resolution on the ECB+ dev set.

parse → find_mentions → resolve over ALL dev articles in one call (store-level; the
gold topics are not used), then the shared scorer. Fails when CoNLL F1 drops more than
0.01 below the figure reached (0.823, measured with benchmarks/entity_eval.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corroborator.article import mentions
from corroborator.model import ArticleAnalysis
from corroborator.story import entities
from tests.conftest import shared_path

#: CoNLL F1 reached on the dev set (0.825, benchmarks/entity_eval.py) minus 0.01.
MIN_CONLL_F1 = 0.815
#: Gold mentions overlapped by a predicted mention (0.970 reached) minus 0.01.
MIN_MENTION_RECALL = 0.960


@pytest.mark.slow
@pytest.mark.gate
def test_entity_resolution_gate(
        tmp_path: Path, ecb_dev: tuple[list[ArticleAnalysis], dict[str, str]]) -> None:
    dev = shared_path("data", "ecbplus-dev")
    scorer = shared_path("eval", "entity_score.py")
    text_path, gold_path = dev / "ecb_dev.jsonl", dev / "ecb_dev.entities.gold.jsonl"
    parsed = [a.parsed for a in ecb_dev[0]]  # the shared parse (file order)
    articles = [p.article for p in parsed]
    found = [mentions.find_mentions(p, ()) for p in parsed]
    ents = entities.resolve(found, {a.id: a.source for a in articles})
    brief = {
        "articles": [{"id": a.id, "text": a.text} for a in articles],
        "stories": [{
            "id": "s-all",
            "entities": [
                {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                 "mentions": [{"article": s.article, "start": s.start, "end": s.end}
                              for s in e.mentions]}
                for e in ents
            ],
        }],
    }
    out = tmp_path / "brief.json"
    out.write_text(json.dumps(brief), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(scorer), str(out), str(gold_path), "--text", str(text_path),
         "--json", str(tmp_path / "metrics.json")],
        capture_output=True, text=True, check=True,
    )
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert metrics["conll_F1"] >= MIN_CONLL_F1, res.stdout
    assert metrics["mention_recall"] >= MIN_MENTION_RECALL, res.stdout
