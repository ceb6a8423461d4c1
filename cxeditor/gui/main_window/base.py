"""What every part of the main window shares: the attributes and methods one part
uses of another (declared here for the type checker), messages, questions and the
write guard.

The window is composed of parts (editing, navigation, review, QA, MT, replace, files,
preview, progress, actions, widgets), each a mixin in its own module; MainWindow in
__init__.py puts them together over QMainWindow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from cxeditor.i18n import _
from cxeditor.store import Project

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QModelIndex, QTimer, SignalInstance
    from PySide6.QtGui import QAction, QKeySequence, QUndoStack
    from PySide6.QtWidgets import (
        QCheckBox,
        QComboBox,
        QDockWidget,
        QLabel,
        QLineEdit,
        QMainWindow,
        QMenu,
        QPlainTextEdit,
        QProgressDialog,
        QTableView,
    )

    from cxeditor.errors import CxError
    from cxeditor.gui.commands import SegmentEditCommand, SegmentState
    from cxeditor.gui.docks import HistoryPanel, PreviewPanel, SuggestionsPanel
    from cxeditor.gui.glossary_ui import GlossaryPanel
    from cxeditor.gui.grid_delegate import GridDelegate
    from cxeditor.gui.highlighter import TokenHighlighter
    from cxeditor.gui.live_qa import LiveQaController
    from cxeditor.gui.qa_dock import QaPanel
    from cxeditor.gui.second_look import SecondLookPanel
    from cxeditor.gui.segment_model import SegmentFilter, SegmentTableModel
    from cxeditor.gui.settings import Settings
    from cxeditor.gui.tasks import Task, TaskRunner
    from cxeditor.gui.team_sender import TeamSender
    from cxeditor.jobs import CancelFlag, ProgressCallback
    from cxeditor.model import Article, Segment
    from cxeditor.qa.base import Finding
    from cxeditor.store.shared import (
        EditConflictError,
        OpenedProject,
        SegmentChanged,
        SharedProject,
    )
    from cxeditor.tm.backend import GlossaryBackend, MemoryBackend
    from cxeditor.tm.combined import CombinedMemory
    from cxeditor.tm.glossary import GlossaryEntry
    from cxeditor.tm.memory import SqliteMemory

    _Base = QMainWindow
else:
    _Base = object


class WindowBase(_Base):
    if TYPE_CHECKING:  # set up by MainWindow and its parts
        errorShown: SignalInstance
        projectOpened: SignalInstance
        jobFinished: SignalInstance
        languageChanged: SignalInstance
        serverNotice: SignalInstance
        noticeShown: SignalInstance
        teamOnline: SignalInstance
        teamRefused: SignalInstance

        settings: Settings
        project: Project | None
        tasks: TaskRunner
        undo_stack: QUndoStack
        model: SegmentTableModel
        proxy: SegmentFilter
        current_id: int | None
        # the engines' versions from the last Second opinion: segment -> (engine, text)
        second_opinion_versions: dict[int, list[tuple[str, str]]]
        _recovered: dict[int, str]
        _memory: MemoryBackend | None
        _project_memory: SqliteMemory | None
        _glossary: GlossaryBackend | None
        _versions: dict[int, int]
        _claims_refused: bool
        _sender: TeamSender | None
        _in_flight: dict[int, int]
        _changed_meanwhile: dict[int, SegmentChanged]
        _shared_article: Article | None  # the preview's copy of a shared project's article
        _shared_dismissed: set[tuple[int, str, str]]  # a shared project's, as read at open
        _opening: Task | None  # a shared project being read in a worker
        _glossary_entries: list[GlossaryEntry] | None
        _loading_editor: bool
        _progress: QProgressDialog | None
        _pending_timer: QTimer
        _preview_timer: QTimer
        _findings_by_segment: dict[int, list[Finding]]
        _error_segments: set[int]
        ask: Callable[[str, str], bool]
        ask_text: Callable[[str, str], str | None]
        choose_proposals: Callable[
            [list[GlossaryEntry]], tuple[list[GlossaryEntry], list[GlossaryEntry]] | None
        ]
        edit_term: Callable[[str, str], GlossaryEntry | None]
        choose_engines: Callable[[list[str]], list[str] | None]
        resolve_conflict: Callable[[int, EditConflictError], str | None]

        # widgets
        filter_edit: QLineEdit
        status_filter: QComboBox
        qa_filter: QComboBox
        tweets_only: QCheckBox
        view: QTableView
        grid_delegate: GridDelegate
        segment_label: QLabel
        source_edit: QPlainTextEdit
        target_edit: QPlainTextEdit
        _highlighters: tuple[TokenHighlighter, TokenHighlighter]
        summary_label: QLabel
        no_match_label: QLabel
        qa_panel: QaPanel
        second_look_panel: SecondLookPanel
        history_panel: HistoryPanel
        preview_panel: PreviewPanel
        suggestions_panel: SuggestionsPanel
        glossary_panel: GlossaryPanel
        docks: dict[str, QDockWidget]
        live_qa: LiveQaController

        # menus and actions
        _menus: dict[str, QMenu]
        recent_menu: QMenu
        new_action: QAction
        review_action: QAction
        open_action: QAction
        export_action: QAction
        review_import_action: QAction
        copy_tokens_action: QAction
        replace_action: QAction
        confirm_action: QAction
        mt_action: QAction
        approve_action: QAction
        reject_action: QAction
        signoff_action: QAction
        pretranslate_action: QAction
        qa_action: QAction
        second_look_action: QAction
        second_opinion_action: QAction
        add_term_action: QAction
        propose_action: QAction

        # methods one part calls on another
        def _action(
            self,
            text: str,
            slot: Callable[[], object],
            *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
            menu: str,
        ) -> QAction: ...
        def _build_project_memory(self, project: Project, article: Article) -> None: ...
        def _fill_recent_menu(self) -> None: ...
        def _finish_progress(self) -> None: ...
        def _job_cancelled(self, kind: str) -> Callable[[], None]: ...
        def _job_failed(self, kind: str) -> Callable[[BaseException, str], None]: ...
        def _load_editor(self, segment_id: int | None) -> None: ...
        def _reload_rows(self, article: Article) -> None: ...
        def _next_unconfirmed_row(self, after: int) -> int | None: ...
        def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None: ...
        def _on_preview_visibility(self, visible: bool) -> None: ...
        def _on_progress(self, done: int, total: int, message: str) -> None: ...
        def _on_target_changed(self) -> None: ...
        def _push(
            self, segment_id: int, after: SegmentState, text: str, comment: str | None = None
        ) -> bool: ...
        def _choose_engines(self, chosen: list[str]) -> list[str] | None: ...
        def _is_shared(self) -> bool: ...
        def _start_team(self, opened: OpenedProject) -> None: ...
        def _stop_team(self) -> None: ...
        def _reload_versions(self) -> None: ...
        def _claim(self, segment_id: int | None) -> None: ...
        def _shared(self) -> SharedProject | None: ...
        def _send_state(
            self,
            command: SegmentEditCommand,
            state: SegmentState,
            previous: SegmentState,
            comment: str | None,
        ) -> None: ...
        def _ask_history(self, segment_id: int) -> None: ...
        def _send_claim(self, segment_id: int | None, released: int | None) -> None: ...
        def _send_draft(self, segment_id: int, text: str | None) -> None: ...
        def _start_sending(self, project: SharedProject) -> None: ...
        def _stop_sending(self) -> None: ...
        def _claim_answered(self, segment_id: int, holder: str | None) -> None: ...
        def _refresh_segment(self, project: SharedProject, change: SegmentChanged) -> None: ...
        def _show_server_notice(self, message: str) -> None: ...
        def open_user_memory(self, *, background: bool = False) -> MemoryBackend: ...
        def choose_shared_project(self) -> None: ...
        def _qa_job(
            self, article: Article, dismissed: set[tuple[int, str, str]]
        ) -> Callable[[ProgressCallback, CancelFlag], list[Finding]]: ...
        def _record_in_memory(self, segment: Segment) -> None: ...
        def _server_refused(self, error: CxError | str) -> None: ...
        def _show_glossary_hits(self, source: str) -> None: ...
        def _show_history(self, segment_id: int | None) -> None: ...
        def _show_suggestions(self, segment_id: int | None) -> None: ...
        def _start_progress(self, title: str, task_holder: list[Task]) -> None: ...
        def _underline_findings(self) -> None: ...
        def _target_stored(self, segment_id: int) -> None: ...
        def qa_after_job(self) -> None: ...
        def _update_actions(self) -> None: ...
        def _update_summary(self) -> None: ...
        def _visible_rows_after(self, after: int) -> Iterator[int]: ...
        def add_glossary_term(self) -> None: ...
        def apply_fix(self, finding: Finding) -> None: ...
        def approve_current(self) -> None: ...
        def choose_article(self) -> None: ...
        def choose_export(self) -> None: ...
        def choose_pretranslate(self) -> None: ...
        def choose_project(self) -> None: ...
        def choose_replace(self) -> None: ...
        def choose_review_article(self) -> None: ...
        def choose_review_file(self) -> None: ...
        def choose_settings(self) -> None: ...
        def apply_editor_font(self) -> None: ...
        def confirm_and_next(self) -> None: ...
        def copy_source_tokens(self) -> None: ...
        def current_row(self) -> int | None: ...
        def dismiss_finding(self, finding: Finding) -> None: ...
        def focus_filter(self) -> None: ...
        def focus_target(self) -> None: ...
        def _apply_review_layout(self) -> None: ...
        def _update_no_match_hint(self) -> None: ...
        def glossary_entries(self) -> list[GlossaryEntry]: ...
        def go_next(self) -> None: ...
        def go_previous(self) -> None: ...
        def insert_suggestion(self, number: int) -> None: ...
        def insert_text_at_cursor(self, text: str) -> None: ...
        def memory(self) -> CombinedMemory: ...
        def open_project(
            self,
            path: Path | str,
            *,
            restore_pending: bool = False,
            on_opened: Callable[[], None] | None = None,
        ) -> bool: ...
        def _article_snapshot(self) -> tuple[Article, set[tuple[int, str, str]]]: ...
        def close_project(self) -> None: ...
        def propose_glossary_terms(self, *, only_if_any: bool = False) -> None: ...
        def refresh_preview(self) -> None: ...
        def follow_in_preview(self) -> None: ...
        def reject_current(self) -> None: ...
        def run_qa_job(self, *, quiet: bool = False) -> Task | None: ...
        def save_pending_edit(self) -> None: ...
        def select_row(self, source_row: int, *, focus: bool = True) -> None: ...
        def select_segment(self, segment_id: int, *, focus: bool = True) -> None: ...
        def edit_in_cell(self) -> None: ...
        def show_findings(self, findings: list[Finding]) -> None: ...
        def show_second_opinion(self, segment_id: int | None) -> None: ...
        def next_second_look(self) -> None: ...
        def second_opinion(self) -> Task | None: ...
        def show_shortcuts(self) -> None: ...
        def sign_off(self) -> Task | None: ...
        def suggest_mt(self) -> Task | None: ...

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

    def _writable(self) -> Project | None:
        if self.project is None:
            return None
        if self.project.readonly:
            self.notify_error(_("This project is open read-only."))
            return None
        return self.project
