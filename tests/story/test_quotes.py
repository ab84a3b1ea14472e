"""Direct and indirect quotes and their speakers (invented sentences only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from corroborator.article.zones import classify
from corroborator.model import Entity, Parsed, Quote, Span, Zone
from corroborator.story.quotes import find_quotes, quote_runs

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


def test_a_closing_mark_typed_at_a_paragraph_start_opens_the_quote() -> None:
    text = "Intro.\n”We will stay,” she said.\nAfter."
    assert [text[s:e] for s, e in quote_runs(text)] == ["We will stay,"]


def test_a_quotation_of_the_other_kind_inside_a_run_does_not_close_it() -> None:
    text = (
        '"The board isn’t about “fair play” any more. It never was," Ruud said.\n'
        "“He called the plan \"a mess\" on Friday,” Brekke said.\n"
        '"We will win,” Varro said, mixing his marks.'
    )
    assert [text[s:e] for s, e in quote_runs(text)] == [
        "The board isn’t about “fair play” any more. It never was,",
        'He called the plan "a mess" on Friday,',
        "We will win,",
    ]


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


# --------------------------------------------------------------------------- attribution rules
# One invented report per pattern (invented people, places and outlets).

_CAMPAIGN = (
    "Harbour Senate race enters its last week\n\n"
    "Senator Maren Olt and her challenger, Tam Rusk, the Democratic nominee for the seat, "
    "met in Kessford on Monday.\n\n"
    "Ms. Olt went further on Tuesday, tweeting:\n\n"
    "“The ferry contract was rigged from the start, and everyone in Kessford knows it.”\n\n"
    "Olt contrasted her record with Rusk's, saying “I built the harbour road while others "
    "debated it for a decade.”\n\n"
    "Rusk charged that Olt had “left behind every fishing town on the northern coast.”\n\n"
    "“We will win this county by a wide margin,” said Tam Rusk, who added that “the polls "
    "have never counted our volunteers properly.”\n\n"
    "“We are not going anywhere!” Mr. Rusk told a local radio channel. “And we will be back "
    "on every doorstep next spring.”\n\n"
    "“Nobody in this town has forgotten the flood of last winter.”\n\n"
    "Rusk later toured the old cannery with a group of union members.\n\n"
    "“The tolls on the bridge will fall in my first year,” he said.\n\n"
    "“This seat has been safe for too long,” the Democratic nominee said at the cannery.\n\n"
    "Campaign spokesman Ben Arvo said the senator “will not debate a man who hides from "
    "reporters all week.”\n\n"
    "“The harbour cannot absorb another round of cuts,” the letter from the Kessford "
    "Dockworkers Union said.\n\n"
    "According to the report, “four of the six piers need urgent repairs this year.”\n\n"
    "The Kessford Harbour Trust released a statement saying the old piers were “beyond "
    "saving at any reasonable cost.”\n"
)


@pytest.fixture(scope="module")
def campaign(parse: Callable[..., Parsed]) -> tuple[str, list[Quote]]:
    p = parse(_CAMPAIGN)
    ents = _ents(
        p, ("Maren Olt", "PERSON"), ("Tam Rusk", "PERSON"), ("Ben Arvo", "PERSON"),
        ("Kessford Dockworkers Union", "ORG"), ("The Kessford Harbour Trust", "ORG"),
    )
    # the surname alone is a mention of the same person, as entity resolution makes it
    surnames = _ents(p, ("Olt", "PERSON"), ("Rusk", "PERSON"))
    ents = tuple(
        replace(e, mentions=e.mentions + s.mentions) for e, s in zip(ents, surnames, strict=False)
    ) + ents[2:]
    return _CAMPAIGN, _run(p, ents)


def _said_by(
    campaign: tuple[str, list[Quote]], snippet: str, speaker: str, rule: str, mention: str
) -> Quote:
    text, qs = campaign
    q = _by_text(qs, snippet)
    assert q.speaker_text == speaker, (snippet, q)
    assert q.attribution == rule, (snippet, q)
    assert q.speaker_citation is not None, (snippet, q)
    sc = q.speaker_citation
    assert text[sc.start : sc.end] == mention, (snippet, text[sc.start : sc.end])
    assert q.unattributed is None
    return q


@pytest.mark.slow
def test_colon_introduction_in_the_paragraph_before(campaign: tuple[str, list[Quote]]) -> None:
    q = _said_by(campaign, "ferry contract was rigged", "Olt", "colon", "Ms. Olt")
    assert q.speaker == "e0" and q.cue == "tweeting"


@pytest.mark.slow
def test_participle_cue_saying(campaign: tuple[str, list[Quote]]) -> None:
    q = _said_by(campaign, "I built the harbour road", "Olt", "direct", "Olt")
    assert q.cue == "saying"


@pytest.mark.slow
def test_partial_quotation_inside_indirect_speech(campaign: tuple[str, list[Quote]]) -> None:
    q = _said_by(campaign, "left behind every fishing town", "Rusk", "direct", "Rusk")
    assert q.direct and q.cue == "charged"


@pytest.mark.slow
def test_nested_who_added_that(campaign: tuple[str, list[Quote]]) -> None:
    _said_by(campaign, "We will win this county", "Tam Rusk", "direct", "Tam Rusk")
    q = _said_by(campaign, "the polls have never counted", "Tam Rusk", "direct", "who")
    assert q.cue == "added" and q.speaker == "e1"


@pytest.mark.slow
def test_continuation_in_the_paragraph_and_in_the_next_one(
    campaign: tuple[str, list[Quote]],
) -> None:
    _said_by(campaign, "We are not going anywhere", "Rusk", "direct", "Mr. Rusk")
    _said_by(campaign, "And we will be back", "Rusk", "continuation", "Mr. Rusk")
    _said_by(campaign, "Nobody in this town has forgotten", "Rusk", "continuation", "Mr. Rusk")


@pytest.mark.slow
def test_pronoun_resolves_to_the_person_named_in_an_earlier_paragraph(
    campaign: tuple[str, list[Quote]],
) -> None:
    q = _said_by(campaign, "The tolls on the bridge", "Tam Rusk", "pronoun", "he")
    assert q.speaker == "e1"


@pytest.mark.slow
def test_nominal_reference_resolves_to_the_named_nominee(
    campaign: tuple[str, list[Quote]],
) -> None:
    q = _said_by(campaign, "This seat has been safe", "Tam Rusk", "nominal",
                 "the Democratic nominee")
    assert q.speaker == "e1"


@pytest.mark.slow
def test_spokesperson_speaks_on_behalf_of_the_campaign(
    campaign: tuple[str, list[Quote]],
) -> None:
    q = _said_by(campaign, "will not debate a man", "Ben Arvo", "direct",
                 "Campaign spokesman Ben Arvo")
    assert q.speaker == "e2" and q.role == "Campaign spokesman"
    assert q.on_behalf_of == "the campaign"


@pytest.mark.slow
def test_documents_are_sources_with_their_author(campaign: tuple[str, list[Quote]]) -> None:
    q = _said_by(campaign, "cannot absorb another round", "the letter from the Kessford "
                 "Dockworkers Union", "document", "the letter from the Kessford Dockworkers Union")
    assert q.on_behalf_of == "Kessford Dockworkers Union" and q.speaker == "e3"
    r = _said_by(campaign, "four of the six piers", "the report", "document", "the report")
    assert r.cue == "according to"
    t = _said_by(campaign, "beyond saving", "The Kessford Harbour Trust", "document",
                 "The Kessford Harbour Trust")
    assert t.speaker == "e4" and t.role == "a statement"


@pytest.mark.slow
def test_quote_paragraph_after_a_named_persons_sentence_or_partial_quote(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Tomas Wendel praised the harbour plan at a meeting in Brisvik.\n\n"
        "“We need a plan that ships can actually use.”\n\n"
        "Councillor Ada Rimmer said the plan would be “a gift to the ferry lines.”\n\n"
        "“Nobody in this town asked for it.”\n"
    )
    qs = _run(p, _ents(p, ("Tomas Wendel", "PERSON"), ("Ada Rimmer", "PERSON")))
    first = _by_text(qs, "ships can actually use")
    assert first.speaker_text == "Tomas Wendel"
    assert first.attribution == "colon"
    second = _by_text(qs, "Nobody in this town")
    assert second.speaker_text == "Ada Rimmer"
    assert second.attribution == "continuation"


@pytest.mark.slow
def test_digest_line_name_after_the_headline_dash(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "FERRY FARES RISE AGAIN IN THE NORTH - Lena Holt: “Prices went up four times this "
        "year and nobody has explained why.”\n"
    )
    qs = _run(p, _ents(p, ("Lena Holt", "PERSON")))
    q = _by_text(qs, "Prices went up")
    assert q.speaker_text == "Lena Holt"
    assert q.attribution == "colon"


@pytest.mark.slow
def test_the_one_asking_in_a_passive_question_and_phrasal_cues(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Mayor Ivo Sand was asked by host Greta Lund, “Will the bridge open before winter?”\n\n"
        "Sand fired back, “The bridge will open when it is safe and not a day sooner.”\n"
    )
    qs = _run(p, _ents(p, ("Ivo Sand", "PERSON"), ("Greta Lund", "PERSON")))
    asked = _by_text(qs, "Will the bridge open")
    assert asked.speaker_text == "Greta Lund"
    answer = _by_text(qs, "when it is safe")
    assert answer.speaker_text is not None and "Sand" in answer.speaker_text
    assert answer.cue == "fired"


@pytest.mark.slow
def test_trailing_cue_past_a_short_title_and_a_phrase_keeps_its_own_subject(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "“We have had better festivals than this one,” harbour pilot Nils Aven, wearing "
        "a cap and “Sail Kessford” pins, said as the boats came in.\n\n"
        "Governor Rhea Molt condemned the “reckless closing of the northern ferry line.” "
        "He also announced a review of the port budget.\n"
    )
    qs = _run(p, _ents(p, ("Nils Aven", "PERSON"), ("Rhea Molt", "PERSON")))
    assert _by_text(qs, "better festivals").speaker_text == "Nils Aven"
    assert _by_text(qs, "reckless closing").speaker_text == "Rhea Molt"


@pytest.mark.slow
def test_colon_after_a_sentence_with_no_speech_verb(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "The harbour board wanted the ferry line closed by spring.\n\n"
        "Mayor Rhea Molt delivered a sharp reply: “No one is closing this line while I am "
        "in office.”\n"
    )
    qs = _run(p, _ents(p, ("Rhea Molt", "PERSON")))
    q = _by_text(qs, "No one is closing")
    assert q.speaker_text == "Rhea Molt"
    assert q.attribution == "colon"


def test_a_quote_left_open_at_a_line_end_closes_on_the_next_line() -> None:
    # one sentence a line (wire copy): the closing mark comes a line later
    text = "“We are glad to be back.\nThe crowd is the best part, ” said Ola Vik.\nAfter."
    runs = [text[s:e] for s, e in quote_runs(text)]
    assert runs == ["We are glad to be back.\nThe crowd is the best part, "]


def test_a_quote_left_open_before_an_unquoted_line_still_ends_there() -> None:
    text = "“An unclosed remark\nA new line with “its own quote” in it."
    assert [text[s:e] for s, e in quote_runs(text)] == ["An unclosed remark", "its own quote"]


@pytest.mark.slow
def test_parenthetical_cue_inside_the_sentence_of_a_partial_quote(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Port director Olav Brekke said the dredging would start in May. Repair costs, he "
        "added, were “well above the first estimate of the harbour board.”\n"
    )
    qs = _run(p, _ents(p, ("Olav Brekke", "PERSON")))
    q = _by_text(qs, "well above the first estimate")
    assert q.speaker_text == "Olav Brekke"
    assert q.speaker_citation is not None
    assert p.article.text[q.speaker_citation.start : q.speaker_citation.end] == "he"
    assert q.cue == "added"


@pytest.mark.slow
def test_the_subject_after_an_inverted_said_is_the_speaker(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The closure of the ferry line signals “the end of island tourism as we knew it” "
        "for the coast, said Maren Holt, the head of the Kessford traders.\n"
    )
    qs = _run(p, _ents(p, ("Maren Holt", "PERSON")))
    q = _by_text(qs, "the end of island tourism")
    assert q.speaker_text == "Maren Holt"


@pytest.mark.slow
def test_a_name_parsed_as_an_apposition_before_said_is_its_subject(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "In a statement to the Kessford Herald, her senior adviser, Ansel Varga, said: "
        "“The council will appeal the ruling before the end of the month.”\n"
    )
    qs = _run(p, _ents(p, ("Ansel Varga", "PERSON")))
    q = _by_text(qs, "The council will appeal")
    assert q.speaker_text == "Ansel Varga"


@pytest.mark.slow
def test_more_speech_verbs_repeat_bark_and_cut_in(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "“The ferry will run on Sunday after all,” Greta Lund repeated.\n\n"
        "“Get those boats out of the channel before the tide turns,” Ola Vik barked.\n\n"
        "“We had a long winter,” Greta Lund said, and Ola Vik cut in. “It is over now.”\n"
    )
    qs = _run(p, _ents(p, ("Greta Lund", "PERSON"), ("Ola Vik", "PERSON")))
    assert _by_text(qs, "ferry will run").speaker_text == "Greta Lund"
    assert _by_text(qs, "Get those boats").speaker_text == "Ola Vik"
    assert _by_text(qs, "It is over now").speaker_text == "Ola Vik"


@pytest.mark.slow
def test_the_body_noun_resolves_to_the_body_named_with_it(parse: Callable[..., Parsed]) -> None:
    text = (
        "Crews reopened the Orlo road on Monday, the Northern Relief Command said.\n\n"
        "About 3,100 families returned home by Tuesday, according to the command. "
        "More rain is expected, the agency said.\n"
    )
    p = parse(text)
    qs = _run(p, _ents(p, ("Northern Relief Command", "ORG")))
    q = _by_text(qs, "About 3,100 families")
    assert (q.speaker_text, q.speaker, q.attribution) == ("Northern Relief Command", "e0",
                                                          "nominal")
    # no agency is named: "the agency" stays as written, never another body
    rain = _by_text(qs, "More rain is expected")
    assert rain.speaker is None and rain.speaker_text == "the agency"
