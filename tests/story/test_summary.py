"""Summary bullets: corroborated first, then disputes, then what one outlet alone reports."""

from __future__ import annotations

from corroborator.corpus.sources import source_name
from corroborator.model import Article, ClaimGroup, Conflict, Position, Span
from corroborator.story.summary import MAX_BULLETS, summarize

ARTICLES = {
    "a": Article("a", "", source="Pell Gazette"),
    "b": Article("b", "", source="Orlo Times"),
    "c": Article("c", "", source="Fenwick Daily"),
    "d": Article("d", "", source="Harrow Wire", duplicate_of="a"),
}


def _group(gid: str, text: str, status: str, *spans: Span) -> ClaimGroup:
    """A group as alignment.align makes it: a corroborated one names its agreeing sources."""
    sources = tuple(dict.fromkeys(ARTICLES[s.article].source or s.article for s in spans))
    agreeing = tuple(dict.fromkeys(source_name(s.article, ARTICLES) for s in spans))
    return ClaimGroup(gid, text, status, sources, spans,  # type: ignore[arg-type]
                      corroborated_by=agreeing if status == "corroborated" else ())


def _s(article: str, start: int) -> Span:
    return Span(article, start, start + 10)


def test_bullets_are_ordered_cited_and_kinded() -> None:
    groups = [
        _group("g1", "the bridge reopened on Monday", "corroborated", _s("a", 0), _s("b", 0)),
        _group(
            "g2",
            "Floodwater cut the rail line",
            "corroborated",
            _s("a", 20),
            _s("b", 20),
            _s("c", 0),
        ),
        _group("g3", "A second storm is due on Friday", "single_source", _s("c", 40)),
        _group("g4", "The mayor visited Vesk", "single_source", _s("a", 60), _s("d", 60)),
    ]
    conflict = Conflict(
        "numeric",
        "number of evacuees",
        (
            Position("about 4,100", (_s("a", 80),), ("Pell Gazette",)),
            Position("more than 5,300", (_s("b", 80),), ("Orlo Times",)),
        ),
        note="about 4,100 vs more than 5,300: relative gap 22.6%",
    )
    bullets = summarize(groups, [conflict], ARTICLES)
    assert [b.kind for b in bullets] == [
        "corroborated",
        "corroborated",
        "disputed",
        "unique",
        "unique",
    ]
    # the fact with three independent sources comes first
    assert bullets[0].text == (
        "Floodwater cut the rail line. (3 independent sources: Pell Gazette, Orlo Times "
        "and Fenwick Daily)"
    )
    assert bullets[1].text.startswith("The bridge reopened on Monday.")
    assert bullets[2].text == (
        "Outlets disagree on number of evacuees: Pell Gazette says about 4,100; Orlo Times "
        "says more than 5,300. (about 4,100 vs more than 5,300: relative gap 22.6%)"
    )
    assert bullets[2].citations == (_s("a", 80), _s("b", 80))
    assert (
        bullets[3].text
        == "Only Pell Gazette (also carried by Harrow Wire) reports: The mayor visited Vesk."
    )
    assert bullets[4].text == "Only Fenwick Daily reports: A second storm is due on Friday."
    assert all(b.citations for b in bullets)


def test_attribution_and_other_disputes_read_naturally() -> None:
    attribution = Conflict(
        "attribution",
        "what Holm Energy said",
        (
            Position("confirmed", (_s("a", 0),), ("Pell Gazette",)),
            Position(
                "declined to comment", (_s("b", 0), _s("c", 0)), ("Orlo Times", "Fenwick Daily")
            ),
        ),
    )
    other = Conflict(
        "other",
        "the northern route",
        (
            Position("the northern route will remain open", (_s("a", 30),), ("Pell Gazette",)),
            Position("The northern route has been closed", (_s("b", 30),), ("Orlo Times",)),
        ),
    )
    bullets = summarize([], [attribution, other], ARTICLES)
    assert [b.text for b in bullets] == [
        "Outlets disagree on what Holm Energy said: Pell Gazette: confirmed; Orlo Times and "
        "Fenwick Daily: declined to comment.",
        "Outlets contradict each other: Pell Gazette: “the northern route will remain "
        "open”; Orlo Times: “The northern route has been closed”.",
    ]


def test_budget_caps_bullets_and_small_stories_get_fewer() -> None:
    many = [
        _group(
            f"g{i}",
            f"Fact number {i} about the flood",
            "corroborated",
            _s("a", i * 20),
            _s("b", i * 20),
        )
        for i in range(12)
    ]
    assert len(summarize(many, [], ARTICLES)) == MAX_BULLETS
    one = [_group("g1", "The dam held", "single_source", _s("a", 0))]
    (bullet,) = summarize(one, [], ARTICLES)
    assert bullet.kind == "unique"
    assert summarize([], [], ARTICLES) == ()


def test_disputed_groups_are_not_repeated_as_facts() -> None:
    groups = [_group("g1", "About 4,100 people fled", "disputed", _s("a", 0), _s("b", 0))]
    assert summarize(groups, [], ARTICLES) == ()


def test_copies_are_named_apart_and_disagreeing_figures_are_not_facts() -> None:
    text = "Engineers found a crack 40 metres long. The dam held. Engineers measured 35 metres."
    articles = {
        "a": Article("a", text, source="Pell Gazette"),
        "b": Article("b", text, source="Orlo Times"),
        "d": Article("d", text, source="Harrow Wire", duplicate_of="a"),
    }
    # align leaves a group whose outlets give other figures single_source (40 vs 35 m):
    # it is neither a fact nor one outlet's report
    crack = _group("g1", "crack", "single_source", Span("a", 0, 38), Span("b", 55, 84))
    held = ClaimGroup(
        "g2",
        "The dam held",
        "corroborated",
        ("Pell Gazette", "Orlo Times", "Harrow Wire"),
        (Span("a", 39, 52), Span("b", 39, 52), Span("d", 39, 52)),
        corroborated_by=("Pell Gazette", "Orlo Times"),
    )
    (bullet,) = summarize([crack, held], [], articles)
    assert bullet.text == (
        "The dam held. (2 independent sources: Pell Gazette and Orlo Times; "
        "also carried by Harrow Wire)"
    )


def test_claims_told_in_a_dispute_are_not_repeated_as_unique() -> None:
    stance = _group("g1", "Holm Energy declined to comment", "single_source", _s("b", 0))
    other = _group("g2", "The plant reopened", "single_source", _s("b", 40))
    conflict = Conflict(
        "attribution",
        "what Holm Energy said",
        (
            Position("confirmed", (_s("a", 0),), ("Pell Gazette",)),
            Position("declined to comment", (_s("b", 0),), ("Orlo Times",)),
        ),
    )
    bullets = summarize([stance, other], [conflict], ARTICLES)
    assert [b.kind for b in bullets] == ["disputed", "unique"]
    assert bullets[1].text == "Only Orlo Times reports: The plant reopened."
