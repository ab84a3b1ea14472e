"""Ingest latency and memory as the store grows (prints figures; not a test).

    python benchmarks/scale.py [--sizes 100000,300000,1000000] [--db FILE] [--cache FILE]
                               [--batch 250]

Parses and analyses ``../shared/data/newswire/newswire.jsonl`` once (``--cache`` pickles
the analyses), then ingests it again and again with new ids until the store holds
the largest of ``--sizes`` articles, through the same :class:`~corroborator.app.ingest.Ingester`
that ``corroborator ingest`` uses (dedup against the store, incremental stories,
SQLite writes). The NLP output is reused, so the figures are the per-article cost
*beyond* the article's own NLP.

Repeats must be new stories, not copies of the first pass. Each repeat ``r``:

* shifts publication dates by ``r * SHIFT_DAYS`` (a few months);
* renames its names, figures and days (e:, n: and d: features get a ``~r`` suffix: the
  same kind of event with other participants) and a third of its content words
  (chosen by hash), so it neither joins the earlier pass's stories nor is much more
  similar to them than two real events of one kind;
* has its dedup shingles salted per repeat, so copies are looked for within a repeat
  (the newswire's own reprints) but shifted repeats are not flagged as copies.

At 1k and 10k stored articles, every 10k up to 100k and every 50k beyond, prints the
mean per-article latency since the row before (one batch alone can hit a database
checkpoint) and that of the batch that crossed the mark, the story count, and the peak
RSS of this process. The rows at the ``--sizes`` are marked ``*``; a summary line per
size follows the run. ``--sizes 100000`` runs only the first size (the 1,000,000 run
takes hours: run it in the background with its output to a log).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import resource
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from datasketch import MinHash

from corroborator.app.ingest import Ingester
from corroborator.corpus import dedup, features
from corroborator.model import Article, ArticleAnalysis
from corroborator.store.codec import decode_analysis, encode_analysis
from corroborator.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newswire" / "newswire.jsonl"

#: Days each repeat is shifted by.
SHIFT_DAYS = 100
#: Share of content-word features renamed per repeat.
WORD_RENAME_SHARE = 1 / 3
MILESTONES = (1_000, 10_000, 100_000)
#: Store sizes reported by default (the largest is the run's target).
DEFAULT_SIZES = (100_000, 300_000, 1_000_000)
#: Rows every this many articles up to 100k, then every ``COARSE_STEP``.
FINE_STEP, COARSE_STEP = 10_000, 50_000


def load_analyses(path: Path, cache: Path | None) -> list[bytes]:
    """The NLP output of the newswire, as the store's compact encoding (so that holding
    it costs ~30 MB, not the ~1 GB the objects would)."""
    if cache is not None and cache.exists():
        with open(cache, "rb") as fh:
            cached: list[bytes] = pickle.load(fh)
        return cached
    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article

    arts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            arts.append(Article(id=r["id"], text=r["text"], source=r.get("source"),
                                title=r.get("title"), published=r.get("published")))
    t0 = time.perf_counter()
    blobs = [encode_analysis(analyze_article(p)) for p in parse_articles(arts, n_process=2)]
    print(f"NLP for {len(blobs)} articles: {time.perf_counter() - t0:.0f} s", flush=True)
    if cache is not None:
        with open(cache, "wb") as fh:
            pickle.dump(blobs, fh)
    return blobs


def shifted(analysis: ArticleAnalysis, rep: int) -> ArticleAnalysis:
    """Repeat ``rep`` of an article: new id, dates moved by rep * SHIFT_DAYS."""
    art = analysis.article
    pub = art.published
    if rep and pub:
        d = date.fromisoformat(pub[:10]) + timedelta(days=rep * SHIFT_DAYS)
        pub = d.isoformat() + pub[10:]
    new = replace(art, id=f"{art.id}~r{rep}" if rep else art.id, published=pub)
    return replace(analysis, parsed=replace(analysis.parsed, article=new))


def _rep_of(article_id: str) -> int:
    return int(article_id.rsplit("~r", 1)[1]) if "~r" in article_id else 0


def _renamed(feature: str, rep: int) -> str:
    if rep == 0:
        return feature
    if feature[0] in "end":  # names, figures and calendar days
        return f"{feature}~{rep}"
    h = int.from_bytes(hashlib.blake2b(f"{feature}|{rep}".encode(), digest_size=4).digest(),
                       "big")
    return f"{feature}~{rep}" if h < WORD_RENAME_SHARE * 2**32 else feature


def perturbed_features(analysis: ArticleAnalysis, order: int) -> features.ArticleFeatures:
    f = features.article_features(analysis, order)
    rep = _rep_of(f.article_id)
    return replace(f, counts=tuple((_renamed(k, rep), v) for k, v in f.counts))


def salted_signature(art: Article) -> MinHash | None:
    rep = _rep_of(art.id)
    if rep == 0:
        return dedup.signature(art.text)
    return dedup.signature(" ".join(w + f"~{rep}" for w in art.text.split()))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                    help="comma-separated store sizes to report (default: %(default)s)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the analyses")
    ap.add_argument("--db", type=Path, default=None,
                    help="store file (default: a fresh file under /tmp)")
    ap.add_argument("--batch", type=int, default=250, help="articles per ingest call")
    a = ap.parse_args()
    sizes = sorted({int(x.replace("_", "")) for x in a.sizes.split(",") if x.strip()})
    target = sizes[-1]
    base = load_analyses(a.data, a.cache)
    rss_after_nlp = peak_rss_mb()
    db = a.db or Path(f"/tmp/corroborator-scale-{int(time.time())}.db")
    db.unlink(missing_ok=True)
    store = Store(db)
    ingester = Ingester(store, features_of=perturbed_features, signature_of=salted_signature)
    total = 0
    rep = 0
    marks = sorted({m for m in MILESTONES if m <= target}
                   | set(range(FINE_STEP, min(target, 100_000) + 1, FINE_STEP))
                   | set(range(100_000, target + 1, COARSE_STEP)) | set(sizes))
    summary: list[str] = []
    print(f"store {db}; {len(base)} articles per repeat; sizes {sizes}", flush=True)
    print(f"{'stored':>8} {'ms/article':>11} {'last batch':>11} {'stories':>8} {'copies':>7} "
          f"{'peak RSS MB':>12}   (ms/article: mean since the row before)")
    t_all = time.perf_counter()
    copies = 0
    window_s, window_n = 0.0, 0
    while total < target:
        for i in range(0, len(base), a.batch):
            blobs = base[i : i + a.batch][: target - total]
            if not blobs:
                break
            chunk = [shifted(decode_analysis(b), rep) for b in blobs]
            t0 = time.perf_counter()
            placed = ingester.add(chunk)
            dt = time.perf_counter() - t0
            before, total = total, total + len(chunk)
            window_s, window_n = window_s + dt, window_n + len(chunk)
            copies += sum(1 for p in placed if p.article.duplicate_of)
            crossed = [m for m in marks if before < m <= total]
            if crossed:
                star = "*" if any(m in sizes for m in crossed) else " "
                mean_ms, batch_ms = 1000 * window_s / window_n, 1000 * dt / len(chunk)
                print(f"{total:>8} {mean_ms:>11.2f} {batch_ms:>11.2f} "
                      f"{len(ingester.index.stories):>8} {copies:>7} {peak_rss_mb():>12.0f} "
                      f"{star}", flush=True)
                if star == "*":
                    summary.append(
                        f"at {total:>9,} stored: placement {mean_ms:.2f} ms/article (mean "
                        f"since the row before; last batch {batch_ms:.2f}), "
                        f"peak RSS {peak_rss_mb():.0f} MB, {len(ingester.index.stories)} "
                        f"stories")
                window_s, window_n = 0.0, 0
            if total >= target:
                break
        rep += 1
    elapsed = time.perf_counter() - t_all
    print(f"ingested {total} articles in {elapsed:.0f} s "
          f"({1000 * elapsed / total:.2f} ms/article overall); "
          f"{len(ingester.index.stories)} stories; {copies} flagged copies")
    print(f"peak RSS: {peak_rss_mb():.0f} MB "
          f"(after loading the NLP output: {rss_after_nlp:.0f} MB)")
    print(f"store size: {db.stat().st_size / 2**20:.0f} MB")
    print("\n".join(summary))
    store.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
