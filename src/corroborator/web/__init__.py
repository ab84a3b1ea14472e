"""A local, read-only web app over the store: ``corroborator serve``.

:func:`create_app` builds the Starlette application (:mod:`corroborator.web.app`); its
reads of the store are in :mod:`corroborator.web.queries` and story briefs are cached by
:mod:`corroborator.web.briefs`. Pages reuse the HTML brief's templates.

Needs the ``web`` extra (Starlette, uvicorn, python-multipart).
"""

from __future__ import annotations

from corroborator.web.app import create_app

__all__ = ["create_app"]
