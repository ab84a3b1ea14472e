"""``corroborator serve`` as a user runs it: a real process on 127.0.0.1, its background
warmer filling the brief cache, and both gone after Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.web.test_browser import _free_port
from tests.webstore import WebStore, web_store  # noqa: F401

pytestmark = pytest.mark.slow

#: Seconds the server and its warmer may take (a cold start imports the pipeline).
STARTUP_S = 90


def _wait(predicate: object, what: str) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        try:
            if predicate():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_answers_warms_and_stops(web_store: WebStore, tmp_path: Path) -> None:  # noqa: F811
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cache = tmp_path / "briefs.sqlite"
    exe = Path(sys.executable).with_name("corroborator")
    proc = subprocess.Popen([str(exe), "serve", "--db", str(web_store.db), "--port", str(port),
                             "--cache", str(cache)], stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: httpx.get(base + "/").status_code == 200, "the server")
        found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
        children = [int(p) for p in found.stdout.split()]
        total = httpx.get(base + "/api/stories").json()["total"]
        _wait(lambda: httpx.get(base + "/api/stories").json()["analyzed"] == total,
              "the warmer")
        assert cache.exists()
        page = httpx.get(base + "/")
        assert "not analyzed yet" not in page.text
        assert httpx.get(base + "/ingest").status_code == 404
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"serving {web_store.db} on {base}/ (read-only)" in err
    # the server's children (the warmer among them) are gone with it
    assert children
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    return True


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("corroborator")
    run = subprocess.run([str(exe), "serve", "--db", str(tmp_path / "none.db"), "--no-warm"],
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert run.returncode != 0 and "no such store" in run.stderr
