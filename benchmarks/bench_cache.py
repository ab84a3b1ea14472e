"""Pickled caches for the benchmark scripts (NLP output is slow to recompute).

A cache that no longer loads (a model class changed since it was written, or the file is
damaged) is rebuilt, never a crash.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cached(path: Path | None, build: Callable[[], T]) -> T:
    """``build()``, read from ``path`` when an earlier run pickled it there."""
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                value: T = pickle.load(fh)
            return value
        except Exception as exc:  # any unreadable cache is rebuilt
            print(f"cache {path} unreadable ({type(exc).__name__}: {exc}); rebuilding")
    value = build()
    if path is not None:
        with path.open("wb") as fh:
            pickle.dump(value, fh)
    return value
