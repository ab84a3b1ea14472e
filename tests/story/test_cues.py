"""Cues read from the words around a quotation (invented articles only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborator.model import Parsed, Quote
from corroborator.story.speakers import AUTHOR
from tests.story.test_quotes import _by_text, _ents, _run


def _direct(quotes: list[Quote], snippet: str) -> Quote:
    return _by_text([q for q in quotes if q.direct], snippet)


def _mention(p: Parsed, q: Quote) -> str | None:
    sc = q.speaker_citation
    return p.article.text[sc.start : sc.end] if sc is not None else None


# --------------------------------------------------------------------------- dash signatures


@pytest.mark.slow
def test_quotations_signed_after_a_dash_on_their_line(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Readers of the Vell Gazette sent us their views on the new ferry timetable.\n"
        "“The new timetable has cut my commute in half. I see my children before bedtime "
        "now.” \u2015 Marit Solberg\n"
        "“Nobody asked the islanders before the timetable changed. We found out from a "
        "poster on the pier.”\u2015\u00a0Tomas Eriksen, a fisherman from Aska.\n"
        "“The evening boat is always late, and the café on board has closed.” -- Ines de "
        "la Torre\n"
    )
    qs = _run(p, _ents(p, ("Marit Solberg", "PERSON")))
    first = _direct(qs, "cut my commute in half")
    assert first.attribution == "dash"
    assert first.speaker == "e0" and first.speaker_text == "Marit Solberg"
    assert _mention(p, first) == "Marit Solberg"
    second = _direct(qs, "Nobody asked the islanders")
    assert second.attribution == "dash"
    assert second.speaker_text == "Tomas Eriksen"
    assert _mention(p, second) == "Tomas Eriksen"
    third = _direct(qs, "The evening boat is always late")
    assert (third.attribution, third.speaker_text) == ("dash", "Ines de la Torre")


@pytest.mark.slow
def test_a_dash_that_continues_the_sentence_signs_nothing(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Mayor Ilse Brand called the ferry plan “a bold step for all of the islands and "
        "their people” \u2014 and then she left the meeting early.\n"
        "“We will keep the evening boat running through the winter,” Brand said \u2014 "
        "Harbour Master Eva Lind\n"
    )
    qs = _run(p, _ents(p, ("Ilse Brand", "PERSON"), ("Eva Lind", "PERSON")))
    assert all(q.attribution != "dash" for q in qs)
    assert _direct(qs, "a bold step").speaker_text == "Ilse Brand"
    assert _direct(qs, "keep the evening boat").speaker_text == "Brand"


# --------------------------------------------------------------------------- mentions


@pytest.mark.slow
def test_a_dash_is_never_part_of_the_speaker_mention(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "When the board noted that the harbour had not been dredged for years \u2015 as was "
        "true for the decade before the merger \u2015 Ruud replied, “That is exactly why we "
        "need the levy.”\n"
    )
    q = _direct(_run(p), "exactly why we need the levy")
    mention = _mention(p, q)
    assert mention is not None and "\u2015" not in mention
    assert q.speaker_text == "Ruud"


@pytest.mark.slow
def test_a_clause_fragment_after_a_quote_is_not_its_speaker(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The Tolvik Review rated 40% of the council's claims as “mostly false and "
        "misleading,” compared to 12% of the opposition's claims \u2013 a wide gap.\n"
    )
    for q in _run(p):
        mention = _mention(p, q) or ""
        assert not mention.startswith("compared"), mention
        assert "\u2013" not in (q.speaker_text or "")


@pytest.mark.slow
def test_speech_verb_in_a_relative_clause_on_the_addressee_yields_to_the_main_cue(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "At a forum in Aska, Lene Vik, the director of the Aska Harbour Trust, firmly told "
        "a student who suggested that young people may stay home because of frustration "
        "that \"this is not the first generation to be frustrated and staying home is not "
        "a strategy.\"\n"
    )
    q = _direct(_run(p, _ents(p, ("Lene Vik", "PERSON"))), "not the first generation")
    assert q.speaker_text == "Lene Vik"
    assert (_mention(p, q) or "").startswith("Lene Vik")


@pytest.mark.slow
def test_gerund_after_a_preposition_speaks_for_the_clause_subject(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Harbour master Eva Lind inspected the old pier on Monday.\n\n"
        "After saying the pier was “unsafe for anyone who walks on it after dark,” she "
        "closed it to visitors.\n\n"
        "Councillor Jon Aune, despite admitting that he had doubts about “a rushed and "
        "costly tender for the dredging,” the board “must act before the winter storms.”\n"
    )
    qs = _run(p, _ents(p, ("Eva Lind", "PERSON"), ("Jon Aune", "PERSON")))
    lind = _direct(qs, "unsafe for anyone")
    assert (lind.attribution, lind.speaker_text) == ("pronoun", "Eva Lind")
    assert _mention(p, lind) == "she"
    aune = _direct(qs, "a rushed and costly tender")
    assert (aune.speaker_text or "").endswith("Jon Aune")


# --------------------------------------------------------------------------- sentence cues


@pytest.mark.slow
def test_per_and_as_put_it_are_cues(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "A tender is void if a bidder “fails to disclose any prior contract with the "
        "board,” per the Aska Harbour Trust's charter.\n\n"
        "A number of councillors share her worries, because the main requirement for a "
        "permit is a “stable and lawful source of income for the whole season,” as a "
        "Tolvik Ministry memo put it.\n\n"
        "The fee is five crowns per passenger, the board said.\n"
    )
    qs = _run(p)
    charter = _direct(qs, "fails to disclose")
    assert charter.cue == "per"
    assert _mention(p, charter) == "the Aska Harbour Trust's charter"
    memo = _direct(qs, "stable and lawful source")
    assert memo.attribution == "document"
    assert _mention(p, memo) == "a Tolvik Ministry memo"


@pytest.mark.slow
def test_a_person_named_in_apposition_introduces_the_next_quotation(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Aune bought the ferry line in 2009.\n\n"
        "His former business partner at Nordlys, Arne Dahl, called him a master at "
        "rescuing failing ferry lines. “He saw value where nobody else did, and he was "
        "right every time.”\n"
    )
    q = _direct(_run(p, _ents(p, ("Arne Dahl", "PERSON"))), "He saw value")
    assert q.speaker_text == "Arne Dahl"
    assert "Arne Dahl" in (_mention(p, q) or "")


@pytest.mark.slow
def test_any_verb_right_after_a_comma_closed_quotation_is_its_cue(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The hearing went on for three hours.\n\n"
        "“We will hold the line on fares for the whole of next year,” Karin Moe pressed.\n\n"
        "“Enough of this!” Others left the hall before the vote was taken.\n"
    )
    qs = _run(p, _ents(p, ("Karin Moe", "PERSON")))
    assert _direct(qs, "hold the line on fares").speaker_text == "Karin Moe"
    enough = [q for q in qs if "Enough of this" in q.text]
    assert all(q.speaker_text != "Others" for q in enough)


@pytest.mark.slow
def test_a_statement_issued_just_before_the_comma_speaks_for_its_issuer(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The vote ended the long dispute.\n\n"
        "Within an hour, the Aska Harbour Trust issued a statement, “We accept the result "
        "and will work with the council on the next tender.”\n"
    )
    q = _direct(_run(p, _ents(p, ("Aska Harbour Trust", "ORG"))), "We accept the result")
    assert q.attribution == "document"
    assert q.speaker_text == "Aska Harbour Trust"


@pytest.mark.slow
def test_a_conjoined_reply_keeps_its_own_speaker(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Ms. Vik said the plan left out the weekend crews, and when pressed on why, the "
        "50-year-old harbour master replied, “It was meant to protect the weekday schedule "
        "first and the weekend crews next.”\n\n"
        "Vik says it shows that the board is “unable to manage a harbour of this size.”\n"
    )
    qs = _run(p, _ents(p, ("Vik", "PERSON")))
    reply = _direct(qs, "meant to protect the weekday schedule")
    assert _mention(p, reply) == "the 50-year-old harbour master"
    shows = _direct(qs, "unable to manage a harbour")
    assert _mention(p, shows) == "Vik"


@pytest.mark.slow
def test_a_possessive_colon_introduction_is_the_owners(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Harbour board chairman Olav Brekke has said, in so many words, that the board will "
        "not sell the pier.\n\n"
        "His exact words:\n\n"
        "“We met with the buyers and were impressed with them. But the pier belongs to the "
        "islands.”\n"
    )
    q = _direct(_run(p, _ents(p, ("Olav Brekke", "PERSON"))), "We met with the buyers")
    assert (q.attribution, q.speaker_text) == ("pronoun", "Olav Brekke")
    assert _mention(p, q) == "His"


@pytest.mark.slow
def test_a_partial_quotation_in_a_later_sentence_goes_to_its_own_subject(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "“We will not give up the evening boat,” Ann Ruud said at the meeting. Later the "
        "judge pointed to an earlier ruling to say that the board must weigh “whether the "
        "islands have another way to reach the mainland.”\n\n"
        "Ruud thanked the crews. She urged the council to “keep every crossing running "
        "through the winter months.”\n"
    )
    qs = _run(p, _ents(p, ("Ann Ruud", "PERSON")))
    judge = _direct(qs, "whether the islands have another way")
    assert _mention(p, judge) == "the judge"
    urged = _direct(qs, "keep every crossing running")
    assert (urged.attribution, _mention(p, urged)) == ("pronoun", "She")
    assert (urged.speaker_text or "").endswith("Ruud")


@pytest.mark.slow
def test_i_outside_quotation_marks_is_the_author(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "The ferry was late again when I met the harbour master.\n\n"
        "“Okay,” I said, trying again. “I have taken this boat every day for ten years.”\n\n"
        "Olav Brekke said, and I quote, “The timetable is final.”\n"
    )
    qs = _run(p, _ents(p, ("Olav Brekke", "PERSON")))
    for snippet in ("Okay", "I have taken this boat"):
        q = _direct(qs, snippet)
        assert (q.attribution in ("pronoun", "continuation"), q.speaker_text) == (True, AUTHOR)
        assert q.speaker is None and _mention(p, q) == "I"
    final = _direct(qs, "The timetable is final")
    assert final.speaker_text != AUTHOR


@pytest.mark.slow
def test_a_name_that_says_i_is_a_person_he_can_refer_to(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "“To be honest, I was just happy to get it over with,” Nordvik said after the final. "
        "“I didn't want anything distracting from the team.”\n\n"
        "While offering his congratulations to Tor Aune, Nordvik is quick to add that the "
        "scoring record is the least important mark at the club.\n\n"
        "“We never cared who scored the goals,” he says.\n"
    )
    # the resolved entity is typed as an organisation, as the parser often types surnames
    qs = _run(p, _ents(p, ("Nordvik", "ORG"), ("Tor Aune", "PERSON")))
    q = _direct(qs, "We never cared who scored")
    assert (q.attribution, _mention(p, q), q.speaker_text) == ("pronoun", "he", "Nordvik")


@pytest.mark.slow
def test_a_pronoun_in_a_complement_clause_cites_the_name_of_the_same_speaker(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The ferry board met on Tuesday in Tolvik.\n\n"
        "Ann Ruud said she had called the new timetable “a gift to nobody who lives on the "
        "islands.”\n\n"
        "Olav Brekke has railed against what he calls “the slow death of the evening "
        "boat.”\n\n"
        "Brekke thanked the crews, and he described the vote as “a betrayal of every "
        "fisherman on Aska.”\n"
    )
    qs = _run(p, _ents(p, ("Ann Ruud", "PERSON"), ("Olav Brekke", "PERSON")))
    gift = _direct(qs, "a gift to nobody")
    assert (_mention(p, gift), gift.speaker_text) == ("Ann Ruud", "Ann Ruud")
    death = _direct(qs, "the slow death")
    assert (_mention(p, death), death.speaker_text) == ("Olav Brekke", "Olav Brekke")
    # a conjoined clause is an account of its own: its pronoun stays the mention
    betrayal = _direct(qs, "a betrayal of every")
    assert (_mention(p, betrayal), betrayal.speaker_text) == ("he", "Olav Brekke")


@pytest.mark.slow
def test_a_gerund_on_a_plain_noun_speaks_for_the_clause_subject(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The ferry board met on Tuesday in Tolvik.\n\n"
        "Olav Brekke emailed supporters saying the timetable was “a betrayal of the "
        "islands.”\n\n"
        "Ann Ruud has fought the board for years, at one point calling its chairman a "
        "“coward who hides behind rules.”\n\n"
        "The board released a statement saying the boats were “safe and on time.”\n"
    )
    qs = _run(p, _ents(p, ("Ann Ruud", "PERSON"), ("Olav Brekke", "PERSON")))
    emailed = _direct(qs, "a betrayal of the islands")
    assert (_mention(p, emailed), emailed.speaker_text) == ("Olav Brekke", "Olav Brekke")
    calling = _direct(qs, "coward who hides")
    assert calling.speaker_text == "Ann Ruud"
    # a document the gerund hangs from is still the one that speaks
    assert _direct(qs, "safe and on time").attribution == "document"


@pytest.mark.slow
def test_a_document_issued_by_a_named_body_speaks_for_its_issuer(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The ferry board met on Tuesday in Tolvik.\n\n"
        "Olav Brekke released a short video that said the islands “deserve a boat every "
        "evening of the year.”\n\n"
        "The harbour campaign sent out a press release saying the board owes “the islands an "
        "explanation for every cancelled crossing.”\n"
    )
    qs = _run(p, _ents(p, ("Olav Brekke", "PERSON")))
    video = _direct(qs, "deserve a boat every evening")
    assert (video.attribution, _mention(p, video)) == ("document", "Olav Brekke")
    release = _direct(qs, "the islands an explanation")
    assert (release.attribution, _mention(p, release)) == ("document", "The harbour campaign")
