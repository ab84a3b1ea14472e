"""Progress bars on stderr for long work, quiet when stderr is not a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from corroborator.settings import PROGRESS_MIN_ITEMS

T = TypeVar("T")


def progress(
    items: Iterable[T], *, total: int | None, label: str, quiet: bool = False
) -> Iterator[T]:
    """Yield ``items``, drawing a rich progress bar on stderr when it is worth it.

    The bar appears only when stderr is a terminal, ``quiet`` is false and there are more
    than a handful of items (:data:`~corroborator.settings.PROGRESS_MIN_ITEMS`).
    """
    show = not quiet and sys.stderr.isatty() and (total is None or total >= PROGRESS_MIN_ITEMS)
    if not show:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
