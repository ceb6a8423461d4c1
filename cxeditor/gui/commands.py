"""Undoable segment edits. Each do and undo is committed to the project file at once.

On a shared project (`versions` given) each write is a version-checked confirm: a
segment someone else changed meanwhile raises EditConflictError instead of being
overwritten. The first write happens in `apply_first()`, in Python, so its error
reaches the caller (an exception inside redo(), called by Qt's push(), would not).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from cxeditor.errors import CxError
from cxeditor.model import Origin, Segment, Status
from cxeditor.store import Project


@dataclass(frozen=True, slots=True)
class SegmentState:
    target: str
    status: Status
    origin: Origin

    @classmethod
    def of(cls, segment: Segment) -> SegmentState:
        return cls(segment.target, segment.status, segment.origin)


class SegmentEditCommand(QUndoCommand):
    """Change a segment's target/status/origin; undo writes the previous state back."""

    def __init__(
        self,
        project: Project,
        segment_id: int,
        *,
        before: SegmentState,
        after: SegmentState,
        text: str,
        on_change: Callable[[Segment], None],
        comment: str | None = None,
        versions: dict[int, int] | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(text)
        self.project = project
        self.segment_id = segment_id
        self.before = before
        self.after = after
        self.on_change = on_change
        self.comment = comment
        self.versions = versions
        self.on_error = on_error
        self._applied = False

    def _apply(self, state: SegmentState, previous: SegmentState, comment: str | None) -> None:
        if self.versions is None:
            segment = self.project.update_segment(
                self.segment_id,
                target=state.target,
                status=state.status,
                origin=state.origin,
                comment=comment,
            )
        else:
            segment = self._confirm(state, previous, comment)
        self.on_change(segment)

    def _confirm(self, state: SegmentState, previous: SegmentState, comment: str | None) -> Segment:
        # Only what changes: a reviewer's approval sends no target nor origin (the
        # database gives a reviewer no right to either).
        version = self.project.confirm(  # type: ignore[attr-defined]
            self.segment_id,
            base_version=self.versions[self.segment_id],  # type: ignore[index]
            target=state.target if state.target != previous.target else None,
            status=state.status,
            origin=state.origin if state.origin != previous.origin else None,
        )
        self.versions[self.segment_id] = version  # type: ignore[index]
        if comment:
            self.project.add_comment(self.segment_id, comment)
        return self.project.segment(self.segment_id)

    def apply_first(self) -> None:
        """The first write, before the command joins the undo stack; raises CxError."""
        # The comment (e.g. a rejection reason) is recorded once, not on every redo.
        comment, self.comment = self.comment, None
        self._apply(self.after, self.before, comment)
        self._applied = True

    def redo(self) -> None:
        if self._applied:  # push() calls redo(): the first write is done already
            self._applied = False
            return
        self._guarded(self.after, self.before)

    def undo(self) -> None:
        self._guarded(self.before, self.after)

    def _guarded(self, state: SegmentState, previous: SegmentState) -> None:
        try:
            self._apply(state, previous, None)
        except CxError as error:
            if self.on_error is None:
                raise
            self.on_error(str(error))
