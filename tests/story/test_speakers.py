"""Speakers named by a cue's subject (invented phrases only)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from corroborator.model import Parsed, Token
from corroborator.story.speakers import _on_behalf_of, cut_at_dash, is_dash, nominal_phrase
from tests.story.test_quotes import _by_text, _ents, _run


@pytest.mark.parametrize(
    ("role", "behalf"),
    [
        ("a spokesman for the Ruud campaign", "the Ruud campaign"),
        ("Campaign spokesman", "the campaign"),
        ("campaign spokeswoman", "the campaign"),
        ("Northsound Lines spokeswoman", "Northsound Lines"),
        ("a senior aide to Governor Brandvold", "Governor Brandvold"),
        ("the mayor", None),
        ("A spokesperson", None),
    ],
)
def test_on_behalf_of(role: str, behalf: str | None) -> None:
    assert _on_behalf_of(role) == behalf


def _toks(text: str, *spec: tuple[str, str, str]) -> list[Token]:
    """Tokens of ``text`` (words split on spaces) with (pos, tag, dep) per word."""
    out, at = [], 0
    for i, (word, (pos, tag, dep)) in enumerate(zip(text.split(" "), spec, strict=True)):
        start = text.index(word, at)
        at = start + len(word)
        out.append(Token(i, start, at, word, word.lower(), pos, tag, dep, i))
    return out


def test_a_hyphen_inside_a_name_is_not_a_dash_but_a_spaced_one_is() -> None:
    text = "Park Geun - hye"
    toks = _toks(text, *[("PROPN", "NNP", "compound")] * 2, ("PUNCT", "HYPH", "punct"),
                 ("PROPN", "NNP", "nsubj"))
    assert is_dash(toks[2], text)  # spaced
    glued = "Geun-hye"
    hyphen = Token(1, 4, 5, "-", "-", "PUNCT", "HYPH", "punct", 1)
    assert not is_dash(hyphen, glued)
    assert is_dash(Token(0, 0, 1, "\u2015", "\u2015", "NOUN", "NN", "nsubj", 0), "\u2015x")


def test_speaker_mentions_are_noun_phrases() -> None:
    text = "compared to 11 % of claims"
    fragment = _toks(text, ("VERB", "VBN", "prep"), ("ADP", "IN", "prep"),
                     ("NUM", "CD", "nummod"), ("NOUN", "NN", "pobj"), ("ADP", "IN", "prep"),
                     ("NOUN", "NNS", "pobj"))
    assert not nominal_phrase(fragment, text)
    text = "Tulsa police chief Eli Varga"
    # the tagger made the city a verb: a capital says it is a name
    name = _toks(text, ("VERB", "VB", "dep"), ("NOUN", "NN", "compound"),
                 ("NOUN", "NN", "compound"), ("PROPN", "NNP", "compound"),
                 ("PROPN", "NNP", "nsubj"))
    assert nominal_phrase(name, text)
    text = "which Varga"
    assert not nominal_phrase(_toks(text, ("PRON", "WDT", "dobj"), ("PROPN", "NNP", "nsubj")),
                              text)


def test_a_subject_phrase_is_cut_at_the_dashes_around_its_head() -> None:
    text = "made public \u2015 Eli Varga"
    toks = _toks(text, ("VERB", "VBN", "ROOT"), ("ADJ", "JJ", "amod"),
                 ("NOUN", "NN", "compound"), ("PROPN", "NNP", "compound"),
                 ("PROPN", "NNP", "nsubj"))
    assert [t.text for t in cut_at_dash(toks, toks[4], text)] == ["Eli", "Varga"]


@pytest.mark.slow
def test_a_name_right_before_a_speech_verb_left_without_subject_is_its_subject(
    parse: Callable[..., Parsed],
) -> None:
    # the parser hangs "Ann Ruud" as an apposition of "her husband" and leaves "said"
    # without a subject
    p = parse(
        "Speaking at the pier for her husband, Olav Brekke, former harbour chief Ann Ruud "
        "said he was qualified because “the boats are in tough shape.”\n"
    )
    qs = _run(p, _ents(p, ("Ann Ruud", "PERSON"), ("Olav Brekke", "PERSON")))
    q = _by_text([q for q in qs if q.direct], "the boats are in tough shape")
    assert q.speaker_text == "Ann Ruud"
    sc = q.speaker_citation
    assert sc is not None and "Ann Ruud" in p.article.text[sc.start : sc.end]


@pytest.mark.slow
def test_and_i_quote_passes_on_the_words_of_the_one_who_said_them(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The ferry was late again. No wonder Varro said, and I quote, \"We love the slow "
        "boats.\"\n\n"
        "No wonder Ruud said, \"We love the fast boats.\"\n"
    )
    qs = _run(p, _ents(p, ("Varro", "PERSON"), ("Ruud", "PERSON")))
    for snippet, name in (("the slow boats", "Varro"), ("the fast boats", "Ruud")):
        # ("No wonder" is a second subject of "said" in the parse)
        q = _by_text([q for q in qs if q.direct], snippet)
        sc = q.speaker_citation
        assert q.speaker_text == name
        assert sc is not None and p.article.text[sc.start : sc.end] == name


@pytest.mark.slow
def test_a_share_of_people_polled_speaks_through_the_poll(
    parse: Callable[..., Parsed],
) -> None:
    p = parse(
        "The ferry board met on Tuesday in Tolvik.\n\n"
        "In a Tolvik Herald poll released Monday, 62 percent of islanders said the boats "
        "were “too old to trust in winter.”\n\n"
        "Ann Ruud said 62 percent was “a number the board cannot ignore.”\n"
    )
    qs = _run(p, _ents(p, ("Ann Ruud", "PERSON")))
    polled = _by_text([q for q in qs if q.direct], "too old to trust")
    sc = polled.speaker_citation
    assert polled.attribution == "document"
    assert sc is not None and p.article.text[sc.start : sc.end].endswith("poll released Monday")
    # a share named without a poll in its sentence is no document
    assert _by_text([q for q in qs if q.direct], "a number the board").speaker_text == "Ann Ruud"
