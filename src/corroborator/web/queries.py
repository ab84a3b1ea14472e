"""The web app's reads of the store: story lists with search and filters, an article's
story, an entity's stories. Plain functions over a read-only :class:`Store`, returning
frozen values; every statement is parameterised (search text goes to FTS5 as quoted
terms, never as query syntax).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corroborator.corpus import features
from corroborator.errors import CorroboratorError, StoreError
from corroborator.model import Article
from corroborator.store.database import Store
from corroborator.story import assemble
from corroborator.text.names import fold

#: Stories per page of the list.
PAGE_SIZE = 25
#: Longest search text accepted (characters); longer is a 400 page, not a slow query.
MAX_QUERY_CHARS = 200
#: Search terms used at most (the rest are ignored; every term must match).
MAX_QUERY_TERMS = 12
#: Highest page number accepted (a deeper page is the last page).
MAX_PAGE = 100_000

_TERM = re.compile(r"\w+", re.UNICODE)


class QueryError(CorroboratorError):
    """A search or filter value the app refuses (too long, not a date ...)."""


@dataclass(frozen=True, slots=True)
class ListFilters:
    """What the story list is narrowed to. Dates are ISO days; ``entity`` is a name."""

    q: str = ""
    outlet: str = ""
    entity: str = ""
    date_from: str | None = None
    date_to: str | None = None
    disputed: bool = False
    page: int = 1

    def active(self) -> bool:
        return bool(self.q or self.outlet or self.entity or self.date_from or self.date_to
                    or self.disputed)


@dataclass(frozen=True, slots=True)
class StoryItem:
    """One story of the list, from the store alone (no pipeline run)."""

    id: str
    title: str
    first_date: str | None
    last_date: str | None
    articles: int
    sources: int
    undated: int
    updated_at: str


@dataclass(frozen=True, slots=True)
class StoryPage:
    items: tuple[StoryItem, ...]
    total: int
    page: int
    pages: int


def fts_query(text: str) -> str:
    """User search text as an FTS5 query: each word a quoted term, all required.

    Raises QueryError when the text is too long; returns "" when it has no words.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"search text is longer than {MAX_QUERY_CHARS} characters")
    terms = _TERM.findall(text)[:MAX_QUERY_TERMS]
    return " ".join(f'"{t}"' for t in terms)


def entity_key(name: str) -> str:
    """The key entities are matched by across stories: the folded name."""
    return fold(name)


def entity_slug(name: str) -> str:
    """The URL path part of an entity page (folded words joined by hyphens, which a
    folded name never contains)."""
    return entity_key(name).replace(" ", "-")


def slug_key(slug: str) -> str:
    return fold(slug.replace("-", " "))


def list_stories(store: Store, filters: ListFilters, *, only: Sequence[str] | None = None,
                 page_size: int = PAGE_SIZE) -> StoryPage:
    """One page of the stories matching ``filters``, newest activity first.

    ``only`` restricts the list to those story ids (the caller's "has disputes" set).
    The date filter keeps stories whose span of stated publication dates overlaps it.
    The page is chosen on the ``stories`` table alone (its covering index); only the
    page's stories are then counted up from their members.
    """
    where: list[str] = []
    params: list[object] = []
    if filters.q:
        match = fts_query(filters.q)
        if match:
            where.append(
                "s.id IN (SELECT m2.story_id FROM article_search f JOIN articles a2 "
                "ON a2.seq = f.rowid JOIN memberships m2 ON m2.article_id = a2.id "
                "WHERE article_search MATCH ?)")
            params.append(match)
    if filters.outlet:
        where.append("s.id IN (SELECT m3.story_id FROM memberships m3 JOIN articles a3 "
                     "ON a3.id = m3.article_id WHERE a3.source = ?)")
        params.append(filters.outlet)
    if filters.entity:
        where.append("s.id IN (SELECT m4.story_id FROM article_names n JOIN memberships m4 "
                     "ON m4.article_id = n.article_id WHERE n.key = ?)")
        params.append(entity_key(filters.entity))
    if only is not None:
        where.append("s.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(only)))
    if filters.date_from:
        where.append("s.last_day >= ?")
        params.append(features.day_of(filters.date_from))
    if filters.date_to:
        where.append("s.first_day <= ?")
        params.append(features.day_of(filters.date_to))
    clause = " WHERE " + " AND ".join(where) if where else ""
    total = int(store.select(f"SELECT COUNT(*) FROM stories s{clause}", params)[0][0])
    pages = max(1, -(-total // page_size))
    page = max(1, min(filters.page, pages))
    ids = [str(r[0]) for r in store.select(
        f"SELECT s.id FROM stories s{clause} ORDER BY s.updated_at DESC, s.num DESC "
        "LIMIT ? OFFSET ?", [*params, page_size, (page - 1) * page_size])]
    return StoryPage(story_items(store, ids), total, page, pages)


def story_items(store: Store, story_ids: Sequence[str]) -> tuple[StoryItem, ...]:
    """The list entries of ``story_ids``, in that order."""
    if not story_ids:
        return ()
    rows = store.select(
        "SELECT m.story_id, COUNT(*), MIN(substr(a.published, 1, 10)), "
        "MAX(substr(a.published, 1, 10)), COUNT(DISTINCT a.source), "
        "SUM(COALESCE(a.published, '') = ''), s.updated_at "
        "FROM memberships m JOIN articles a ON a.id = m.article_id "
        "JOIN stories s ON s.id = m.story_id "
        "WHERE m.story_id IN (SELECT value FROM json_each(?)) GROUP BY m.story_id",
        (json.dumps(list(story_ids)),))
    titles = story_titles(store, story_ids)
    found = {
        str(sid): StoryItem(id=str(sid), title=titles.get(str(sid), "Untitled story"),
                            first_date=_opt(first), last_date=_opt(last), articles=int(size),
                            sources=int(sources), undated=int(undated or 0),
                            updated_at=str(updated))
        for sid, size, first, last, sources, undated, updated in rows}
    return tuple(found[sid] for sid in story_ids if sid in found)


def story_titles(store: Store, story_ids: Sequence[str]) -> dict[str, str]:
    """The display title of each story (:func:`corroborator.corpus.stories.story_title` over its
    members' titles, else the first line of its first article)."""
    if not story_ids:
        return {}
    rows = store.select(
        "SELECT m.story_id, a.id, a.title, substr(a.text, 1, 300) FROM memberships m "
        "JOIN articles a ON a.id = m.article_id WHERE m.story_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY a.seq", (json.dumps(list(story_ids)),))
    members: dict[str, list[Article]] = {}
    for sid, aid, title, head in rows:
        members.setdefault(str(sid), []).append(
            Article(id=str(aid), text=str(head), title=_opt(title)))
    return {sid: assemble.story_title(arts) for sid, arts in members.items()}


def outlets(store: Store) -> list[tuple[str, int]]:
    """Every outlet with its article count, by name."""
    rows = store.select("SELECT source, COUNT(*) FROM articles WHERE source IS NOT NULL "
                        "GROUP BY source ORDER BY source COLLATE NOCASE")
    return [(str(s), int(n)) for s, n in rows]


def story_fingerprints(store: Store) -> dict[str, str]:
    """Each live story's last change (``updated_at``) and size: a cached brief computed
    at another fingerprint is out of date."""
    rows = store.select("SELECT id, updated_at, size FROM stories INDEXED BY stories_listing")
    return {str(sid): f"{updated}|{size}" for sid, updated, size in rows}


def fingerprints(store: Store, story_ids: Iterable[str]) -> dict[str, str]:
    """:func:`story_fingerprints` of ``story_ids`` only (those still live)."""
    rows = store.select("SELECT id, updated_at, size FROM stories WHERE id IN "
                        "(SELECT value FROM json_each(?))", (json.dumps(list(story_ids)),))
    return {str(sid): f"{updated}|{size}" for sid, updated, size in rows}


def fingerprint(store: Store, story_id: str) -> str:
    rows = store.select("SELECT updated_at, size FROM stories WHERE id = ?", (story_id,))
    if not rows:
        raise StoreError(f"no story {story_id!r}")
    return f"{rows[0][0]}|{rows[0][1]}"


def article_story(store: Store, article_id: str) -> str | None:
    """The live story an article belongs to."""
    rows = store.select("SELECT story_id FROM memberships WHERE article_id = ?", (article_id,))
    if not rows:
        return None
    try:
        return store.resolve_story(str(rows[0][0]))
    except StoreError:
        return None


def new_members(store: Store, story_id: str, since: str) -> int:
    """How many of a story's articles joined it at or after ``since``."""
    rows = store.select("SELECT COUNT(*) FROM memberships WHERE story_id = ? AND added_at >= ?",
                        (story_id, since))
    return int(rows[0][0])


@dataclass(frozen=True, slots=True)
class EntityStories:
    """The stories whose articles name an entity: its spellings and labels as written,
    and per story the number of its articles that name it."""

    key: str
    names: tuple[str, ...]
    labels: tuple[str, ...]
    stories: tuple[tuple[StoryItem, int], ...]


def entity_stories(store: Store, slug: str, limit: int = 200) -> EntityStories | None:
    """None when no stored article names the entity."""
    key = slug_key(slug)
    if not key:
        return None
    rows = store.select(
        "SELECT n.name, n.label, m.story_id FROM article_names n JOIN memberships m "
        "ON m.article_id = n.article_id WHERE n.key = ?", (key,))
    if not rows:
        return None
    names = sorted({str(r[0]) for r in rows})
    labels = sorted({str(r[1]) for r in rows})
    counts: dict[str, int] = {}
    for _, _, sid in rows:
        counts[str(sid)] = counts.get(str(sid), 0) + 1
    listed = list_stories(store, ListFilters(), only=list(counts), page_size=limit)
    return EntityStories(key, tuple(names), tuple(labels),
                         tuple((item, counts[item.id]) for item in listed.items))


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
