"""Run :func:`corroborator.article.times.find_times` over the TimeBank dev set and score it.

    python benchmarks/timex_eval.py [--data DIR] [--out PRED.jsonl] [--cache PARSED.pkl]

Parses the documents with :func:`corroborator.nlp.parse.parse_articles` (two processes), writes
the scorer's PRED JSONL (one line per document: ``{"id", "times": [...]}``), then runs
``../shared/eval/timex_score.py`` on it and prints its figures plus the run time.
``--cache`` keeps the parses in a pickle so that repeated runs skip spaCy.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from bench_cache import cached
from corroborator.article.times import find_times
from corroborator.model import Article, Parsed

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def load_articles(data: Path) -> list[Article]:
    """The TimeBank documents as Articles; ``published`` is the DCT."""
    out = []
    with (data / "timebank.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out.append(Article(id=d["id"], text=d["text"], published=d.get("published"),
                                   source=d.get("source")))
    return out


def parse_all(articles: list[Article], cache: Path | None = None) -> list[Parsed]:
    """Parse with spaCy (two processes), or load the parses from ``cache``."""
    from corroborator.nlp.parse import parse_articles

    return cached(cache, lambda: list(parse_articles(articles, n_process=2,
                                                     expected=len(articles))))


def predictions(parsed: Iterable[Parsed]) -> list[dict[str, object]]:
    """One scorer record per document."""
    rows: list[dict[str, object]] = []
    for p in parsed:
        times = find_times(p, p.article.published)
        rows.append({
            "id": p.article.id,
            "times": [
                {"start": t.span.start, "end": t.span.end, "text": t.text, "type": t.type,
                 "value": t.value or ""}
                for t in times
            ],
        })  # fmt: skip
    return rows


def score(pred_path: Path, gold_path: Path, json_out: Path | None = None) -> str:
    """Run the shared scorer and return its stdout."""
    cmd = [sys.executable, str(SHARED / "eval" / "timex_score.py"), str(pred_path), str(gold_path)]
    if json_out is not None:
        cmd += ["--json", str(json_out)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return res.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "timebank")
    ap.add_argument("--out", type=Path, default=ROOT / ".bench-cache" / "timex_pred.jsonl",
                    help="where the predictions go (scored from there)")
    ap.add_argument("--cache", type=Path, default=None)
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    articles = load_articles(a.data)
    parsed = parse_all(articles, a.cache)
    t1 = time.perf_counter()
    rows = predictions(parsed)
    t2 = time.perf_counter()
    a.out.parent.mkdir(parents=True, exist_ok=True)
    with a.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    print(score(a.out, a.data / "timebank.gold.jsonl"), end="")
    print(f"runtime: parse {t1 - t0:.1f}s, find_times {t2 - t1:.2f}s "
          f"({len(rows)} docs, {(t2 - t1) / max(1, len(rows)) * 1000:.1f} ms/doc)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
