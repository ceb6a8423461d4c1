"""Undoable segment edits. Each do and undo is committed to the project file at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

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
    ) -> None:
        super().__init__(text)
        self.project = project
        self.segment_id = segment_id
        self.before = before
        self.after = after
        self.on_change = on_change
        self.comment = comment

    def _apply(self, state: SegmentState, comment: str | None = None) -> None:
        segment = self.project.update_segment(
            self.segment_id,
            target=state.target,
            status=state.status,
            origin=state.origin,
            comment=comment,
        )
        self.on_change(segment)

    def redo(self) -> None:
        # The comment (e.g. a rejection reason) is recorded once, not on every redo.
        comment, self.comment = self.comment, None
        self._apply(self.after, comment)

    def undo(self) -> None:
        self._apply(self.before)
