"""Output formats of a brief: a small registry from format name to renderer.

A renderer is a function ``Brief -> str``. The built-in formats (json, md, html)
register through :func:`register` like any addition would::

    register("csv", render_csv, suffixes=(".csv",))

:func:`format_for_path` picks the format for an output file (an explicit ``--format``
wins, else the file suffix) and :func:`render` runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath

from corroborator.errors import RenderError
from corroborator.model import Brief

Renderer = Callable[[Brief], str]


@dataclass(frozen=True, slots=True)
class OutputFormat:
    name: str
    render: Renderer
    suffixes: tuple[str, ...]


_FORMATS: dict[str, OutputFormat] = {}


def register(name: str, renderer: Renderer, suffixes: Iterable[str] = ()) -> None:
    """Make ``renderer`` available as format ``name`` (and for files ending in ``suffixes``)."""
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


def _register_builtins() -> None:
    from corroborator.render.html import render_html
    from corroborator.render.json import render_json
    from corroborator.render.markdown import render_markdown

    register("json", render_json, suffixes=(".json",))
    register("md", render_markdown, suffixes=(".md", ".markdown"))
    register("html", render_html, suffixes=(".html", ".htm"))


_register_builtins()

__all__ = [
    "OutputFormat",
    "Renderer",
    "format_for_path",
    "formats",
    "register",
    "render",
    "write_brief",
]
