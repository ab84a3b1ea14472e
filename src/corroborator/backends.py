"""Execution backends: where the per-article and per-story stages run.

The pipeline decides *what* runs in which order; a backend decides *where*. Two are
built in and registered through :func:`register_backend`, the hook a plug-in would use:

``local``   in this process; spaCy's ``nlp.pipe`` uses two processes for large batches.
``dask``    on a Dask cluster (``dask.distributed``): articles are split into partitions,
            each worker loads the spaCy model once and parses and analyses its partition;
            stories are analysed one task per story. Pass a scheduler address to use an
            existing cluster, or let it start a ``LocalCluster``.

Both return results in input order, so a run gives the same Brief on either backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from corroborator.errors import CorroboratorError
from corroborator.model import Article, Parsed
from corroborator.nlp import parse_articles
from corroborator.progress import progress

R = TypeVar("R")
T = TypeVar("T")

#: Articles per Dask partition: large enough that ``nlp.pipe`` batches well (64 per
#: batch), small enough that two workers share a few thousand articles evenly.
DASK_PARTITION_SIZE = 256


class Backend(Protocol):
    name: str

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        """Parse the articles and apply ``fn`` to each parse, in input order."""
        ...

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, quiet: bool = True) -> list[R]:
        """Apply ``fn`` to each item, in input order."""
        ...


class LocalBackend:
    name = "local"

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        parsed = parse_articles(articles, expected=len(articles))
        return [
            fn(p) for p in progress(parsed, total=len(articles), label="analysing", quiet=quiet)
        ]

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, quiet: bool = True) -> list[R]:
        return [fn(x) for x in progress(items, total=len(items), label="stories", quiet=quiet)]


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
            try:
                from distributed import Client, LocalCluster
            except ImportError as exc:
                raise CorroboratorError(
                    "the dask backend needs `pip install corroborator[dask]`"
                ) from exc
            if self.address:
                self._client = Client(self.address)
            else:
                cluster = LocalCluster(
                    n_workers=self.n_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
                self._client = Client(cluster)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            cluster = getattr(self._client, "cluster", None)
            self._client.close()
            if cluster is not None and self.address is None:
                cluster.close()
            self._client = None

    def parse_and_map(
        self, articles: Sequence[Article], fn: Callable[[Parsed], R], *, quiet: bool = True
    ) -> list[R]:
        client = self.client()
        parts = [
            list(articles[i : i + DASK_PARTITION_SIZE])
            for i in range(0, len(articles), DASK_PARTITION_SIZE)
        ]
        futures = client.map(_parse_partition, parts, fn=fn, pure=False)
        out: list[R] = []
        for chunk in client.gather(futures):
            out.extend(chunk)
        return out

    def map(self, fn: Callable[[T], R], items: Sequence[T], *, quiet: bool = True) -> list[R]:
        client = self.client()
        return list(client.gather(client.map(fn, list(items), pure=False)))


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
