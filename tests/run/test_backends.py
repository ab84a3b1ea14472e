"""The Dask backend gives the same brief as the local one."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time

import pytest

from corroborator.errors import CorroboratorError
from corroborator.run import backends
from corroborator.run.backends import DaskBackend, LocalBackend, get_backend
from tests.conftest import DEMO


def test_registry() -> None:
    assert isinstance(get_backend("local"), LocalBackend)
    assert isinstance(get_backend("dask"), DaskBackend)
    with pytest.raises(CorroboratorError, match="unknown backend"):
        get_backend("spark")


def _square(x: int) -> int:
    return x * x


def test_local_map_keeps_order() -> None:
    assert LocalBackend().map(_square, [3, 1, 2]) == [9, 1, 4]


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the local backend forks on Linux only"
)


def _slow_square_and_pid(x: int) -> tuple[int, int]:
    time.sleep(0.02)
    return _square_and_pid(x)


@linux_only
def test_local_map_shares_items_with_a_forked_worker_and_keeps_order() -> None:
    items = list(range(backends.LOCAL_FORK_MIN_ITEMS * 2))
    out = LocalBackend(processes=2).map(_slow_square_and_pid, items, cost=lambda x: x % 5)
    assert [sq for sq, _ in out] == [x * x for x in items]
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() in pids, "the caller and one worker both worked"
    assert backends._FORK_JOB is None, "the job is cleared after the run"


def _exit_in_worker(x: int) -> tuple[int, int]:
    if multiprocessing.parent_process() is not None:
        os._exit(3)  # the worker dies without a word on the first item it claims
    return _slow_square_and_pid(x)


@linux_only
def test_local_map_runs_what_a_dead_worker_claimed() -> None:
    items = list(range(backends.LOCAL_FORK_MIN_ITEMS))
    out = LocalBackend(processes=2).map(_exit_in_worker, items)
    assert [sq for sq, _ in out] == [x * x for x in items]


@linux_only
def test_local_map_stays_in_process_below_the_fork_minimum_or_with_one_process() -> None:
    few = list(range(backends.LOCAL_FORK_MIN_ITEMS - 1))
    many = list(range(backends.LOCAL_FORK_MIN_ITEMS * 2))
    for backend, items in [(LocalBackend(processes=2), few), (LocalBackend(processes=1), many)]:
        out = backend.map(_square_and_pid, items)
        assert {pid for _, pid in out} == {os.getpid()}
        assert [sq for sq, _ in out] == [x * x for x in items]


def _fail_on_seven(x: int) -> int:
    if x == 7:
        raise ValueError("seven")
    return x


@linux_only
def test_local_map_raises_a_workers_error_in_the_caller() -> None:
    items = list(range(backends.LOCAL_FORK_MIN_ITEMS))
    with pytest.raises(ValueError, match="seven"):
        LocalBackend(processes=2).map(_fail_on_seven, items)
    assert backends._FORK_JOB is None


def test_default_processes_is_bounded_by_the_cpus() -> None:
    n = LocalBackend().processes
    assert 1 <= n <= backends.LOCAL_MAX_PROCESSES


@linux_only
@pytest.mark.slow
def test_forked_parsing_gives_the_same_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    from corroborator import analyze

    serial = analyze([DEMO], backend=LocalBackend(processes=1))
    monkeypatch.setattr(backends, "NLP_MULTIPROCESS_MIN_DOCS", 1)
    monkeypatch.setattr(backends, "LOCAL_PARSE_CHUNK", 2)  # several chunks, shared out
    calls: list[int] = []
    real = backends._unpack

    def counted(packed: object) -> list[object]:
        calls.append(1)
        return real(packed)

    monkeypatch.setattr(backends, "_unpack", counted)
    forked = analyze([DEMO], backend=LocalBackend(processes=2))
    assert forked.to_json() == serial.to_json()
    assert calls, "the forked worker sent results back (run before any test that leaves threads)"


@pytest.mark.slow
def test_dask_and_local_briefs_are_identical() -> None:
    from corroborator import analyze
    local = analyze([DEMO])
    dask = analyze([DEMO], backend="dask")
    assert dask.to_json() == local.to_json()


@linux_only
@pytest.mark.slow
def test_forked_story_stage_gives_the_same_brief(monkeypatch: pytest.MonkeyPatch) -> None:
    from corroborator import analyze
    serial = analyze([DEMO], backend=LocalBackend(processes=1))
    monkeypatch.setattr(backends, "LOCAL_FORK_MIN_ITEMS", 1)
    forked = analyze([DEMO], backend=LocalBackend(processes=2))
    assert len(forked.stories) >= 2
    assert forked.to_json() == serial.to_json()


@linux_only
def test_local_map_does_not_fork_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        items = list(range(backends.LOCAL_FORK_MIN_ITEMS * 2))
        out = LocalBackend(processes=2).map(_square_and_pid, items)
    finally:
        stop.set()
        worker.join()
    assert {pid for _, pid in out} == {os.getpid()}

