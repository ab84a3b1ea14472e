"""The rule prefilter: strings read off a compiled pattern that every match contains."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corroborator.article.times.rules import _compiled
from corroborator.article.times.scan import _rule_matches
from corroborator.text import prefilter as R
from tests.conftest import DEMO


def need(pattern: str) -> frozenset[str] | None:
    return R.required_strings(re.compile(pattern, re.I))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bcentur(?:y|ies)\b", {"centur"}),
        (r"(?:spring|Summer|autumn)", {"spring", "summer", "autumn"}),
        (r"(?:early\s+)?century", {"century"}),  # an optional part requires nothing
        (r"\b\w+day\b", {"day"}),
        # a repeat of at least one requires its body; the longer string is kept
        (r"(?:fiscal\s+)+year", {"fiscal"}),
        (r"[0-9]{4}", set("0123456789")),  # a small class of ASCII characters
    ],
)
def test_required_strings(pattern: str, expected: set[str]) -> None:
    assert need(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [r"[^x]+", r"\d{4}", r"(?:x|\w+)", r"(?:late\s+)?\w*", r"."])
def test_a_pattern_that_can_match_anything_requires_nothing(pattern: str) -> None:
    assert need(pattern) is None


def test_probe_text_folds_what_ignorecase_matches_to_ascii() -> None:
    # re.I lets "İ" match "i" and the Kelvin sign match "k": the probe must too
    assert R.probe_text("THE \u0130NDEPENDENCE WEE\u212a") == "the independence week"
    assert re.search("week", "WEE\u212a", re.I)


TRICKY = [
    "Late last century the Quarter ended; in early spring, the fiscal year 2019.",
    "On Tuesday, Dec. 13, at 10:30 a.m. -- two weeks ago -- and the 1990s.",
    "MID-SUMMER, the weekend before last, 3 days later, yesterday's vote.",
    "This Week: the year-end review; tonight at midnight; Q3 FY2024.",
    "\u0130n the SPR\u0130NG of 2020, every other weekend, the past decade.",
]


def test_no_rule_matches_a_text_that_lacks_its_required_strings() -> None:
    """The prefilter is safe: wherever a rule matches, its strings are present."""
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in Path(DEMO).rglob("*") if p.is_file()]
    checked = 0
    for name, pattern, _, required in _compiled():
        if required is None:
            continue
        for text in texts:
            if pattern.search(text):
                probe = R.probe_text(text)
                assert any(s in probe for s in required), (name, required)
                checked += 1
    assert checked > 20, "the texts exercise the prefiltered rules"


def test_most_rules_get_a_prefilter() -> None:
    rules = _compiled()
    assert sum(r[3] is not None for r in rules) >= len(rules) // 2


def test_overlapping_scanner_reports_every_start_and_the_longest_string() -> None:
    scanner = R.overlapping_scanner(["day", "days", "monday", "a.m", "a.m."])
    hits = [(m.start(), m[1]) for m in scanner.finditer("mondays at 9 a.m. daydays")]
    assert hits == [(0, "monday"), (3, "days"), (13, "a.m."), (18, "day"), (21, "days")]


def test_block_scan_finds_what_a_whole_text_scan_finds() -> None:
    """Rules run only over the blocks holding their strings, with the same matches."""
    texts = TRICKY + [p.read_text(encoding="utf-8") for p in Path(DEMO).rglob("*") if p.is_file()]
    texts.append("\n\n".join(TRICKY) + "\n \nMay\n5, 2020 and 4\nAugust;\n\nthe 1990s")
    found = 0
    for text in texts:
        whole = [(rank, m.span()) for rank, (_, pattern, _, _) in enumerate(_compiled())
                 for m in pattern.finditer(text)]
        assert [(rank, m.span()) for rank, m in _rule_matches(text)] == whole
        found += len(whole)
    assert found > 100
