"""Quality gate: zones, quotes and quantities against hand gold.

The gold (``tests/gold/zones_quotes_figures.gold.json``) covers the demo corpus and the invented
fixtures ``tests/fixtures/stories/a_*.txt``; items are keyed by source + text snippet.
The seed check reads ``../shared/corpora/seeds`` at run time and skips without it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from corroborator.model import Article, Entity, Parsed, Quantity, Quote, TimeExpr, Zone
from corroborator.nlp.parse import parse_articles
from corroborator.pipeline import analyze_article
from corroborator.story import entities, quantities, quotes
from tests.conftest import DEMO, FIXTURES, ROOT, shared_path

GOLD = ROOT / "tests" / "gold" / "zones_quotes_figures.gold.json"

# Pinned minimums: the figures measured when the gate was written, minus 0.01.
MIN_ZONES_P, MIN_ZONES_R = 0.99, 0.99
MIN_QUOTES_P, MIN_QUOTES_R = 0.99, 0.99
MIN_SPEAKER_ACCURACY = 1.0
MIN_QTY_P, MIN_QTY_R = 0.99, 0.99


@dataclass(frozen=True)
class Run:
    parsed: tuple[Parsed, ...]
    zones: dict[str, tuple[Zone, ...]]
    times: dict[str, tuple[TimeExpr, ...]]
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    quantities: tuple[Quantity, ...]

    def source(self, article_id: str) -> str:
        art = next(p.article for p in self.parsed if p.article.id == article_id)
        return art.source or art.id

    def text(self, article_id: str, start: int, end: int) -> str:
        art = next(p.article for p in self.parsed if p.article.id == article_id)
        return art.text[start:end]


def run_stages(articles: Iterable[Article]) -> Run:
    """Parse and run zones, times, entities, quotes and quantities as the pipeline does."""
    parsed = tuple(parse_articles(list(articles), n_process=1))
    analyses = [analyze_article(p) for p in parsed]
    zone_map = {a.article.id: a.zones for a in analyses}
    time_map = {a.article.id: a.times for a in analyses}
    ents = entities.resolve(
        [a.mentions for a in analyses], {a.article.id: a.article.source for a in analyses}
    )
    qs = quotes.find_quotes(parsed, zone_map, ents)
    qty = quantities.find_quantities(parsed, zone_map, time_map)
    return Run(parsed, zone_map, time_map, ents, qs, qty)


def _norm(s: str | None) -> str:
    if s is None:
        return ""
    s = s.replace("’", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"\s+", " ", s).strip().lower()
    return re.sub(r"^the ", "", s)


def _pr(correct_pred: int, n_pred: int, found_gold: int, n_gold: int) -> tuple[float, float]:
    return (correct_pred / n_pred if n_pred else 1.0, found_gold / n_gold if n_gold else 1.0)


def score(run: Run, gold: dict[str, list[dict[str, object]]]) -> dict[str, float]:
    """Precision/recall per section (and per zone class), plus speaker accuracy."""
    out: dict[str, float] = {}
    # zones ------------------------------------------------------------------------
    pred_z = [
        (run.source(z.span.article), _norm(run.text(z.span.article, z.span.start, z.span.end)),
         z.label)
        for zs in run.zones.values()
        for z in zs
        if z.label != "reporting"
    ]
    gold_z = [(str(g["source"]), _norm(str(g["snippet"])), str(g["label"])) for g in gold["zones"]]

    def z_match(p: tuple[str, str, str], g: tuple[str, str, str]) -> bool:
        return p[0] == g[0] and p[2] == g[2] and (g[1] in p[1] or p[1] in g[1])

    labels = sorted({g[2] for g in gold_z} | {p[2] for p in pred_z})
    for label in [None, *labels]:
        ps = [p for p in pred_z if label is None or p[2] == label]
        gs = [g for g in gold_z if label is None or g[2] == label]
        p, r = _pr(
            sum(any(z_match(x, g) for g in gold_z) for x in ps), len(ps),
            sum(any(z_match(x, g) for x in pred_z) for g in gs), len(gs),
        )
        key = "zones" if label is None else f"zones.{label}"
        out[f"{key}.P"], out[f"{key}.R"] = p, r
    # quotes -----------------------------------------------------------------------
    gold_q = gold["quotes"]

    def q_match(q: Quote, g: dict[str, object]) -> bool:
        return (
            run.source(q.citation.article) == g["source"]
            and q.direct == g["direct"]
            and _norm(str(g["snippet"])) in _norm(q.text)
        )

    right_speaker = matched = 0
    for g in gold_q:
        hits = [q for q in run.quotes if q_match(q, g)]
        if hits:
            matched += 1
            right_speaker += _norm(hits[0].speaker_text) == _norm(g["speaker"])  # type: ignore[arg-type]
    out["quotes.P"], out["quotes.R"] = _pr(
        sum(any(q_match(q, g) for g in gold_q) for q in run.quotes), len(run.quotes),
        matched, len(gold_q),
    )
    out["quotes.speaker_accuracy"] = right_speaker / matched if matched else 1.0
    # quantities ---------------------------------------------------------------------
    gold_n = gold["quantities"]

    def n_match(q: Quantity, g: dict[str, object]) -> bool:
        return (
            run.source(q.citation.article) == g["source"]
            and _norm(q.text) == _norm(str(g["snippet"]))
            and abs(q.value - float(g["value"])) < 1e-6 * max(1.0, abs(q.value))  # type: ignore[arg-type]
            and q.low == g["low"]
            and q.high == g["high"]
            and q.qualifier == g["qualifier"]
            and q.unit == g["unit"]
            and _norm(q.counted) == _norm(g["counted"])  # type: ignore[arg-type]
        )

    out["quantities.P"], out["quantities.R"] = _pr(
        sum(any(n_match(q, g) for g in gold_n) for q in run.quantities), len(run.quantities),
        sum(any(n_match(q, g) for q in run.quantities) for g in gold_n), len(gold_n),
    )
    return out


def demo_articles() -> list[Article]:
    from corroborator.inputs.readers import read_inputs

    inputs: list[str | Path] = [DEMO, *sorted((FIXTURES / "stories").glob("a_*.txt"))]
    articles, errors = read_inputs(inputs)
    assert not errors, errors
    return list(articles)


@pytest.mark.slow
@pytest.mark.gate
def test_gate_zones_quotes_quantities_on_demo_and_fixtures() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    figures = score(run_stages(demo_articles()), gold)
    report = ", ".join(f"{k}={v:.3f}" for k, v in sorted(figures.items()))
    assert figures["zones.P"] >= MIN_ZONES_P, report
    assert figures["zones.R"] >= MIN_ZONES_R, report
    assert figures["quotes.P"] >= MIN_QUOTES_P, report
    assert figures["quotes.R"] >= MIN_QUOTES_R, report
    assert figures["quotes.speaker_accuracy"] >= MIN_SPEAKER_ACCURACY, report
    assert figures["quantities.P"] >= MIN_QTY_P, report
    assert figures["quantities.R"] >= MIN_QTY_R, report


def seed_articles() -> list[Article]:
    out = []
    for path in sorted(shared_path("corpora", "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = re.match(r"^\s*date (\d{4}-\d{2}-\d{2}) ", text)
        published = m.group(1) if m else None
        out.append(Article(id=path.stem, text=text[m.end():] if m else text, published=published))
    return out


@pytest.mark.slow
@pytest.mark.gate
def test_seeds_peak_figures_direct_quote_speakers_and_non_reporting_lines() -> None:
    run = run_stages(seed_articles())
    by_value = {q.value: q for q in run.quantities}
    # the two peak troop figures that the conflict finder must compare
    assert 169_000 in by_value and 170_000 in by_value
    assert "troops" in (by_value[169_000].counted or "")
    assert by_value[169_000].qualifier == "about" and by_value[169_000].time == "2007-08"
    assert "troops" in (by_value[170_000].counted or "")
    # every direct quote on the seeds is attributed in its text
    direct = [q for q in run.quotes if q.direct]
    assert len(direct) >= 8
    assert all(q.speaker_text for q in direct), [q.text for q in direct if not q.speaker_text]
    # captions, credits, a bio, section headings and a newsletter line are not reporting
    labels = [z.label for zs in run.zones.values() for z in zs if z.label != "reporting"]
    for label in ("caption", "credit", "byline", "heading", "newsletter"):
        assert label in labels, labels
    assert labels.count("heading") >= 5
