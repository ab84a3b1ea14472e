"""End to end on the demo corpus: every stage runs, every citation points into its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corroborator import analyze
from corroborator.model import Brief, Span
from tests.conftest import DEMO, shared_path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo() -> Brief:
    return analyze([DEMO])


def _spans(brief: Brief) -> list[Span]:
    out: list[Span] = []
    for s in brief.stories:
        out += [m for e in s.entities for m in e.mentions]
        out += [c for t in s.timeline for c in t.citations]
        out += [q.citation for q in s.quotes] + [q.citation for q in s.quantities]
        out += [c for g in s.claims for c in g.citations]
        out += [c for k in s.conflicts for p in k.positions for c in p.citations]
        out += [c for b in s.summary for c in b.citations]
    out += [t.span for t in brief.times]
    return out


def test_demo_has_two_stories_and_every_article(demo: Brief) -> None:
    assert len(demo.articles) == 8
    assert demo.errors == ()
    sizes = sorted(len(s.article_ids) for s in demo.stories)
    assert sizes == [2, 6]
    assert sorted(i for s in demo.stories for i in s.article_ids) == sorted(
        a.id for a in demo.articles
    )


def test_every_citation_points_inside_its_article(demo: Brief) -> None:
    texts = {a.id: a.text for a in demo.articles}
    spans = _spans(demo)
    assert len(spans) > 50
    for span in spans:
        assert span.article in texts
        assert 0 <= span.start < span.end <= len(texts[span.article])


def test_undated_article_gets_an_inferred_date(demo: Brief) -> None:
    [undated] = [a for a in demo.articles if a.source == "The Upland Observer"]
    assert undated.published_inferred is True
    assert undated.published is not None and undated.published.startswith("2026-03-1")


def test_syndicated_copy_is_marked(demo: Brief) -> None:
    copy = demo.article("coastline-0315-dam")
    assert copy.duplicate_of == "meridian-0315-dam"


def test_sections_are_filled(demo: Brief) -> None:
    big = max(demo.stories, key=lambda s: len(s.article_ids))
    for section in (
        "entities",
        "timeline",
        "quotes",
        "quantities",
        "claims",
        "conflicts",
        "summary",
    ):
        assert getattr(big, section), section
    assert any(c.kind == "numeric" for c in big.conflicts)
    assert any(c.kind == "attribution" for c in big.conflicts)


def test_json_validates_against_the_schema(demo: Brief) -> None:
    import jsonschema

    schema = json.loads(shared_path("schema", "brief.schema.json").read_text())
    jsonschema.validate(json.loads(demo.to_json()), schema)


def test_seeds_run_and_find_the_troop_peak_conflict() -> None:
    seeds = shared_path("corpora", "seeds")
    brief = analyze([seeds])
    assert len(brief.articles) == 5 and brief.errors == ()
    dated = {a.id: a.published for a in brief.articles}
    assert all(dated.values()), dated  # three undated articles get inferred dates
    numeric = [c for s in brief.stories for c in s.conflicts if c.kind == "numeric"]
    values = [{p.value for p in c.positions} for c in numeric]
    assert any(
        any("169,000" in v or "169000" in v for v in vs)
        and any("170,000" in v or "170000" in v for v in vs)
        for vs in values
    ), values


def test_outputs_render(demo: Brief, tmp_path: Path) -> None:
    assert demo.to_markdown().startswith("#")
    assert "<html" in demo.to_html()
