"""The editor on a shared project, against the real throw-away PostgreSQL cluster
(tests/pg_cluster.py): File › Open from server, `cxeditor postgresql://…`, claims and
other people's changes appearing in the grid, a conflict on confirm as a choice with
both texts, and the team memory (with its offline fallback told once)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pg_cluster  # type: ignore[import-not-found]
import psycopg
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from pg_cluster import Cluster  # type: ignore[import-not-found]
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.segment_model import COL_STATUS
from cxeditor.gui.settings import TEAM_SERVER
from cxeditor.gui.team_ui import KEEP_THEIRS, ConflictDialog, SharedProjectsDialog
from cxeditor.model import Origin, OriginKind, Status
from cxeditor.store import Project, shared
from cxeditor.store.server import display_name
from cxeditor.store.shared import EditConflictError, SharedProject, project_url
from cxeditor.tm.offline import SendQueue
from cxeditor.tm.pg_memory import PgMemory

PEOPLE = {"alice": "editor", "dave": "editor", "bob": "reviewer"}
LIVE_SECONDS = 1.0  # issue 21: others' changes appear within a second


@dataclass(frozen=True)
class Team:
    cluster: Cluster
    database: str

    def server(self, person: str) -> str:
        return self.cluster.url(self.database, user=person)

    def url(self, person: str) -> str:
        return project_url(self.server(person), "recap")


@pytest.fixture
def team(
    pg_url: str, pg_cluster: Cluster, tmp_path: Path, samples: Path, monkeypatch: pytest.MonkeyPatch
) -> Team:
    """The owner shares the sample project; alice and dave edit, bob reviews. Every
    password is in a .pgpass file (libpq's own), none in a URL or a setting."""
    project = tmp_path / "recap.cxproj"
    made = run_cli(
        "new",
        samples / "locchat-recap.html",
        "--translation",
        samples / "locchat-recap.ko-mt.txt",
        "-o",
        project,
    )
    assert made.returncode == 0, made.stderr
    shared = run_cli("share", project, "--server", pg_url, "--name", "recap")
    assert shared.returncode == 0, shared.stderr
    passwords = {person: secrets.token_urlsafe(12) for person in PEOPLE}
    sql = psycopg.sql
    with psycopg.connect(pg_url, autocommit=True) as connection:
        for person, role in PEOPLE.items():
            exists = connection.execute(
                "SELECT 1 FROM pg_roles WHERE rolname = %s", (person,)
            ).fetchone()
            connection.execute(
                sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                    sql.SQL("ALTER" if exists else "CREATE"),
                    sql.Identifier(person),
                    sql.Literal(passwords[person]),
                )
            )
            connection.execute(
                sql.SQL("GRANT {} TO {}").format(
                    sql.Identifier(f"cxeditor_{role}"), sql.Identifier(person)
                )
            )
    passfile = tmp_path / "pgpass"
    lines = [f"127.0.0.1:{pg_cluster.port}:*:{p}:{pw}" for p, pw in passwords.items()]
    lines.append(f"127.0.0.1:{pg_cluster.port}:*:cxadmin:{pg_cluster.password}")
    passfile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    passfile.chmod(0o600)
    monkeypatch.delenv("PGPASSWORD")
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    return Team(pg_cluster, pg_url.rsplit("/", 1)[1])


def open_shared(qtbot: QtBot, window: MainWindow, url: str) -> None:
    """Open a shared project (read in a worker) and wait until the window shows it."""
    with qtbot.waitSignal(window.projectOpened, timeout=30_000):
        assert window.open_project(url)
    assert window.project is not None


def target_of(window: MainWindow, segment_id: int) -> str:
    number = window.model.row_number_of(segment_id)
    assert number is not None
    return window.model.row(number).target


def status_text(window: MainWindow, segment_id: int) -> str:
    number = window.model.row_number_of(segment_id)
    assert number is not None
    return str(window.model.index(number, COL_STATUS).data())


def test_open_from_server_lists_the_shared_projects(
    qtbot: QtBot, window: MainWindow, team: Team
) -> None:
    window.settings.set(TEAM_SERVER, team.server("alice"))
    dialog = SharedProjectsDialog(window.settings.team_server() or "", window.tasks, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.projects.count() == 1, timeout=10_000)
    assert dialog.projects.item(0).text() == "recap"
    qtbot.keyClick(dialog.projects, Qt.Key.Key_Return)  # Enter opens the one selected
    assert dialog.result() == SharedProjectsDialog.DialogCode.Accepted
    url = dialog.chosen_url()
    assert url == team.url("alice")
    told: list[str] = []
    window.noticeShown.connect(told.append)
    open_shared(qtbot, window, url)
    assert "recap" in window.windowTitle()
    window.glossary_entries()
    # The team memory was never set up by the owner: told once (memory and glossary
    # both find it, each in its connecting thread), and the local ones are used.
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    qtbot.wait(500)  # the other one's refusal comes too, and is not told again
    assert len(told) == 1
    assert "using your local memory and glossary" in told[0]
    assert "alice@" in window.team_label.text()
    assert window.model.rowCount() > 10
    file_menu = [action.text() for action in window._menus["file"].actions()]
    assert "Open from &server…" in file_menu


def test_a_wrong_server_is_one_clear_line_in_the_dialog(qtbot: QtBot, window: MainWindow) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dialog = SharedProjectsDialog(f"postgresql://alice@127.0.0.1:{port}/team", window.tasks)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.listed, timeout=15_000):
        pass
    assert "cannot be reached" in dialog.message.text()
    assert "\n" not in dialog.message.text()


def test_claims_and_changes_by_others_appear_in_the_grid(
    qtbot: QtBot, window: MainWindow, team: Team
) -> None:
    open_shared(qtbot, window, team.url("alice"))
    window.select_segment(3)
    with SharedProject.open(team.url("dave")) as dave:
        # The others see who has it (claims go through the window's sender).
        qtbot.waitUntil(lambda: dave.claims().get(3) == "alice", timeout=5_000)
        assert dave.claim(5) == "dave"
        qtbot.waitUntil(lambda: "dave" in status_text(window, 5), timeout=5_000)
        assert "dave editing" in status_text(window, 5)
        version = dave.versions()[6]
        started = time.monotonic()
        dave.confirm(6, base_version=version, target="데이브의 번역", status=Status.TRANSLATED)
        qtbot.waitUntil(lambda: target_of(window, 6) == "데이브의 번역", timeout=5_000)
        assert time.monotonic() - started < LIVE_SECONDS
        dave.release(5)
        qtbot.waitUntil(lambda: "dave" not in status_text(window, 5), timeout=5_000)
    window.select_segment(4)  # moving on frees the segment left
    with SharedProject.open(team.url("dave")) as dave:
        qtbot.waitUntil(lambda: dave.claims().get(4) == "alice", timeout=5_000)
        assert dave.claims().get(3) is None


def test_changes_made_while_the_server_was_away_appear_when_it_is_back(
    qtbot: QtBot, window: MainWindow, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server restarts under an open editor: the user is told once that others'
    changes are paused, and once that they resumed; a colleague's confirm made before
    this editor's feed could come back is in the grid then."""
    monkeypatch.setattr(shared, "FEED_BACKOFF", (0.2,))
    told: list[str] = []
    window.noticeShown.connect(told.append)
    open_shared(qtbot, window, team.url("alice"))
    with SharedProject.open(team.url("dave")) as dave:
        assert dave.claim(5) == "dave"
        qtbot.waitUntil(lambda: "dave" in status_text(window, 5), timeout=5_000)  # live
    # New sessions of alice's are turned away for a while: her feed cannot come back
    # before dave's confirm, so it can only see it by catching up.
    limit(team, "alice", 0)
    try:
        pg_cluster.stop(team.cluster)
        try:
            qtbot.waitUntil(lambda: any("paused" in t for t in told), timeout=10_000)
        finally:
            pg_cluster.start(team.cluster)
        with SharedProject.open(team.url("dave")) as dave:
            dave.confirm(6, base_version=dave.versions()[6], target="서버가 없던 사이의 번역")
        qtbot.wait(600)  # alice's feed keeps trying, refused
        assert target_of(window, 6) != "서버가 없던 사이의 번역"
    finally:
        limit(team, "alice", -1)
    qtbot.waitUntil(lambda: target_of(window, 6) == "서버가 없던 사이의 번역", timeout=10_000)
    qtbot.waitUntil(lambda: any("resumed" in t for t in told), timeout=5_000)
    assert sum("paused" in t for t in told) == 1
    assert sum("resumed" in t for t in told) == 1
    assert "dave editing" in status_text(window, 5)  # claims are rows: they outlive it
    # And the editor works on as before: alice's own confirm lands on the server.
    window.select_segment(7)
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, "after the restart")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with SharedProject.open(team.url("dave"), readonly=True) as dave:  # sent by the worker
        qtbot.waitUntil(lambda: dave.segment(7).target == "after the restart", timeout=10_000)


def limit(team: Team, person: str, connections: int) -> None:
    """The server turning `person`'s new sessions away (too many connections for the
    role) while their open ones go on."""
    sql = psycopg.sql
    with psycopg.connect(team.server("cxadmin"), autocommit=True) as owner:
        owner.execute(
            sql.SQL("ALTER ROLE {} CONNECTION LIMIT {}").format(
                sql.Identifier(person), sql.Literal(connections)
            )
        )


def test_a_conflict_on_confirm_is_a_choice_with_both_texts(
    qtbot: QtBot, window: MainWindow, team: Team
) -> None:
    asked: list[EditConflictError] = []
    answers = ["theirs", "mine"]

    def choose(number: int, conflict: EditConflictError) -> str:
        asked.append(conflict)
        return answers[len(asked) - 1]

    window.resolve_conflict = choose
    open_shared(qtbot, window, team.url("alice"))
    for answer in answers:
        window.select_segment(8)
        window.target_edit.selectAll()
        qtbot.keyClicks(window.target_edit, f"alice wrote ({answer})")
        with SharedProject.open(team.url("dave")) as dave:
            dave.confirm(8, base_version=dave.versions()[8], target=f"데이브의 번역 ({answer})")
        theirs = f"데이브의 번역 ({answer})"
        qtbot.waitUntil(lambda t=theirs: target_of(window, 8) == t, timeout=5_000)
        # The typing stays in the editor while dave's change arrives.
        assert window.target_edit.toPlainText() == f"alice wrote ({answer})"
        qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert window.current_id != 8  # the editor moved on at once; the answer follows
        qtbot.waitUntil(lambda a=answer: len(asked) == answers.index(a) + 1, timeout=5_000)
        conflict = asked[-1]
        assert conflict.theirs == f"데이브의 번역 ({answer})"
        assert conflict.mine == f"alice wrote ({answer})"
        assert conflict.who == "dave"
        qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=5_000)
        with SharedProject.open(team.url("dave"), readonly=True) as dave:
            stored = dave.segment(8).target
        if answer == "theirs":
            assert stored == "데이브의 번역 (theirs)"
        else:
            assert stored == "alice wrote (mine)"
        assert target_of(window, 8) == stored
        assert status_text(window, 8).endswith("Translated")  # no longer "sending…"
    assert len(asked) == 2


def test_a_segment_locked_by_another_session_is_a_clear_message_and_nothing_written(
    qtbot: QtBot, window: MainWindow, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=1s")  # the user's own wins: a short wait
    open_shared(qtbot, window, team.url("alice"))
    window.select_segment(8)
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, "held up by a lock")
    with psycopg.connect(team.server("cxadmin")) as colleague:  # psql, in a transaction
        colleague.execute("LOCK TABLE cx_segments IN ACCESS EXCLUSIVE MODE")
        with qtbot.waitSignal(window.errorShown, timeout=15_000) as shown:
            qtbot.keyClick(
                window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
            )
        colleague.rollback()
    message = shown.args[0]
    assert "did not answer in time" in message
    assert "nothing was changed" in message
    assert "\n" not in message
    assert window.target_edit.toPlainText() == "held up by a lock"  # the typing is kept
    with SharedProject.open(team.url("dave"), readonly=True) as dave:
        assert dave.segment(8).target != "held up by a lock"
        assert dave.history(8) == []


def test_the_conflict_dialog_shows_both_texts_and_enter_keeps_theirs(qtbot: QtBot) -> None:
    conflict = EditConflictError(8, "내 번역", "상대 번역", "dave", 3)
    dialog = ConflictDialog(8, conflict)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.theirs.toPlainText() == "상대 번역"
    assert dialog.mine.toPlainText() == "내 번역"
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "#8" in labels
    assert "dave" in labels
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.choice == KEEP_THEIRS


def test_a_reviewer_approves_on_the_server_and_the_editor_sees_it(
    qtbot: QtBot, window: MainWindow, team: Team
) -> None:
    open_shared(qtbot, window, team.url("bob"))
    window.select_segment(2)
    qtbot.keyClick(
        window.target_edit,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.unanswered() == 0, timeout=5_000)  # sent in the background
    with SharedProject.open(team.url("alice"), readonly=True) as alice:
        assert alice.segment(2).status is Status.APPROVED
    # A reviewer may not change a translation: the database refuses, one clear message.
    window.select_segment(3)
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, "a reviewer rewrote it")
    with qtbot.waitSignal(window.errorShown, timeout=5_000) as shown:
        qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "refused" in shown.args[0]
    with SharedProject.open(team.url("alice"), readonly=True) as alice:
        assert alice.segment(3).target != "a reviewer rewrote it"


def test_cxeditor_opens_the_editor_on_a_shared_project(team: Team, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CXEDITOR_SMOKE_TEST": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    opened = subprocess.run(
        [sys.executable, "-m", "cxeditor", team.url("alice")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert opened.returncode == 0, opened.stderr
    wrong = run_cli(team.server("alice"))  # a database, not a project
    assert wrong.returncode == 2
    assert "does not name a shared project" in wrong.stderr
    assert wrong.stderr.count("\n") == 1


def test_the_team_memory_is_used_when_a_server_is_set(
    qtbot: QtBot, window: MainWindow, sample_project: Path, pg_url: str
) -> None:
    window.settings.set(TEAM_SERVER, pg_url)
    online: list[str] = []
    window.teamOnline.connect(online.append)
    window.open_project(sample_project)
    # The team memory connects in a thread of its own (the local one answers meanwhile).
    qtbot.waitUntil(lambda: "memory" in online, timeout=10_000)
    window.select_segment(7)
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, "for the team memory")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with Project.open(sample_project, readonly=True) as project:
        source = project.segment(7).source
    memory = PgMemory(pg_url)
    try:
        assert memory.best(source) == ("for the team memory", 100)
    finally:
        memory.close()


def test_an_unreachable_team_server_is_told_once_and_work_goes_on(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window.settings.set(TEAM_SERVER, f"postgresql://alice@127.0.0.1:{port}/team")
    told: list[str] = []
    window.noticeShown.connect(told.append)
    window.open_project(sample_project)
    window.select_segment(7)
    window.glossary_entries()  # the glossary notices the outage too
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    window.select_segment(8)
    window.target_edit.selectAll()
    qtbot.keyClicks(window.target_edit, "typed offline")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    window.tasks.wait()
    qtbot.wait(100)
    assert len(told) == 1
    assert "working offline" in told[0]
    with Project.open(sample_project, readonly=True) as project:
        confirmed = project.segment(8)
    assert (confirmed.target, confirmed.status) == ("typed offline", Status.TRANSLATED)
    assert confirmed.origin == Origin(OriginKind.HUMAN)


def test_a_silent_team_server_never_holds_up_the_window(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    """A server that accepts the connection and never answers (a firewall, a hung
    host): the memory and glossary connect in their own threads, the window answers
    key presses at once on the local memory, and the outage is told once."""
    told: list[str] = []
    window.noticeShown.connect(told.append)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel accepts; nobody ever answers
        port = silent.getsockname()[1]
        # A long connect timeout: a window waiting on it would wait 30 s per opening.
        server = f"postgresql://alice@127.0.0.1:{port}/team?connect_timeout=30"
        window.settings.set(TEAM_SERVER, server)
        started = time.monotonic()
        window.open_project(sample_project)
        window.select_segment(7)  # the suggestions open the memory
        window.glossary_entries()  # the glossary opens too
        window.select_segment(8)
        window.target_edit.selectAll()
        qtbot.keyClicks(window.target_edit, "typed while connecting")
        qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        elapsed = time.monotonic() - started
        silent.setblocking(False)
        assert silent.accept()[0].close() is None  # a connection was still waiting
        assert told == []  # nothing to tell yet: still connecting
    assert elapsed < 5, elapsed
    with Project.open(sample_project, readonly=True) as project:
        confirmed = project.segment(8)
    assert (confirmed.target, confirmed.status) == ("typed while connecting", Status.TRANSLATED)
    # The server "goes" (the socket closed): told once, the confirmed unit kept for it.
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    qtbot.wait(200)
    assert len(told) == 1
    assert "working offline" in told[0]
    queue = SendQueue()
    try:
        queued = [item["target"] for _id, item in queue.pending(display_name(server), "memory")]
    finally:
        queue.close()
    assert "typed while connecting" in queued
