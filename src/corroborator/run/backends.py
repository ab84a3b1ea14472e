"""Execution backends: where the per-article and per-story stages run.

The pipeline decides *what* runs in which order; a backend decides *where*. Two are
built in and registered through :func:`register_backend`, the hook a plug-in would use:

``local``   on this machine: from :data:`~corroborator.settings.NLP_MULTIPROCESS_MIN_DOCS`
            articles on, parsing and the per-article stage are shared with a forked
            worker process (each runs ``nlp.pipe`` on its own chunks), and the
            per-story stage likewise when there are enough stories
            (:data:`LOCAL_FORK_MIN_ITEMS`); Linux only, elsewhere spaCy's own
            ``n_process`` parses large batches.
``dask``    on a Dask cluster (``dask.distributed``): articles are split into partitions,
            each worker loads the spaCy model once and parses and analyses its partition;
            stories are analyzed one task per story. Pass a scheduler address to use an
            existing cluster, or let it start a ``LocalCluster``.

Both return results in input order, so a run gives the same Brief on either backend.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from queue import Empty
from typing import Any, Protocol, TypeVar

from corroborator.errors import CorroboratorError
from corroborator.lifetime import workers_die_with_parent
from corroborator.model import Article, Parsed
from corroborator.nlp.parse import load_pipeline, parse_articles
from corroborator.run.progress import progress
from corroborator.settings import NLP_MULTIPROCESS_MIN_DOCS

R = TypeVar("R")
T = TypeVar("T")

#: Articles per Dask partition: large enough that ``nlp.pipe`` batches well (64 per
#: batch), small enough that two workers share a few thousand articles evenly.
DASK_PARTITION_SIZE = 256

#: :meth:`LocalBackend.map` forks worker processes from this many items on. Below it the
#: fork and the shipping of results back cost more than they save: a story takes ~10 ms
#: on newswire articles, forking a process that holds the spaCy model ~20-50 ms.
LOCAL_FORK_MIN_ITEMS = 24

#: Articles per chunk when :meth:`LocalBackend.parse_and_map` shares parsing with forked
#: processes: one ``nlp.pipe`` batch (:data:`~corroborator.settings.NLP_BATCH_SIZE`).
LOCAL_PARSE_CHUNK = 64

#: Most worker processes :meth:`LocalBackend.map` forks (never more than the CPUs this
#: process may run on). Two matches the laptops and CI machines the tool is sized for.
LOCAL_MAX_PROCESSES = 2


class Backend(Protocol):
    name: str

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        """Parse the articles and apply ``fn`` to each parse, in input order."""
        ...

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        quiet: bool = True,
        cost: Callable[[T], float] | None = None,
    ) -> list[R]:
        """Apply ``fn`` to each item, in input order.

        ``cost`` estimates an item's work; a backend may start costly items first so
        that one large item does not finish alone at the end.
        """
        ...


class LocalBackend:
    """Runs the stages on this machine.

    ``processes`` caps the worker processes of :meth:`map` (default: the smaller of
    :data:`LOCAL_MAX_PROCESSES` and the usable CPUs; 1 runs everything in this process).
    """

    name = "local"

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes if processes is not None else _default_processes()

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        if (self.processes > 1 and len(articles) >= NLP_MULTIPROCESS_MIN_DOCS
                and _can_fork()):
            return self._forked_parse_and_map(articles, fn, quiet)
        parsed = parse_articles(articles, expected=len(articles))
        return [
            fn(p) for p in progress(parsed, total=len(articles), label="analyzing", quiet=quiet)
        ]

    def _forked_parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], quiet: bool
    ) -> list[R]:
        """Parse and analyze in this process and forked ones, each running ``nlp.pipe``
        on its own chunks of :data:`LOCAL_PARSE_CHUNK` articles. The forks inherit the
        loaded model, and only results travel back (analyses in the store's compact
        encoding), never spaCy ``Doc`` objects: spaCy's own ``n_process`` ships every
        ``Doc`` to this process and rebuilds it here."""
        chunks = [tuple(articles[i : i + LOCAL_PARSE_CHUNK])
                  for i in range(0, len(articles), LOCAL_PARSE_CHUNK)]
        load_pipeline()  # before the fork, so that every process shares the loaded model

        def run(chunk: tuple[Article, ...]) -> list[R]:
            return [fn(p) for p in parse_articles(chunk, n_process=1)]

        out: list[R] = []
        for part in _forked_map(run, chunks, self.processes, quiet,
                                cost=lambda c: float(sum(len(a.text) for a in c)),
                                label="analyzing", pack=_pack, unpack=_unpack):
            out.extend(part)
        return out

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        quiet: bool = True,
        cost: Callable[[T], float] | None = None,
    ) -> list[R]:
        if self.processes > 1 and len(items) >= LOCAL_FORK_MIN_ITEMS and _can_fork():
            return _forked_map(fn, items, self.processes, quiet, cost, "stories")
        return [fn(x) for x in progress(items, total=len(items), label="stories", quiet=quiet)]


def _default_processes() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(LOCAL_MAX_PROCESSES, cpus or 1))


def _can_fork() -> bool:
    """Forking is used on Linux only (elsewhere it is unsafe or slow), not from a
    daemonic process, which may not have children, and not while other threads run (a
    lock one of them holds would stay locked in the child)."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
        and threading.active_count() == 1
    )


#: The function, items and visiting order of the running :func:`_forked_map`. Forked
#: workers inherit them, so only results travel between processes, never the items.
_FORK_JOB: tuple[Callable[[Any], Any], Sequence[Any], list[int]] | None = None

#: How long (s) the caller waits for a worker's next result before checking that the
#: worker is still alive.
_RESULT_POLL_SECONDS = 0.05


def _claim(counter: Any) -> int:
    """The next position in the visiting order (shared by the caller and the workers)."""
    with counter.get_lock():
        k = int(counter.value)
        counter.value = k + 1
    return k


def _work_forked(queue: Any, counter: Any, pack: Callable[[Any], Any]) -> None:
    """A forked worker: claim items until none are left, sending each result back. On
    an error it stops; the caller then runs the unfinished item itself and raises."""
    assert _FORK_JOB is not None, "set by _forked_map before the fork"
    fn, items, order = _FORK_JOB
    while (k := _claim(counter)) < len(order):
        i = order[k]
        queue.put((i, pack(fn(items[i]))))


def _same(x: Any) -> Any:
    return x


def _pack(results: list[Any]) -> Any:
    """Analyses in the store's compact encoding for the trip back (pickling ~500
    slotted values per analysis costs several times more)."""
    from corroborator.model import ArticleAnalysis
    from corroborator.store.codec import encode_analysis

    if all(isinstance(r, ArticleAnalysis) for r in results):
        return ("analyses", [encode_analysis(r) for r in results])
    return ("plain", results)


def _unpack(packed: Any) -> list[Any]:
    from corroborator.store.codec import decode_analysis

    kind, results = packed
    return [decode_analysis(r) for r in results] if kind == "analyses" else list(results)


def _forked_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    processes: int,
    quiet: bool,
    cost: Callable[[T], float] | None,
    label: str = "stories",
    pack: Callable[[R], Any] = _same,
    unpack: Callable[[Any], R] = _same,
) -> list[R]:
    """``[fn(x) for x in items]`` shared between this process and ``processes - 1``
    forked workers, costly items first.

    The caller works too (its results need no shipping), claiming items from the same
    counter as the workers; between its own items it collects the workers' results.
    Items a worker claimed but never returned (it failed or died) are run here at the
    end, so an error is raised here with its own traceback. A worker sends
    ``pack(result)``, turned back by ``unpack`` here.
    """
    global _FORK_JOB
    order = list(range(len(items)))
    if cost is not None:
        order.sort(key=lambda i: -cost(items[i]))
    out: list[Any] = [None] * len(items)
    done = [False] * len(items)
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    queue = ctx.Queue()
    _FORK_JOB = (fn, items, order)
    workers = [ctx.Process(target=_work_forked, args=(queue, counter, pack), daemon=True)
               for _ in range(processes - 1)]
    try:
        with workers_die_with_parent():  # a killed caller leaves no workers behind
            for w in workers:
                w.start()

        def collect(wait: bool) -> Iterator[None]:
            while True:
                try:
                    i, result = queue.get(timeout=_RESULT_POLL_SECONDS) if wait else (
                        queue.get_nowait())
                except Empty:
                    return
                out[i], done[i] = unpack(result), True
                yield None

        def finished() -> Iterator[None]:
            while (k := _claim(counter)) < len(order):
                i = order[k]
                out[i], done[i] = fn(items[i]), True
                yield None
                yield from collect(wait=False)
            while any(w.is_alive() for w in workers):
                yield from collect(wait=True)
            yield from collect(wait=False)
            for i in order:  # claimed by a worker that stopped without its result
                if not done[i]:
                    out[i], done[i] = fn(items[i]), True
                    yield None

        for _ in progress(finished(), total=len(items), label=label, quiet=quiet):
            pass
    finally:
        _FORK_JOB = None
        for w in workers:
            if w.is_alive():
                w.terminate()
            w.join()
        queue.close()
    return out


def _parse_partition(articles: list[Article], fn: Callable[[Parsed], Any]) -> list[Any]:
    return [fn(p) for p in parse_articles(articles, n_process=1)]


class DaskBackend:
    """Runs the stages on a ``dask.distributed`` cluster."""

    name = "dask"

    def __init__(self, address: str | None = None, n_workers: int = 2) -> None:
        self.address = address
        self.n_workers = n_workers
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            from corroborator.run.cluster import connect

            self._client = connect(self.address, n_workers=self.n_workers)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            from corroborator.run.cluster import close

            if self.address is None:
                close(self._client)  # and the local cluster it started
            else:
                self._client.close()
            self._client = None

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        client = self.client()
        parts = [
            list(articles[i : i + DASK_PARTITION_SIZE])
            for i in range(0, len(articles), DASK_PARTITION_SIZE)
        ]
        from corroborator.run.cluster import quiet_dask

        with quiet_dask():
            # the articles go to the workers directly, not inside the task graph
            data = client.scatter(parts)
            futures = client.map(_parse_partition, data, fn=fn, pure=False)
            out: list[R] = []
            for chunk in client.gather(futures):
                out.extend(chunk)
        return out

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        quiet: bool = True,
        cost: Callable[[T], float] | None = None,
    ) -> list[R]:
        # the scheduler balances the tasks itself; ``cost`` is not needed
        from corroborator.run.cluster import quiet_dask

        client = self.client()
        with quiet_dask():
            data = client.scatter(list(items))
            return list(client.gather(client.map(fn, data, pure=False)))


_BACKENDS: dict[str, Callable[[], Backend]] = {}


def register_backend(name: str, factory: Callable[[], Backend]) -> None:
    _BACKENDS[name] = factory


register_backend("local", LocalBackend)
register_backend("dask", DaskBackend)


def get_backend(backend: str | Backend) -> Backend:
    if not isinstance(backend, str):
        return backend
    try:
        return _BACKENDS[backend]()
    except KeyError:
        raise CorroboratorError(
            f"unknown backend {backend!r} (known: {', '.join(sorted(_BACKENDS))})"
        ) from None


def backend_names() -> tuple[str, ...]:
    """Names of the registered backends, sorted."""
    return tuple(sorted(_BACKENDS))
