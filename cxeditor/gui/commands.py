"""Undoable segment edits. Each do and undo is committed to the project file at once.

On a shared project (`send` given) each write goes to the window's sender instead: it
is shown at once and sent to the team server in order by a worker (gui/team_sender.py).
A write the server refuses (a conflict the user settles, a role's refusal) makes its
command void: undoing or redoing it then only takes it off the stack. The first write
happens in `apply_first()`, in Python, so its error reaches the caller (an exception
inside redo(), called by Qt's push(), would not).
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


# The window's sender: (command, state to write, state it replaces, comment).
Send = Callable[["SegmentEditCommand", SegmentState, SegmentState, "str | None"], None]


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
        send: Send | None = None,
        on_error: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(text)
        self.project = project
        self.segment_id = segment_id
        self.before = before
        self.after = after
        self.on_change = on_change
        self.comment = comment
        self.send = send
        self.on_error = on_error
        self._applied = False
        self.void = False  # the server refused its write: nothing left to undo

    def _apply(self, state: SegmentState, previous: SegmentState, comment: str | None) -> None:
        if self.send is not None:
            self.send(self, state, previous, comment)
            return
        segment = self.project.update_segment(
            self.segment_id,
            target=state.target,
            status=state.status,
            origin=state.origin,
            comment=comment,
        )
        self.on_change(segment)

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
        if self.void:
            self.setObsolete(True)  # the stack drops it
            return
        self._guarded(self.after, self.before)

    def undo(self) -> None:
        if self.void:
            self.setObsolete(True)
            return
        self._guarded(self.before, self.after)

    def _guarded(self, state: SegmentState, previous: SegmentState) -> None:
        try:
            self._apply(state, previous, None)
        except CxError as error:
            if self.on_error is None:
                raise
            self.on_error(str(error))
