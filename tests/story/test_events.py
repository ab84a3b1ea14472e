"""Events inside storylines: the day of what happened, boundaries, ids and the values.

Hand-built features and analyses (no spaCy); the spaCy-backed checks on real text are in
tests/test_gate_events.py.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from corroborator.model import (
    Article,
    ClaimGroup,
    Quote,
    Span,
    Story,
    SummaryItem,
    TimeExpr,
    TimelineEntry,
)
from corroborator.story import events
from corroborator.story.events import EventFeatures
from tests.corpus.test_stories import fake_analysis


def day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def feat(aid: str, published: str, happened: str | None = None,
         keys: tuple[str, ...] = ()) -> EventFeatures:
    return EventFeatures(aid, day(happened or published), day(published), keys,
                         happened is not None)


def groups(feats: list[EventFeatures]) -> list[list[str]]:
    return events.segment(feats)


# --------------------------------------------------------------------------- the day


def test_happening_day_is_the_earliest_lead_date_before_publication() -> None:
    text = ("Rescuers reached the mine on Tuesday. The collapse on Sunday trapped nine. "
            "The owner said in 2019 the shaft was safe.")
    a = fake_analysis("m1", text, published="2025-03-06")
    times = (
        TimeExpr(Span("m1", 26, 33), "Tuesday", "DATE", "2025-03-04"),
        TimeExpr(Span("m1", 50, 56), "Sunday", "DATE", "2025-03-02"),
        TimeExpr(Span("m1", 100, 104), "2019", "DATE", "2019"),
    )
    f = events.event_features(replace(a, times=times))
    assert f.day == day("2025-03-02") and f.reported
    assert f.published == day("2025-03-06")


def test_dates_outside_the_lookback_or_in_the_future_are_background() -> None:
    a = fake_analysis("m1", "The inquiry opened on Monday into the 2024 fire. More later.",
                      published="2025-03-06")
    times = (
        TimeExpr(Span("m1", 0, 5), "last year", "DATE", "2024-01-10"),
        TimeExpr(Span("m1", 6, 10), "next week", "DATE", "2025-03-12"),
    )
    f = events.event_features(replace(a, times=times))
    assert f.day == f.published == day("2025-03-06") and not f.reported


def test_undated_article_has_no_day() -> None:
    f = events.event_features(fake_analysis("u1", "A report with no date at all."))
    assert f.day is None and f.published is None


# --------------------------------------------------------------------------- boundaries


def test_reports_within_days_are_one_event() -> None:
    fs = [feat("a", "2025-01-12"), feat("b", "2025-01-12"), feat("c", "2025-01-14")]
    assert groups(fs) == [["a", "b", "c"]]


def test_two_months_apart_are_two_events_even_sharing_every_name() -> None:
    names = ("e:orlen valley", "e:aldo pesk", "e:tamsk", "w:flood")
    fs = [feat("a", "2025-01-12", keys=names), feat("b", "2025-01-13", keys=names),
          feat("c", "2025-03-12", keys=names), feat("d", "2025-03-13", keys=names)]
    assert groups(fs) == [["a", "b"], ["c", "d"]]


def test_a_late_follow_up_naming_the_day_joins_the_event() -> None:
    fs = [feat("a", "2025-03-04"), feat("b", "2025-03-04"),
          feat("late", "2025-03-10", happened="2025-03-04")]
    assert groups(fs) == [["a", "b", "late"]]


def test_a_week_later_joins_only_with_the_same_specifics() -> None:
    shared = ("e:kestrel bridge", "n:38", "d:03-04", "w:crane")
    fs = [feat("a", "2025-03-04", keys=shared), feat("b", "2025-03-10", keys=shared)]
    assert groups(fs) == [["a", "b"]]
    other = ("e:kestrel bridge", "n:250000", "w:inquiry", "w:fine")
    fs = [feat("a", "2025-03-04", keys=shared), feat("b", "2025-03-10", keys=other)]
    assert groups(fs) == [["a"], ["b"]]


def test_daily_coverage_does_not_chain_into_a_season() -> None:
    fs = [feat(f"a{i:02d}", date.fromordinal(day("2025-01-01") + i).isoformat())
          for i in range(40)]
    got = groups(fs)
    assert len(got) >= 2
    for g in got:
        days = [f.day for f in fs if f.article_id in g]
        assert max(d or 0 for d in days) - min(d or 0 for d in days) <= events.MAX_EVENT_DAYS


def test_undated_articles_join_the_event_they_share_most_with() -> None:
    fs = [feat("a", "2025-01-12", keys=("e:brell", "n:600")),
          feat("b", "2025-02-10", keys=("e:kavna", "n:230")),
          EventFeatures("u", None, None, ("e:kavna", "n:230"))]
    assert groups(fs) == [["a"], ["b", "u"]]
    only = [EventFeatures("u1", None, None), EventFeatures("u2", None, None)]
    assert groups(only) == [["u1", "u2"]]


def test_segmentation_ignores_input_order() -> None:
    fs = [feat("a", "2025-01-12"), feat("b", "2025-01-14"), feat("c", "2025-02-20"),
          feat("d", "2025-02-21", keys=("w:x",)), feat("e", "2025-02-27", happened="2025-02-20"),
          EventFeatures("u", None, None, ("w:x",))]
    expected = groups(fs)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = fs[:]
        rng.shuffle(shuffled)
        assert groups(shuffled) == expected
    assert sorted(a for g in expected for a in g) == sorted(f.article_id for f in fs)


# --------------------------------------------------------------------------- ids


def test_reconcile_keeps_ids_and_records_moves_and_merges() -> None:
    current = {"a": "e1", "b": "e1", "c": "e2", "d": "e3"}
    # e1 and e2 now one event; d leaves e3 for it; a new article starts an event
    got = events.reconcile([["a", "b", "c", "d"], ["n"]], current)
    assert got.events == (("e1", ("a", "b", "c", "d")), (events.event_id_for("n"), ("n",)))
    assert got.merged == (("e2", "e1"), ("e3", "e1"))
    assert got.moved == ()
    assert got.created == (events.event_id_for("n"),)
    split = events.reconcile([["a", "b"], ["c"]], {"a": "e1", "b": "e1", "c": "e1"})
    new = events.event_id_for("c")
    assert split.events == (("e1", ("a", "b")), (new, ("c",)))
    assert split.moved == (("c", "e1", new),) and split.merged == ()


def test_reconcile_avoids_taken_and_claimed_ids() -> None:
    taken = {events.event_id_for("a")}
    got = events.reconcile([["a"]], {}, taken)
    assert got.events[0][0] not in taken
    claimed = events.reconcile([["c"]], {"c": "e1"}, claimed={"e1"})
    assert claimed.events[0][0] != "e1"
    assert claimed.moved == (("c", "e1", claimed.events[0][0]),) and claimed.merged == ()


# --------------------------------------------------------------------------- values


def test_make_events_assigns_what_belongs_to_each_event() -> None:
    arts = [Article("a", "x", source="Alpha", title="Dam cracks", published="2025-01-12"),
            Article("b", "x", source="Beta", title="Dam cracks wider", published="2025-01-13"),
            Article("c", "x", source="Alpha", title="Dam drained", published="2025-03-01")]
    story = Story(
        id="s", title="Dam", article_ids=("a", "b", "c"),
        claims=(ClaimGroup("g1", "cracked", "corroborated", ("Alpha", "Beta"),
                           (Span("a", 0, 1), Span("b", 0, 1))),
                ClaimGroup("g2", "drained", "single_source", ("Alpha",), (Span("c", 0, 1),))),
        quotes=(Quote(None, "x", "it holds", True, Span("c", 0, 1)),),
        timeline=(TimelineEntry("2025-01-11", None, "reported", "crack", (Span("a", 0, 1),)),),
        summary=(SummaryItem("drained", (Span("c", 0, 1),)),
                 SummaryItem("cracked", (Span("a", 0, 1), Span("b", 0, 1)))),
    )
    feats = [feat("a", "2025-01-12", happened="2025-01-11"), feat("b", "2025-01-13"),
             feat("c", "2025-03-01")]
    first, second = events.make_events(story, arts, feats)
    assert first.article_ids == ("a", "b") and second.article_ids == ("c",)
    assert first.date == "2025-01-11" and first.reported_date
    assert (first.first_date, first.last_date) == ("2025-01-12", "2025-01-13")
    assert first.sources == ("Alpha", "Beta") and first.claims == ("g1",)
    assert first.timeline == (0,) and first.summary == (1,) and first.quotes == ()
    assert second.claims == ("g2",) and second.quotes == (0,) and second.summary == (0,)
    assert second.title == "Dam drained" and second.date == "2025-03-01"
    assert first.id == events.event_id_for("a")
    stored = events.make_events(story, arts, feats, [("e-x", ("a", "b", "c"))])
    assert [e.id for e in stored] == ["e-x"] and stored[0].claims == ("g1", "g2")


def test_an_inferred_date_does_not_bridge_two_events() -> None:
    bridge = replace(feat("u", "2025-03-04"), inferred=True)
    fs = [feat("a", "2025-03-01"), feat("b", "2025-03-07"), bridge]
    assert groups(fs) == [["a", "u"], ["b"]]  # equally close: the earlier event
    far = replace(feat("v", "2025-05-01"), inferred=True)
    assert groups([feat("a", "2025-03-01"), far]) == [["a"], ["v"]]
    assert groups([bridge, far]) == [["u"], ["v"]]  # no stated dates: inferred ones lead
