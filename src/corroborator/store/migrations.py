"""The store's schema, grown by numbered migrations registered with :func:`migration` (as
sqlite-utils does). Opening a store applies the missing ones.

Tables::

    articles        every Article field, plus ``seq`` (arrival order), ``added_at`` and
                    ``content_hash`` (migration 3: tells a re-ingested article from a
                    different one that reuses its id)
    analyses        the pickled, zlib-compressed ArticleAnalysis of each article
    signatures      MinHash values of original (non-copy) articles, for dedup
    features        the incremental clusterer's vocabulary and document frequencies
    stories         one row per live story: size, date span, summed feature vector,
                    persons named in its members' leads (migration 2)
    memberships     article -> story, with when it joined
    story_aliases   merged story id -> the story it was merged into, and when (also a
                    story emptied when its articles moved -> where the last one went)
    article_vectors each placed article's publication day and, for the most recent
                    :data:`~corroborator.corpus.stories.MOVE_WINDOW`, its weighted vector and
                    lead persons, so that it can still move (migration 4)
    event_articles  each placed article's event, with what event boundaries need: its day
                    of what happened, publication day and content keys (migration 5)
    events          one row per live event: its story, size and publication-day span
    event_aliases   merged event id -> the event it went into, and when
    event_moves     (article, from event, to event, when): articles that changed event
    views           when each story was last shown (for "what is new since")
    meta            key/value (document count of the clusterer)
    article_search  FTS5 index of each article's title, text and entity names, rowid =
                    ``articles.seq`` (migration 7; contentless: it holds no copy of the text)
    article_names   each article's entity names, by folded key (migration 7, with covering
                    indexes for the web app's listings)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from corroborator.corpus import features
from corroborator.inputs.records import content_hash
from corroborator.model import Mention
from corroborator.store.codec import (
    decode_analysis,
)
from corroborator.story import events as cycles
from corroborator.text.names import fold


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(version: int) -> Callable[[Migration], Migration]:
    """Register a schema migration; they run in version order, each exactly once."""

    def register(fn: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"migration {version} registered twice")
        MIGRATIONS[version] = (fn.__name__, fn)
        return fn

    return register


@migration(1)
def initial_schema(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            text TEXT NOT NULL,
            source TEXT, title TEXT, url TEXT, path TEXT, published TEXT,
            published_inferred INTEGER NOT NULL DEFAULT 0,
            duplicate_of TEXT,
            added_at TEXT NOT NULL
        );
        CREATE INDEX articles_added ON articles(added_at);
        CREATE TABLE analyses (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            data BLOB NOT NULL
        );
        CREATE TABLE signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            hashvalues BLOB NOT NULL
        );
        CREATE TABLE features (
            feature TEXT PRIMARY KEY,
            fid INTEGER NOT NULL UNIQUE,
            df INTEGER NOT NULL
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            num INTEGER NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            first_day INTEGER, last_day INTEGER,
            fids BLOB NOT NULL, weights BLOB NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE TABLE memberships (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL,
            added_at TEXT NOT NULL
        );
        CREATE INDEX memberships_story ON memberships(story_id);
        CREATE TABLE story_aliases (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            merged_at TEXT NOT NULL
        );
        CREATE TABLE views (
            story_id TEXT PRIMARY KEY,
            viewed_at TEXT NOT NULL
        );
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """
    )


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the caller's transaction (``executescript`` would
    commit first). Only for the literal schema text here, never for data."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


@migration(2)
def story_people(conn: sqlite3.Connection) -> None:
    """Persons named in members' leads, for the incremental clusterer's contrast test:
    pairs of int32 (feature id, member count)."""
    conn.execute("ALTER TABLE stories ADD COLUMN people BLOB")


@migration(3)
def article_content_hash(conn: sqlite3.Connection) -> None:
    """A hash of each article's text (:func:`~corroborator.inputs.readers.content_hash`), so
    that ingest can tell the same article read again from a different one that claims a
    stored id. Existing rows are hashed here (parameterised; text is never in the SQL)."""
    conn.execute("ALTER TABLE articles ADD COLUMN content_hash TEXT")
    rows = list(conn.execute("SELECT seq, text FROM articles"))
    conn.executemany("UPDATE articles SET content_hash = ? WHERE seq = ?",
                     [(content_hash(str(text)), seq) for seq, text in rows])


@migration(4)
def article_vectors(conn: sqlite3.Connection) -> None:
    """What the incremental clusterer needs to move an article after placing it: its
    day, and (blobs cleared once it leaves the move window) its vector (int32 feature
    ids, float64 weights) and lead persons (int32). ``seq`` is the arrival order."""
    conn.execute(
        "CREATE TABLE article_vectors (seq INTEGER PRIMARY KEY, article_id TEXT NOT NULL "
        "UNIQUE REFERENCES articles(id), day INTEGER, fids BLOB, weights BLOB, lead BLOB)")
    # Articles placed before: their days (as ArticleFeatures has them), no vectors.
    rows = list(conn.execute(
        "SELECT a.id, a.published, a.published_inferred FROM memberships m "
        "JOIN articles a ON a.id = m.article_id ORDER BY a.seq"))
    conn.executemany(
        "INSERT INTO article_vectors (article_id, day) VALUES (?, ?)",
        [(aid, None if inferred else features.day_of(published))
         for aid, published, inferred in rows])


@migration(5)
def story_events(conn: sqlite3.Connection) -> None:
    """Events inside storylines (:mod:`corroborator.story.events`). Articles placed before get
    their event features from their cached analysis and their stories are segmented.
    Built from scratch (a store taken back to an older version by hand may hold them)."""
    for table in ("event_articles", "events", "event_aliases", "event_moves"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    _run_script(
        conn,
        """
        CREATE TABLE event_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            event_id TEXT NOT NULL,
            day INTEGER, published INTEGER,
            reported INTEGER NOT NULL DEFAULT 0,
            inferred INTEGER NOT NULL DEFAULT 0,
            keys TEXT NOT NULL
        );
        CREATE INDEX event_articles_event ON event_articles(event_id);
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL,
            size INTEGER NOT NULL,
            first_day INTEGER, last_day INTEGER,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        );
        CREATE INDEX events_story ON events(story_id);
        CREATE TABLE event_aliases (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL,
            merged_at TEXT NOT NULL
        );
        CREATE INDEX event_aliases_new ON event_aliases(new_id);
        CREATE TABLE event_moves (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id TEXT NOT NULL,
            from_event TEXT NOT NULL,
            to_event TEXT NOT NULL,
            moved_at TEXT NOT NULL
        );
        """
    )
    by_story: dict[str, list[cycles.EventFeatures]] = {}
    rows = list(conn.execute(
        "SELECT m.story_id, n.data FROM memberships m JOIN analyses n "
        "ON n.article_id = m.article_id JOIN articles a ON a.id = m.article_id "
        "ORDER BY a.seq"))
    for sid, blob in rows:
        by_story.setdefault(str(sid), []).append(
            cycles.event_features(decode_analysis(blob)))
    now = utc_now()
    for sid, feats in by_story.items():
        _write_events(conn, sid, cycles.reconcile(cycles.segment(feats), {}),
                      {f.article_id: f for f in feats}, now)


def _write_events(conn: sqlite3.Connection, story_id: str, result: cycles.Reconciled,
                  feats: Mapping[str, cycles.EventFeatures], now: str) -> None:
    """Write one story's reconciled events: rows, aliases of merged ids, moves."""
    for eid, members in result.events:
        conn.executemany(
            "INSERT INTO event_articles (article_id, event_id, day, published, reported, "
            "inferred, keys) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE "
            "SET event_id = excluded.event_id",
            [(aid, eid, feats[aid].day, feats[aid].published, int(feats[aid].reported),
              int(feats[aid].inferred), json.dumps(list(feats[aid].keys)))
             for aid in members])
        days = [d for d in (feats[a].published for a in members) if d is not None]
        conn.execute(
            "INSERT INTO events (id, story_id, size, first_day, last_day, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            "story_id = excluded.story_id, size = excluded.size, first_day = "
            "excluded.first_day, last_day = excluded.last_day, updated_at = "
            "excluded.updated_at",
            (eid, story_id, len(members), min(days, default=None), max(days, default=None),
             now, now))
    for old, new in result.merged:
        conn.execute("UPDATE event_aliases SET new_id = ? WHERE new_id = ?", (new, old))
        conn.execute("INSERT OR REPLACE INTO event_aliases (old_id, new_id, merged_at) "
                     "VALUES (?, ?, ?)", (old, new, now))
        conn.execute("DELETE FROM events WHERE id = ?", (old,))
    conn.executemany(
        "INSERT INTO event_moves (article_id, from_event, to_event, moved_at) "
        "VALUES (?, ?, ?, ?)", [(aid, src, dst, now) for aid, src, dst in result.moved])


@migration(7)
def article_search(conn: sqlite3.Connection) -> None:
    """Full-text search over titles, texts and entity names (SQLite FTS5), and each
    article's entity names by folded key (the web app's entity filter and pages).
    Filled here from the stored articles and their cached analyses; :meth:`Store.add_article`
    keeps both in step with every later ingest. Built from scratch (a store taken back to
    an older version by hand may still hold them)."""
    for table in ("article_search", "article_names"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for index in ("articles_listing", "articles_source", "stories_listing"):
        conn.execute(f"DROP INDEX IF EXISTS {index}")
    conn.execute(
        "CREATE VIRTUAL TABLE article_search USING fts5(title, text, names, content='', "
        "tokenize='unicode61 remove_diacritics 2')")
    conn.execute(
        "CREATE TABLE article_names (article_id TEXT NOT NULL REFERENCES articles(id), "
        "key TEXT NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL, "
        "PRIMARY KEY (article_id, key))")
    conn.execute("CREATE INDEX article_names_key ON article_names(key)")
    # Covering indexes for listings: a column stored after an article's text (or a story's
    # vector) is otherwise reached through the row's overflow pages.
    conn.execute("CREATE INDEX articles_listing ON articles(id, published, source, title)")
    conn.execute("CREATE INDEX articles_source ON articles(source)")
    conn.execute("CREATE INDEX stories_listing ON stories(updated_at, num, id, size)")
    rows = conn.execute(
        "SELECT a.seq, a.id, a.title, a.text, n.data FROM articles a "
        "LEFT JOIN analyses n ON n.article_id = a.id ORDER BY a.seq")
    for seq, aid, title, text, blob in rows:
        mentions = () if blob is None else decode_analysis(blob).mentions
        _index_article(conn, int(seq), str(aid), title, str(text), mentions)


def _index_article(conn: sqlite3.Connection, seq: int, article_id: str, title: str | None,
                   text: str, mentions: Sequence[Mention]) -> None:
    """One article into ``article_search`` and ``article_names``."""
    names: dict[str, tuple[str, str]] = {}
    for m in mentions:
        key = fold(m.text)
        if key:
            names.setdefault(key, (m.text, m.label))
    conn.execute("INSERT INTO article_search (rowid, title, text, names) VALUES (?, ?, ?, ?)",
                 (seq, title or "", text, " ".join(n for n, _ in names.values())))
    conn.executemany(
        "INSERT OR IGNORE INTO article_names (article_id, key, name, label) VALUES (?,?,?,?)",
        [(article_id, key, name, label) for key, (name, label) in names.items()])



# --------------------------------------------------------------------------- feeds


@migration(6)
def feed_tables(conn: sqlite3.Connection) -> None:
    """Subscriptions and their fetch state (:mod:`corroborator.store.feeds` reads and
    writes them): ``feeds`` (one row per feed URL: validators, schedule, backoff, last
    error) and ``feed_items`` (every article URL met in a feed, fetched at most once).
    ``IF NOT EXISTS``: a store whose version was set back (tests do) keeps its tables."""
    _run_script(
        conn,
        """
        CREATE TABLE IF NOT EXISTS feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            interval_min INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            etag TEXT,
            last_modified TEXT,
            last_fetch TEXT,
            last_status INTEGER,
            item_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            next_try TEXT,
            retry_after TEXT
        );
        CREATE TABLE IF NOT EXISTS feed_items (
            url TEXT PRIMARY KEY,
            feed_url TEXT NOT NULL,
            article_id TEXT,
            status TEXT NOT NULL,
            error TEXT,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS feed_items_feed ON feed_items(feed_url)
        """
    )
