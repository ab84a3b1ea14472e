"""The analysis pipeline: the one module that knows the order of the stages.

    1. read        inputs (files, directories, records, stdin) -> Articles + InputErrors
    2. nlp         Articles -> Parsed (spaCy, batched ``nlp.pipe``)
    3. article     per article: zones (reporting vs captions, bylines, ...),
                   time expressions (against the publication date), entity mentions
    4. duplicates  near-duplicate (syndicated) copies get ``duplicate_of``
    5. stories     articles grouped into storylines
    6. story       per story: infer missing publication dates (then re-resolve times),
                   resolve entities, quotes, quantities, claims and their alignment,
                   conflicts, timeline, summary
       events      the story's news cycles (one happening, reported within days), each
                   with its articles and the claims, quotes and timeline entries citing
                   them
    7. brief       everything assembled into one :class:`~corroborator.model.Brief`

Stages 2-3 and 6 are pure functions of their inputs; :mod:`corroborator.run.backends` runs
them in-process or on Dask workers, in the order given here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace

from corroborator.article import mentions, times, zones
from corroborator.corpus import dedup, stories
from corroborator.inputs.readers import Input, read_inputs
from corroborator.model import (
    ArticleAnalysis,
    Brief,
    InputIssue,
    Parsed,
    Story,
)
from corroborator.run.backends import Backend, get_backend
from corroborator.story import (
    alignment,
    assemble,
    claims,
    conflicts,
    entities,
    events,
    quantities,
    quotes,
    summary,
    timeline,
)
from corroborator.version import __version__ as version


def analyze_article(parsed: Parsed) -> ArticleAnalysis:
    """Stage 3: everything that needs only the article itself."""
    zs = zones.classify(parsed)
    ts = times.find_times(parsed, parsed.article.published)
    ms = mentions.find_mentions(parsed, zs)
    return ArticleAnalysis(parsed=parsed, zones=zs, times=ts, mentions=ms)


def with_publication(analysis: ArticleAnalysis, published: str) -> ArticleAnalysis:
    """Re-resolve an undated article's times once a publication date was inferred."""
    art = replace(analysis.article, published=published, published_inferred=True)
    parsed = replace(analysis.parsed, article=art)
    return replace(analysis, parsed=parsed, times=times.find_times(parsed, published))


def analyze_story(
    story_id: str, members: Sequence[ArticleAnalysis]
) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
    """Stage 6: everything that needs the story's articles together.

    Returns the story and its members, where undated members now carry an inferred
    publication date (and times resolved against it).
    """
    # 6a. publication dates for undated articles, from content and the story's dates
    members = tuple(_infer_dates(members))
    parsed = [m.parsed for m in members]
    zone_map = {m.article.id: m.zones for m in members}
    time_map = {m.article.id: m.times for m in members}
    art_map = {m.article.id: m.article for m in members}
    # 6b. one entity per real-world thing
    ents = entities.resolve(
        [m.mentions for m in members], {m.article.id: m.article.source for m in members}
    )
    # 6c. who said what; figures
    qs = quotes.find_quotes(parsed, zone_map, ents)
    qty = quantities.find_quantities(parsed, zone_map, time_map)
    # 6d. atomic claims, aligned across outlets; conflicts between them
    cl = claims.extract_claims(parsed, zone_map, ents, time_map, qty)
    groups = alignment.align(cl, art_map, qty, ents)
    found = conflicts.find_conflicts(groups, cl, qty, qs, art_map)
    groups = alignment.mark_disputed(groups, found)
    # 6e. what happened when
    tl = timeline.build_timeline(parsed, zone_map, time_map)
    # 6f. the brief's bullets and the story's framing
    bullets = summary.summarize(groups, found, art_map)
    story = assemble.make_story(
        story_id,
        [m.article for m in members],
        entities=ents,
        timeline=tl,
        quotes=qs,
        quantities=qty,
        claims=groups,
        conflicts=found,
        summary=bullets,
    )
    # 6g. the story's events: news cycles, with what belongs to each
    feats = [events.event_features(m) for m in members]
    story = replace(story, events=events.make_events(
        story, [m.article for m in members], feats))
    return story, members


def _infer_dates(members: Sequence[ArticleAnalysis]) -> Iterable[ArticleAnalysis]:
    known = [m.article.published for m in members if m.article.published]
    for m in members:
        if m.article.published:
            yield m
            continue
        guess = times.infer_publication(m.parsed, m.times, known)
        yield with_publication(m, guess) if guess else m


def analyze(
    inputs: Iterable[Input], *, quiet: bool = True, backend: str | Backend = "local"
) -> Brief:
    """Run the whole pipeline over paths, directories or records and return a Brief.

    ``backend`` runs stages 2-3 and 6 in-process (``"local"``) or on a Dask cluster
    (``"dask"``, or a :class:`~corroborator.run.backends.DaskBackend` bound to a cluster).
    """
    runner = get_backend(backend)
    try:
        with _fewer_gc_passes():
            return _run(inputs, runner, quiet)
    finally:
        close = getattr(runner, "close", None)
        if close is not None and isinstance(backend, str):
            close()


#: Allocations between two passes of the young-generation garbage collector during a run
#: (Python's default is 700). A run allocates hundreds of thousands of small, long-lived
#: values (tokens, spans), and at the default the collector spent ~0.8 s CPU on 400 newswire
#: articles re-scanning them; at 20,000 it spends ~0.2 s. Cyclic garbage is still
#: collected, in larger batches; the old threshold is restored when the run ends.
GC_YOUNG_THRESHOLD = 20_000


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_YOUNG_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _run(inputs: Iterable[Input], runner: Backend, quiet: bool) -> Brief:
    # 1. read
    articles, errors = read_inputs(inputs)
    # 2.-3. nlp, then everything that needs only the article itself
    analyses = runner.parse_and_map(articles, analyze_article, quiet=quiet)
    # 4. near-duplicates
    dup_of = dedup.find_duplicates([a.article for a in analyses])
    analyses = [_mark_duplicate(a, dup_of.get(a.article.id)) for a in analyses]
    # 5. stories
    groups = stories.cluster(analyses)
    # 6. per story
    by_id = {a.article.id: a for a in analyses}
    results = runner.map(
        _analyze_group,
        [(sid, [by_id[i] for i in ids]) for sid, ids in groups],
        quiet=quiet,
        cost=_group_cost,
    )
    changed = {m.article.id: m for _, members in results for m in members}
    ordered = [changed.get(a.article.id, a) for a in analyses]
    # 7. brief
    return Brief(
        articles=tuple(a.article for a in ordered),
        stories=tuple(story for story, _ in results),
        times=tuple(t for a in ordered for t in a.times),
        errors=tuple(errors),
        zones=tuple(z for a in ordered for z in a.zones if z.label != "reporting"),
        generator_version=version,
    )


def _analyze_group(
    group: tuple[str, list[ArticleAnalysis]],
) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
    """Stage 6 for one story; returns only the members it changed (undated articles
    that got a publication date), so that a backend running it elsewhere ships back
    the story rather than every member's parse."""
    story, members = analyze_story(*group)
    changed = tuple(m for m, old in zip(members, group[1], strict=True) if m is not old)
    return story, changed


def _group_cost(group: tuple[str, list[ArticleAnalysis]]) -> float:
    """Stage 6 work grows with the story's text (claims are aligned across members)."""
    return float(sum(len(m.article.text) for m in group[1]))


def _mark_duplicate(analysis: ArticleAnalysis, original: str | None) -> ArticleAnalysis:
    if original is None:
        return analysis
    art = replace(analysis.article, duplicate_of=original)
    return replace(analysis, parsed=replace(analysis.parsed, article=art))


__all__ = ["ArticleAnalysis", "InputIssue", "analyze", "analyze_article", "analyze_story"]
