"""Connecting to a Dask cluster (an existing scheduler, or a local one started here) and
keeping Dask's own log lines off the user's terminal: they are kept and added to the
message when the run itself fails."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from corroborator.errors import CorroboratorError

#: Seconds to wait for the scheduler before giving up with an error.
CONNECT_TIMEOUT_S = 10


def connect(address: str | None, *, n_workers: int = 2) -> Any:
    """A ``distributed.Client`` for the scheduler at ``address``, or for a new local
    cluster of ``n_workers`` single-threaded worker processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise CorroboratorError("the dask backend needs `pip install corroborator[dask]`"
                                ) from exc
    with quiet_dask():
        if address:
            try:
                return Client(address, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                raise CorroboratorError(
                    f"cannot reach the Dask scheduler at {address}: {why(exc)}") from exc
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster)


def close(client: Any) -> None:
    """Close a client from :func:`connect` (and the local cluster it started)."""
    with quiet_dask():
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None:
            cluster.close()


class _Kept(logging.Handler):
    """Keeps ``distributed``'s log records instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def quiet_dask() -> Iterator[_Kept]:
    """Keep ``distributed``'s log lines off the terminal while the client works (the
    progress bar is the only thing on stderr). Nothing is lost: what fails comes back
    through the tasks as an error entry or an exception, and the kept records are
    added to the message when the run itself fails."""
    logger = logging.getLogger("distributed")
    kept = _Kept()
    saved = logger.handlers[:], logger.propagate
    logger.handlers = [kept]
    logger.propagate = False
    try:
        yield kept
    except CorroboratorError as exc:
        if kept.records:
            lines = "; ".join(r.getMessage() for r in kept.records[-3:])
            raise CorroboratorError(f"{exc} (Dask said: {lines})") from exc
        raise
    finally:
        logger.handlers, logger.propagate = saved


def why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
