"""The window never waits on the team server for replace-all, QA fixes, opening a shared
project, other people's changes, sign-off, review import and pre-translation: driven by
keys and actions against the real throw-away cluster (tests/pg_cluster.py), through a
relay that goes silent (tests/gui/test_team_sending.py). While the server is silent the
event loop runs (a timer fires); when it answers the result lands, in order after the
confirms queued before."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import docx
import psycopg
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from cxeditor.formats.review_docx import export_review_docx
from cxeditor.gui.find_replace import ReplaceDialog
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.main_window import team as team_part
from cxeditor.gui.main_window.sending import CLOSE_WAIT_SECONDS
from cxeditor.model import OriginKind, Status
from cxeditor.store import Project
from cxeditor.store.project import SegmentChange
from cxeditor.store.shared import SharedProject

from .conftest import SAMPLES
from .test_find_replace import alt, in_dialog
from .test_live_qa import type_text
from .test_team_sending import (  # noqa: F401 - relay: the fixture
    SilentRelay,
    confirm_typed,
    queued_confirms,
    relay,
    relayed_url,
)
from .test_team_ui import Team, status_text, target_of, team  # noqa: F401 - the fixture

CTRL = Qt.KeyboardModifier.ControlModifier
GARBLED = "#Loc채팅"  # in segments 7 and 11 of the sample
ROUND_TRIP_DELAY = 0.8  # seconds the relay adds to each round trip in the slow tests
LOCK_HELD = 2.0  # seconds a table is held (under the connections' 10 s lock_timeout)


def status_of(window: MainWindow, segment_id: int) -> Status:
    number = window.model.row_number_of(segment_id)
    assert number is not None
    return window.model.row(number).status


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


class GapWatch:
    """The longest time the window's event loop went without running a 10 ms timer."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        return self.longest


def test_others_changes_are_read_without_holding_up_the_window(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    window.select_segment(2)
    qtbot.waitUntil(lambda: window.unanswered() == 0 and window._sender.waiting() == 0)
    relay.delay = ROUND_TRIP_DELAY / 2  # each way: a slow network to the server
    with SharedProject.open(team.url("dave")) as dave:
        versions = dave.versions()
        few = [5, 6, 9]
        watch = GapWatch()
        for segment_id in few:
            dave.confirm(segment_id, base_version=versions[segment_id], target=f"dave {segment_id}")
        qtbot.waitUntil(
            lambda: all(target_of(window, i) == f"dave {i}" for i in few), timeout=30_000
        )
        few_gap = watch.stop()
        # Many at once (a colleague's pre-translation): the whole article is read again,
        # while the owner holds the comments table (every read of the article waits).
        relay.delay = 0.0
        monkeypatch.setattr(team_part, "RELOAD_ALL_AFTER", len(few))  # the sample is small
        many = [i for i in dave.segment_ids() if i not in (2, *few)]
        assert len(many) > team_part.RELOAD_ALL_AFTER
        with psycopg.connect(team.server("cxadmin")) as owner:
            owner.execute("LOCK TABLE cx_comments IN ACCESS EXCLUSIVE MODE")
            watch = GapWatch()
            dave.apply_changes(SegmentChange(i, target=f"bulk {i}") for i in many)
            qtbot.wait(int(LOCK_HELD * 1000))
            assert all(target_of(window, i) != f"bulk {i}" for i in many)  # still reading
            owner.rollback()
        qtbot.waitUntil(
            lambda: all(target_of(window, i) == f"bulk {i}" for i in many), timeout=30_000
        )
        many_gap = watch.stop()
        after = dave.versions()
    # Each read waited on the server (a delayed round trip, a held table); the window ran
    # on (a read on the window's thread would hold it that long each time).
    assert few_gap < ROUND_TRIP_DELAY, few_gap
    assert many_gap < ROUND_TRIP_DELAY, many_gap
    for segment_id in (*few, *many):
        assert window._versions[segment_id] == after[segment_id]
        assert "sending" not in status_text(window, segment_id)
    # alice confirms one of them on top: no conflict, the version she saw was dave's.
    window.select_segment(few[0])
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    confirm_typed(qtbot, window, "alice on top")
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    assert server_segments(team)[few[0]][0] == "alice on top"
    assert errors == []


def test_sign_off_goes_after_the_last_approval_and_never_waits(
    qtbot: QtBot,
    window: MainWindow,
    *,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
    pg_url: str,
    tmp_path: Path,
) -> None:
    """bob (a reviewer) approves the last segment and signs off with the server silent;
    the window goes on, and the sign-off is sent after the approval."""
    clean = tmp_path / "clean.cxproj"
    assert run_cli("new", SAMPLES / "locchat-recap.en.txt", "-o", clean).returncode == 0
    with Project.open(clean) as project:  # the source as a stand-in translation, approved
        segments = list(project.load_article().segments())
        for segment in segments:
            assert segment.id is not None
            status = Status.TRANSLATED if segment is segments[-1] else Status.APPROVED
            project.update_segment(segment.id, target=segment.source, status=status)
    shared = run_cli("share", clean, "--server", pg_url, "--name", "clean")
    assert shared.returncode == 0, shared.stderr
    url = relayed_url(team, relay, "bob").replace("/recap", "/clean")
    open_shared(qtbot, window, url)
    last = segments[-1].id
    assert last is not None
    window.select_segment(last)
    told: list[str] = []
    window.errorShown.connect(told.append)
    finished: list[str] = []
    window.jobFinished.connect(finished.append)
    relay.silence()
    qtbot.keyClick(window.target_edit, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.unanswered() == 1
    window.signoff_action.trigger()
    qtbot.waitUntil(lambda: "Signing off" in window.statusBar().currentMessage(), timeout=20_000)
    assert finished == []  # QA ran; the sign-off waits behind the approval, not the window
    event_loop_runs(qtbot)
    relay.resume()
    qtbot.waitUntil(lambda: finished == ["signoff"], timeout=20_000)
    assert told == []
    with SharedProject.open(team.url("alice").replace("/recap", "/clean"), readonly=True) as seen:
        assert seen.segment(last).status is Status.APPROVED
        meta = seen.meta()
    # The server's function names the database role and its own time, not a typed name.
    assert meta.signed_off_by == "bob"
    assert meta.signed_off_at
    assert window._shared_article is not None  # the window shows what the server stored
    assert window._shared_article.meta.signed_off_by == "bob"
    assert window._shared_article.meta.signed_off_at == meta.signed_off_at


def test_review_import_goes_after_a_queued_approval_and_never_waits(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
    tmp_path: Path,
) -> None:
    reviewed = tmp_path / "review.docx"
    with SharedProject.open(team.url("bob"), readonly=True) as seen:
        export_review_docx(seen.load_article(), reviewed)
    document = docx.Document(str(reviewed))
    rows = {r.cells[0].paragraphs[0].runs[0].text: r.cells for r in document.tables[0].rows[1:]}
    rows["#3"][3].text = "승인"
    rows["#10"][3].text = "반려"
    rows["#10"][4].text = "답3 → A3 로 고쳐 주세요"
    document.save(str(reviewed))
    open_shared(qtbot, window, relayed_url(team, relay, "bob"))
    number_of = {row.number: row.segment_id for row in window.model.rows()}
    window.select_segment(number_of[3])
    finished: list[str] = []
    window.jobFinished.connect(finished.append)
    relay.silence()
    # bob approves #3 by key first; the import (which approves it too) goes after.
    qtbot.keyClick(window.target_edit, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.import_reviewed(reviewed) is not None
    event_loop_runs(qtbot)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Down, CTRL)  # keys are handled meanwhile
    event_loop_runs(qtbot)
    assert finished == []
    relay.resume()
    qtbot.waitUntil(lambda: finished == ["review-import"], timeout=30_000)
    qtbot.waitUntil(
        lambda: (
            status_text(window, number_of[10]).startswith(str(Status.REJECTED.value)[:3])
            or "reject" in status_text(window, number_of[10]).lower()
        ),
        timeout=20_000,
    )
    with SharedProject.open(team.url("bob"), readonly=True) as seen:
        assert seen.segment(number_of[3]).status is Status.APPROVED
        assert seen.segment(number_of[10]).status is Status.REJECTED
        assert [h.status_after for h in seen.history(number_of[3])] == [Status.APPROVED]
    assert window.unanswered() == 0


def test_pretranslation_goes_after_a_queued_confirm_and_never_waits(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
) -> None:
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    window.select_segment(2)
    finished: list[str] = []
    window.jobFinished.connect(finished.append)
    relay.silence()
    confirm_typed(qtbot, window, "confirmed before the job")
    assert window.pretranslate_with("tm") is not None  # the memory only: no engine
    event_loop_runs(qtbot)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Down, CTRL)
    event_loop_runs(qtbot)
    assert finished == []
    relay.resume()
    qtbot.waitUntil(lambda: finished == ["pretranslate"], timeout=30_000)
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=20_000)
    assert target_of(window, 2) == "confirmed before the job"  # the reload kept it
    assert server_segments(team)[2] == ("confirmed before the job", Status.TRANSLATED)


def test_closing_while_a_job_waits_for_a_silent_server_keeps_the_confirm(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
) -> None:
    url = relayed_url(team, relay, "alice")
    open_shared(qtbot, window, url)
    window.select_segment(2)
    relay.silence()
    confirm_typed(qtbot, window, "kept for the next session")
    assert window.pretranslate_with("tm") is not None  # waits behind the confirm
    sender = window._sender
    assert sender is not None
    started = time.perf_counter()
    window.close()  # the job gives up waiting; the confirm stays in the local queue file
    assert time.perf_counter() - started < CLOSE_WAIT_SECONDS + 5
    assert window.tasks.pending() == 0
    assert queued_confirms(url) == ["kept for the next session"]
    relay.resume()
    qtbot.waitUntil(lambda: not sender.running(), timeout=20_000)


def test_dismissals_and_an_export_never_wait_and_come_after_a_queued_confirm(
    qtbot: QtBot,
    window: MainWindow,
    team: Team,  # noqa: F811
    relay: SilentRelay,  # noqa: F811
    tmp_path: Path,
) -> None:
    open_shared(qtbot, window, relayed_url(team, relay, "alice"))
    garbled = [f for f in window.qa_panel.findings() if f.text == GARBLED]
    assert len(garbled) == 2
    window.select_segment(2)
    finished: list[str] = []
    window.jobFinished.connect(finished.append)
    output = tmp_path / "recap.json"
    relay.silence()
    confirm_typed(qtbot, window, "confirmed before the export")
    window.qa_panel.dismissRequested.emit(garbled[0])  # the dock's Dismiss button
    window.qa_panel.dismissAllRequested.emit(garbled[1].check)  # all of its kind (asked)
    assert not [f for f in window.qa_panel.findings() if f.text == GARBLED]
    assert window.export_to("json", output) is not None
    event_loop_runs(qtbot)
    assert finished == []
    assert not output.exists()
    relay.resume()
    qtbot.waitUntil(lambda: finished == ["export"], timeout=30_000)
    qtbot.waitUntil(lambda: window._sender is not None and window._sender.waiting() == 0)
    exported = {
        s["id"]: s["target"]
        for block in json.loads(output.read_text("utf-8"))["blocks"]
        for s in block["segments"]
    }
    assert exported[2] == "confirmed before the export"
    with SharedProject.open(team.url("alice"), readonly=True) as seen:
        assert {f.key for f in garbled} <= seen.dismissed_findings()
    # QA again keeps them dismissed (the window's copy, and the server's on the next open).
    with qtbot.waitSignal(window.live_qa.loaded, timeout=20_000):
        window.run_qa_job(quiet=True)
    assert not [f for f in window.qa_panel.findings() if f.text == GARBLED]
