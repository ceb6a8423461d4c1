"""The editor pane: loading a segment, crash-recovery of typing, undoable edits, confirming."""

from __future__ import annotations

from cxeditor.errors import CxError
from cxeditor.gui.commands import SegmentEditCommand, SegmentState
from cxeditor.gui.segment_model import (
    KIND_LABELS,
    STATUS_LABELS,
    rows_from_article,
)
from cxeditor.i18n import _
from cxeditor.model import Article, Origin, OriginKind, Segment, Status
from cxeditor.text.entities import extract

from .base import WindowBase

PENDING_SAVE_DELAY_MS = 1500


class EditingPart(WindowBase):
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

    def _reload_rows(self, article: Article) -> None:
        """The grid again from the project (a job changed many segments), staying on
        the segment the editor was on. Typed text is kept for recovery first: after the
        reload the editor's text would look like an edit of the new target."""
        current = self.current_id
        self.save_pending_edit()
        self._load_editor(None)
        self.model.load(rows_from_article(article))
        self._update_summary()
        if current is not None:
            self.select_segment(current)

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
            if self._sender is not None:  # a shared project: never wait on the server
                self._send_draft(self.current_id, text)
            else:
                self.project.save_pending_edit(self.current_id, text)
            self._recovered[self.current_id] = text

    def _push(
        self, segment_id: int, after: SegmentState, text: str, comment: str | None = None
    ) -> bool:
        """Write the change (undoably); False when it was not written (an error). On a
        shared project it is sent in the background: shown at once, marked until the
        server took it (a conflict or refusal comes back later, see sending.py)."""
        project = self._writable()
        number = self.model.row_number_of(segment_id)
        if project is None or number is None:
            return False
        row = self.model.row(number)
        before = SegmentState(row.target, row.status, row.origin)
        command = SegmentEditCommand(
            project,
            segment_id,
            before=before,
            after=after,
            text=text,
            on_change=self._segment_changed,
            comment=comment,
            send=self._send_state if self._sender is not None else None,
            on_error=self.notify_error,
        )
        try:
            command.apply_first()
        except CxError as error:
            self.notify_error(str(error))
            return False
        self.undo_stack.push(command)
        return True

    def _segment_changed(self, segment: Segment) -> None:
        assert segment.id is not None
        self.model.update_segment(segment)
        self._record_in_memory(segment)
        self._recovered.pop(segment.id, None)
        if segment.id == self.current_id:
            self._load_editor(segment.id)
            self._show_history(segment.id)
        self._target_stored(segment.id)  # live QA re-checks it
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
        if not self._push(
            self.current_id,
            SegmentState(text, Status.TRANSLATED, Origin(OriginKind.HUMAN)),
            _("Confirm segment {n}").format(n=row.number),
        ):
            return  # stay: the text is still in the editor
        following = self._next_unconfirmed_row(row_number)
        if following is not None:
            self.select_row(following)
        else:
            self.statusBar().showMessage(_("No unconfirmed segments left."), 5000)

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
