"""The shared view: dates, figures, citation numbering, grouping and ordering."""

from __future__ import annotations

from datetime import date

import pytest

from corroborator.model import Article, Quantity, Span, TimelineEntry
from corroborator.render.citations import CitationIndex
from corroborator.render.view import (
    build_view,
    date_label,
    entry_interval,
    format_number,
    format_quantity,
)
from corroborator.text.calendar import timex_interval
from tests.briefs import sample_brief


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-01-17", (date(2026, 1, 17), date(2026, 1, 17))),
    ("2026-01-17T08:30", (date(2026, 1, 17), date(2026, 1, 17))),
    ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
    ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
    ("2026-W05", (date(2026, 1, 26), date(2026, 2, 1))),
    ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
    ("2026-H1", (date(2026, 1, 1), date(2026, 6, 30))),
    ("2025-WI", (date(2025, 12, 1), date(2026, 2, 28))),
    ("PRESENT_REF", None),
    ("P2Y", None),
    ("2026-13", None),
    ("", None),
    (None, None),
])
def test_timex_interval(value: str | None, expected: tuple[date, date] | None) -> None:
    assert timex_interval(value) == expected


def test_entry_interval_covers_ranges() -> None:
    cite = (Span("a", 0, 1),)
    ranged = TimelineEntry("2026-01-16", "2026-01-21", "reported", "x", cite)
    assert entry_interval(ranged) == (date(2026, 1, 16), date(2026, 1, 21))
    backwards = TimelineEntry("2026-01-16", "2026-01-01", "reported", "x", cite)
    assert entry_interval(backwards) == (date(2026, 1, 16), date(2026, 1, 16))
    assert date_label("2026-01-16", "2026-01-21") == "16-21 Jan 2026"
    assert date_label("2026-01-16", "2026-01-16") == "16 Jan 2026"
    assert date_label("2025-12-30", "2026-01-02") == "30 Dec 2025-2 Jan 2026"
    assert date_label("2020-W33-WE") == "weekend of 15-16 Aug 2020"
    assert date_label("2026-01", "2026-03") == "January 2026 to March 2026"
    assert date_label(None) == "\u2014"


def test_figures() -> None:
    assert format_number(2500.0) == "2,500"
    assert format_number(0.25) == "0.25"
    assert format_number(-3.0) == "-3"
    cite = Span("a", 0, 1)
    assert format_quantity(Quantity(300, 250, 350, "range", None, None, cite)) == "250\u2013350"
    assert format_quantity(Quantity(12, None, 12, "up_to", "km", None, cite)) == "up to 12 km"
    assert format_quantity(Quantity(5, None, None, "more_than", "%", None, cite)) == "more than 5%"


def test_citation_index_numbers_first_use_and_reuses() -> None:
    index = CitationIndex([Article("a", "Hello world", source="Outlet", title="T")])
    assert index.numbers([Span("a", 6, 11), Span("a", 0, 5), Span("a", 6, 11)]) == (1, 2)
    assert index.number(Span("a", 0, 5)) == 2
    first = index.entries[0]
    assert (first.quote, first.outlet, first.title) == ("world", "Outlet", "T")
    assert [c.number for c in index.in_article("a")] == [2, 1]
    assert index.number(Span("zz", 0, 2)) == 3  # unknown article: still numbered
    assert index.entries[2].outlet == "zz" and index.entries[2].quote == ""


def test_view_orders_and_groups() -> None:
    view = build_view(sample_brief(), "x")
    port = view.stories[0]
    assert [g.speaker for g in port.quote_groups] == ["Ilse Varga", "unattributed"]
    assert [g.resolved for g in port.quote_groups] == [True, False]
    assert [e.name for e in port.entities][:2] == ["Baymark", "Kestrel Bay"]
    assert [c.label for c in port.claims] == [f"C{n}" for n in range(1, 8)]
    assert [c.id for c in port.claims][:3] == ["s1-c2", "s1-c3", "s1-c1"]  # disputes first
    only = {g.outlet: [c.id for c in g.claims] for g in port.coverage.only}
    assert only == {"Coastline Bulletin": ["s1-c6"], "Harbour Ledger": ["s1-c4", "s1-c7"],
                    "Northwind Post": ["s1-c5"]}
    assert port.coverage.totals == (2, 5, 4)
    assert port.date_span == "14 Mar 2026"
    assert view.stories[1].date_span == "10-11 Mar 2026"
    assert [a.published for a in view.articles if a.inferred] == ["2026-03-14 (inferred)"]
    assert [c.number for c in view.citations] == list(range(1, len(view.citations) + 1))


def test_reading_order_puts_stories_several_sources_report_first() -> None:
    from corroborator.model import Story
    from corroborator.render.view import reading_order

    lone = Story("s1", "one outlet", ("a1", "a2", "a3"), sources=("A",))
    pair = Story("s2", "two outlets", ("b1", "b2"), sources=("A", "B"))
    trio = Story("s3", "three outlets", ("c1", "c2", "c3"), sources=("A", "B", "C"))
    other = Story("s4", "another lone", ("d1",), sources=("B",))
    assert [s.id for s in reading_order([lone, pair, other, trio])] == ["s3", "s2", "s1", "s4"]
