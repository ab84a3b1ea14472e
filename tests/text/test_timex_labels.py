"""Reader labels for TIMEX3 values: no raw value reaches a reader."""

from __future__ import annotations

import re

import pytest

from corroborator.model import Span, TimeExpr, TimelineEntry
from corroborator.text.timex_labels import range_label, timex_label


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("2020-W33-WE", "weekend of 15-16 Aug 2020"),
        ("2020-08-17TEV", "17 Aug 2020, evening"),
        ("2026-05-04TMO", "4 May 2026, morning"),
        ("2026-05-04T14:30", "4 May 2026, 14:30"),
        ("2026-05-04T24:00", "4 May 2026, midnight"),
        ("2026-05-04T09:15:00+00:00", "4 May 2026, 09:15"),
        ("FUTURE_REF", "in the future"),
        ("PAST_REF", "in the past"),
        ("PRESENT_REF", "now"),
        ("2026-05-04", "4 May 2026"),
        ("2026-05", "May 2026"),
        ("2026", "2026"),
        ("2026-W19", "week of 4-10 May 2026"),
        ("2020-W53", "week of 28 Dec 2020-3 Jan 2021"),
        ("2026-W18-WE", "weekend of 2-3 May 2026"),
        ("2026-Q3", "Q3 2026"),
        ("2026-H1", "first half of 2026"),
        ("2025-SU", "summer 2025"),
        ("2025-FA", "autumn 2025"),
        ("2025-WI", "winter 2025"),
        ("198", "the 1980s"),
        ("19", "the 20th century"),
        ("20", "the 21st century"),
        ("P3D", "3 days"),
        ("P1D", "1 day"),
        ("P2Y6M", "2 years 6 months"),
        ("PT3H", "3 hours"),
        ("PT30M", "30 minutes"),
        ("PXY", "years"),
        ("PXCE", "centuries"),
        ("P20Y", "20 years"),
    ],
)
def test_labels(value: str, label: str) -> None:
    assert timex_label(value) == label


def test_sets_modifiers_and_unknowns() -> None:
    assert timex_label("P1Y", type="SET") == "every year"
    assert timex_label("XXXX-WXX-2TNI", type="SET") == "every Tuesday night"
    assert timex_label("XXXX-07", type="SET") == "every July"
    assert timex_label("2026-05", "START") == "early May 2026"
    assert timex_label("2026", "END") == "late 2026"
    assert timex_label(None) == "unresolved"
    assert timex_label("not-a-value") == "not-a-value"  # shown as it is, never dropped
    assert timex_label("2026-13") == "2026-13"


def test_ranges() -> None:
    assert range_label("2026-01-16", "2026-01-21") == "16-21 Jan 2026"
    assert range_label("2026-01-28", "2026-02-03") == "28 Jan-3 Feb 2026"
    assert range_label("2026-01", "2026-03") == "January 2026 to March 2026"
    assert range_label("2026-01-16", "2026-01-16") == "16 Jan 2026"


def test_models_carry_the_label() -> None:
    t = TimeExpr(Span("a", 0, 11), "next summer", "DATE", "2026-SU")
    assert t.label == "summer 2026"
    e = TimelineEntry("2026-05-05", None, "expected", "x", (Span("a", 0, 1),))
    assert e.label == "5 May 2026"


def test_every_value_the_finder_writes_gets_a_label() -> None:
    # shapes of the values find_times produces (TimeBank dev, newswire): none passes raw
    shapes = ["1989-10-25", "1989-Q3", "1988", "1989-09", "PRESENT_REF", "P5Y", "1989-W44",
              "P9M", "PAST_REF", "FUTURE_REF", "P10Y", "P2D", "P2W", "1989-10-27T24:00",
              "P18M", "199", "PXY", "1989-SU", "PXW", "PT1H", "PXM", "1989-W43-WE", "PXX",
              "P90D", "P2Q", "1989-10-27TEV", "P100Y", "19", "1989-11-01TAF", "1989-SP",
              "PXD", "1989-H2", "PT10H", "PT1M30S", "P2Y6M", "PTXM", "P52W", "PXQ"]
    raw = re.compile(r"\d{4}-|^P\w*\d|_REF|^P?X")
    for value in shapes:
        assert not raw.search(timex_label(value)), (value, timex_label(value))
