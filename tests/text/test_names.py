"""Name normalisation: folding, titles, particles, transliteration keys, acronyms."""

from __future__ import annotations

import pytest

from corroborator.text.names import (
    OFFICE_HEADS,
    acronym_matches,
    core_tokens,
    fold,
    initials,
    name_tokens,
    strip_titles,
    translit,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Zürich-Nord", "zurich nord"),
        ("U.S. Southern Command", "us southern command"),
        ("U. S. Coast Authority", "us coast authority"),
        ("Ain al‑Hamra", "ain al hamra"),  # non-breaking hyphen
        ("Nadimi’s", "nadimi's"),
        ("  Kerbek   Air  Base ", "kerbek air base"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_name_tokens_drop_possessives_and_expand_abbreviations() -> None:
    assert name_tokens("Nadimi’s") == ("nadimi",)
    assert name_tokens("Mt Tarvel") == name_tokens("Mount Tarvel")
    assert name_tokens("al-Hamra") == ("al", "hamra")


def test_strip_titles_keeps_the_name() -> None:
    assert strip_titles(("lt", "gen", "yusuf", "nadimi")) == ("yusuf", "nadimi")
    assert strip_titles(("prime", "minister", "omar", "hamdan")) == ("omar", "hamdan")
    assert strip_titles(("adm", "brad")) == ("brad",)
    # a title alone is kept (nothing else to keep)
    assert strip_titles(("president",)) == ("president",)


def test_core_tokens_drop_particles_and_suffixes() -> None:
    assert core_tokens(("ain", "al", "hamra")) == ("hamra",)
    assert core_tokens(("yusuf", "tariq", "al", "nadimi")) == ("yusuf", "tariq", "nadimi")
    assert core_tokens(("karl", "moser", "jr")) == ("karl", "moser")
    assert core_tokens(("al",)) == ("al",)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("hamra", "hammra"),  # doubled consonant
        ("qadir", "kadir"),  # q/k
        ("kerbek", "kirbek"),  # e/i
        ("youssef", "yusef"),  # ou/u, doubled s
        ("farouky", "farouki"),  # final y/i
        ("mohsen", "muhsin"),  # o/u, e/i
    ],
)
def test_translit_variants_share_a_key(a: str, b: str) -> None:
    assert translit(a) == translit(b)


@pytest.mark.parametrize(
    ("a", "b"), [("varak", "varan"), ("tamir", "samir"), ("hassani", "hassan")]
)
def test_translit_keeps_consonants_apart(a: str, b: str) -> None:
    assert translit(a) != translit(b)


@pytest.mark.parametrize(
    ("acronym", "words"),
    [
        ("sdf", ("syrian", "democratic", "forces")),
        ("southcom", ("southern", "command")),
        ("centcom", ("central", "command")),
        ("mod", ("ministry", "of", "defense")),
        ("nlf", ("national", "liberation", "front")),
    ],
)
def test_acronym_matches(acronym: str, words: tuple[str, ...]) -> None:
    assert acronym_matches(acronym, words)


@pytest.mark.parametrize(
    ("acronym", "words"),
    [
        ("is", ("islamic", "revolutionary", "guard", "corps")),  # words left over
        ("sdf", ("southern", "command")),
        ("x", ("x", "y")),  # too short
        ("abc", ("abc",)),  # one word is no acronym
    ],
)
def test_acronym_mismatches(acronym: str, words: tuple[str, ...]) -> None:
    assert not acronym_matches(acronym, words)


def test_initials_skip_stopwords() -> None:
    assert initials(("ministry", "of", "the", "interior")) == "mi"


def test_office_heads_end_job_titles_not_names_of_bodies() -> None:
    assert {"minister", "chief", "spokesperson", "director"} <= OFFICE_HEADS
    # words that also end names of bodies ("Burger King", "Department of Justice")
    assert not {"king", "queen", "justice", "general", "state"} & OFFICE_HEADS
