"""The grid's Target cells: find hits painted in place, and editing in the cell.

The cell editor is a second view of the editor pane's text, not a second place to keep
it: every change in the cell is mirrored into the pane below, so typing in the cell
gets what typing in the pane gets (crash recovery of the typed text, live QA, the
highlights) and Ctrl+Enter confirms it through the window's one confirm path (an
undoable, immediately committed edit with its history entry). Escape puts the text
back as it was when the cell opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QPlainTextEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cxeditor.text.utf16 import Utf16Map

from .highlighter import TokenHighlighter
from .segment_model import COL_TARGET, SegmentRole, TargetRole

Index = QModelIndex | QPersistentModelIndex

HIT_COLOUR = "#ffcc80"  # a find hit: light orange (glossary terms are pale yellow)
CURRENT_HIT_COLOUR = "#ff9800"  # the hit Replace / Skip act on


class CellEditor(QPlainTextEdit):
    """The Target cell being edited; Tab leaves it (Tab is no character in a segment)."""

    def __init__(self, segment_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.segment_id = segment_id
        self.initial = ""  # the text when the cell opened, for Escape
        self.setObjectName("cell-editor")
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.highlighter = TokenHighlighter(self.document())
        # As tall as its text (see GridDelegate.updateEditorGeometry), no scroll bar.
        self.document().setDocumentMargin(2)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.cell_height = 0
        self.textChanged.connect(self._fit)

    def needed_height(self) -> int:
        lines = max(1, int(self.document().documentLayout().documentSize().height()))
        return lines * self.fontMetrics().lineSpacing() + 8

    def _fit(self) -> None:
        """Grow over the rows below while the text is taller than the cell."""
        if self.cell_height:
            self.resize(self.width(), max(self.cell_height, self.needed_height()))

    def event(self, event: QEvent) -> bool:
        # As in the pane: Ctrl+Z undoes typing while there is some, then segment edits.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            document = self.document()
            for key, available in (
                (QKeySequence.StandardKey.Undo, document.isUndoAvailable()),
                (QKeySequence.StandardKey.Redo, document.isRedoAvailable()),
            ):
                if event.matches(key) and not available:
                    event.ignore()
                    return False
        return super().event(event)


class GridDelegate(QStyledItemDelegate):
    """Paints the Target column's find hits; edits a Target cell through the window.

    `text_of(segment_id)` gives the text to edit (the pane's, typed edits included);
    `edited(segment_id, text)` is called on every change in the cell.
    """

    def __init__(
        self,
        text_of: Callable[[int], str | None],
        edited: Callable[[int, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._text_of = text_of
        self._edited = edited
        self.hits: dict[int, list[tuple[int, int]]] = {}
        self.current_hit: tuple[int, int, int] | None = None  # (segment, start, end)

    def set_hits(
        self, hits: dict[int, list[tuple[int, int]]], current: tuple[int, int, int] | None
    ) -> None:
        self.hits = hits
        self.current_hit = current

    # -- painting --------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        spans = self.hits.get(index.data(SegmentRole)) if index.column() == COL_TARGET else None
        if not spans:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        target = str(index.data(TargetRole) or "")
        shown = item.text
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        # Background, selection and focus as for any cell; the text drawn with its hits.
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(item.font)
        document.setPlainText(shown)
        document.setTextWidth(rect.width())
        units = Utf16Map(shown)
        segment_id = index.data(SegmentRole)
        for start, end in spans:
            first, last = _shown_index(target, start), _shown_index(target, end)
            hit_format = QTextCharFormat()
            current = self.current_hit == (segment_id, start, end)
            hit_format.setBackground(QColor(CURRENT_HIT_COLOUR if current else HIT_COLOUR))
            cursor = QTextCursor(document)
            cursor.setPosition(units.to_utf16(first))
            cursor.setPosition(units.to_utf16(max(last, first + 1)), cursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(hit_format)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(role))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    # -- editing ---------------------------------------------------------------------

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = CellEditor(int(index.data(SegmentRole)), parent)
        editor.initial = self._text_of(editor.segment_id) or ""
        editor.setPlainText(editor.initial)
        editor.moveCursor(QTextCursor.MoveOperation.End)
        editor.textChanged.connect(lambda: self._edited(editor.segment_id, editor.toPlainText()))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        # Also called when the row changes (a confirm, an undo): follow the pane then.
        assert isinstance(editor, CellEditor)
        text = self._text_of(editor.segment_id)
        if text is not None and text != editor.toPlainText():
            editor.setPlainText(text)
            editor.moveCursor(QTextCursor.MoveOperation.End)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        """Nothing to write: the cell's text is already the pane's (confirming commits)."""

    def updateEditorGeometry(
        self, editor: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> None:
        editor.setGeometry(option.rect)
        if isinstance(editor, CellEditor):
            editor.cell_height = option.rect.height()
            editor._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, CellEditor)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            # Escape: the text as it was when the cell opened, in the pane too.
            self._edited(watched.segment_id, watched.initial)
        return super().eventFilter(watched, event)


def _shown_index(target: str, index: int) -> int:
    """Where the target's Python index `index` falls in the grid's one-line text, which
    shows each line break as " ⏎ " (two characters more)."""
    return index + 2 * target.count("\n", 0, index)
