"""The embedded store: one SQLite file holding articles, analyses and storylines.

Only this module writes; stage functions compute. :class:`Store` is the one repository
class. The schema grows by the numbered migrations of :mod:`corroborator.store.migrations`
(as sqlite-utils does); opening a store applies the missing ones and refuses a store
written by a newer version. The database runs in WAL mode so that ``stories``/``show`` can
read while ``ingest`` writes. Every statement is parameterised: article text is untrusted
and is never formatted into SQL.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np
from datasketch import MinHash

from corroborator.corpus import dedup, story_index
from corroborator.corpus.features import ArticleFeatures
from corroborator.corpus.story_index import (
    ArticleVector,
    Centroid,
    Placement,
    StoryIndex,
    StoryState,
)
from corroborator.errors import StoreError, UnknownStoryError
from corroborator.inputs.records import content_hash
from corroborator.model import Article, ArticleAnalysis
from corroborator.store.codec import (
    _article,
    _opt_int,
    decode_analysis,
    encode_analysis,
)
from corroborator.store.migrations import (
    MIGRATIONS,
    _index_article,
    _write_events,
    utc_now,
)
from corroborator.story import events as cycles

#: Keys bound in one ``IN (...)`` list: below SQLite's oldest default limit of 999
#: parameters per statement.
IN_BATCH = 500

#: How long (s) a write waits for another process's write before saying that it waits.
LOCK_NOTICE_SECONDS = 1.0

#: How long (s) a write waits in all for another process's write to finish before it
#: gives up. Another ingest holds the lock only while it places its articles (its NLP
#: runs before): ~5 ms an article (benchmarks/scale.py), so ~1 s for 150, ~25 s for 5,000.
LOCK_WAIT_SECONDS = 600.0

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

    def select_in(self, sql: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql``, whose ``IN ({marks})`` takes ``keys``: run in batches of
        :data:`IN_BATCH` keys, each bound as a parameter."""
        wanted = list(keys)
        for i in range(0, len(wanted), IN_BATCH):
            chunk = wanted[i : i + IN_BATCH]
            yield from self._query(sql.format(marks=",".join("?" * len(chunk))), chunk)

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
        for aid, digest, path in self.select_in(
                "SELECT id, content_hash, path FROM articles WHERE id IN ({marks})", ids):
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
        found = {str(aid): decode_analysis(blob) for aid, blob in self.select_in(
            "SELECT article_id, data FROM analyses WHERE article_id IN ({marks})", ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise StoreError(f"no cached analysis for {len(missing)} articles, e.g. {missing[0]}")
        return [found[i] for i in ids]

    def added_at(self, ids: Sequence[str]) -> dict[str, str]:
        return {str(aid): str(at) for aid, at in self.select_in(
            "SELECT id, added_at FROM articles WHERE id IN ({marks})", ids)}

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
        rows = self._query("SELECT feature, fid, df FROM features ORDER BY fid")
        if any(int(fid) != i for i, (_, fid, _) in enumerate(rows)):
            raise StoreError(f"{self.path}: feature ids are not contiguous")
        meta = self._query("SELECT value FROM meta WHERE key = 'n_docs'")
        stories = []
        for sid, num, size, first, last, fids, weights, people in self._query(
            "SELECT id, num, size, first_day, last_day, fids, weights, people FROM stories "
            "ORDER BY num"
        ):
            centroid = Centroid(np.frombuffer(fids, dtype=np.int32),
                                np.frombuffer(weights, dtype=np.float32))
            state = StoryState(str(sid), int(size), _opt_int(first), _opt_int(last), centroid)
            if people:
                pairs = np.frombuffer(people, dtype=np.int32).reshape(-1, 2).tolist()
                state.people = {int(f): int(n) for f, n in pairs}
            stories.append((int(num), state))
        vectors = self._query(
            "SELECT article_id, fids, weights, lead FROM article_vectors "
            "WHERE fids IS NOT NULL ORDER BY seq DESC LIMIT ?", (story_index.MOVE_WINDOW,))
        return StoryIndex.restore(
            df={str(feat): int(df) for feat, _, df in rows},
            n_docs=int(str(meta[0][0])) if meta else 0,
            stories=stories,
            aliases={str(old): str(new) for old, new in
                     self._query("SELECT old_id, new_id FROM story_aliases")},
            memberships=((str(aid), str(sid)) for aid, sid in self._query(
                "SELECT m.article_id, m.story_id FROM memberships m JOIN articles a "
                "ON a.id = m.article_id ORDER BY a.seq")),
            days={str(aid): int(day) for aid, day in self._query(
                "SELECT article_id, day FROM article_vectors WHERE day IS NOT NULL")},
            vectors=((str(aid), ArticleVector(
                np.frombuffer(fids, dtype=np.int32), np.frombuffer(weights, dtype=np.float64),
                tuple(np.frombuffer(lead, dtype=np.int32).tolist())))
                for aid, fids, weights, lead in reversed(vectors)),
        )

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

    def stories_naming(self, key: str) -> set[str]:
        """Ids of the stories with a member whose entity names contain ``key`` (a folded
        text, see :func:`corroborator.text.names.fold`)."""
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self._query(
            "SELECT DISTINCT m.story_id FROM article_names n JOIN memberships m "
            "ON m.article_id = n.article_id WHERE n.key LIKE ? ESCAPE '\\'", (pattern,))
        return {str(r[0]) for r in rows}

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
        for aid, eid, day, pub, reported, inferred, keys in self.select_in(
                "SELECT article_id, event_id, day, published, reported, inferred, keys FROM "
                "event_articles WHERE article_id IN ({marks})", article_ids):
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
