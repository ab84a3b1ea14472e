"""Throughput of the full pipeline against spaCy alone, on the same articles, in one run.

    python benchmarks/throughput.py [--limit N] [--data PATH] [--repeat N] [--profile]

Prints articles/s and words/s for spaCy alone (the same model, the same ``nlp.pipe``
settings), the same for the full pipeline, their ratio, the peak RSS of this process and
its children, and the size of the venv. ``--repeat N`` runs the pair N times,
alternating, and reports each ratio, their median, and the rates of the fastest run of
each (a busy machine slows one run more than the other). ``--profile`` adds the time
spent in each stage.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newswire" / "newswire.jsonl"


def peak_rss_mb() -> float:
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(self_kb, child_kb) / 1024


def dir_size_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total / 1e6


def load(path: Path, limit: int | None) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
                if limit and len(records) >= limit:
                    break
    return records


STAGE_TIMES: dict[str, float] = defaultdict(float)


@contextmanager
def timed(name: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    STAGE_TIMES[name] += time.perf_counter() - t0


def instrument(module: Any, name: str) -> None:
    """Wrap a stage function so that its cumulative time is recorded."""
    fn: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with timed(f"{module.__name__.split('.')[-1]}.{name}"):
            return fn(*args, **kwargs)

    setattr(module, name, wrapper)


def _instrument_method(cls: type, name: str, label: str) -> None:
    fn: Callable[..., Any] = getattr(cls, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with timed(label):
            return fn(*args, **kwargs)

    setattr(cls, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--repeat", type=int, default=1, help="run spaCy and the pipeline N times")
    ap.add_argument("--profile", action="store_true", help="time each stage")
    a = ap.parse_args()
    if not a.data.exists():
        sys.exit(f"{a.data} not found (needs ../shared beside the repo)")
    records = load(a.data, a.limit)
    texts = [r["text"] for r in records]
    words = sum(len(t.split()) for t in texts)
    print(f"articles {len(records)}  words {words:,}")

    from corroborator import pipeline
    from corroborator.nlp.parse import load_pipeline, spacy_only
    from corroborator.settings import NLP_MULTIPROCESS_MIN_DOCS

    load_pipeline()  # both runs start with the model loaded
    n_process = 2 if len(records) >= NLP_MULTIPROCESS_MIN_DOCS else 1

    if a.profile:
        from corroborator.article import mentions, times, zones
        from corroborator.corpus import dedup, stories
        from corroborator.story import (
            alignment,
            claims,
            conflicts,
            entities,
            quantities,
            quotes,
            summary,
            timeline,
        )
        for mod, fn in [
            (zones, "classify"),
            (times, "find_times"),
            (mentions, "find_mentions"),
            (dedup, "find_duplicates"),
            (stories, "cluster"),
            (entities, "resolve"),
            (quotes, "find_quotes"),
            (quantities, "find_quantities"),
            (claims, "extract_claims"),
            (alignment, "align"),
            (conflicts, "find_conflicts"),
            (timeline, "build_timeline"),
            (summary, "summarize"),
            (times, "infer_publication"),
        ]:
            instrument(mod, fn)
        # the two phases: parse + per-article stages (overlapped with spaCy's worker
        # processes), and the per-story stages after them
        from corroborator.run.backends import LocalBackend

        for method, phase in [("parse_and_map", "parse+article"), ("map", "per-story")]:
            _instrument_method(LocalBackend, method, f"phase {phase}")

    spacy_runs: list[float] = []
    full_runs: list[float] = []
    for _ in range(max(1, a.repeat)):
        t0 = time.perf_counter()
        spacy_only(texts, n_process=n_process)
        spacy_runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        brief = pipeline.analyze(records, quiet=True)
        full_runs.append(time.perf_counter() - t0)
    t_spacy, t_full = min(spacy_runs), min(full_runs)

    def rate(seconds: float) -> str:
        return f"{len(records) / seconds:8.1f} articles/s  {words / seconds:9.0f} words/s"

    print(f"spaCy alone    {t_spacy:7.1f} s  {rate(t_spacy)}  (n_process={n_process})")
    print(f"full pipeline  {t_full:7.1f} s  {rate(t_full)}")
    print(f"ratio full/spaCy throughput: {t_spacy / t_full:.2f}")
    if len(full_runs) > 1:
        ratios = sorted(s / f for s, f in zip(spacy_runs, full_runs, strict=True))
        print(f"ratio per run: {' '.join(f'{r:.2f}' for r in ratios)}  "
              f"median {statistics.median(ratios):.2f}")
    print(f"stories {len(brief.stories)}  errors {len(brief.errors)}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    venv = Path(sys.prefix)
    if venv != Path(sys.base_prefix):
        print(f"venv size: {dir_size_mb(venv):.0f} MB ({venv})")
    if a.profile:
        print("stage times (cumulative, s, mean per run; NLP parse runs inside 'analyze'"
              " ahead of these; from 200 articles on, parsing with the per-article stages,"
              " and with many stories the per-story stages, are shared with a forked"
              " worker, whose times are not counted here):")
        for name, secs in sorted(STAGE_TIMES.items(), key=lambda kv: -kv[1]):
            if not name.startswith("phase "):
                print(f"  {name:28s} {secs / len(full_runs):7.2f}")
        print("phases (wall, s):")
        for name, secs in STAGE_TIMES.items():
            if name.startswith("phase "):
                print(f"  {name[6:]:28s} {secs / len(full_runs):7.2f}")


if __name__ == "__main__":
    main()
