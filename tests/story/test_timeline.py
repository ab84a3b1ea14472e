"""Timeline: dated events per story, with status, merging, order and zone filtering.

All articles are invented; the DCT is Wednesday 2026-01-21 unless a test says otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from corroborator.article.times import find_times
from corroborator.model import Brief, Parsed, Span, TimelineEntry, Zone
from corroborator.render.svg import layout_timeline, publication_days, story_window
from corroborator.render.view import build_view
from corroborator.story.timeline import build_timeline
from tests.briefs import assert_golden
from tests.conftest import FIXTURES, shared_path

DCT = "2026-01-21"

Parse = Callable[..., Parsed]


def _timeline(*parsed: Parsed, zones: dict[str, tuple[Zone, ...]] | None = None
              ) -> tuple[TimelineEntry, ...]:
    times = {p.article.id: find_times(p, p.article.published) for p in parsed}
    return build_timeline(list(parsed), zones or {}, times)


def _by_date(entries: tuple[TimelineEntry, ...], value: str) -> TimelineEntry:
    found = [e for e in entries if e.date == value]
    assert len(found) == 1, [(e.date, e.text) for e in entries]
    return found[0]


@pytest.mark.slow
def test_expected_vs_reported(parse: Parse) -> None:
    text = ("“Camp Orla will witness a full withdrawal next week,” the colonel said. "
            "The two ministries set a target for completion by the end of September 2025. "
            "Engineers dismantled the radar at Camp Orla on Dec. 13.")  # fmt: skip
    entries = _timeline(parse(text, published=DCT))
    assert _by_date(entries, "2026-W05").status == "expected"
    target = _by_date(entries, "2025-09")
    assert target.status == "expected"
    assert "set a target for completion" in target.text
    assert _by_date(entries, "2025-12-13").status == "reported"


@pytest.mark.slow
def test_modals_and_plan_words_decide_the_status(parse: Parse) -> None:
    text = ("The mayor said the inquiry would be finished by the end of May. "
            "Crews should reopen the ferry pier by the end of September 2025. "
            "Last month the plan was drafted by two engineers. "
            "The agency should have filed the report by Jan. 5, critics said. "
            "The vote is scheduled for Dec. 13.")  # fmt: skip
    entries = _timeline(parse(text, published=DCT))
    assert _by_date(entries, "2026-05").status == "expected"  # "would be finished"
    assert _by_date(entries, "2025-09").status == "expected"  # "should reopen", even if past
    drafted = _by_date(entries, "2025-12")
    assert "plan was drafted" in drafted.text
    assert drafted.status == "reported"  # a plan noun in a past clause about a past date
    assert _by_date(entries, "2026-01-05").status == "reported"  # "should have filed"
    assert _by_date(entries, "2026-12-13").status == "expected"  # a present plan: ahead


@pytest.mark.slow
def test_same_event_from_two_outlets_is_one_entry(parse: Parse) -> None:
    a = parse("Rebel fighters seized the Varnok bridge on January 16, witnesses said.",
              article_id="ledger", published=DCT)
    b = parse("On January 16, rebel fighters seized the Varnok bridge after heavy shelling.",
              article_id="courier", published="2026-01-20")
    entries = _timeline(a, b)
    bridge = _by_date(entries, "2026-01-16")
    assert {c.article for c in bridge.citations} == {"ledger", "courier"}
    for c in bridge.citations:
        src = a if c.article == "ledger" else b
        assert "January 16" in c.text_in(src.article.text)


@pytest.mark.slow
def test_different_events_same_day_stay_apart(parse: Parse) -> None:
    a = parse("Rebel fighters seized the Varnok bridge on January 16.", article_id="a",
              published=DCT)
    b = parse("The central bank cut interest rates on January 16.", article_id="b",
              published=DCT)
    assert len([e for e in _timeline(a, b) if e.date == "2026-01-16"]) == 2


@pytest.mark.slow
def test_report_date_is_not_the_event_date(parse: Parse) -> None:
    text = "The ministry said Saturday that the convoy reached Tarsel on Thursday."
    p = parse(text, published=DCT)
    entries = _timeline(p)
    event = _by_date(entries, "2026-01-15")  # Thursday: the convoy
    report = _by_date(entries, "2026-01-17")  # Saturday: the statement
    assert "reached Tarsel" in event.text and "said" not in event.text
    assert report.text.startswith("The ministry said Saturday")


@pytest.mark.slow
def test_reported_on_dates_the_report(parse: Parse) -> None:
    text = "Militia units abandoned the Meridian outpost, the Daily Ledger reported on January 19."
    entries = _timeline(parse(text, published=DCT))
    assert [e.date for e in entries] == ["2026-01-19"]
    assert "reported on January 19" in entries[0].text
    assert "abandoned the Meridian outpost" in entries[0].text


@pytest.mark.slow
def test_inferred_flag_follows_relative_dates(parse: Parse) -> None:
    p = parse("The port reopened on Sunday. The old pier was built in 1998.",
              published="2026-01-21")
    p = replace(p, article=replace(p.article, published_inferred=True))
    entries = _timeline(p)
    assert _by_date(entries, "2026-01-18").inferred is True
    assert _by_date(entries, "1998").inferred is False


@pytest.mark.slow
def test_chronological_order_across_precisions(parse: Parse) -> None:
    text = ("The treaty was signed in September 2024. Talks resumed next week. "
            "The first rebels arrived in 2017. Fighting flared on Dec. 13.")  # fmt: skip
    dates = [e.date for e in _timeline(parse(text, published=DCT))]
    assert dates == ["2017", "2024-09", "2025-12-13", "2026-W05"]


@pytest.mark.slow
def test_only_reporting_zones_count(parse: Parse) -> None:
    text = ("Troops left the Harrow base on January 18. "
            "A soldier poses at the Harrow base in 2009. (Photo: Lena Ostrova)")  # fmt: skip
    p = parse(text, article_id="z1", published=DCT)
    split = text.index("A soldier")
    zones: dict[str, tuple[Zone, ...]] = {"z1": (Zone(Span("z1", 0, split), "reporting"),
                    Zone(Span("z1", split, len(text)), "caption"))}  # fmt: skip
    assert [e.date for e in _timeline(p, zones=zones)] == ["2026-01-18"]
    assert [e.date for e in _timeline(p)] == ["2009", "2026-01-18"]  # no zones: all text


@pytest.mark.slow
def test_range_entry_has_end_date(parse: Parse) -> None:
    text = "Army units took the Selm valley between January 16 and 21."
    entries = _timeline(parse(text, published=DCT))
    assert [(e.date, e.end_date) for e in entries] == [("2026-01-16", "2026-01-21")]


@pytest.mark.slow
def test_durations_and_vague_references_are_not_events(parse: Parse) -> None:
    text = "The base hosted troops for two decades and is now empty."
    assert _timeline(parse(text, published=DCT)) == ()


@pytest.mark.slow
def test_back_shifted_future_is_expected_after_publication(parse: Parse) -> None:
    # Monday 2026-05-04: what a past report says lies ahead is dated ahead and expected
    text = ("The Orrin Water Board said on Monday that more boil notices were possible on "
            "Tuesday. The board said supplies would be back by Wednesday. Brisk Rail said on "
            "Friday that trains had stopped on Wednesday.")
    entries = _timeline(parse(text, published="2026-05-04"))
    assert _by_date(entries, "2026-05-05").status == "expected"
    assert _by_date(entries, "2026-05-06").status == "expected"
    assert _by_date(entries, "2026-04-29").status == "reported"
    assert _by_date(entries, "2026-05-04").status == "reported"  # the report itself


@pytest.mark.slow
def test_date_before_the_reported_clause_dates_the_report(parse: Parse) -> None:
    # the parser hangs "on Friday" on "open"; it sits before what is reported
    text = "The council said on Friday it would open the Tallow bridge on Saturday."
    entries = _timeline(parse(text, published="2026-05-04"))
    report = _by_date(entries, "2026-05-01")
    assert report.status == "reported" and report.text.startswith("The council said")
    # a plan told last Friday for Saturday: dated from the report, still not reported done
    assert _by_date(entries, "2026-05-02").status == "expected"


# --------------------------------------------------------------------------- golden story
#
# tests/fixtures/dates: three invented outlets report a storm on an invented island.
# Two are dated Monday 2026-05-04; the third gives "2 hours ago" as its date, so it is
# undated (an error names the value) and its date is inferred from the story. Past
# reports speak of Tuesday to Thursday ahead; a past perfect looks back to Wednesday
# 29 April; 1978 and 2045 are background, listed apart from the drawn axis.


@pytest.fixture(scope="module")
def storm_brief() -> Brief:
    from corroborator.pipeline import analyze

    return analyze(sorted((FIXTURES / "dates").glob("*.txt")))


def _storm_digest(brief: Brief) -> dict[str, object]:
    """What the golden file pins: dates, labels, statuses, the drawing's two parts."""
    by_id = {a.id: a for a in brief.articles}
    (story,) = brief.stories
    view = build_view(brief, "test").stories[0]
    days = publication_days(by_id[a].published for a in story.article_ids)
    layout = layout_timeline(view.timeline, story_window(view.timeline, days))
    assert layout is not None
    return {
        "articles": [{"source": a.source, "published": a.published,
                      "inferred": a.published_inferred} for a in
                     sorted(brief.articles, key=lambda a: a.source or "")],
        "errors": [{"path": Path(e.path).name, "error": e.error, "skipped": e.skipped}
                   for e in brief.errors],
        "times": [{"source": by_id[t.span.article].source, "text": t.text, "value": t.value,
                   "label": t.label} for t in sorted(brief.times, key=lambda t: t.span)],
        "timeline": [{"date": e.date, "label": e.label, "status": e.status,
                      "inferred": e.inferred, "text": e.text} for e in story.timeline],
        "drawn": [m.date_label for m in layout.markers],
        "background": [b.date_label for b in layout.background],
    }


@pytest.mark.slow
def test_golden_back_shifted_future_story(storm_brief: Brief) -> None:
    digest = _storm_digest(storm_brief)
    assert_golden("dates_story.json", json.dumps(digest, indent=2, ensure_ascii=False) + "\n")
    values = {(t["source"], t["text"]): t["value"] for t in digest["times"]}  # type: ignore[union-attr, index]
    assert values[("Harrowgate Courier", "Tuesday")] == "2026-05-05"
    assert values[("Harrowgate Courier", "Wednesday")] == "2026-05-06"
    assert values[("Harrowgate Courier", "Thursday")] == "2026-05-07"


@pytest.mark.slow
def test_storm_brief_is_schema_valid_with_labels(storm_brief: Brief) -> None:
    import jsonschema

    schema = json.loads(shared_path("schema", "brief.schema.json").read_text(encoding="utf-8"))
    data = json.loads(storm_brief.to_json())
    jsonschema.validators.validator_for(schema)(schema).validate(data)
    assert all("label" in t and "value" in t for t in data["times"])
    assert all("label" in e for s in data["stories"] for e in s["timeline"])
