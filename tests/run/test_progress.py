"""The progress bar shows only on a terminal, for more than a handful of items."""

from __future__ import annotations

import io
import sys

import pytest

from corroborator.run.progress import progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_quiet_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress(range(50), total=50, label="x")) == list(range(50))
    assert err.getvalue() == ""


def test_bar_on_a_terminal_unless_quiet_or_small(monkeypatch: pytest.MonkeyPatch) -> None:
    err = _Tty()
    monkeypatch.setattr(sys, "stderr", err)
    assert list(progress(range(3), total=3, label="few")) == [0, 1, 2]
    assert list(progress(range(50), total=50, label="quiet", quiet=True)) == list(range(50))
    assert err.getvalue() == ""
    assert list(progress(range(50), total=50, label="parsing")) == list(range(50))
    assert "parsing" in err.getvalue()
