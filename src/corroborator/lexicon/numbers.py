"""Number words: cardinals, tens, ordinals, scale words and their abbreviations, and the
vague plurals ("hundreds of") whose least meaning is known but not their value."""

from __future__ import annotations

SMALL_NUMBERS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}  # fmt: skip


TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip


ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
    "4th": 4,
}  # fmt: skip


#: Vague quantities: the number is unknown ("X" in the TIMEX3 value).
VAGUE_NUMBERS = frozenset(
    {"a few", "few", "several", "many", "some", "dozens of",
     "hundreds of", "a number of", "numerous", "countless"}
)  # fmt: skip

#: Cardinal words one token or phrase stands for ("a dozen").
WORD_NUMBERS: dict[str, int] = {**SMALL_NUMBERS, **TENS, "a dozen": 12, "dozen": 12}
#: Scale words that multiply the number before them.
SCALE_WORDS: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
}  # fmt: skip
#: ... and their abbreviations, written after the digits ("5bn", "40k") or as a word.
SCALE_ABBREVIATIONS: dict[str, float] = {"m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "k": 1e3}
#: "hundreds of X" and friends: the least the plural can mean.
VAGUE_PLURALS: dict[str, float] = {
    "dozens": 24.0, "scores": 40.0, "hundreds": 200.0, "thousands": 2000.0, "millions": 2e6,
    "billions": 2e9, "tens": 20.0,
}  # fmt: skip
#: Every multiplier a figure may carry: scale words and their abbreviations.
MULTIPLIERS: dict[str, float] = {**SCALE_WORDS, **SCALE_ABBREVIATIONS}
