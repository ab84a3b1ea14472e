"""Dates and moments as users write them (``2024-05-01``, ``2024-05-01T09:00``), checked
and normalised, with a message saying what is wrong with a bad one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from corroborator.errors import CorroboratorError


def parse_date(text: str | date) -> date:
    """An ISO date (``YYYY-MM-DD``) given on the command line; CorroboratorError if not."""
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise CorroboratorError(
            f"not a date: {text!r}{_why(exc)}; expected an ISO date such as 2026-03-15"
        ) from exc


def parse_moment(text: str) -> str:
    """An ISO date or date-time given on the command line, normalised for comparison
    with the store's "added at" times (UTC; a time without an offset is taken as UTC)."""
    value = text.strip()
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CorroboratorError(
            f"not a date or date-time: {text!r}{_why(exc)}; expected ISO 8601 such as "
            "2026-03-15 or 2026-03-15T08:30"
        ) from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.isoformat()


def _why(exc: ValueError) -> str:
    """Python's reason for a bad date (``month must be in 1..12``), when it says more
    than "invalid"."""
    reason = str(exc)
    return "" if not reason or reason.lower().startswith("invalid") else f" ({reason})"
