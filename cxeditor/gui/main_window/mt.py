"""Pre-translation of the whole project (memory, then machine translation) in a worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QInputDialog,
)

from cxeditor.errors import CxError
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.tm.combined import PROJECT, USER, CombinedMemory, project_memory
from cxeditor.tm.memory import (
    SqliteMemory,
    user_memory_path,
)

if TYPE_CHECKING:
    from cxeditor.mt.runner import PretranslateResult
from .base import WindowBase


class MtPart(WindowBase):
    def choose_pretranslate(self) -> None:
        from cxeditor.mt.engines import ENGINE_NAMES  # noqa: PLC0415 - keeps start-up lean

        engine_name, accepted = QInputDialog.getItem(
            self, _("Pre-translate"), _("Engine:"), list(ENGINE_NAMES), 0, False
        )
        if not accepted:
            return
        url = None
        if engine_name == "libre":
            url, accepted = QInputDialog.getText(
                self, _("Pre-translate"), _("Server address:"), text="http://localhost:5000/"
            )
            if not accepted:
                return
        self.pretranslate_with(engine_name, url=url or None)

    def pretranslate_with(self, engine_name: str, *, url: str | None = None) -> Task | None:
        """TM, then machine translation, in a worker with its own project connection."""
        from cxeditor.mt.engines import make_engine  # noqa: PLC0415 - loads requests
        from cxeditor.mt.keys import api_key_for  # noqa: PLC0415
        from cxeditor.mt.runner import pretranslate  # noqa: PLC0415

        project = self._writable()
        if project is None:
            return None
        try:
            engine = (
                None
                if engine_name == "tm"
                else make_engine(engine_name, url=url, api_key=api_key_for(engine_name))
            )
        except CxError as error:
            self.notify_error(str(error))
            return None
        meta = project.meta()
        worker_project = project.companion()
        user_memory = SqliteMemory(user_memory_path())  # its own connection, for the worker
        holder: list[Task] = []
        self._start_progress(_("Pre-translating…"), holder)

        def job(progress: ProgressCallback, cancel: CancelFlag) -> PretranslateResult:
            with worker_project, user_memory, project_memory(worker_project.load_article()) as own:
                return pretranslate(
                    worker_project,
                    engine,
                    tm_lookup=CombinedMemory([(PROJECT, own), (USER, user_memory)]).best,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    progress=progress,
                    cancel=cancel,
                )

        def reload() -> None:
            self._finish_progress()
            if self.project is not None:
                self._reload_rows(self.project.load_article())
                self.qa_after_job()  # the drafts are new text for QA

        def done(result: PretranslateResult) -> None:
            reload()
            if result.error:
                self.notify_error(result.error)
            self.statusBar().showMessage(
                _("Pre-translated {n} segments ({tm} from memory); {left} left").format(
                    n=result.from_engine + result.from_cache, tm=result.from_tm, left=result.left
                ),
                10_000,
            )
            self.jobFinished.emit("pretranslate")

        def failed(error: BaseException, details: str) -> None:
            reload()
            self._job_failed("pretranslate")(error, details)

        def cancelled() -> None:
            reload()  # what was done before the cancel is committed: show it
            self._job_cancelled("pretranslate")()

        task = self.tasks.run(
            "pretranslate",
            job,
            on_done=done,
            on_error=failed,
            on_progress=self._on_progress,
            on_cancel=cancelled,
        )
        holder.append(task)
        return task
