"""``corroborator check`` verifies a store and names every fault it finds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from corroborator.app import ingest as app_ingest
from corroborator.app.check import check_store
from corroborator.cli.main import cli
from corroborator.store.database import Store
from tests.cli.test_store import FakeStages, fake, first_batch  # noqa: F401


@pytest.fixture
def store_file(fake: FakeStages, tmp_path: Path) -> Path:  # noqa: F811
    db = tmp_path / "news.db"
    with Store(db) as s:
        app_ingest.ingest(s, [first_batch(tmp_path)])
    return db


def _break(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_sound_store_passes_with_one_summary_line(store_file: Path) -> None:
    res = CliRunner().invoke(cli, ["check", "--db", str(store_file)])
    assert res.exit_code == 0, res.output
    assert res.output == "3 articles, 2 stories: ok\n"


@pytest.mark.parametrize(("sql", "fault"), [
    ("UPDATE stories SET size = size + 1 WHERE num = 0", "records size 3 but has 2 members"),
    ("DELETE FROM memberships WHERE article_id = 'b1'", "article 'b1' is in no story"),
    ("UPDATE memberships SET story_id = 'gone' WHERE article_id = 'b1'",
     "article 'b1' is in story 'gone', which does not exist"),
    ("UPDATE meta SET value = '7' WHERE key = 'n_docs'",
     "the story index counts 7 documents for 3 placed articles"),
    ("DELETE FROM article_vectors WHERE article_id = 'a2'",
     "placed article 'a2' has no entry in the story index"),
    ("DELETE FROM analyses WHERE article_id = 'a1'", "article 'a1' has no cached analysis"),
    ("UPDATE articles SET text = 'edited' WHERE id = 'a1'",
     "article 'a1': its text does not match its content hash"),
    ("INSERT INTO story_aliases VALUES ('s-old', 's-missing', '2026-01-01')",
     "former story 's-old' resolves to 's-missing', which does not exist"),
    ("PRAGMA user_version = 3", "schema: version 3"),
])
def test_each_fault_is_named_and_exits_1(store_file: Path, sql: str, fault: str) -> None:
    _break(store_file, sql)
    report = check_store(store_file)
    assert not report.ok
    assert any(fault in f for f in report.faults), report.faults
    res = CliRunner().invoke(cli, ["check", "--db", str(store_file)])
    assert res.exit_code == 1
    assert fault in res.output and ": ok" not in res.output


def test_a_damaged_file_fails_the_check(store_file: Path) -> None:
    data = bytearray(store_file.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xa5" * 4096  # the second page
    store_file.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(store_file) + suffix).unlink(missing_ok=True)
    res = CliRunner().invoke(cli, ["check", "--db", str(store_file)])
    assert res.exit_code == 1
    assert "ok" not in res.output.splitlines()[-1]


def test_check_refuses_a_missing_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["check", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no such store" in res.output
    assert not (tmp_path / "none.db").exists()
