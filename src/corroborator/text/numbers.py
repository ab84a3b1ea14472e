"""Reading numbers, the one place that does: a number phrase in words or digits ("twenty
four", "2 1/2", "a dozen"), one figure token ("12,400", "$3", "5bn", "40%"), the figures
written with digits in a clause ("1.5 million"), and TIMEX3 durations built from them.
"""

from __future__ import annotations

import math
import re

from corroborator.lexicon import calendar as R
from corroborator.lexicon.numbers import (
    MULTIPLIERS,
    SCALE_WORDS,
    SMALL_NUMBERS,
    TENS,
    VAGUE_NUMBERS,
    WORD_NUMBERS,
)


def parse_number(text: str) -> float | None:
    """A cardinal from digits or words ("twenty four", "2 1/2", "a dozen"); None if vague."""
    t = re.sub(r"\s+", " ", text.lower().strip()).replace("-", " ")
    if t in VAGUE_NUMBERS:
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
        if word in SMALL_NUMBERS:
            total += SMALL_NUMBERS[word]
        elif word in TENS:
            total += TENS[word]
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


def parse_figure(text: str) -> float | None:
    """The value of one figure token ("12,400", "1.5", "five", "$3", "40%", "5bn"), or None."""
    t = text.lower().strip()
    t = t.lstrip("$€£").rstrip("%")
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)(k|mn|m|bn|b)?", t)
    if not m:
        return None
    if "," in m.group(1) and not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", m.group(1)):
        return None
    value = float(m.group(1).replace(",", ""))
    if m.group(2):
        value *= MULTIPLIERS[m.group(2)]
    return value if math.isfinite(value) else None  # 309+ digits overflow to infinity


_FIGURE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s+(?:"
    + "|".join(SCALE_WORDS) + r")\b)?",
    re.IGNORECASE,
)


def numbers_in(text: str) -> tuple[float, ...]:
    """The figures written with digits in ``text`` ("12,400" → 12400.0, "1.5 million")."""
    out: list[float] = []
    for match in _FIGURE.finditer(text):
        value = float(match.group(1).replace(",", ""))
        if match.group(2):
            value *= SCALE_WORDS[match.group(2).strip().lower()]
        if math.isfinite(value):
            out.append(value)
    return tuple(out)
