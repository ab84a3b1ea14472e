"""Time expressions (stage 3): find them, type them (TIMEX3) and normalise them against the DCT.

    1. candidates   every rule in :data:`RULES` runs over the text (regular expressions
                    built from :mod:`corroborator.lexicon.calendar`); spaCy's DATE entities
                    vouch for bare years, and those the rules miss that hold a numeric
                    date with a full year are read by ``dateparser`` (cached)
    2. selection    overlapping candidates: the longest wins, then the earlier rule
    3. values       the chosen candidates are normalised left to right, so anaphoric
                    expressions ("the year before", "a year earlier", "the quarter") can
                    use the last date the article mentioned
    4. publication  :func:`infer_publication` dates an undated article from its content
                    and the dates of the other articles in its story

Relative expressions need the publication date (DCT). Without one they get value None;
absolute dates ("September 2024") are still normalised. The value keeps the precision
of the text: "September 2024" is ``2024-09``, "next week" ``2026-W05``, "two decades"
``P20Y``. Tense ("said Saturday" vs "will meet Saturday") picks past or future readings
of weekdays and bare months; it is read from the parse (``Token.morph``, "will").
"""

from __future__ import annotations

from corroborator.article.times.find import find_times
from corroborator.article.times.publication import infer_publication

__all__ = ["find_times", "infer_publication"]
