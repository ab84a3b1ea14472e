"""Score story clustering on the ECB+ dev set, in batch and one article at a time.

    python benchmarks/cluster_eval.py [--data DIR] [--cache FILE] [--out DIR]
                                      [--sweep | --sweep-moves]

Parses the articles and analyses them with :func:`corroborator.pipeline.analyze_article`
(``--cache FILE`` pickles the analyses on first use and loads them afterwards), then
prints B3, pairwise F1 and ARI for:

* batch:        :func:`corroborator.corpus.stories.cluster` over all articles (date-order
                placement, then one refinement pass);
* incremental:  :class:`corroborator.corpus.stories.StoryIndex`, articles fed in publication
                order (each placement may move recent neighbours); undated articles
                follow the dated ones in file order.

``--out`` writes ``{"clusters": ...}`` files that ``../shared/eval/cluster_score.py``
reads. ``--sweep`` prints B3 F1 over a grid of the main thresholds, then incremental
B3 F1 by :data:`~corroborator.corpus.stories.COHESION_SHARE`, batch B3 F1 by
:data:`~corroborator.corpus.stories.REFINE_THRESHOLD` and both by
:data:`~corroborator.corpus.stories.MOVE_THRESHOLD` at the defaults (``--sweep-moves``: only
the last).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench_cache import cached
from corroborator.corpus import features, stories, story_index
from corroborator.model import Article, ArticleAnalysis, Mention, Parsed, Span

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ecbplus-dev"


def load_articles(data: Path) -> tuple[list[Article], dict[str, str]]:
    arts = []
    with open(data / "ecb_dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            arts.append(Article(id=r["id"], text=r["text"], source=r.get("source"),
                                title=r.get("title"), url=r.get("url"),
                                published=r.get("published")))
    gold = json.loads((data / "ecb_dev.gold.json").read_text(encoding="utf-8"))
    return arts, gold


def parse_all(arts: Sequence[Article]) -> list[Parsed]:
    from corroborator.nlp.parse import parse_articles

    return list(parse_articles(arts, n_process=2))


def load_analyses(arts: Sequence[Article], cache: Path | None) -> list[ArticleAnalysis]:
    """Parse and analyze, or load the analyses pickled by an earlier run."""
    return cached(cache, lambda: analyze_all(parse_all(arts)))


def analyze_all(parsed: Sequence[Parsed]) -> list[ArticleAnalysis]:
    try:
        from corroborator.pipeline import analyze_article
    except ImportError as exc:
        print(f"(pipeline not importable: {exc}; running the stage-3 modules directly)",
              file=sys.stderr)
        return [stage3_analysis(p) for p in parsed]
    return [analyze_article(p) for p in parsed]


def stage3_analysis(p: Parsed) -> ArticleAnalysis:
    """What ``pipeline.analyze_article`` does, for when a later stage is still missing."""
    try:
        from corroborator.article import mentions, times, zones
    except ImportError:
        return bare_analysis(p)
    zs = zones.classify(p)
    ts = times.find_times(p, p.article.published)
    return ArticleAnalysis(parsed=p, zones=zs, times=ts, mentions=mentions.find_mentions(p, zs))


def bare_analysis(p: Parsed) -> ArticleAnalysis:
    """An analysis with no zones or times, and the NER spans as mentions."""
    ms = tuple(Mention(Span(p.article.id, e.start, e.end), e.text, e.label) for e in p.ents)
    return ArticleAnalysis(parsed=p, zones=(), times=(), mentions=ms)


def score(clusters: Sequence[Sequence[str]], gold: dict[str, str]) -> dict[str, float]:
    """B3, pairwise P/R/F1 and ARI, as ../shared/eval/cluster_score.py computes them."""
    from sklearn.metrics import adjusted_rand_score

    pred = {i: k for k, c in enumerate(clusters) for i in c}
    ids = sorted(gold)
    p, g = [pred[i] for i in ids], [gold[i] for i in ids]
    pc, gc, joint = Counter(p), Counter(g), Counter(zip(p, g, strict=True))
    n = len(ids)
    b3p = sum(joint[(a, b)] / pc[a] for a, b in zip(p, g, strict=True)) / n
    b3r = sum(joint[(a, b)] / gc[b] for a, b in zip(p, g, strict=True)) / n

    def pairs(cnt: Counter[object]) -> float:
        return sum(v * (v - 1) / 2 for v in cnt.values())

    tp, npred, ngold = pairs(joint), pairs(pc), pairs(gc)  # type: ignore[arg-type]
    pp, pr = (tp / npred if npred else 1.0), (tp / ngold if ngold else 1.0)

    def f1(a: float, b: float) -> float:
        return 2 * a * b / (a + b) if a + b else 0.0

    return {"b3_P": b3p, "b3_R": b3r, "b3_F1": f1(b3p, b3r), "pair_F1": f1(pp, pr),
            "ARI": float(adjusted_rand_score(g, p)), "n_pred": len(pc)}


def batch_clusters(analyses: Sequence[ArticleAnalysis]) -> list[list[str]]:
    return [members for _, members in stories.cluster(analyses)]


def incremental_clusters(analyses: Sequence[ArticleAnalysis]) -> list[list[str]]:
    feats = [features.article_features(a, i) for i, a in enumerate(analyses)]
    index = story_index.StoryIndex()
    for f in sorted(feats, key=stories.chrono_key):
        index.add(f)
    return list(index.groups().values())


def fmt(m: dict[str, float]) -> str:
    return (f"b3 P={m['b3_P']:.3f} R={m['b3_R']:.3f} F1={m['b3_F1']:.3f}  "
            f"pair_F1={m['pair_F1']:.3f}  ARI={m['ARI']:.3f}  clusters={m['n_pred']:.0f}")


def sweep(analyses: Sequence[ArticleAnalysis], gold: dict[str, str]) -> None:
    import itertools

    defaults = (features.ENTITY_WEIGHT, features.NUMBER_WEIGHT, story_index.JOIN_THRESHOLD,
                story_index.MERGE_THRESHOLD, story_index.COHESION_SHARE, stories.REFINE_THRESHOLD)
    for ew, nw in itertools.product((0.3, 0.45, 0.6), (0.0, 0.1, 0.2, 0.3)):
        features.ENTITY_WEIGHT = ew
        features.NUMBER_WEIGHT = nw
        for th in (0.14, 0.17, 0.20, 0.23):
            story_index.JOIN_THRESHOLD = th
            story_index.MERGE_THRESHOLD = th
            i = score(incremental_clusters(analyses), gold)["b3_F1"]
            b = score(batch_clusters(analyses), gold)["b3_F1"]
            print(f"entity_weight={ew:.2f} number_weight={nw:.2f} join=merge={th:.2f}  "
                  f"batch={b:.3f}  incr={i:.3f}")
    features.ENTITY_WEIGHT, features.NUMBER_WEIGHT = defaults[:2]
    story_index.JOIN_THRESHOLD, story_index.MERGE_THRESHOLD = defaults[2:4]
    for share in (0.0, 0.55, 0.6, 0.65, 0.7, 0.75):
        story_index.COHESION_SHARE = share
        i = score(incremental_clusters(analyses), gold)["b3_F1"]
        print(f"cohesion_share={share:.2f}  incr={i:.3f}")
    story_index.COHESION_SHARE = defaults[4]
    for refine in (0.12, 0.15, 0.17, 0.20, 0.23, 0.25, 1.0):
        stories.REFINE_THRESHOLD = refine
        b = score(batch_clusters(analyses), gold)["b3_F1"]
        print(f"refine_threshold={refine:.2f}  batch={b:.3f}" + ("  (no moves)" * (refine >= 1)))
    stories.REFINE_THRESHOLD = defaults[5]
    sweep_moves(analyses, gold)


def sweep_moves(analyses: Sequence[ArticleAnalysis], gold: dict[str, str]) -> None:
    """B3 F1 by :data:`~corroborator.corpus.stories.MOVE_THRESHOLD` (1.0: no moves), then by
    :data:`~corroborator.corpus.stories.MOVE_STORIES` and
    :data:`~corroborator.corpus.stories.MOVE_MEMBERS`
    (one at a time, the others at their defaults)."""
    grid: list[tuple[str, tuple[float, ...]]] = [
        ("MOVE_THRESHOLD", (0.10, 0.12, 0.14, 0.17, 0.20, 0.23, 0.26, 1.0)),
        ("MOVE_STORIES", (0, 1, 2, 3, 4, 6)),
        ("MOVE_MEMBERS", (3, 5, 8, 10, 30)),
    ]
    for name, values in grid:
        default = getattr(stories, name)
        for value in values:
            setattr(stories, name, type(default)(value))
            i = score(incremental_clusters(analyses), gold)["b3_F1"]
            b = score(batch_clusters(analyses), gold)["b3_F1"]
            print(f"{name.lower()}={value:g}  batch={b:.3f}  incr={i:.3f}")
        setattr(stories, name, default)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the analyses")
    ap.add_argument("--out", type=Path, default=None, help="write cluster JSON files here")
    ap.add_argument("--sweep", action="store_true")
    ap.add_argument("--sweep-moves", action="store_true",
                    help="only the MOVE_THRESHOLD part of --sweep")
    a = ap.parse_args()
    arts, gold = load_articles(a.data)
    t0 = time.perf_counter()
    analyses = load_analyses(arts, a.cache)
    t1 = time.perf_counter()
    print(f"{len(analyses)} articles parsed+analyzed in {t1 - t0:.1f} s")
    if a.sweep or a.sweep_moves:
        (sweep if a.sweep else sweep_moves)(analyses, gold)
        return
    batch = batch_clusters(analyses)
    t2 = time.perf_counter()
    incr = incremental_clusters(analyses)
    t3 = time.perf_counter()
    print(f"batch        {fmt(score(batch, gold))}  ({t2 - t1:.2f} s)")
    print(f"incremental  {fmt(score(incr, gold))}  ({t3 - t2:.2f} s)")
    if a.out is not None:
        a.out.mkdir(parents=True, exist_ok=True)
        for name, cl in (("batch", batch), ("incremental", incr)):
            (a.out / f"{name}.json").write_text(json.dumps({"clusters": cl}), encoding="utf-8")


if __name__ == "__main__":
    main()
