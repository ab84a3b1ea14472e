"""Speakers named by a cue's subject (invented phrases only)."""

from __future__ import annotations

import pytest

from corroborator.story.speakers import _on_behalf_of


@pytest.mark.parametrize(
    ("role", "behalf"),
    [
        ("a spokesman for the Ruud campaign", "the Ruud campaign"),
        ("Campaign spokesman", "the campaign"),
        ("campaign spokeswoman", "the campaign"),
        ("Northsound Lines spokeswoman", "Northsound Lines"),
        ("a senior aide to Governor Brandvold", "Governor Brandvold"),
        ("the mayor", None),
        ("A spokesperson", None),
    ],
)
def test_on_behalf_of(role: str, behalf: str | None) -> None:
    assert _on_behalf_of(role) == behalf
