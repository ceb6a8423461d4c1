"""Find and replace in translations: hits highlighted in the grid and the editor, the
current one replaced or skipped one at a time, or every hit not skipped at once; each
replacement an undoable, immediately committed edit, Replace all one undo step."""

from __future__ import annotations

from cxeditor.gui.commands import SegmentState
from cxeditor.gui.find_replace import Hit, ReplaceDialog, Replacement
from cxeditor.i18n import _
from cxeditor.model import Origin, OriginKind

from .base import WindowBase


class ReplacePart(WindowBase):
    _replace_dialog: ReplaceDialog | None = None  # while it is open

    def choose_replace(self) -> None:
        """Ctrl+H: the dialog; while it is open the grid and the editor show its hits."""
        if self._writable() is None:
            return
        self.save_pending_edit()  # typed text is kept for recovery whatever is replaced
        dialog = ReplaceDialog(self.model.rows, self)
        dialog.apply_one = self.replace_hit
        dialog.hitsChanged.connect(self._show_find_hits)
        self._replace_dialog = dialog
        try:
            accepted = dialog.exec() == ReplaceDialog.DialogCode.Accepted
        finally:
            self._replace_dialog = None
            self._show_find_hits()
        if accepted:
            self.replace_all(dialog.planned)
        self.focus_target()

    def _show_find_hits(self) -> None:
        """The dialog's hits in the grid's Target cells, the current one selected and
        marked in the editor (hits index the stored target: shown while the editor
        holds it)."""
        dialog = self._replace_dialog
        current = dialog.current if dialog is not None else None
        self.grid_delegate.set_hits(
            dialog.hits_by_segment() if dialog is not None else {},
            current.key if current is not None else None,
        )
        self.view.viewport().update()
        if current is not None and current.segment_id != self.current_id:
            self.select_segment(current.segment_id, focus=False)  # the dialog keeps the keys
        self._mark_find_hits()

    def _mark_find_hits(self) -> None:
        dialog = self._replace_dialog
        number = self.current_row()
        spans: list[tuple[int, int, bool]] = []
        if dialog is not None and number is not None and self.current_id is not None:
            current = dialog.current.key if dialog.current is not None else None
            if self.target_edit.toPlainText() == self.model.row(number).target:
                spans = [
                    (start, end, current == (self.current_id, start, end))
                    for start, end in dialog.hits_by_segment().get(self.current_id, [])
                ]
        self._highlighters[1].set_find_spans(spans)

    def replace_hit(self, hit: Hit) -> bool:
        """Replace one hit (Replace in the dialog) as its own undoable step."""
        number = self.model.row_number_of(hit.segment_id)
        if number is None or self._writable() is None:
            return False
        row = self.model.row(number)
        if row.target[hit.start : hit.end] != hit.text:
            return False
        after = row.target[: hit.start] + hit.replacement + row.target[hit.end :]
        self._push(
            hit.segment_id,
            SegmentState(after, row.status, Origin(OriginKind.HUMAN)),
            _("Replace in segment {n}").format(n=row.number),
        )
        return self.model.row(number).target == after

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
