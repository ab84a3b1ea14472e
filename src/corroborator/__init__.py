"""Corroborator: multi-source news analysis with every item cited.

    >>> import corroborator
    >>> brief = corroborator.analyze(["examples/demo-corpus"])
    >>> brief.to_markdown()

:func:`analyze` takes paths (files or directories), web page or feed URLs, ``"-"`` for
JSONL on stdin, or records (dicts with ``text`` and optional ``id``, ``title``, ``source``, ``url``,
``published``) and returns a :class:`~corroborator.model.Brief`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from corroborator.version import __version__

if TYPE_CHECKING:
    from corroborator.model import Brief


def analyze(inputs: Iterable[Any], *, quiet: bool = True, backend: str = "local") -> Brief:
    """Analyze articles and return the Brief (see :mod:`corroborator.pipeline`)."""
    from corroborator.pipeline import analyze as run

    return run(inputs, quiet=quiet, backend=backend)


__all__ = ["__version__", "analyze"]
