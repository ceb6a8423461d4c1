"""The editor's main window: the segment grid, the editor pane, actions and jobs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QHelpEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cxeditor.clock import now_iso
from cxeditor.errors import CxError, ProjectLockedError, ProjectNotWritableError
from cxeditor.formats import IMPORTERS
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Article, Origin, OriginKind, Segment, Status
from cxeditor.names import published_names
from cxeditor.services import (
    EXPORT_FORMATS,
    ImportResult,
    create_project_from_files,
    export_project,
)
from cxeditor.store import PROJECT_SUFFIX, Project
from cxeditor.text.entities import extract
from cxeditor.text.sentences import count_words
from cxeditor.tm.combined import (
    PROJECT,
    USER,
    CombinedMemory,
    feed_user_memory,
    project_memory,
)
from cxeditor.tm.glossary import (
    Glossary,
    GlossaryEntry,
)
from cxeditor.tm.memory import (
    SqliteMemory,
    user_memory_path,
)

from .assist import AssistMixin
from .commands import SegmentEditCommand, SegmentState
from .dialogs import ReplaceDialog, Replacement, SettingsDialog
from .docks import HistoryPanel, MtEntry, PreviewPanel, QaPanel, SuggestionsPanel
from .glossary_ui import GlossaryPanel
from .highlighter import TokenHighlighter
from .second_look import SecondLookPanel, start_second_opinion
from .segment_model import (
    COL_NUMBER,
    COL_SOURCE,
    COL_TARGET,
    KIND_LABELS,
    STATUS_LABELS,
    UNCONFIRMED,
    SegmentFilter,
    SegmentRole,
    SegmentTableModel,
    rows_from_article,
)
from .settings import (
    EDITOR_FONT_SIZE,
    NAME_POLICY,
    UI_LANGUAGE,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from .tasks import Task, TaskRunner

if TYPE_CHECKING:
    from cxeditor.formats.review_docx import ReviewImportResult
    from cxeditor.mt.runner import PretranslateResult
    from cxeditor.qa.base import Finding

PENDING_SAVE_DELAY_MS = 1500
QA_FILTERS: tuple[tuple[str, frozenset[str] | None], ...] = (
    (N_("Any QA result"), None),
    (N_("With QA findings"), frozenset({"error", "warning", "info"})),
    (N_("With QA errors"), frozenset({"error"})),
)
_SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}
STATUS_FILTERS: tuple[tuple[str, frozenset[Status] | None], ...] = (
    (N_("All statuses"), None),
    (N_("Unconfirmed"), UNCONFIRMED),
    *((STATUS_LABELS[status], frozenset({status})) for status in Status),
)


class TargetEdit(QPlainTextEdit):
    """Ctrl+Z undoes typing while there is typing to undo, then segment edits; hovering
    a QA underline shows its message."""

    highlighter: TokenHighlighter | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and self.highlighter is not None:
            assert isinstance(event, QHelpEvent)
            position = self.cursorForPosition(event.pos()).position()
            message = self.highlighter.message_at(position)
            if message:
                QToolTip.showText(event.globalPos(), message, self)
            else:
                QToolTip.hideText()
            return True
        if event.type() == QEvent.Type.ShortcutOverride and hasattr(event, "matches"):
            document = self.document()
            if event.matches(QKeySequence.StandardKey.Undo) and not document.isUndoAvailable():
                event.ignore()  # let the window's QUndoStack action have it
                return False
            if event.matches(QKeySequence.StandardKey.Redo) and not document.isRedoAvailable():
                event.ignore()
                return False
        return super().event(event)


class MainWindow(AssistMixin, QMainWindow):
    errorShown = Signal(str)  # every error message the user sees, also for tests
    projectOpened = Signal(str)
    jobFinished = Signal(str)  # job kind
    languageChanged = Signal()  # the settings name a new interface language

    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self.project: Project | None = None
        self.tasks = TaskRunner(self)
        self.undo_stack = QUndoStack(self)
        self.model = SegmentTableModel(self)
        self.proxy = SegmentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.current_id: int | None = None
        # the engines' versions from the last Second opinion: segment -> (engine, text)
        self.second_opinion_versions: dict[int, list[tuple[str, str]]] = {}
        self._recovered: dict[int, str] = {}
        self._memory: SqliteMemory | None = None  # the user's, shared by all projects
        self._project_memory: SqliteMemory | None = None  # the open project's own
        self._glossary: Glossary | None = None  # the user's, opened on first use
        self._glossary_entries: list[GlossaryEntry] | None = None
        self._loading_editor = False
        self._progress: QProgressDialog | None = None
        # Questions go through these two callables so tests can answer them.
        self.ask: Callable[[str, str], bool] = self._ask_yes_no
        self.ask_text: Callable[[str, str], str | None] = self._ask_text
        self.choose_proposals: Callable[
            [list[GlossaryEntry]], tuple[list[GlossaryEntry], list[GlossaryEntry]] | None
        ] = self._choose_proposals
        self.edit_term: Callable[[str, str], GlossaryEntry | None] = self._edit_term
        self._pending_timer = QTimer(self)
        self._pending_timer.setSingleShot(True)
        self._pending_timer.setInterval(PENDING_SAVE_DELAY_MS)
        self._pending_timer.timeout.connect(self.save_pending_edit)
        self._build_widgets()
        self._build_docks()
        self._build_actions()
        self.apply_editor_font()
        self.setAcceptDrops(True)
        self.resize(1200, 800)
        geometry = self.settings.store.value(WINDOW_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.restoreState(self.settings.store.value(WINDOW_STATE))
        self._update_title()
        self._update_actions()

    # -- construction ----------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.filter_edit = QLineEdit(placeholderText=_("Filter by text in source or target…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.status_filter = QComboBox()
        for label, _statuses in STATUS_FILTERS:
            self.status_filter.addItem(_(label))
        self.status_filter.currentIndexChanged.connect(
            lambda index: self.proxy.set_statuses(STATUS_FILTERS[index][1])
        )
        self.qa_filter = QComboBox()
        for label, _levels in QA_FILTERS:
            self.qa_filter.addItem(_(label))
        self.qa_filter.currentIndexChanged.connect(
            lambda index: self.proxy.set_qa_levels(QA_FILTERS[index][1])
        )
        self.tweets_only = QCheckBox(_("Tweets only"))
        self.tweets_only.toggled.connect(self.proxy.set_tweets_only)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.filter_edit, 1)
        filter_bar.addWidget(self.status_filter)
        filter_bar.addWidget(self.qa_filter)
        filter_bar.addWidget(self.tweets_only)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        # Uniform row heights keep a 20,000-row grid smooth.
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TARGET, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NUMBER, 50)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)

        self.segment_label = QLabel()
        self.segment_label.setTextFormat(Qt.TextFormat.PlainText)
        self.source_edit = QPlainTextEdit(readOnly=True)
        self.source_edit.setPlaceholderText(_("Source"))
        self.target_edit = TargetEdit()
        self.target_edit.setPlaceholderText(_("Korean translation"))
        self.target_edit.textChanged.connect(self._on_target_changed)
        self._highlighters = (
            TokenHighlighter(self.source_edit.document()),
            TokenHighlighter(self.target_edit.document()),
        )
        self.target_edit.highlighter = self._highlighters[1]
        self._findings_by_segment: dict[int, list[Finding]] = {}
        editors = QSplitter(Qt.Orientation.Horizontal)
        editors.addWidget(self.source_edit)
        editors.addWidget(self.target_edit)
        editor_pane = QWidget()
        editor_layout = QVBoxLayout(editor_pane)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.segment_label)
        editor_layout.addWidget(editors)

        grid_pane = QWidget()
        grid_layout = QVBoxLayout(grid_pane)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(filter_bar)
        grid_layout.addWidget(self.view)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(grid_pane)
        splitter.addWidget(editor_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)

    def _build_docks(self) -> None:
        self.qa_panel = QaPanel(self)
        self.qa_panel.jumpRequested.connect(self.select_segment)
        self.qa_panel.fixRequested.connect(self.apply_fix)
        self.qa_panel.dismissRequested.connect(self.dismiss_finding)
        self.qa_panel.runRequested.connect(self.run_qa_job)
        self.second_look_panel = SecondLookPanel(self)
        self.second_look_panel.jumpRequested.connect(self.select_segment)
        self.history_panel = HistoryPanel(self)
        self.preview_panel = PreviewPanel(self)
        self.suggestions_panel = SuggestionsPanel(self)
        self.glossary_panel = GlossaryPanel(self)
        self.glossary_panel.insertRequested.connect(self.insert_text_at_cursor)
        self.glossary_panel.addRequested.connect(self.add_glossary_term)
        self.glossary_panel.proposeRequested.connect(self.propose_glossary_terms)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(800)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self.docks: dict[str, QDockWidget] = {}
        for key, title, widget in (
            ("qa", _("QA"), self.qa_panel),
            ("second_look", _("Second look"), self.second_look_panel),
            ("suggestions", _("Translation memory"), self.suggestions_panel),
            ("glossary", _("Glossary"), self.glossary_panel),
            ("history", _("Comments and history"), self.history_panel),
            ("preview", _("Preview"), self.preview_panel),
        ):
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")  # saveState() needs names
            dock.setWidget(widget)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.docks[key] = dock
        self.tabifyDockWidget(self.docks["history"], self.docks["preview"])
        self.tabifyDockWidget(self.docks["qa"], self.docks["second_look"])
        self.docks["qa"].raise_()
        self.tabifyDockWidget(self.docks["suggestions"], self.docks["glossary"])
        self.docks["suggestions"].raise_()
        self.docks["preview"].visibilityChanged.connect(self._on_preview_visibility)

    def _on_preview_visibility(self, visible: bool) -> None:
        if visible:
            self._preview_timer.start()

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
        menu: str,
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        self._menus[menu].addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self._menus = {
            name: bar.addMenu(title)
            for name, title in (
                ("file", _("&File")),
                ("edit", _("&Edit")),
                ("segment", _("&Segment")),
                ("tools", _("&Tools")),
                ("view", _("&View")),
                ("help", _("&Help")),
            )
        }
        self.new_action = self._action(
            _("&New from English article…"),
            self.choose_article,
            QKeySequence.StandardKey.New,
            menu="file",
        )
        self.review_action = self._action(
            _("New &review project from Korean article…"), self.choose_review_article, menu="file"
        )
        self.open_action = self._action(
            _("&Open project…"), self.choose_project, QKeySequence.StandardKey.Open, menu="file"
        )
        self.recent_menu = self._menus["file"].addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.export_action = self._action(_("&Export…"), self.choose_export, "Ctrl+E", menu="file")
        self.review_import_action = self._action(
            _("Import &reviewed file (.docx, XLIFF)…"), self.choose_review_file, menu="file"
        )
        self._menus["file"].addSeparator()
        self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit, menu="file")

        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (undo, redo):
            self._menus["edit"].addAction(action)
            self.addAction(action)
        self.copy_tokens_action = self._action(
            _("&Copy source tokens into target"),
            self.copy_source_tokens,
            "Ctrl+Shift+C",
            menu="edit",
        )
        self._action(_("&Find…"), self.focus_filter, QKeySequence.StandardKey.Find, menu="edit")
        self.replace_action = self._action(
            _("&Replace in translations…"), self.choose_replace, "Ctrl+H", menu="edit"
        )
        self._menus["edit"].addSeparator()
        self._action(_("&Settings…"), self.choose_settings, "Ctrl+,", menu="edit")

        self.confirm_action = self._action(
            _("&Confirm and go to next"),
            self.confirm_and_next,
            "Ctrl+Return",
            "Ctrl+Enter",
            menu="segment",
        )
        self._action(_("&Previous segment"), self.go_previous, "Ctrl+Up", menu="segment")
        self._action(_("&Next segment"), self.go_next, "Ctrl+Down", menu="segment")
        self._menus["segment"].addSeparator()
        for number in range(1, 6):
            self._action(
                _("Insert suggestion {n}").format(n=number),
                functools.partial(self.insert_suggestion, number),
                f"Ctrl+{number}",
                menu="segment",
            )
        self.mt_action = self._action(
            _("&Machine-translate this segment"), self.suggest_mt, "Ctrl+M", menu="segment"
        )
        self._menus["segment"].addSeparator()
        self.approve_action = self._action(
            _("&Approve (reviewer)"), self.approve_current, "Ctrl+Shift+A", menu="segment"
        )
        self.reject_action = self._action(
            _("&Reject with comment (reviewer)…"),
            self.reject_current,
            "Ctrl+Shift+R",
            menu="segment",
        )
        self.signoff_action = self._action(
            _("&Sign off the review…"), self.sign_off, menu="segment"
        )
        self.pretranslate_action = self._action(
            _("&Pre-translate…"), self.choose_pretranslate, "Ctrl+Shift+T", menu="tools"
        )
        self.qa_action = self._action(_("Run &QA"), self.run_qa_job, "F7", menu="tools")
        self.second_look_action = self._action(
            _("Next segment for a &second look"), self.next_second_look, "F8", menu="tools"
        )
        self.second_opinion_action = self._action(
            _("Second &opinion from the engine in Settings"),
            lambda: start_second_opinion(self),
            "Ctrl+Shift+O",
            menu="tools",
        )
        self._menus["tools"].addSeparator()
        self.add_term_action = self._action(
            _("Add &glossary term…"), self.add_glossary_term, "Ctrl+Shift+G", menu="tools"
        )
        self.propose_action = self._action(
            _("P&ropose glossary terms…"), self.propose_glossary_terms, menu="tools"
        )
        for dock in self.docks.values():
            self._menus["view"].addAction(dock.toggleViewAction())
        self._action(_("&Keyboard shortcuts"), self.show_shortcuts, "F1", menu="help")

    # -- messages ------------------------------------------------------------------------

    def notify_error(self, message: str) -> None:
        """Every error the user sees passes here: one clear message, never a traceback."""
        self.errorShown.emit(message)
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("cxeditor"), message, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # window-modal but not blocking: jobs and tests keep running

    def _ask_yes_no(self, title: str, question: str) -> bool:
        answer = QMessageBox.question(self, title, question)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_text(self, title: str, label: str) -> str | None:
        text, accepted = QInputDialog.getMultiLineText(self, title, label)
        return text if accepted else None

    # -- projects --------------------------------------------------------------------------

    def open_project(self, path: Path, *, restore_pending: bool = False) -> bool:
        """Open a project file; a locked one may be opened read-only. Unconfirmed edits
        left from before are offered for recovery (or restored without asking, when the
        same user just reopened the window in another language)."""
        self.close_project()
        try:
            project = Project.open(path, who=self.settings.user_name())
        except (ProjectLockedError, ProjectNotWritableError) as error:
            if not self.ask(
                _("Project in use"), _("{error}\n\nOpen it read-only?").format(error=error)
            ):
                return False
            try:
                project = Project.open(path, readonly=True, who=self.settings.user_name())
            except CxError as second:
                self.notify_error(str(second))
                return False
        except CxError as error:
            self.notify_error(str(error))
            return False
        self.project = project
        self.undo_stack.clear()
        if not project.readonly:
            try:  # what a review import killed before its memory feed left queued
                feed_user_memory(project, self.memory())
            except CxError as error:
                self.notify_error(str(error))
        article = project.load_article()
        self.model.load(rows_from_article(article))
        self._build_project_memory(project, article)
        self._offer_recovery(ask=not restore_pending)
        self.settings.add_recent_project(str(path.resolve()))
        self._update_title()
        self._update_summary()
        self._update_actions()
        self.show_findings([])
        self.select_row(self._next_unconfirmed_row(-1) or 0)
        self._preview_timer.start()
        self.projectOpened.emit(str(path))
        return True

    def close_project(self) -> None:
        if self.project is None:
            return
        self.save_pending_edit()
        self.project.close()
        self.project = None
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

    def _offer_recovery(self, *, ask: bool = True) -> None:
        assert self.project is not None
        pending = self.project.pending_edits() if not self.project.readonly else {}
        if not pending:
            return
        if not ask or self.ask(
            _("Recover unconfirmed edits"),
            _(
                "{n} unconfirmed edit(s) were found from a previous session. Restore "
                "them into the editor (they stay unconfirmed until you confirm)?"
            ).format(n=len(pending)),
        ):
            self._recovered = pending
        else:
            for segment_id in pending:
                self.project.discard_pending_edit(segment_id)

    def _update_title(self) -> None:
        if self.project is None:
            self.setWindowTitle("cxeditor")
            return
        suffix = _(" [read-only]") if self.project.readonly else ""
        self.setWindowTitle(f"{self.project.path.name}{suffix} — cxeditor")

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.readonly
        for action in (
            self.confirm_action,
            self.approve_action,
            self.reject_action,
            self.copy_tokens_action,
            self.pretranslate_action,
            self.replace_action,
            self.signoff_action,
        ):
            action.setEnabled(writable)
        self.export_action.setEnabled(self.project is not None)
        self.qa_action.setEnabled(self.project is not None)

    def _update_summary(self) -> None:
        rows = self.model.rows()
        counts = dict.fromkeys(Status, 0)
        for row in rows:
            counts[row.status] += 1
        words = sum(count_words(row.source) for row in rows)
        with_errors = sum(
            any(f.severity.value == "error" for f in findings)
            for findings in self._findings_by_segment.values()
        )
        self.summary_label.setText(
            _(
                "{total} segments · {translated} translated · {approved} approved · "
                "{errors} with QA errors · {words} source words"
            ).format(
                total=len(rows),
                translated=counts[Status.TRANSLATED],
                approved=counts[Status.APPROVED],
                errors=with_errors,
                words=words,
            )
        )

    # -- navigation and the editor pane ----------------------------------------------------

    def select_row(self, source_row: int) -> None:
        if not 0 <= source_row < self.model.rowCount():
            return
        index = self.proxy.mapFromSource(self.model.index(source_row, COL_TARGET))
        if not index.isValid():
            return
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def select_segment(self, segment_id: int) -> None:
        number = self.model.row_number_of(segment_id)
        if number is not None:
            self.select_row(number)

    def current_row(self) -> int | None:
        if self.current_id is None:
            return None
        return self.model.row_number_of(self.current_id)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_pending_edit()
        segment_id = current.data(SegmentRole) if current.isValid() else None
        self._load_editor(segment_id)
        self._underline_findings()
        self.qa_panel.set_segment(segment_id)
        self._show_history(segment_id)
        self._show_suggestions(segment_id)
        self.show_second_opinion(segment_id)

    def _load_editor(self, segment_id: int | None) -> None:
        self.current_id = segment_id
        self._loading_editor = True
        try:
            if segment_id is None:
                self.source_edit.clear()
                self.target_edit.clear()
                self.segment_label.clear()
                return
            number = self.model.row_number_of(segment_id)
            assert number is not None
            row = self.model.row(number)
            self.source_edit.setPlainText(row.source)
            self._show_glossary_hits(row.source)
            recovered = self._recovered.get(segment_id)
            self.target_edit.setPlainText(recovered if recovered is not None else row.target)
            self.target_edit.document().clearUndoRedoStacks()
            locked = row.status is Status.APPROVED or bool(self.project and self.project.readonly)
            self.target_edit.setReadOnly(locked)
            parts = [f"#{row.number}", _(KIND_LABELS[row.kind]), _(STATUS_LABELS[row.status])]
            if row.attribution:
                parts.append(row.attribution)
            if recovered is not None:
                parts.append(_("recovered unconfirmed edit"))
            if row.status is Status.APPROVED:
                parts.append(_("approved: locked"))
            self.segment_label.setText(" · ".join(parts))
        finally:
            self._loading_editor = False

    def _on_target_changed(self) -> None:
        if not self._loading_editor and self.current_id is not None:
            self._pending_timer.start()
            if self._highlighters[1].qa_spans:
                self._underline_findings()  # the stored text's spans no longer apply

    def save_pending_edit(self) -> None:
        """Keep typed-but-unconfirmed text in the project file for crash recovery."""
        self._pending_timer.stop()
        if self.project is None or self.project.readonly or self.current_id is None:
            return
        number = self.model.row_number_of(self.current_id)
        if number is None:
            return
        text = self.target_edit.toPlainText()
        if text != self.model.row(number).target:
            self.project.save_pending_edit(self.current_id, text)
            self._recovered[self.current_id] = text

    def _visible_rows(self) -> list[int]:
        return [
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        ]

    def _next_unconfirmed_row(self, after: int) -> int | None:
        rows = self._visible_rows()
        for row in rows:
            if row > after and self.model.row(row).status in UNCONFIRMED:
                return row
        return None

    def go_next(self) -> None:
        self._step(1)

    def go_previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        current = self.view.currentIndex()
        target = current.row() + delta if current.isValid() else 0
        if 0 <= target < self.proxy.rowCount():
            self.select_row(self.proxy.mapToSource(self.proxy.index(target, 0)).row())

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()

    # -- editing ---------------------------------------------------------------------------

    def _writable(self) -> Project | None:
        if self.project is None:
            return None
        if self.project.readonly:
            self.notify_error(_("This project is open read-only."))
            return None
        return self.project

    def _push(
        self, segment_id: int, after: SegmentState, text: str, comment: str | None = None
    ) -> None:
        project = self._writable()
        number = self.model.row_number_of(segment_id)
        if project is None or number is None:
            return
        row = self.model.row(number)
        before = SegmentState(row.target, row.status, row.origin)
        try:
            self.undo_stack.push(
                SegmentEditCommand(
                    project,
                    segment_id,
                    before=before,
                    after=after,
                    text=text,
                    on_change=self._segment_changed,
                    comment=comment,
                )
            )
        except CxError as error:
            self.notify_error(str(error))

    def _segment_changed(self, segment: Segment) -> None:
        assert segment.id is not None
        self.model.update_segment(segment)
        self._record_in_memory(segment)
        self._recovered.pop(segment.id, None)
        if segment.id == self.current_id:
            self._load_editor(segment.id)
            self._show_history(segment.id)
        self._update_summary()
        self._preview_timer.start()

    def confirm_and_next(self) -> None:
        """Ctrl+Enter: store the target as translated (committed), go to the next unconfirmed."""
        row_number = self.current_row()
        if row_number is None or self.current_id is None:
            return
        row = self.model.row(row_number)
        if row.status is Status.APPROVED:
            self.notify_error(_("This segment is approved and locked."))
            return
        text = self.target_edit.toPlainText()
        self._pending_timer.stop()
        self._push(
            self.current_id,
            SegmentState(text, Status.TRANSLATED, Origin(OriginKind.HUMAN)),
            _("Confirm segment {n}").format(n=row.number),
        )
        following = self._next_unconfirmed_row(row_number)
        if following is not None:
            self.select_row(following)
        else:
            self.statusBar().showMessage(_("No unconfirmed segments left."), 5000)

    def approve_current(self) -> None:
        row_number = self.current_row()
        if row_number is None or self.current_id is None:
            return
        row = self.model.row(row_number)
        if not row.target.strip():
            self.notify_error(_("An empty translation cannot be approved."))
            return
        self._push(
            self.current_id,
            SegmentState(row.target, Status.APPROVED, row.origin),
            _("Approve segment {n}").format(n=row.number),
        )
        following = self._next_row_with(row_number, {Status.TRANSLATED, Status.DRAFT})
        if following is not None:
            self.select_row(following)

    def reject_current(self) -> None:
        row_number = self.current_row()
        if row_number is None or self.current_id is None:
            return
        row = self.model.row(row_number)
        comment = self.ask_text(_("Reject segment"), _("Why is this translation rejected?"))
        if comment is None:
            return
        if not comment.strip():
            self.notify_error(_("A rejection needs a comment."))
            return
        self._push(
            self.current_id,
            SegmentState(row.target, Status.REJECTED, row.origin),
            _("Reject segment {n}").format(n=row.number),
            comment=comment.strip(),
        )

    def _next_row_with(self, after: int, statuses: set[Status]) -> int | None:
        for row in self._visible_rows():
            if row > after and self.model.row(row).status in statuses:
                return row
        return None

    def sign_off(self) -> Task | None:
        """The reviewer's sign-off: every segment approved and QA without errors."""
        project = self._writable()
        if project is None:
            return None
        pending = [row.number for row in self.model.rows() if row.status is not Status.APPROVED]
        if pending:
            self.notify_error(
                _("{n} segments are not approved yet (first: #{first}).").format(
                    n=len(pending), first=pending[0]
                )
            )
            return None
        article = project.load_article()
        dismissed = project.dismissed_findings()

        job = self._qa_job(article, dismissed)

        def done(findings: list[Finding]) -> None:
            self.show_findings(findings)
            errors = [f for f in findings if f.severity.value == "error"]
            if errors:
                self.notify_error(
                    _("QA still reports {n} errors; the review cannot be signed off.").format(
                        n=len(errors)
                    )
                )
            elif self.project is not None:
                self.project.set_meta(
                    signed_off_by=self.settings.user_name(), signed_off_at=now_iso()
                )
                self.statusBar().showMessage(_("Review signed off."), 10_000)
            self.jobFinished.emit("signoff")

        return self.tasks.run("signoff", job, on_done=done, on_error=self._job_failed("signoff"))

    def copy_source_tokens(self) -> None:
        """Append the source's tweet tokens missing from the target (hashtags, URLs, …)."""
        if self.target_edit.isReadOnly():
            return
        source = self.source_edit.toPlainText()
        target = self.target_edit.toPlainText()
        missing = [e.text for e in extract(source) if e.text not in target]
        if missing:
            separator = "" if not target or target.endswith((" ", "\n")) else " "
            cursor = self.target_edit.textCursor()  # through the cursor: typing undo keeps it
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText(separator + " ".join(dict.fromkeys(missing)))

    # -- QA, pre-translation, preview, history ----------------------------------------

    def run_qa_job(self) -> Task | None:
        if self.project is None:
            return None
        article = self.project.load_article()  # plain data for the worker
        dismissed = self.project.dismissed_findings()

        job = self._qa_job(article, dismissed)

        def done(findings: list[Finding]) -> None:
            self.show_findings(findings)
            self.docks["qa"].raise_()
            self.statusBar().showMessage(_("QA: {n} findings").format(n=len(findings)), 5000)
            self.jobFinished.emit("qa")

        return self.tasks.run(
            "qa",
            job,
            on_done=done,
            on_error=self._job_failed("qa"),
            on_cancel=self._job_cancelled("qa"),
        )

    def _qa_job(
        self, article: Article, dismissed: set[tuple[int, str, str]]
    ) -> Callable[[ProgressCallback, CancelFlag], list[Finding]]:
        """QA as the CLI runs it: the user's glossary and the name policy included."""
        from cxeditor.qa.runner import run_qa  # noqa: PLC0415 - keeps start-up lean

        glossary = self.glossary_entries()

        def job(progress: ProgressCallback, cancel: CancelFlag) -> list[Finding]:
            return run_qa(  # the name policy is the project's (article.meta)
                article,
                dismissed=dismissed,
                glossary=glossary,
                progress=progress,
                cancel=cancel,
            )

        return job

    def show_findings(self, findings: list[Finding]) -> None:
        """Findings in the QA panel, as badges in the grid, and underlined in the editor;
        the segments they make suspect of a drifted meaning, ranked, in Second look."""
        from cxeditor.qa.second_look import rank_segments  # noqa: PLC0415 - start-up

        self.qa_panel.load(findings)
        rows = [row for row in self.model.rows() if row.source.strip() or row.target.strip()]
        self.second_look_panel.load(
            rank_segments(findings, len(rows)),
            {row.segment_id: row.source for row in rows},
            len(rows),
        )
        by_segment: dict[int, list[Finding]] = {}
        for finding in findings:
            by_segment.setdefault(finding.segment, []).append(finding)
        self._findings_by_segment = by_segment
        self.model.set_qa(
            {
                segment: (
                    len(items),
                    max((f.severity.value for f in items), key=_SEVERITY_RANK.__getitem__),
                )
                for segment, items in by_segment.items()
            }
        )
        self._underline_findings()
        self._update_summary()

    def show_second_opinion(self, segment_id: int | None) -> None:
        """The engines' versions of this segment (Second opinion), in the suggestions."""
        if segment_id is None:
            return
        for engine, text in self.second_opinion_versions.get(segment_id, []):
            label = _("{engine} (second opinion)").format(engine=engine)
            self.suggestions_panel.show_mt(segment_id, MtEntry(text, label, [], True))

    def next_second_look(self) -> None:
        """F8: the next segment of the second-look ranking (QA must have run)."""
        segment_id = self.second_look_panel.next_segment()
        if segment_id is None:
            self.statusBar().showMessage(_("No segment to look at again: run QA (F7)."), 5000)
            return
        self.docks["second_look"].raise_()
        self.select_segment(segment_id)

    def _underline_findings(self) -> None:
        findings = self._findings_by_segment.get(self.current_id or -1, [])
        number = self.current_row()
        text = self.target_edit.toPlainText()
        # Spans index the stored target: show them only while the editor still holds it.
        if number is None or text != self.model.row(number).target:
            findings = []
        self._highlighters[1].set_qa_spans(
            [(f.start, f.end, f.severity.value, f.message) for f in findings]
        )

    def apply_fix(self, finding: Finding) -> None:
        """Apply one QA fix to the stored target, as an undoable edit."""
        number = self.model.row_number_of(finding.segment)
        if number is None or finding.fix is None:
            return
        row = self.model.row(number)
        if row.target[finding.start : finding.end] != finding.text:
            self.notify_error(_("The segment changed since QA ran; run QA again."))
            return
        fixed = row.target[: finding.start] + finding.fix + row.target[finding.end :]
        self._push(
            finding.segment,
            SegmentState(fixed, row.status, Origin(OriginKind.QA)),
            _("QA fix in segment {n}").format(n=row.number),
        )
        remaining = [f for f in self.qa_panel.findings() if f is not finding]
        self.show_findings(remaining)

    def dismiss_finding(self, finding: Finding) -> None:
        project = self._writable()
        if project is None:
            return
        project.dismiss_finding(finding.segment, finding.check, finding.text)
        self.show_findings([f for f in self.qa_panel.findings() if f is not finding])

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
                current = self.current_id
                self.model.load(rows_from_article(self.project.load_article()))
                self._update_summary()
                if current is not None:
                    self.select_segment(current)

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

    def choose_replace(self) -> None:
        dialog = ReplaceDialog(self.model.rows(), self)
        if dialog.exec() == ReplaceDialog.DialogCode.Accepted:
            self.replace_all(dialog.planned)

    def replace_all(self, planned: list[Replacement]) -> None:
        """All replacements as one undoable step; each is committed at once."""
        if not planned or self._writable() is None:
            return
        self.undo_stack.beginMacro(_("Replace in {n} segments").format(n=len(planned)))
        try:
            for item in planned:
                number = self.model.row_number_of(item.segment_id)
                if number is None:
                    continue
                row = self.model.row(number)
                self._push(
                    item.segment_id,
                    SegmentState(item.after, row.status, Origin(OriginKind.HUMAN)),
                    _("Replace in segment {n}").format(n=row.number),
                )
        finally:
            self.undo_stack.endMacro()

    def apply_editor_font(self) -> None:
        """The editor pane's font size from the settings (Korean falls back per glyph)."""
        size = int(self.settings.get(EDITOR_FONT_SIZE))
        for editor in (self.source_edit, self.target_edit):
            font = editor.font()
            font.setPointSize(size)
            editor.setFont(font)

    def choose_settings(self) -> None:
        if self.project is not None:  # the dialog shows (and edits) the project's policy
            self.settings.set(NAME_POLICY, self.project.meta().name_policy)
        dialog = SettingsDialog(self.settings, self)
        language = self.settings.get(UI_LANGUAGE)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            error = dialog.apply()
            if error:
                self.notify_error(error)
            self.apply_editor_font()
            if self.project is not None and not self.project.readonly:
                # The name policy belongs to the project (QA and exports read it there).
                self.project.set_meta(name_policy=str(self.settings.get(NAME_POLICY)))
            self.statusBar().showMessage(_("Settings saved."), 5000)
            if self.settings.get(UI_LANGUAGE) != language:
                # After the dialog is gone: the application rebuilds this window.
                QTimer.singleShot(0, self.languageChanged.emit)

    def refresh_preview(self) -> None:
        if self.project is None or not self.docks["preview"].isVisible():
            return
        from cxeditor.formats.html_export import render_html  # noqa: PLC0415

        article = published_names(self.project.load_article(), self.glossary_entries())
        self.preview_panel.setHtml(render_html(article))

    def _show_history(self, segment_id: int | None) -> None:
        if self.project is None or segment_id is None:
            self.history_panel.clear()
            return
        self.history_panel.show_segment(
            self.project.comments(segment_id), self.project.history(segment_id)
        )

    # -- jobs: import and export -----------------------------------------------------------

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
        if self._progress is not None:
            self._progress.setMaximum(max(total, 0))
            self._progress.setValue(min(done, total) if total else 0)
            if message:
                self._progress.setLabelText(message)

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
        if output.resolve() == self.project.path.resolve():
            self.notify_error(_("The export cannot overwrite the project file itself."))
            return None
        article = self.project.load_article()  # a plain-data snapshot for the worker
        glossary = self.glossary_entries()  # Korean spellings of authors' names
        holder: list[Task] = []
        self._start_progress(_("Exporting {name}…").format(name=output.name), holder)

        def job(progress: ProgressCallback, cancel: CancelFlag) -> None:
            export_project(
                article, format_name, output, glossary=glossary, progress=progress, cancel=cancel
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

    # -- file dialogs ------------------------------------------------------------------------

    def _article_filter(self) -> str:
        patterns = " ".join(f"*{ext}" for ext in sorted(IMPORTERS))
        return _("Articles ({patterns})").format(patterns=patterns)

    def _output_for(self, article: Path) -> Path | None:
        suggested = str(article.with_suffix(PROJECT_SUFFIX))
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save project as"), suggested, _("cxeditor projects (*.cxproj)")
        )
        return Path(name) if name else None

    def choose_article(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import an English article"), "", self._article_filter()
        )
        if name and (output := self._output_for(Path(name))):
            self.import_article(Path(name), output, overwrite=output.exists())

    def choose_review_article(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import a Korean article to review"), "", self._article_filter()
        )
        if name and (output := self._output_for(Path(name))):
            self.import_article(None, output, translation=Path(name), overwrite=output.exists())

    def choose_project(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open project"), "", _("cxeditor projects (*.cxproj)")
        )
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
        suggested = str(self.project.path.with_suffix(f".{format_name}"))
        name, _filter = QFileDialog.getSaveFileName(self, _("Export to"), suggested)
        if name:
            self.export_to(format_name, Path(name))

    def choose_review_file(self) -> None:
        if self._writable() is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import reviewed file"),
            "",
            _("Reviewed files (*.docx *.xlf *.xliff)"),
        )
        if name:
            self.import_reviewed(Path(name))

    def import_reviewed(self, path: Path) -> Task | None:
        """A reviewer's bilingual .docx or XLIFF, applied as their edits in a worker (all
        valid rows in one transaction); refused rows are listed; what was confirmed or
        approved feeds the translation memories."""
        # python-docx and translate-toolkit load only when needed (start-up time).
        from cxeditor.formats.review_docx import import_review  # noqa: PLC0415
        from cxeditor.formats.xliff import import_xliff  # noqa: PLC0415

        project = self._writable()
        if project is None:
            return None
        worker_project = project.companion()
        who = "reviewer"  # history data, as the CLI records it: not translated

        def job(progress: ProgressCallback, cancel: CancelFlag) -> ReviewImportResult:
            try:
                # Confirmed segments are queued for the memory in the import's own
                # transaction (fed in done(), or at the next open after a crash).
                with worker_project.feeding_memory(who):
                    if path.suffix.lower() == ".docx":
                        return import_review(worker_project, path, who=who)
                    if path.suffix.lower() in (".xlf", ".xliff"):
                        return import_xliff(worker_project, path, who=who)
                raise CxError(
                    _("{name}: review files are .docx or XLIFF (.xlf, .xliff)").format(
                        name=path.name
                    )
                )
            finally:
                worker_project.close()

        def done(result: ReviewImportResult) -> None:
            if self.project is not None:
                article = self.project.load_article()
                self.model.load(rows_from_article(article))
                self._update_summary()
                try:
                    feed_user_memory(self.project, self.memory())
                except CxError as error:
                    self.notify_error(str(error))
                if self.current_id is not None:
                    self._load_editor(self.current_id)
            message = _(
                "Applied {applied} reviewed segments; {unchanged} unchanged; {refused} refused"
            ).format(
                applied=result.applied, unchanged=result.unchanged, refused=len(result.refused)
            )
            if result.refused:
                self.notify_error(message + "\n\n" + "\n".join(result.refused))
            else:
                self.statusBar().showMessage(message, 10_000)
            self.jobFinished.emit("review-import")

        return self.tasks.run(
            "review-import", job, on_done=done, on_error=self._job_failed("review-import")
        )

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_project(Path(p)))

    def show_shortcuts(self) -> None:
        lines = []
        for menu in self._menus.values():
            for action in menu.actions():
                if action.shortcut().toString():
                    label = action.text().replace("&", "")
                    keys = ", ".join(
                        s.toString(QKeySequence.SequenceFormat.NativeText)
                        for s in action.shortcuts()
                    )
                    lines.append(f"{keys}\t{label}")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Keyboard shortcuts"),
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- drag and drop, closing -------------------------------------------------------------------

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

    def closeEvent(self, event: QCloseEvent) -> None:
        # Workers first: a lookup still running on the project's memory must finish
        # before its connection closes (closing under a running statement crashes).
        self.tasks.wait()
        self.close_project()
        if self._memory is not None:
            self._memory.close()
            self._memory = None
        if self._glossary is not None:
            self._glossary.close()
            self._glossary = None
        self.settings.store.setValue(WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.store.setValue(WINDOW_STATE, self.saveState())
        super().closeEvent(event)
