"""Quality gate: events (news cycles inside storylines) on the event-level dev set.

ECB+ dev: the 327 dated articles, 59 gold news cycles (tests/gold/ecb_dev_events.gold.json,
ids only; benchmarks/event_eval.py describes the judgments). Events are scored end to
end (batch storylines, then their events) and within the gold storylines (the event
boundaries alone), with the dev set's own B3 scorer (../shared/eval/cluster_score.py).
The invented storylines (tests/fixtures/events) go through the whole pipeline.
Minimums sit a little below the figures reached (benchmarks/event_eval.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from corroborator.article import times
from corroborator.corpus import stories
from corroborator.model import ArticleAnalysis
from corroborator.story import events
from tests.conftest import FIXTURES, ROOT, shared_path
from tests.gates.test_gate_stories import b3_f1

# reached (benchmarks/event_eval.py): batch storylines -> events 1.000, gold storylines
# -> events 1.000; invented storylines 1.000
MIN_B3_BATCH = 0.99
MIN_B3_GOLD_STORIES = 0.99
MIN_B3_INVENTED = 0.99

ECB_GOLD = ROOT / "tests" / "gold" / "ecb_dev_events.gold.json"
INVENTED_GOLD = ROOT / "tests" / "gold" / "events_invented.gold.json"


def segmented(groups: list[list[str]], by_id: dict[str, ArticleAnalysis]) -> list[list[str]]:
    from corroborator.pipeline import with_publication

    out: list[list[str]] = []
    for ids in groups:
        members = [by_id[i] for i in ids]
        known = [m.article.published for m in members if m.article.published]
        dated = []
        for m in members:
            guess = (None if m.article.published
                     else times.infer_publication(m.parsed, m.times, known))
            dated.append(with_publication(m, guess) if guess else m)
        out += events.segment([events.event_features(m) for m in dated])
    return out


def only_gold(clusters: list[list[str]], gold: dict[str, str]) -> list[list[str]]:
    kept = [[i for i in c if i in gold] for c in clusters]
    return [c for c in kept if c]


@pytest.fixture(scope="module")
def ecb(ecb_dev: tuple[list[ArticleAnalysis], dict[str, str]]
        ) -> tuple[dict[str, ArticleAnalysis], dict[str, str]]:
    analyses, stories_gold = ecb_dev
    return {a.article.id: a for a in analyses}, stories_gold


def gold_file(tmp_path: Path, gold: dict[str, str]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.gate
def test_events_of_batch_storylines_gate(
        ecb: tuple[dict[str, ArticleAnalysis], dict[str, str]], tmp_path: Path) -> None:
    by_id, _ = ecb
    gold = json.loads(ECB_GOLD.read_text(encoding="utf-8"))
    groups = [ids for _, ids in stories.cluster(list(by_id.values()))]
    found = only_gold(segmented(groups, by_id), gold)
    assert b3_f1(found, gold_file(tmp_path, gold), tmp_path) >= MIN_B3_BATCH


@pytest.mark.slow
@pytest.mark.gate
def test_event_boundaries_in_gold_storylines_gate(
        ecb: tuple[dict[str, ArticleAnalysis], dict[str, str]], tmp_path: Path) -> None:
    by_id, story_gold = ecb
    gold = json.loads(ECB_GOLD.read_text(encoding="utf-8"))
    members: dict[str, list[str]] = defaultdict(list)
    for aid, sub in story_gold.items():
        members[sub].append(aid)
    found = only_gold(segmented(list(members.values()), by_id), gold)
    assert b3_f1(found, gold_file(tmp_path, gold), tmp_path) >= MIN_B3_GOLD_STORIES
    # same-event reports are never split: every gold cycle lies inside one event
    event_of = {aid: n for n, c in enumerate(found) for aid in c}
    cycles: dict[str, set[int]] = defaultdict(set)
    for aid, label in gold.items():
        cycles[label].add(event_of[aid])
    assert all(len(found_in) == 1 for found_in in cycles.values())


@pytest.mark.slow
@pytest.mark.gate
def test_invented_storylines_gate(tmp_path: Path) -> None:
    shared_path("eval", "cluster_score.py")
    from corroborator.pipeline import analyze

    gold = json.loads(INVENTED_GOLD.read_text(encoding="utf-8"))
    brief = analyze([FIXTURES / "events" / "storylines.jsonl"])
    found = [list(e.article_ids) for s in brief.stories for e in s.events]
    assert sorted(a for c in found for a in c) == sorted(gold)
    assert b3_f1(found, gold_file(tmp_path, gold), tmp_path) >= MIN_B3_INVENTED
