"""JSON output: schema-valid, complete, deterministic, byte-stable against the golden file."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from corroborator.errors import RenderError
from corroborator.model import Brief, Quantity, Span, Story
from corroborator.render.json import brief_to_dict, render_json
from tests.briefs import assert_golden, hostile_brief, sample_brief
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(shared_path("schema", "brief.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_golden() -> None:
    assert_golden("brief.json", sample_brief().to_json())


@pytest.mark.parametrize("make", [sample_brief, hostile_brief])
def test_validates_against_schema(make: Any, validator: jsonschema.protocols.Validator) -> None:
    data = json.loads(render_json(make()))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_empty_brief_validates(validator: jsonschema.protocols.Validator) -> None:
    data = json.loads(Brief((), (), (), (), generator_version="1.2.3").to_json())
    validator.validate(data)
    assert data["generator"] == {"name": "corroborator", "version": "1.2.3"}
    assert data["stories"] == [] and data["zones"] == []


def test_top_level_and_extra_fields() -> None:
    data = brief_to_dict(sample_brief())
    assert list(data) == ["schema_version", "generator", "articles", "stories", "times",
                          "errors", "zones"]
    assert data["schema_version"] == "1"
    assert data["generator"] == {"name": "corroborator", "version": "0.0.0-test"}
    c1 = next(a for a in data["articles"] if a["id"] == "c1")
    assert c1["published"] == "2026-03-14" and c1["published_inferred"] is True
    n2 = next(a for a in data["articles"] if a["id"] == "n2")
    assert n2["duplicate_of"] == "n1" and n2["path"] == "inbox/valemont.txt"
    story = data["stories"][0]
    for key in ("sources", "first_date", "last_date", "coverage", "merged_from"):
        assert key in story
    assert story["coverage"]["Coastline Bulletin"] == ["s1-c1", "s1-c6"]
    assert story["entities"][0]["sources"] == 2
    assert {"direct", "role"} <= set(story["quotes"][0])
    assert {"unit", "time", "text"} <= set(story["quantities"][0])
    numeric = story["conflicts"][0]
    assert numeric["note"] == "relative gap 0.6%, within rounding"
    assert numeric["positions"][0]["sources"] == ["Harbour Ledger"]
    assert any(t["inferred"] for t in story["timeline"])
    assert {s["kind"] for s in story["summary"]} == {"corroborated", "disputed", "unique"}


def test_times_are_flat_with_optional_fields_only_when_set() -> None:
    times = brief_to_dict(sample_brief())["times"]
    drills = next(t for t in times if t["text"] == "Between March 16 and 20")
    assert drills["value"] == "2026-03-16" and drills["end_value"] == "2026-03-20"
    april = next(t for t in times if t["text"] == "the end of April")
    assert april["mod"] == "END" and "end_value" not in april
    duration = next(t for t in times if t["type"] == "DURATION")
    assert "mod" not in duration and "end_value" not in duration and "anchor" not in duration
    assert times == sorted(times, key=lambda t: (t["article"], t["start"], t["end"]))


def test_zones_list_only_non_reporting_text() -> None:
    zones = brief_to_dict(sample_brief())["zones"]
    assert [z["label"] for z in zones] == ["dateline", "caption", "newsletter"]
    text = sample_brief().article("h1").text
    caption = zones[1]
    assert text[caption["start"]:caption["end"]].startswith("A crane operator")
    assert set(caption) == {"article", "start", "end", "label", "reason"}


def test_every_span_indexes_its_article_text() -> None:
    brief = sample_brief()
    data = brief_to_dict(brief)
    texts = {a["id"]: a["text"] for a in data["articles"]}

    def spans(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            if set(node) == {"article", "start", "end"}:
                return [node]
            return [s for v in node.values() for s in spans(v)]
        if isinstance(node, list):
            return [s for v in node for s in spans(v)]
        return []

    found = spans(data["stories"])
    assert len(found) > 40
    for s in found:
        assert 0 <= s["start"] < s["end"] <= len(texts[s["article"]])


def test_unordered_collections_are_sorted_so_output_is_stable() -> None:
    brief = sample_brief()
    story = brief.stories[0]
    shuffled = replace(
        story,
        sources=tuple(reversed(story.sources)),
        coverage=tuple((src, tuple(reversed(ids))) for src, ids in reversed(story.coverage)),
        entities=tuple(
            replace(e, aliases=tuple(reversed(e.aliases)), mentions=tuple(reversed(e.mentions)))
            for e in story.entities
        ),
    )
    other = replace(brief, stories=(shuffled, *brief.stories[1:]),
                    times=tuple(reversed(brief.times)), zones=tuple(reversed(brief.zones)))
    assert render_json(other) == render_json(brief)


def test_compact_output_and_unicode_kept() -> None:
    text = render_json(sample_brief(), indent=None)
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "\u201cNobody loses a job,\u201d" in text  # not \\u escapes


def test_generator_version_falls_back_to_installed_package() -> None:
    data = brief_to_dict(replace(sample_brief(), generator_version=""))
    assert data["generator"]["version"]


def test_non_finite_figure_is_a_render_error() -> None:
    brief = sample_brief()
    bad = Quantity(math.nan, None, None, "exact", None, "x", Span("h1", 0, 1))
    story = Story(id="s9", title="t", article_ids=("h1",), quantities=(bad,))
    with pytest.raises(RenderError, match="JSON"):
        render_json(replace(brief, stories=(story,)))
