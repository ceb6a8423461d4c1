"""Working on a shared project on the team server: who is editing which segment
(claims), other people's changes appearing in the grid as the server announces them,
version-checked confirms whose conflicts are a choice with both texts, File › Open
from server, and the server's notices (offline, back) told once."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QLabel

from cxeditor.i18n import _
from cxeditor.store.factory import is_shared

from .base import WindowBase

if TYPE_CHECKING:
    from cxeditor.gui.team_ui import FeedWatcher
    from cxeditor.model import Segment
    from cxeditor.store.shared import (
        EditConflictError,
        OpenedProject,
        SegmentChanged,
        SharedProject,
    )

RELOAD_ALL_AFTER = 50  # more changes at once (a colleague's pre-translation): reload all


class TeamPart(WindowBase):
    _versions: dict[int, int]
    _claimed: int | None
    _claims_refused: bool
    _feed: FeedWatcher | None
    _last_notice: str | None
    team_label: QLabel

    def _build_team(self) -> None:
        self._versions = {}
        self._claimed = None
        self._claims_refused = False
        self._feed = None
        self._last_notice = None
        self._refusal_told = False
        self.resolve_conflict = self._ask_conflict
        self.serverNotice.connect(self._show_server_notice)
        self.teamOnline.connect(self._on_team_online)
        self.teamRefused.connect(self._server_refused)
        self.team_label = QLabel()
        self.statusBar().addPermanentWidget(self.team_label)

    # -- the project on the server -------------------------------------------------------

    def _is_shared(self) -> bool:
        return self.project is not None and is_shared(self.project.path)

    def _shared(self) -> SharedProject | None:
        return cast("SharedProject", self.project) if self._is_shared() else None

    def choose_shared_project(self) -> None:
        """File › Open from server: the shared projects of the server in Settings (or
        one typed), opened by their postgresql://…/DATABASE/NAME URL."""
        from cxeditor.gui.team_ui import SharedProjectsDialog  # noqa: PLC0415

        dialog = SharedProjectsDialog(self.settings.team_server() or "", self.tasks, self)
        if dialog.exec() != SharedProjectsDialog.DialogCode.Accepted:
            return
        url = dialog.chosen_url()
        if url:
            self.open_project(url)

    def _start_team(self, opened: OpenedProject) -> None:
        """After a shared project opened (read in a worker): versions, who holds what,
        the sender and the feed."""
        from cxeditor.gui.team_ui import FeedWatcher  # noqa: PLC0415
        from cxeditor.store.server import display_name  # noqa: PLC0415

        project = opened.project
        self._claims_refused = project.readonly
        self._start_sending(project)
        # The article as read, kept up to date from the grid: QA and the preview never
        # read it from the server again.
        self._shared_article = opened.article
        self._shared_dismissed = set(opened.dismissed)
        self._versions = dict(opened.versions)
        claims = opened.claims
        self.model.set_claims({k: v for k, v in claims.items() if v != project.who})
        # The feed connects in its own thread, from what the grid shows: anything
        # changed since these reads comes as its first batch.
        feed = project.listen(versions=self._versions, claims=claims, connect=False)
        self._feed = FeedWatcher(feed, self)
        self._feed.changed.connect(self._on_team_changes)
        self._feed.paused.connect(self._on_feed_paused)
        self._feed.resumed.connect(self._on_feed_resumed)
        self._feed.lost.connect(self._on_feed_lost)
        self._feed.start()
        self.team_label.setText(
            _("Shared: {who} on {server}").format(
                who=project.who, server=display_name(project.server_url)
            )
        )

    def _stop_team(self) -> None:
        if self._sender is not None and self._claimed is not None and not self._claims_refused:
            self._send_claim(None, self._claimed)  # else it runs out by itself (CLAIM_MINUTES)
        self._claimed = None
        self._stop_sending()  # waits for what is queued, or keeps it for next time
        if self._feed is not None:
            self._feed.stop()
            self._feed.deleteLater()
            self._feed = None
        self._versions = {}
        self.model.set_claims({})
        self.team_label.clear()

    # -- claims ----------------------------------------------------------------------

    def _claim(self, segment_id: int | None) -> None:
        """Mark the segment the user moved to as theirs (and free the one left), through
        the sender: moving never waits on the server."""
        if self._shared() is None or self._claims_refused or segment_id == self._claimed:
            return
        self._send_claim(segment_id, self._claimed)
        self._claimed = segment_id

    def _claim_answered(self, segment_id: int, holder: str | None) -> None:
        """Say so when someone else has the segment the user is on."""
        project = self._shared()
        if project is None or holder is None or holder == project.who:
            return
        if segment_id != self.current_id:
            return
        number = self.model.row_number_of(segment_id)
        self.statusBar().showMessage(
            _("Segment #{n} is being edited by {who}.").format(
                n=self.model.row(number).number if number is not None else segment_id,
                who=holder,
            ),
            10_000,
        )

    # -- other people's changes ---------------------------------------------------------

    def _on_team_changes(self, changes: list[SegmentChanged]) -> None:
        """Others' changes as the feed announces them: claims shown at once, changed
        segments read after what is queued (shown when the answer comes)."""
        project = self._shared()
        if project is None or self._sender is None:
            return
        changed: list[SegmentChanged] = []
        for change in changes:
            if change.claim is not None or change.released:
                if change.who != project.who:
                    self.model.set_claim(
                        change.segment_id, None if change.released else change.claim
                    )
            elif change.version is not None and change.segment_id in self._in_flight:
                if change.who != project.who:  # looked at when this user's answer comes
                    self._changed_meanwhile[change.segment_id] = change
            elif change.version is not None and change.version > self._versions.get(
                change.segment_id, 0
            ):
                changed.append(change)
        if len(changed) > RELOAD_ALL_AFTER:
            self._ask_reload()
        else:
            for change in changed:
                self._ask_refresh(change)

    def _refresh_segment(self, segment: Segment, version: int, who: str) -> None:
        """Someone else's change, as read from the server, in the grid."""
        assert segment.id is not None
        number = self.model.row_number_of(segment.id)
        if number is None:
            return
        typing = (
            segment.id == self.current_id
            and self.target_edit.toPlainText() != self.model.row(number).target
        )
        if not typing:
            # While the user types, the version they started from stays: their confirm
            # then meets the change as a conflict, with both texts, never overwriting it.
            self._versions[segment.id] = max(version, self._versions.get(segment.id, 0))
        self.model.update_segment(segment)
        if segment.id != self.current_id:
            return
        if typing:  # the user's text stays in the editor
            self.statusBar().showMessage(
                _("{who} changed segment #{n} meanwhile; confirming will show both texts.").format(
                    who=who, n=self.model.row(number).number
                ),
                10_000,
            )
        else:
            self._load_editor(segment.id)
            self._show_history(segment.id)

    def _on_feed_paused(self, reason: str) -> None:
        self._show_server_notice(
            _(
                "Changes from others are paused: {reason}. They resume by themselves when "
                "the server is back."
            ).format(reason=reason.rstrip("."))
        )

    def _on_feed_resumed(self) -> None:
        self._show_server_notice(_("The team server is back: changes from others resumed."))

    def _on_feed_lost(self, reason: str) -> None:
        self._show_server_notice(
            _(
                "The team server stopped sending changes ({reason}); reopen the project "
                "to see other people's work."
            ).format(reason=reason)
        )

    # -- conflicts -------------------------------------------------------------------

    def _ask_conflict(self, number: int, conflict: EditConflictError) -> str | None:
        from cxeditor.gui.team_ui import ConflictDialog  # noqa: PLC0415

        dialog = ConflictDialog(number, conflict, self)
        dialog.exec()
        choice = dialog.choice
        dialog.deleteLater()
        return choice

    # -- the server's notices ------------------------------------------------------------

    def _on_team_online(self, kind: str) -> None:
        """The team memory or glossary connected (in its thread): what the window shows
        from the local one meanwhile is looked up again, from the server."""
        if kind == "glossary":
            self._glossary_entries = None
            if self.current_id is not None:
                self._show_glossary_hits(self.source_edit.toPlainText())
        elif self.current_id is not None:
            self._show_suggestions(self.current_id)

    def _show_server_notice(self, message: str) -> None:
        """Offline, back again: told once (the memory and the glossary both notice), in
        the status bar and its team corner, never a box in the way of an offline editor."""
        if message == self._last_notice:
            return
        self._last_notice = message
        self.noticeShown.emit(message)
        self.statusBar().showMessage(message, 15_000)
        if not self._is_shared():
            self.team_label.setText(message)
