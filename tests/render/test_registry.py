"""The renderer registry: format names, suffixes, errors, writing files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborator import render as registry
from corroborator.errors import RenderError
from corroborator.model import Brief
from tests.briefs import sample_brief


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = dict(registry._FORMATS)
    yield
    registry._FORMATS.clear()
    registry._FORMATS.update(saved)


def test_builtin_formats() -> None:
    assert registry.formats() == ("html", "json", "md")
    brief = sample_brief()
    assert registry.render(brief, "json") == brief.to_json()
    assert registry.render(brief, "MD") == brief.to_markdown()
    assert registry.render(brief, "html") == brief.to_html()


@pytest.mark.parametrize(("path", "explicit", "expected"), [
    ("out/brief.json", None, "json"),
    ("brief.MD", None, "md"),
    ("brief.markdown", None, "md"),
    ("brief.htm", None, "html"),
    ("brief.txt", "html", "html"),
    ("brief.json", "md", "md"),
    (None, None, "json"),
    ("-", None, "json"),
    (Path("x/y.html"), None, "html"),
])
def test_format_for_path(path: str | Path | None, explicit: str | None, expected: str) -> None:
    assert registry.format_for_path(path, explicit) == expected


def test_unknown_format_and_suffix_are_render_errors() -> None:
    with pytest.raises(RenderError, match="known: html, json, md"):
        registry.render(sample_brief(), "pdf")
    with pytest.raises(RenderError, match="unknown output format 'pdf'"):
        registry.format_for_path("a.json", "pdf")
    with pytest.raises(RenderError, match="pass --format"):
        registry.format_for_path("brief.txt")


@pytest.mark.usefixtures("restore_registry")
def test_register_adds_a_format_and_refuses_a_taken_suffix() -> None:
    def count_stories(brief: Brief) -> str:
        return f"{len(brief.stories)}\n"

    registry.register("count", count_stories, suffixes=("cnt",))
    assert registry.format_for_path("x.cnt") == "count"
    assert registry.render(sample_brief(), "count") == "2\n"
    with pytest.raises(RenderError, match="already belongs to format 'json'"):
        registry.register("other", count_stories, suffixes=(".json",))


def test_write_brief(tmp_path: Path) -> None:
    out = tmp_path / "brief.json"
    assert registry.write_brief(sample_brief(), out) == "json"
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == "1"
    with pytest.raises(RenderError, match="cannot write"):
        registry.write_brief(sample_brief(), tmp_path / "missing" / "brief.md")
