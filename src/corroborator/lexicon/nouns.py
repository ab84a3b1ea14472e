"""Nouns for the people a figure counts, each list once."""

from __future__ import annotations

from corroborator.lexicon.stopwords import wordset

#: Person nouns that count the same kind of thing in a figure ("people" vs "residents" vs
#: "evacuees"): a conflict between two figures of them is about one count.
PERSON_NOUNS = wordset(
    """
    people persons person residents resident individuals inhabitants civilians evacuees
    villagers citizens locals families passengers survivors
    """
)
#: The plural ones that claim similarity folds into one term, so that "12,400 people" and
#: "12,000 residents" overlap; narrower than :data:`PERSON_NOUNS`, whose "passengers" or
#: "survivors" name a particular group a claim is about.
PEOPLE_TERMS = PERSON_NOUNS & wordset(
    "people persons residents individuals inhabitants civilians villagers citizens locals"
)
