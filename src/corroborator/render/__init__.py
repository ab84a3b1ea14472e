"""Output formats of a brief: a small registry from format name to renderer.

A renderer is a function ``Brief -> str``. An addition registers the function itself::

    register("csv", render_csv, suffixes=(".csv",))

The built-in formats (json, md, html) register by reference (``"module:function"``), as
an entry point would, and are imported on first use: this module imports no renderer, so
:class:`~corroborator.model.Brief` can render through it without an import cycle.

:func:`format_for_path` picks the format for an output file (an explicit ``--format``
wins, else the file suffix) and :func:`render` runs it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from corroborator.errors import RenderError

if TYPE_CHECKING:
    from corroborator.model import Brief

Renderer = Callable[["Brief"], str]


@dataclass(frozen=True, slots=True)
class OutputFormat:
    name: str
    target: Renderer | str  # the function, or "module:function" imported on first use
    suffixes: tuple[str, ...]

    def render(self, brief: Brief) -> str:
        fn = self.target
        if isinstance(fn, str):
            module, _, attr = fn.partition(":")
            fn = getattr(importlib.import_module(module), attr)
        return fn(brief)


_FORMATS: dict[str, OutputFormat] = {}


def register(name: str, renderer: Renderer | str, suffixes: Iterable[str] = ()) -> None:
    """Make ``renderer`` (a function, or ``"module:function"``) available as format ``name``
    (and for files ending in ``suffixes``)."""
    fixed = tuple(s.lower() if s.startswith(".") else f".{s.lower()}" for s in suffixes)
    for other in _FORMATS.values():
        clash = set(fixed) & set(other.suffixes)
        if other.name != name and clash:
            raise RenderError(f"suffix {sorted(clash)[0]} already belongs to format {other.name!r}")
    _FORMATS[name] = OutputFormat(name, renderer, fixed)


def formats() -> tuple[str, ...]:
    """Names of the registered formats, sorted."""
    return tuple(sorted(_FORMATS))


def render(brief: Brief, fmt: str) -> str:
    """``brief`` in format ``fmt``; RenderError names the known formats when it is unknown."""
    found = _FORMATS.get(fmt.lower())
    if found is None:
        raise RenderError(f"unknown output format {fmt!r}; known: {', '.join(formats())}")
    return found.render(brief)


def format_for_path(path: str | PurePath | None, explicit: str | None = None) -> str:
    """The format to write ``path`` in: ``explicit`` when given, else from the suffix.

    ``path`` None (standard output) with no explicit format gives ``json``.
    """
    if explicit:
        name = explicit.lower()
        if name not in _FORMATS:
            raise RenderError(f"unknown output format {explicit!r}; known: {', '.join(formats())}")
        return name
    if path is None or str(path) == "-":
        return "json"
    suffix = PurePath(path).suffix.lower()
    for fmt in _FORMATS.values():
        if suffix in fmt.suffixes:
            return fmt.name
    known = ", ".join(s for f in _FORMATS.values() for s in f.suffixes)
    raise RenderError(
        f"cannot tell the output format of {str(path)!r} from its suffix "
        f"(known: {known}); pass --format"
    )


def write_brief(brief: Brief, path: str | Path, fmt: str | None = None) -> str:
    """Write ``brief`` to ``path`` in ``fmt`` (else the suffix's format); returns the format."""
    name = format_for_path(path, fmt)
    text = render(brief, name)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return name


register("json", "corroborator.render.json:render_json", suffixes=(".json",))
register("md", "corroborator.render.markdown:render_markdown", suffixes=(".md", ".markdown"))
register("html", "corroborator.render.html:render_html", suffixes=(".html", ".htm"))

__all__ = [
    "OutputFormat",
    "Renderer",
    "format_for_path",
    "formats",
    "register",
    "render",
    "write_brief",
]
