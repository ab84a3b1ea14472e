"""Numbers written in words or digits ("twenty four", "2 1/2", "a dozen") and TIMEX3
durations built from them.
"""

from __future__ import annotations

import re

from corroborator.lexicon import calendar as R


def parse_number(text: str) -> float | None:
    """A cardinal from digits or words ("twenty four", "2 1/2", "a dozen"); None if vague."""
    t = re.sub(r"\s+", " ", text.lower().strip()).replace("-", " ")
    if t in R.VAGUE_NUMBERS:
        return None
    if t in ("a", "an", "one", "a single", "another"):
        return 1.0
    if t in ("half a", "a half"):
        return 0.5
    if t in ("a couple", "a couple of", "couple of"):
        return 2.0
    if t == "a dozen":
        return 12.0
    if t == "a hundred":
        return 100.0
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?: 1/2)?", t)
    if m:
        return float(m[1]) + (0.5 if t.endswith("1/2") else 0.0)
    total = 0.0
    for word in t.split():
        if word in R.SMALL_NUMBERS:
            total += R.SMALL_NUMBERS[word]
        elif word in R.TENS:
            total += R.TENS[word]
        elif word == "hundred":
            total = max(total, 1.0) * 100
        elif word in ("and",):
            continue
        else:
            return None
    return total


def _unit_code(word: str) -> str:
    w = word.lower().rstrip("s")
    if w.startswith("centur"):
        return "CE"
    if w.startswith("millenni"):
        return "ML"
    return R.UNITS.get(w, R.UNITS.get(word.lower(), "?"))


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: ``P2Y``, ``PT3H``, ``P20Y`` for two decades, ``PXM`` when vague."""
    time_unit = {"H": "H", "MIN": "M", "S": "S"}.get(unit)
    if n is None:
        code = {"DE": "DE", "CE": "CE", "ML": "ML", "FN": "W"}.get(unit, unit)
        return f"PTX{time_unit}" if time_unit else f"PX{code}"
    if unit == "DE":
        n, unit = n * 10, "Y"
    elif unit == "CE":
        n, unit = n * 100, "Y"
    elif unit == "ML":
        n, unit = n * 1000, "Y"
    elif unit == "FN":
        n, unit = n * 2, "W"
    if n != int(n):  # halves: 2 1/2 years -> P2Y6M, half an hour -> PT30M
        whole = int(n)
        sub = {"Y": ("M", 6), "M": ("D", 15), "W": ("D", 3), "D": ("H", 12), "H": ("M", 30),
               "MIN": ("S", 30), "Q": ("M", 1)}.get(unit)  # fmt: skip
        if sub:
            head = f"{whole}{'M' if unit == 'MIN' else unit}" if whole else ""
            if time_unit:
                return f"PT{head}{sub[1]}{sub[0]}"
            if sub[0] == "H":
                return f"P{head}T{sub[1]}H"
            return f"P{head}{sub[1]}{sub[0]}"
    k = int(n)
    if time_unit:
        return f"PT{k}{time_unit}"
    return f"P{k}{unit}"
