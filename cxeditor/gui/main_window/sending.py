"""Writes to a shared project without waiting on the team server.

A confirm, approval or rejection is shown in the grid at once, marked "sending…", and
handed to the project's sender (gui/team_sender.py), which sends the writes in order in
a worker; the answer comes back by signal: the segment becomes what the server stored,
a conflict becomes the choice with both texts, a refusal one clear message (the text
typed is kept in the editor for that segment). While the server is away the writes
wait, marked "kept", in the local queue file as well, and are sent when it is back, or
when the project opens next; the user is told once each way, as for the memory.

Undo writes the previous state back through the same queue, after the write it undoes.
A write the server refused makes its command void: it leaves the undo stack (at once
when it is the last one, else when undo reaches it).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from cxeditor.gui.segment_model import HELD, SENDING
from cxeditor.i18n import _
from cxeditor.model import Article, Origin, Segment, Status
from cxeditor.outbox import (
    ARTICLE,
    CLAIM,
    CONFIRM,
    DISCARD,
    DISMISS,
    DRAFT,
    HISTORY,
    META,
    REFRESH,
    RELEASE,
    Landed,
    Refused,
    Write,
)

from .base import WindowBase

if TYPE_CHECKING:
    from cxeditor.gui.commands import SegmentEditCommand, SegmentState
    from cxeditor.gui.team_sender import TeamSender
    from cxeditor.store.shared import SegmentChanged, SharedProject

log = logging.getLogger(__name__)

CLOSE_WAIT_SECONDS = 10.0  # closing waits this long for the server to take what is queued


class SendingPart(WindowBase):
    _sender: TeamSender | None
    _in_flight: dict[int, int]  # segment -> confirms sent, not answered yet
    _commands: dict[int, SegmentEditCommand | None]  # ticket -> its command (None: kept)
    _server_away: bool

    def _build_sending(self) -> None:
        self._sender = None
        self._in_flight = {}
        self._commands = {}
        self._written: dict[int, Segment] = {}  # segment -> as shown since its last confirm
        # segment -> someone else's change announced while this user's confirm was out
        self._changed_meanwhile: dict[int, SegmentChanged] = {}
        self._server_away = False
        self._tickets = itertools.count(1)
        self._shared_article = None
        self._shared_dismissed = set()
        self._opening = None
        self._refreshing: dict[int, SegmentChanged] = {}  # others' changes being read
        self._after_reload: list[Callable[[], None]] = []  # run when the article came

    def _start_sending(self, project: SharedProject) -> None:
        from cxeditor.gui.team_sender import TeamSender  # noqa: PLC0415 - loads psycopg

        sender = TeamSender(project.url, readonly=project.readonly, parent=self)
        sender.landed.connect(self._on_landed)
        sender.refused.connect(self._on_refused)
        sender.offline.connect(self._on_sender_offline)
        sender.back.connect(self._on_sender_back)
        self._sender = sender
        kept = [w for w in sender.kept_from_before() if not project.readonly]
        for old in kept:
            write = replace(old, ticket=next(self._tickets))
            if write.kind == CONFIRM:
                self._commands[write.ticket] = None
                self._show_sent(write)
            sender.resend(write)
        confirms = sum(1 for write in kept if write.kind == CONFIRM)
        if confirms:
            self.statusBar().showMessage(
                _("Sending {n} segment(s) confirmed in an earlier session…").format(n=confirms),
                10_000,
            )

    def _stop_sending(self) -> None:
        sender, self._sender = self._sender, None
        self._shared_article = None
        self._shared_dismissed = set()
        self._in_flight = {}
        self._commands = {}
        self._written = {}
        self._changed_meanwhile = {}
        self._refreshing = {}
        self._after_reload = []
        self.model.clear_sending()
        self._server_away = False
        if sender is None:
            return
        for signal in (sender.landed, sender.refused, sender.offline, sender.back):
            signal.disconnect()
        left = sender.close(CLOSE_WAIT_SECONDS)
        if left:
            log.warning("%d writes to %s kept for the next session", left, sender.url)
        sender.deleteLater()

    def unanswered(self) -> int:
        """Confirms sent whose answer the window has not had yet."""
        return sum(self._in_flight.values())

    # -- what the window sends ------------------------------------------------------

    def _send_write(self, write: Write) -> Write:
        assert self._sender is not None
        return self._sender.send(replace(write, ticket=next(self._tickets)))

    def _send_state(
        self,
        command: SegmentEditCommand,
        state: SegmentState,
        previous: SegmentState,
        comment: str | None,
    ) -> None:
        """The commands' way to the server: send `state` after what is queued, and show
        it at once."""
        segment_id = command.segment_id
        write = self._send_write(
            Write(
                CONFIRM,
                segment_id,
                base_version=self._versions.get(segment_id, 0),
                # Only what changes: a reviewer has no right to a target nor an origin.
                target=state.target if state.target != previous.target else None,
                status=state.status.value,
                origin=state.origin.to_str() if state.origin != previous.origin else None,
                comment=comment,
            )
        )
        self._commands[write.ticket] = command
        self._show_sent(write, state.target, state.origin)

    def _show_sent(
        self, write: Write, target: str | None = None, origin: Origin | None = None
    ) -> None:
        """The grid shows the write as done, marked as on its way."""
        segment_id = write.segment_id
        number = self.model.row_number_of(segment_id)
        if number is None:
            return
        row = self.model.row(number)
        self._in_flight[segment_id] = self._in_flight.get(segment_id, 0) + 1
        shown = Segment(
            row.source,
            target if target is not None else (write.target or row.target),
            Status(write.status) if write.status else row.status,
            origin or (Origin.parse(write.origin) if write.origin else row.origin),
            segment_id,
        )
        self.model.update_segment(shown)
        self._written[segment_id] = shown
        self.model.set_sending(segment_id, HELD if self._server_away else SENDING)
        self._recovered.pop(segment_id, None)
        if segment_id == self.current_id:
            self._load_editor(segment_id)
        self._target_stored(segment_id)  # live QA re-checks it
        self._update_summary()
        self._preview_timer.start()

    def _send_claim(self, segment_id: int | None, released: int | None) -> None:
        if released is not None:
            self._send_write(Write(RELEASE, released))
        if segment_id is not None:
            self._send_write(Write(CLAIM, segment_id))

    def _send_draft(self, segment_id: int, text: str | None) -> None:
        """Typed, not confirmed (crash recovery); None: drop the draft."""
        if text is None:
            self._send_write(Write(DISCARD, segment_id))
        else:
            self._send_write(Write(DRAFT, segment_id, text=text))

    def _ask_history(self, segment_id: int) -> None:
        """The comments and history of the segment, read after what is queued (the
        panel is empty until they come: never another segment's)."""
        self.history_panel.clear()
        self._send_write(Write(HISTORY, segment_id))

    def _ask_refresh(self, change: SegmentChanged) -> None:
        """Someone else changed a segment: read it after what is queued (the grid shows
        it when the answer comes; the window never waits on the read)."""
        self._refreshing[change.segment_id] = change
        self._send_write(Write(REFRESH, change.segment_id))

    def _ask_reload(self, then: Callable[[], None] | None = None) -> None:
        """The whole article again, after what is queued (many changes at once, a job's
        work); `then` runs when it is shown."""
        if then is not None:
            self._after_reload.append(then)
        self._send_write(Write(ARTICLE, 0))

    def _wait_for_queued(self) -> tuple[threading.Event, threading.Event] | None:
        """For a job with a connection of its own (jobs.wait_for_queued): set once the
        writes queued until now were taken, so the confirms made before the job land
        before its writes; and set when the window closes meanwhile."""
        if self._sender is None:
            return None
        return self._sender.barrier(next(self._tickets)), self._sender.stopping

    # -- the server's answers --------------------------------------------------------

    def _answered(self, write: Write) -> tuple[SegmentEditCommand | None, bool]:
        """The command of an answered confirm, and whether a later confirm of the same
        segment is still on its way (then that one's answer is the one shown)."""
        command = self._commands.pop(write.ticket, None)
        left = self._in_flight.get(write.segment_id, 1) - 1
        if left > 0:
            self._in_flight[write.segment_id] = left
        else:
            self._in_flight.pop(write.segment_id, None)
            self.model.set_sending(write.segment_id, None)
        return command, left > 0

    def _on_landed(self, result: Landed) -> None:
        write = result.write
        if write.kind == CLAIM:
            self._claim_answered(write.segment_id, result.holder)
            return
        if write.kind == HISTORY:
            if write.segment_id == self.current_id and result.history is not None:
                self.history_panel.show_segment(result.comments or [], result.history)
            return
        if self._sender is None:
            return
        if write.kind == REFRESH:
            self._refresh_landed(result)
            return
        if write.kind == ARTICLE:
            self._reload_landed(result)
            return
        if write.kind == META:
            self._meta_landed(write)
            return
        if write.kind != CONFIRM:
            return
        segment_id = write.segment_id
        if result.version is not None:
            self._versions[segment_id] = max(result.version, self._versions.get(segment_id, 0))
        _command, later = self._answered(write)
        if later:
            return
        written = self._written.pop(segment_id, None)
        if written is None:
            return
        # What the grid showed since the key press (the version check says the rest of
        # the row is as the editor saw it); again, in case a reload of the grid from the
        # server came before this answer. Now it is also in the memory.
        self.model.update_segment(written)
        self._record_in_memory(written)
        meanwhile = self._changed_meanwhile.pop(segment_id, None)
        if meanwhile is not None and (meanwhile.version or 0) > (result.version or 0):
            self._ask_refresh(meanwhile)  # someone else's change came right after this one
        if segment_id == self.current_id:
            self._show_history(segment_id)
        self._update_summary()

    def _on_refused(self, result: Refused) -> None:
        write = result.write
        if write.kind == CLAIM:
            self._claims_refused = True  # a publisher may not claim
            return
        if self._sender is not None and write.kind in (REFRESH, ARTICLE, META, DISMISS):
            self._read_or_meta_refused(result)
            return
        if write.kind != CONFIRM or self._sender is None:
            if write.kind in (DRAFT, DISCARD):
                log.warning("the server refused a draft: %s", result.error)
            return
        command, later = self._answered(write)
        if later:  # the later confirm meets the same answer; it decides
            self._void(command)
            return
        self._written.pop(write.segment_id, None)
        self._changed_meanwhile.pop(write.segment_id, None)  # the answer has the server's
        from cxeditor.store.shared import EditConflictError  # noqa: PLC0415

        error = result.error
        segment_id = write.segment_id
        number = self.model.row_number_of(segment_id)
        if number is None:
            return
        mine = self.model.row(number).target
        if isinstance(error, EditConflictError):
            choice = self.resolve_conflict(self.model.row(number).number, error)
            if choice == "mine":  # overwrite theirs, knowingly: the same write again
                again = self._send_write(replace(write, base_version=error.version))
                self._commands[again.ticket] = command
                self._versions[segment_id] = error.version
                self._in_flight[segment_id] = self._in_flight.get(segment_id, 0) + 1
                self.model.set_sending(segment_id, HELD if self._server_away else SENDING)
                number = self.model.row_number_of(segment_id)
                if number is not None:
                    row = self.model.row(number)
                    self._written[segment_id] = Segment(
                        row.source, row.target, row.status, row.origin, segment_id
                    )
                return
            if choice == "theirs":
                self._versions[segment_id] = error.version
                self._send_draft(segment_id, None)
                self._recovered.pop(segment_id, None)
            else:
                # Keep editing: back to the segment, the user's text in the editor; the
                # version they started from stays, so confirming asks again.
                self._recovered[segment_id] = error.mine
        else:
            self.notify_error(str(error))
            if write.target is not None:
                self._recovered[segment_id] = mine  # the typed text is not lost
        self._void(command)
        if result.current is not None:
            self.model.update_segment(result.current)
        self._update_summary()
        if segment_id in self._recovered and segment_id != self.current_id:
            self.select_segment(segment_id)  # on to the segment, the text kept in the editor
        elif segment_id == self.current_id:
            self._load_editor(segment_id)
            self._show_history(segment_id)

    def _refresh_landed(self, result: Landed) -> None:
        """Someone else's change, read: shown unless this user's own write of the
        segment is on its way (its answer decides, with both texts on a conflict)."""
        segment_id = result.write.segment_id
        segment, version = result.segment, result.version or 0
        change = self._refreshing.get(segment_id)
        if change is not None and version >= (change.version or 0):
            del self._refreshing[segment_id]
        if segment is None or version <= self._versions.get(segment_id, 0):
            return  # nothing newer than what the grid has
        if segment_id in self._in_flight:
            if change is not None:
                self._changed_meanwhile[segment_id] = change
            return
        self._refresh_segment(segment, version, change.who if change is not None else "")
        self._update_summary()
        self._preview_timer.start()

    def _reload_landed(self, result: Landed) -> None:
        then, self._after_reload = self._after_reload, []
        self._refreshing = {}
        if result.article is not None and result.versions is not None:
            self._reload_from_server(result.article, result.versions)
        for each in then:
            each()

    def _reload_from_server(self, article: Article, versions: dict[int, int]) -> None:
        """The grid as the server has it, but for what this user still sends (shown as
        sent) and the version of a segment being typed over (its confirm then meets the
        change as a conflict, with both texts)."""
        number = self.current_row()
        typing = (
            self.current_id
            if number is not None
            and self.target_edit.toPlainText() != self.model.row(number).target
            else None
        )
        self._shared_article = article
        self._reload_rows(article)
        for segment_id, shown in self._written.items():
            self.model.update_segment(shown)
            self.model.set_sending(segment_id, HELD if self._server_away else SENDING)
        for segment_id, version in versions.items():
            if segment_id not in self._in_flight and segment_id != typing:
                self._versions[segment_id] = max(version, self._versions.get(segment_id, 0))
        self._update_summary()
        self._preview_timer.start()

    def _meta_landed(self, write: Write) -> None:
        if self._shared_article is not None:
            details = dict(write.meta or ())
            self._shared_article.meta = replace(self._shared_article.meta, **details)
        self.statusBar().showMessage(_("Review signed off."), 10_000)
        self.jobFinished.emit("signoff")

    def _read_or_meta_refused(self, result: Refused) -> None:
        write = result.write
        if write.kind == REFRESH:
            self._refreshing.pop(write.segment_id, None)
            log.warning("the server refused a read: %s", result.error)
            return
        self.notify_error(str(result.error))
        if write.kind == ARTICLE:
            self._reload_landed(Landed(write))  # what waited for it goes on
        elif write.kind == META:
            self.jobFinished.emit("signoff")

    def _void(self, command: SegmentEditCommand | None) -> None:
        """A command whose write the server refused leaves the undo stack: at once when
        it is the last one done, else when undo or redo reaches it."""
        if command is None:
            return
        command.void = True
        command.setObsolete(True)
        stack = self.undo_stack
        if stack.index() > 0 and stack.command(stack.index() - 1) is command:
            stack.undo()  # obsolete: Qt drops it without calling its undo()

    def _on_sender_offline(self, reason: str) -> None:
        self._server_away = True
        self.model.set_all_sending(HELD)
        self._show_server_notice(
            _("{reason}; working offline, additions are sent when it is back").format(reason=reason)
        )

    def _on_sender_back(self) -> None:
        from cxeditor.store.server import display_name  # noqa: PLC0415

        self._server_away = False
        self.model.set_all_sending(SENDING)
        project = self._shared()
        if project is not None:
            self._show_server_notice(
                _("the server {server} is back; queued work sent").format(
                    server=display_name(project.server_url)
                )
            )
