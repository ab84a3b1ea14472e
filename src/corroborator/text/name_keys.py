"""Keys that index names: exact, transliteration-folded and head-split forms of a
surface name, and the label a group of mentions takes."""


from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from corroborator.lexicon.entities import (
    FACILITY_HEADS,
    HEAD_CANON,
    ORG_HEAD_MARK,
    ORG_HEADS,
    ORG_SUFFIXES,
    PLACE_ORG_LABELS,
)
from corroborator.text.names import (
    core_tokens,
    name_tokens,
    strip_titles,
    translit,
)

#: A single-token name may take a transliteration variant (Qadir/Kadir) only when at
#: least this long: below it, e/i and o/u folding makes distinct short names equal
#: (Bell/Bill, Ross/Russ). Chosen on the must-not-merge table in tests/story/test_entities.py.
MIN_VARIANT_TOKEN_LEN = 5

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,9}$")


# =========================================================================== keys


def mention_key(surface: str, label: str) -> tuple[str, ...]:
    """Exact key of a surface form: folded tokens without titles, "the", "'s" or "group"."""
    toks = name_tokens(surface)
    if toks and toks[0] == "the" and len(toks) > 1:
        toks = toks[1:]
    toks = strip_titles(toks)
    if label == "PERSON" and len(toks) > 1 and toks[0] in _GIVEN_NAME_PARTICLES:
        # "Al Quintero", "Ben Walsh": a capitalised particle before a space is a first name
        first = re.search(r"\b" + re.escape(toks[0]) + r"(\W)", surface, re.IGNORECASE)
        if first is not None and first.group()[0].isupper() and first.group(1).isspace():
            toks = (toks[0] + _GIVEN_NAME_MARK, *toks[1:])
    if label != "PERSON" and len(toks) > 1 and toks[-1] in ORG_SUFFIXES:
        toks = toks[:-1]
    # "Ministry of Defense" = "Defense Ministry"
    for k in range(len(toks) - 2):
        if toks[k] in _REORDERED_HEADS and toks[k + 1] == "of":
            return toks[:k] + toks[k + 2 :] + (toks[k],)
    return toks


#: Heads written before or after the rest of the name ("Ministry of Defense").
_REORDERED_HEADS = frozenset({"ministry"})


_GIVEN_NAME_MARK = "_"
#: Particles that are also given names ("Al Brenner", "Ben Walsh").
_GIVEN_NAME_PARTICLES = frozenset({"al", "ben"})


@lru_cache(maxsize=1 << 16)
def split_head(toks: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split a generic head off a name, canonicalised.

    ("ain", "al", "asad", "airbase") → (("ain", "al", "asad"), ("air", "base"));
    ("morningside", "recovery", "center") → (("morningside",), ("<org>",)).
    """
    for head in FACILITY_HEADS:
        n = len(head)
        if len(toks) > n and toks[-n:] == head:
            return toks[:-n], HEAD_CANON.get(head, head)
    n = 0
    while n < len(toks) - 1 and toks[-1 - n] in ORG_HEADS:
        n += 1
    if n:
        return toks[:-n], (ORG_HEAD_MARK,)
    return toks, ()


def variant_key(toks: tuple[str, ...]) -> tuple[str, ...]:
    """Transliteration key: particles and suffixes dropped, tokens folded by :func:`translit`.

    Single short tokens keep their spelling (see :data:`MIN_VARIANT_TOKEN_LEN`).
    """
    body, head = split_head(toks)
    core = core_tokens(body)
    if len(core) == 1 and len(core[0]) < MIN_VARIANT_TOKEN_LEN:
        return core + head
    return tuple(translit(t) for t in core) + head


def coarse_label(label: str) -> str:
    """Coarse class for compatibility: people, places and bodies, and the rest by label."""
    if label in PLACE_ORG_LABELS:
        return "O"
    if label == "PERSON":
        return "P"
    return label


def is_acronym(surface: str) -> bool:
    return bool(_ACRONYM.match(surface.replace(".", ""))) and sum(c.isalpha() for c in surface) >= 2



LABEL_ORDER = {
    lab: i
    for i, lab in enumerate(
        ("PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW")
    )
}


def majority_label(labels: Counter[str]) -> str:
    return min(labels, key=lambda lab: (-labels[lab], LABEL_ORDER.get(lab, 99), lab))


