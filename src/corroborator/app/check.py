"""Verifying a store, as ``git fsck`` verifies a repository.

:func:`check_store` opens a store without migrating it and reports every fault it finds:

- SQLite's own ``integrity_check`` and ``foreign_key_check``;
- the schema version against the migrations this program knows;
- every article in exactly one live story, and every story with members;
- each story's recorded size against its members;
- the clusterer's document count and per-article vectors against the placed articles;
- former story ids that resolve to a story that no longer exists;
- every article with its cached analysis and a content hash that matches its text.

It only reads; a store that passes serves ``stories`` and ``show`` for every story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corroborator.inputs.records import content_hash
from corroborator.store.database import Store
from corroborator.store.migrations import MIGRATIONS

#: Faults of one kind listed by name before the rest are counted ("and 12 more").
MAX_FAULTS_LISTED = 20


@dataclass(frozen=True)
class CheckReport:
    """What :func:`check_store` found: counts and one line per fault."""

    articles: int
    stories: int
    faults: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.faults

    def summary(self) -> str:
        """``158 articles, 97 stories: ok`` or ``...: 2 faults``."""
        state = "ok" if self.ok else (
            f"{len(self.faults)} fault" + ("" if len(self.faults) == 1 else "s"))
        return f"{self.articles} articles, {self.stories} stories: {state}"


def check_store(path: str | Path) -> CheckReport:
    """Every fault of the store at ``path`` (StoreError when it cannot be opened)."""
    with Store(path, create=False, migrate=False) as store:
        return check(store)


def check(store: Store) -> CheckReport:
    """Every fault of an open store."""
    faults: list[str] = []
    q = store.read
    integrity = [str(r[0]) for r in q("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        faults += [f"integrity: {line}" for line in integrity]
        # the tables cannot be trusted; counting them may fail
        return CheckReport(0, 0, tuple(faults))
    for table, rowid, parent, _ in q("PRAGMA foreign_key_check"):
        faults.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
    version, known = store.schema_version, max(MIGRATIONS)
    if version < known:
        faults.append(f"schema: version {version}, this program's is {known} "
                      "(`corroborator ingest` migrates it)")
        return CheckReport(0, 0, tuple(faults))
    if version > known:
        faults.append(f"schema: version {version} is newer than this program's ({known})")
        return CheckReport(0, 0, tuple(faults))

    articles = int(q("SELECT COUNT(*) FROM articles")[0][0])
    stories = int(q("SELECT COUNT(*) FROM stories")[0][0])

    def listed(kind: str, rows: Sequence[tuple[object, ...]], say: str) -> None:
        for row in rows[:MAX_FAULTS_LISTED]:
            faults.append(f"{kind}: " + say.format(*row))
        if len(rows) > MAX_FAULTS_LISTED:
            faults.append(f"{kind}: and {len(rows) - MAX_FAULTS_LISTED} more")

    listed("membership", q(
        "SELECT a.id FROM articles a LEFT JOIN memberships m ON m.article_id = a.id "
        "WHERE m.article_id IS NULL ORDER BY a.seq"),
        "article {0!r} is in no story")
    listed("membership", q(
        "SELECT m.article_id, m.story_id FROM memberships m LEFT JOIN stories s "
        "ON s.id = m.story_id WHERE s.id IS NULL ORDER BY m.article_id"),
        "article {0!r} is in story {1!r}, which does not exist")
    listed("membership", q(
        "SELECT m.article_id FROM memberships m LEFT JOIN articles a ON a.id = m.article_id "
        "WHERE a.id IS NULL ORDER BY m.article_id"),
        "membership of {0!r}, an article that does not exist")
    listed("story size", q(
        "SELECT s.id, s.size, COUNT(m.article_id) AS n FROM stories s LEFT JOIN memberships m "
        "ON m.story_id = s.id GROUP BY s.id HAVING n != s.size ORDER BY s.num"),
        "story {0!r} records size {1} but has {2} members")
    listed("alias", q(
        "SELECT a.old_id, a.new_id FROM story_aliases a LEFT JOIN stories s "
        "ON s.id = a.new_id WHERE s.id IS NULL ORDER BY a.old_id"),
        "former story {0!r} resolves to {1!r}, which does not exist")
    listed("alias", q(
        "SELECT a.old_id FROM story_aliases a JOIN stories s ON s.id = a.old_id "
        "ORDER BY a.old_id"),
        "story {0!r} is live and also recorded as merged away")
    placed = int(q("SELECT COUNT(*) FROM memberships")[0][0])
    meta = q("SELECT value FROM meta WHERE key = 'n_docs'")
    n_docs = int(str(meta[0][0])) if meta else 0
    if n_docs != placed:
        faults.append(f"index: the story index counts {n_docs} documents for "
                      f"{placed} placed articles")
    vectors = int(q("SELECT COUNT(*) FROM article_vectors")[0][0])
    if vectors != placed:
        faults.append(f"index: {vectors} article vectors for {placed} placed articles")
    listed("index", q(
        "SELECT m.article_id FROM memberships m LEFT JOIN article_vectors v "
        "ON v.article_id = m.article_id WHERE v.article_id IS NULL ORDER BY m.article_id"),
        "placed article {0!r} has no entry in the story index")
    listed("analysis", q(
        "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id "
        "WHERE n.article_id IS NULL ORDER BY a.seq"),
        "article {0!r} has no cached analysis")
    bad_hash = [(aid,) for aid, text, digest in q("SELECT id, text, content_hash FROM articles")
                if digest != content_hash(str(text))]
    listed("content", bad_hash, "article {0!r}: its text does not match its content hash")
    return CheckReport(articles, stories, tuple(faults))
