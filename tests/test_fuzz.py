"""Property-based fuzzing of the readers and of ``analyze`` (hypothesis).

A few hundred generated examples per run, derandomised so that CI sees the same ones;
``benchmarks/fuzz.py --minutes N`` runs the same properties with fresh examples for
longer. Every property allows only the project's own errors (see
:mod:`tests.fuzz_inputs`).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from . import fuzz_inputs as fz

CI = settings(
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
)


@settings(CI, max_examples=200)
@given(fz.any_files)
def test_any_file_is_read_or_reported(case: tuple[str, bytes]) -> None:
    fz.check_read_file(*case)


@settings(CI, max_examples=100)
@given(fz.stdin_bytes)
def test_any_stdin_is_read_or_reported(data: bytes) -> None:
    fz.check_read_stdin(data)


@pytest.mark.slow
@settings(CI, max_examples=60)
@given(fz.records.map(lambda r: [r]) | fz.st.lists(fz.records, min_size=2, max_size=3))
def test_analyze_any_records(recs: list[dict[str, Any]]) -> None:
    fz.check_analyze(recs)


@pytest.mark.slow
@settings(CI, max_examples=40)
@given(fz.feeds() | fz.json_files())
def test_analyze_any_feed_or_json_file(case: tuple[str, str]) -> None:
    fz.check_analyze_file(*case)
