"""CAT basics by key presses: next untranslated / unconfirmed / with QA errors, copy
source to target, concordance search (Ctrl+K) and Korean spell check."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from cxeditor.gui.main_window import MainWindow, cat
from cxeditor.model import Status
from cxeditor.store import Project
from cxeditor.text.spelling import SpellingUnavailable, load_korean
from cxeditor.tm.memory import SqliteMemory, TmUnit, user_memory_path

from .test_live_qa import open_and_wait, type_text

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def press_menu_key(editor: QPlainTextEdit) -> None:
    """The keyboard's context-menu key, as Qt's window turns it into an event (QTest's
    key click goes to the widget and skips that step)."""
    where = editor.cursorRect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Keyboard, where, editor.viewport().mapToGlobal(where)
    )
    QApplication.sendEvent(editor.viewport(), event)


def spelling_or_skip() -> None:
    try:
        load_korean()
    except SpellingUnavailable as error:
        pytest.skip(str(error))


def test_next_untranslated_unconfirmed_and_with_errors(
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    with Project.open(sample_project) as project:
        project.update_segment(9, target="", status=Status.NEW)
        project.update_segment(4, status=Status.TRANSLATED)
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(1)
    editor = window.target_edit
    qtbot.keyClick(editor, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.current_id == 9  # the one without a translation
    qtbot.keyClick(editor, Qt.Key.Key_N, CTRL_SHIFT)
    assert window.current_id == 9  # wraps around to itself: no other
    window.select_segment(3)
    qtbot.keyClick(editor, Qt.Key.Key_U, CTRL_SHIFT)
    assert window.current_id == 5  # 4 is confirmed
    window.select_segment(1)
    visited = []
    for _ in range(5):
        qtbot.keyClick(editor, Qt.Key.Key_F8)
        visited.append(window.current_id)
    assert visited == [5, 7, 10, 13, 14]  # segments with QA errors, in order


def test_copy_source_to_target_is_one_undoable_step(
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(16)
    editor = window.target_edit
    before = editor.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL_SHIFT)
    assert editor.toPlainText() == window.source_edit.toPlainText()
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == before


def test_concordance_search_finds_and_inserts(
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    memory = SqliteMemory(user_memory_path())
    memory.add(
        [
            TmUnit("Keep a glossary of brand names.", "브랜드 이름의 용어집을 유지하세요."),
            TmUnit("Small moments matter.", "작은 순간이 중요합니다."),
        ]
    )
    memory.close()
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(10)  # A3: Keep a glossary of terms you never translate: …
    source = window.source_edit
    cursor = source.textCursor()
    start = source.toPlainText().index("glossary")
    cursor.setPosition(start)
    cursor.setPosition(start + len("glossary"), cursor.MoveMode.KeepAnchor)
    source.setTextCursor(cursor)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_K, CTRL)
    panel = window.concordance_panel
    assert panel.query.text() == "glossary"
    assert [hit.unit.target for hit in panel.hits] == ["브랜드 이름의 용어집을 유지하세요."]
    assert panel.hits[0].source_spans == ((7, 15),)
    assert "<b" in panel.results.toHtml()
    # The Korean side is searched too, typed into the dock's field.
    panel.query.clear()
    type_text(panel.query, "순간")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert [hit.unit.source for hit in panel.hits] == ["Small moments matter."]
    window.target_edit.setFocus()
    window.target_edit.moveCursor(window.target_edit.textCursor().MoveOperation.End)
    panel.results.anchorClicked.emit(QUrl("insert:0"))
    assert window.target_edit.toPlainText().endswith("작은 순간이 중요합니다.")
    type_text(panel.query, "없는말")
    qtbot.keyClick(panel.query, Qt.Key.Key_Return)
    assert panel.hits == []
    assert "없는말" in panel.results.toPlainText()


def test_spell_check_underlines_and_suggests(
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    spelling_or_skip()
    open_and_wait(qtbot, window, sample_project)
    qtbot.waitUntil(
        lambda: window.spelling is not None or bool(window.spelling_note), timeout=20_000
    )
    assert window.spelling is not None
    window.select_segment(16)
    editor = window.target_edit
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    type_text(editor, "🚚 안녕하새요 #LocChat")
    qtbot.waitUntil(lambda: bool(editor.extraSelections()), timeout=3000)
    (mark,) = editor.extraSelections()
    assert mark.cursor.selectedText() == "안녕하새요"
    assert mark.cursor.selectionStart() == 3  # the emoji is two UTF-16 units
    cursor = editor.textCursor()
    cursor.setPosition(5)
    editor.setTextCursor(cursor)
    press_menu_key(editor)
    qtbot.waitUntil(lambda: window.spelling_menu is not None, timeout=3000)
    menu = window.spelling_menu
    assert menu is not None
    suggestion = next(a for a in menu.actions() if a.text() == "안녕하세요")
    suggestion.trigger()
    menu.close()
    assert editor.toPlainText() == "🚚 안녕하세요 #LocChat"
    assert editor.extraSelections() == []
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)  # the correction is undoable typing
    assert "안녕하새요" in editor.toPlainText()


def test_without_the_dictionary_the_editor_says_so_once(
    qtbot: QtBot, window: MainWindow, sample_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CXEDITOR_SPELL_DICTIONARY", "xx_XX")
    monkeypatch.setattr(cat, "_told_spelling_off", False)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    open_and_wait(qtbot, window, sample_project)
    qtbot.waitUntil(
        lambda: window.spelling is not None or bool(window.spelling_note), timeout=20_000
    )
    assert window.spelling is None
    told = [m for m in messages if "Spell check is off" in m]
    assert len(told) == 1
    assert "hunspell-ko" in told[0]
    window.close_project()
    open_and_wait(qtbot, window, sample_project)  # a second project: not said again
    assert len([m for m in messages if "Spell check is off" in m]) == 1
    window.select_segment(16)
    type_text(window.target_edit, " 안녕하새요")  # the editor works on, unmarked
    qtbot.wait(SPELL_WAIT_MS)
    assert window.target_edit.extraSelections() == []
    assert window.target_edit.toPlainText().endswith(" 안녕하새요")


SPELL_WAIT_MS = cat.SPELL_PAUSE_MS + 100
