"""The stored storylines, with their date spans (inferred dates of undated members
included, as ``show`` counts them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from corroborator.app.dates import (
    parse_date,
)
from corroborator.store.database import Store, StoryRow


def list_stories(store: Store, since: str | date | None = None) -> list[StoryRow]:
    """Live stories, most recently updated first, with their date spans.

    The span counts the publication dates inferred for undated members, exactly as
    ``show`` does (:func:`story_span`). ``since`` (an ISO date) keeps the stories whose
    last publication date (or, with no dates at all, last update) is on or after it.
    """
    day = None if since is None else parse_date(since).isoformat()
    rows = [story_span(store, r) for r in store.list_stories()]
    if day is None:
        return rows
    return [r for r in rows if (r.last_date or r.updated_at[:10]) >= day]


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
