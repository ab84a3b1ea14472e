"""spaCy ``EntityRuler`` patterns for name *shapes* the small model gets wrong (facilities
such as "X Air Base", Arabic names with "Ain al-"). Shapes, not names."""

from __future__ import annotations

from typing import Any


def ruler_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns for name shapes the small model mislabels. Shapes, not names."""
    title = {
        "IS_TITLE": True,
        "LOWER": {"NOT_IN": sorted(_RULER_STOP)},
        "TEXT": {"REGEX": f"^(?!(?:{_NOT_FACILITY_NAME_WORD})$)"},
    }
    particle = {"LOWER": {"IN": ["al", "el", "ad", "as", "ash", "ar", "az"]}}
    hyphen = {"ORTH": "-", "OP": "?"}
    names: list[list[dict[str, Any]]] = [
        [title],
        [title, title],
        [title, title, title],
        [particle, hyphen, title],
        [title, particle, hyphen, title],
    ]
    heads: list[list[dict[str, Any]]] = [
        [{"LOWER": "air"}, {"LOWER": "base"}],
        [{"LOWER": "airbase"}],
        [{"LOWER": "air"}, {"LOWER": "force"}, {"LOWER": "base"}],
        [{"LOWER": "air"}, {"LOWER": "station"}],
        [{"ORTH": "Airfield"}],
        [{"ORTH": "Naval"}, {"ORTH": "Base"}],
        [{"ORTH": "International"}, {"ORTH": "Airport"}],
        [{"ORTH": "Airport"}],
        [{"LOWER": "detention"}, {"LOWER": {"IN": ["facility", "center", "centre"]}}],
    ]
    patterns: list[dict[str, Any]] = []
    for name in names:
        for head in heads:
            patterns.append({"label": "FAC", "pattern": [*name, *head], "id": "facility"})
    # "Ain al-X" / "Ein el-X": a place name (a spring), whatever the model thinks
    ain = {"LOWER": {"IN": ["ain", "ein"]}, "IS_TITLE": True}
    patterns.append({"label": "FAC", "pattern": [ain, particle, hyphen, title], "id": "ain"})
    for head in heads:
        patterns.append(
            {"label": "FAC", "pattern": [ain, particle, hyphen, title, *head], "id": "facility"}
        )
    return patterns


#: Capitalised words that start a sentence or a headline but never a facility name:
#: function words and words that describe a base ("Key Coalition Base").
_RULER_STOP = frozenset(
    {"the", "a", "an", "in", "at", "from", "to", "of", "on", "key", "its", "his", "her",
     "their", "our", "us", "new", "former", "old", "major", "main", "largest", "last",
     "first", "this", "that", "and", "or", "by", "near", "for", "with", "coalition",
     "military"}
)

#: Shapes of words that say whose a base is, not which one it is: initialisms ("U.S.",
#: "U.K.") and nationality adjectives, by their suffixes (-ian, -ean, -can, -yan, -ban,
#: -ghan, -man, -ese, -ish, -i after a consonant: "Syrian", "Korean", "Mexican",
#: "Chinese", "Turkish", "Kuwaiti"). Names of bases with these endings (rarer than
#: nationalities in front of "air base") are left to the model.
_NOT_FACILITY_NAME_WORD = (
    r"(?:[A-Z]\.)+"
    r"|[A-Z][a-z]{2,}(?:ian|ean|can|yan|ban|ghan|man|ese|ish|[bcdfghjklmnpqrstvwxz]i)"
)


__all__ = ["ruler_patterns"]
