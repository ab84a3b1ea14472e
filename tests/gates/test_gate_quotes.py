"""Quality gates for quotation attribution.

* Same-event reports: three invented reports of one invented event
  (``tests/fixtures/quotes``), each quotation's speaker written down by hand; the share of
  quotations by a named person that are given to that person (the entity after
  resolution across the three reports) is pinned.
* Real same-event reports: quotations by a named person in the seeds and a sample of
  ECB+ dev, judged by reading them (``benchmarks/same_event_speakers.json``: ids,
  offsets and hashes, never text); the share given to that person is pinned.
* Seeds: every direct quote in ``../shared/corpora/seeds`` keeps the speaker it has
  today. The judgments are stored as (article, quote start, hash of the speaker name),
  never the text; the seeds are read at run time and the test skips without them.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from corroborator.model import Article, Quote
from corroborator.nlp.parse import parse_articles
from corroborator.pipeline import analyze_article
from corroborator.story import entities, quotes
from tests.conftest import FIXTURES, ROOT, shared_path
from tests.gates.test_gate_zones_quotes_figures import run_stages, seed_articles

SAME_EVENT = FIXTURES / "quotes"

#: (report, words of the quotation, speaker's full name) for every quotation by a person.
SAME_EVENT_GOLD = [
    ("harbour_herald", "patience has not paid the rent", "Orla Benning"),
    ("harbour_herald", "as long as it takes to be heard", "Orla Benning"),
    ("harbour_herald", "Our door is open tonight", "Piet Havel"),
    ("harbour_herald", "Nobody wins when the boats", "Piet Havel"),
    ("harbour_herald", "Not the crews, not the islands", "Piet Havel"),
    ("harbour_herald", "a long and bitter winter", "Ruth Calloway"),
    ("island_courier", "patience has not paid the rent", "Orla Benning"),
    ("island_courier", "made record profits", "Orla Benning"),
    ("island_courier", "a fantasy", "Piet Havel"),
    ("island_courier", "Our door is open tonight", "Piet Havel"),
    ("island_courier", "I will not let this drag on", "Ruth Calloway"),
    ("island_courier", "The islands depend on these boats", "Ruth Calloway"),
    ("coast_observer", "Every one of you is worth more", "Orla Benning"),
    ("coast_observer", "Remember that when they call you", "Orla Benning"),
    ("coast_observer", "We respect the crews", "Piet Havel"),
    ("coast_observer", "close to ready", "Piet Havel"),
    ("coast_observer", "heard every word", "Ruth Calloway"),
    ("coast_observer", "will publish its offer in full", "Mina Ekdal"),
]

#: Measured when the gate was written: 18 of 18.
MIN_SAME_EVENT_SHARE = 1.0

#: Judged quotations by a named person in the seeds and ECB+ dev: 117 of 125 (0.936)
#: when this pin was set (0.864 before the parenthetical-cue, inverted-subject,
#: line-end-quote and pronoun-chain rules; 0.912 before "His exact words:" and names
#: that say "I" counting as people "he" can refer to).
MIN_JUDGED_SAME_EVENT_SHARE = 0.92

#: The seeds' direct quotes: (article id, quote start, sha1 of the speaker's name)[:12].
#: The eleven attributed before the attribution rules here were added, and two short
#: partial quotes governed by a speech verb that were skipped as scare quotes before.
SEED_SPEAKERS = {
    ("000_210dde1f97b4a05d", 1128): "c06efbdd82ea",
    ("000_210dde1f97b4a05d", 1182): "c06efbdd82ea",
    ("000_210dde1f97b4a05d", 1439): "8e712c436e57",
    ("000_210dde1f97b4a05d", 1617): "8e712c436e57",
    ("000_210dde1f97b4a05d", 2124): "46d77e9f957e",
    ("001_7002d340e3ea555d", 73): "02ce20e1ebbb",
    ("001_7002d340e3ea555d", 1848): "15a772108448",
    ("003_746988c9c8000532", 957): "bafebb3cd920",
    ("003_746988c9c8000532", 1824): "bafebb3cd920",
    ("003_746988c9c8000532", 3538): "aee0628556d1",
    ("003_746988c9c8000532", 3824): "8e712c436e57",
    ("003_746988c9c8000532", 4042): "8e712c436e57",
    ("004_466f56179c7306de", 492): "bf49c4261693",
}


def _same_event_quotes() -> tuple[dict[str, str], tuple[Quote, ...]]:
    arts = [
        Article(id=path.stem, text=path.read_text(encoding="utf-8"), source=path.stem)
        for path in sorted(SAME_EVENT.glob("*.txt"))
    ]
    parsed = list(parse_articles(arts, n_process=1))
    analyses = [analyze_article(p) for p in parsed]
    ents = entities.resolve(
        [a.mentions for a in analyses], {a.article.id: a.article.source for a in analyses}
    )
    qs = quotes.find_quotes(parsed, {a.article.id: a.zones for a in analyses}, ents)
    return {e.id: e.name for e in ents}, qs


@pytest.mark.slow
@pytest.mark.gate
def test_same_event_quotations_by_a_named_person_go_to_that_person() -> None:
    names, qs = _same_event_quotes()
    right, wrong = 0, []
    for report, words, person in SAME_EVENT_GOLD:
        hits = [q for q in qs if q.citation.article == report and words in q.text]
        assert hits, (report, words)
        got = names.get(hits[0].speaker or "", hits[0].speaker_text or "")
        if got == person:
            right += 1
        else:
            wrong.append((report, words, got, hits[0].attribution))
    assert right / len(SAME_EVENT_GOLD) >= MIN_SAME_EVENT_SHARE, wrong


@pytest.mark.slow
@pytest.mark.gate
def test_judged_same_event_quotations_go_to_the_named_person() -> None:
    seeds = shared_path("corpora", "seeds")
    ecb = shared_path("data", "ecbplus-dev")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import quote_eval

    got: Any = quote_eval.score_same_event(seeds, ecb)
    assert got.drift == 0
    assert got.share >= MIN_JUDGED_SAME_EVENT_SHARE, got.wrong


def _hash(name: str | None) -> str:
    return hashlib.sha1((name or "").encode("utf-8")).hexdigest()[:12]


@pytest.mark.slow
@pytest.mark.gate
def test_seed_direct_quotes_keep_their_speakers() -> None:
    run = run_stages(seed_articles())
    got = {
        (q.citation.article, q.citation.start): _hash(q.speaker_text)
        for q in run.quotes if q.direct
    }
    missing = [k for k in SEED_SPEAKERS if k not in got]
    changed = [k for k, h in SEED_SPEAKERS.items() if k in got and got[k] != h]
    assert not missing and not changed, (missing, changed)


def test_quote_eval_refuses_the_held_out_split(tmp_path: Path) -> None:
    """The PolNeAR test split is held out: the benchmark will not read or score it."""
    script = ROOT / "benchmarks" / "quote_eval.py"
    done = subprocess.run(
        [sys.executable, str(script), "--polnear", str(tmp_path), "--split", "test"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert done.returncode == 2
    assert "refused" in done.stderr
