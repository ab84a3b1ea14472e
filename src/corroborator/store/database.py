"""The embedded store: one SQLite file holding articles, analyses and storylines.

Only this module writes; stage functions compute. :class:`Store` is the one repository
class. The schema grows by numbered migrations registered with :func:`migration` (as
sqlite-utils does); opening a store applies the missing ones and refuses a store written
by a newer version. The database runs in WAL mode so that ``stories``/``show`` can read
while ``ingest`` writes. Every statement is parameterised: article text is untrusted and
is never formatted into SQL.

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
import pickle
import sqlite3
import time
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from datasketch import MinHash

from corroborator.corpus import dedup, features, story_index
from corroborator.corpus.features import ArticleFeatures
from corroborator.corpus.story_index import (
    ArticleVector,
    Centroid,
    Placement,
    StoryIndex,
    StoryState,
)
from corroborator.errors import StoreError, UnknownStoryError
from corroborator.inputs.readers import content_hash
from corroborator.model import Article, ArticleAnalysis, Mention, Parsed, Token, TokenRange
from corroborator.story import events as cycles
from corroborator.text.names import fold

#: zlib level for cached analyses: level 1 shrinks a pickled analysis about 3x
#: (36 KB -> 12 KB on ECB+ articles) in ~3 ms; higher levels gain little.
ANALYSIS_COMPRESSION = 1

#: Version of the cached-analysis encoding (bump when Token or TokenRange change).
ANALYSIS_FORMAT = 1

#: How long (s) a write waits for another process's write before saying that it waits.
LOCK_NOTICE_SECONDS = 1.0

#: How long (s) a write waits in all for another process's write to finish before it
#: gives up. Another ingest holds the lock only while it places its articles (its NLP
#: runs before): ~5 ms an article (benchmarks/scale.py), so ~1 s for 150, ~25 s for 5,000.
LOCK_WAIT_SECONDS = 600.0

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


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One line of the story list. ``first_date``/``last_date`` span the members' stated
    publication dates; ``undated`` members have none (the caller may infer theirs)."""

    id: str
    size: int
    first_date: str | None
    last_date: str | None
    sources: tuple[str, ...]
    titles: tuple[str, ...]  # member titles, or the first line of an untitled story
    updated_at: str
    undated: int = 0


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """What the store knows of an article id: its content hash and where it came from."""

    id: str
    content_hash: str
    path: str | None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store:
    """The repository: every read and write of the SQLite store goes through here.

    ``path`` is a file path, taken literally (never as an SQLite URI), or ``":memory:"``
    (tests). ``clock`` returns the ISO timestamp recorded as "added at"/"viewed at";
    tests pass a fixed one. With ``create=False`` a missing file is a
    :class:`StoreError` ("no such store") instead of a new, empty store; with
    ``migrate=False`` (``check``) an old schema is left as it is. ``readonly=True`` opens
    an existing store for reading only (SQLite refuses every write); it must already have
    the current schema, since migrating is a write.

    Writes start with ``BEGIN IMMEDIATE``: two processes writing one store take turns.
    When another one holds the lock, ``on_wait`` is told once (the CLI prints "waiting
    for another ingest") and the write waits up to :data:`LOCK_WAIT_SECONDS`.
    """

    def __init__(self, path: str | Path = ":memory:", *, clock: Callable[[], str] = utc_now,
                 create: bool = True, migrate: bool = True, readonly: bool = False,
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.path = str(path)
        self.clock = clock
        self.on_wait = on_wait
        memory = self.path == ":memory:"
        if (not create or readonly) and not memory and not Path(self.path).is_file():
            raise StoreError(f"no such store: {self.path}")
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None,
                                            check_same_thread=False)
                self._check_current()
                return
            if memory:
                self.conn = sqlite3.connect(":memory:", isolation_level=None)
            else:  # a URI of the absolute path: "file:x?mode=memory" is a file name here
                uri = Path(self.path).absolute().as_uri() + ("" if create else "?mode=rw")
                self.conn = sqlite3.connect(uri, isolation_level=None, uri=True,
                                            timeout=LOCK_NOTICE_SECONDS)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not memory:
                self._retry_locked(lambda: self.conn.execute("PRAGMA journal_mode = WAL"))
                self.conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from exc

    def _check_current(self) -> None:
        current, known = self.schema_version, max(MIGRATIONS)
        if current != known:
            raise StoreError(
                f"{self.path}: schema version {current}, but reading needs {known}; "
                + ("upgrade corroborator" if current > known else
                   "open it once for writing to upgrade it (e.g. `corroborator stories "
                   "--db FILE`)"))

    # -- life cycle -------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def _retry_locked(self, step: Callable[[], object]) -> None:
        """Run ``step``; while another process holds the write lock, tell ``on_wait``
        once and try again, for up to :data:`LOCK_WAIT_SECONDS`."""
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        told = False
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"{self.path}: another process kept the store locked for "
                        f"{LOCK_WAIT_SECONDS:.0f} s; try again later") from exc
                if not told and self.on_wait is not None:
                    self.on_wait(f"{self.path}: waiting for another ingest to finish writing")
                told = True

    def begin(self) -> None:
        """Start a write transaction holding the write lock (``BEGIN IMMEDIATE``)."""
        self._retry_locked(lambda: self.conn.execute("BEGIN IMMEDIATE"))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write; sqlite3 errors become :class:`StoreError`. Reads inside it
        see every write committed before it began, and no other process writes until
        it ends."""
        try:
            self.begin()
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(f"{self.path}: write failed: {exc}") from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def select(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only ``SELECT`` (parameterised), for read layers such as the
        web app's queries; sqlite3 errors become :class:`StoreError`."""
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            raise StoreError("Store.select runs SELECT statements only")
        return self._query(sql, params)

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return list(self.conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: read failed: {exc}") from exc

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def data_version(self) -> int:
        """Changes whenever another connection commits a write (SQLite's
        ``PRAGMA data_version``); this connection's own writes leave it as it is."""
        return int(self._query("PRAGMA data_version")[0][0])

    def read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Rows of one parameterised read-only query (for :mod:`corroborator.app.check`)."""
        return self._query(sql, params)

    def _migrate(self) -> None:
        current = self.schema_version
        known = max(MIGRATIONS)
        if current > known:
            raise StoreError(
                f"{self.path}: schema version {current} is newer than this program "
                f"knows ({known}); upgrade corroborator"
            )
        for version in sorted(v for v in MIGRATIONS if v > current):
            _, fn = MIGRATIONS[version]
            self.begin()
            try:
                if self.schema_version >= version:  # another process migrated meanwhile
                    self.conn.execute("COMMIT")
                    continue
                fn(self.conn)
                self.conn.execute(f"PRAGMA user_version = {int(version)}")
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise

    # -- articles ---------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE id = ?", (article_id,)))

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the store already holds."""
        return set(self.stored(ids))

    def stored(self, ids: Iterable[str]) -> dict[str, StoredArticle]:
        """The stored articles among ``ids``: content hash and origin of each."""
        out: dict[str, StoredArticle] = {}
        batch = list(ids)
        for i in range(0, len(batch), 500):
            chunk = batch[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for aid, digest, path in self._query(
                f"SELECT id, content_hash, path FROM articles WHERE id IN ({marks})", chunk
            ):
                out[str(aid)] = StoredArticle(str(aid), str(digest),
                                              None if path is None else str(path))
        return out

    def add_article(self, analysis: ArticleAnalysis, sig: MinHash | None = None) -> str:
        """Store an article, its analysis and (for originals) its MinHash; returns when."""
        art = analysis.article
        now = self.clock()
        cur = self.conn.execute(
            "INSERT INTO articles (id, text, source, title, url, path, published, "
            "published_inferred, duplicate_of, added_at, content_hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (art.id, art.text, art.source, art.title, art.url, art.path, art.published,
             int(art.published_inferred), art.duplicate_of, now, content_hash(art.text)),
        )
        _index_article(self.conn, int(cur.lastrowid or 0), art.id, art.title, art.text,
                       analysis.mentions)
        self.conn.execute(
            "INSERT INTO analyses (article_id, data) VALUES (?, ?)",
            (art.id, encode_analysis(analysis)),
        )
        if sig is not None and art.duplicate_of is None:
            self.conn.execute(
                "INSERT INTO signatures (article_id, hashvalues) VALUES (?, ?)",
                (art.id, dedup.signature_bytes(sig)),
            )
        return now

    def article(self, article_id: str) -> Article:
        rows = self._query(
            "SELECT id, text, source, title, url, path, published, published_inferred, "
            "duplicate_of FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise StoreError(f"no article {article_id!r} in the store")
        return _article(rows[0])

    def analyses(self, ids: Sequence[str]) -> list[ArticleAnalysis]:
        """Cached analyses of ``ids``, in that order."""
        found: dict[str, ArticleAnalysis] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for aid, blob in self._query(
                f"SELECT article_id, data FROM analyses WHERE article_id IN ({marks})", chunk
            ):
                found[str(aid)] = decode_analysis(blob)
        missing = [i for i in ids if i not in found]
        if missing:
            raise StoreError(f"no cached analysis for {len(missing)} articles, e.g. {missing[0]}")
        return [found[i] for i in ids]

    def added_at(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for aid, at in self._query(
                f"SELECT id, added_at FROM articles WHERE id IN ({marks})", chunk
            ):
                out[str(aid)] = str(at)
        return out

    def count_articles(self) -> int:
        return int(self._query("SELECT COUNT(*) FROM articles")[0][0])

    # -- dedup ------------------------------------------------------------------------

    def load_duplicate_index(self) -> dedup.DuplicateIndex:
        """Rebuild the MinHash LSH index from the stored signatures, in arrival order."""
        index = dedup.DuplicateIndex()
        rows = self._query(
            "SELECT a.id, s.hashvalues FROM articles a LEFT JOIN signatures s "
            "ON s.article_id = a.id ORDER BY a.seq")
        for aid, blob in rows:
            index.add(str(aid), None if blob is None else dedup.signature_from_bytes(blob))
        return index

    # -- the story index --------------------------------------------------------------

    def load_index(self) -> StoryIndex:
        """Rebuild the incremental clusterer's state."""
        index = StoryIndex()
        rows = self._query("SELECT feature, fid, df FROM features ORDER BY fid")
        index.df = [0] * len(rows)
        for feat, fid, df in rows:
            index.vocab[str(feat)] = int(fid)
            index.df[int(fid)] = int(df)
        meta = self._query("SELECT value FROM meta WHERE key = 'n_docs'")
        index.n_docs = int(str(meta[0][0])) if meta else 0
        stories = self._query(
            "SELECT id, num, size, first_day, last_day, fids, weights, people FROM stories "
            "ORDER BY num")
        max_num = max((int(r[1]) for r in stories), default=-1)
        index.story_ids = [""] * (max_num + 1)
        for sid, num, size, first, last, fids, weights, people in stories:
            centroid = Centroid(np.frombuffer(fids, dtype=np.int32),
                                np.frombuffer(weights, dtype=np.float32))
            state = StoryState(str(sid), int(size), _opt_int(first), _opt_int(last), centroid)
            if people:
                pairs = np.frombuffer(people, dtype=np.int32).reshape(-1, 2).tolist()
                state.people = {int(f): int(n) for f, n in pairs}
            index.stories[state.id] = state
            index.story_num[state.id] = int(num)
            index.story_ids[int(num)] = state.id
            for fid in state.features.fids.tolist():
                index.postings.setdefault(fid, array("i")).append(int(num))
        for old, new in self._query("SELECT old_id, new_id FROM story_aliases"):
            index.aliases[str(old)] = str(new)
        for aid, sid in self._query(
            "SELECT m.article_id, m.story_id FROM memberships m JOIN articles a "
            "ON a.id = m.article_id ORDER BY a.seq"
        ):
            index.placed[str(aid)] = str(sid)
            index.seq[str(aid)] = len(index.seq)
            story = index.stories.get(str(sid))
            if story is not None:
                story.members.append(str(aid))
        for aid, day in self._query(
                "SELECT article_id, day FROM article_vectors WHERE day IS NOT NULL"):
            index.days[str(aid)] = int(day)
        rows = self._query(
            "SELECT article_id, fids, weights, lead FROM article_vectors "
            "WHERE fids IS NOT NULL ORDER BY seq DESC LIMIT ?", (story_index.MOVE_WINDOW,))
        for aid, fids, weights, lead in reversed(rows):
            index.vectors[str(aid)] = ArticleVector(
                np.frombuffer(fids, dtype=np.int32), np.frombuffer(weights, dtype=np.float64),
                tuple(np.frombuffer(lead, dtype=np.int32).tolist()))
        return index

    def save_placement(self, index: StoryIndex, feats: ArticleFeatures, placed: Placement
                       ) -> None:
        """Write what :meth:`StoryIndex.add` changed (call inside :meth:`transaction`)."""
        now = self.clock()
        self.conn.executemany(
            "INSERT INTO features (feature, fid, df) VALUES (?, ?, 1) "
            "ON CONFLICT(feature) DO UPDATE SET df = df + 1",
            [(feat, index.vocab[feat]) for feat, _ in feats.counts],
        )
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('n_docs', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(index.n_docs),))
        self.conn.execute(
            "INSERT INTO memberships (article_id, story_id, added_at) VALUES (?, ?, ?)",
            (feats.article_id, placed.story_id, now))
        self._save_vector(index, feats.article_id)
        for old in placed.merged:
            self.conn.execute("UPDATE memberships SET story_id = ? WHERE story_id = ?",
                              (placed.story_id, old))
            self._alias(old, placed.story_id, now)
        for aid, _, dst in placed.moved:
            self.conn.execute("UPDATE memberships SET story_id = ?, added_at = ? "
                              "WHERE article_id = ?", (dst, now, aid))
        for sid in placed.touched():
            if sid in index.stories:
                self._save_story(index, index.stories[sid], now)
            else:  # emptied by moves
                self._alias(sid, index.resolve(sid), now)

    def _save_story(self, index: StoryIndex, story: StoryState, now: str) -> None:
        fids = story.features.fids.astype(np.int32)
        ws = story.features.weights.astype(np.float32)
        people = np.array(sorted(story.people.items()), dtype=np.int32).reshape(-1, 2)
        self.conn.execute(
            "INSERT INTO stories (id, num, size, first_day, last_day, fids, weights, people, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE "
            "SET size = excluded.size, first_day = excluded.first_day, "
            "last_day = excluded.last_day, fids = excluded.fids, weights = excluded.weights, "
            "people = excluded.people, updated_at = excluded.updated_at",
            (story.id, index.story_num[story.id], story.size, story.first_day, story.last_day,
             fids.tobytes(), ws.tobytes(), people.tobytes(), now, now),
        )

    def _alias(self, old: str, new: str, now: str) -> None:
        """``old`` (merged or emptied) now resolves to ``new``; its row goes."""
        self.conn.execute("UPDATE story_aliases SET new_id = ? WHERE new_id = ?", (new, old))
        self.conn.execute(
            "INSERT OR REPLACE INTO story_aliases (old_id, new_id, merged_at) "
            "VALUES (?, ?, ?)", (old, new, now))
        self.conn.execute("DELETE FROM stories WHERE id = ?", (old,))

    def _save_vector(self, index: StoryIndex, article_id: str) -> None:
        """The article's day and vector; the vector of the article that left the move
        window is cleared."""
        vector = index.vectors.get(article_id)
        cur = self.conn.execute(
            "INSERT INTO article_vectors (article_id, day, fids, weights, lead) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, index.days.get(article_id),
             None if vector is None else vector.fids.astype(np.int32).tobytes(),
             None if vector is None else vector.weights.astype(np.float64).tobytes(),
             None if vector is None else np.array(vector.lead, dtype=np.int32).tobytes()))
        self.conn.execute(
            "UPDATE article_vectors SET fids = NULL, weights = NULL, lead = NULL "
            "WHERE seq = ?", (int(cur.lastrowid or 0) - story_index.MOVE_WINDOW,))

    # -- stories ----------------------------------------------------------------------

    def resolve_story(self, story_id: str) -> str:
        """The live id of ``story_id`` (following merges); UnknownStoryError if none."""
        if self._query("SELECT 1 FROM stories WHERE id = ?", (story_id,)):
            return story_id
        rows = self._query("SELECT new_id FROM story_aliases WHERE old_id = ?", (story_id,))
        if rows:
            return str(rows[0][0])
        raise UnknownStoryError(f"no story {story_id!r} in {self.path}")

    def merged_into(self, story_id: str) -> tuple[str, ...]:
        """The former ids that now resolve to ``story_id``."""
        rows = self._query(
            "SELECT old_id FROM story_aliases WHERE new_id = ? ORDER BY old_id", (story_id,))
        return tuple(str(r[0]) for r in rows)

    def members(self, story_id: str) -> list[str]:
        """Member article ids of a story in arrival order."""
        sid = self.resolve_story(story_id)
        rows = self._query(
            "SELECT m.article_id FROM memberships m JOIN articles a ON a.id = m.article_id "
            "WHERE m.story_id = ? ORDER BY a.seq", (sid,))
        return [str(r[0]) for r in rows]

    def list_stories(self) -> list[StoryRow]:
        """Live stories, most recently updated first, with their stated date spans (the
        caller filters by date once undated members' dates are inferred)."""
        rows = self._query(
            "SELECT s.id, s.size, MIN(substr(a.published, 1, 10)), "
            "MAX(substr(a.published, 1, 10)), s.updated_at, "
            "json_group_array(DISTINCT a.source), SUM(COALESCE(a.published, '') = ''), s.num "
            "FROM stories s JOIN memberships m ON m.story_id = s.id "
            "JOIN articles a ON a.id = m.article_id GROUP BY s.id "
            "ORDER BY s.updated_at DESC, s.num DESC")
        out = []
        for sid, size, first, last, updated, sources, undated, _ in rows:
            titles = self._query(
                "SELECT a.title FROM memberships m JOIN articles a ON a.id = m.article_id "
                "WHERE m.story_id = ? AND a.title IS NOT NULL ORDER BY a.seq LIMIT 50",
                (sid,))
            if not titles:  # untitled articles: the first line of the first one
                titles = self._query(
                    "SELECT substr(a.text, 1, 300) FROM memberships m JOIN articles a "
                    "ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.seq LIMIT 1",
                    (sid,))
                titles = [(str(t[0]).strip().split("\n", 1)[0],) for t in titles]
            out.append(StoryRow(
                id=str(sid), size=int(size),
                first_date=None if first is None else str(first),
                last_date=None if last is None else str(last),
                sources=tuple(sorted({str(x) for x in json.loads(sources) if x})),
                titles=tuple(str(t[0]) for t in titles), updated_at=str(updated),
                undated=int(undated or 0)))
        return out

    def publication_dates(self, story_id: str) -> tuple[list[str], list[str]]:
        """``(dates, undated)``: the stated publication dates of a story's members, and
        the ids of the members without one, both in arrival order."""
        rows = self._query(
            "SELECT a.id, a.published FROM memberships m JOIN articles a "
            "ON a.id = m.article_id WHERE m.story_id = ? ORDER BY a.seq",
            (self.resolve_story(story_id),))
        dates = [str(p) for _, p in rows if p]
        undated = [str(aid) for aid, p in rows if not p]
        return dates, undated

    # -- events -----------------------------------------------------------------------

    def update_events(self, story_ids: Iterable[str],
                      new: Mapping[str, cycles.EventFeatures]) -> dict[str, cycles.Reconciled]:
        """Recompute the events of ``story_ids`` (live ones; call inside
        :meth:`transaction`) from their members' stored event features and ``new`` ones
        (articles not placed in an event yet); keep ids, record merges and moves."""
        now = self.clock()
        out: dict[str, cycles.Reconciled] = {}
        kept: set[str] = set()  # event ids the stories done so far keep
        for sid in dict.fromkeys(story_ids):
            if not self._query("SELECT 1 FROM stories WHERE id = ?", (sid,)):
                continue
            members = self.members(sid)
            feats, current = self._event_rows(members)
            feats.update({k: v for k, v in new.items() if k in set(members)})
            missing = [a for a in members if a not in feats]
            if missing:
                raise StoreError(f"{self.path}: no event features for {len(missing)} "
                                 f"articles of story {sid}, e.g. {missing[0]}")
            taken = _EventIds(self)
            result = cycles.reconcile(cycles.segment([feats[a] for a in members]), current,
                                      taken, kept)
            kept.update(eid for eid, _ in result.events)
            _write_events(self.conn, sid, result, feats, now)
            out[sid] = result
        return out

    def _event_rows(self, article_ids: Sequence[str]
                    ) -> tuple[dict[str, cycles.EventFeatures], dict[str, str]]:
        feats: dict[str, cycles.EventFeatures] = {}
        current: dict[str, str] = {}
        for i in range(0, len(article_ids), 500):
            chunk = list(article_ids[i : i + 500])
            marks = ",".join("?" * len(chunk))
            for aid, eid, day, pub, reported, inferred, keys in self._query(
                "SELECT article_id, event_id, day, published, reported, inferred, keys FROM "
                f"event_articles WHERE article_id IN ({marks})", chunk):
                feats[str(aid)] = cycles.EventFeatures(
                    str(aid), _opt_int(day), _opt_int(pub),
                    tuple(str(k) for k in json.loads(keys)), bool(reported), bool(inferred))
                current[str(aid)] = str(eid)
        return feats, current

    def story_events(self, story_id: str) -> list[tuple[str, tuple[str, ...]]]:
        """A story's events as ``(event id, member ids)``, in the order of
        :func:`~corroborator.story.events.segment` (by day of what happened)."""
        feats, current = self._event_rows(self.members(story_id))
        groups: dict[str, list[cycles.EventFeatures]] = {}
        for aid, eid in current.items():
            groups.setdefault(eid, []).append(feats[aid])
        ordered = [sorted(g, key=cycles.order_key) for g in groups.values()]
        ordered.sort(key=lambda g: cycles.order_key(g[0]))
        return [(current[g[0].article_id], tuple(f.article_id for f in g)) for g in ordered]

    def event_of(self, article_id: str) -> str | None:
        rows = self._query("SELECT event_id FROM event_articles WHERE article_id = ?",
                           (article_id,))
        return str(rows[0][0]) if rows else None

    def event_counts(self) -> dict[str, int]:
        """Live story id -> number of its events."""
        return {str(sid): int(n) for sid, n in self._query(
            "SELECT story_id, COUNT(*) FROM events GROUP BY story_id")}

    def resolve_event(self, event_id: str) -> str:
        """The live id of ``event_id`` (following merges); UnknownStoryError if none."""
        if self._query("SELECT 1 FROM events WHERE id = ?", (event_id,)):
            return event_id
        rows = self._query("SELECT new_id FROM event_aliases WHERE old_id = ?", (event_id,))
        if rows:
            return str(rows[0][0])
        raise UnknownStoryError(f"no event {event_id!r} in {self.path}")

    def event_moves(self) -> list[tuple[str, str, str, str]]:
        """Every recorded move: (article id, from event, to event, when), oldest first."""
        return [(str(a), str(f), str(t), str(w)) for a, f, t, w in self._query(
            "SELECT article_id, from_event, to_event, moved_at FROM event_moves ORDER BY seq")]

    # -- views ------------------------------------------------------------------------

    def last_view(self, story_id: str) -> str | None:
        rows = self._query("SELECT viewed_at FROM views WHERE story_id = ?", (story_id,))
        return str(rows[0][0]) if rows else None

    def record_view(self, story_id: str) -> str:
        now = self.clock()
        with self.transaction():
            self.conn.execute(
                "INSERT INTO views (story_id, viewed_at) VALUES (?, ?) ON CONFLICT(story_id) "
                "DO UPDATE SET viewed_at = excluded.viewed_at", (story_id, now))
        return now


class _EventIds:
    """Event ids in use or once used (live or aliased), as a container for
    :func:`~corroborator.story.events.reconcile`; asks the database per id."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __contains__(self, event_id: object) -> bool:
        return bool(self.store._query(
            "SELECT 1 FROM events WHERE id = ? UNION ALL "
            "SELECT 1 FROM event_aliases WHERE old_id = ?", (event_id, event_id)))


def encode_analysis(analysis: ArticleAnalysis) -> bytes:
    """Pickle an analysis compactly: tokens and token ranges as plain tuples (pickling
    ~500 slotted dataclasses per article costs ~7 ms; plain tuples ~0.5 ms)."""
    p = analysis.parsed
    state = (
        ANALYSIS_FORMAT,
        p.article,
        tuple(astuple_token(t) for t in p.tokens),
        tuple(_range_tuple(r) for r in p.sentences),
        tuple(_range_tuple(r) for r in p.ents),
        tuple(_range_tuple(r) for r in p.noun_chunks),
        analysis.zones,
        analysis.times,
        analysis.mentions,
    )
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL),
                         ANALYSIS_COMPRESSION)


def decode_analysis(blob: bytes) -> ArticleAnalysis:
    """The inverse of :func:`encode_analysis`."""
    try:
        state = pickle.loads(zlib.decompress(blob))
    except (zlib.error, pickle.UnpicklingError, EOFError) as exc:
        raise StoreError(f"a cached analysis is unreadable: {exc}") from exc
    fmt, article, tokens, sents, ents, chunks, zones, times, mentions = state
    if fmt != ANALYSIS_FORMAT:
        raise StoreError(f"cached analysis format {fmt} is not {ANALYSIS_FORMAT}")
    parsed = Parsed(
        article=article,
        tokens=tuple(Token(*t) for t in tokens),
        sentences=tuple(TokenRange(*r) for r in sents),
        ents=tuple(TokenRange(*r) for r in ents),
        noun_chunks=tuple(TokenRange(*r) for r in chunks),
    )
    return ArticleAnalysis(parsed=parsed, zones=zones, times=times, mentions=mentions)


def astuple_token(t: Token) -> tuple[Any, ...]:
    return (t.i, t.start, t.end, t.text, t.lemma, t.pos, t.tag, t.dep, t.head, t.ent_type,
            t.ent_iob, t.morph)


def _range_tuple(r: TokenRange) -> tuple[Any, ...]:
    return (r.start, r.end, r.tok_start, r.tok_end, r.label, r.text)


def _opt_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _article(row: tuple[Any, ...]) -> Article:
    aid, text, source, title, url, path, published, inferred, dup = row
    return Article(
        id=str(aid), text=str(text),
        source=None if source is None else str(source),
        title=None if title is None else str(title),
        url=None if url is None else str(url),
        path=None if path is None else str(path),
        published=None if published is None else str(published),
        published_inferred=bool(inferred),
        duplicate_of=None if dup is None else str(dup),
    )


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
