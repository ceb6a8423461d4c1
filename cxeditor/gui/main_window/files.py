"""Projects and files: open, close, the recovery offer, import, export, file dialogs,
recent projects, drag and drop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QInputDialog,
)

from cxeditor.errors import CxError, ProjectLockedError, ProjectNotWritableError
from cxeditor.formats import IMPORTERS
from cxeditor.gui.file_dialogs import open_file_name, save_file_name
from cxeditor.gui.segment_model import (
    rows_from_article,
)
from cxeditor.gui.settings import (
    NAME_POLICY,
)
from cxeditor.gui.tasks import Task
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, wait_for_queued
from cxeditor.services import (
    EXPORT_FORMATS,
    ImportResult,
    create_project_from_files,
    export_project,
)
from cxeditor.store import PROJECT_SUFFIX, Project
from cxeditor.store.factory import is_shared, project_ref
from cxeditor.store.factory import open_project as open_any_project
from cxeditor.tm.combined import feed_user_memory

from .base import WindowBase

if TYPE_CHECKING:
    from cxeditor.model import Article
    from cxeditor.store.shared import OpenedProject


def project_key(project: Project) -> str:
    """How the settings name a project: its resolved path, or a shared project's URL."""
    return str(project.path) if is_shared(project.path) else str(project.path.resolve())


def project_name(project: Project) -> str:
    """A file's name, or a shared project's `NAME (user@host/database)`."""
    if is_shared(project.path):
        from cxeditor.store.server import display_name  # noqa: PLC0415

        server_url = str(getattr(project, "server_url", ""))
        return f"{getattr(project, 'name', '')} ({display_name(server_url)})"
    return project.path.name


class FilesPart(WindowBase):
    def open_project(
        self,
        path: Path | str,
        *,
        restore_pending: bool = False,
        on_opened: Callable[[], None] | None = None,
    ) -> bool:
        """Open a project file, or a shared project by its postgresql://…/DATABASE/NAME
        URL; a locked file may be opened read-only. Unconfirmed edits left from before
        are offered for recovery (or restored without asking, when the same user just
        reopened the window in another language). A shared project is read in a
        worker: True then says the opening started; `projectOpened` (and `on_opened`)
        come when it is open, an error message when it could not be."""
        self.close_project()
        ref = project_ref(str(path)) if isinstance(path, str) else path
        if is_shared(ref):
            self._open_shared(str(ref), restore_pending=restore_pending, on_opened=on_opened)
            return True
        try:
            project = open_any_project(ref, who=self.settings.user_name())
        except (ProjectLockedError, ProjectNotWritableError) as error:
            if not self.ask(
                _("Project in use"), _("{error}\n\nOpen it read-only?").format(error=error)
            ):
                return False
            try:
                project = open_any_project(ref, readonly=True, who=self.settings.user_name())
            except CxError as second:
                self.notify_error(str(second))
                return False
        except CxError as error:
            self.notify_error(str(error))
            return False
        try:  # rows nobody can read (edited by hand)
            article = project.load_article()
            pending = project.pending_edits() if not project.readonly else {}
        except CxError as error:
            project.close()
            self.notify_error(str(error))
            return False
        self._show_opened(str(path), project, article, pending, restore_pending=restore_pending)
        if on_opened is not None:
            on_opened()
        return True

    def _open_shared(
        self, url: str, *, restore_pending: bool, on_opened: Callable[[], None] | None
    ) -> None:
        """Connect and read the shared project in a worker; the window shows it when
        the answer comes (a silent server holds up nothing: the window stays usable,
        and opening something else drops this one)."""
        from cxeditor.store.server import display_name  # noqa: PLC0415 - loads psycopg
        from cxeditor.store.shared import (  # noqa: PLC0415
            open_for_editing,
            split_project_url,
        )

        server_url, name = split_project_url(url)
        self.statusBar().showMessage(
            _("Opening {name} from {server}…").format(name=name, server=display_name(server_url))
        )

        def job(_progress: ProgressCallback, _cancel: CancelFlag) -> OpenedProject:
            return open_for_editing(url)

        def done(opened: OpenedProject) -> None:
            if self._opening is not task or self.project is not None:
                opened.project.close()  # something else was opened (or closed) meanwhile
                return
            self._opening = None
            self.statusBar().clearMessage()
            self._show_opened(
                url,
                opened.project,
                opened.article,
                opened.pending,
                restore_pending=restore_pending,
                opened=opened,
            )
            if on_opened is not None:
                on_opened()

        def failed(error: BaseException, details: str) -> None:
            if self._opening is not task:
                return
            self._opening = None
            self.statusBar().clearMessage()
            self._job_failed("open")(error, details)

        task = self.tasks.run(
            "open-shared",
            job,
            on_done=done,
            on_error=failed,
            dispose=lambda opened: opened.project.close(),
        )
        self._opening = task

    def _show_opened(
        self,
        path: str,
        project: Project,
        article: Article,
        pending: dict[int, str],
        *,
        restore_pending: bool,
        opened: OpenedProject | None = None,
    ) -> None:
        """The window on a project just opened (and read)."""
        self.project = project
        self.model.editable = not project.readonly
        self.undo_stack.clear()
        if not project.readonly:
            try:  # what a review import killed before its memory feed left queued
                feed_user_memory(project, self.memory())
            except CxError as error:
                self.notify_error(str(error))
        self.model.load(rows_from_article(article))
        if opened is not None:
            self._start_team(opened)
        self._apply_review_layout()
        self._build_project_memory(project, article)
        self._offer_recovery(pending, ask=not restore_pending)
        self.settings.add_recent_project(project_key(project))
        self._update_title()
        self._update_summary()
        self._update_actions()
        self.show_findings([])
        self._select_where_the_user_was(project)
        self._preview_timer.start()
        self.projectOpened.emit(path)

    def close_project(self) -> None:
        self._opening = None  # a shared project still being read is dropped when it comes
        if self.project is None:
            return
        self.save_pending_edit()
        if self.current_id is not None:
            self.settings.set_last_segment(project_key(self.project), self.current_id)
        self._stop_team()
        self.project.close()
        self.project = None
        self.model.editable = False
        self.live_qa.clear()
        if self._project_memory is not None:
            self._project_memory.close()
            self._project_memory = None
        self.second_opinion_versions = {}
        self.current_id = None
        self._recovered = {}
        self.undo_stack.clear()
        self.model.load([])
        self._load_editor(None)
        self._update_title()
        self._update_actions()

    def _offer_recovery(self, pending: dict[int, str], *, ask: bool = True) -> None:
        assert self.project is not None
        if not pending:
            return
        numbers = sorted(
            self.model.row(number).number
            for segment_id in pending
            if (number := self.model.row_number_of(segment_id)) is not None
        )
        if not ask or self.ask(
            _("Recover unconfirmed edits"),
            _(
                "{n} unconfirmed edit(s) were found from a previous session, in segment(s) "
                "{segments}. Restore them into the editor (they stay unconfirmed until you "
                "confirm)?"
            ).format(n=len(pending), segments=", ".join(f"#{n}" for n in numbers)),
        ):
            self._recovered = pending
        else:
            for segment_id in pending:
                if self._sender is not None:  # a shared project: never wait on the server
                    self._send_draft(segment_id, None)
                else:
                    self.project.discard_pending_edit(segment_id)

    def _select_where_the_user_was(self, project: Project) -> None:
        """A restored edit first, else the segment of the last session, else the first
        unconfirmed one."""
        candidates = [
            *sorted(self._recovered, key=lambda i: self.model.row_number_of(i) or 0),
            self.settings.last_segment(project_key(project)),
        ]
        for segment_id in candidates:
            number = self.model.row_number_of(segment_id) if segment_id is not None else None
            if number is not None:
                self.select_row(number)
                if segment_id in self._recovered:
                    self.statusBar().showMessage(
                        _("Restored the unconfirmed edit of segment #{n}.").format(
                            n=self.model.row(number).number
                        ),
                        10_000,
                    )
                return
        self.select_row(self._next_unconfirmed_row(-1) or 0)

    def _update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle("cxeditor")
            return
        suffix = _(" [read-only]") if self.project.readonly else ""
        name = project_name(self.project)
        self.setWindowTitle(f"{name}{suffix} — cxeditor")

    def import_article(
        self,
        article: Path | None,
        output: Path,
        *,
        translation: Path | None = None,
        overwrite: bool = False,
    ) -> Task:
        """Create a project from files in a worker thread, then open it."""
        name_policy = str(self.settings.get(NAME_POLICY))
        holder: list[Task] = []
        self._start_progress(
            _("Importing {name}…").format(name=(article or translation or output).name), holder
        )

        def job(progress: ProgressCallback, cancel: CancelFlag) -> ImportResult:
            return create_project_from_files(
                output,
                source=article,
                translation=translation,
                overwrite=overwrite,
                name_policy=name_policy,
                progress=progress,
                cancel=cancel,
            )

        def done(result: ImportResult) -> None:
            self._finish_progress()
            if self.open_project(output):
                self.propose_glossary_terms(only_if_any=True)
            if result.report:
                self.statusBar().showMessage(
                    _("Imported with {n} alignment warning(s); see the import report.").format(
                        n=len(result.report)
                    ),
                    10_000,
                )
            self.jobFinished.emit("import")

        task = self.tasks.run(
            "import",
            job,
            on_done=done,
            on_error=self._job_failed("import"),
            on_progress=self._on_progress,
            on_cancel=self._job_cancelled("import"),
        )
        holder.append(task)
        return task

    def export_to(self, format_name: str, output: Path) -> Task | None:
        if self.project is None:
            return None
        if not self._is_shared() and output.resolve() == self.project.path.resolve():
            self.notify_error(_("The export cannot overwrite the project file itself."))
            return None
        # A plain-data snapshot for the worker; a shared project's is read in the worker,
        # after the writes queued before (the export has them all, nobody waits).
        shared = self._is_shared()
        article = None if shared else self.project.load_article()
        companion = self.project.companion
        queued = self._wait_for_queued()
        glossary = self.glossary_entries()  # Korean spellings of authors' names
        holder: list[Task] = []
        self._start_progress(_("Exporting {name}…").format(name=output.name), holder)

        def job(progress: ProgressCallback, cancel: CancelFlag) -> None:
            snapshot = article
            if snapshot is None:
                wait_for_queued(queued, progress, cancel)
                with companion() as worker_project:
                    snapshot = worker_project.load_article()
            export_project(
                snapshot, format_name, output, glossary=glossary, progress=progress, cancel=cancel
            )

        def done(_result: object) -> None:
            self._finish_progress()
            self.statusBar().showMessage(_("Exported {name}").format(name=output.name), 10_000)
            self.jobFinished.emit("export")

        task = self.tasks.run(
            "export",
            job,
            on_done=done,
            on_error=self._job_failed("export"),
            on_progress=self._on_progress,
            on_cancel=self._job_cancelled("export"),
        )
        holder.append(task)
        return task

    def _article_filter(self) -> str:
        patterns = " ".join(f"*{ext}" for ext in sorted(IMPORTERS))
        return _("Articles ({patterns})").format(patterns=patterns)

    def _output_for(self, article: Path) -> Path | None:
        suggested = str(article.with_suffix(PROJECT_SUFFIX))
        name = save_file_name(
            self, _("Save project as"), suggested, _("cxeditor projects (*.cxproj)")
        )
        return Path(name) if name else None

    def choose_article(self) -> None:
        name = open_file_name(self, _("Import an English article"), self._article_filter())
        if name and (output := self._output_for(Path(name))):
            self.import_article(Path(name), output, overwrite=output.exists())

    def choose_review_article(self) -> None:
        name = open_file_name(self, _("Import a Korean article to review"), self._article_filter())
        if name and (output := self._output_for(Path(name))):
            self.import_article(None, output, translation=Path(name), overwrite=output.exists())

    def choose_project(self) -> None:
        name = open_file_name(self, _("Open project"), _("cxeditor projects (*.cxproj)"))
        if name:
            self.open_project(Path(name))

    def choose_export(self) -> None:
        if self.project is None:
            return
        formats = sorted(EXPORT_FORMATS)
        format_name, accepted = QInputDialog.getItem(
            self, _("Export"), _("Format:"), formats, 0, False
        )
        if not accepted:
            return
        suggested = (
            f"{project_name(self.project)}.{format_name}"
            if self._is_shared()
            else str(self.project.path.with_suffix(f".{format_name}"))
        )
        name = save_file_name(self, _("Export to"), suggested)
        if name:
            self.export_to(format_name, Path(name))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(project_ref(p)))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()]
        if len(paths) == 1 and paths[0].suffix.lower() in {*IMPORTERS, PROJECT_SUFFIX}:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls()]
        if len(paths) != 1:
            return
        path = paths[0]
        event.acceptProposedAction()
        if path.suffix.lower() == PROJECT_SUFFIX:
            self.open_project(path)
            return
        output = path.with_suffix(PROJECT_SUFFIX)
        if output.exists() and not self.ask(
            _("Replace project?"),
            _("{name} exists. Replace it with a new import?").format(name=output.name),
        ):
            return
        self.import_article(path, output, overwrite=output.exists())
