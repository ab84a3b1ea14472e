"""Dask ingest speed-up: 2 workers against 1, on an external scheduler (prints figures).

    python benchmarks/dask_bench.py [--limit 600] [--workers 1,2] [--repeat 1]
                                    [--data FILE] [--logs DIR]

Writes the first ``--limit`` newswire articles to a JSONL file, then for each worker count
starts ``dask scheduler`` and that many ``dask worker --nthreads 1 --preload
corroborator.run.distributed`` processes on 127.0.0.1 (one single-threaded process per
worker, the spaCy model loaded at start), and ingests the file into a fresh store through
:func:`corroborator.app.cluster.ingest_on_cluster`, timing

* ``cluster``: reading, parsing and analysis on the workers, results back in the client;
* ``place``:   dedup, story placement and the store writes, serial in the client;
* ``total``:   both, as ``corroborator ingest --backend dask`` spends them.

The scheduler's and workers' own logs go to ``--logs``; everything this process writes
on stderr during an ingest is caught and must be empty (printed when it is not). With
``--repeat N`` the worker counts alternate N times and the fastest run of each counts
(a busy machine slows one run more than another). Each run's stories are compared with
the first run's. Ends with the ratios 1 worker / N workers and the load average, and
the same ratio from CPU times (each worker's busy CPU, the busiest counting, plus the
client's CPU time): what the wall-clock ratio is when each process has a core of its own,
which a shared machine cannot give.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newswire" / "newswire.jsonl"
DASK = Path(sys.executable).with_name("dask")

#: Seconds to wait for the scheduler file and the workers (model load included).
START_TIMEOUT_S = 120


@contextmanager
def cluster(n_workers: int, logs: Path) -> Iterator[str]:
    """A scheduler and ``n_workers`` single-threaded workers as subprocesses; yields the
    scheduler's address. Stops them (by their own process ids) on exit."""
    sched_file = logs / f"scheduler-{n_workers}.json"
    sched_file.unlink(missing_ok=True)
    procs: list[subprocess.Popen[bytes]] = []

    def start(args: list[str], log: Path) -> None:
        with log.open("wb") as fh:
            procs.append(subprocess.Popen([str(DASK), *args], stdout=fh, stderr=fh))

    try:
        start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
               "--scheduler-file", str(sched_file)], logs / f"scheduler-{n_workers}.log")
        deadline = time.monotonic() + START_TIMEOUT_S
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(sched_file.read_text())["address"]
        for i in range(n_workers):
            start(["worker", address, "--nthreads", "1", "--no-dashboard", "--name",
                   f"w{i}", "--preload", "corroborator.run.distributed"],
                  logs / f"worker-{n_workers}-{i}.log")
        yield address
    finally:
        for p in procs[::-1]:
            p.terminate()
        for p in procs[::-1]:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


@contextmanager
def stderr_caught() -> Iterator[Path]:
    """Send this process's file descriptor 2 to a file for the duration."""
    fd, name = tempfile.mkstemp(prefix="dask-bench-stderr-")
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(fd, 2)
    try:
        yield Path(name)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(fd)


def process_cpu_s() -> float:
    """CPU seconds (user + system) this process has used."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def run_once(n_workers: int, data: Path, logs: Path) -> dict[str, Any]:
    from distributed import Client

    from corroborator.app import cluster as cluster_ingest
    from corroborator.run import cluster as run_cluster
    from corroborator.run import distributed as dist
    from corroborator.store.database import Store

    with cluster(n_workers, logs) as address:
        client = run_cluster.connect(address)
        try:
            with run_cluster.quiet_dask():
                Client.wait_for_workers(client, n_workers, timeout=START_TIMEOUT_S)
                client.run(dist.load_model)  # (already loaded by the preload hook)
            db = logs / f"bench-{n_workers}.db"
            db.unlink(missing_ok=True)
            cpu0 = client.run(process_cpu_s)
            with Store(db) as store, stderr_caught() as err:
                t0, c0 = time.perf_counter(), time.process_time()
                got = dist.analyze_on_cluster(client, [data], store.stored, quiet=True)
                t1, c1 = time.perf_counter(), time.process_time()
                report = cluster_ingest.place(store, got)
                t2, c2 = time.perf_counter(), time.process_time()
                stories = sorted((r.id, r.size) for r in store.list_stories())
            cpu1 = client.run(process_cpu_s)
            stderr_text = err.read_text()
            err.unlink()
        finally:
            run_cluster.close(client)
    return {"workers": n_workers, "cluster": t1 - t0, "place": t2 - t1, "total": t2 - t0,
            "worker_cpu": sorted(cpu1[w] - cpu0[w] for w in cpu1),
            "client_cpu": (c1 - c0, c2 - c1),
            "articles": len(report.placed), "errors": len(report.errors), "stories": stories,
            "stderr": stderr_text}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--logs", type=Path, default=None,
                    help="directory for the cluster's logs and the stores")
    a = ap.parse_args()
    if not a.data.exists():
        sys.exit(f"{a.data} not found (needs ../shared beside the repo)")
    logs = a.logs or Path(tempfile.mkdtemp(prefix="dask-bench-"))
    logs.mkdir(parents=True, exist_ok=True)
    data = logs / "articles.jsonl"
    with a.data.open(encoding="utf-8") as src, data.open("w", encoding="utf-8") as out:
        n = 0
        for line in src:
            if line.strip() and n < a.limit:
                out.write(line)
                n += 1
    counts = [int(x) for x in a.workers.split(",")]
    print(f"{n} articles ({data.stat().st_size / 1e6:.1f} MB JSONL); logs in {logs}")
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")
    best: dict[int, dict[str, Any]] = {}
    first_stories = None
    for _ in range(max(1, a.repeat)):
        for w in counts:
            r = run_once(w, data, logs)
            load = os.getloadavg()[0]
            same = "" if first_stories is None or r["stories"] == first_stories else (
                "  STORIES DIFFER from the first run")
            first_stories = first_stories or r["stories"]
            print(f"{w} worker(s): cluster {r['cluster']:6.1f} s  place {r['place']:5.1f} s  "
                  f"total {r['total']:6.1f} s  ({r['articles']} articles, "
                  f"{len(r['stories'])} stories, {r['errors']} errors; load {load:.2f})"
                  f"{same}", flush=True)
            busy = " ".join(f"{c:.1f}" for c in r["worker_cpu"])
            print(f"  CPU s: workers {busy}; client during the cluster phase "
                  f"{r['client_cpu'][0]:.1f}, placing {r['client_cpu'][1]:.1f}")
            if r["stderr"]:
                print(f"  stderr was not empty:\n{r['stderr']}")
            else:
                print("  stderr: empty")
            if w not in best or r["total"] < best[w]["total"]:
                best[w] = r
    base = best[counts[0]]
    for w in counts[1:]:
        r = best[w]
        print(f"speed-up {counts[0]} -> {w} workers: total {base['total'] / r['total']:.2f}  "
              f"cluster phase {base['cluster'] / r['cluster']:.2f}")
        # on a machine with a core per worker, wall time is about the busiest worker's CPU
        # time, then the client's (decoding the results, placing; counted whole)
        one = max(base["worker_cpu"]) + sum(base["client_cpu"])
        many = max(r["worker_cpu"]) + sum(r["client_cpu"])
        print(f"  from CPU times (a core each, nothing else running): {one:.1f} s -> "
              f"{many:.1f} s, speed-up {one / many:.2f}")
        # CPU time itself grows when processes contend for a shared machine; with the
        # split of work measured here and the one-worker CPU time, an idle machine gives
        share = max(r["worker_cpu"]) / sum(r["worker_cpu"])
        ideal = share * sum(base["worker_cpu"]) + sum(r["client_cpu"])
        print(f"  busiest worker's share {share:.3f}; with the one-worker CPU time split so:"
              f" {one:.1f} s -> {ideal:.1f} s, speed-up {one / ideal:.2f}")
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
