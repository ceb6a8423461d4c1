"""The real main window, driven with the keyboard, on real project files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtTest import QAbstractItemModelTester

from cxeditor.clock import local_readable
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.segment_model import SegmentTableModel, rows_from_article
from cxeditor.gui.settings import Settings
from cxeditor.model import Status
from cxeditor.store import Project
from cxeditor.tm.memory import TmUnit

from .conftest import SAMPLES

pytestmark = pytest.mark.gui


def stored(path: Path, segment_id: int) -> tuple[str, Status]:
    with Project.open(path, readonly=True) as project:
        segment = project.segment(segment_id)
    return segment.target, segment.status


def test_model_passes_qt_model_tester(qtbot, sample_project: Path) -> None:  # type: ignore[no-untyped-def]
    with Project.open(sample_project, readonly=True) as project:
        article = project.load_article()
    model = SegmentTableModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.load(rows_from_article(article))
    assert model.rowCount() == 16
    assert model.data(model.index(6, 1)).startswith("Tweet · @minapark_cx")
    assert "2024년 3월 14일" in model.data(model.index(6, 2), Qt.ItemDataRole.ToolTipRole)


def test_quitting_right_after_opening_leaves_no_job_running(  # type: ignore[no-untyped-def]
    qtbot, settings: Settings, sample_project: Path
) -> None:
    """Closing the window while the project's memory is still being built: its outcome
    looks up the current segment in a new job, which must end (and be delivered) before
    the project and its memory close, as a lookup closed under its running statement
    crashes. (Closed as the window manager's close button does: the offscreen platform
    binds no key to File > Quit.)"""
    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.show()
    window.open_project(sample_project)  # no events processed: every job still pending
    assert window.close()
    assert window.project is None
    assert window.tasks.pending() == 0
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_confirm_with_keyboard_then_undo(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    assert window.open_project(sample_project)
    first = window.current_id
    assert first == 1
    window.target_edit.setFocus()
    window.target_edit.setPlainText("#LocChat 요약: 글로벌 브랜드가 소셜 게시물에서 놓치는 것")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored(sample_project, first) == (
        "#LocChat 요약: 글로벌 브랜드가 소셜 게시물에서 놓치는 것",
        Status.TRANSLATED,
    )
    assert window.current_id == 2  # moved on to the next unconfirmed segment
    with Project.open(sample_project, readonly=True) as project:
        assert project.history(first)[-1].after.endswith("놓치는 것")
    # Nothing typed in this segment: Ctrl+Z undoes the confirmation, in the file too.
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    target, status = stored(sample_project, first)
    assert status is Status.DRAFT
    assert target.startswith("#LocChat 요약: 글로벌 브랜드가 소셜 게시물에 대해")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(sample_project, first)[1] is Status.TRANSLATED


def test_approve_and_reject(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.open_project(sample_project)
    window.select_segment(3)
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert stored(sample_project, 3)[1] is Status.APPROVED
    window.select_segment(3)
    assert window.target_edit.isReadOnly()  # approved segments are locked
    window.select_segment(4)
    window.ask_text = lambda _title, _label: "해시태그가 깨졌습니다"
    window.reject_current()
    assert stored(sample_project, 4)[1] is Status.REJECTED
    with Project.open(sample_project, readonly=True) as project:
        assert [c.text for c in project.comments(4)] == ["해시태그가 깨졌습니다"]
        stamp = project.comments(4)[0].when
    # The history dock: local time to the minute, a word for the comment (no emoji box).
    shown = window.history_panel.toPlainText()
    assert f"{local_readable(stamp)} " in shown
    assert "commented: 해시태그가 깨졌습니다" in shown
    assert stamp not in shown
    assert "💬" not in shown
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    window.select_segment(5)
    window.ask_text = lambda _title, _label: "   "
    window.reject_current()
    assert errors == ["A rejection needs a comment."]
    assert stored(sample_project, 5)[1] is Status.DRAFT


def test_import_in_a_worker_then_open(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    output = tmp_path / "imported.cxproj"
    with qtbot.waitSignal(window.projectOpened, timeout=20_000):
        window.import_article(SAMPLES / "locchat-recap.en.txt", output)
    assert window.model.rowCount() == 16
    assert window.windowTitle().startswith("imported.cxproj")


def test_cancelled_import_leaves_nothing(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    article = tmp_path / "big.txt"
    lines = ["Big recap"]
    for i in range(20_000):
        lines += [f"A{i % 9}: tweet number {i} #Tag{i % 5}", f"— Person (@person_{i}) 2020-01-02"]
    article.write_text("\n".join(lines), encoding="utf-8")
    output = tmp_path / "big.cxproj"
    with qtbot.waitSignal(window.jobFinished, timeout=30_000):
        task = window.import_article(article, output)
        task.cancel()
    assert not output.exists()
    assert window.project is None
    assert window.isEnabled()


def test_bad_article_shows_one_clear_message(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"Title\nbody \xc3\x28 not UTF-8")
    with qtbot.waitSignal(window.errorShown, timeout=20_000) as blocker:
        window.import_article(bad, tmp_path / "broken.cxproj")
    message = blocker.args[0]
    assert "broken.txt" in message
    assert "Traceback" not in message
    assert not (tmp_path / "broken.cxproj").exists()


def test_bad_project_file_message(window: MainWindow, tmp_path: Path) -> None:
    fake = tmp_path / "fake.cxproj"
    fake.write_text("not a project", encoding="utf-8")
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    assert not window.open_project(fake)
    assert errors == [f"{fake} is not a cxeditor project file"]


def test_unconfirmed_edit_is_offered_after_restart(
    qtbot,
    settings: Settings,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_project(sample_project)
    first.select_segment(2)
    first.target_edit.setPlainText("게시: 2024년 3월 14일 (작업 중)")
    first.save_pending_edit()  # what the 1.5 s timer does while the editor types
    first.project._connection.close()  # type: ignore[union-attr]  # a crash: no clean close
    first.project._lock.release()  # type: ignore[union-attr]
    first.project = None
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.ask = lambda _title, _question: True
    second.show()
    second.open_project(sample_project)
    second.select_segment(2)
    assert second.target_edit.toPlainText() == "게시: 2024년 3월 14일 (작업 중)"
    assert stored(sample_project, 2)[1] is Status.DRAFT  # still unconfirmed
    with qtbot.waitActive(second):
        second.activateWindow()
    second.target_edit.setFocus()
    qtbot.keyClick(second.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert stored(sample_project, 2) == ("게시: 2024년 3월 14일 (작업 중)", Status.TRANSLATED)
    with Project.open(sample_project, readonly=True) as project:
        assert project.pending_edits() == {}
    second.close_project()


def test_locked_project_opens_read_only(window: MainWindow, sample_project: Path) -> None:
    with Project.open(sample_project):
        asked: list[str] = []
        window.ask = lambda _title, question: asked.append(question) or True
        assert window.open_project(sample_project)
        assert asked
        assert "already open" in asked[0]
        assert window.project is not None
        assert window.project.readonly
        assert not window.confirm_action.isEnabled()
        assert "[read-only]" in window.windowTitle()


def test_filters(window: MainWindow, sample_project: Path) -> None:
    window.open_project(sample_project)
    window.tweets_only.setChecked(True)
    assert window.proxy.rowCount() == 6
    window.tweets_only.setChecked(False)
    window.filter_edit.setText("#월드CX데이2024")
    assert window.proxy.rowCount() == 1
    window.filter_edit.clear()
    window.status_filter.setCurrentIndex(5)  # "Approved"
    assert window.proxy.rowCount() == 0


def test_copy_source_tokens(window: MainWindow, sample_project: Path) -> None:
    window.open_project(sample_project)
    window.select_segment(7)  # A1 tweet: "#Loc채팅 https://t.co/ Ab12Cd34Ef" in the MT
    window.copy_source_tokens()
    text = window.target_edit.toPlainText()
    assert text.endswith("#LocChat https://t.co/Ab12Cd34Ef")


def test_twenty_thousand_rows_load(qtbot, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment  # noqa: PLC0415

    path = tmp_path / "big.cxproj"
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(f"Sentence {i}.", f"문장 {i}.")]) for i in range(20_000)
    ]
    Project.create(path, Article(ArticleMeta(title="big"), blocks))
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.show()
    assert main.open_project(path)
    assert main.model.rowCount() == 20_000
    main.select_row(19_999)
    assert main.target_edit.toPlainText() == "문장 19999."
    main.close_project()


def test_confirmed_segments_feed_the_memory_rejected_do_not(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    window.open_project(sample_project)
    window.select_segment(3)
    window.target_edit.setPlainText("지난 목요일의 #LocChat을 보셨나요?")
    window.confirm_and_next()
    window.select_segment(4)
    window.ask_text = lambda _title, _label: "다시 번역해 주세요"
    window.reject_current()
    found = window.memory().lookup("Did you catch last Thursday's #LocChat?")
    assert found[0].target == "지난 목요일의 #LocChat을 보셨나요?"
    assert found[0].score == 100
    assert window.memory().lookup("If not, here is what you missed.", threshold=95) == []


def test_suggestions_come_from_the_project_and_the_user_memory(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    with Project.open(sample_project) as project:
        project.update_segment(
            3, target="지난 목요일의 #LocChat을 보셨나요?", status=Status.APPROVED
        )
    window.memory().add([TmUnit("If not, here is what you missed.", "못 보셨다면 요약입니다.")])
    window.open_project(sample_project)
    qtbot.waitUntil(lambda: window._project_memory is not None)
    found = window.memory().lookup("Did you catch last Thursday's #CXTweetChat?")
    assert (found[0].memory, found[0].target) == (
        "project",
        "지난 목요일의 #CXTweetChat을 보셨나요?",
    )
    window.select_segment(4)
    qtbot.waitUntil(
        lambda: window.suggestions_panel.count() > 0 and bool(window.suggestions_panel.matches)
    )
    assert "your memory" in window.suggestions_panel.item(0).text()
    window.close_project()
    assert window._project_memory is None
