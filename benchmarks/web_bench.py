"""Web app latency over a store of 10,000 newswire articles (prints figures; not a test).

    python benchmarks/web_bench.py [--db FILE] [--cache FILE] [--articles 10000]

Step 1 builds the store once (reused when ``--db`` exists): the newswire NLP output
(``--cache`` pickles it) ingested again and again with new ids, shifted dates and renamed
names until the store holds ``--articles`` articles, exactly as ``benchmarks/scale.py``
does. Later steps are filled in below.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corroborator.commands_store import Ingester
from corroborator.store import Store, decode_analysis
from scale import (
    DEFAULT_DATA,
    load_analyses,
    perturbed_features,
    salted_signature,
    shifted,
)


def build_store(db: Path, cache: Path | None, n_articles: int, data: Path = DEFAULT_DATA
                ) -> None:
    """A store of ``n_articles`` articles at ``db`` (kept when it already holds them)."""
    if db.exists():
        with Store(db) as store:
            if store.count_articles() >= n_articles:
                return
        db.unlink()
    base = load_analyses(data, cache)
    tmp = db.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    t0 = time.perf_counter()
    with Store(tmp) as store:
        ingester = Ingester(store, features_of=perturbed_features,
                            signature_of=salted_signature)
        total, rep = 0, 0
        while total < n_articles:
            for i in range(0, len(base), 250):
                blobs = base[i : i + 250][: n_articles - total]
                if not blobs:
                    break
                ingester.add([shifted(decode_analysis(b), rep) for b in blobs])
                total += len(blobs)
            rep += 1
        print(f"built {db}: {total} articles, {len(ingester.index.stories)} stories in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
    tmp.rename(db)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/corroborator-web-bench.db"))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the NLP output")
    ap.add_argument("--articles", type=int, default=10_000)
    a = ap.parse_args()
    build_store(a.db, a.cache, a.articles)


if __name__ == "__main__":
    main()
