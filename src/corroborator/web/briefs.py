"""Story briefs for the web app, computed once and kept.

Computing a story's brief runs pipeline stage 6 over its stored analyses (tens of
milliseconds to seconds). :class:`BriefCache` keeps each brief:

* in memory (the most recently used :data:`MEMORY_ITEMS`, with their prepared view);
* in a side file (SQLite, never the store: serving stays read-only), zlib-compressed
  pickles with a few figures for the story list (disputed claims, events, dates), and
  the rendered story pages worth keeping (:meth:`BriefCache.page`).

An entry is valid while the story's fingerprint (its last change and size in the store)
is unchanged; an ingest that touches the story makes it stale and it is recomputed.
:func:`warm` fills the side file for every story, newest first (brief and default
page); ``corroborator serve`` runs it in a background process at low priority. The side
file is rebuilt when its format, the program's version or a template changes.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from corroborator.app.ingest import AnalyzeStory
from corroborator.app.show import compute_brief, story_changes
from corroborator.errors import StoreError
from corroborator.model import Brief, Changes, Story
from corroborator.render.html import story_drawings
from corroborator.render.svg import EventBand, TimelineLayout
from corroborator.render.view import BriefView, build_view
from corroborator.store.database import Store
from corroborator.version import __version__, generator_version
from corroborator.web import queries

#: Briefs held in memory (with their views); a 25-article story's brief is ~1 MB.
MEMORY_ITEMS = 64
#: Version of the side file's encoding; bump when Brief or its parts change shape.
CACHE_FORMAT = 3
#: zlib level of cached briefs (as the store's analyses: fast, ~3x smaller).
COMPRESSION = 1


@dataclass(frozen=True, slots=True)
class StoryStats:
    """What the story list shows of an analyzed story."""

    disputed: int
    claims: int
    conflicts: int
    events: int | None  # None until stories carry events
    first_date: str | None
    last_date: str | None


#: Rendered pages kept per brief in memory (claim filter x "new since" moment).
PAGES_PER_BRIEF = 8


@dataclass
class CachedBrief:
    """A story's brief, with what the pages derive from it (built once, in memory)."""

    story_id: str
    fingerprint: str
    brief: Brief
    stats: StoryStats
    _view: BriefView | None = field(default=None, repr=False)
    _drawings: tuple[dict[str, TimelineLayout | None],
                     dict[str, tuple[EventBand, ...]]] | None = field(default=None, repr=False)
    pages: OrderedDict[tuple[str, ...], str] = field(default_factory=OrderedDict, repr=False)

    @property
    def story(self) -> Story:
        return self.brief.stories[0]

    @property
    def view(self) -> BriefView:
        """The reader's view (numbered citations), built once per entry."""
        if self._view is None:
            self._view = build_view(self.brief, generator_version(self.brief.generator_version))
        return self._view

    @property
    def drawings(self) -> tuple[dict[str, TimelineLayout | None],
                                dict[str, tuple[EventBand, ...]]]:
        """The timeline drawing's layout and event bands, by story id (~0.1 s for a story
        with a long timeline)."""
        if self._drawings is None:
            self._drawings = story_drawings(self.brief, self.view)
        return self._drawings

    def remember(self, key: tuple[str, ...], page: str) -> None:
        self.pages[key] = page
        while len(self.pages) > PAGES_PER_BRIEF:
            try:
                self.pages.popitem(last=False)
            except KeyError:  # another thread emptied it meanwhile
                break


def stats_of(story: Story) -> StoryStats:
    events = getattr(story, "events", None)
    return StoryStats(
        disputed=sum(1 for c in story.claims if c.status == "disputed"),
        claims=len(story.claims),
        conflicts=len(story.conflicts),
        events=None if events is None else len(events),
        first_date=story.first_date,
        last_date=story.last_date,
    )


def default_cache_path(db: Path) -> Path:
    """``$XDG_CACHE_HOME/corroborator/briefs-<store name>-<hash of its path>.sqlite``."""
    import hashlib

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "corroborator"
    digest = hashlib.blake2b(str(db.resolve()).encode(), digest_size=6).hexdigest()
    return base / f"briefs-{db.stem}-{digest}.sqlite"


class BriefCache:
    """Briefs by story id; see the module docstring. Safe to share between threads."""

    def __init__(self, path: Path | None, *, analyze_story: AnalyzeStory | None = None,
                 memory_items: int = MEMORY_ITEMS) -> None:
        self.path = path
        self.analyze_story = analyze_story
        self.memory_items = memory_items
        self._memory: OrderedDict[str, CachedBrief] = OrderedDict()
        self._changes: OrderedDict[tuple[str, str, str], Changes] = OrderedDict()
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._analyzed: tuple[tuple[object, ...], int] = ((), 0)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = _open_side_file(path)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    # -- briefs -----------------------------------------------------------------------

    def get(self, store: Store, story_id: str) -> CachedBrief:
        """The brief of a live story (StoreError when there is none)."""
        print_ = queries.fingerprint(store, story_id)
        with self._lock:
            hit = self._memory.get(story_id)
            if hit is not None and hit.fingerprint == print_:
                self._memory.move_to_end(story_id)
                return hit
        entry = self._load(story_id, print_)
        if entry is None:
            brief = compute_brief(store, story_id, analyze_story=self.analyze_story)
            entry = CachedBrief(story_id, print_, brief, stats_of(brief.stories[0]))
            self._save(entry)
        with self._lock:
            self._memory[story_id] = entry
            self._memory.move_to_end(story_id)
            while len(self._memory) > self.memory_items:
                self._memory.popitem(last=False)
        return entry

    def page(self, entry: CachedBrief, key: tuple[str, ...], build: Callable[[], str], *,
             keep: bool = True) -> str:
        """A rendered page of ``entry``: from memory, else the side file, else ``build()``
        (kept in the side file too when ``keep``)."""
        found = entry.pages.get(key)
        if found is not None:
            return found
        name = "\x1f".join(key)
        if keep and self._conn is not None:
            with self._lock:
                row = self._conn.execute(
                    "SELECT html FROM pages WHERE story_id = ? AND fingerprint = ? AND key = ?",
                    (entry.story_id, entry.fingerprint, name)).fetchone()
            if row is not None:
                found = zlib.decompress(row[0]).decode("utf-8")
        if found is None:
            found = build()
            if keep and self._conn is not None:
                blob = zlib.compress(found.encode("utf-8"), COMPRESSION)
                with self._lock:
                    self._conn.execute(
                        "INSERT OR REPLACE INTO pages (story_id, fingerprint, key, html) "
                        "VALUES (?,?,?,?)", (entry.story_id, entry.fingerprint, name, blob))
        entry.remember(key, found)
        return found

    def changes(self, store: Store, entry: CachedBrief, since: str) -> Changes:
        """What the story gained since ``since`` (kept per story version and moment)."""
        key = (entry.story_id, entry.fingerprint, since)
        with self._lock:
            found = self._changes.get(key)
        if found is not None:
            return found
        if not queries.new_members(store, entry.story_id, since):
            found = Changes(since, (), (), (), ())
        else:
            found = story_changes(store, entry.story_id, entry.story, since,
                                  analyze_story=self.analyze_story)
        with self._lock:
            self._changes[key] = found
            while len(self._changes) > self.memory_items:
                self._changes.popitem(last=False)
        return found

    def stats(self, fingerprints: dict[str, str]) -> dict[str, StoryStats]:
        """Figures of the stories in ``fingerprints`` (id -> current fingerprint) whose
        cached brief is current."""
        out: dict[str, StoryStats] = {}
        with self._lock:
            for sid, entry in self._memory.items():
                if fingerprints.get(sid) == entry.fingerprint:
                    out[sid] = entry.stats
            rows = [] if self._conn is None else self._conn.execute(
                "SELECT story_id, fingerprint, disputed, claims, conflicts, events, "
                "first_date, last_date FROM stats WHERE story_id IN "
                "(SELECT value FROM json_each(?))",
                (json.dumps([s for s in fingerprints if s not in out]),)).fetchall()
        for sid, print_, disputed, claims, conflicts, events, first, last in rows:
            if fingerprints.get(sid) == print_:
                out[sid] = StoryStats(disputed, claims, conflicts, events, first, last)
        return out

    def disputed(self, store: Store) -> list[str]:
        """The stories whose current brief has disputed claims."""
        with self._lock:
            ids = {sid for sid, e in self._memory.items() if e.stats.disputed}
            if self._conn is not None:
                ids.update(r[0] for r in self._conn.execute(
                    "SELECT story_id FROM stats WHERE disputed > 0"))
        return [sid for sid, st in self.stats(queries.fingerprints(store, ids)).items()
                if st.disputed]

    def analyzed(self, store: Store) -> int:
        """How many live stories have a current brief (recounted when the store's stories
        or the side file change)."""
        key = (*store.select("SELECT COUNT(*), MAX(updated_at) FROM stories INDEXED BY "
                             "stories_listing")[0], self._stats_rows())
        if self._analyzed[0] != key:
            self._analyzed = (key, len(self.stats(queries.story_fingerprints(store))))
        return self._analyzed[1]

    def _stats_rows(self) -> int:
        if self._conn is None:
            return len(self._memory)
        with self._lock:
            return int(self._conn.execute("SELECT MAX(rowid) FROM stats").fetchone()[0] or 0) \
                + len(self._memory)

    # -- side file --------------------------------------------------------------------

    def _load(self, story_id: str, print_: str) -> CachedBrief | None:
        if self._conn is None:
            return None
        with self._lock:
            row = self._conn.execute(
                "SELECT data FROM briefs WHERE story_id = ? AND fingerprint = ?",
                (story_id, print_)).fetchone()
        if row is None:
            return None
        try:
            brief = pickle.loads(zlib.decompress(row[0]))
        except Exception:  # a damaged or outdated entry is recomputed, never served
            return None
        if not isinstance(brief, Brief) or not brief.stories:
            return None
        return CachedBrief(story_id, print_, brief, stats_of(brief.stories[0]))

    def _save(self, entry: CachedBrief) -> None:
        if self._conn is None:
            return
        save(self._conn, entry, self._lock)


def _open_side_file(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False,
                               timeout=30)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        version = f"{CACHE_FORMAT}|{__version__}|{templates_digest()}"
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        found = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        if found is None or found[0] != version:
            conn.execute("DROP TABLE IF EXISTS briefs")
            conn.execute("DROP TABLE IF EXISTS stats")
            conn.execute("DROP TABLE IF EXISTS pages")
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)",
                         (version,))
        # The list's figures apart from the pickles, so that reading them all is quick.
        conn.execute(
            "CREATE TABLE IF NOT EXISTS stats (story_id TEXT PRIMARY KEY, fingerprint TEXT "
            "NOT NULL, disputed INTEGER, claims INTEGER, conflicts INTEGER, events INTEGER, "
            "first_date TEXT, last_date TEXT)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS briefs (story_id TEXT PRIMARY KEY, fingerprint TEXT "
            "NOT NULL, data BLOB NOT NULL)")
        # Rendered story pages (zlib): a large story's first view is ~0.5 s of rendering.
        conn.execute(
            "CREATE TABLE IF NOT EXISTS pages (story_id TEXT NOT NULL, fingerprint TEXT NOT "
            "NULL, key TEXT NOT NULL, html BLOB NOT NULL, PRIMARY KEY (story_id, key))")
        return conn
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the brief cache: {exc}") from exc


def templates_digest() -> str:
    """A hash of the page templates, so that kept pages go when a template changes."""
    import hashlib
    from importlib import resources

    digest = hashlib.blake2b(digest_size=8)
    for pkg, folder in (("corroborator.render", "templates"), ("corroborator.web", "templates")):
        for item in sorted(resources.files(pkg).joinpath(folder).iterdir(),
                           key=lambda p: p.name):
            if item.is_file():
                digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()


def save(conn: sqlite3.Connection, entry: CachedBrief, lock: threading.Lock) -> None:
    blob = zlib.compress(pickle.dumps(entry.brief, protocol=pickle.HIGHEST_PROTOCOL),
                         COMPRESSION)
    s = entry.stats
    with lock:
        conn.execute("BEGIN")
        conn.execute(
            "INSERT OR REPLACE INTO stats (story_id, fingerprint, disputed, claims, "
            "conflicts, events, first_date, last_date) VALUES (?,?,?,?,?,?,?,?)",
            (entry.story_id, entry.fingerprint, s.disputed, s.claims, s.conflicts, s.events,
             s.first_date, s.last_date))
        conn.execute("INSERT OR REPLACE INTO briefs (story_id, fingerprint, data) "
                     "VALUES (?,?,?)", (entry.story_id, entry.fingerprint, blob))
        conn.execute("COMMIT")


def warm(db: Path, cache_path: Path, *, niceness: int = 10,
         page: tuple[tuple[str, ...], Callable[[CachedBrief], str]] | None = None,
         progress: Callable[[int, int], None] | None = None,
         stop: threading.Event | None = None) -> int:
    """Compute and cache the brief of every story not cached at its current version,
    newest activity first, and with ``page`` (key, render) its page of that key; returns
    how many were computed. Rereads the store's stories
    when done, so that an ingest meanwhile is caught up."""
    if niceness:
        os.nice(niceness)
    done = 0
    with Store(db, readonly=True) as store:
        cache = BriefCache(cache_path, memory_items=1)
        try:
            while stop is None or not stop.is_set():
                prints = queries.story_fingerprints(store)
                have = cache.stats(prints)
                todo = _newest_first(store, [s for s in prints if s not in have])
                if not todo:
                    return done
                for i, sid in enumerate(todo):
                    if stop is not None and stop.is_set():
                        return done
                    try:
                        entry = cache.get(store, sid)
                    except StoreError:  # merged away meanwhile
                        continue
                    if page is not None:
                        cache.page(entry, page[0], partial(page[1], entry))
                    done += 1
                    if progress is not None:
                        progress(i + 1, len(todo))
        finally:
            cache.close()
    return done


def _newest_first(store: Store, story_ids: Sequence[str]) -> list[str]:
    wanted = set(story_ids)
    rows = store.select("SELECT id FROM stories ORDER BY updated_at DESC, num DESC")
    return [str(r[0]) for r in rows if str(r[0]) in wanted]


