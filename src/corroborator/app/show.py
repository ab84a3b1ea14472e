"""One story's brief from the store, recomputed from its stored analyses: the whole story,
one of its events, and what it gained since a moment; rendered by any registered format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from corroborator.app.dates import (
    parse_moment,
)
from corroborator.app.ingest import (
    AnalyzeStory,
)
from corroborator.errors import CorroboratorError
from corroborator.model import (
    ArticleAnalysis,
    Brief,
    Changes,
    Conflict,
    Story,
    TimelineEntry,
)
from corroborator.render import formats, render
from corroborator.store.database import Store
from corroborator.story import events


def default_analyze_story(story_id: str, members: Sequence[ArticleAnalysis]
                          ) -> tuple[Story, tuple[ArticleAnalysis, ...]]:
    """Pipeline stage 6."""
    from corroborator.pipeline import analyze_story

    return analyze_story(story_id, members)


def _conflict_key(c: Conflict) -> str:
    return f"{c.kind}: {c.about}"


def _timeline_key(t: TimelineEntry) -> str:
    return f"{t.date}: {t.text}"


def diff_stories(since: str, old: Story | None, new: Story, new_articles: Sequence[str]
                 ) -> Changes:
    """What ``new`` has that ``old`` (the story as it stood at ``since``) did not."""
    old_claims = {g.text for g in old.claims} if old else set()
    old_conf = {_conflict_key(c) for c in old.conflicts} if old else set()
    old_tl = {_timeline_key(t) for t in old.timeline} if old else set()
    return Changes(
        since=since,
        articles=tuple(new_articles),
        claims=tuple(g.text for g in new.claims if g.text not in old_claims),
        conflicts=tuple(k for k in map(_conflict_key, new.conflicts) if k not in old_conf),
        timeline=tuple(k for k in map(_timeline_key, new.timeline) if k not in old_tl),
    )


def story_brief(
    store: Store, story_id: str, *, analyze_story: AnalyzeStory | None = None,
    changes_since: str | None = None, since_last_view: bool = False,
) -> tuple[Brief, Changes | None]:
    """A Brief for one story, recomputed from its stored articles only.

    With ``changes_since`` (an ISO date or date-time) or ``since_last_view``, also what
    the story gained since then: the story is recomputed from the articles it held then
    and the two are compared. Showing a story records the view.
    """
    if changes_since is not None:
        changes_since = parse_moment(changes_since)
    sid = store.resolve_story(story_id)
    brief = compute_brief(store, sid, analyze_story=analyze_story)
    since = changes_since or (store.last_view(sid) if since_last_view else None)
    changes = None
    if since is not None:
        changes = story_changes(store, sid, brief.stories[0], since,
                                analyze_story=analyze_story)
    store.record_view(sid)
    return brief, changes


def compute_brief(store: Store, story_id: str, *, analyze_story: AnalyzeStory | None = None
                  ) -> Brief:
    """The Brief of one story (pipeline stage 6 over its stored analyses); reads only."""
    from corroborator.version import __version__
    analyze_story = analyze_story or default_analyze_story
    sid = store.resolve_story(story_id)
    story, members = analyze_story(sid, store.analyses(store.members(sid)))
    story = replace(story, merged_from=store.merged_into(sid), events=events.make_events(
        story, [m.article for m in members], [events.event_features(m) for m in members],
        store.story_events(sid) or None))
    return Brief(
        articles=tuple(m.article for m in members),
        stories=(story,),
        times=tuple(t for m in members for t in m.times),
        errors=(),
        zones=tuple(z for m in members for z in m.zones),
        generator_version=__version__,
    )


def story_changes(store: Store, story_id: str, story: Story, since: str, *,
                  analyze_story: AnalyzeStory | None = None) -> Changes:
    """What ``story`` (as computed now) gained since ``since`` (a normalised ISO moment,
    see :func:`parse_moment`): the story is recomputed from the members it held then."""
    analyze_story = analyze_story or default_analyze_story
    sid = store.resolve_story(story_id)
    member_ids = store.members(sid)
    added = store.added_at(member_ids)
    old_ids = {i for i in member_ids if added[i] < since}
    new_ids = [i for i in member_ids if added[i] >= since]
    old_story = None
    if old_ids:
        old_story, _ = analyze_story(sid, store.analyses([i for i in member_ids
                                                          if i in old_ids]))
    return diff_stories(since, old_story, story, new_ids)


def event_brief(brief: Brief, event_id: str) -> Brief:
    """The brief of one story narrowed to one of its events: its articles, and the
    claims, quotes, timeline entries and summary bullets that belong to it."""
    (story,) = brief.stories
    found = [e for e in story.events if e.id == event_id]
    if not found:
        known = ", ".join(e.id for e in story.events) or "none"
        raise CorroboratorError(
            f"no event {event_id!r} in story {story.id} (its events: {known})")
    event = found[0]
    ids = set(event.article_ids)
    claims = set(event.claims)
    narrowed = replace(
        story,
        title=event.title,
        article_ids=event.article_ids,
        entities=tuple(e for e in story.entities if any(m.article in ids for m in e.mentions)),
        timeline=tuple(story.timeline[i] for i in event.timeline),
        quotes=tuple(story.quotes[i] for i in event.quotes),
        quantities=tuple(q for q in story.quantities if q.citation.article in ids),
        claims=tuple(g for g in story.claims if g.id in claims),
        conflicts=tuple(c for c in story.conflicts
                        if any(s.article in ids for p in c.positions for s in p.citations)),
        summary=tuple(story.summary[i] for i in event.summary),
        coverage=tuple((src, tuple(g for g in gs if g in claims))
                       for src, gs in story.coverage if src in event.sources),
        sources=event.sources,
        first_date=event.first_date,
        last_date=event.last_date,
        events=(replace(event, claims=event.claims,
                        quotes=tuple(range(len(event.quotes))),
                        timeline=tuple(range(len(event.timeline))),
                        summary=tuple(range(len(event.summary)))),),
    )
    return replace(
        brief,
        articles=tuple(a for a in brief.articles if a.id in ids),
        stories=(narrowed,),
        times=tuple(t for t in brief.times if t.span.article in ids),
        zones=tuple(z for z in brief.zones if z.span.article in ids),
    )


def show_story(store: Store, story_id: str, fmt: str = "md", event: str | None = None,
               **kwargs: object) -> str:
    """One story's brief in format ``fmt`` (any registered format), with what it gained
    when asked (rendered first); ``event`` (an event id of the story; a merged one's old id
    works) narrows it to that event."""
    if fmt not in formats():
        raise CorroboratorError(f"unknown format {fmt!r}; use one of {', '.join(formats())}")
    brief, changes = story_brief(store, story_id, **kwargs)  # type: ignore[arg-type]
    if event is not None:
        brief = event_brief(brief, store.resolve_event(event))
    return render(replace(brief, changes=changes), fmt)
