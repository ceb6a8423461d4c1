"""The segment grid shows the whole segment: wrapped rows as tall as their text, no
empty Source column in a review-only (Korean-only) project, and the Target cell can be
edited in place (F2 or a double click) as well as in the pane below.

Rows are measured only where the user looks (the visible ones, after a scroll, a
resize or a change): measuring all of a 20,000-row grid up front would stall opening.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView

from cxeditor.gui.grid_delegate import GridDelegate
from cxeditor.gui.segment_model import COL_SOURCE, COL_TARGET

from .base import WindowBase

MIN_ROW_HEIGHT = 24


class GridPart(WindowBase):
    _fit_timer: QTimer

    def _setup_grid(self) -> None:
        self.view.setWordWrap(True)
        self.grid_delegate = GridDelegate(self._cell_text, self._cell_edited, self.view)
        self.view.setItemDelegate(self.grid_delegate)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        # A closed cell gives the caret back to the pane, where it lives.
        self.grid_delegate.closeEditor.connect(lambda *_args: self.focus_target())
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows.setMinimumSectionSize(MIN_ROW_HEIGHT)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_visible_rows)
        for signal in (
            self.view.verticalScrollBar().valueChanged,
            self.view.horizontalHeader().sectionResized,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
            self.proxy.rowsInserted,
            self.proxy.dataChanged,
        ):
            signal.connect(lambda *_args: self._fit_timer.start())

    def _fit_visible_rows(self) -> None:
        """Each visible row as tall as its wrapped source or target."""
        view = self.view
        for _pass in range(3):  # taller rows push others out of view: settle
            top = view.rowAt(0)
            if top < 0:
                return
            bottom = view.rowAt(view.viewport().height() - 1)
            if bottom < 0:
                bottom = self.proxy.rowCount() - 1
            before = [view.rowHeight(row) for row in range(top, bottom + 1)]
            for row in range(top, bottom + 1):
                view.resizeRowToContents(row)
            if before == [view.rowHeight(row) for row in range(top, bottom + 1)]:
                return

    def _apply_review_layout(self) -> None:
        """A project without source text (a Korean article to review) hides the Source
        column and pane, giving the grid to the target."""
        rows = self.model.rows()
        review_only = bool(rows) and not any(row.source.strip() for row in rows)
        self.view.setColumnHidden(COL_SOURCE, review_only)
        self.source_edit.setVisible(not review_only)

    # -- editing in the cell -------------------------------------------------------------

    def edit_in_cell(self) -> None:
        """F2: edit the current segment's target in its grid cell."""
        number = self.current_row()
        if number is None:
            return
        index = self.proxy.mapFromSource(self.model.index(number, COL_TARGET))
        if index.isValid():
            self.view.scrollTo(index)
            self.view.edit(index)

    def _cell_text(self, segment_id: int) -> str | None:
        """What the cell edits: the pane's text, typed edits included."""
        return self.target_edit.toPlainText() if segment_id == self.current_id else None

    def _cell_edited(self, segment_id: int, text: str) -> None:
        """The cell's text into the pane: recovery, live QA and confirming work on it."""
        if segment_id != self.current_id or self.target_edit.isReadOnly():
            return
        if text == self.target_edit.toPlainText():
            return
        cursor = QTextCursor(self.target_edit.document())  # one step of the pane's undo
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
