"""The window never waits on the team server for replace-all, QA fixes, opening a shared
project, other people's changes, sign-off, review import and pre-translation: driven by
keys and actions against the real throw-away cluster (tests/pg_cluster.py), through a
relay that goes silent (tests/gui/test_team_sending.py). While the server is silent the
event loop runs (a timer fires); when it answers the result lands, in order after the
confirms queued before."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from cxeditor.gui.find_replace import ReplaceDialog
from cxeditor.gui.main_window import MainWindow
from cxeditor.model import OriginKind, Status
from cxeditor.store.shared import SharedProject

from .test_find_replace import alt, in_dialog
from .test_live_qa import type_text
from .test_team_sending import SilentRelay, confirm_typed, relay, relayed_url  # noqa: F401
from .test_team_ui import Team, status_text, target_of, team  # noqa: F401 - the fixture

CTRL = Qt.KeyboardModifier.ControlModifier
GARBLED = "#Loc채팅"  # in segments 7 and 11 of the sample


def event_loop_runs(qtbot: QtBot) -> None:
    """A timer started now fires: the window's thread is not held by anything."""
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=2_000):
        timer.start(20)


def open_shared(qtbot: QtBot, window: MainWindow, url: str) -> None:
    """Open a shared project and wait until its QA run on open came back."""
    with qtbot.waitSignal(window.live_qa.loaded, timeout=30_000):
        assert window.open_project(url)


def server_segments(of: Team) -> dict[int, tuple[str, Status]]:
    with SharedProject.open(of.url("alice"), readonly=True) as seen:
        return {s.id: (s.target, s.status) for s in seen.load_article().segments() if s.id}


def while_silent(
    qtbot: QtBot, window: MainWindow, silent: SilentRelay, act: Callable[[], None]
) -> None:
    """Do `act` with the server silent; the window keeps running meanwhile."""
    silent.silence()
    act()
    assert window.unanswered() > 0  # nothing came back: still on its way
    event_loop_runs(qtbot)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    event_loop_runs(qtbot)
    silent.resume()
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)


def test_replace_all_goes_after_a_queued_confirm_and_never_waits(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
) -> None:
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    before = server_segments(team)
    first, second = sorted(i for i, (text, _status) in before.items() if GARBLED in text)
    window.select_segment(2)

    def act() -> None:
        # A confirm queued first, with the text replace-all then changes again.
        assert confirm_typed(qtbot, window, "confirmed first #LocX") == 2

        def drive(dialog: ReplaceDialog) -> None:
            type_text(dialog.find_edit, "#LocX")
            dialog.replace_edit.setFocus()
            type_text(dialog.replace_edit, "#LocChat")
            assert [p.segment_id for p in dialog.planned] == [2]
            alt(qtbot, dialog, Qt.Key.Key_A)

        in_dialog(qtbot, window, drive)
        assert target_of(window, 2) == "confirmed first #LocChat"
        assert "sending…" in status_text(window, 2)

        def drive_garbled(dialog: ReplaceDialog) -> None:
            type_text(dialog.find_edit, GARBLED)
            dialog.replace_edit.setFocus()
            type_text(dialog.replace_edit, "#LocChat")
            assert len(dialog.planned) == 2
            alt(qtbot, dialog, Qt.Key.Key_A)

        in_dialog(qtbot, window, drive_garbled)
        assert window.unanswered() == 4

    while_silent(qtbot, window, relay, act)
    after = server_segments(team)
    assert after[2] == ("confirmed first #LocChat", Status.TRANSLATED)
    for segment_id in (first, second):
        assert after[segment_id][0] == before[segment_id][0].replace(GARBLED, "#LocChat")
        assert "sending" not in status_text(window, segment_id)
    assert errors == []
    # Undo of the replace-all is one step, sent like any write.
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    undone = server_segments(team)
    assert undone[first][0] == before[first][0]
    assert undone[second][0] == before[second][0]


def test_a_qa_fix_goes_after_a_queued_confirm_and_never_waits(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
) -> None:
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    garbled = next(f for f in window.qa_panel.findings() if f.text == GARBLED and f.fix)
    before = server_segments(team)
    window.select_segment(garbled.segment)

    def act() -> None:
        # The editor confirms the segment as it is, then applies the QA fix to it.
        qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, CTRL)
        window.qa_panel.fixRequested.emit(garbled)  # the dock's Fix button
        assert GARBLED not in target_of(window, garbled.segment)

    while_silent(qtbot, window, relay, act)
    target, status = server_segments(team)[garbled.segment]
    assert target == before[garbled.segment][0].replace(GARBLED, garbled.fix or "")
    assert status is Status.TRANSLATED  # the confirm landed first, the fix kept its status
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        assert seen.segment(garbled.segment).origin.kind is OriginKind.QA


def test_opening_a_shared_project_never_waits_on_a_silent_server(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
) -> None:
    relay.silence()  # the connection is accepted; nothing is answered
    opened: list[str] = []
    window.projectOpened.connect(opened.append)
    url = relayed_url(team, relay, "alice")
    assert window.open_project(url)  # returns at once: the opening runs in a worker
    assert window.project is None
    assert "Opening recap from" in window.statusBar().currentMessage()
    event_loop_runs(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_F1)  # keys are handled meanwhile
    event_loop_runs(qtbot)
    assert opened == []
    relay.resume()
    qtbot.waitUntil(lambda: opened == [url], timeout=30_000)
    assert window.project is not None
    assert window.model.rowCount() > 10
    assert "alice@" in window.team_label.text()
    # Closing while one is still being read drops it when it comes.
    window.close_project()
    relay.silence()
    assert window.open_project(url)
    window.close_project()
    relay.resume()
    qtbot.wait(1_000)
    window.tasks.wait()
    assert window.project is None
    assert opened == [url]


def test_a_refused_open_is_one_clear_line(qtbot: QtBot, window: MainWindow, team: Team) -> None:  # noqa: F811
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    missing = team.url("alice").rsplit("/", 1)[0] + "/nosuch"
    assert window.open_project(missing)
    qtbot.waitUntil(lambda: bool(errors), timeout=30_000)
    assert "there is no shared project nosuch" in errors[0]
    assert "\n" not in errors[0]
    assert window.project is None
