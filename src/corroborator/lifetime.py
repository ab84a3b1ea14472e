"""Worker processes that do not outlive the process that started them.

``kill -9`` of a run gives its workers no chance to be told: spaCy's ``nlp.pipe``
workers (``n_process=2``) and the local backend's forked workers would keep running,
each holding the model (~210 MB). Inside :func:`workers_die_with_parent`, every process
this one forks asks the kernel to kill it when its parent dies (Linux
``PR_SET_PDEATHSIG``), and exits at once if the parent is already gone. Elsewhere it
does nothing: the workers are daemonic and end with a parent that exits normally.

The kernel sends the signal when the *thread* that forked ends, so fork workers from a
thread that lives as long as they do (the CLI forks from its main thread).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: ``prctl`` option number of PR_SET_PDEATHSIG (linux/prctl.h).
PR_SET_PDEATHSIG = 1

_state = threading.local()
_lock = threading.Lock()
_depth = 0
_hooked = False


def _in_child(parent: int) -> None:
    """Run in a freshly forked child: die with ``parent``."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: nothing to ask
        return
    if os.getppid() != parent:  # the parent died between the fork and the prctl
        os._exit(1)


def _after_fork_in_child() -> None:
    parent = getattr(_state, "parent", None)
    if _depth > 0 and parent is not None:
        _in_child(parent)


def _before_fork() -> None:
    _state.parent = os.getpid()


def supported() -> bool:
    """True where the kernel can kill a child with its parent (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "register_at_fork")


@contextmanager
def workers_die_with_parent() -> Iterator[None]:
    """Every process forked inside this block is killed when this process dies."""
    global _depth, _hooked
    if not supported():
        yield
        return
    with _lock:
        if not _hooked:
            os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)
            _hooked = True
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
