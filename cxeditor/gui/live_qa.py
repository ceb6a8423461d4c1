"""Live QA for the window: the whole project in a worker when it opens (and on F7), the
segment being typed re-checked on the main thread once typing pauses.

The worker builds a `LiveQa` from a plain-data snapshot of the article and hands it
back; from then on only the main thread uses it (a segment takes well under 5 ms, see
bench/bench_live_qa.py), so no lock is needed and no widget is touched off the main
thread.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Article
from cxeditor.qa.base import Finding
from cxeditor.tm.glossary import GlossaryEntry

from .tasks import Task, TaskRunner

if TYPE_CHECKING:
    from cxeditor.qa.live import LiveQa

TYPING_PAUSE_MS = 300  # re-check once typing pauses this long


class LiveQaController(QObject):
    loaded = Signal()  # a whole run's findings arrived
    segmentChecked = Signal(int)  # one segment re-checked (its id)

    def __init__(self, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.live: LiveQa | None = None
        self._pending: tuple[int, str] | None = None
        self._generation = 0  # a run started before clear() is not shown after it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)
        self._timer.timeout.connect(self.flush)

    def run_project(
        self,
        article: Article,
        *,
        dismissed: Collection[tuple[int, str, str]],
        glossary: Collection[GlossaryEntry],
        on_done: Callable[[list[Finding]], None] | None = None,
        on_error: Callable[[BaseException, str], None],
        on_cancel: Callable[[], None] | None = None,
    ) -> Task:
        """QA over the whole article in a worker; a newer run makes an older one stale."""
        generation = self._generation

        from cxeditor.qa.live import LiveQa  # noqa: PLC0415 - the checks load with the project

        def job(progress: ProgressCallback, cancel: CancelFlag) -> LiveQa:
            return LiveQa.run(
                article, dismissed=dismissed, glossary=glossary, progress=progress, cancel=cancel
            )

        def done(live: LiveQa) -> None:
            if generation != self._generation:
                return
            self.live = live
            self.loaded.emit()
            if on_done is not None:
                on_done(live.findings())

        return self.tasks.run("qa", job, on_done=done, on_error=on_error, on_cancel=on_cancel)

    def clear(self) -> None:
        self._timer.stop()
        self._pending = None
        self.live = None
        self._generation += 1

    # -- the segment being typed ---------------------------------------------------------

    def edited(self, segment_id: int, text: str) -> None:
        """The editor's text changed: re-check once typing pauses."""
        self._pending = (segment_id, text)
        self._timer.start()

    def flush(self) -> None:
        """Re-check a pending edit now (a move to another segment does this too)."""
        self._timer.stop()
        if self._pending is not None:
            segment_id, text = self._pending
            self._pending = None
            self.check_now(segment_id, text)

    def check_now(self, segment_id: int, text: str) -> None:
        """Re-check the segment if `text` is not what its findings index."""
        if self.live is None or self.live.checked_text(segment_id) in (None, text):
            return
        self.live.check_segment(segment_id, text)
        self.segmentChecked.emit(segment_id)

    # -- reading -------------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        return self.live.findings() if self.live is not None else []

    def segment_findings(self, segment_id: int | None) -> list[Finding]:
        if self.live is None or segment_id is None:
            return []
        return self.live.segment_findings(segment_id)

    def checked_text(self, segment_id: int) -> str | None:
        return self.live.checked_text(segment_id) if self.live is not None else None

    def order(self, segment_id: int) -> int:
        return self.live.order(segment_id) if self.live is not None else segment_id

    def dismiss(self, keys: Collection[tuple[int, str, str]]) -> None:
        if self.live is not None:
            self.live.dismiss(keys)
