"""Concurrent ingests into one store stay consistent.

One ``corroborator ingest`` of ``--big`` newswire articles runs while ``--small``
one-article ingests start during it (half of them articles the big ingest also holds,
half new ones). Afterwards every article must be stored exactly once and
``corroborator check`` must pass. Prints what each process reported, the counts, and the
check line; exits 1 when the store is inconsistent.

    .venv/bin/python benchmarks/concurrent_ingest.py --big 150 --small 8
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "newswire" / "newswire.jsonl"
CLI = [sys.executable, "-m", "corroborator"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--big", type=int, default=150, help="articles in the large ingest")
    parser.add_argument("--small", type=int, default=8, help="one-article ingests during it")
    parser.add_argument("--delay", type=float, default=2.0,
                        help="seconds between starting one small ingest and the next")
    args = parser.parse_args(argv)
    lines = args.data.read_text(encoding="utf-8").splitlines()
    big = lines[: args.big]
    overlap = args.small // 2
    singles = big[-overlap:] + lines[args.big : args.big + args.small - overlap]
    expected = {json.loads(x)["id"] for x in big + singles}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "store.db"
        (work / "big.jsonl").write_text("\n".join(big) + "\n", encoding="utf-8")
        started = time.monotonic()
        procs = [("big", subprocess.Popen([*CLI, "ingest", str(work / "big.jsonl"), "--db",
                                           str(db), "-q"], stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))]
        time.sleep(args.delay)
        for n, line in enumerate(singles):
            path = work / f"one{n}.jsonl"
            path.write_text(line + "\n", encoding="utf-8")
            procs.append((f"one{n}", subprocess.Popen(
                [*CLI, "ingest", str(path), "--db", str(db), "-q"], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, text=True)))
            time.sleep(args.delay)
        failed = 0
        for name, proc in procs:
            out, err = proc.communicate()
            waited = " (waited for the lock)" if "waiting for another ingest" in err else ""
            print(f"{name:<6} exit {proc.returncode}{waited}: {out.strip().splitlines()[-1:]}")
            if proc.returncode != 0:
                failed += 1
                print(err, file=sys.stderr)
        elapsed = time.monotonic() - started
        conn = sqlite3.connect(db)
        ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
        conn.close()
        check = subprocess.run([*CLI, "check", "--db", str(db)], capture_output=True,
                               text=True)
    once = len(ids) == len(set(ids)) and set(ids) == expected
    print(f"{len(procs)} ingests in {elapsed:.0f} s; {len(ids)} articles stored for "
          f"{len(expected)} distinct inputs; every article once: {once}")
    print(f"check: {check.stdout.strip()} (exit {check.returncode})")
    if check.returncode:
        print(check.stderr, file=sys.stderr)
    return 0 if once and not failed and check.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
