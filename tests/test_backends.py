"""The Dask backend gives the same brief as the local one."""

from __future__ import annotations

import pytest

from corroborator.backends import DaskBackend, LocalBackend, get_backend
from corroborator.errors import CorroboratorError

from .conftest import DEMO


def test_registry() -> None:
    assert isinstance(get_backend("local"), LocalBackend)
    assert isinstance(get_backend("dask"), DaskBackend)
    with pytest.raises(CorroboratorError, match="unknown backend"):
        get_backend("spark")


def _square(x: int) -> int:
    return x * x


def test_local_map_keeps_order() -> None:
    assert LocalBackend().map(_square, [3, 1, 2]) == [9, 1, 4]


@pytest.mark.slow
def test_dask_and_local_briefs_are_identical() -> None:
    from corroborator import analyze

    local = analyze([DEMO])
    dask = analyze([DEMO], backend="dask")
    assert dask.to_json() == local.to_json()
