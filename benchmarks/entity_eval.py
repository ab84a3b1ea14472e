"""Entity resolution on the ECB+ dev set: parse → find_mentions → resolve → scorer.

Resolves over ALL dev articles in one ``resolve`` call (store-level resolution; the gold
topics are not used to group), writes a brief-shaped JSON and prints the scorer's figures.

    .venv/bin/python benchmarks/entity_eval.py [--out brief.json] [--cache parsed.pkl]

``--cache`` keeps the parses in a pickle so that tuning the resolver does not re-parse
(delete the file after changing the entity ruler).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench_cache import cached
from corroborator.article import mentions
from corroborator.model import Article, Entity, Parsed
from corroborator.story import entities

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "ecbplus-dev"
TEXT = DEV / "ecb_dev.jsonl"
GOLD = DEV / "ecb_dev.entities.gold.jsonl"
SCORER = SHARED / "eval" / "entity_score.py"


def load_articles(path: Path = TEXT) -> list[Article]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out.append(Article(id=r["id"], text=r["text"], source=r.get("source"),
                                   title=r.get("title"), published=r.get("published")))
    return out


def parse_all(articles: list[Article], cache: Path | None = None) -> list[Parsed]:
    """Parse with two processes (or read the cache)."""
    from corroborator.nlp.parse import parse_articles

    return cached(cache, lambda: list(parse_articles(articles, n_process=2)))


def brief_dict(articles: list[Article], ents: tuple[Entity, ...]) -> dict[str, Any]:
    """The parts of a brief the entity scorer reads: one story with every entity."""
    return {
        "articles": [{"id": a.id, "text": a.text} for a in articles],
        "stories": [
            {
                "id": "s-all",
                "entities": [
                    {
                        "id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases),
                        "mentions": [
                            {"article": s.article, "start": s.start, "end": s.end}
                            for s in e.mentions
                        ],
                    }
                    for e in ents
                ],
            }
        ],
    }


def run(out: Path, cache: Path | None = None) -> tuple[str, dict[str, float]]:
    """Run the product on the dev set; return the scorer's output and timings."""
    t0 = time.perf_counter()
    articles = load_articles()
    parsed = parse_all(articles, cache)
    t1 = time.perf_counter()
    found = [mentions.find_mentions(p, ()) for p in parsed]
    t2 = time.perf_counter()
    ents = entities.resolve(found, {a.id: a.source for a in articles})
    t3 = time.perf_counter()
    out.write_text(json.dumps(brief_dict(articles, ents)), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, str(SCORER), str(out), str(GOLD), "--text", str(TEXT), "--by-tag"],
        capture_output=True, text=True, check=True,
    )
    times = {"parse": t1 - t0, "mentions": t2 - t1, "resolve": t3 - t2}
    return res.stdout, times


def conll_f1(scorer_output: str) -> float:
    """The headline figure from the scorer's last line."""
    last = scorer_output.strip().splitlines()[-1]
    return float(last.split()[0].split("=")[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/entity_eval_brief.json"))
    ap.add_argument("--cache", type=Path, default=None)
    a = ap.parse_args()
    output, times = run(a.out, a.cache)
    print(output.rstrip())
    print("seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))


if __name__ == "__main__":
    main()
