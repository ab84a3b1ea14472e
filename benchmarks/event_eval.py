"""Score events (news cycles inside storylines) on the event-level dev set.

    python benchmarks/event_eval.py [--data DIR] [--cache FILE] [--skip-incremental]

Two gold sets, judgments stored as ids only:

* ``tests/gold/ecb_dev_events.gold.json``: the 327 dated ECB+ dev articles (text in
  ``../shared/data/ecbplus-dev``), each labelled with its sub-topic and news cycle: the
  articles of one sub-topic published within three days of each other (chained), with
  three late reports of the same happening (named by their own leads) put back into
  its cycle;
* ``tests/gold/events_invented.gold.json``: four invented storylines of two or three
  events each (``tests/fixtures/events/storylines.jsonl``).

For ECB+ prints event-level B3 (precision, recall, F1) of the articles' events, with
the storylines taken

* from the gold (the event boundaries alone),
* from batch clustering (:func:`corroborator.corpus.stories.cluster`, as ``brief`` does),
* from the store, ingesting in publication order (``corroborator ingest``'s
  :class:`~corroborator.cli.store.Ingester` on an in-memory store),

then, for comparison, the storylines themselves as events. The invented storylines go
through the whole pipeline (:func:`corroborator.pipeline.analyze`) and the store.
Undated ECB+ articles are clustered too; only the gold's dated ones are scored.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from cluster_eval import DEFAULT_DATA, load_analyses, load_articles, score
from corroborator.article import times
from corroborator.corpus import stories
from corroborator.model import ArticleAnalysis
from corroborator.story import events

ROOT = Path(__file__).resolve().parent.parent
ECB_GOLD = ROOT / "tests" / "gold" / "ecb_dev_events.gold.json"
INVENTED = ROOT / "tests" / "fixtures" / "events" / "storylines.jsonl"
INVENTED_GOLD = ROOT / "tests" / "gold" / "events_invented.gold.json"


def with_inferred_dates(members: Sequence[ArticleAnalysis]) -> list[ArticleAnalysis]:
    """Pipeline stage 6a: undated members get a publication date inferred from the
    story's dates (and their times re-resolved)."""
    from corroborator.pipeline import with_publication

    known = [m.article.published for m in members if m.article.published]
    out = []
    for m in members:
        if not m.article.published:
            guess = times.infer_publication(m.parsed, m.times, known)
            m = with_publication(m, guess) if guess else m
        out.append(m)
    return out


def story_events(groups: Iterable[Sequence[str]], by_id: dict[str, ArticleAnalysis]
                 ) -> list[list[str]]:
    """Events of each storyline (segmented as the pipeline's stage 6g does)."""
    out: list[list[str]] = []
    for ids in groups:
        members = with_inferred_dates([by_id[i] for i in ids])
        out += events.segment([events.event_features(m) for m in members])
    return out


def stored_events(analyses: Sequence[ArticleAnalysis]) -> list[list[str]]:
    """Ingest into an in-memory store (publication order) and read its events back."""
    from corroborator.app.ingest import Ingester
    from corroborator.store.database import Store

    with Store(":memory:") as store:
        Ingester(store).add(analyses)
        return [list(ids) for row in store.list_stories()
                for _, ids in store.story_events(row.id)]


def scored(clusters: Sequence[Sequence[str]], gold: dict[str, str]) -> dict[str, float]:
    kept = [[i for i in c if i in gold] for c in clusters]
    return score([c for c in kept if c], gold)


def line(name: str, m: dict[str, float]) -> str:
    return (f"{name:<28} b3 P={m['b3_P']:.3f} R={m['b3_R']:.3f} F1={m['b3_F1']:.3f}  "
            f"events={m['n_pred']:.0f}")


def ecb(data: Path, cache: Path | None, incremental: bool) -> None:
    arts, story_gold = load_articles(data)
    gold = json.loads(ECB_GOLD.read_text(encoding="utf-8"))
    analyses = load_analyses(arts, cache)
    by_id = {a.article.id: a for a in analyses}
    n_events = len(set(gold.values()))
    print(f"ECB+ dev: {len(analyses)} articles, {len(gold)} dated in {n_events} gold events")
    gold_stories: dict[str, list[str]] = defaultdict(list)
    for aid, sub in story_gold.items():
        gold_stories[sub].append(aid)
    print(line("gold storylines -> events", scored(
        story_events(gold_stories.values(), by_id), gold)))
    t0 = time.perf_counter()
    batch = [ids for _, ids in stories.cluster(analyses)]
    print(line("batch stories -> events", scored(story_events(batch, by_id), gold)))
    if incremental:
        stored = stored_events(analyses)
        print(line("store (incremental) events", scored(stored, gold)))
    print(line("batch stories as events", scored(batch, gold)))
    print(f"({time.perf_counter() - t0:.1f} s)")


def invented() -> None:
    from corroborator.pipeline import analyze

    gold = json.loads(INVENTED_GOLD.read_text(encoding="utf-8"))
    brief = analyze([INVENTED])
    found = [list(e.article_ids) for s in brief.stories for e in s.events]
    print(f"invented: {len(gold)} articles in {len(set(gold.values()))} events, "
          f"{len(brief.stories)} stories")
    print(line("brief events", scored(found, gold)))
    from corroborator.app.ingest import ingest
    from corroborator.store.database import Store

    with Store(":memory:") as store:
        ingest(store, [INVENTED])
        stored = [list(ids) for row in store.list_stories()
                  for _, ids in store.story_events(row.id)]
    print(line("store events", scored(stored, gold)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the analyses")
    ap.add_argument("--skip-incremental", action="store_true")
    a = ap.parse_args()
    ecb(a.data, a.cache, not a.skip_incremental)
    invented()


if __name__ == "__main__":
    main()
