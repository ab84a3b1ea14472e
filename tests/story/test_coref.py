"""Rule-based coreference for speakers (invented sentences only)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from corroborator.model import Entity, Parsed, Span, Token, TokenRange
from corroborator.story.coref import Coreference
from corroborator.story.quotes import quote_runs


def _coref(p: Parsed, *people: str) -> Coreference:
    text = p.article.text
    quoted = [False] * len(p.tokens)
    for s, e in quote_runs(text):
        for t in p.tokens:
            if s <= t.start and t.end <= e:
                quoted[t.i] = True
    ents = []
    for k, name in enumerate(people):
        # the full name and the surname alone, as entity resolution links them
        spans: list[Span] = []
        for form in (name, name.split()[-1]):
            at = text.find(form)
            while at >= 0:
                if not any(s.start <= at < s.end for s in spans):
                    spans.append(Span(p.article.id, at, at + len(form)))
                at = text.find(form, at + 1)
        ents.append(Entity(f"p{k}", name, "PERSON", (name,), tuple(spans)))
    return Coreference(p, quoted, ents)


def _token(p: Parsed, word: str, nth: int = 0) -> Token:
    return [t for t in p.tokens if t.text == word][nth]


@pytest.mark.slow
def test_gender_from_titles_and_later_pronouns(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Ms. Dagny Roost met Ivar Lunde on Friday. Lunde said his ferry was late.\n"
    )
    c = _coref(p, "Dagny Roost", "Ivar Lunde")
    assert c.gender.get("Roost") == "f"
    assert c.gender.get("Lunde") == "m"


@pytest.mark.slow
def test_pronoun_skips_a_person_of_the_other_gender(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Mr. Ivar Lunde opened the depot.\n\n"
        "Ms. Dagny Roost toured it with Lunde on Monday.\n\n"
        "He said the depot would hire forty drivers.\n"
    )
    c = _coref(p, "Ivar Lunde", "Dagny Roost")
    ref = c.pronoun(_token(p, "He"))
    assert ref is not None and ref.text == "Ivar Lunde" and ref.entity == "p0"


@pytest.mark.slow
def test_pronoun_prefers_a_speaker_then_a_subject(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Ivar Lunde thanked Tor Aasen for the loan. He said the bank was patient.\n"
    )
    c = _coref(p, "Ivar Lunde", "Tor Aasen")
    ref = c.pronoun(_token(p, "He"))
    assert ref is not None and ref.text == "Ivar Lunde"


@pytest.mark.slow
def test_pronoun_stays_within_the_paragraph_window(parse: Callable[..., Parsed]) -> None:
    far = "The depot stayed closed.\n\n" * 5
    p = parse("Ivar Lunde opened the depot.\n\n" + far + "He said it would reopen.\n")
    c = _coref(p, "Ivar Lunde")
    assert c.pronoun(_token(p, "He")) is None


@pytest.mark.slow
def test_nominal_needs_the_title_beside_an_earlier_name(parse: Callable[..., Parsed]) -> None:
    p = parse(
        "Governor Hedda Brekk and Mayor Olav Tind opened the bridge. "
        "The governor said it was finished early.\n"
    )
    c = _coref(p, "Hedda Brekk", "Olav Tind")
    gov = _token(p, "governor")
    ref = c.nominal(gov, [_token(p, "The", 0), gov])
    assert ref is not None and ref.text == "Hedda Brekk"
    minister = p.tokens[gov.i]
    assert c.nominal(minister._replace(lemma="minister", text="minister"), [minister]) is None


@pytest.mark.slow
def test_a_sentence_with_the_same_pronoun_as_subject_passes_its_objects_over(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Ivar Lunde arrived at the depot early. After the vote, he thanked Tor Aasen and "
        "the council for their patience. He said the ferry would run again in May.\n"
    )
    c = _coref(p, "Ivar Lunde", "Tor Aasen")
    ref = c.pronoun(_token(p, "He"))
    assert ref is not None and ref.text == "Ivar Lunde"


@pytest.mark.slow
def test_a_person_the_parser_types_as_an_organisation_once_stays_a_person(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "Ivar Lunde opened the depot. He said it would hire forty drivers. Later, "
        "Ms. Dagny Roost met Ivar Lunde at the harbour.\n"
    )
    # the parser types the name as an organisation in one sentence, a person in another
    toks = [t for t in p.tokens if t.text == "Ivar"]
    ents = tuple(
        TokenRange(t.start, p.tokens[t.i + 1].end, t.i, t.i + 2, label, "Ivar Lunde")
        for t, label in zip(toks, ("ORG", "PERSON"), strict=True)
    )
    p = replace(p, ents=ents)
    c = _coref(p)
    assert [n.person for n in c.named] == [True, True]
    ref = c.pronoun(_token(p, "He"))
    assert ref is not None and ref.text == "Ivar Lunde" and ref.start == 0
