"""Verdicts on invented two-outlet stories, one per trap a fact-checker falls into.

Each pair in ``tests/fixtures/verdicts/<trap>_a.txt`` / ``<trap>_b.txt`` is run through
the real stages (reader, spaCy, zones, times, entities, quantities, quotes, claims,
conflicts) as one story. The traps must not be called corroborated or disputed; the
controls (a reworded report of one fact, a real disagreement on one figure) must be.
Every verdict is also pinned in ``tests/golden/verdicts.json`` (``UPDATE_GOLDEN=1``
rewrites it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import pytest

from corroborator.model import Article, ClaimGroup, Conflict
from tests.briefs import assert_golden
from tests.conftest import FIXTURES

TRAPS = FIXTURES / "verdicts"


@dataclass(frozen=True)
class Run:
    articles: dict[str, Article]
    groups: tuple[ClaimGroup, ...]
    conflicts: tuple[Conflict, ...]


@cache
def run(trap: str) -> Run:
    from corroborator.inputs.readers import read_inputs
    from corroborator.nlp.parse import parse_articles
    from corroborator.pipeline import analyze_article, analyze_story

    articles, errors = read_inputs([TRAPS / f"{trap}_a.txt", TRAPS / f"{trap}_b.txt"])
    assert not errors
    analyzed = [analyze_article(p) for p in parse_articles(articles, n_process=1)]
    story, members = analyze_story(trap, analyzed)
    return Run({m.article.id: m.article for m in members}, story.claims, story.conflicts)


def corroborated(r: Run) -> list[ClaimGroup]:
    return [g for g in r.groups if g.status == "corroborated"]


def texts(r: Run, g: ClaimGroup) -> list[str]:
    return [r.articles[s.article].text[s.start : s.end] for s in g.citations]


def verdicts(r: Run) -> dict[str, object]:
    """What the brief says: groups of several outlets with status and basis, conflicts."""
    return {
        "groups": [
            {"status": g.status, "claims": texts(r, g), "basis": g.basis}
            for g in r.groups
            if len(set(g.sources)) > 1
        ],
        "conflicts": [
            {"kind": c.kind, "values": [p.value for p in c.positions], "basis": c.basis}
            for c in r.conflicts
        ],
    }


# --------------------------------------------------------------------------- traps


@pytest.mark.slow
def test_a_shared_word_is_not_corroboration() -> None:
    r = run("shared_word")
    assert not any(
        any("better world" in t for t in texts(r, g)) for g in corroborated(r)
    ), verdicts(r)


@pytest.mark.slow
def test_the_same_number_of_different_things_is_neither_fact_nor_dispute() -> None:
    r = run("same_number")
    assert not any(any("80 percent" in t for t in texts(r, g)) for g in corroborated(r))
    assert not [c for c in r.conflicts if c.kind == "numeric"], verdicts(r)


@pytest.mark.slow
def test_a_denial_never_corroborates_an_admission() -> None:
    r = run("denial")
    for g in corroborated(r):
        cited = texts(r, g)
        assert not (any("not apologised" in t for t in cited)
                    and any("apologised for" in t and "not" not in t for t in cited)), cited


@pytest.mark.slow
def test_the_same_words_from_two_speakers_do_not_corroborate_each_other() -> None:
    r = run("speakers")
    assert not any(any("ready for the storm" in t for t in texts(r, g)) for g in corroborated(r))
    assert not r.conflicts, verdicts(r)


@pytest.mark.slow
def test_a_subgroup_share_does_not_dispute_the_whole() -> None:
    r = run("subgroup")
    assert not r.conflicts, verdicts(r)


@pytest.mark.slow
def test_peaks_of_two_years_do_not_dispute_each_other() -> None:
    r = run("years")
    assert not [c for c in r.conflicts if c.kind == "numeric"], verdicts(r)


@pytest.mark.slow
def test_a_rounding_of_an_exact_figure_is_no_dispute() -> None:
    r = run("rounding")
    assert not [c for c in r.conflicts if c.kind == "numeric"], verdicts(r)


@pytest.mark.slow
def test_a_reworded_quote_is_no_dispute_and_one_fact_in_other_words_corroborates() -> None:
    r = run("quote")
    assert not r.conflicts, verdicts(r)
    bridge = [g for g in corroborated(r) if any("closed the Arn bridge" in t for t in texts(r, g))]
    assert bridge, verdicts(r)
    assert "same predicate: close" in bridge[0].basis
    assert set(bridge[0].corroborated_by) == {"Tolvane Herald", "Marlow Wire"}


@pytest.mark.slow
def test_two_counts_of_one_ferrys_passengers_are_a_dispute_with_a_basis() -> None:
    r = run("ferry")
    (conflict,) = [c for c in r.conflicts if c.kind == "numeric"]
    assert {p.value for p in conflict.positions} == {"212", "240"}
    assert "same counted thing: passengers" in conflict.basis
    # the rest of the two reports is the same fact
    assert any(any("taken ashore" in t for t in texts(r, g)) for g in corroborated(r))


@pytest.mark.slow
def test_verdicts_on_the_trap_stories_match_the_golden_file() -> None:
    traps = sorted({p.stem.rsplit("_", 1)[0] for p in TRAPS.glob("*_a.txt")})
    found = {trap: verdicts(run(trap)) for trap in traps}
    assert_golden("verdicts.json", json.dumps(found, indent=2, ensure_ascii=False) + "\n")


@pytest.mark.slow
def test_one_fact_in_other_verbs_corroborates_through_a_telling_figure() -> None:
    r = run("telling_figure")
    (haul,) = corroborated(r)
    assert haul.basis.startswith("other words, same figure: 3,000,000"), verdicts(r)
    assert set(haul.corroborated_by) == {"Tolvane Herald", "Marlow Wire"}
