"""The web app's store reads: FTS5 search text, the search index of migration 7 (built
for an existing store, kept in step by ingest), filters, and read-only opening."""

from __future__ import annotations

from pathlib import Path

import pytest

from corroborator.app.ingest import Ingester
from corroborator.errors import StoreError
from corroborator.store.database import Store
from corroborator.store.migrations import MIGRATIONS
from corroborator.web import queries
from corroborator.web.queries import ListFilters, QueryError, fts_query
from tests.corpus.test_stories import QUAKE_A, QUAKE_B, fake_analysis

QA = ("An earthquake struck Velmora in the Orsk Valley. Dana Pilch, the governor, said "
      "shelters opened overnight.")
QB = ("An earthquake struck Tarnival on the Kessin Coast. Ivo Ramsk, the mayor, said "
      "the harbour wall held.")


def _fill(store: Store) -> None:
    Ingester(store).add([
        fake_analysis("a1", QA, published="2026-02-01", title="Quake hits Velmora",
                      source="Orsk Tribune", names=QUAKE_A),
        fake_analysis("b1", QB, published="2026-03-05", title="Quake on the Kessin Coast",
                      source="Coast Herald", names=QUAKE_B),
    ])


def _ids(store: Store, **filters: object) -> set[str]:
    page = queries.list_stories(store, ListFilters(**filters))  # type: ignore[arg-type]
    return {item.id for item in page.items}


def _story_of(store: Store, article_id: str) -> str:
    found = queries.article_story(store, article_id)
    assert found is not None
    return found


def test_search_text_becomes_quoted_terms() -> None:
    assert fts_query('dam OR "crack" NEAR(x*') == '"dam" "OR" "crack" "NEAR" "x"'
    assert fts_query("  ...  ") == ""
    assert fts_query(" ".join(f"w{i}" for i in range(40))).count('"') == 2 * \
        queries.MAX_QUERY_TERMS
    with pytest.raises(QueryError):
        fts_query("x" * (queries.MAX_QUERY_CHARS + 1))


def test_ingest_keeps_the_search_index_in_step() -> None:
    with Store() as store:
        _fill(store)
        a, b = _story_of(store, "a1"), _story_of(store, "b1")
        assert _ids(store, q="Velmora") == {a}  # title and text
        assert _ids(store, q="harbour wall") == {b}  # text only
        assert _ids(store, q="dana pilch") == {a}  # a name, any case
        assert _ids(store, q="Velmora Tarnival") == set()  # every word must match
        assert _ids(store, entity="Ivo Ramsk") == {b}
        assert _ids(store, outlet="Orsk Tribune") == {a}
        assert _ids(store, date_from="2026-03-01") == {b}
        assert _ids(store, date_to="2026-02-28") == {a}
        assert _ids(store) == {a, b}
        found = queries.entity_stories(store, queries.entity_slug("Dana Pilch"))
        assert found is not None and [s.id for s, _ in found.stories] == [a]
        assert queries.entity_stories(store, "nobody") is None


def test_migration_indexes_an_existing_store(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:
        _fill(store)
        # as the store stood before the search index existed
        store.conn.execute("DROP TABLE article_search")
        store.conn.execute("DROP TABLE article_names")
        store.conn.execute("PRAGMA user_version = 4")
    with pytest.raises(StoreError, match="open it once for writing"):
        Store(db, readonly=True)
    with Store(db) as store:
        assert store.schema_version == max(MIGRATIONS)
    with Store(db, readonly=True) as store:
        assert _ids(store, q="Kessin") == {_story_of(store, "b1")}
        assert _ids(store, entity="Velmora") == {_story_of(store, "a1")}


def test_readonly_store_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        _fill(store)
    with Store(db, readonly=True) as store:
        assert store.count_articles() == 2
        with pytest.raises(StoreError):
            store.record_view("x")
        with pytest.raises(StoreError, match="SELECT"):
            store.select("DELETE FROM views")
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", readonly=True)
