"""Claims and confirms on a shared project never wait on the team server: driven by key
presses against the real throw-away cluster (tests/pg_cluster.py), through a relay
that can go silent, and with the server stopped mid-session (pg_ctl stop)."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pg_cluster  # type: ignore[import-not-found]
import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import Settings
from cxeditor.model import Status
from cxeditor.outbox import QUEUE_KIND, queue_key
from cxeditor.store.shared import EditConflictError, SharedProject
from cxeditor.tm.offline import SendQueue

from .test_team_ui import Team, open_shared, status_text, target_of, team  # noqa: F401

CTRL = Qt.KeyboardModifier.ControlModifier


class SilentRelay:
    """A TCP relay to the cluster that can stop passing bytes (a server that went
    silent: nothing refused, nothing answered) and pass them again."""

    def __init__(self, port: int) -> None:
        self._target = port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._passing = threading.Event()
        self._passing.set()
        self.delay = 0.0  # seconds each chunk waits (a slow network), both ways
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _address = self._listener.accept()
                upstream = socket.create_connection(("127.0.0.1", self._target))
                self._sockets += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                self._passing.wait()
                if self.delay:
                    time.sleep(self.delay)
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def silence(self) -> None:
        self._passing.clear()

    def resume(self) -> None:
        self._passing.set()

    def close(self) -> None:
        self._passing.set()
        self._listener.close()
        for each in self._sockets:
            with contextlib.suppress(OSError):
                each.close()


@pytest.fixture
def relay(team: Team) -> Iterator[SilentRelay]:  # noqa: F811 - the imported fixture
    relay = SilentRelay(team.cluster.port)
    # libpq's password file names the port: the relay's too.
    passfile = Path(os.environ["PGPASSFILE"])
    lines = passfile.read_text(encoding="utf-8").splitlines()
    more = [line.replace(f":{team.cluster.port}:", f":{relay.port}:", 1) for line in lines]
    passfile.write_text("\n".join(lines + more) + "\n", encoding="utf-8")
    yield relay
    relay.close()


def relayed_url(team: Team, relay: SilentRelay, person: str) -> str:  # noqa: F811
    return team.url(person).replace(f":{team.cluster.port}/", f":{relay.port}/", 1)


def queued_confirms(url: str) -> list[str]:
    """The texts of the confirms kept in this user's local queue for the shared project."""
    queue = SendQueue()
    try:
        items = [item for _row, item in queue.pending(queue_key(url), QUEUE_KIND)]
    finally:
        queue.close()
    return [item["target"] for item in items if item["kind"] == "confirm"]


def confirm_typed(qtbot: QtBot, window: MainWindow, text: str) -> int:
    """Type over the current segment's target and press Ctrl+Enter; returns its id.
    (QTest types ASCII only.)"""
    segment_id = window.current_id
    assert segment_id is not None
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, text)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, CTRL)
    return segment_id


def in_front(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.target_edit.setFocus()


def test_quick_confirms_never_wait_on_a_silent_server(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,
) -> None:
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        before = seen.versions()
        originals = {s.id: (s.target, s.status) for s in seen.load_article().segments()}
    window.select_segment(2)
    relay.silence()  # from now on the server answers nothing
    confirmed = [confirm_typed(qtbot, window, f"quick confirm {n}") for n in range(12)]
    # Every key press returned with nothing from the server: each confirm is shown,
    # marked as on its way, and the editor moved on each time.
    assert len(set(confirmed)) == 12
    assert window.current_id not in confirmed
    assert window.unanswered() == 12
    for n, segment_id in enumerate(confirmed):
        assert target_of(window, segment_id) == f"quick confirm {n}"
        assert "sending…" in status_text(window, segment_id)
    # Ctrl+Z undoes the last confirm at once too: it is sent after the confirm it undoes.
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, CTRL)
    last = confirmed[-1]
    assert target_of(window, last) == originals[last][0]
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        assert seen.versions() == before  # nothing landed while the relay was silent
    relay.resume()
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        after = seen.versions()
        for n, segment_id in enumerate(confirmed[:-1]):
            segment = seen.segment(segment_id)
            assert (segment.target, segment.status) == (f"quick confirm {n}", Status.TRANSLATED)
            assert after[segment_id] == before[segment_id] + 1
            assert "sending" not in status_text(window, segment_id)
        # The undone one: confirmed, then written back, in that order.
        assert (seen.segment(last).target, seen.segment(last).status) == originals[last]
        assert after[last] == before[last] + 2
    assert window.undo_stack.index() == 11
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Y, CTRL)  # redo lands too
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=10_000)
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        assert seen.segment(last).target == "quick confirm 11"


def test_two_editors_on_one_segment_get_the_conflict(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    tmp_path: Path,
) -> None:
    dave = MainWindow(Settings(QSettings(str(tmp_path / "dave.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(dave)
    dave.show()
    dave.ask = lambda _title, _question: True
    asked: list[EditConflictError] = []
    answers = [None, "theirs"]  # first "Keep editing", then "Keep theirs"

    def choose(_number: int, conflict: EditConflictError) -> str | None:
        asked.append(conflict)
        return answers[len(asked) - 1]

    dave.resolve_conflict = choose
    try:
        open_shared(qtbot, window, team.url("alice"))
        open_shared(qtbot, dave, team.url("dave"))
        for editor, name in ((window, "alice"), (dave, "dave")):
            editor.select_segment(8)
            editor.target_edit.selectAll()
            qtbot.keyClicks(editor.target_edit, f"{name} wrote it")
        in_front(qtbot, window)  # the keys go to the window in front
        qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, CTRL)
        qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: target_of(dave, 8) == "alice wrote it", timeout=10_000)
        assert dave.target_edit.toPlainText() == "dave wrote it"  # his typing stays
        in_front(qtbot, dave)
        qtbot.keyClick(dave.target_edit, Qt.Key.Key_Return, CTRL)
        assert dave.current_id != 8  # moved on at once; the conflict comes back
        qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
        assert (asked[0].theirs, asked[0].mine, asked[0].who) == (
            "alice wrote it",
            "dave wrote it",
            "alice",
        )
        # Keep editing: back on the segment with his text, theirs in the grid.
        qtbot.waitUntil(lambda: dave.current_id == 8, timeout=5_000)
        assert dave.target_edit.toPlainText() == "dave wrote it"
        assert target_of(dave, 8) == "alice wrote it"
        qtbot.keyClick(dave.target_edit, Qt.Key.Key_Return, CTRL)  # asks again
        qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: dave.unanswered() == 0, timeout=10_000)
        assert target_of(dave, 8) == "alice wrote it"
        assert "sending" not in status_text(dave, 8)
        assert dave.undo_stack.count() == 0  # the refused confirm left the undo stack
        with SharedProject.open(team.url("dave"), readonly=True) as seen:
            assert seen.segment(8).target == "alice wrote it"
    finally:
        dave.close()


def test_a_server_stopped_mid_session_freezes_nothing_and_loses_nothing(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
) -> None:
    url = team.url("alice")
    told: list[str] = []
    window.noticeShown.connect(told.append)
    open_shared(qtbot, window, url)
    window.select_segment(2)
    first = confirm_typed(qtbot, window, "while the server is there")
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=10_000)
    pg_cluster.stop(team.cluster)
    try:
        away = [confirm_typed(qtbot, window, f"while the server is away {n}") for n in range(2)]
        qtbot.waitUntil(lambda: any("working offline" in t for t in told), timeout=10_000)
        for segment_id in away:
            assert "kept, server away" in status_text(window, segment_id)
        assert queued_confirms(url) == ["while the server is away 0", "while the server is away 1"]
    finally:
        pg_cluster.start(team.cluster)
    # Back while the window is open: what was kept is sent, and the user told once.
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    assert any("is back" in t for t in told)
    # Away again, and the project closed meanwhile: kept for the next open.
    pg_cluster.stop(team.cluster)
    try:
        last = confirm_typed(qtbot, window, "before closing")
        qtbot.waitUntil(lambda: "kept, server away" in status_text(window, last), timeout=10_000)
        window.close_project()
    finally:
        pg_cluster.start(team.cluster)
    open_shared(qtbot, window, url)
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    with SharedProject.open(url, readonly=True) as seen:
        assert seen.segment(first).target == "while the server is there"
        for n, segment_id in enumerate(away):
            assert seen.segment(segment_id).target == f"while the server is away {n}"
        assert seen.segment(last).target == "before closing"
        assert seen.segment(last).status is Status.TRANSLATED
    queue = SendQueue()
    try:
        assert queue.pending(queue_key(url), QUEUE_KIND) == []
    finally:
        queue.close()
