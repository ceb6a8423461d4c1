"""The Korean interface has no English left: a walk over the main window (menus,
buttons, labels, fields, combo boxes, grid headers and columns), its docks, its dialogs
and a segment's history, after real work (a confirmed edit, a QA fix, a review)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt, QTimer
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxeditor.gui.app import install_language
from cxeditor.gui.dialogs import SettingsDialog
from cxeditor.gui.find_replace import ReplaceDialog
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import UI_LANGUAGE, Settings
from cxeditor.store import Project

from .conftest import SAMPLES
from .test_live_qa import open_and_wait, retype

pytestmark = pytest.mark.gui

# Words that stay as they are in the Korean UI: names, formats, keys, acronyms.
KEPT = {
    "cxeditor", "QA", "TM", "MT", "URL", "URLs", "XLIFF", "HTML", "docx", "xlf", "xliff",
    "Ctrl", "Shift", "Alt", "Enter", "Return", "Up", "Down", "Ins", "Del", "Esc", "Tab",
    "Backspace", "Space", "Menu", "Left", "Right", "Home", "End", "PgUp", "PgDown",
    "cxproj", "txt", "html", "htm", "md", "json", "tmx", "csv", "tbx", "Hunspell",
    "libre", "google", "deepl", "papago", "microsoft", "mymemory", "openai", "tm",
    "English", "LibreTranslate", "DeepL", "Papago", "API", "Word",  # a language; products
}  # fmt: skip
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


FILE_PATTERN = re.compile(r"\*\.\w+")  # a file filter's `*.markdown`: an extension


def english_words(text: str, data: set[str]) -> list[str]:
    """Latin words of 3+ letters that are neither kept words nor the project's data."""
    text = FILE_PATTERN.sub("", text)
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


class ModalWalker:
    """Answers the modal dialogs a key press opens, one after another, collecting the
    texts each shows first. `answers` get the dialog and close it (or open the next)."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.texts: list[tuple[str, str]] = []
        self.titles: list[str] = []
        self.errors: list[BaseException] = []

    def walk(self, press: Callable[[], object], *answers: Callable[[QDialog], None]) -> None:
        pending = list(answers)
        # The dialogs answered, held: a closed dialog's id() can be reused by the next one
        # (it happens with PySide6 6.12), and an id-only check then never answers it.
        seen: list[QDialog] = []

        def poll() -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, QDialog) and all(d is not dialog for d in seen) and pending:
                seen.append(dialog)
                answer = pending.pop(0)
                name = type(dialog).__name__
                self.titles.append(dialog.windowTitle())
                self.texts.extend(
                    (f"{name} {where}", text)
                    for where, text in widget_texts(dialog)
                    if "lookInCombo" not in where  # the folder's path: data
                )
                try:
                    answer(dialog)
                except BaseException as error:  # noqa: BLE001 - raised after the walk
                    self.errors.append(error)
                    dialog.reject()
            if pending:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)
        press()
        self.qtbot.waitUntil(lambda: not pending, timeout=10_000)
        if self.errors:
            raise self.errors[0]


def reject(dialog: QDialog) -> None:
    dialog.reject()


def press_yes(dialog: QDialog) -> None:
    assert isinstance(dialog, QMessageBox)
    button = dialog.button(QMessageBox.StandardButton.Yes)
    assert button is not None
    button.click()


def press_no(dialog: QDialog) -> None:
    assert isinstance(dialog, QMessageBox)
    button = dialog.button(QMessageBox.StandardButton.No)
    assert button is not None
    button.click()


def test_the_korean_dialogs_message_boxes_and_progress_have_no_english_left(
    qtbot: QtBot, korean_window: MainWindow, sample_project: Path, tmp_path: Path
) -> None:
    window = korean_window
    window.ask = window._ask_yes_no  # the real message boxes, answered below
    window.edit_term = window._edit_term
    window.choose_proposals = window._choose_proposals
    walker = ModalWalker(qtbot)
    open_and_wait(qtbot, window, sample_project)
    data = project_data(window)

    # The file dialogs: open, new from an article (then "save project as"), export.
    walker.walk(window.open_action.trigger, reject)

    def choose_article(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        dialog.selectFile(str(SAMPLES / "locchat-recap.html"))
        dialog.accept()

    walker.walk(window.new_action.trigger, choose_article, reject)
    walker.walk(window.review_action.trigger, reject)
    walker.walk(window.review_import_action.trigger, reject)

    def choose_docx(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("docx")
        dialog.accept()

    walker.walk(window.export_action.trigger, choose_docx, reject)
    # The glossary's dialogs.
    walker.walk(window.add_term_action.trigger, reject)
    walker.walk(window.propose_action.trigger, reject)
    # The recovery prompt, and a project another writer holds.
    window.select_segment(4)
    retype(qtbot, window.target_edit, "복구할 편집")
    window.save_pending_edit()
    window.close_project()
    walker.walk(lambda: window.open_project(sample_project), press_yes)
    window.close_project()
    with Project.open(sample_project):
        walker.walk(lambda: window.open_project(sample_project), press_no)
    window.ask = lambda _title, _question: True  # the recovery prompt again: seen
    open_and_wait(qtbot, window, sample_project)
    # An error in a message box.
    window.export_to("docx", sample_project)
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert boxes
    for box in boxes:
        walker.texts.extend((f"error box {where}", text) for where, text in widget_texts(box))
        box.reject()
    # The progress dialog of a job, with every label its job gives it.
    labels: list[str] = []
    on_progress = window._on_progress

    def record(done: int, total: int, message: str) -> None:
        on_progress(done, total, message)
        if window._progress is not None:
            labels.append(window._progress.labelText())

    window._on_progress = record  # type: ignore[method-assign]
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.export_to("docx", tmp_path / "out.docx")
        assert window._progress is not None
        walker.texts.extend(("progress", text) for _w, text in widget_texts(window._progress))
    walker.texts.extend(("progress label", label) for label in labels)
    assert labels

    # Every dialog the walk expected was seen: ten of them.
    assert len(walker.titles) == 11, walker.titles
    found = [
        f"{where}: {text!r} ({', '.join(words)})"
        for where, text in walker.texts
        if (words := english_words(text, data | {"out", "sample", "locchat", "recap"}))
    ]
    assert not found, "English left in the Korean UI:\n" + "\n".join(found)
