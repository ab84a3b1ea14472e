"""The SQLite store: migrations, articles, the persisted story index, views."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborator.corpus import dedup, features, story_index
from corroborator.errors import StoreError, UnknownStoryError
from corroborator.inputs.records import content_hash
from corroborator.model import Article, ArticleAnalysis
from corroborator.store import database as store
from corroborator.store import migrations
from corroborator.story import events
from tests.corpus.test_stories import feats_of, quake_a, quake_b


class Clock:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> str:
        self.n += 1
        return f"2026-01-01T00:00:{self.n:02d}"


@pytest.fixture
def db() -> Iterator[store.Store]:
    with store.Store(":memory:", clock=Clock()) as s:
        yield s


def place(db: store.Store, index: story_index.StoryIndex, analyses: list[ArticleAnalysis]
          ) -> list[story_index.Placement]:
    out = []
    with db.transaction():
        for a, f in zip(analyses, feats_of(analyses), strict=True):
            p = index.add(f)
            db.add_article(a, dedup.signature(a.article.text))
            db.save_placement(index, f, p)
            out.append(p)
    return out


def test_migrations_set_the_schema_version(db: store.Store) -> None:
    assert db.schema_version == max(migrations.MIGRATIONS)
    tables = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "analyses", "stories", "memberships", "story_aliases", "views"} <= tables


def test_migrations_upgrade_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    migrations.MIGRATIONS[1][1](conn)  # a store written by version 1 of the schema
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with store.Store(path) as s:
        assert s.schema_version == max(migrations.MIGRATIONS)
        cols = {r[1] for r in s.conn.execute("PRAGMA table_info(stories)")}
        assert "people" in cols


def test_migrations_register_once() -> None:
    with pytest.raises(ValueError, match="twice"):
        migrations.migration(1)(lambda conn: None)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store.Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        store.Store(path)


def test_file_store_uses_wal(tmp_path: Path) -> None:
    with store.Store(tmp_path / "s.db") as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        store.Store(tmp_path / "missing-dir" / "s.db")


def test_article_round_trip_keeps_untrusted_text_verbatim(db: store.Store) -> None:
    text = "Robert'); DROP TABLE articles;-- said \"hi\"\n\x00 and “quotes”"
    a = quake_a(0, "2024-05-01")
    from dataclasses import replace

    art = Article(id="evil'id", text=text, source="o", title="t", url="u", path="p",
                  published="2024-05-01", published_inferred=True, duplicate_of="x")
    analysis = replace(a, parsed=replace(a.parsed, article=art))
    with db.transaction():
        db.add_article(analysis)
    assert db.article("evil'id") == art
    assert db.has_article("evil'id") and db.count_articles() == 1
    assert db.analyses(["evil'id"])[0] == analysis
    assert db.known_ids(["evil'id", "nope"]) == {"evil'id"}


def test_failed_write_rolls_back_and_is_wrapped(db: store.Store) -> None:
    a = quake_a(0, "2024-05-01")
    with pytest.raises(StoreError, match="write failed"), db.transaction():
        db.add_article(a)
        db.add_article(a)  # same id twice
    assert db.count_articles() == 0


def test_missing_things_raise_store_errors(db: store.Store) -> None:
    with pytest.raises(UnknownStoryError):
        db.resolve_story("s-nope")
    with pytest.raises(StoreError):
        db.article("nope")
    with pytest.raises(StoreError):
        db.analyses(["nope"])


def test_index_state_survives_a_reload(db: store.Store) -> None:
    index = story_index.StoryIndex()
    arts = [quake_a(i, "2024-05-01") for i in range(3)] + [quake_b(i, "2024-11-01")
                                                           for i in range(2)]
    placed = place(db, index, arts)
    loaded = db.load_index()
    assert loaded.groups() == index.groups()
    assert loaded.n_docs == index.n_docs == 5
    assert loaded.df == index.df and loaded.vocab == index.vocab
    for sid, st in index.stories.items():
        got = loaded.stories[sid]
        assert (got.size, got.first_day, got.last_day) == (st.size, st.first_day, st.last_day)
        assert got.features.as_dict() == pytest.approx(st.features.as_dict())
        assert got.people == st.people
    # the reloaded index places the next article as the live one would
    nxt = feats_of([quake_b(7, "2024-11-02")])[0]
    assert loaded.add(nxt).story_id == index.add(nxt).story_id == placed[3].story_id


def test_story_listing_members_and_views(db: store.Store) -> None:
    index = story_index.StoryIndex()
    placed = place(db, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-03"),
                               quake_b(0, "2024-11-01")])
    rows = db.list_stories()
    assert [r.id for r in rows] == [placed[2].story_id, placed[0].story_id]  # newest first
    a = rows[1]
    assert (a.size, a.first_date, a.last_date) == (2, "2024-05-01", "2024-05-03")
    assert a.sources == ("outlet0", "outlet1")
    assert a.titles == ("Earthquake kills dozens in Velmora",) * 2
    assert all(r.undated == 0 for r in rows)
    assert db.members(placed[0].story_id) == ["qa0", "qa1"]
    assert db.last_view(placed[0].story_id) is None
    at = db.record_view(placed[0].story_id)
    assert db.last_view(placed[0].story_id) == at
    assert db.added_at(["qa0"]) == {"qa0": "2026-01-01T00:00:01"}


def test_merges_are_recorded_and_old_ids_resolve(db: store.Store,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.corpus.test_stories import fake_analysis

    names = {"Corrin": "GPE", "Lessa River": "LOC"}
    side_a = ("The Lessa River burst its banks at Corrin. Levee crews stacked sandbags at "
              "dawn. Sandbags held the levee near the mill.")
    side_b = ("The city hospital evacuated patients as water rose. Ambulances moved patients "
              "to clinics uphill. Doctors praised volunteers.")
    index = story_index.StoryIndex()
    place(db, index, [fake_analysis("fa", side_a, published="2024-04-01", names=names),
                      fake_analysis("fb", side_b, published="2024-04-01", names=names)])
    monkeypatch.setattr(story_index, "MERGE_THRESHOLD", 0.05)
    bridge = fake_analysis("br", side_a + " " + side_b, published="2024-04-02", names=names)
    (p,) = place(db, index, [bridge])
    assert p.merged
    old = p.merged[0]
    assert db.resolve_story(old) == p.story_id
    assert db.merged_into(p.story_id) == (old,)
    assert sorted(db.members(old)) == ["br", "fa", "fb"]
    assert db.load_index().resolve(old) == p.story_id


def save(db: store.Store, index: story_index.StoryIndex, a: ArticleAnalysis,
         f: features.ArticleFeatures, p: story_index.Placement) -> story_index.Placement:
    with db.transaction():
        db.add_article(a, dedup.signature(a.article.text))
        db.save_placement(index, f, p)
    return p


def assert_same_index(loaded: story_index.StoryIndex, index: story_index.StoryIndex) -> None:
    assert loaded.groups() == index.groups()
    assert loaded.placed == index.placed
    assert {k: loaded.resolve(k) for k in index.aliases} == {
        k: index.resolve(k) for k in index.aliases}
    for sid, st in index.stories.items():
        got = loaded.stories[sid]
        assert (got.size, got.first_day, got.last_day) == (st.size, st.first_day, st.last_day)
        assert got.features.as_dict() == pytest.approx(st.features.as_dict())
        assert got.people == st.people
    assert loaded.days == index.days
    assert list(loaded.vectors) == list(index.vectors)
    for aid, v in index.vectors.items():
        got_v = loaded.vectors[aid]
        assert got_v.fids.tolist() == v.fids.tolist() and got_v.lead == v.lead
        assert got_v.weights.tolist() == v.weights.tolist()


def test_moves_are_persisted_and_reingesting_changes_nothing(
        db: store.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.corpus.test_stories import MISPLACED, misplaced_setup

    arts = MISPLACED
    _, placed = misplaced_setup(monkeypatch)
    # the same placements again, this time saved to the store
    live = story_index.StoryIndex()
    for a, f, p in zip(arts, feats_of(arts), placed, strict=True):
        into = placed[0].story_id if f.article_id == "qb0" else None
        with monkeypatch.context() as m:
            if f.article_id == "qb1":
                m.setattr(story_index, "COHESION_SHARE", 1.01)
            if f.article_id == "qb2":
                m.setattr(story_index, "MERGE_THRESHOLD", 1.01)
            got = live.add(f, into=into)
        assert got == p
        save(db, live, a, f, got)
    story_a, story_b = placed[0].story_id, placed[3].story_id
    assert placed[4].moved == (("qb0", story_a, story_b),)
    assert db.members(story_a) == ["qa0", "qa1"]
    assert db.members(story_b) == ["qb0", "qb1", "qb2"]
    assert [(r.id, r.size) for r in db.list_stories()] == [(story_b, 3), (story_a, 2)]
    assert_same_index(db.load_index(), live)
    # the same articles again: nothing is placed, moved or written
    before = [list(db.conn.execute(f"SELECT * FROM {t} ORDER BY 1"))
              for t in ("stories", "memberships", "story_aliases", "article_vectors")]
    again = db.load_index()
    for f in feats_of(arts):
        p = again.add(f)
        assert not p.moved and p.story_id == live.story_of(f.article_id)
    after = [list(db.conn.execute(f"SELECT * FROM {t} ORDER BY 1"))
             for t in ("stories", "memberships", "story_aliases", "article_vectors")]
    assert after == before


def test_a_story_emptied_by_moves_is_an_alias(db: store.Store,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    index = story_index.StoryIndex()
    arts = [quake_b(i, "2024-05-01") for i in range(3)]
    f0, f1, f2 = feats_of(arts)
    first = save(db, index, arts[0], f0, index.add(f0))
    with monkeypatch.context() as m:
        m.setattr(story_index, "JOIN_THRESHOLD", 1.01)  # qb1 starts a story of its own
        second = save(db, index, arts[1], f1, index.add(f1))
    assert second.moved == (("qb0", first.story_id, second.story_id),)
    assert db.resolve_story(first.story_id) == second.story_id
    assert db.members(first.story_id) == ["qb0", "qb1"]
    assert [r.id for r in db.list_stories()] == [second.story_id]
    loaded = db.load_index()
    assert_same_index(loaded, index)
    assert loaded.add(f2).story_id == index.add(f2).story_id == second.story_id


def test_vectors_leave_the_store_with_the_move_window(
        db: store.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_index, "MOVE_WINDOW", 2)
    index = story_index.StoryIndex()
    place(db, index, [quake_a(i, "2024-05-01") for i in range(3)])
    kept = db.conn.execute(
        "SELECT article_id FROM article_vectors WHERE fids IS NOT NULL ORDER BY seq")
    assert [r[0] for r in kept] == ["qa1", "qa2"]
    assert_same_index(db.load_index(), index)


def test_duplicate_index_is_rebuilt_from_signatures(db: store.Store) -> None:
    index = story_index.StoryIndex()
    place(db, index, [quake_a(0, "2024-05-01")])
    dups = db.load_duplicate_index()
    assert "qa0" in dups
    assert dups.check("new", dedup.signature(quake_a(0, "2024-05-01").article.text)) == "qa0"


def test_version_2_store_gets_content_hashes(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    conn = sqlite3.connect(path)
    for version in (1, 2):
        migrations.MIGRATIONS[version][1](conn)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO articles (id, text, path, added_at) VALUES (?, ?, ?, ?)",
                 ("o'ld", "Old  text,\nwrapped.", "old.txt", "2026-01-01"))
    conn.commit()
    conn.close()
    with store.Store(path) as s:
        assert s.schema_version >= 3
        (got,) = s.stored(["o'ld", "nope"]).values()
        assert got == store.StoredArticle("o'ld", content_hash("Old text, wrapped."), "old.txt")


def drop_event_tables(s: store.Store) -> None:
    """Undo migration 5 (events), to stand for a store written before it."""
    for table in ("event_articles", "events", "event_aliases", "event_moves"):
        s.conn.execute(f"DROP TABLE {table}")


def test_version_3_store_gets_the_days_of_placed_articles(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with store.Store(path) as s:
        index = story_index.StoryIndex()
        place(s, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-03")])
        s.conn.execute("DROP TABLE article_vectors")
        drop_event_tables(s)
        s.conn.execute("PRAGMA user_version = 3")
    with store.Store(path) as s:
        loaded = s.load_index()
        assert loaded.days == index.days and not loaded.vectors
        assert loaded.groups() == index.groups()


def test_stored_articles_carry_their_content_hash(db: store.Store) -> None:
    a = quake_a(0, "2024-05-01")
    with db.transaction():
        db.add_article(a)
    assert db.stored(["qa0"])["qa0"].content_hash == content_hash(a.article.text)


def test_create_false_refuses_a_missing_store(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=f"no such store: {missing}"):
        store.Store(missing, create=False)
    assert not missing.exists()
    store.Store(missing).close()  # created by default (ingest)
    with store.Store(missing, create=False) as s:
        assert s.count_articles() == 0


def test_story_list_sources_and_undated_members(db: store.Store) -> None:
    from dataclasses import replace

    a0, a1 = quake_a(0, "2024-05-01"), quake_a(1, "2024-05-01")
    a0 = replace(a0, parsed=replace(a0.parsed, article=replace(a0.article, source="A, B")))
    a1 = replace(a1, parsed=replace(a1.parsed, article=replace(a1.article, published=None)))
    placed = place(db, story_index.StoryIndex(), [a0, a1])
    (row,) = db.list_stories()
    assert row.sources == ("A, B", "outlet1")
    assert row.undated == 1 and (row.first_date, row.last_date) == ("2024-05-01",) * 2
    assert db.publication_dates(placed[0].story_id) == (["2024-05-01"], ["qa1"])


# --------------------------------------------------------------------------- events


def place_events(db: store.Store, index: story_index.StoryIndex, analyses: list[ArticleAnalysis]
                 ) -> list[dict[str, events.Reconciled]]:
    """Place articles as ingest does: story, then the events of the stories touched."""
    out = []
    for a in analyses:
        (p,) = place(db, index, [a])
        with db.transaction():
            out.append(db.update_events((p.story_id, *p.touched()),
                                        {a.article.id: events.event_features(a)}))
    return out


def test_events_are_stored_per_story_and_counted(db: store.Store) -> None:
    index = story_index.StoryIndex()
    got = place_events(db, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-02"),
                                   quake_a(2, "2024-07-20")])
    (sid,) = index.groups()
    evs = db.story_events(sid)
    assert [ids for _, ids in evs] == [("qa0", "qa1"), ("qa2",)]
    assert db.event_counts() == {sid: 2}
    assert db.event_of("qa1") == evs[0][0] == events.event_id_for("qa0")
    assert got[2][sid].created == (evs[1][0],)
    assert db.resolve_event(evs[1][0]) == evs[1][0]
    with pytest.raises(UnknownStoryError, match="no event 'e-nope'"):
        db.resolve_event("e-nope")


def test_an_article_bridging_two_events_merges_them_and_the_old_id_resolves(
        db: store.Store) -> None:
    index = story_index.StoryIndex()
    place_events(db, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-09")])
    (sid,) = index.groups()
    first, second = (eid for eid, _ in db.story_events(sid))
    (got,) = place_events(db, index, [quake_a(2, "2024-05-05")])
    assert got[sid].merged == ((second, first),)
    assert db.story_events(sid) == [(first, ("qa0", "qa2", "qa1"))]
    assert db.resolve_event(second) == first and db.event_counts() == {sid: 1}


def test_event_moves_are_recorded(db: store.Store) -> None:
    index = story_index.StoryIndex()
    place_events(db, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-02")])
    (sid,) = index.groups()
    feats = {f.article_id: f for f in db._event_rows(["qa0", "qa1"])[0].values()}
    late = events.EventFeatures("qa1", feats["qa1"].day, feats["qa1"].published + 60)
    with db.transaction():  # qa1's features change (as a re-inferred date would)
        db.conn.execute("UPDATE event_articles SET day = ?, published = ? WHERE "
                        "article_id = 'qa1'", (late.day + 60, late.published))
        result = db.update_events([sid], {})
    (move,) = result[sid].moved
    assert move[:2] == ("qa1", events.event_id_for("qa0"))
    assert [m[:3] for m in db.event_moves()] == [move]


def test_version_4_store_gets_events_for_placed_articles(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with store.Store(path) as s:
        index = story_index.StoryIndex()
        place(s, index, [quake_a(0, "2024-05-01"), quake_a(1, "2024-05-02"),
                         quake_b(0, "2024-09-01")])
        drop_event_tables(s)
        s.conn.execute("PRAGMA user_version = 4")
    with store.Store(path) as s:
        assert s.schema_version == max(migrations.MIGRATIONS)
        counts = s.event_counts()
        assert sorted(counts.values()) == [1, 1]
        assert sorted(ids for sid in counts for _, ids in s.story_events(sid)) == [
            ("qa0", "qa1"), ("qb0",)]


# --------------------------------------------------------------------------- concurrency


def test_a_write_waits_for_another_process_and_says_so(tmp_path: Path) -> None:
    import threading
    import time

    path = tmp_path / "s.db"
    store.Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another ingest holds the write lock
    told: list[str] = []
    done = threading.Event()

    def write() -> None:
        with store.Store(path, on_wait=told.append) as s, s.transaction():
            s.conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        done.set()

    worker = threading.Thread(target=write)
    worker.start()
    time.sleep(store.LOCK_NOTICE_SECONDS * 2.5)
    assert not done.is_set()
    assert told == [f"{path}: waiting for another ingest to finish writing"]
    other.execute("COMMIT")
    worker.join(10)
    assert done.is_set() and len(told) == 1
    other.close()


def test_a_path_is_never_read_as_an_sqlite_uri(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("file:x.db", "file:y?mode=memory", "odd #?name.db"):
        with store.Store(name) as s:
            s.conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'v')")
        assert (tmp_path / name).is_file(), name
        with store.Store(name, create=False) as s:
            assert s.read("SELECT value FROM meta WHERE key = 'k'") == [("v",)]


def test_the_ingester_reloads_the_index_another_process_changed(tmp_path: Path) -> None:
    from corroborator.app.ingest import Ingester

    path = tmp_path / "s.db"
    qa, qb = quake_a(1, "2024-05-01"), quake_b(1, "2024-11-03")
    with store.Store(path) as mine, store.Store(path) as theirs:
        ingester = Ingester(mine)
        ingester.add([qa])
        assert ingester.index.n_docs == 1
        Ingester(theirs).add([qb])  # another process placed an article meanwhile
        again = Ingester(theirs)
        again.add([qa])  # already stored: not placed twice
        assert [a.id for a, _ in again.raced] == [qa.article.id]
        ingester.add([])
        assert ingester.index.n_docs == 2
        assert mine.count_articles() == 2


def test_processes_creating_one_store_at_once_all_succeed(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "new.db"
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def open_it() -> None:
        try:
            start.wait()
            with store.Store(path) as s:
                assert s.schema_version == max(migrations.MIGRATIONS)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
