"""One exception tree for the whole library.

    CorroboratorError
    ├── InputReadError      an input file or record could not be read (carries the path)
    │   └── IdClashError    two different articles claim the same id
    ├── FetchError          a URL could not be fetched or is not HTML or a feed
    ├── ModelError          the spaCy model (or another packaged model) is missing
    ├── StoreError          the SQLite store failed or has an unknown schema
    │   └── UnknownStoryError  no story with that id (or former id)
    └── RenderError         an output format is unknown or could not be written

Third-party errors (sqlite3, json, lxml, feed parsing) are wrapped where they enter the
program. The library never calls ``sys.exit``; the CLI turns these into messages.
"""

from __future__ import annotations


class CorroboratorError(Exception):
    """Base of every error the library raises on purpose."""


class InputReadError(CorroboratorError):
    """An input could not be read. ``path`` names it and ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IdClashError(InputReadError):
    """Two different articles claim the same id."""


class FetchError(CorroboratorError):
    """A URL could not be fetched (network, HTTP status, size, content type).

    ``status`` is the HTTP status when there was one; ``retry_after`` the seconds the
    server asked to wait (429/503 with ``Retry-After``)."""

    def __init__(self, url: str, reason: str, *, status: int | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class ModelError(CorroboratorError):
    """A model the pipeline needs is not installed."""


class StoreError(CorroboratorError):
    """The store could not be opened, migrated or written."""


class UnknownStoryError(StoreError):
    """No story with that id."""


class RenderError(CorroboratorError):
    """An output could not be rendered or written."""
