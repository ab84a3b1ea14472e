"""Direct and indirect quotes and their speakers (invented sentences only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborator.model import Entity, Parsed, Quote, Span, Zone
from corroborator.quotes import find_quotes, quote_runs
from corroborator.zones import classify

# --------------------------------------------------------------------------- quote runs


def test_quote_runs_curly_and_straight() -> None:
    text = 'He said “we are ready,” and she said "so are we."'
    assert [text[s:e] for s, e in quote_runs(text)] == ["we are ready,", "so are we."]


def test_quote_run_continues_into_a_paragraph_that_reopens_it() -> None:
    text = "“First part of the statement.\n\n“Second part of it.”\n\nNot quoted."
    runs = quote_runs(text)
    assert len(runs) == 1
    assert text[runs[0][0] : runs[0][1]] == "First part of the statement.\n\n“Second part of it."


def test_unclosed_quote_that_does_not_continue_ends_at_the_paragraph() -> None:
    text = "“An unclosed remark\n\nA new paragraph."
    assert [text[s:e] for s, e in quote_runs(text)] == ["An unclosed remark"]


def test_apostrophes_and_inch_marks_do_not_open_quotes() -> None:
    text = "The mayor’s office said the 12\" pipe had burst."
    assert quote_runs(text) == []


# --------------------------------------------------------------------------- with the parse


def _ents(p: Parsed, *names: tuple[str, str]) -> tuple[Entity, ...]:
    """Entities for the given (surface, type) pairs, with every occurrence as a mention."""
    out = []
    text = p.article.text
    for k, (name, typ) in enumerate(names):
        spans = []
        start = text.find(name)
        while start >= 0:
            spans.append(Span(p.article.id, start, start + len(name)))
            start = text.find(name, start + 1)
        out.append(Entity(id=f"e{k}", name=name, type=typ, aliases=(), mentions=tuple(spans)))
    return tuple(out)


def _run(p: Parsed, ents: tuple[Entity, ...] = ()) -> list[Quote]:
    zones: dict[str, tuple[Zone, ...]] = {p.article.id: classify(p)}
    return list(find_quotes([p], zones, ents))


def _by_text(quotes: list[Quote], snippet: str) -> Quote:
    hits = [q for q in quotes if snippet in q.text]
    assert hits, (snippet, [q.text for q in quotes])
    return hits[0]


@pytest.mark.slow
def test_split_attribution_gives_both_parts_one_speaker_with_title_as_role(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "“The levee held through the night,” Harbour Minister Selma Ruud told reporters. "
        "“We expect the water to fall by Friday.”\n"
    )
    ents = _ents(p, ("Selma Ruud", "PERSON"))
    qs = _run(p, ents)
    first = _by_text(qs, "The levee held")
    second = _by_text(qs, "We expect the water")
    for q in (first, second):
        assert q.direct
        assert q.speaker == "e0"
        assert q.speaker_text == "Selma Ruud"
        assert q.role == "Harbour Minister"


@pytest.mark.slow
def test_said_after_name_with_apposition_role_and_pronoun_follow_up(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "“Nobody was hurt,” said Ivo Brandt, the chief of the Kellby fire service. "
        "He added that the warehouse had been empty since March.\n"
    )
    qs = _run(p, _ents(p, ("Ivo Brandt", "PERSON")))
    direct = _by_text(qs, "Nobody was hurt")
    assert direct.speaker_text == "Ivo Brandt"
    assert direct.role == "the chief of the Kellby fire service"
    reported = _by_text(qs, "the warehouse had been empty")
    assert not reported.direct
    assert reported.speaker_text == "Ivo Brandt"
    assert reported.text.startswith("the warehouse")


@pytest.mark.slow
def test_multi_paragraph_quote_is_one_quote_with_the_speaker(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "“We will rebuild the school,” Mayor Dara Quist said. “The children come first.\n\n"
        "“Nothing else matters this year.”\n"
    )
    p = parse(text)
    qs = _run(p, _ents(p, ("Dara Quist", "PERSON")))
    merged = _by_text(qs, "The children come first")
    assert "Nothing else matters this year." in merged.text
    assert merged.speaker_text == "Dara Quist"
    assert merged.citation.end > text.index("Nothing")


@pytest.mark.slow
def test_indirect_speech_forms(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "The Orla Water Board said that the reservoir was full. "
        "According to the Orla Water Board, the sluices will open on Monday. "
        "Farmers told the Vell Gazette the fields had flooded twice this year. "
        "Officials confirmed the road would stay closed for a week.\n"
    )
    qs = _run(p, _ents(p, ("Orla Water Board", "ORG")))
    assert all(not q.direct for q in qs)
    a = _by_text(qs, "the reservoir was full")
    assert a.speaker == "e0" and a.text == "the reservoir was full"
    b = _by_text(qs, "the sluices will open on Monday")
    assert b.speaker == "e0"
    assert "According" not in b.text
    c = _by_text(qs, "the fields had flooded")
    assert c.speaker_text == "Farmers"
    d = _by_text(qs, "the road would stay closed")
    assert d.speaker_text == "Officials"


@pytest.mark.slow
def test_office_of_a_person(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Governor Lien Marr said on Tuesday that the budget was balanced. "
        "Her office said the governor would sign the bill on Friday.\n"
    )
    qs = _run(p, _ents(p, ("Lien Marr", "PERSON")))
    q = _by_text(qs, "would sign the bill")
    assert q.speaker_text == "office of Lien Marr"
    assert q.speaker is None


@pytest.mark.slow
def test_scare_quotes_are_skipped_and_unattributed_quotes_keep_no_speaker(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The so-called “reform” of the tram fares stalled in the council.\n\n"
        "The company called the outage a “minor glitch” in its report.\n\n"
        "“This cannot happen again, not in a city of this size.”\n"
    )
    qs = _run(p)
    assert not any(q.text == "reform" for q in qs)
    # "X called it “...”" gives the words to X, however short
    glitch = _by_text(qs, "minor glitch")
    assert glitch.speaker_text == "The company" and glitch.cue == "called"
    q = _by_text(qs, "This cannot happen again")
    assert q.direct and q.speaker is None and q.speaker_text is None
    assert q.speaker_citation is None and q.attribution is None
    assert q.unattributed


@pytest.mark.slow
def test_pronoun_prefers_the_subject_and_agrees_in_gender(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "Anton Krall met Bruno Sedlak at the depot. “The trains will run,” he said.\n\n"
        "Mr. Oskar Fenn greeted Ms. Ilse Marr at the gate. “We open at nine,” she said.\n"
    )
    p = parse(text)
    ents = _ents(p, ("Anton Krall", "PERSON"), ("Bruno Sedlak", "PERSON"),
                 ("Oskar Fenn", "PERSON"), ("Ilse Marr", "PERSON"))
    qs = _run(p, ents)
    q = _by_text(qs, "The trains will run")
    assert q.speaker == "e0" and q.attribution == "pronoun"
    assert q.speaker_citation is not None
    assert text[q.speaker_citation.start : q.speaker_citation.end] == "he"
    marr = _by_text(qs, "We open at nine")
    assert marr.speaker == "e3" and marr.speaker_text == "Ilse Marr"


@pytest.mark.slow
def test_quotes_in_non_reporting_zones_are_ignored(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "The ferry sailed on time, the operator said.\n\n"
        "Sign up for our newsletter: “the best stories, every morning.”\n"
    )
    qs = _run(p)
    assert [q.text for q in qs] == ["The ferry sailed on time"]
