"""Editing in the grid's Target cell, by key presses: F2 or a double click opens it, the
pane below follows every key, Ctrl+Enter confirms through the same path as the pane
(committed at once, in the history, one undo step), Escape puts the text back, and an
approved segment or a read-only project does not open."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cxeditor.gui.grid_delegate import CellEditor
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.segment_model import COL_TARGET
from cxeditor.model import Status
from cxeditor.store import Project

from .test_live_qa import open_and_wait, type_text

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def cell_editor(window: MainWindow) -> CellEditor | None:
    editors = [e for e in window.view.findChildren(CellEditor) if e.isVisible()]
    return editors[0] if editors else None


def test_f2_edits_the_cell_and_ctrl_enter_confirms_it(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(4)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_F2)
    editor = cell_editor(window)
    assert editor is not None
    assert editor.hasFocus()
    assert editor.toPlainText() == window.target_edit.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    type_text(editor, "놓치셨다면 요약입니다. #LocChat")
    # The pane below holds what the cell holds, key by key (recovery, live QA).
    assert window.target_edit.toPlainText() == "놓치셨다면 요약입니다. #LocChat"
    window.save_pending_edit()
    with Project.open(sample_project, readonly=True) as project:
        assert project.pending_edits()[4] == "놓치셨다면 요약입니다. #LocChat"
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    with Project.open(sample_project, readonly=True) as project:
        segment = project.segment(4)
        assert segment.target == "놓치셨다면 요약입니다. #LocChat"
        assert segment.status is Status.TRANSLATED
        assert project.history(4)[-1].after == segment.target
    assert window.current_id != 4  # on to the next unconfirmed, as from the pane
    qtbot.waitUntil(lambda: cell_editor(window) is None)
    assert window.target_edit.hasFocus()  # the caret is back where it lives
    row = window.model.row_number_of(4)
    assert row is not None
    assert window.model.row(row).target == "놓치셨다면 요약입니다. #LocChat"
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, CTRL)  # one undo step
    with Project.open(sample_project, readonly=True) as project:
        assert project.segment(4).status is not Status.TRANSLATED


def test_double_click_opens_the_cell_and_escape_puts_the_text_back(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    number = window.model.row_number_of(5)
    assert number is not None
    before = window.model.row(number).target
    index = window.proxy.mapFromSource(window.model.index(number, COL_TARGET))
    window.view.scrollTo(index)
    centre = window.view.visualRect(index).center()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    editor = cell_editor(window)
    assert window.current_id == 5
    assert editor is not None
    assert editor.hasFocus()
    type_text(editor, " 추가")
    assert window.target_edit.toPlainText() == before + " 추가"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: cell_editor(window) is None)
    assert window.target_edit.toPlainText() == before
    with Project.open(sample_project, readonly=True) as project:
        assert project.segment(5).target == before


def test_an_approved_segment_and_a_read_only_project_do_not_open_the_cell(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(3)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    window.select_segment(3)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_F2)
    assert cell_editor(window) is None
    window.close_project()
    with Project.open(sample_project):  # another writer holds it: opened read-only
        assert window.open_project(sample_project)
        assert window.project is not None
        assert window.project.readonly
        window.select_segment(4)
        qtbot.keyClick(window.target_edit, Qt.Key.Key_F2)
        assert cell_editor(window) is None
        window.close_project()
    QApplication.processEvents()
