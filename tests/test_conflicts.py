"""Conflicts: numeric, date, attribution and polarity disagreements between outlets.

All inputs are built by hand (invented outlets, people and places), so these tests are
fast and pin each rule separately.
"""

from __future__ import annotations

from corroborator.conflicts import actors_match, find_conflicts
from corroborator.model import Article, Claim, ClaimGroup, Qualifier, Quantity, Span

ARTICLES = {
    "a": Article("a", "", source="Pell Gazette", published="2026-04-10"),
    "b": Article("b", "", source="Orlo Times", published="2026-04-11"),
    "c": Article("c", "", source="Fenwick Daily", published="2026-04-11", duplicate_of="a"),
    "d": Article("d", "", source="Pell Gazette", published="2026-04-12"),
}


def _claim(cid: str, text: str, start: int = 0, **kw: object) -> Claim:
    article = cid.split("#")[0]
    return Claim(cid, article, text, Span(article, start, start + len(text)), content=text, **kw)  # type: ignore[arg-type]


def _qty(
    claim: Claim,
    figure: str,
    value: float,
    counted: str | None,
    qualifier: Qualifier = "exact",
    time: str | None = None,
    low: float | None = None,
    high: float | None = None,
    unit: str | None = None,
) -> Quantity:
    i = claim.text.index(figure) + claim.span.start
    return Quantity(
        value,
        low,
        high,
        qualifier,
        unit,
        counted,
        Span(claim.article, i, i + len(figure)),
        time,
        figure,
    )


def _group(*claims: Claim, gid: str = "g") -> ClaimGroup:
    return ClaimGroup(
        gid,
        claims[0].text,
        "corroborated",
        (),
        tuple(c.span for c in claims),
        tuple(c.id for c in claims),
    )


def _numeric(qa: Quantity, qb: Quantity, ca: Claim, cb: Claim, grouped: bool = True) -> list[str]:
    groups = [_group(ca, cb)] if grouped else [_group(ca, gid="g1"), _group(cb, gid="g2")]
    found = find_conflicts(groups, [ca, cb], [qa, qb], [], ARTICLES)
    return [c.note for c in found if c.kind == "numeric"]


# --------------------------------------------------------------------------- numeric


def test_peak_figures_within_rounding_are_a_numeric_conflict() -> None:
    ca = _claim(
        "a#c0", "Tourist arrivals on Varnholm reached a peak of about 86,000 visitors in July 2019"
    )
    cb = _claim("b#c0", "At its peak, Varnholm drew 87,000 visitors")
    notes = _numeric(
        _qty(ca, "about 86,000", 86_000, "visitors", "about", time="2019-07"),
        _qty(cb, "87,000", 87_000, "visitors"),
        ca,
        cb,
        grouped=False,
    )
    assert notes == ["about 86,000 vs 87,000: relative gap 1.1%, within rounding"]


def test_real_gap_is_reported_without_rounding() -> None:
    ca = _claim("a#c0", "About 4,100 people fled the valley")
    cb = _claim("b#c0", "More than 5,300 residents fled the valley")
    found = find_conflicts(
        [_group(ca, cb)],
        [ca, cb],
        [
            _qty(ca, "About 4,100", 4_100, "people", "about"),
            _qty(cb, "More than 5,300", 5_300, "residents", "more_than", low=5_300),
        ],
        [],
        ARTICLES,
    )
    (conflict,) = found
    assert conflict.kind == "numeric"
    assert [p.value for p in conflict.positions] == ["about 4,100", "more than 5,300"]
    assert [p.sources for p in conflict.positions] == [("Pell Gazette",), ("Orlo Times",)]
    assert conflict.note == "about 4,100 vs more than 5,300: relative gap 22.6%"


def test_range_containing_the_point_is_no_conflict() -> None:
    ca = _claim("a#c0", "The ferry carried about 230 passengers")
    cb = _claim("b#c0", "Between 220 and 240 passengers were on the ferry")
    q_range = _qty(cb, "220 and 240", 230, "passengers", "range", low=220, high=240)
    assert _numeric(_qty(ca, "about 230", 230, "passengers", "about"), q_range, ca, cb) == []


def test_figures_for_different_times_are_a_development() -> None:
    ca = _claim("a#c0", "About 900 dockers struck on Tuesday")
    cb = _claim("b#c0", "about 1,100 dockers had joined the strike")
    q900 = _qty(ca, "About 900", 900, "dockers", "about", time="2026-04-07")
    # the later report carries no date of its own: its publication follows the dated figure
    assert _numeric(q900, _qty(cb, "about 1,100", 1_100, "dockers", "about"), ca, cb) == []
    # both dated, on different days
    q1100 = _qty(cb, "about 1,100", 1_100, "dockers", "about", time="2026-04-08")
    assert _numeric(q900, q1100, ca, cb) == []


def test_revision_cue_makes_a_development() -> None:
    ca = _claim("a#c0", "Engineers found a crack 40 metres long")
    cb = _claim("b#c0", "Engineers measured the crack at 35 metres, shorter than earlier estimates")
    qa = _qty(ca, "40 metres", 40, None, unit="metre")
    qb = _qty(cb, "35 metres", 35, None, unit="metre")
    assert _numeric(qa, qb, ca, cb) == []


def test_same_source_syndicated_copy_and_other_counts_are_no_conflict() -> None:
    ca = _claim("a#c0", "About 4,100 people fled the valley")
    cc = _claim("c#c0", "About 5,000 people fled the valley")  # a copy of "a": same source
    assert (
        _numeric(
            _qty(ca, "About 4,100", 4_100, "people", "about"),
            _qty(cc, "About 5,000", 5_000, "people", "about"),
            ca,
            cc,
        )
        == []
    )
    cb = _claim("b#c0", "About 5,000 sheep fled the valley")
    assert (
        _numeric(
            _qty(ca, "About 4,100", 4_100, "people", "about"),
            _qty(cb, "About 5,000", 5_000, "sheep", "about"),
            ca,
            cb,
        )
        == []
    )


def test_figures_far_apart_count_different_things() -> None:
    ca = _claim("a#c0", "About 2,500 soldiers remain in the country")
    cb = _claim("b#c0", "At its peak, the country hosted 170,000 soldiers")
    assert (
        _numeric(
            _qty(ca, "About 2,500", 2_500, "soldiers", "about"),
            _qty(cb, "170,000", 170_000, "soldiers"),
            ca,
            cb,
            grouped=False,
        )
        == []
    )


# --------------------------------------------------------------------------- date


def test_same_event_on_different_days_is_a_date_conflict() -> None:
    ca = _claim("a#c0", "The ferry Talis sank off Brem Point on Saturday", times=("2026-04-04",))
    cb = _claim(
        "b#c0", "The ferry Talis sank off Brem Point on Friday evening", times=("2026-04-03TEV",)
    )
    (conflict,) = find_conflicts([_group(ca, cb)], [ca, cb], [], [], ARTICLES)
    assert conflict.kind == "date"
    assert [p.value for p in conflict.positions] == ["2026-04-03", "2026-04-04"]
    assert conflict.about == "The ferry Talis sank off Brem Point on Friday evening"


def test_loosely_aligned_claims_with_different_days_are_not_a_date_conflict() -> None:
    ca = _claim("a#c0", "Crews completed the evacuation of Tarn on Saturday", times=("2026-04-04",))
    cb = _claim(
        "b#c0", "Engineers began draining the Tarn reservoir on Sunday", times=("2026-04-05",)
    )
    assert find_conflicts([_group(ca, cb)], [ca, cb], [], [], ARTICLES) == ()


# --------------------------------------------------------------------------- attribution


def test_confirmed_versus_declined_to_comment_is_an_attribution_conflict() -> None:
    ca = _claim(
        "a#c0", "Holm Energy, the company that runs the plant, confirmed that a valve failed"
    )
    cb = _claim("b#c0", "Holm Energy declined to comment on the valve")
    (conflict,) = find_conflicts([], [ca, cb], [], [], ARTICLES)
    assert conflict.kind == "attribution"
    assert [(p.value, p.sources) for p in conflict.positions] == [
        ("confirmed", ("Pell Gazette",)),
        ("declined to comment", ("Orlo Times",)),
    ]


def test_actor_matching_by_acronym_and_possessive() -> None:
    assert actors_match("U.S. Northern Command", "NORTHCOM")
    assert actors_match("the Northern Command", "U.S. Northern Command")
    assert not actors_match("Holm Energy", "Holm Water")
    ca = _claim(
        "a#c0", "The Bureau's Northern Command told reporters that the reports were accurate"
    )
    cb = _claim("b#c0", "NORTHCOM did not immediately respond to a request for comment")
    cd = _claim("b#c1", "Officials declined to comment", start=200)  # generic actor: ignored
    (conflict,) = find_conflicts([], [ca, cb, cd], [], [], ARTICLES)
    assert [p.value for p in conflict.positions] == [
        "said it was true",
        "did not immediately respond",
    ]


def test_stances_from_one_outlet_are_no_conflict() -> None:
    ca = _claim("a#c0", "Holm Energy confirmed that a valve failed")
    cd = _claim("d#c0", "Holm Energy declined to comment on the valve")  # same outlet
    cc = _claim("c#c0", "Holm Energy declined to comment on the valve")  # copy of "a"
    assert find_conflicts([], [ca, cd, cc], [], [], ARTICLES) == ()


# --------------------------------------------------------------------------- polarity


def test_negated_and_antonym_claims_conflict_when_aligned() -> None:
    ca = _claim("a#c0", "The ship's captain, Ivo Rask, is among the missing")
    cb = _claim("b#c0", "The captain of the ship, Ivo Rask, was not among the missing")
    (conflict,) = find_conflicts([_group(ca, cb)], [ca, cb], [], [], ARTICLES)
    assert conflict.kind == "other"
    assert [p.citations for p in conflict.positions] == [(ca.span,), (cb.span,)]
    cc = _claim("a#c1", "the northern ferry route will remain open", start=100)
    cd = _claim("b#c1", "The northern ferry route has been closed until further notice", start=100)
    (conflict,) = find_conflicts([_group(cc, cd)], [cc, cd], [], [], ARTICLES)
    assert conflict.kind == "other"


def test_same_polarity_or_double_reversal_is_no_conflict() -> None:
    ca = _claim("a#c0", "The northern ferry route will remain open")
    cb = _claim("b#c0", "The northern ferry route has not been closed")
    assert find_conflicts([_group(ca, cb)], [ca, cb], [], [], ARTICLES) == ()
    cc = _claim("a#c1", "Nine people are still missing", start=100)
    cd = _claim("b#c1", "Nine people remain missing", start=100)
    assert find_conflicts([_group(cc, cd)], [cc, cd], [], [], ARTICLES) == ()
