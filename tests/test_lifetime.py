"""Worker processes die with the process that started them, even under ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corroborator import lifetime

pytestmark = pytest.mark.skipif(not lifetime.supported(), reason="Linux only (prctl)")

PLAIN = """
import multiprocessing as mp, sys, time
from corroborator.lifetime import workers_die_with_parent

def sleeper():
    time.sleep(300)

ctx = mp.get_context("fork")
guard = sys.argv[1] == "guarded"
if guard:
    with workers_die_with_parent():
        p = ctx.Process(target=sleeper, daemon=True); p.start()
else:
    p = ctx.Process(target=sleeper, daemon=True); p.start()
print(p.pid, flush=True)
time.sleep(300)
"""

SPACY = """
import multiprocessing as mp, time
from corroborator.model import Article
from corroborator.nlp.parse import parse_articles

text = "Mayor Daniel Hartmann opened the Harbor Bridge on Monday. Traffic resumed. " * 3
docs = parse_articles((Article(str(i), text) for i in range(100_000)), n_process=2,
                      batch_size=8)
next(docs)
print(" ".join(str(p.pid) for p in mp.active_children()), flush=True)
for _ in docs:
    time.sleep(1)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")  # a zombie has exited


def _wait_dead(pids: list[int], seconds: float = 20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


def _start(script: str, *args: str) -> tuple[subprocess.Popen[str], list[int]]:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids, "the script printed no worker ids"
    return proc, pids


def test_forked_workers_die_when_the_parent_is_killed() -> None:
    proc, pids = _start(PLAIN, "guarded")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _wait_dead(pids) == []


def test_without_the_guard_a_forked_worker_outlives_a_killed_parent() -> None:
    """The control: the test above would pass for nothing if workers died anyway."""
    proc, pids = _start(PLAIN, "unguarded")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    try:
        assert _wait_dead(pids, seconds=1.0) == pids
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
def test_spacy_workers_die_when_the_parent_is_killed() -> None:
    proc, pids = _start(SPACY)
    assert len(pids) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert _wait_dead(pids) == []
