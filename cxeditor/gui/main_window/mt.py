"""Pre-translation of the whole project (memory, then one engine or several competing
ones) in a worker; the second opinion of the engine in Settings, its versions beside
the editor's."""

from __future__ import annotations

import html
from contextlib import closing
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cxeditor.errors import CxError
from cxeditor.gui.docks import MtEntry
from cxeditor.gui.second_look import start_second_opinion
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, wait_for_queued
from cxeditor.tm.combined import PROJECT, USER, CombinedMemory, project_memory

if TYPE_CHECKING:
    from cxeditor.mt.runner import PretranslateResult
from .base import WindowBase


class MtPart(WindowBase):
    def second_opinion(self) -> Task | None:
        """Ctrl+Shift+O: the engine in Settings checks every translated segment."""
        task: Task | None = start_second_opinion(self)
        return task

    def show_second_opinion(self, segment_id: int | None) -> None:
        """The engines' versions of this segment (Second opinion), in the suggestions."""
        versions = self.second_opinion_versions.get(segment_id or -1, [])
        if segment_id is None or not versions:
            return  # nothing to show: the segment's other MT rows stay as they are
        label = _("{engine} (second opinion)")
        self.suggestions_panel.show_mt(
            segment_id,
            [MtEntry(text, label.format(engine=engine), [], True) for engine, text in versions],
        )

    def _choose_engines(self, chosen: list[str]) -> list[str] | None:
        from cxeditor.gui.mt_ui import EnginesDialog  # noqa: PLC0415 - loads requests

        dialog = EnginesDialog(chosen, self)
        if dialog.exec() != EnginesDialog.DialogCode.Accepted:
            return None
        return dialog.chosen()

    def choose_pretranslate(self) -> None:
        """Ctrl+Shift+T: the engines chosen in Settings, ticked; the user may tick more
        (they compete per segment) or none (the memory only)."""
        names = self.choose_engines(self.settings.chosen_engines())
        if names is not None:
            self.pretranslate_with(names)

    def pretranslate_with(self, engine_names: str | list[str]) -> Task | None:
        """TM, then machine translation (several engines compete), in a worker with its
        own project connection. `engine_names`: CLI names; none or `tm`: memory only."""
        from cxeditor.gui.engine_choice import build_engines  # noqa: PLC0415 - loads requests
        from cxeditor.mt.runner import pretranslate  # noqa: PLC0415
        from cxeditor.qa.candidates import CandidateQa  # noqa: PLC0415 - judges MT outputs

        names = [engine_names] if isinstance(engine_names, str) else list(engine_names)
        names = [name for name in names if name != "tm"]
        project = self._writable()
        if project is None:
            return None
        meta = self._project_meta()
        entries = self.glossary_entries()
        try:
            engines = build_engines(
                self.settings,
                names,
                formality=meta.mt_formality or "default",
                papago_glossary=meta.mt_papago_glossary,
                glossary=entries,
                context=meta.title,
            )
        except CxError as error:
            self.notify_error(str(error))
            return None
        companion = project.companion
        queued = self._wait_for_queued()  # a shared project: confirms made before go first
        terms = [entry.source for entry in entries if entry.dnt]  # travel protected
        open_user_memory = self.open_user_memory
        holder: list[Task] = []
        self._start_progress(_("Pre-translating…"), holder)

        def job(progress: ProgressCallback, cancel: CancelFlag) -> PretranslateResult:
            wait_for_queued(queued, progress, cancel)
            # The worker's own connections (made here, never on the window's thread):
            # the project's, the user's (or the team's) memory too.
            with (
                companion() as worker_project,
                closing(open_user_memory()) as user_memory,
                project_memory(worker_project.load_article()) as own,
            ):
                return pretranslate(
                    worker_project,
                    engines or None,
                    tm_lookup=CombinedMemory([(PROJECT, own), (USER, user_memory)]).best,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    terms=terms,
                    judge=partial(CandidateQa, glossary=entries),
                    progress=progress,
                    cancel=cancel,
                )

        def reload() -> None:
            self._finish_progress()
            if self._sender is not None:  # read after what is queued, shown when it comes
                self._ask_reload(self.qa_after_job)  # the drafts are new text for QA
            elif self.project is not None:
                self._reload_rows(self.project.load_article())
                self.qa_after_job()

        def done(result: PretranslateResult) -> None:
            reload()
            errors = [stats.error for stats in result.engines if stats.error]
            if result.error or errors:
                self.notify_error("\n".join(dict.fromkeys([*errors, result.error or ""])).strip())
            message = _("Pre-translated {n} segments ({tm} from memory); {left} left").format(
                n=result.from_engine + result.from_cache, tm=result.from_tm, left=result.left
            )
            if len(result.engines) > 1:
                chosen = ", ".join(
                    f"{stats.engine} {stats.chosen}" for stats in result.engines if stats.chosen
                )
                message += " · " + _("drafts by engine: {engines}").format(engines=chosen or "—")
                self._show_engine_table(result)
            self.statusBar().showMessage(message, 10_000)
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

    def _show_engine_table(self, result: PretranslateResult) -> None:
        """Competing engines: the table the command line ends with, per engine (not
        blocking: the editor goes on working)."""
        from cxeditor.mt.runner import engine_table  # noqa: PLC0415

        table = html.escape("\n".join(engine_table(result)))
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Engines compared"),
            f"<pre>{table}</pre>",
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("engine-table")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
