"""Run a core job on the thread pool and get its result back on the main thread.

Jobs are the core's plain functions (progress callback + cancel flag); workers never
touch widgets. Each job has an increasing id; a result that arrives after a newer job
of the same kind started is dropped as stale.
"""

from __future__ import annotations

import itertools
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal

from cxeditor.jobs import CancelFlag, Cancelled

Job = Callable[[Callable[[int, int, str], None], CancelFlag], Any]


class _Bridge(QObject):
    """Signals are delivered on the receiver's (main) thread: the hop back to the GUI."""

    progressed = Signal(int, int, int, str)  # job id, done, total, message
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object, str)  # job id, exception, traceback text
    cancelled = Signal(int)


class _Runnable(QRunnable):
    def __init__(self, job_id: int, job: Job, cancel: CancelFlag, bridge: _Bridge) -> None:
        super().__init__()
        self.job_id, self.job, self.cancel, self.bridge = job_id, job, cancel, bridge

    def run(self) -> None:
        def progress(done: int, total: int, message: str) -> None:
            self.bridge.progressed.emit(self.job_id, done, total, message)

        try:
            result = self.job(progress, self.cancel)
        except Cancelled:
            self.bridge.cancelled.emit(self.job_id)
        except Exception as error:  # noqa: BLE001 - every failure goes back to the GUI
            self.bridge.failed.emit(self.job_id, error, traceback.format_exc())
        else:
            self.bridge.finished.emit(self.job_id, result)
        finally:
            # PySide keeps some finished runnables' wrappers alive (seen in the soak:
            # two in three suggestion jobs); let go of what the job held at least.
            del self.job, self.cancel


@dataclass(frozen=True, slots=True)
class _Callbacks:
    kind: str
    done: Callable[[Any], None]
    error: Callable[[BaseException, str], None]
    progress: Callable[[int, int, str], None]
    cancelled: Callable[[], None]
    dispose: Callable[[Any], None]


class Task:
    """A running job: its id, its cancel flag."""

    def __init__(self, job_id: int, cancel: CancelFlag) -> None:
        self.id = job_id
        self.cancel_flag = cancel

    def cancel(self) -> None:
        self.cancel_flag.cancel()


class TaskRunner(QObject):
    """Starts jobs and routes their progress and outcome to callbacks."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._last_id = 0  # the newest job's id: wait() sees whether delivering started one
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, _Callbacks] = {}
        self._bridge = _Bridge()
        self._bridge.progressed.connect(self._on_progress)
        self._bridge.finished.connect(self._on_finished)
        self._bridge.failed.connect(self._on_failed)
        self._bridge.cancelled.connect(self._on_cancelled)

    def run(
        self,
        kind: str,
        job: Job,
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
        on_progress: Callable[[int, int, str], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        dispose: Callable[[Any], None] | None = None,
    ) -> Task:
        """Start `job`. `dispose` receives a result nobody takes (a newer job of the same
        kind started meanwhile): a result that holds a connection closes it there."""
        job_id = self._last_id = next(self._ids)
        self._latest[kind] = job_id
        cancel = CancelFlag()
        self._callbacks[job_id] = _Callbacks(
            kind,
            on_done,
            on_error,
            on_progress or _ignore,
            on_cancel or _ignore,
            dispose or _ignore,
        )
        self.pool.start(_Runnable(job_id, job, cancel, self._bridge))
        return Task(job_id, cancel)

    def wait(self) -> None:
        """Block until all jobs finished and their outcomes were delivered (tests,
        shutdown): a result still queued when the window goes would never be closed."""
        while True:
            self.pool.waitForDone()
            started = self._last_id
            QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
            # An outcome may start another job (the project's memory, once built, looks
            # up the current segment): wait for that one too, or it runs on under a
            # closing project.
            if self._last_id == started:
                return

    def pending(self) -> int:
        """Jobs started whose outcome has not been delivered yet."""
        return len(self._callbacks)

    def _current(self, job_id: int) -> _Callbacks | None:
        entry = self._callbacks.get(job_id)
        if entry is None or self._latest.get(entry.kind) != job_id:
            return None  # stale: a newer job of this kind has started
        return entry

    def _on_progress(self, job_id: int, done: int, total: int, message: str) -> None:
        entry = self._current(job_id)
        if entry:
            entry.progress(done, total, message)

    def _on_finished(self, job_id: int, result: object) -> None:
        entry = self._current(job_id)
        stale = self._callbacks.pop(job_id, None)
        if entry:
            entry.done(result)
        elif stale:
            stale.dispose(result)

    def _on_failed(self, job_id: int, error: BaseException, details: str) -> None:
        entry = self._current(job_id)
        self._callbacks.pop(job_id, None)
        if entry:
            entry.error(error, details)

    def _on_cancelled(self, job_id: int) -> None:
        entry = self._current(job_id)
        self._callbacks.pop(job_id, None)
        if entry:
            entry.cancelled()


def _ignore(*_args: object) -> None:
    """Default callback for progress or cancellation nobody listens to."""
