"""Speakers named by a cue's subject (invented phrases only)."""

from __future__ import annotations

import pytest

from corroborator.model import Token
from corroborator.story.speakers import _on_behalf_of, cut_at_dash, is_dash, nominal_phrase


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
