"""Job progress dialogs, job failures and cancels, and the status-bar summary of the work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QProgressDialog,
)

from cxeditor.errors import CxError
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.model import Status

from .base import WindowBase


class ProgressPart(WindowBase):
    def _start_progress(self, title: str, task_holder: list[Task]) -> None:
        self._progress = QProgressDialog(title, _("Cancel"), 0, 0, self)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.setMinimumDuration(300)

        def cancel() -> None:
            if task_holder:
                task_holder[0].cancel()

        self._progress.canceled.connect(cancel)

    def _finish_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None

    def _on_progress(self, done: int, total: int, message: str) -> None:
        # A local reference: a modal dialog's setValue() processes events, and the
        # job's end can arrive there and close the dialog under us.
        progress = self._progress
        if progress is None:
            return
        if message:
            progress.setLabelText(message)
        progress.setMaximum(max(total, 0))
        progress.setValue(min(done, total) if total else 0)

    def _job_failed(self, kind: str) -> Callable[[BaseException, str], None]:
        def failed(error: BaseException, details: str) -> None:
            self._finish_progress()
            if isinstance(error, CxError):
                self.notify_error(str(error))
            else:
                from cxeditor.crashlog import log_unexpected  # noqa: PLC0415

                log_unexpected(details)
                self.notify_error(_("Unexpected error: {error}").format(error=error))
            self.jobFinished.emit(kind)

        return failed

    def _job_cancelled(self, kind: str) -> Callable[[], None]:
        def cancelled() -> None:
            self._finish_progress()
            self.statusBar().showMessage(_("Cancelled; nothing was changed."), 5000)
            self.jobFinished.emit(kind)

        return cancelled

    def _update_summary(self) -> None:
        """The status bar's figures, from counts kept as segments change (a confirm on
        a 20,000-segment project must not count them all again)."""
        counts = self.model.status_counts()
        self.summary_label.setText(
            _(
                "{total} segments · {translated} translated · {approved} approved · "
                "{errors} with QA errors · {words} source words"
            ).format(
                total=self.model.rowCount(),
                translated=counts[Status.TRANSLATED],
                approved=counts[Status.APPROVED],
                errors=len(self._error_segments),
                words=self.model.source_words(),
            )
        )
