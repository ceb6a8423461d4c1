"""The shape of every long job: a plain function taking a progress callback and a cancel flag.

The CLI passes a progress printer, the GUI a signal emitter from its worker thread, the
tests a list's append; all call the same function.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Callable, Iterator

from cxeditor.i18n import _

# progress(done, total, message); total may be 0 when unknown.
ProgressCallback = Callable[[int, int, str], None]


def no_progress(done: int, total: int, message: str) -> None:
    """Progress callback for callers that do not display progress."""


class Cancelled(Exception):  # noqa: N818 - reads as "the job was cancelled"
    """Raised inside a job when its cancel flag is set; the job leaves no partial result."""


class CancelFlag:
    """Thread-safe flag a caller sets to ask a running job to stop at its next check."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled if cancellation was asked for."""
        if self._event.is_set():
            raise Cancelled


def wait_for_queued(
    queued: tuple[threading.Event, threading.Event] | None,
    progress: ProgressCallback,
    cancel: CancelFlag,
) -> None:
    """Wait (in a worker) until the writes queued before the job were taken by the team
    server: `queued` is (set then, set when the sender stops); None: nothing to wait
    for. Raises Cancelled when cancelled or stopped meanwhile (nothing written)."""
    if queued is None or queued[0].is_set():
        return
    taken, stopping = queued
    progress(0, 0, _("Waiting for the team server to take the edits made before…"))
    while not taken.wait(0.1):
        cancel.check()
        if stopping.is_set():
            raise Cancelled


# Jobs inside collector_paused now (the GUI's worker threads may run two at once), and
# whether the collector was on when the first of them came in: it comes back on when
# the last one leaves, not when the first one does.
_pause_lock = threading.Lock()
_pauses = 0
_resume_collector = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a job builds or walks a large article.

    Such jobs allocate a few objects per segment or token and create no cycles, yet
    with a large article in memory each collection walks all of it: a third of a QA
    run's time on 20,000 segments, a quarter of loading them. Safe for jobs that
    overlap in threads."""
    global _pauses, _resume_collector  # noqa: PLW0603 - one collector per process
    with _pause_lock:
        if _pauses == 0:
            _resume_collector = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume_collector:
                gc.enable()
