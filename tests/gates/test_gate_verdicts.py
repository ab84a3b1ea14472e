"""Quality gate for the brief's verdicts on real multi-source reports.

Runs ``benchmarks/verdicts_eval.py`` over the ECB+ dev storylines and the seeds
(``../shared``, read at run time) and checks its figures against the pairs judged by
reading (``tests/gold/verdicts.judged.json``: ids, offsets and text hashes only):
corroborated and disputed precision, the share of the right corroborations found at
baseline that are still found, and that nearly every sampled pair is judged (a pair
whose cited text changed is unjudged again and must be read). The seeds must keep
their troop-peak and confirmed-vs-no-comment disputes. Near-miss negatives: each ECB+
dev topic read as one story (its two events of one kind merged, as a clustering error
would) must give next to no dispute between its two events.

ECB+ dev comes from the suite's one shared parse (``conftest.ecb_dev``); only the seeds
are parsed here.
"""

from __future__ import annotations

import sys
from typing import Any

import pytest

from corroborator.model import ArticleAnalysis
from tests.conftest import ROOT, shared_path

# Pinned minimums: the figures last measured, a little lower (corroborated 158/163 =
# 0.969, disputed 8/9 = 0.89, baseline recall 141/152 = 0.928). One more wrong
# corroborated pair is 158/164 = 0.963; two baseline pairs lost are 139/152 = 0.914.
# Disputed pairs are few: its pin is the target, 0.8, which one more wrong pair (8/10)
# still meets and a second (8/11 = 0.727) does not.
MIN_CORROBORATED_PRECISION = 0.95
MIN_DISPUTED_PRECISION = 0.8
MIN_BASELINE_RECALL = 0.91
#: At most this share of the sampled pairs may be unjudged (new or changed text).
MAX_UNJUDGED_SHARE = 0.05
#: Disputes between the two events of an ECB+ dev topic read as one story: 14 before
#: the rules that ask a dispute's sides for one event, 2 now (a distance given as about
#: 930 and about 940 miles in reports of two quakes on one island; a confirmation set
#: against "could not be reached" about another event).
MAX_CROSS_EVENT_DISPUTES = 3


@pytest.fixture(scope="module")
def evaluation(ecb_dev: tuple[list[ArticleAnalysis], dict[str, str]]) -> tuple[Any, list[Any]]:
    """The judged pairs scored, and the seeds' conflicts (ECB+ dev from the suite's
    shared parse; only the seeds are parsed here)."""
    data = shared_path("data", "ecbplus-dev")
    seeds = shared_path("corpora", "seeds")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import verdicts_eval as ve

    judged = ve.load_judged(ve.DEFAULT_JUDGED)
    pairs: list[Any] = []
    conflicts: list[Any] = []
    analyzed = {a.article.id: a for a in ecb_dev[0]}
    for story, articles in ve.stories(data, seeds, None, analyzed):
        pairs += ve.pairs_of(story, articles)
        if story.id == "seeds":
            conflicts += list(story.conflicts)
    return ve.score(pairs, judged), conflicts


@pytest.mark.slow
@pytest.mark.gate
def test_verdict_precision_and_recall_on_judged_real_reports(
        evaluation: tuple[Any, list[Any]]) -> None:
    s, _ = evaluation
    figures = {
        "corroborated": s.precision("corroborated"),
        "disputed": s.precision("disputed"),
        "recall": s.recall,
    }
    for verdict in ("corroborated", "disputed"):
        sampled = s.produced[verdict]
        assert s.unjudged(verdict) <= MAX_UNJUDGED_SHARE * sampled, (
            f"{s.unjudged(verdict)} of {sampled} sampled {verdict} pairs are unjudged: "
            "judge them (python benchmarks/verdicts_eval.py --dump)"
        )
    assert figures["corroborated"] >= MIN_CORROBORATED_PRECISION, figures
    assert figures["disputed"] >= MIN_DISPUTED_PRECISION, figures
    assert figures["recall"] >= MIN_BASELINE_RECALL, figures


@pytest.mark.slow
@pytest.mark.gate
def test_seeds_keep_the_troop_peak_and_the_confirmation_disputes(
        evaluation: tuple[Any, list[Any]]) -> None:
    _, conflicts = evaluation
    values = [(c.kind, {p.value for p in c.positions}) for c in conflicts]
    assert any(k == "numeric" and v == {"about 169,000", "170,000"} for k, v in values), values
    assert any(
        k == "attribution"
        and any("confirmed" in x for x in v)
        and any("did not immediately respond" in x for x in v)
        for k, v in values
    ), values


@pytest.mark.slow
@pytest.mark.gate
def test_two_events_of_one_topic_read_as_one_story_give_next_to_no_dispute(
        ecb_dev: tuple[list[ArticleAnalysis], dict[str, str]]) -> None:
    data = shared_path("data", "ecbplus-dev")
    seeds = shared_path("corpora", "seeds")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import verdicts_eval as ve

    analyzed = {a.article.id: a for a in ecb_dev[0]}
    counts, cross, _ = ve.topic_counts(ve.topic_stories(data, seeds, None, analyzed))
    assert counts["disputed", True] <= MAX_CROSS_EVENT_DISPUTES, [p.detail for p in cross
                                                                  if p.verdict == "disputed"]
    # the right disputes within one event are still found in the merged stories
    assert counts["disputed", False] >= 2, counts
