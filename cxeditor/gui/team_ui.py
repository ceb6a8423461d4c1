"""Working as a team: opening a project from the server, a conflict on confirm shown as
a choice with both texts, and the worker that hears other people's changes."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from cxeditor.errors import CxError
from cxeditor.i18n import _

if TYPE_CHECKING:
    from cxeditor.gui.tasks import TaskRunner
    from cxeditor.jobs import CancelFlag, ProgressCallback
    from cxeditor.store.shared import ChangeFeed, EditConflictError, SegmentChanged

KEEP_THEIRS, USE_MINE = "theirs", "mine"
FEED_WAIT_SECONDS = 0.25  # how long the worker waits per round: the stop is this quick


class FeedWatcher(QObject):
    """Listens on the server's change feed in a thread of its own and hands each batch
    of changes to the main thread through a signal; it never touches a widget. The
    feed connects in that thread (a silent server never holds up the window) and comes
    back by itself after an outage, with what changed meanwhile."""

    changed = Signal(object)  # list[SegmentChanged]
    paused = Signal(str)  # the server went away (why): told once an outage
    resumed = Signal()  # it is back, and the changes made meanwhile were sent
    lost = Signal(str)  # the feed ended for good (a login refused since, say)

    def __init__(self, feed: ChangeFeed, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._feed = feed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cxeditor-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            self._feed.follow(
                self._stop,
                self._hand_over,
                self._tell_paused,
                self._tell_resumed,
                wait_seconds=FEED_WAIT_SECONDS,
            )
        except Exception as error:  # noqa: BLE001 - any end of the feed is told once
            if not self._stop.is_set():
                self.lost.emit(str(error).strip().splitlines()[-1] if str(error) else "")
        finally:
            self._feed.close()  # here: the thread may still be connecting at stop()

    # Nothing is sent once stopped: the window may be gone while the thread connects.
    def _hand_over(self, changes: list[SegmentChanged]) -> None:
        if not self._stop.is_set():
            self.changed.emit(changes)

    def _tell_paused(self, reason: str) -> None:
        if not self._stop.is_set():
            self.paused.emit(reason)

    def _tell_resumed(self) -> None:
        if not self._stop.is_set():
            self.resumed.emit()

    def stop(self) -> None:
        """Stop listening (from the main thread); the thread closes the feed's
        connection as it ends, at once unless it is still connecting."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(FEED_WAIT_SECONDS * 8)


class ConflictDialog(QDialog):
    """Someone changed the segment while this user edited it: both texts, and a choice."""

    def __init__(self, number: int, conflict: EditConflictError, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Changed by someone else"))
        self.choice: str | None = None
        explanation = QLabel(
            _(
                "Segment #{n} was changed by {who} while you were editing it. Nothing "
                "was overwritten. Which translation should it keep?"
            ).format(n=number, who=conflict.who)
        )
        explanation.setWordWrap(True)
        self.theirs = QPlainTextEdit(conflict.theirs, readOnly=True)
        self.mine = QPlainTextEdit(conflict.mine, readOnly=True)
        texts = QFormLayout()
        texts.addRow(_("Theirs ({who}):").format(who=conflict.who), self.theirs)
        texts.addRow(_("Yours:"), self.mine)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.keep_theirs = buttons.addButton(
            _("Keep theirs"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.use_mine = buttons.addButton(
            _("Use mine (replace theirs)"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Keep editing"))
        self.keep_theirs.clicked.connect(lambda: self._choose(KEEP_THEIRS))
        self.use_mine.clicked.connect(lambda: self._choose(USE_MINE))
        buttons.rejected.connect(self.reject)
        self.keep_theirs.setDefault(True)
        for text in (self.theirs, self.mine):
            text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # selectable, not in the way
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(texts)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.keep_theirs.setFocus()  # Enter never overwrites a colleague's work

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


class SharedProjectsDialog(QDialog):
    """File › Open from server: the projects shared on a server, listed in a worker (a
    server far away must not freeze the window); a project's own URL opens directly."""

    listed = Signal()  # the list arrived (or failed): for tests

    def __init__(self, server_url: str, tasks: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Open from server"))
        self.tasks = tasks
        self.server = QLineEdit(server_url)
        self.list_button = QPushButton(_("&List projects"))
        self.list_button.setAutoDefault(False)
        self.list_button.clicked.connect(self.refresh)
        self.projects = QListWidget()
        self.projects.itemActivated.connect(lambda _item: self.accept())
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Server address (no password in it)"), self.server)
        form.addRow(self.list_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Open).setText(_("&Open"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.projects)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if server_url:
            self.refresh()

    def refresh(self) -> None:
        from cxeditor.store.shared import shared_projects  # noqa: PLC0415 - loads psycopg

        url = self.server.text().strip()
        self.projects.clear()
        if not url:
            return
        self.message.setText(_("Asking the server…"))

        def job(progress: ProgressCallback, cancel: CancelFlag) -> list[str]:
            return shared_projects(url)

        def done(names: list[str]) -> None:
            self.projects.clear()
            self.projects.addItems(names)
            if names:
                self.projects.setCurrentRow(0)
                self.projects.setFocus()
            self.message.setText(
                _("{n} shared project(s)").format(n=len(names))
                if names
                else _("No project is shared on this server yet.")
            )
            self.listed.emit()

        def failed(error: BaseException, details: str) -> None:
            self.message.setText(str(error) if isinstance(error, CxError) else repr(error))
            self.listed.emit()

        self.tasks.run("list-shared", job, on_done=done, on_error=failed)

    def chosen_url(self) -> str | None:
        """The shared project's postgresql://…/DATABASE/NAME URL, or None."""
        from cxeditor.store.shared import project_url, split_project_url  # noqa: PLC0415

        url = self.server.text().strip()
        if not url:
            return None
        try:
            split_project_url(url)
        except CxError:
            item = self.projects.currentItem()
            return project_url(url, item.text()) if item is not None else None
        return url  # the address names a project itself
