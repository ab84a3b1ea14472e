"""The stored storylines, with their date spans (inferred dates of undated members
included, as ``show`` counts them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from corroborator.app.dates import (
    parse_date,
)
from corroborator.errors import CorroboratorError
from corroborator.model import Article
from corroborator.store.database import Store, StoryRow
from corroborator.story.assemble import story_title
from corroborator.text.names import fold

#: Orders ``stories --sort`` offers: latest news first (undated stories last), most
#: recently changed in the store first, most articles first, or by title.
SORTS = ("news", "updated", "size", "title")


def list_stories(store: Store, since: str | date | None = None, *, search: str | None = None,
                 sort: str = "news", limit: int | None = None) -> list[StoryRow]:
    """Live stories with their date spans, latest news first (``sort``: see :data:`SORTS`).

    The span counts the publication dates inferred for undated members, exactly as
    ``show`` does (:func:`story_span`). ``since`` (an ISO date) keeps the stories whose
    last publication date (or, with no dates at all, last update) is on or after it;
    ``search`` those whose title or an entity name of a member contains the text (case
    and accents ignored); ``limit`` the first that many.
    """
    if sort not in SORTS:
        raise CorroboratorError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if limit is not None and limit < 0:
        raise CorroboratorError(f"--limit must be 0 or more, not {limit}")
    day = None if since is None else parse_date(since).isoformat()
    rows = store.list_stories()  # most recently updated first
    if search is not None and search.strip():
        key = fold(search.strip())
        named = store.stories_naming(key)
        rows = [r for r in rows if r.id in named or key in fold(story_row_title(r))]
    rows = [story_span(store, r) for r in rows]
    if day is not None:
        rows = [r for r in rows if (r.last_date or r.updated_at[:10]) >= day]
    if sort == "news":  # stable sorts: ties keep the most recently updated first
        rows.sort(key=lambda r: r.last_date or "", reverse=True)
    elif sort == "size":
        rows.sort(key=lambda r: r.size, reverse=True)
    elif sort == "title":
        rows.sort(key=lambda r: fold(story_row_title(r)))
    return rows if limit is None else rows[:limit]


def story_row_title(row: StoryRow) -> str:
    """The title a story row shows: the members' common title words, as a brief titles it."""
    if not row.titles:
        return "(untitled)"
    return story_title([Article(id=str(i), text="", title=t) for i, t in enumerate(row.titles)])


def story_span(store: Store, row: StoryRow) -> StoryRow:
    """``row`` with its date span widened by the inferred dates of undated members.

    The inference is pipeline stage 6a's (:func:`corroborator.article.times.infer_publication`
    on the cached analysis, given the members' stated dates), so the span matches the
    one ``show`` prints.
    """
    if not row.undated:
        return row
    from corroborator.article.times import infer_publication

    dates, undated = store.publication_dates(row.id)
    days = [d[:10] for d in dates]
    for analysis in store.analyses(undated):
        guess = infer_publication(analysis.parsed, analysis.times, dates)
        if guess:
            days.append(guess[:10])
    if not days:
        return row
    return replace(row, first_date=min(days), last_date=max(days))
