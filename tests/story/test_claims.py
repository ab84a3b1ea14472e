"""Claims: clause splitting with attribution frames, alignment, status, disputes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from corroborator.corpus.sources import independent_sources, source_key
from corroborator.model import (
    Article,
    Claim,
    ClaimGroup,
    Conflict,
    Entity,
    Parsed,
    Position,
    Quantity,
    Span,
    TimeExpr,
    Zone,
)
from corroborator.story.alignment import align, features, figures_agree, mark_disputed
from corroborator.story.claims import extract_claims
from corroborator.text.numbers import numbers_in
from corroborator.text.similarity import (
    figure_affinity,
    granularity,
    relative_gap,
    terms,
    within_rounding,
)

# --------------------------------------------------------------------------- similarity


def test_terms_fold_spellings_and_stems() -> None:
    assert set(terms("Qasr al-Nahir")) == set(terms("Kasr al Nahhir"))
    assert terms("evacuated")[0] == terms("evacuees")[0]
    assert terms("12,000 residents") == terms("12,000 people")  # one person-count term
    assert "said" not in " ".join(terms("the ministry said on Monday"))
    assert terms("the ministry said on Monday") == terms("ministry")


def test_numbers_in_reads_commas_decimals_and_multipliers() -> None:
    assert numbers_in("About 12,400 people, 1.5 million litres and 7 boats") == (
        12400.0,
        1_500_000.0,
        7.0,
    )


def test_rounding_helpers() -> None:
    assert granularity(170_000) == 10_000
    assert granularity(12_400) == 100
    assert f"{relative_gap(169_000, 170_000):.1%}" == "0.6%"
    assert within_rounding(169_000, True, 170_000, False)
    assert within_rounding(12_000, True, 12_400, False)
    assert not within_rounding(12_400, False, 14_200, False)
    assert not within_rounding(41, False, 47, False)


def test_figure_affinity_prefers_equal_then_near_figures() -> None:
    assert figure_affinity([12_400], [12_400]) == 1.0
    assert 0.8 < figure_affinity([12_400], [12_000]) < 1.0
    assert figure_affinity([12_400], [30_000]) == 0.0
    assert figure_affinity([3], [3]) == 0.5  # small figures match by chance


# --------------------------------------------------------------------------- extraction


@pytest.mark.slow
def test_coordinated_clauses_split_and_frame_stays_in_citation(
    parse: Callable[..., Parsed],
) -> None:
    text = "The council said the bridge reopened on Monday, and police lifted the curfew."
    p = parse(text, article_id="a1")
    claims = extract_claims([p], {}, (), {}, ())
    assert [c.id for c in claims] == ["a1#c0", "a1#c1"]
    first, second = claims
    assert first.text.startswith("The council said the bridge reopened")
    assert first.content == "the bridge reopened on Monday"
    assert second.text == "police lifted the curfew"
    assert first.span == Span("a1", 0, len(first.text))
    assert text[second.span.start : second.span.end] == second.text


@pytest.mark.slow
def test_trailing_frame_is_cited_but_not_content(parse: Callable[..., Parsed]) -> None:
    p = parse("Rescuers found 14 survivors in the rubble, the agency said.")
    (claim,) = extract_claims([p], {}, (), {}, ())
    assert claim.text == "Rescuers found 14 survivors in the rubble, the agency said"
    assert claim.content == "Rescuers found 14 survivors in the rubble"


@pytest.mark.slow
def test_entities_times_and_figures_come_from_the_content_only(
    parse: Callable[..., Parsed],
) -> None:
    text = "Mayor Ilse Brand said on Friday that 300 homes lost power on Thursday."
    p = parse(text, article_id="a1", published="2026-04-10")

    def span(s: str) -> Span:
        i = text.index(s)
        return Span("a1", i, i + len(s))

    ents = (
        Entity("e-brand", "Ilse Brand", "PERSON", (), (span("Ilse Brand"),)),
        Entity("e-homes", "homes", "OTHER", (), (span("homes"),)),
    )
    times = {
        "a1": (
            TimeExpr(span("on Friday"), "Friday", "DATE", "2026-04-10"),
            TimeExpr(span("Thursday"), "Thursday", "DATE", "2026-04-09"),
        )
    }
    qty = (Quantity(300.0, 300.0, 300.0, "exact", None, "homes", span("300"), text="300"),)
    (claim,) = extract_claims([p], {}, ents, times, qty)
    assert claim.entities == ("e-homes",)  # the speaker is attribution, not content
    assert claim.times == ("2026-04-09",)  # "said on Friday" dates the saying
    assert claim.numbers == (300.0,)


@pytest.mark.slow
def test_non_reporting_zones_and_heading_lines_yield_no_claims(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "Council Approves New Harbour Wall\n"
        "The council approved a new harbour wall on Tuesday.\n\n"
        "Workers inspect the old wall at dawn. (Photo: Una Pell)\n\n"
        "Subscribe to our morning newsletter for more stories."
    )
    p = parse(text, article_id="a1")
    caption = text.index("Workers")
    blurb = text.index("Subscribe")
    zones = {
        "a1": (
            Zone(Span("a1", 0, text.index("\n")), "heading"),
            Zone(Span("a1", caption, text.index("\n\nSubscribe")), "caption"),
            Zone(Span("a1", blurb, len(text)), "newsletter"),
        )
    }
    claims = extract_claims([p], zones, (), {}, ())
    assert [c.text for c in claims] == ["The council approved a new harbour wall on Tuesday"]
    assert all("\n" not in c.text for c in claims)


@pytest.mark.slow
def test_quoted_words_are_claims_of_their_own_kind_and_quoted_questions_are_stated(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "Mayor Varro spoke to the council of Pell on Monday.\n"
        '"We are at a turning point for the harbour."\n'
        "It is just the way it is.\n"
        "Varro also won praise for the harbour plan, answering critics by asking, "
        '"Who else would pay for the wall?"\n'
        "Will the wall be finished by May?"
    )
    p = parse(text, article_id="a1")
    claims = {c.text: c for c in extract_claims([p], {}, (), {}, ())}
    quote = claims["We are at a turning point for the harbour"]
    assert quote.quoted and quote.own_words  # someone's words, not a narrated fact
    assert "It is just the way it is" not in claims  # unquoted: a pronoun said to be
    praise = next(t for t in claims if t.startswith("Varro also won praise"))
    assert not claims[praise].quoted and not claims[praise].own_words
    assert not any(t.startswith("Will the wall") for t in claims)


@pytest.mark.slow
def test_the_object_of_a_support_verb_and_what_there_is_name_the_act(
    parse: Callable[..., Parsed],
) -> None:
    text = (
        "Raiders carried out 40 attacks on the Orlo coast this year.\n"
        "There have been 40 attacks on the Orlo coast this year.\n"
        "The ferry company served 15 years on the Orlo route.\n"
    )
    p = parse(text, article_id="a1")
    qty = tuple(
        Quantity(v, None, None, "exact", None, noun, Span("a1", i, i + len(f"{v:g} {noun}")))
        for v, noun in ((40, "attacks"), (15, "years"))
        for i in [m for m in range(len(text)) if text.startswith(f"{v:g} {noun}", m)]
    )
    preds = {c.text[:5]: c.predicates for c in extract_claims([p], {}, (), {}, qty)}
    assert "attack" in preds["Raide"] and "attack" in preds["There"]
    assert "year" not in preds["The f"]  # a measure names no act


# --------------------------------------------------------------------------- alignment


def _claim(cid: str, article: str, text: str, **kw: object) -> Claim:
    return Claim(
        id=cid,
        article=article,
        text=text,
        span=Span(article, 0, len(text)),
        content=text,
        **kw,  # type: ignore[arg-type]
    )


ARTICLES = {
    "p1": Article("p1", "", source="Pell Gazette"),
    "p2": Article("p2", "", source="Orlo Times"),
    "p3": Article("p3", "", source="Orlo Times"),
    "p4": Article("p4", "", source="Fenwick Daily", duplicate_of="p1"),
    "p5": Article("p5", ""),
}


def test_same_fact_from_two_outlets_is_corroborated() -> None:
    claims = [
        _claim("p1#c0", "p1", "Floodwater cut the rail line between Vesk and Harrow on Sunday"),
        _claim("p2#c0", "p2", "Floodwater has cut the Vesk-Harrow rail line since Sunday"),
        _claim("p2#c1", "p2", "The mayor opened a new library in the old mill"),
    ]
    groups = align(claims, ARTICLES)
    assert len(groups) == 2
    rail = next(g for g in groups if len(g.claims) == 2)
    assert rail.status == "corroborated"
    assert rail.sources == ("Pell Gazette", "Orlo Times")
    assert set(rail.citations) == {claims[0].span, claims[1].span}
    assert rail.id == "g:p1#c0"
    other = next(g for g in groups if g is not rail)
    assert other.status == "single_source" and other.claims == ("p2#c1",)


def test_syndicated_copy_and_same_outlet_count_once() -> None:
    text = "Floodwater cut the rail line between Vesk and Harrow on Sunday"
    copy = align([_claim("p1#c0", "p1", text), _claim("p4#c0", "p4", text)], ARTICLES)
    assert len(copy) == 1
    assert copy[0].status == "single_source"
    assert copy[0].sources == ("Pell Gazette", "Fenwick Daily")
    same = align([_claim("p2#c0", "p2", text), _claim("p3#c0", "p3", text)], ARTICLES)
    assert len(same) == 1 and same[0].status == "single_source"
    assert independent_sources(same[0], ARTICLES) == 1


def test_source_key_follows_duplicates_and_falls_back_to_the_article_id() -> None:
    assert source_key("p4", ARTICLES) == source_key("p1", ARTICLES)
    assert source_key("p5", ARTICLES) == "article:p5"
    assert source_key("missing", ARTICLES) == "article:missing"


def test_claims_of_one_article_never_share_a_group() -> None:
    text = "Floodwater cut the rail line between Vesk and Harrow on Sunday"
    groups = align(
        [_claim("p1#c0", "p1", text), _claim("p1#c1", "p1", text), _claim("p2#c0", "p2", text)],
        ARTICLES,
    )
    for g in groups:
        arts = [c.split("#")[0] for c in g.claims]
        assert len(arts) == len(set(arts))


def test_near_figures_and_shared_dates_help_alignment() -> None:
    a = _claim("p1#c0", "p1", "About 12,400 people were evacuated", numbers=(12400.0,))
    b = _claim("p2#c0", "p2", "about 12,000 residents had been evacuated", numbers=(12000.0,))
    (group,) = align([a, b], ARTICLES)
    assert group.status == "corroborated"
    f = features(_claim("x#c0", "x", "on 2026-03-12", times=("2026-03-12", "2007", "P3D")))
    assert f.times == frozenset({"2026-03-12"})


def _qty(claim: Claim, value: float, qualifier: str = "exact", **kw: float) -> Quantity:
    start = claim.text.index(f"{value:,.0f}")
    return Quantity(
        value=value,
        low=kw.get("low"),
        high=kw.get("high"),
        qualifier=qualifier,  # type: ignore[arg-type]
        unit=None,
        counted=None,
        citation=Span(claim.article, start, start + len(f"{value:,.0f}")),
    )


def test_figures_agree_when_both_can_be_right() -> None:
    c = _claim("p1#c0", "p1", "230 240 60 80 35 40")
    about_230 = _qty(c, 230, "about")
    between = _qty(c, 240, "range", low=220.0, high=240.0)
    more_than_60, about_80 = _qty(c, 60, "more_than"), _qty(c, 80, "about")
    assert figures_agree([about_230], [between])
    assert figures_agree([more_than_60], [about_80])
    assert not figures_agree([_qty(c, 35)], [_qty(c, 40, "about")])
    assert figures_agree([], [_qty(c, 35)])  # a claim without figures cannot disagree
    assert figures_agree([_qty(c, 35), _qty(c, 80)], [_qty(c, 80)])  # one shared figure


def test_sources_that_give_other_figures_do_not_corroborate() -> None:
    early = _claim("p1#c0", "p1", "Engineers found a crack roughly 40 metres long in the wall",
                   numbers=(40.0,))
    later = _claim("p2#c0", "p2", "Engineers measured the crack in the wall at 35 metres",
                   numbers=(35.0,))
    arts = {k: replace(v, text=early.text if k == "p1" else later.text)
            for k, v in ARTICLES.items()}
    plain = align([early, later], arts)
    # figures read from the text alone that differ beyond a rounding are not one fact
    assert [g.status for g in plain] == ["single_source"]
    (group,) = align([early, later], arts, [_qty(early, 40, "about"), _qty(later, 35)])
    assert group.status == "single_source"
    assert group.sources == ("Pell Gazette", "Orlo Times")
    assert group.corroborated_by == ()


def test_corroborating_sources_are_the_agreeing_originals() -> None:
    a = _claim("p1#c0", "p1", "Engineers found a crack roughly 40 metres long in the wall",
               numbers=(40.0,))
    b = _claim("p2#c0", "p2", "A crack 40 metres long was found in the wall by engineers",
               numbers=(40.0,))
    c = _claim("p3#c0", "p3", "Engineers measured the crack in the wall at 35 metres",
               numbers=(35.0,))
    copy = _claim("p4#c0", "p4", b.text, numbers=(40.0,))
    arts = {
        "p1": Article("p1", a.text, source="Pell Gazette"),
        "p2": Article("p2", b.text, source="Orlo Times"),
        "p3": Article("p3", c.text, source="Fenwick Daily"),
        "p4": Article("p4", b.text, source="Harrow Wire", duplicate_of="p2"),
    }
    qty = [_qty(a, 40, "about"), _qty(b, 40), _qty(c, 35), _qty(copy, 40)]
    # other claims of the story, so that the crack's words are not in most claims
    other = [_claim(f"p{1 + k % 3}#c{1 + k}", f"p{1 + k % 3}", text) for k, text in enumerate([
        "The mayor opened a new library in the old mill",
        "Floodwater cut the rail line between Vesk and Harrow",
        "Schools stayed closed across the northern district",
        "The harbour authority suspended the evening ferries",
        "Volunteers filled sandbags outside the town hall",
        "Power returned to most homes by the weekend",
    ])]
    (group,) = [g for g in align([a, b, c, copy, *other], arts, qty) if len(g.claims) > 1]
    assert group.status == "corroborated"
    # the copy counts as its original; the outlet with another figure does not count
    assert group.corroborated_by == ("Pell Gazette", "Orlo Times")
    assert group.sources == ("Pell Gazette", "Orlo Times", "Fenwick Daily", "Harrow Wire")


def test_a_point_inside_a_range_corroborates_it() -> None:
    text_a = "Between 220 and 240 passengers were on board the ferry"
    a = _claim("p1#c0", "p1", text_a, numbers=(240.0,))
    b = _claim("p2#c0", "p2", "The ferry carried about 230 passengers on board", numbers=(230.0,))
    arts = {"p1": replace(ARTICLES["p1"], text=text_a), "p2": ARTICLES["p2"]}
    # the figure reader gave only the upper end: the text before it makes it a range
    (group,) = align([a, b], arts, [_qty(a, 240), _qty(b, 230, "about")])
    assert group.status == "corroborated"


def test_mark_disputed_by_conflict_kind() -> None:
    g1 = ClaimGroup("g:1", "t", "corroborated", ("A", "B"), (Span("p1", 0, 10), Span("p2", 0, 10)))
    g2 = ClaimGroup("g:2", "t", "single_source", ("A",), (Span("p1", 20, 30),))
    numeric = Conflict(
        "numeric",
        "boats",
        (Position("12", (Span("p1", 2, 4),)), Position("15", (Span("p9", 0, 2),))),
    )
    out = mark_disputed([g1, g2], [numeric])
    assert [g.status for g in out] == ["disputed", "single_source"]
    # an attribution conflict disputes only a group that holds both of its sides
    one_side = Conflict(
        "attribution",
        "x",
        (Position("confirmed", (Span("p1", 0, 5),)), Position("declined", (Span("p9", 0, 5),))),
    )
    both = Conflict(
        "attribution",
        "x",
        (Position("confirmed", (Span("p1", 0, 5),)), Position("declined", (Span("p2", 0, 5),))),
    )
    assert mark_disputed([g1], [one_side])[0].status == "corroborated"
    assert mark_disputed([g1], [both])[0].status == "disputed"


@pytest.mark.slow
def test_reference_to_another_event_is_cited_but_not_content(parse: Callable[..., Parsed]) -> None:
    text = "Divers reached the wreck on Sunday, two days after the ferry sank near Orm Point."
    p = parse(text, article_id="a1", published="2026-04-13")
    times = {
        "a1": (
            TimeExpr(
                Span("a1", text.index("on Sunday"), text.index(",")),
                "on Sunday",
                "DATE",
                "2026-04-12",
            ),
        )
    }
    (claim,) = extract_claims([p], {}, (), times, ())
    assert claim.span == Span("a1", 0, len(text) - 1)  # the citation keeps the whole clause
    assert "ferry" not in claim.content and "Divers reached the wreck" in claim.content
    assert claim.times == ("2026-04-12",)
