"""Quality gate: claim alignment, group status and conflicts against hand gold.

Runs the real stages (reader, spaCy, zones, times, entities, dedup, quantities, quotes,
claims, conflicts, summary) on the demo corpus and the ``tests/fixtures/stories/b_*.txt``
articles (a ferry story, and a warehouse-fire story written after tuning as a held-out
check) and ``c_*.txt`` articles (a peacekeeping story with planted contradictions and
near-misses, scored on its conflicts only), one gold story at a time, and scores them
against ``tests/gold/claims.gold.json``:

- alignment: pairwise precision/recall over claims (every predicted pair counts; a pair
  is right when both claims fall in one gold group; "ignore" pairs are not scored);
- status: share of judged gold groups whose predicted group has the gold status;
- conflicts: a predicted conflict matches a gold one of the same kind when two gold
  sides are each covered by a different predicted position.

The seeds (``../shared/corpora/seeds``) must yield the 169,000 vs 170,000 troop-peak
conflict, numeric and within rounding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from corroborator.model import Article, ClaimGroup, Conflict, Span, SummaryItem
from tests.conftest import DEMO, FIXTURES, ROOT, shared_path

GOLD = ROOT / "tests" / "gold" / "claims.gold.json"

# Pinned minimums: the figures reached when the gate was written, minus 0.01.
MIN_ALIGN_PRECISION = 0.99
MIN_ALIGN_RECALL = 0.966
# Status accuracy was 1.0; corroboration now needs the same polarity, so "the cause is
# still under investigation" / "the cause has not been determined" (one fact in other
# words) is single-source: measured 0.955.
MIN_STATUS_ACCURACY = 0.94
MIN_CONFLICT_PRECISION = 0.99
MIN_CONFLICT_RECALL = 0.99


@dataclass(frozen=True)
class StoryRun:
    articles: dict[str, Article]
    groups: tuple[ClaimGroup, ...]
    conflicts: tuple[Conflict, ...]
    summary: tuple[SummaryItem, ...]


def run_story(articles: Sequence[Article]) -> StoryRun:
    """The pipeline's duplicate marking, then its per-article and per-story stages."""
    from corroborator.corpus import dedup
    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article, analyze_story

    dup_of = dedup.find_duplicates(list(articles))
    articles = [replace(a, duplicate_of=dup_of.get(a.id)) for a in articles]
    analyzed = [analyze_article(p) for p in parse_articles(articles, n_process=1)]
    story, members = analyze_story("gate", analyzed)
    art_map = {m.article.id: m.article for m in members}
    return StoryRun(art_map, story.claims, story.conflicts, story.summary)


# --------------------------------------------------------------------------- scoring


def _locate(item: Mapping[str, str], articles: Mapping[str, Article]) -> Span:
    """The span of a gold snippet: by article id, else the one article containing it."""
    art = articles.get(item["article"])
    if art is None or item["text"] not in art.text:
        hits = [a for a in articles.values() if item["text"] in a.text and not a.duplicate_of]
        hits = hits or [a for a in articles.values() if item["text"] in a.text]
        assert hits, f"gold snippet not found: {item}"
        art = hits[0]
    start = art.text.index(item["text"])
    return Span(art.id, start, start + len(item["text"]))


def _overlaps(a: Span, b: Span) -> bool:
    return a.article == b.article and a.start < b.end and b.start < a.end


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_alignment(story: Mapping[str, Any], run: StoryRun, counts: Counts) -> tuple[int, int]:
    """Add pairwise alignment counts; return (status right, status judged)."""
    arts = run.articles
    gold = [[_locate(c, arts) for c in g["claims"]] for g in story["groups"]]
    ignore = [(_locate(a, arts), _locate(b, arts)) for a, b in story.get("ignore_pairs", [])]

    def gold_groups(span: Span) -> set[int]:
        return {k for k, g in enumerate(gold) if any(_overlaps(span, s) for s in g)}

    def ignored(x: Span, y: Span) -> bool:
        return any(
            (_overlaps(x, a) and _overlaps(y, b)) or (_overlaps(x, b) and _overlaps(y, a))
            for a, b in ignore
        )

    for g in run.groups:
        cites = list(g.citations)
        for i, x in enumerate(cites):
            for y in cites[i + 1 :]:
                if gold_groups(x) & gold_groups(y):
                    counts.tp += 1
                elif not ignored(x, y):
                    counts.fp += 1
    for spans in gold:
        for i, x in enumerate(spans):
            for y in spans[i + 1 :]:
                found = any(
                    any(_overlaps(c, x) for c in g.citations)
                    and any(_overlaps(c, y) for c in g.citations)
                    and not any(_overlaps(c, x) and _overlaps(c, y) for c in g.citations)
                    for g in run.groups
                )
                if not found:
                    counts.fn += 1
    right = judged = 0
    for g, spans in zip(story["groups"], gold, strict=True):
        if g["status"] is None:
            continue
        judged += 1
        pred = [p for p in run.groups if any(_overlaps(c, spans[0]) for c in p.citations)]
        if pred and pred[0].status == g["status"]:
            right += 1
    return right, judged


def score_conflicts(story: Mapping[str, Any], run: StoryRun, counts: Counts) -> None:
    arts = run.articles
    gold = [
        (c["kind"], [[_locate(x, arts) for x in side] for side in c["sides"]])
        for c in story["conflicts"]
    ]

    def matches(pred: Conflict, kind: str, sides: list[list[Span]]) -> bool:
        if pred.kind != kind:
            return False
        covered = 0
        used: set[int] = set()
        for side in sides:
            for k, pos in enumerate(pred.positions):
                if k not in used and any(_overlaps(c, s) for c in pos.citations for s in side):
                    used.add(k)
                    covered += 1
                    break
        return covered >= 2

    matched_gold: set[int] = set()
    for pred in run.conflicts:
        hit = [k for k, (kind, sides) in enumerate(gold) if matches(pred, kind, sides)]
        if hit:
            counts.tp += 1
            matched_gold.update(hit)
        else:
            counts.fp += 1
    counts.fn += len(gold) - len(matched_gold)


@lru_cache(maxsize=1)
def gold_runs() -> tuple[tuple[dict[str, Any], StoryRun], ...]:
    from corroborator.inputs.readers import read_inputs

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    fixtures = sorted((FIXTURES / "stories").glob("[bc]_*.txt"))
    articles, errors = read_inputs([DEMO, *fixtures])
    assert not errors
    by_id = {a.id: a for a in articles}
    out = []
    for story in gold["stories"]:
        members = [by_id[i] for i in story["articles"]]
        out.append((story, run_story(members)))
    return tuple(out)


def evaluate() -> dict[str, float]:
    align, conf = Counts(), Counts()
    right = judged = 0
    for story, run in gold_runs():
        if story.get("align", True):
            r, j = score_alignment(story, run, align)
            right, judged = right + r, judged + j
        score_conflicts(story, run, conf)
    return {
        "align_precision": align.precision,
        "align_recall": align.recall,
        "status_accuracy": right / judged if judged else 1.0,
        "conflict_precision": conf.precision,
        "conflict_recall": conf.recall,
    }


# --------------------------------------------------------------------------- gates


@pytest.mark.slow
@pytest.mark.gate
def test_alignment_status_and_conflicts_meet_pinned_minimums() -> None:
    scores = evaluate()
    assert scores["align_precision"] >= MIN_ALIGN_PRECISION, scores
    assert scores["align_recall"] >= MIN_ALIGN_RECALL, scores
    assert scores["status_accuracy"] >= MIN_STATUS_ACCURACY, scores
    assert scores["conflict_precision"] >= MIN_CONFLICT_PRECISION, scores
    assert scores["conflict_recall"] >= MIN_CONFLICT_RECALL, scores


@pytest.mark.slow
@pytest.mark.gate
def test_every_summary_bullet_cites_and_kinds_are_known() -> None:
    for _story, run in gold_runs():
        assert 1 <= len(run.summary) <= 10
        for item in run.summary:
            assert item.citations
            assert item.kind in ("corroborated", "disputed", "unique")


def _seed_articles(paths: Iterable[Path]) -> list[Article]:
    out = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        m = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
        published = m.group(1) if m else None
        out.append(Article(id=path.stem, text=text[m.end() :] if m else text, published=published))
    return out


@pytest.mark.slow
@pytest.mark.gate
def test_seeds_troop_peak_conflict_is_numeric_and_within_rounding() -> None:
    seeds = _seed_articles(sorted(shared_path("corpora", "seeds").glob("*.txt")))
    run = run_story(seeds)
    peak = [
        c
        for c in run.conflicts
        if c.kind == "numeric" and {p.value for p in c.positions} >= {"about 169,000", "170,000"}
    ]
    assert peak, run.conflicts
    assert "within rounding" in peak[0].note
    assert "0.6%" in peak[0].note
