"""Reporting text versus captions, bylines, newsletter lines, headings, datelines, credits."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

import pytest

from corroborator.article.zones import classify, is_reporting
from corroborator.model import Article, Parsed, Span, TokenRange, Zone


def _naive(text: str, title: str | None = None) -> Parsed:
    """A Parsed with sentences split at ". " and newlines, and no tokens (zones need none)."""
    sents = []
    for m in re.finditer(r"[^\n]+?(?:[.!?](?=\s)|$)", text, re.M):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if s < e:
            sents.append(TokenRange(s, e, 0, 0, "S", text[s:e]))
    return Parsed(Article(id="z", text=text, title=title), (), tuple(sents), ())


def _labels(zones: tuple[Zone, ...], text: str) -> list[tuple[str, str]]:
    return [(z.label, text[z.span.start : z.span.end]) for z in zones]


def test_zones_tile_the_text_in_order_and_cover_every_sentence() -> None:
    text = (
        "Crews reopened the Harwick bridge on Monday. Traffic resumed by noon.\n\n"
        "Bridge Works Behind Schedule\n\n"
        "The works cost 4 million dollars, the county said.\n"
    )
    zones = classify(_naive(text))
    spans = [(z.span.start, z.span.end) for z in zones]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    covered = "".join(text[s:e] for s, e in spans)
    assert re.sub(r"\s", "", covered) == re.sub(r"\s", "", text)
    assert all(z.reason for z in zones)
    assert _labels(zones, text) == [
        ("reporting", "Crews reopened the Harwick bridge on Monday."),
        ("reporting", "Traffic resumed by noon."),
        ("heading", "Bridge Works Behind Schedule"),
        ("reporting", "The works cost 4 million dollars, the county said."),
    ]


def test_caption_with_parenthetical_credit_is_split_into_caption_and_credit() -> None:
    text = (
        "Firefighters battled the blaze for hours.\n\n"
        "Volunteers carry sandbags along the quay on Sunday. (Photo: Rena Obuya/Tidewater Post)\n"
        "Engineer Paolo Vint waves from the crane (left).\n"
        "(Marsh County Sheriff's Office)\n"
    )
    got = _labels(classify(_naive(text)), text)
    assert ("caption", "Volunteers carry sandbags along the quay on Sunday.") in got
    assert ("credit", "(Photo: Rena Obuya/Tidewater Post)") in got
    assert ("caption", "Engineer Paolo Vint waves from the crane (left).") in got
    assert ("credit", "(Marsh County Sheriff's Office)") in got
    assert got[0][0] == "reporting"


def test_bylines_bios_newsletter_and_copyright_are_not_reporting() -> None:
    text = (
        "By Oskar Lind and Mae Farrow\n"
        "The strike ended on Friday after nine days, the union said.\n"
        "Read more: Harbour pay talks collapse\n"
        "Subscribe to our evening briefing to get stories in your inbox.\n"
        "Follow the Tidewater Post on social media for live updates.\n"
        "Mae Farrow is a labour correspondent for the Tidewater Post.\n"
        "Oskar Lind contributed reporting.\n"
        "Copyright 2026 Tidewater Post. All rights reserved.\n"
    )
    got = [label for label, _ in _labels(classify(_naive(text)), text)]
    assert got == [
        "byline", "reporting", "newsletter", "newsletter", "newsletter", "byline", "byline",
        "credit", "credit",
    ]


def test_dateline_prefix_is_cut_from_the_first_sentence() -> None:
    text = "MARLOW (Tidewater Post) — Ferries resumed on the Marlow crossing on Tuesday.\n"
    got = _labels(classify(_naive(text)), text)
    assert got == [
        ("dateline", "MARLOW (Tidewater Post) — "),
        ("reporting", "Ferries resumed on the Marlow crossing on Tuesday."),
    ]


def test_title_case_fragment_after_an_unfinished_line_is_not_a_heading() -> None:
    # a hard-wrapped sentence: the second line continues the first
    text = "The council said the plan for the new Riverside\nPark And Ride Scheme\nwas delayed.\n"
    got = [label for label, _ in _labels(classify(_naive(text)), text)]
    assert "heading" not in got


def test_markdown_heading_and_repeated_title_are_headings() -> None:
    text = "# Dam Works Start\n\nCrews began work on Monday.\n"
    got = _labels(classify(_naive(text)), text)
    assert got[0] == ("heading", "# Dam Works Start")
    text2 = "Crews begin dam works\nCrews began work on Monday, the agency said.\n"
    got2 = _labels(classify(_naive(text2, title="Crews begin dam works")), text2)
    assert got2[0] == ("heading", "Crews begin dam works")


def test_reporting_sentences_mentioning_newsletters_in_speech_stay_reporting() -> None:
    text = 'The mayor said the city newsletter would carry the new bus timetable.\n'
    assert [z.label for z in classify(_naive(text))] == ["reporting"]


def test_is_reporting_uses_non_reporting_zones_and_treats_empty_as_reporting() -> None:
    zones = (
        Zone(Span("a", 0, 10), "reporting"),
        Zone(Span("a", 11, 20), "caption"),
    )
    assert is_reporting(zones, 0, 9)
    assert not is_reporting(zones, 12, 15)
    assert is_reporting((), 0, 100)


@pytest.mark.slow
def test_heading_glued_to_the_next_sentence_by_the_parser_is_split(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "Officials said the ferry would resume service soon.\n"
        "Port Authority Weighs New Rules\n"
        "The port authority is considering new limits on night crossings.\n"
    )
    p = parse(text)
    got = _labels(classify(p), text)
    assert ("heading", "Port Authority Weighs New Rules") in got
    assert (
        "reporting", "The port authority is considering new limits on night crossings."
    ) in got
