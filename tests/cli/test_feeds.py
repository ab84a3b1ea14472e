"""Ctrl-C handling of ``update`` and ``watch``: a real SIGINT sent to this process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corroborator.app.feeds import add_feeds
from corroborator.cli.feeds import stop_on_ctrl_c
from corroborator.store.database import Store
from corroborator.store.feeds import FeedStore
from tests.http_server import LocalSite, Route, site_fixture  # noqa: F401  (`site`)


def _interrupt() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the handler runs in the main thread between bytecodes


def test_first_ctrl_c_asks_to_stop_and_a_second_one_aborts(
        capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGINT)
    with stop_on_ctrl_c() as stop:
        assert not stop.is_set()
        _interrupt()
        assert stop.is_set()  # no KeyboardInterrupt: the current article is finished
        with pytest.raises(KeyboardInterrupt):
            _interrupt()
    assert signal.getsignal(signal.SIGINT) is before
    assert "stopping after the current article" in capsys.readouterr().err


def test_watch_exits_cleanly_on_ctrl_c(site: LocalSite, tmp_path: Path) -> None:
    """The real command in a child process, stopped by SIGINT while it waits for the next
    round (the feed fails, so no NLP model is loaded; stopping mid-article is covered in
    tests/test_feeds.py)."""
    site.routes["/feed.xml"] = Route("down", "text/plain", status=500)
    db = tmp_path / "news.db"
    with Store(db) as store:
        add_feeds(store, [site.url("/feed.xml")])
    child = subprocess.Popen(
        [sys.executable, "-m", "corroborator", "watch", "--db", str(db), "--interval", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            lines.append(line)
            if "feeds fetched" in line or not line:
                break
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    text = "".join(lines) + out
    assert child.returncode == 0, err
    assert "failed: HTTP 500" in text and "stopped after 1 update" in text
    assert "stopping after the current article" in err and "Traceback" not in err
    with Store(db) as store:
        assert FeedStore(store).feed(site.url("/feed.xml")).failures == 1  # type: ignore[union-attr]
