"""Name normalisation: the string side of entity resolution.

Everything here is a pure function of strings, so it can be tested without spaCy:

- :func:`fold` lowercases, strips diacritics, unifies apostrophes and dashes and drops
  the dots of initialisms ("U.S." → "us").
- :func:`name_tokens` splits a folded name into tokens, separating Arabic-style
  particles written with a hyphen ("al-Asad" → "al", "asad").
- :func:`translit` maps a token to a transliteration key that is equal for common
  spelling variants of the same name: doubled consonants (Asad/Assad), q/k (Qadir/Kadir),
  e/i (Erbil/Irbil), ou/u, o/u, ee/i.
- :func:`acronym_matches` decides whether an all-capitals form is an initialism or a
  contraction of a multi-word name ("SDF" / "Syrian Democratic Forces", "SOUTHCOM" /
  "Southern Command").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

#: Particles that may be written, hyphenated, spaced or dropped in transliterated names.
PARTICLES = frozenset(
    {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ain", "ein", "abu", "abou",
     "bin", "ibn", "ben", "bint", "umm", "um"}
)

#: Titles, ranks and honorifics that are stripped from the front of a name. Multi-word
#: titles are listed as token tuples (folded, without dots).
_TITLE_LIST = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "rev",
    "reverend", "fr", "father", "sister", "brother", "sheikh", "sheik", "imam", "ayatollah",
    "rabbi", "pope", "saint", "st",
    "president", "vice president", "prime minister", "deputy prime minister",
    "foreign minister", "defence minister", "defense minister", "interior minister",
    "minister", "secretary", "defense secretary", "defence secretary",
    "secretary of state", "state secretary", "chancellor", "premier", "king", "queen",
    "prince", "princess", "emperor", "sultan", "emir", "crown prince",
    "governor", "gov", "mayor", "senator", "sen", "representative", "rep",
    "congressman", "congresswoman", "judge", "justice", "chief justice", "attorney general",
    "ambassador", "commissioner", "director", "chairman", "chairwoman", "spokesman",
    "spokeswoman", "spokesperson", "gen", "general", "lt gen", "lieutenant general",
    "maj gen", "major general", "brig gen", "brigadier general", "lt", "lieutenant",
    "col", "colonel", "lt col", "lieutenant colonel", "maj", "major", "capt", "captain",
    "cmdr", "commander", "adm", "admiral", "vice adm", "vice admiral", "rear adm",
    "rear admiral", "sgt", "sergeant", "staff sgt", "cpl", "corporal", "pvt", "private",
    "field marshal", "marshal", "officer", "detective", "det", "inspector", "chief",
    "coach", "agent", "dep", "deputy", "sheriff", "supt", "superintendent",
    "army chief of staff", "chief of staff",
)
TITLES: frozenset[tuple[str, ...]] = frozenset(tuple(t.split()) for t in _TITLE_LIST)

#: Nouns that close the name of an office held by a person ("Water Resources Minister",
#: "Police Chief", "Chief Executive Officer"). A name ending in one of them is a job
#: title, not a body. Monarchs (King, Queen) and ranks that end names of things ("Burger
#: King", "Department of Justice", "Attorney General") are left out.
OFFICE_HEADS = frozenset(
    {"minister", "secretary", "president", "chancellor", "premier", "governor", "mayor",
     "senator", "ambassador", "commissioner", "director", "chairman", "chairwoman",
     "chairperson", "spokesman", "spokeswoman", "spokesperson", "chief", "officer",
     "inspector", "superintendent", "sheriff", "coach", "commander", "envoy", "adviser",
     "advisor", "undersecretary", "deputy"}
)

#: Longest title, in tokens (for the stripping loop).
MAX_TITLE_TOKENS = max(len(t) for t in TITLES)

#: Name suffixes that do not distinguish one person from another in news text.
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "md", "phd", "esq"})

#: Words skipped by initialisms ("Ministry of Defense" → "MOD" keeps "of" optional).
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "to", "&", "de"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = re.compile(r"[‐‑‒–—―-]+")
_INITIALISM_DOTS = re.compile(r"\b((?:[a-z]\.\s?){2,})")
_NON_WORD = re.compile(r"[^\w'&]+")
_POSSESSIVE = re.compile(r"'s?$")
_DOUBLE = re.compile(r"(.)\1+")


def strip_diacritics(text: str) -> str:
    """'Zürich' → 'Zurich'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, no diacritics, plain apostrophes, hyphens as spaces, 'u.s.' → 'us'."""
    text = strip_diacritics(text).translate(_APOSTROPHES).lower()
    text = _INITIALISM_DOTS.sub(lambda m: m.group(1).replace(".", "").replace(" ", "") + " ", text)
    text = _DASHES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


#: Abbreviated name words written out ("Mt Cook" = "Mount Cook").
WORD_ABBREVIATIONS = {"mt": "mount", "ft": "fort", "pt": "point", "intl": "international",
                      "natl": "national", "univ": "university", "dept": "department"}


@lru_cache(maxsize=65536)
def name_tokens(text: str) -> tuple[str, ...]:
    """Folded tokens of a name without possessive endings: "Asad's" → ("asad",)."""
    out = []
    for tok in fold(text).split():
        tok = _POSSESSIVE.sub("", tok) if len(tok) > 2 else tok
        tok = tok.strip("'")
        if tok:
            out.append(WORD_ABBREVIATIONS.get(tok, tok))
    return tuple(out)


def strip_titles(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Drop leading titles/ranks ("lt gen abdul amir" → "abdul amir"), keeping one token."""
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for n in range(min(MAX_TITLE_TOKENS, len(tokens) - 1), 0, -1):
            if tokens[:n] in TITLES:
                tokens = tokens[n:]
                changed = True
                break
    return tokens


def core_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens without particles and name suffixes; the particles stay if nothing else is left."""
    core = tuple(t for t in tokens if t not in PARTICLES and t not in NAME_SUFFIXES)
    return core or tokens


@lru_cache(maxsize=65536)
def translit(token: str) -> str:
    """A key equal for common transliteration variants of one name token.

    Only spelling alternations that are usual between romanisations are folded:
    q/k, ck/k, ph/f, ou/u, o/u, ee/i, e/i, y between consonants/at the end/i, and doubled
    letters. Consonant identity is otherwise kept, so "Iraq" and "Iran" stay apart.
    """
    t = token.lower()
    t = t.replace("ck", "k").replace("q", "k").replace("ph", "f")
    t = t.replace("ou", "u").replace("ee", "i").replace("oo", "u")
    t = t.replace("o", "u").replace("e", "i")
    t = re.sub(r"y$", "i", t)
    t = _DOUBLE.sub(r"\1", t)
    # a final "h" after a vowel is often dropped (Hamzah/Hamza)
    if len(t) > 4 and t.endswith("h") and t[-2] in "aiu":
        t = t[:-1]
    return t


def is_initial(token: str) -> bool:
    """A single letter (an initial, after folding)."""
    return len(token) == 1 and token.isalpha()


def acronym_matches(acronym: str, words: tuple[str, ...]) -> bool:
    """Whether ``acronym`` is spelled by runs of letters taken from the starts of ``words``.

    Every content word must contribute at least one letter, in order; stop words
    ("of", "the", "and") may contribute or be skipped. A run may cover a whole word
    ("SOUTH"+"COM" from "Southern Command", "S"+"D"+"F" from "Syrian Democratic Forces").
    """
    acr = acronym.lower()
    if len(acr) < 2 or len(words) < 2:
        return False

    @cache
    def match(i: int, j: int) -> bool:
        if j == len(words):
            return i == len(acr)
        word = words[j]
        if word in ACRONYM_STOPWORDS and match(i, j + 1):
            return True
        k = 0
        while i + k < len(acr) and k < len(word) and acr[i + k] == word[k]:
            k += 1
            if match(i + k, j + 1):
                return True
        return False

    return match(0, 0)


def initials(words: tuple[str, ...]) -> str:
    """First letters of the content words: ("syrian", "democratic", "forces") → "sdf"."""
    return "".join(w[0] for w in words if w not in ACRONYM_STOPWORDS and w)
