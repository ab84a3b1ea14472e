"""Fuzz the readers and ``analyze`` for N minutes with fresh hypothesis examples.

The same properties as ``tests/test_fuzz.py`` (see ``tests/fuzz_inputs.py``), run in
rounds with new random examples until the time is up. Each property may only return or
raise a :class:`~corroborator.errors.CorroboratorError`; any other exception is a
failure: hypothesis shrinks it, the falsifying example is printed, and the run goes on
with the next round. Prints the examples run per property and the failures; exits 1 when
there was one.

    .venv/bin/python benchmarks/fuzz.py --minutes 10
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import fuzz_inputs as fz  # noqa: E402

#: Examples per round of one property (a round ends early when the time is up).
ROUND_EXAMPLES = 50


class _TimeUp(Exception):
    """Raised inside a property when the run's time is over (not a failure)."""


def _targets() -> list[tuple[str, Any, Callable[..., None], int]]:
    """(name, strategy, property, weight): weight rounds per cycle; the cheap reader
    properties run more often than ``analyze``."""
    return [
        ("read any file", fz.any_files, lambda case: fz.check_read_file(*case), 3),
        ("read stdin", fz.stdin_bytes, fz.check_read_stdin, 1),
        ("analyze records", fz.records.map(lambda r: [r]) | fz.st.lists(
            fz.records, min_size=2, max_size=3), fz.check_analyze, 2),
        ("analyze feed or JSON file", fz.feeds() | fz.json_files(),
         lambda case: fz.check_analyze_file(*case), 1),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="how long to fuzz")
    args = parser.parse_args(argv)
    deadline = time.monotonic() + args.minutes * 60
    counts: dict[str, int] = {}
    failures: list[tuple[str, str]] = []

    def run_round(name: str, strategy: Any, prop: Callable[..., None]) -> None:
        @settings(max_examples=ROUND_EXAMPLES, deadline=None, database=None,
                  phases=(Phase.generate, Phase.shrink), print_blob=True,
                  suppress_health_check=list(HealthCheck))
        @given(strategy)
        def body(value: Any) -> None:
            if time.monotonic() > deadline:
                raise _TimeUp
            counts[name] = counts.get(name, 0) + 1
            prop(value)

        try:
            body()
        except _TimeUp:
            return
        except Exception as exc:
            text = "".join(traceback.format_exception(exc))
            failures.append((name, text))
            print(f"FAILURE in {name}:\n{text}", flush=True)

    started = time.monotonic()
    while time.monotonic() < deadline:
        for name, strategy, prop, weight in _targets():
            for _ in range(weight):
                if time.monotonic() < deadline:
                    run_round(name, strategy, prop)
    total = sum(counts.values())
    minutes = (time.monotonic() - started) / 60
    for name, n in counts.items():
        print(f"{name:<28} {n:>7} examples")
    print(f"{'total':<28} {total:>7} examples in {minutes:.1f} min; "
          f"{len(failures)} failures (exceptions other than CorroboratorError)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
