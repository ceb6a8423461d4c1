"""The Korean interface has no English left: a walk over the main window (menus,
buttons, labels, fields, combo boxes, grid headers and columns), its docks, its dialogs
and a segment's history, after real work (a confirmed edit, a QA fix, a review)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxeditor.gui.app import install_language
from cxeditor.gui.dialogs import SettingsDialog
from cxeditor.gui.find_replace import ReplaceDialog
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import UI_LANGUAGE, Settings

from .test_live_qa import open_and_wait, retype

pytestmark = pytest.mark.gui

# Words that stay as they are in the Korean UI: names, formats, keys, acronyms.
KEPT = {
    "cxeditor", "QA", "TM", "MT", "URL", "URLs", "XLIFF", "HTML", "docx", "xlf", "xliff",
    "Ctrl", "Shift", "Alt", "Enter", "Return", "Up", "Down", "Ins", "Del", "Esc", "Tab",
    "Backspace", "Space", "Menu", "Left", "Right", "Home", "End", "PgUp", "PgDown",
    "cxproj", "txt", "html", "htm", "md", "json", "tmx", "csv", "tbx", "Hunspell",
    "libre", "google", "deepl", "papago", "microsoft", "mymemory", "openai", "tm",
    "English", "LibreTranslate", "API",  # a language's own name; product names
}  # fmt: skip
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str, data: set[str]) -> list[str]:
    """Latin words of 3+ letters that are neither kept words nor the project's data."""
    return [w for w in ENGLISH_WORD.findall(text) if w not in KEPT and w not in data]


def widget_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every user-visible string of a widget tree, content excluded."""
    content = (QPlainTextEdit,)  # the source, target, history are checked apart
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}({widget.objectName()})"
        if isinstance(widget, content):
            continue
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.textFormat() == Qt.TextFormat.RichText or text.startswith("<"):
                text = QTextDocumentFragment.fromHtml(text).toPlainText()
            yield name, text
        if isinstance(widget, QAbstractButton):
            yield name, widget.text()
        if isinstance(widget, QGroupBox):
            yield name, widget.title()
        if isinstance(widget, QLineEdit):
            yield name, widget.placeholderText()
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                yield name, widget.itemText(index)
        if isinstance(widget, QDockWidget | QDialog):
            yield name, widget.windowTitle()
        if isinstance(widget, QMenu):
            yield name, widget.title()
        yield name, widget.toolTip()
        for action in widget.actions():
            yield f"{name} action", action.text()
            yield f"{name} action", action.toolTip() if action.toolTip() != action.text() else ""


def model_texts(model: QAbstractItemModel, columns: list[int]) -> Iterator[tuple[str, str]]:
    for column in range(model.columnCount()):
        yield "header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
    for row in range(model.rowCount()):
        for column in columns:
            yield f"row {row} column {column}", str(model.index(row, column).data() or "")


def project_data(window: MainWindow) -> set[str]:
    """Words that come from the article (names, handles, tags, sources)."""
    words: set[str] = set()
    for row in window.model.rows():
        for text in (row.source, row.target, row.attribution):
            words.update(ENGLISH_WORD.findall(text))
    words.update(ENGLISH_WORD.findall(window.settings.user_name()))
    words.update(("reviewer", "import", "qa"))  # who: data, as the CLI records it
    return words


@pytest.fixture
def korean_window(qtbot: QtBot, settings: Settings) -> Iterator[MainWindow]:
    settings.set(UI_LANGUAGE, "ko")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_language(app, settings)  # ours and Qt's own (the stock buttons)
    main = MainWindow(settings)
    main.ask = lambda _title, _question: True
    main.choose_proposals = lambda _proposals: None
    main.edit_term = lambda _source, _target: None
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close_project()
    main.tasks.wait()
    settings.set(UI_LANGUAGE, "en")
    install_language(app, settings)


def test_the_korean_ui_has_no_english_left(
    qtbot: QtBot, korean_window: MainWindow, sample_project: Path
) -> None:
    window = korean_window
    open_and_wait(qtbot, window, sample_project)
    # Real work first, so history, origins and statuses show.
    window.select_segment(4)
    retype(qtbot, window.target_edit, "그렇지 않다면, 놓친 내용은 다음과 같습니다.")
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    garbled = next(f for f in window.qa_panel.findings() if f.text == "#Loc채팅")
    window.apply_fix(garbled)
    window.select_segment(garbled.segment)
    data = project_data(window)
    found: list[str] = []

    def check(where: str, text: str) -> None:
        words = english_words(text, data)
        if words:
            found.append(f"{where}: {text!r} ({', '.join(words)})")

    for where, text in widget_texts(window):
        check(where, text)
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            check(f"menu {menu.title()}", action.text())
    from cxeditor.gui import segment_model  # noqa: PLC0415

    grid = window.model
    columns = [
        c
        for c in range(grid.columnCount())
        if c not in (segment_model.COL_SOURCE, segment_model.COL_TARGET)
    ]
    for where, text in model_texts(grid, columns):
        check(where, text)
    for row in range(window.qa_panel.model.rowCount()):
        heading = str(window.qa_panel.model.index(row, 0).data()).split("\n")[0]
        check("QA dock", heading)  # the message itself quotes the article's tokens
    history = window.history_panel.toPlainText()
    for line in history.splitlines():
        if not line.startswith("    "):  # "    − before" / "    + after" are the texts
            check("history", line)
    for dialog in (SettingsDialog(window.settings, window), ReplaceDialog(grid.rows(), window)):
        for where, text in widget_texts(dialog):
            check(f"{type(dialog).__name__} {where}", text)
        dialog.deleteLater()
    check("summary", window.summary_label.text())
    assert not found, "English left in the Korean UI:\n" + "\n".join(found)
