"""The window is built around the segment being edited: the caret in the target, rows
that show the whole segment, and the preview, the last position and recovery that
follow the segment. Driven by key presses where a user would press keys."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.segment_model import COL_SOURCE
from cxeditor.gui.settings import Settings
from cxeditor.services import create_project_from_files

CTRL = Qt.KeyboardModifier.ControlModifier
SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"


def open_active(qtbot, window: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert window.open_project(path)
    with qtbot.waitActive(window):
        window.activateWindow()


def test_after_opening_typing_goes_to_the_target(
    qtbot, window: MainWindow, sample_project: Path
) -> None:  # type: ignore[no-untyped-def]
    open_active(qtbot, window, sample_project)
    assert QApplication.focusWidget() is window.target_edit
    before = window.target_edit.toPlainText()
    qtbot.keyClicks(QApplication.focusWidget(), "ok")
    assert window.target_edit.toPlainText() == before + "ok"  # the caret was at the end
    assert window.filter_edit.text() == ""
    assert window.proxy.rowCount() == window.model.rowCount()  # the grid did not blank


def test_moves_keep_the_caret_in_the_target_and_ctrl_f_ctrl_e_switch(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    sample_project: Path,
) -> None:
    open_active(qtbot, window, sample_project)
    first = window.current_id
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, CTRL)
    assert window.current_id != first
    assert QApplication.focusWidget() is window.target_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is window.filter_edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL)
    assert QApplication.focusWidget() is window.target_edit


def test_an_empty_filter_result_says_so(qtbot, window: MainWindow, sample_project: Path) -> None:  # type: ignore[no-untyped-def]
    open_active(qtbot, window, sample_project)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.filter_edit, "zzzz-nothing-like-this")
    assert window.proxy.rowCount() == 0
    assert window.no_match_label.isVisible()
    assert window.no_match_label.text() == "No segments match the filter."
    window.filter_edit.clear()
    assert not window.no_match_label.isVisible()


def test_rows_wrap_to_show_the_whole_segment(
    qtbot, window: MainWindow, sample_project: Path
) -> None:  # type: ignore[no-untyped-def]
    open_active(qtbot, window, sample_project)
    window.resize(700, 700)  # narrow: long targets need more than one line
    qtbot.wait(50)  # the visible rows are measured after the layout settles
    assert window.view.wordWrap()
    long_rows = [r for r in range(window.model.rowCount()) if len(window.model.row(r).target) > 80]
    assert long_rows
    window.select_row(long_rows[0])
    qtbot.wait(50)
    row = window.proxy.mapFromSource(window.model.index(long_rows[0], 0)).row()
    assert window.view.rowHeight(row) > 2 * window.view.fontMetrics().height()


def test_a_review_project_hides_the_empty_source(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    review = tmp_path / "review.cxproj"
    create_project_from_files(review, translation=SAMPLES / "locchat-recap.ko-mt.txt")
    open_active(qtbot, window, review)
    assert window.view.isColumnHidden(COL_SOURCE)
    assert not window.source_edit.isVisible()


def test_reopening_returns_to_the_last_segment(
    qtbot,  # type: ignore[no-untyped-def]
    settings: Settings,
    sample_project: Path,
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    open_active(qtbot, first, sample_project)
    for _move in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down, CTRL)
    where = first.current_id
    first.close()
    second = MainWindow(settings)
    qtbot.addWidget(second)
    second.show()
    assert second.open_project(sample_project)
    assert second.current_id == where
    second.close_project()


def test_the_recovery_prompt_names_the_segment(
    qtbot,  # type: ignore[no-untyped-def]
    settings: Settings,
    sample_project: Path,
) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_project(sample_project)
    first.select_segment(2)
    number = first.model.row(first.current_row() or 0).number
    first.target_edit.setPlainText("게시: 작업 중")
    first.save_pending_edit()
    first.project._connection.close()  # type: ignore[union-attr]  # a crash: no clean close
    first.project._lock.release()  # type: ignore[union-attr]
    first.project = None
    second = MainWindow(settings)
    qtbot.addWidget(second)
    questions: list[str] = []
    second.ask = lambda _title, question: questions.append(question) or True
    second.show()
    assert second.open_project(sample_project)
    assert f"#{number}" in questions[0]
    assert second.current_id == 2  # opened on the restored edit
    assert second.target_edit.toPlainText() == "게시: 작업 중"
    assert f"#{number}" in second.statusBar().currentMessage()
    second.close_project()


def test_the_preview_follows_the_current_segment(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    sample_project: Path,
) -> None:
    open_active(qtbot, window, sample_project)
    window.docks["preview"].show()
    window.docks["preview"].raise_()
    window.refresh_preview()
    paragraph = next(
        r
        for r in range(window.model.rowCount())
        if window.model.row(r).kind.value == "paragraph" and len(window.model.row(r).target) > 30
    )
    window.select_row(paragraph)
    marks = window.preview_panel.extraSelections()
    assert len(marks) == 1
    marked = marks[0].cursor.selectedText()
    assert marked
    assert window.model.row(paragraph).target.startswith(marked)
