"""Word lists and label sets for names: which labels name things, generic heads of
facility and organisation names, words that name a kind of body rather than one."""

from __future__ import annotations

ENTITY_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW",
     "WORK_OF_ART", "LANGUAGE"}
)

#: Labels the small model confuses with each other on names of places and bodies
#: (Erbil as ORG, an air base as ORG or GPE): compatible for merging.
PLACE_ORG_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})

#: Generic heads of facility names. Two names that share only a head ("X Air Base",
#: "Y Air Base") are different things; a bare name ("al-X") may stand for the headed one.
FACILITY_HEADS: tuple[tuple[str, ...], ...] = (
    ("air", "force", "base"), ("air", "base"), ("airbase",), ("air", "field"), ("airfield",),
    ("air", "station"), ("naval", "base"), ("military", "base"), ("base",),
    ("international", "airport"), ("airport",), ("detention", "facility"), ("detention", "center"),
    ("prison",),
)
#: Spellings of the same head, mapped to one form for the transliteration key.
HEAD_CANON = {("airbase",): ("air", "base"), ("airfield",): ("air", "field"),
               ("base",): ("air", "base"), ("military", "base"): ("air", "base")}

#: Generic words closing the name of a body or place ("Promises Treatment Center",
#: "Morningside Recovery"): the name alone may stand for it in the same article.
ORG_HEADS = frozenset(
    {"center", "centre", "recovery", "treatment", "rehab", "rehabilitation", "clinic",
     "hospital", "institute", "hotel", "resort", "theatre", "theater", "company", "co",
     "corp", "corporation", "inc", "ltd", "llc", "plc", "club", "foundation", "magazine",
     "newspaper", "agency", "studios", "entertainment", "records", "bank", "church",
     "sea", "ocean", "river", "lake", "island", "islands", "mountains", "valley", "desert",
     "bay", "strait", "peninsula"}
)
ORG_HEAD_MARK = "<org>"

#: Words that name a kind of body or place, not one: alone ("the Department", "State",
#: "Police") they never link across articles.
GENERIC_WORDS = ORG_HEADS | {w for head in FACILITY_HEADS for w in head} | frozenset(
    {"department", "ministry", "league", "police", "state", "court", "committee", "council",
     "army", "navy", "government", "party", "union", "university", "school", "college",
     "office", "service", "services", "agency", "authority", "commission", "board",
     "association", "federation", "house", "senate", "congress", "parliament", "city",
     "county", "district", "province", "region", "street", "road", "square", "park",
     "station", "airport", "port", "games", "act", "force", "forces", "command", "group"}
)

#: Organisation suffixes that a name may carry or drop ("Islamic State group").
ORG_SUFFIXES = frozenset({"group", "organisation", "organization", "movement"})

#: Leading modifiers of an organisation name that a short form may drop ("U.S. Central
#: Command" → "Central Command"), besides any place or nationality named in the store.
COUNTRY_ABBREVIATIONS = frozenset({"us", "usa", "uk", "un", "eu", "american", "british"})

#: Labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC"})
