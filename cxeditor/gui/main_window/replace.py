"""Find and replace in translations, as one undoable step."""

from __future__ import annotations

from cxeditor.gui.commands import SegmentState
from cxeditor.gui.dialogs import ReplaceDialog, Replacement
from cxeditor.i18n import _
from cxeditor.model import Origin, OriginKind

from .base import WindowBase


class ReplacePart(WindowBase):
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
