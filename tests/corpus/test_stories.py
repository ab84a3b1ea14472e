"""Story clustering (batch and incremental) and the Story value.

Unit tests build analyses by hand (:func:`fake_analysis`: a regex tokenizer, names
given explicitly), so they need no spaCy; one slow test runs the real parse.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping

import pytest

from corroborator.corpus import features, stories, story_index
from corroborator.model import (
    Article,
    ArticleAnalysis,
    ClaimGroup,
    Entity,
    Mention,
    Parsed,
    Span,
    TimeExpr,
    Token,
    TokenRange,
)
from corroborator.story import assemble

_TOKEN = re.compile(r"\w+(?:[.,]\d+)*|[^\w\s]")


def fake_analysis(
    article_id: str,
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    source: str | None = None,
    names: Mapping[str, str] | None = None,
) -> ArticleAnalysis:
    """An analysis without spaCy: capitalised words are PROPN, others NOUN; ``names``
    (name -> label) become mentions wherever they occur."""
    art = Article(id=article_id, text=text, published=published, title=title, source=source)
    tokens = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group()
        pos = ("NUM" if word[0].isdigit() else "PROPN" if word[0].isupper()
               else "NOUN" if word[0].isalpha() else "PUNCT")
        tokens.append(Token(i, m.start(), m.end(), word, word.lower(), pos, pos, "dep", i))
    sents = []
    start_tok = 0
    for i, tok in enumerate(tokens):
        if tok.text == "." or i == len(tokens) - 1:
            first, last = tokens[start_tok], tokens[i]
            sents.append(TokenRange(first.start, last.end, start_tok, i + 1, "S",
                                    text[first.start:last.end]))
            start_tok = i + 1
    mentions = []
    for name, label in (names or {}).items():
        for m in re.finditer(re.escape(name), text):
            mentions.append(Mention(Span(article_id, m.start(), m.end()), name, label))
    mentions.sort(key=lambda x: x.span)
    parsed = Parsed(article=art, tokens=tuple(tokens), sentences=tuple(sents), ents=())
    return ArticleAnalysis(parsed=parsed, zones=(), times=(), mentions=tuple(mentions))


QUAKE_A = {"Velmora": "GPE", "Orsk Valley": "LOC", "Dana Pilch": "PERSON"}
QUAKE_B = {"Tarnival": "GPE", "Kessin Coast": "LOC", "Ivo Ramsk": "PERSON"}
TRIAL = {"Rolf Adderly": "PERSON", "Brennick": "GPE", "Harlow Bank": "ORG"}


def quake_a(i: int, published: str) -> ArticleAnalysis:
    text = (f"An earthquake of magnitude 6.4 struck Velmora in the Orsk Valley, killing "
            f"{31 + (i % 2)} people. Rescue teams searched collapsed houses in Velmora. "
            f"Dana Pilch, the regional governor, said shelters opened overnight. Report {i}.")
    return fake_analysis(f"qa{i}", text, published=published, source=f"outlet{i}",
                         title="Earthquake kills dozens in Velmora", names=QUAKE_A)


def quake_b(i: int, published: str) -> ArticleAnalysis:
    text = (f"An earthquake of magnitude 5.9 struck Tarnival on the Kessin Coast, killing "
            f"{12 + (i % 2)} people. Rescue teams searched collapsed houses in Tarnival. "
            f"Ivo Ramsk, the mayor, said shelters opened overnight. Report {i}.")
    return fake_analysis(f"qb{i}", text, published=published, source=f"outlet{i}",
                         title="Earthquake hits Tarnival", names=QUAKE_B)


def trial(i: int, published: str, stage: str) -> ArticleAnalysis:
    texts = {
        "arrest": "Police in Brennick arrested Rolf Adderly over the Harlow Bank robbery. "
                  "Rolf Adderly is accused of taking 240,000 from Harlow Bank vaults.",
        "trial": "The trial of Rolf Adderly over the Harlow Bank robbery opened in Brennick. "
                 "Prosecutors said Rolf Adderly took 240,000 from Harlow Bank vaults.",
        "sentence": "Rolf Adderly was sentenced in Brennick for the Harlow Bank robbery. "
                    "The judge said Rolf Adderly took 240,000 from Harlow Bank vaults.",
    }
    return fake_analysis(f"t{stage}{i}", texts[stage] + f" Update {i}.", published=published,
                         source=f"paper{i}", names=TRIAL)


def groups_of(result: list[tuple[str, list[str]]]) -> set[frozenset[str]]:
    return {frozenset(members) for _, members in result}


# --------------------------------------------------------------------------- features


def test_normalise_name_drops_article_and_possessive() -> None:
    assert features.normalise_name("The  Harlow Bank's") == "harlow bank"
    assert features.normalise_name("Rolf Adderly’s") == "rolf adderly"


def test_normalise_name_folds_spelling_variants() -> None:
    assert features.normalise_name("Champs-Elysées") == features.normalise_name(
        "Champs Elysees") == "champs elysees"
    assert features.normalise_name("Place Vendôme") == "place vendome"
    assert features.normalise_name("the U.S.") == "us"
    assert features.normalise_name("Mt. Cook") == features.normalise_name("Mount Cook")
    assert features.normalise_name("St Kilda") == "st kilda"  # Saint or Street: kept


def test_name_variants_are_one_entity_feature() -> None:
    a = fake_analysis("a", "Climbers died on Mt Cook.", names={"Mt Cook": "LOC"})
    b = fake_analysis("b", "Climbers died on Mount Cook.", names={"Mount Cook": "LOC"})
    names_a = features.article_features(a).names()
    assert names_a == features.article_features(b).names() == {"e:mount cook"}


def test_day_of_reads_dates_and_date_times() -> None:
    assert features.day_of("2024-03-02") == features.day_of("2024-03-02T10:00:00+01:00")
    assert features.day_of(None) is None
    assert features.day_of("March 2024") is None
    assert features.day_of("2024-02-31") is None


def test_date_factor_is_flat_then_decays_to_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    assert features.date_factor(None) == 1.0
    assert features.date_factor(features.DATE_GRACE_DAYS) == 1.0
    assert features.date_factor(100_000) == features.DATE_FLOOR
    monkeypatch.setattr(features, "DATE_FLOOR", 0.0)
    mid = features.date_factor(features.DATE_GRACE_DAYS + features.DATE_HALF_LIFE_DAYS)
    assert mid == pytest.approx(0.5)
    assert features.date_factor(features.DATE_GRACE_DAYS + 1) < 1.0


def test_features_count_lemmas_names_numbers_and_title() -> None:
    f = features.article_features(quake_a(1, "2024-05-01"))
    counts = dict(f.counts)
    assert counts["e:velmora"] > 0
    assert counts["e:pilch"] > 0  # a person also by last name
    assert counts["n:6.4"] > 0
    assert "w:the" not in counts  # stop word
    assert counts["w:earthquake"] > counts["w:shelters"]  # title and lead boost
    assert f.day == features.day_of("2024-05-01")


def test_inferred_publication_dates_do_not_count() -> None:
    a = quake_a(1, "2024-05-01")
    art = Article(id="x", text=a.article.text, published="2024-05-01", published_inferred=True)
    from dataclasses import replace

    f = features.article_features(replace(a, parsed=replace(a.parsed, article=art)))
    assert f.day is None


# --------------------------------------------------------------------------- batch


def test_two_events_of_the_same_kind_are_two_stories() -> None:
    arts = [quake_a(i, "2024-05-01") for i in range(4)]
    arts += [quake_b(i, "2024-11-20") for i in range(4)]
    result = stories.cluster(arts)
    assert groups_of(result) == {frozenset(f"qa{i}" for i in range(4)),
                                 frozenset(f"qb{i}" for i in range(4))}


def test_follow_ups_stay_in_one_story() -> None:
    arts = [trial(0, "2024-01-10", "arrest"), trial(1, "2024-01-11", "arrest"),
            trial(2, "2024-03-02", "trial"), trial(3, "2024-03-05", "trial"),
            trial(4, "2024-06-20", "sentence")]
    result = stories.cluster(arts)
    assert len(result) == 1
    assert result[0][1][0] == "tarrest0"  # earliest first


def test_every_article_in_exactly_one_story_and_ids_are_stable() -> None:
    arts = [quake_a(i, f"2024-05-0{i + 1}") for i in range(3)]
    arts += [trial(0, "2024-01-10", "arrest"), fake_analysis("lone", "Gardeners fear frost.")]
    first = stories.cluster(arts)
    again = stories.cluster(list(reversed(arts)))
    ids = [i for _, members in first for i in members]
    assert sorted(ids) == sorted(a.article.id for a in arts)
    assert first == again  # order of input does not change ids or order
    for sid, members in first:
        assert sid == features.story_id_for(members[0])


def test_cluster_of_nothing_and_of_one() -> None:
    assert stories.cluster([]) == []
    one = stories.cluster([quake_a(0, "2024-05-01")])
    assert one == [(features.story_id_for("qa0"), ["qa0"])]


def test_large_batches_use_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stories, "BATCH_MAX_ARTICLES", 3)
    arts = [quake_a(i, "2024-05-01") for i in range(3)] + [quake_b(i, "2024-11-01")
                                                           for i in range(3)]
    assert len(stories.cluster(arts)) == 2


def test_refine_moves_misplaced_articles_with_hindsight() -> None:
    arts = [quake_a(i, "2024-05-01") for i in range(3)] + [quake_b(i, "2024-05-02")
                                                           for i in range(3)]
    feats = [features.article_features(a, i) for i, a in enumerate(arts)]
    # an early placement put qb0 with the Velmora reports and left qa2 alone
    placed = [["qa0", "qa1", "qb0"], ["qa2"], ["qb1", "qb2"]]
    refined = sorted(sorted(g) for g in stories.refine(placed, feats))
    assert refined == [["qa0", "qa1", "qa2"], ["qb0", "qb1", "qb2"]]
    # below the threshold nothing moves
    kept = sorted(sorted(g) for g in stories.refine(placed, feats, threshold=1.01))
    assert kept == sorted(sorted(g) for g in placed)


def test_batch_and_stream_agree_on_clear_stories() -> None:
    arts = [quake_a(i, "2024-05-01") for i in range(3)] + [quake_b(i, "2024-05-02")
                                                           for i in range(3)]
    batch = sorted(sorted(m) for _, m in stories.cluster(arts))
    index = story_index.StoryIndex()
    for f in sorted(feats_of(arts), key=stories.chrono_key):
        index.add(f)
    assert batch == sorted(sorted(m) for m in index.groups().values())
    assert batch == [["qa0", "qa1", "qa2"], ["qb0", "qb1", "qb2"]]


# --------------------------------------------------------------------------- incremental


def feats_of(analyses: list[ArticleAnalysis]) -> list[features.ArticleFeatures]:
    return [features.article_features(a, i) for i, a in enumerate(analyses)]


def test_index_joins_or_starts_stories() -> None:
    index = story_index.StoryIndex()
    placed = [index.add(f) for f in feats_of(
        [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-01"), quake_b(0, "2024-11-02"),
         quake_b(1, "2024-11-02")])]
    assert [p.created for p in placed] == [True, False, True, False]
    assert placed[1].story_id == placed[0].story_id
    assert placed[3].story_id == placed[2].story_id != placed[0].story_id
    assert index.story_of("qb1") == placed[2].story_id
    # adding the same article again changes nothing
    again = index.add(feats_of([quake_a(0, "2024-05-01")])[0])
    assert again.story_id == placed[0].story_id and not again.created
    assert index.groups()[placed[0].story_id] == ["qa0", "qa1"]


def test_candidates_come_from_the_inverted_index() -> None:
    index = story_index.StoryIndex()
    for f in feats_of([quake_a(0, "2024-05-01"), trial(0, "2024-01-10", "arrest")]):
        index.add(f)
    vec = index._vector(feats_of([quake_a(5, "2024-05-02")])[0].counts)
    cands = index._candidates(vec)
    assert cands[0] == features.story_id_for("qa0")
    assert features.story_id_for("tarrest0") not in cands[:1]


def test_forced_placement_for_copies() -> None:
    index = story_index.StoryIndex()
    a = index.add(feats_of([quake_a(0, "2024-05-01")])[0])
    b = index.add(feats_of([trial(0, "2024-01-10", "arrest")])[0], into=a.story_id)
    assert b.story_id == a.story_id and not b.created


def bridge_setup() -> tuple[story_index.StoryIndex, list[story_index.Placement]]:
    """Two stories about one flood, told with different words, then a bridging report."""
    names = {"Corrin": "GPE", "Lessa River": "LOC"}
    side_a = ("The Lessa River burst its banks at Corrin. Levee crews stacked sandbags at "
              "dawn. Sandbags held the levee near the mill.")
    side_b = ("The city hospital evacuated patients as water rose. Ambulances moved patients "
              "to clinics uphill. Doctors praised volunteers.")
    index = story_index.StoryIndex()
    placed = [index.add(f) for f in feats_of([
        fake_analysis("fa1", side_a + " One.", published="2024-04-01", names=names),
        fake_analysis("fa2", side_a + " Two.", published="2024-04-01", names=names),
        fake_analysis("fb1", side_b + " One.", published="2024-04-01", names=names),
        fake_analysis("fb2", side_b + " Two.", published="2024-04-01", names=names),
    ])]
    return index, placed


def test_bridging_article_merges_stories_and_old_id_resolves(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index, placed = bridge_setup()
    story_a, story_b = placed[0].story_id, placed[2].story_id
    assert story_a != story_b
    monkeypatch.setattr(story_index, "MERGE_THRESHOLD", 0.05)
    # each side's two reports are near copies (cohesion 1.0): let the bridge fit both
    monkeypatch.setattr(story_index, "COHESION_SHARE", 0.25)
    names = {"Corrin": "GPE", "Lessa River": "LOC"}
    bridge = fake_analysis(
        "bridge", "The Lessa River burst its banks at Corrin and levee crews stacked sandbags "
        "while the city hospital evacuated patients and ambulances moved patients uphill.",
        published="2024-04-02", names=names)
    p = index.add(feats_of([bridge])[0])
    assert p.merged, "the bridging report should merge the two stories"
    survivor = p.story_id
    gone = p.merged[0]
    assert index.resolve(gone) == survivor
    assert sorted(index.groups()[survivor]) == ["bridge", "fa1", "fa2", "fb1", "fb2"]
    assert index.story_of("fb1") == survivor


# --------------------------------------------------------------------------- Story value


def misplaced_setup(monkeypatch: pytest.MonkeyPatch
                    ) -> tuple[story_index.StoryIndex, list[story_index.Placement]]:
    """Two Velmora reports, a Tarnival report forced into their story, then a second
    Tarnival report that the Velmora story's cohesion keeps out, and a third that joins
    the second (merging is off: it would bridge the two stories instead)."""
    index = story_index.StoryIndex()
    qa0, qa1, qb0, qb1, qb2 = feats_of(MISPLACED)
    placed = [index.add(qa0), index.add(qa1)]
    placed.append(index.add(qb0, into=placed[0].story_id))
    with monkeypatch.context() as m:
        m.setattr(story_index, "COHESION_SHARE", 1.01)
        placed.append(index.add(qb1))
    with monkeypatch.context() as m:
        m.setattr(story_index, "MERGE_THRESHOLD", 1.01)
        placed.append(index.add(qb2))
    return index, placed


MISPLACED = [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-02"), quake_b(0, "2024-05-03"),
             quake_b(1, "2024-05-04"), quake_b(2, "2024-05-05")]


def sum_of(index: story_index.StoryIndex, members: list[str]) -> dict[int, float]:
    total: dict[int, float] = {}
    for aid in members:
        v = index.vectors[aid]
        for fid, w in zip(v.fids.tolist(), v.weights.tolist(), strict=True):
            total[fid] = total.get(fid, 0.0) + w
    return total


def test_a_misplaced_article_moves_to_the_story_it_fits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index, placed = misplaced_setup(monkeypatch)
    story_a, story_b = placed[0].story_id, placed[3].story_id
    assert placed[2].story_id == story_a and placed[3].created
    # a lone article draws no member away from a story of several ...
    assert placed[3].moved == ()
    # ... a story of two does
    assert placed[4].story_id == story_b
    assert placed[4].moved == (("qb0", story_a, story_b),)
    assert placed[4].touched() == (story_b, story_a)
    assert index.groups() == {story_a: ["qa0", "qa1"], story_b: ["qb0", "qb1", "qb2"]}
    assert index.story_of("qb0") == story_b
    a, b = index.stories[story_a], index.stories[story_b]
    assert (a.size, b.size) == (2, 3)
    # sums, date spans and lead persons follow the move
    assert a.features.as_dict() == pytest.approx(sum_of(index, ["qa0", "qa1"]), abs=1e-5)
    assert b.features.as_dict() == pytest.approx(sum_of(index, ["qb0", "qb1", "qb2"]),
                                                 abs=1e-5)
    day = features.day_of
    assert (a.first_day, a.last_day) == (day("2024-05-01"), day("2024-05-02"))
    assert (b.first_day, b.last_day) == (day("2024-05-03"), day("2024-05-05"))
    pilch, ramsk = index.vocab["e:pilch"], index.vocab["e:ramsk"]
    assert a.people == {pilch: 2} and b.people == {ramsk: 3}


def test_no_move_below_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_index, "MOVE_THRESHOLD", 1.01)
    index, placed = misplaced_setup(monkeypatch)
    assert all(not p.moved for p in placed)
    assert index.groups()[placed[0].story_id] == ["qa0", "qa1", "qb0"]


def test_a_story_emptied_by_a_move_resolves_to_where_its_article_went(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = story_index.StoryIndex()
    qb0, qb1, qb2 = feats_of([quake_b(i, "2024-05-01") for i in range(3)])
    first = index.add(qb0)
    monkeypatch.setattr(story_index, "JOIN_THRESHOLD", 1.01)  # qb1 starts a story of its own
    second = index.add(qb1)
    assert second.created
    assert second.moved == (("qb0", first.story_id, second.story_id),)
    assert first.story_id not in index.stories
    assert index.resolve(first.story_id) == second.story_id == index.story_of("qb0")
    assert index.groups() == {second.story_id: ["qb0", "qb1"]}
    # re-adding a placed article moves nothing
    assert not index.add(qb0).moved
    monkeypatch.undo()
    assert index.add(qb2).story_id == second.story_id


def test_only_recent_articles_keep_their_vectors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_index, "MOVE_WINDOW", 2)
    index = story_index.StoryIndex()
    for f in feats_of([quake_a(i, "2024-05-01") for i in range(3)]):
        index.add(f)
    assert list(index.vectors) == ["qa1", "qa2"]
    assert set(index.days) == {"qa0", "qa1", "qa2"}


def test_members_keep_arrival_order_after_a_move(monkeypatch: pytest.MonkeyPatch) -> None:
    index, placed = misplaced_setup(monkeypatch)
    qa2 = feats_of([quake_a(2, "2024-05-06")])[0]
    index.add(qa2)
    assert index.groups()[placed[0].story_id] == ["qa0", "qa1", "qa2"]
    assert index.groups()[placed[3].story_id] == ["qb0", "qb1", "qb2"]


def test_make_story_title_dates_sources_coverage() -> None:
    arts = [
        Article(id="a", text="x", source="north.example", published="2024-05-03T08:00:00",
                title="Quake kills 31 in Velmora"),
        Article(id="b", text="x", source="south.example", published="2024-05-01",
                title="Velmora quake kills 31, governor says"),
        Article(id="c", text="x", source="north.example", published=None,
                title="Gardening tips"),
    ]
    groups = [
        ClaimGroup("g1", "31 died", "corroborated", ("north.example", "south.example"),
                   (Span("a", 0, 1), Span("b", 0, 1))),
        ClaimGroup("g2", "shelters opened", "single_source", ("south.example",),
                   (Span("b", 0, 1),)),
    ]
    story = assemble.make_story("s-1", arts, entities=[], timeline=[], quotes=[],
                               quantities=[], claims=groups, conflicts=[], summary=[])
    assert story.title in {"Quake kills 31 in Velmora", "Velmora quake kills 31, governor says"}
    assert story.first_date == "2024-05-01" and story.last_date == "2024-05-03"
    assert story.sources == ("north.example", "south.example")
    assert story.article_ids == ("a", "b", "c")
    assert dict(story.coverage) == {"north.example": ("g1",), "south.example": ("g1", "g2")}
    assert story.claims == tuple(groups)


def test_story_title_without_titles() -> None:
    ents = [Entity("e1", "Velmora", "GPE", (), (Span("a", 0, 1),) * 3, sources=2),
            Entity("e2", "Dana Pilch", "PERSON", (), (Span("a", 0, 1),), sources=1)]
    arts = [Article(id="a", text="Quake in Velmora.\nMore text.")]
    assert assemble.story_title(arts, ents) == "Velmora, Dana Pilch"
    assert assemble.story_title(arts) == "Quake in Velmora."
    long = [Article(id="a", text="word " * 100)]
    assert len(assemble.story_title(long)) <= assemble.TITLE_MAX_CHARS


@pytest.mark.slow
def test_cluster_on_real_parse(parse: Callable[..., Parsed]) -> None:
    from corroborator.model import ArticleAnalysis as AA

    def analyzed(text: str, aid: str, published: str) -> AA:
        p = parse(text, aid, published=published)
        ms = tuple(Mention(Span(aid, e.start, e.end), e.text, e.label) for e in p.ents)
        return AA(parsed=p, zones=(), times=(), mentions=ms)

    fire = ("A fire destroyed the Calloway Mill warehouse in Dunmere on Monday, "
            "fire chief Petra Okonjo said. Forty firefighters fought the blaze for six hours.")
    fire2 = ("Fire chief Petra Okonjo said the Calloway Mill warehouse fire in Dunmere burned "
             "for six hours before forty firefighters put it out.")
    vote = ("Voters in Haldane County approved a school tax on Tuesday, county clerk "
            "Miles Ferrante said. The levy passed with 58 percent.")
    arts = [analyzed(fire, "f1", "2024-02-05"), analyzed(vote, "v1", "2024-02-06"),
            analyzed(fire2, "f2", "2024-02-06")]
    assert groups_of(stories.cluster(arts)) == {frozenset({"f1", "f2"}), frozenset({"v1"})}


# --------------------------------------------------------------------------- parts


def test_contrast_needs_a_missing_protagonist_on_both_sides() -> None:
    a_names = frozenset({"e:klemm", "e:orr"})
    b_names = frozenset({"e:klemm", "e:vance"})
    assert features.contrast(["e:orr"], a_names, ["e:vance"], b_names)
    # B also mentions A's man: a follow-up, not another event
    assert not features.contrast(["e:orr"], a_names, ["e:vance"], b_names | {"e:orr"})
    assert not features.contrast([], a_names, ["e:vance"], b_names)


def test_contrast_damps_similarity_in_batch() -> None:
    fight = ("Boxer Anton Klemm beat {opp} in the ninth round in Halvik to keep his "
             "titles. Klemm, 35, dominated {opp} from the start.")
    names_a = {"Anton Klemm": "PERSON", "Jory Orr": "PERSON", "Halvik": "GPE"}
    names_b = {"Anton Klemm": "PERSON", "Sami Vance": "PERSON", "Halvik": "GPE"}
    a = fake_analysis("fa", fight.format(opp="Jory Orr"), names=names_a)
    b = fake_analysis("fb", fight.format(opp="Sami Vance"), names=names_b)
    fa, fb = feats_of([a, b])
    assert fa.contrasts(fb)
    assert stories.contrast_matrix([fa, fb])[0, 1]
    damped = stories.similarity_matrix([fa, fb])[0, 1]
    no_lead = [features.ArticleFeatures(f.article_id, f.counts, f.day, f.order) for f in (fa, fb)]
    plain = stories.similarity_matrix(no_lead)[0, 1]
    assert damped == pytest.approx(plain * features.CONTRAST_FACTOR)


def test_centroid_sums_truncates_and_dots(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    monkeypatch.setattr(story_index, "CENTROID_SIZE", 3)
    c = story_index.Centroid.from_dict({5: 0.5, 1: 0.1})
    c = c.plus(np.array([5, 9, 2]), np.array([0.25, 0.4, 0.3]))
    assert c.as_dict() == pytest.approx({5: 0.75, 9: 0.4, 2: 0.3})  # 1 dropped
    assert list(c) == [2, 5, 9] and 9 in c and 1 not in c and len(c) == 3
    assert c.dot(np.array([5, 7]), np.array([2.0, 1.0])) == pytest.approx(1.5)
    assert c.dot(np.array([1, 10]), np.array([2.0, 1.0])) == 0.0  # before and past its ids
    assert c.dot(np.array([], dtype=np.int32), np.array([])) == 0.0
    other = story_index.Centroid.from_dict({9: 1.0, 2: 2.0})
    assert c.dot_centroid(other) == pytest.approx(0.4 + 0.6)


def test_idf_is_flat_in_small_batches() -> None:
    # a word in every document of a tiny batch is the event itself: not down-weighted
    assert features.idf_value(5, 5) == pytest.approx(1.0)
    assert features.idf_value(1, 5) < 1.1
    big = features.IDF_FULL_DOCS * 5
    assert features.idf_value(1, big) == pytest.approx(1.0 + math.log((1 + big) / 2))


def test_named_calendar_days_become_features_without_year() -> None:
    from dataclasses import replace

    base = fake_analysis("d1", "The quake struck on December 9. Crews searched on Tuesday.")
    times = (
        TimeExpr(Span("d1", 20, 30), "December 9", "DATE", None),  # undated: no value
        TimeExpr(Span("d1", 50, 57), "Tuesday", "DATE", "2008-12-09"),
        TimeExpr(Span("d1", 0, 3), "two days", "DURATION", "P2D"),
        TimeExpr(Span("d1", 0, 3), "this year", "DATE", "2008"),
    )
    counts = dict(features.article_features(replace(base, times=times)).counts)
    assert set(k for k in counts if k.startswith("d:")) == {"d:12-09"}
    assert counts["d:12-09"] == pytest.approx(2 * (1 + features.LEAD_BOOST))


def test_story_cohesion_from_the_sum_vector() -> None:
    import numpy as np

    story = story_index.StoryState("s", 1, None, None, story_index.Centroid.from_dict({1: 1.0}))
    assert story.cohesion() == 0.0  # one member: nothing to compare
    # two unit vectors, (1, 0) and (0.6, 0.8): cosine 0.6
    a, b = {1: 1.0}, {1: 0.6, 2: 0.8}
    summed = story_index.Centroid.from_dict(a).plus(np.array([1, 2]), np.array([0.6, 0.8]))
    story = story_index.StoryState("s", 2, None, None, summed)
    assert story.cohesion() == pytest.approx(sum(a.get(k, 0) * v for k, v in b.items()))


def test_article_far_below_a_storys_cohesion_starts_its_own(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = story_index.StoryIndex()
    for f in feats_of([quake_a(0, "2024-05-01"), quake_a(1, "2024-05-01")]):
        index.add(f)
    story = next(iter(index.stories.values()))
    newcomer = feats_of([quake_b(0, "2024-05-01")])[0]
    vec = index._vector(newcomer.counts)
    close = index._fit(story_index.ArticleVector(*story_index.sparse_arrays(vec)), newcomer.day,
                       story,
                       member=False)
    assert 0 < close < story_index.COHESION_SHARE * story.cohesion()
    # the absolute threshold alone would let it in; the cohesion share keeps it out
    monkeypatch.setattr(story_index, "JOIN_THRESHOLD", close / 2)
    index2 = story_index.StoryIndex()
    for f in feats_of([quake_a(0, "2024-05-01"), quake_a(1, "2024-05-01")]):
        index2.add(f)
    assert index2.add(newcomer).created
    monkeypatch.setattr(story_index, "COHESION_SHARE", 0.0)
    index3 = story_index.StoryIndex()
    for f in feats_of([quake_a(0, "2024-05-01"), quake_a(1, "2024-05-01")]):
        index3.add(f)
    assert not index3.add(newcomer).created


def test_a_report_that_fits_only_one_story_does_not_bridge(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index, placed = bridge_setup()
    monkeypatch.setattr(story_index, "MERGE_THRESHOLD", 0.05)
    bridge = fake_analysis(
        "bridge", "The Lessa River burst its banks at Corrin and levee crews stacked sandbags "
        "while the city hospital evacuated patients and ambulances moved patients uphill.",
        published="2024-04-02", names={"Corrin": "GPE", "Lessa River": "LOC"})
    p = index.add(feats_of([bridge])[0])
    assert not p.merged and p.story_id == placed[0].story_id
