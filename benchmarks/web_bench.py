"""Web app latency over a store of 10,000 newswire articles (prints figures; not a test).

    python benchmarks/web_bench.py [--db FILE] [--cache FILE] [--briefs FILE]
                                   [--articles 10000] [--requests 200] [--seconds 60]

1. Builds the store once (reused when ``--db`` holds enough articles): the newswire NLP
   output (``--cache`` pickles it) ingested again and again with new ids, shifted dates
   and renamed names until the store holds ``--articles`` articles, as
   ``benchmarks/scale.py`` does. Opening it brings the schema up to date (the search
   index of migration 7 is built then, timed).
2. Computes every story's brief and renders its page into the brief cache (``--briefs``,
   reused), as ``corroborator serve`` does in the background; prints the time (the cold
   cost).
3. Starts ``corroborator serve`` (a real uvicorn process) on 127.0.0.1 and measures, one
   request at a time, the story list (pages, searches, filters) and story pages (a
   seeded sample): p50 and p95 latency. Targets: p95 < 200 ms.
4. 20 concurrent clients (httpx, async) for ``--seconds``, mixing list, search, story and
   article pages: requests, errors (target 0) and latency under load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corroborator.app.ingest import Ingester
from corroborator.store.codec import decode_analysis
from corroborator.store.database import Store
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


CLIENTS = 20
SEARCHES = ("police", "minister said", "percent", "election", "talks", "earthquake",
            "China", "market")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def figures(name: str, ms: list[float]) -> str:
    return (f"{name:<28} n={len(ms):>5}  p50 {statistics.median(ms):7.1f} ms  "
            f"p95 {percentile(ms, 0.95):7.1f} ms  max {max(ms):7.1f} ms")


def list_urls(rng: random.Random, pages: int, n: int) -> list[str]:
    """Story-list URLs: plain pages, searches, a filter or two."""
    urls = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            urls.append(f"/?page={rng.randint(1, pages)}")
        elif kind == 1:
            urls.append(f"/?q={rng.choice(SEARCHES).replace(' ', '+')}")
        elif kind == 2:
            urls.append("/")
        else:
            urls.append(f"/?disputed=1&page={rng.randint(1, 3)}")
    return urls


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/static/web.js", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def sequential(base: str, urls: list[str]) -> list[float]:
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        for url in urls:
            t0 = time.perf_counter()
            r = client.get(url)
            out.append(1000 * (time.perf_counter() - t0))
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code}")
    return out


async def load(base: str, urls: list[str], seconds: float, clients: int
               ) -> tuple[list[float], int, list[str]]:
    """``clients`` loops requesting random ``urls`` for ``seconds``; latencies, errors."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[str] = []
    done = 0

    async def client_loop(seed: int) -> None:
        nonlocal done
        rng = random.Random(seed)
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            while time.monotonic() < stop:
                url = rng.choice(urls)
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors.append(f"{url}: HTTP {r.status_code}")
                except httpx.HTTPError as exc:
                    errors.append(f"{url}: {type(exc).__name__}")
                latencies.append(1000 * (time.perf_counter() - t0))
                done += 1

    await asyncio.gather(*(client_loop(i) for i in range(clients)))
    return latencies, done, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/corroborator-web-bench.db"))
    ap.add_argument("--cache", type=Path, default=None, help="pickle of the NLP output")
    ap.add_argument("--briefs", type=Path, default=None,
                    help="brief cache file (default: beside --db)")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=200, help="per sequential measure")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--port", type=int, default=8799)
    a = ap.parse_args()
    build_store(a.db, a.cache, a.articles)
    from corroborator.web.app import DEFAULT_PAGE, render_default_page
    from corroborator.web.briefs import warm

    t0 = time.perf_counter()
    with Store(a.db) as store:  # brings the schema up to date
        n_articles = store.count_articles()
        story_ids = [str(r[0]) for r in store.select("SELECT id FROM stories ORDER BY num")]
        article_ids = [str(r[0]) for r in store.select("SELECT id FROM articles")]
        biggest = [str(r[0]) for r in store.select(
            "SELECT id FROM stories ORDER BY size DESC, num LIMIT 10")]
    print(f"store {a.db}: {n_articles} articles, {len(story_ids)} stories "
          f"(opened and brought up to date in {time.perf_counter() - t0:.1f} s)", flush=True)
    briefs = a.briefs or a.db.with_suffix(".briefs.sqlite")
    t0 = time.perf_counter()
    computed = warm(a.db, briefs, niceness=0, page=(DEFAULT_PAGE, render_default_page))
    elapsed = time.perf_counter() - t0
    print(f"brief cache {briefs}: {computed} story briefs computed in {elapsed:.0f} s"
          + (f" ({1000 * elapsed / computed:.0f} ms per story)" if computed else ""),
          flush=True)

    base = f"http://127.0.0.1:{a.port}"
    exe = Path(sys.executable).with_name("corroborator")
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(a.db), "--port", str(a.port), "--cache", str(briefs),
         "--no-warm"], env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        wait_ready(base, proc)
        rng = random.Random(7)
        first = httpx.get(base + "/api/stories", timeout=60).json()
        print(f"server up: {first['total']} stories, {first['analyzed']} analyzed", flush=True)
        lists = list_urls(rng, first["pages"], a.requests)
        story_urls = [f"/stories/{sid}" for sid in rng.sample(story_ids, min(a.requests,
                                                                              len(story_ids)))]
        sequential(base, lists[:10] + story_urls[:10])  # connection and import warm-up
        list_ms = sequential(base, lists)
        story_ms = sequential(base, story_urls)
        big_ms = sequential(base, [f"/stories/{sid}" for sid in biggest] * 2)
        article_urls = [f"/articles/{aid}" for aid in rng.sample(article_ids, a.requests)]
        article_ms = sequential(base, article_urls)
        print(figures("story list (/, search)", list_ms))
        print(figures("story page (sample)", story_ms))
        print(figures(f"story page ({len(biggest)} largest)", big_ms))
        print(figures("article page", article_ms))
        verdict = {True: "met", False: "MISSED"}
        print(f"targets: p95 < 200 ms -> list {verdict[percentile(list_ms, .95) < 200]}, "
              f"story page {verdict[percentile(story_ms, .95) < 200]}", flush=True)
        mix = lists + story_urls + article_urls
        latencies, done, errors = asyncio.run(load(base, mix, a.seconds, CLIENTS))
        print(f"{CLIENTS} clients x {a.seconds:.0f} s: {done} requests "
              f"({done / a.seconds:.1f}/s), {len(errors)} errors")
        print(figures("  under load (all pages)", latencies))
        for err in errors[:5]:
            print(f"  error: {err}")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
