"""Dask ingest: workers read their own share of the inputs, and a Dask ingest stores the
same stories as a local one (a real scheduler and workers on 127.0.0.1)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corroborator.inputs.readers import read_inputs
from corroborator.run import distributed as dist
from corroborator.store.database import Store, StoredArticle
from tests.conftest import DEMO


def _records() -> list[dict[str, str]]:
    """Invented articles: the demo wire's records, and variants under new ids."""
    base = [json.loads(line) for line in (DEMO / "wire.jsonl").read_text().splitlines()
            if line.strip()]
    out = list(base)
    for r in base:
        out.append({**r, "id": r["id"] + "-b", "text": r["text"] + "\n\nMore to follow."})
    return out


def _jsonl(tmp_path: Path) -> Path:
    """A JSONL file with a blank line, a broken line, a repeat and an id clash."""
    recs = _records()
    lines = [json.dumps(r) for r in recs]
    lines.insert(2, "")
    lines.insert(4, '{"id": "broken", "text": ')
    lines.append(json.dumps(recs[0]))  # the same article again: a repeat
    lines.append(json.dumps({**recs[1], "text": "Another text under a known id."}))
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_is_cut_into_byte_ranges_that_read_as_the_whole_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _jsonl(tmp_path)
    monkeypatch.setattr(dist, "PARTITION_BYTES", 800)
    plan = dist.plan_inputs([path])
    assert len(plan.parts) >= 4
    assert all(isinstance(p, dist.JsonlRange) for p in plan.parts)
    ranges = [p for p in plan.parts if isinstance(p, dist.JsonlRange)]
    assert ranges[0].start == 0 and ranges[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    shards = [dist.read_part(p) for p in plan.parts]
    got = [a for s in shards for a in s.articles]
    want, want_errors = read_inputs([path])
    # within a range the reader settles repeats itself; across ranges the client does
    wanted, errors, already = dist._settle([dist.heads(s) for s in shards], lambda ids: {})
    kept = [got_a for s, w in zip(shards, wanted, strict=True) for got_a in
            (s.articles[i] for i in w)]
    assert [(a.id, a.path, a.text) for a in kept] == [(a.id, a.path, a.text) for a in want]
    assert sorted(errors, key=str) == sorted(want_errors, key=str)
    assert already == 0
    assert any(e.path == f"{path}:5" and "broken JSON" in e.error for e in errors)
    assert len(got) > len(kept)


@pytest.mark.parametrize("how", ["cp1252", "line separator", "utf-8 bom", "too large"])
def test_jsonl_the_reader_must_take_whole_is_not_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Another encoding, a line break ``splitlines`` knows, a byte-order mark or a file
    over the limit: the reader takes the file whole, as a local ingest does."""
    recs = [{"id": f"v{k}", "source": "Vell Post", "text": f"Café item {k} on the harbour."
             + (" Second\u2028line." if how == "line separator" else "")} for k in range(20)]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n"
    path = tmp_path / "wire.jsonl"
    if how == "cp1252":
        path.write_bytes(text.encode("cp1252"))
    elif how == "utf-8 bom":
        path.write_bytes(text.encode("utf-8-sig"))
    else:
        path.write_text(text, encoding="utf-8")
    if how == "too large":
        monkeypatch.setattr(dist, "MAX_FILE_BYTES", 100)
    monkeypatch.setattr(dist, "PARTITION_BYTES", 200)
    assert dist._jsonl_ranges(path) is None
    # the same file in plain UTF-8 lines is cut
    plain = tmp_path / "plain.jsonl"
    plain.write_text("\n".join(json.dumps(r) for r in recs) + "\n", encoding="utf-8")
    monkeypatch.setattr(dist, "MAX_FILE_BYTES", 1 << 20)
    assert len(dist._jsonl_ranges(plain) or []) > 1


def test_files_are_batched_in_input_order(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dist, "PARTITION_MAX_FILES", 2)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Harbor news item {name}.\n", encoding="utf-8")
    plan = dist.plan_inputs([tmp_path, tmp_path / "missing.txt"])
    assert plan.parts == (dist.FileBatch((str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))),
                          dist.FileBatch((str(tmp_path / "c.txt"),)))
    assert [e.path for e in plan.errors] == [str(tmp_path / "missing.txt")]


def test_a_file_a_worker_cannot_read_is_an_error_entry_naming_it(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    shard = dist.read_part(dist.FileBatch((str(empty), str(tmp_path / "gone.md"))))
    assert shard.articles == []
    assert [e.path for e in shard.errors] == [str(empty), str(tmp_path / "gone.md")]
    rng = dist.read_part(dist.JsonlRange(str(tmp_path / "gone.jsonl"), 0, 10, 1))
    assert [e.path for e in rng.errors] == [str(tmp_path / "gone.jsonl")]


def test_an_input_changed_between_reads_is_an_error_entry(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(_records()[0]) + "\n", encoding="utf-8")
    done, errors = dist.analyze_part(dist.FileBatch((str(path),)), [(0, "another-id")])
    assert done == ()
    assert [e.path for e in errors] == [str(path)] and "changed while" in errors[0].error


def test_settle_skips_stored_articles_and_reports_clashes_with_the_store() -> None:
    h = dist.Head
    got = [((h("a", "h1", "f:1", "f:1"), h("b", "h2", "f:2", "f:2")), ()),
           ((h("c", "h3", "g:1", "g:1"),), ())]
    stored = {"a": StoredArticle("a", "h1", "old"), "c": StoredArticle("c", "other", "old")}
    wanted, errors, already = dist._settle(got, lambda ids: {i: stored[i] for i in ids
                                                             if i in stored})
    assert wanted == [[1], []]
    assert already == 1
    assert [e.path for e in errors] == ["g:1"] and "id clash" in errors[0].error


# --------------------------------------------------------------------------- a real cluster

DASK = Path(sys.executable).with_name("dask")


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask scheduler`` and two ``dask worker --nthreads 1`` processes on 127.0.0.1."""
    where = tmp_path_factory.mktemp("cluster")
    sched_file = where / "scheduler.json"
    logs = (where / "logs.txt").open("wb")
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(sched_file)],
                              stdout=logs, stderr=logs)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        procs += [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1",
                                    "--no-dashboard", "--preload", "corroborator.run.distributed"],
                                   stdout=logs, stderr=logs) for _ in range(2)]
        waited = _py("from corroborator.run import cluster as d\n"
                     f"c = d.connect({address!r})\nc.wait_for_workers(2, timeout=120)\n"
                     "d.close(c)\n")
        assert waited.returncode == 0, waited.stderr
        yield address
    finally:
        for p in procs[::-1]:
            p.terminate()
            p.wait(timeout=30)
        logs.close()


def _stories(db: Path) -> list[tuple[str, int, tuple[str, ...], list[str]]]:
    with Store(db) as store:
        return [(r.id, r.size, r.titles, store.members(r.id)) for r in store.list_stories()]


def _py(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python code in a child process: a Dask client leaves an event-loop thread
    behind, and a process with other threads no longer forks (the local backend)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=600, check=False)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("corroborator")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "COLUMNS": "200"}, check=False)


@pytest.mark.slow
def test_dask_ingest_stores_the_same_stories_as_a_local_one(
        scheduler: str, tmp_path: Path) -> None:
    inputs = [str(DEMO), str(tmp_path / "empty.txt")]
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    local = _cli("ingest", *inputs, "--db", str(tmp_path / "local.db"))
    dask = _cli("ingest", *inputs, "--db", str(tmp_path / "dask.db"), "--backend", "dask",
                "--scheduler", scheduler)
    assert dask.returncode == local.returncode == 0, dask.stderr
    assert dask.stdout == local.stdout
    # stderr holds the skipped input's line, as locally, and nothing from Dask
    assert dask.stderr == local.stderr
    assert f"skipped: {tmp_path / 'empty.txt'}: empty file" in dask.stderr
    assert len(_stories(tmp_path / "dask.db")) >= 2
    assert _stories(tmp_path / "dask.db") == _stories(tmp_path / "local.db")
    again = _cli("ingest", *inputs, "--db", str(tmp_path / "dask.db"), "--backend", "dask",
                 "--scheduler", scheduler)
    assert "0 new articles" in again.stdout and "8 already stored" in again.stdout


@pytest.mark.slow
def test_dask_ingest_of_byte_ranges_matches_a_local_ingest(
        scheduler: str, tmp_path: Path) -> None:
    from corroborator.app.ingest import ingest

    path = _jsonl(tmp_path)
    with Store(tmp_path / "local.db") as store:
        local = ingest(store, [path])
    run = _py(
        "import json\nfrom corroborator.app import cluster\n"
        "from corroborator.run import distributed as d\n"
        "from corroborator.store.database import Store\n"
        "d.PARTITION_BYTES = 800\n"  # several ranges per file
        f"with Store({str(tmp_path / 'dask.db')!r}) as s:\n"
        f"    r = cluster.ingest_on_cluster(s, [{str(path)!r}], scheduler={scheduler!r})\n"
        "print(json.dumps([[p.article.id for p in r.placed],"
        " [[e.path, e.error, e.skipped] for e in r.errors]]))\n")
    assert run.returncode == 0, run.stderr
    placed, errors = json.loads(run.stdout)
    assert placed == [p.article.id for p in local.placed]
    assert sorted(map(tuple, errors)) == sorted((e.path, e.error, e.skipped)
                                                for e in local.errors)
    assert any("broken JSON" in e[1] for e in errors)
    assert _stories(tmp_path / "dask.db") == _stories(tmp_path / "local.db")


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Harbor news item.\n", encoding="utf-8")
    run = _cli("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"),
               "--backend", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert run.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in run.stderr
