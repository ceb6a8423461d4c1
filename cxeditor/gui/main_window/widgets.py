"""Building the window: the filter bar, the segment grid, the editor pane and the docks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import (
    QHelpEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cxeditor.gui.docks import HistoryPanel, PreviewPanel, SuggestionsPanel
from cxeditor.gui.glossary_ui import GlossaryPanel
from cxeditor.gui.highlighter import TokenHighlighter
from cxeditor.gui.qa_dock import QaPanel
from cxeditor.gui.second_look import SecondLookPanel
from cxeditor.gui.segment_model import (
    COL_NUMBER,
    COL_SOURCE,
    COL_TARGET,
    STATUS_LABELS,
    UNCONFIRMED,
)
from cxeditor.i18n import N_, _
from cxeditor.model import Status

if TYPE_CHECKING:
    from cxeditor.qa.base import Finding
from .base import WindowBase

QA_FILTERS: tuple[tuple[str, frozenset[str] | None], ...] = (
    (N_("Any QA result"), None),
    (N_("With QA findings"), frozenset({"error", "warning", "info"})),
    (N_("With QA errors"), frozenset({"error"})),
)
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


class WidgetsPart(WindowBase):
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
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_SOURCE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_TARGET, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_NUMBER, 50)
        self.view.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.view.clicked.connect(self._on_grid_clicked)
        self.no_match_label = QLabel(_("No segments match the filter."))
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.hide()
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_no_match_hint)

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
        self._error_segments: set[int] = set()  # segments with a QA error, for the summary
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
        grid_layout.addWidget(self.no_match_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(grid_pane)
        splitter.addWidget(editor_pane)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.summary_label = QLabel()
        self.statusBar().addPermanentWidget(self.summary_label)

    def _on_grid_clicked(self, _index: object) -> None:
        # The caret lives in the target pane, unless a double click opened the cell.
        if self.view.state() != QAbstractItemView.State.EditingState:
            self.focus_target()

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
