"""The store's feed tables: subscriptions, their fetch state and the article URLs met.

:class:`FeedStore` works on an open :class:`~corroborator.store.database.Store` (same SQLite
connection and transactions); the tables come from the store's migration 6::

    feeds       url, title, interval_min, added_at; fetch state: etag, last_modified
                (validators for conditional requests), last_fetch, last_status,
                item_count, last_error, failures (consecutive), next_try (when due),
                retry_after (the server's Retry-After, honoured even by ``--now``)
    feed_items  every article URL (or item id) met in a feed: the feed, the stored
                article id, status ("stored", "seen" or "failed"), the error, when

Times are ISO 8601 UTC strings with seconds (``2026-03-15T08:30:00+00:00``), so they
compare as text. Every statement is parameterised.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from corroborator.store.database import Store

_COLUMNS = ("url, title, interval_min, added_at, etag, last_modified, last_fetch, "
            "last_status, item_count, last_error, failures, next_try, retry_after")


@dataclass(frozen=True, slots=True)
class FeedState:
    """One subscription and what its last fetch left."""

    url: str
    title: str | None
    interval_min: int
    added_at: str
    etag: str | None = None
    last_modified: str | None = None
    last_fetch: str | None = None
    last_status: int | None = None
    item_count: int = 0
    last_error: str | None = None
    failures: int = 0
    next_try: str | None = None
    retry_after: str | None = None


class FeedStore:
    """Reads and writes the feed tables of ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    @contextmanager
    def _writing(self) -> Iterator[None]:
        with self.store.transaction():
            yield

    def _rows(self, sql: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        return self.store.select(sql, tuple(params))

    # -- subscriptions ----------------------------------------------------------------

    def add(self, url: str, interval_min: int, now: str, title: str | None = None) -> bool:
        """Subscribe; False when ``url`` is already a feed (its settings are kept)."""
        with self._writing():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO feeds (url, title, interval_min, added_at) "
                "VALUES (?, ?, ?, ?)", (url, title, interval_min, now))
        return cur.rowcount > 0

    def remove(self, url: str) -> bool:
        """Unsubscribe (the feed's remembered item URLs go too; stored articles stay)."""
        with self._writing():
            cur = self.conn.execute("DELETE FROM feeds WHERE url = ?", (url,))
            self.conn.execute("DELETE FROM feed_items WHERE feed_url = ?", (url,))
        return cur.rowcount > 0

    def feeds(self) -> list[FeedState]:
        return [FeedState(*r) for r in self._rows(
            f"SELECT {_COLUMNS} FROM feeds ORDER BY added_at, url")]

    def feed(self, url: str) -> FeedState | None:
        rows = self._rows(f"SELECT {_COLUMNS} FROM feeds WHERE url = ?", (url,))
        return FeedState(*rows[0]) if rows else None

    # -- fetch state ------------------------------------------------------------------

    def record_success(self, url: str, *, at: str, status: int, next_try: str,
                       etag: str | None, last_modified: str | None,
                       item_count: int | None, title: str | None) -> None:
        """A fetch that worked (200 or 304): new validators, errors cleared.
        ``item_count`` and ``title`` None keep the old ones (a 304)."""
        with self._writing():
            self.conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = ?, next_try = ?, "
                "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
                "item_count = COALESCE(?, item_count), title = COALESCE(title, ?), "
                "last_error = NULL, failures = 0, retry_after = NULL WHERE url = ?",
                (at, status, next_try, etag, last_modified, item_count, title, url))

    def record_failure(self, url: str, *, at: str, error: str, status: int | None,
                       next_try: str, retry_after: str | None) -> None:
        """A failed fetch: the error, one more consecutive failure, the backoff."""
        with self._writing():
            self.conn.execute(
                "UPDATE feeds SET last_fetch = ?, last_status = ?, last_error = ?, "
                "failures = failures + 1, next_try = ?, retry_after = ? WHERE url = ?",
                (at, status, error, next_try, retry_after, url))

    # -- article URLs -----------------------------------------------------------------

    def known_items(self, keys: Iterable[str]) -> set[str]:
        """The item URLs (or ids) among ``keys`` that were met before."""
        return {str(r[0]) for r in self.store.select_in(
            "SELECT url FROM feed_items WHERE url IN ({marks})", dict.fromkeys(keys))}

    def remember_items(self, rows: Iterable[tuple[str, str, str | None, str, str | None]],
                       at: str) -> None:
        """Remember ``(item url, feed url, article id, status, error)`` rows."""
        with self._writing():
            self.conn.executemany(
                "INSERT OR REPLACE INTO feed_items (url, feed_url, article_id, status, "
                "error, seen_at) VALUES (?, ?, ?, ?, ?, ?)",
                [(*row, at) for row in rows])

    def item_counts(self) -> dict[str, int]:
        """Articles stored from each feed."""
        return {url: n for url, n in self._rows(
            "SELECT feed_url, COUNT(*) FROM feed_items WHERE status = 'stored' "
            "GROUP BY feed_url")}
