"""Figures with value, bounds, qualifier, unit, counted noun and time (invented sentences)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborator.article.zones import classify
from corroborator.model import Parsed, Quantity, Span, TimeExpr, Zone
from corroborator.story.quantities import find_quantities
from corroborator.text.numbers import parse_figure


def test_parse_number() -> None:
    assert parse_figure("12,400") == 12400
    assert parse_figure("1.5") == 1.5
    assert parse_figure("five") == 5
    assert parse_figure("$3") == 3
    assert parse_figure("40%") == 40
    assert parse_figure("2bn") == 2e9
    assert parse_figure("5b") == 5e9
    assert parse_figure("3m") == 3e6
    assert parse_figure("4kn") is None  # not a suffix we know; no crash
    assert parse_figure("12,40") is None
    assert parse_figure("third") is None


def _time(p: Parsed, text: str, value: str | None) -> TimeExpr:
    start = p.article.text.index(text)
    return TimeExpr(Span(p.article.id, start, start + len(text)), text, "DATE", value)


def _run(p: Parsed, times: tuple[TimeExpr, ...] = ()) -> list[Quantity]:
    zones: dict[str, tuple[Zone, ...]] = {p.article.id: classify(p)}
    return list(find_quantities([p], zones, {p.article.id: times}))


def _one(qs: list[Quantity], text: str) -> Quantity:
    hits = [q for q in qs if q.text == text]
    assert len(hits) == 1, (text, [q.text for q in qs])
    return hits[0]


@pytest.mark.slow
def test_qualifiers_bounds_and_counted_nouns(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "A contingent of roughly 120 to 180 Norvian border guards stayed behind. "
        "Up to 3,000 flood evacuees could return home. "
        "About 900 Kestrel Rail workers walked out. "
        "Six Ardent Shipping vessels were detained. "
        "More than 40 villages lost power, and at least 12 bridges were damaged. "
        "Fewer than 300 of the city's 2,100 teachers will retire.\n"
    )
    qs = _run(p)
    r = _one(qs, "roughly 120 to 180")
    assert (r.value, r.low, r.high, r.qualifier) == (150, 120, 180, "range")
    assert r.counted == "Norvian border guards"
    u = _one(qs, "Up to 3,000")
    assert (u.value, u.low, u.high, u.qualifier, u.counted) == (
        3000, None, 3000, "up_to", "flood evacuees"
    )
    a = _one(qs, "About 900")
    assert (a.qualifier, a.low, a.high, a.counted) == ("about", None, None, "Kestrel Rail workers")
    s = _one(qs, "Six")
    assert (s.value, s.qualifier, s.low, s.high) == (6, "exact", 6, 6)
    assert s.counted == "Ardent Shipping vessels"
    m = _one(qs, "More than 40")
    assert (m.qualifier, m.low, m.high, m.counted) == ("more_than", 40, None, "villages")
    assert _one(qs, "at least 12").qualifier == "at_least"
    f = _one(qs, "Fewer than 300")
    assert (f.qualifier, f.high, f.counted) == ("less_than", 300, "teachers")


@pytest.mark.slow
def test_units_and_multipliers(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "The levy raised about $2.5 million for the harbour. "
        "Prices rose 7 percent. "
        "Divers found a breach roughly 30 metres long. "
        "The quay was extended by 12 km. "
        "The mill produced 1.2 million tonnes of flour.\n"
    )
    qs = _run(p)
    money = _one(qs, "about $2.5 million")
    assert (money.value, money.unit, money.qualifier) == (2_500_000, "USD", "about")
    pct = _one(qs, "7 percent")
    assert (pct.value, pct.unit, pct.counted) == (7, "percent", "Prices")
    length = _one(qs, "roughly 30 metres")
    assert (length.value, length.unit, length.counted) == (30, "metre", "breach")
    assert _one(qs, "12 km").unit == "kilometre"
    flour = _one(qs, "1.2 million tonnes")
    assert (flour.value, flour.unit, flour.counted) == (1_200_000, "tonne", "flour")


@pytest.mark.slow
def test_hyphenated_multipliers_and_units(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Raiders made off with a three-million-euro ($3.3-million) haul in Vesk. "
        "Thieves pulled off a five million-euro raid in Orlo.\n"
    )
    qs = _run(p)
    haul = _one(qs, "three-million-euro")
    assert (haul.value, haul.unit) == (3_000_000, "EUR")
    assert _one(qs, "$3.3-million").value == 3_300_000
    raid = _one(qs, "five million-euro")
    assert (raid.value, raid.unit) == (5_000_000, "EUR")


@pytest.mark.slow
def test_counted_from_context_and_ellipsis(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Norvian troop levels in the region reached a peak of about 52,000 in July 2019. "
        "The agency put the number of stranded travellers at 4,300. "
        "Inspectors recorded only three collapses in 2025, down from 19 the year before.\n"
    )
    times = (
        _time(p, "July 2019", "2019-07"),
        _time(p, "2025", "2025"),
        _time(p, "the year before", "2024"),
    )
    qs = _run(p, times)
    peak = _one(qs, "about 52,000")
    assert peak.counted == "Norvian troops"  # "troop levels" count troops
    assert peak.time == "2019-07"
    assert _one(qs, "4,300").counted == "stranded travellers"
    three = _one(qs, "three")
    nineteen = _one(qs, "19")
    assert three.counted == nineteen.counted == "collapses"
    assert (three.time, nineteen.time) == ("2025", "2024")


@pytest.mark.slow
def test_years_dates_ordinals_names_and_referential_numbers_are_skipped(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The dam, finished in 1987, was inspected on March 12 at 10:30. "
        "It was the second inspection this year. "
        "Task Force 88 patrolled the coast. "
        "The two ministers met for three hours. "
        "The plant employs 610 people.\n"
    )
    times = (_time(p, "March 12", "2026-03-12"),)
    qs = _run(p, times)
    assert [q.text for q in qs] == ["610"]
    assert qs[0].counted == "people"


@pytest.mark.slow
def test_vague_amounts(parse: Callable[..., Parsed]) -> None:
    p = parse("Hundreds of residents fled. A dozen boats sank. Dozens of homes burned.\n")
    qs = _run(p)
    h = _one(qs, "Hundreds")
    assert (h.value, h.qualifier, h.low, h.counted) == (200, "at_least", 200, "residents")
    d = _one(qs, "A dozen")
    assert (d.value, d.qualifier, d.counted) == (12, "exact", "boats")
    assert _one(qs, "Dozens").value == 24


@pytest.mark.slow
def test_figures_in_captions_are_not_reported(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "About 400 workers joined the strike.\n\n"
        "Some 50 protesters gather at the gate on Monday. (Photo: Lena Dorr/Vell Gazette)\n"
    )
    assert [q.text for q in _run(p)] == ["About 400"]
