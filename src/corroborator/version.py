"""The program's name and version: the one place they are written (``pyproject.toml``
reads the version from here)."""

from __future__ import annotations

__version__ = "0.1.0"

#: The generator name written into every brief.
GENERATOR_NAME = "corroborator"


def generator_version(recorded: str = "") -> str:
    """The version recorded in a brief when it has one, else this program's."""
    return recorded or __version__


__all__ = ["GENERATOR_NAME", "__version__", "generator_version"]
