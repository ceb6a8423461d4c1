"""Moving between segments: selection in the grid, next/previous, the filter."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtGui import QTextCursor

from cxeditor.gui.segment_model import (
    COL_TARGET,
    UNCONFIRMED,
    SegmentRole,
)

from .base import WindowBase


class NavigationPart(WindowBase):
    def select_row(self, source_row: int, *, focus: bool = True) -> None:
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
        if focus:  # after every move the caret is in the target, never the filter
            self.focus_target()

    def select_segment(self, segment_id: int, *, focus: bool = True) -> None:
        number = self.model.row_number_of(segment_id)
        if number is not None:
            self.select_row(number, focus=focus)

    def current_row(self) -> int | None:
        if self.current_id is None:
            return None
        return self.model.row_number_of(self.current_id)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_pending_edit()
        segment_id = current.data(SegmentRole) if current.isValid() else None
        self._load_editor(segment_id)
        self._claim(segment_id)  # a shared project shows the others who has it
        self._underline_findings()
        self.qa_panel.set_segment(segment_id)
        self._show_history(segment_id)
        self._show_suggestions(segment_id)
        self.show_second_opinion(segment_id)
        if self.docks["preview"].isVisible():
            self.follow_in_preview()

    def _visible_rows_after(self, after: int) -> Iterator[int]:
        """The visible rows (source row numbers) after source row `after`, in the grid's
        order, mapped one by one from there: a confirm on a 20,000-row grid must not
        map every row first."""
        proxy = self.proxy
        low, high = 0, proxy.rowCount()
        while low < high:  # the grid keeps the source order: the first row past `after`
            middle = (low + high) // 2
            if proxy.mapToSource(proxy.index(middle, 0)).row() <= after:
                low = middle + 1
            else:
                high = middle
        for row in range(low, proxy.rowCount()):
            yield proxy.mapToSource(proxy.index(row, 0)).row()

    def _next_unconfirmed_row(self, after: int) -> int | None:
        for row in self._visible_rows_after(after):
            if self.model.row(row).status in UNCONFIRMED:
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

    def focus_target(self) -> None:
        """Ctrl+E: the caret into the target editor, at the end of its text."""
        self.target_edit.setFocus()
        if not self.target_edit.textCursor().hasSelection():
            self.target_edit.moveCursor(QTextCursor.MoveOperation.End)

    def _update_no_match_hint(self) -> None:
        """An empty grid says why: the filter matches nothing."""
        self.no_match_label.setVisible(self.proxy.rowCount() == 0 and self.model.rowCount() > 0)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus()
        self.filter_edit.selectAll()
