"""Find and replace as an editor uses it, by key presses: Ctrl+H, type what to find,
see the hits highlighted in the grid and the editor, Replace this one, Skip that one,
Replace all the rest; every step undoable, live QA following."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cxeditor.gui.find_replace import ReplaceDialog
from cxeditor.gui.grid_delegate import CURRENT_HIT_COLOUR, HIT_COLOUR
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.segment_model import COL_TARGET
from cxeditor.store import Project

from .test_live_qa import open_and_wait, type_text

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
GARBLED = "#Loc채팅"  # in segments 7 and 11 of the sample


def in_dialog(qtbot: QtBot, window: MainWindow, drive: Callable[[ReplaceDialog], None]) -> None:
    """Ctrl+H in the window; `drive` works the modal dialog once it is up (a failure
    inside it closes the dialog and is raised here)."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReplaceDialog)
        try:
            qtbot.waitUntil(dialog.isActiveWindow)  # its buttons' Alt+letter keys need it
            drive(dialog)
        except BaseException as error:  # noqa: BLE001 - raised again below
            errors.append(error)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    focused = QApplication.focusWidget() or window
    qtbot.keyClick(focused, Qt.Key.Key_H, CTRL)
    if errors:
        raise errors[0]
    window.activateWindow()  # offscreen gives the activation back to no one
    qtbot.waitUntil(window.isActiveWindow)


def alt(qtbot: QtBot, dialog: ReplaceDialog, key: Qt.Key) -> None:
    """Alt+letter on a dialog button; the button clicks itself a moment later."""
    buttons = {
        Qt.Key.Key_R: dialog.replace_button,
        Qt.Key.Key_S: dialog.skip_button,
        Qt.Key.Key_A: dialog.replace_all_button,
    }
    with qtbot.waitSignal(buttons[key].clicked, timeout=2000):
        qtbot.keyClick(dialog, key, ALT)


def targets(path: Path) -> dict[int, str]:
    with Project.open(path, readonly=True) as project:
        return {s.id: s.target for s in project.load_article().segments() if s.id is not None}


def pixels_of(widget: QWidget, colour: str, left: QPoint, right: QPoint) -> int:
    """How many pixels of `colour` the widget shows between two corners."""
    image = widget.grab().toImage()
    wanted = QColor(colour).rgb()
    return sum(
        image.pixel(x, y) == wanted
        for x in range(left.x(), right.x())
        for y in range(left.y(), right.y())
    )


def test_replace_this_hit_skip_the_next_and_undo(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    before = targets(sample_project)
    hit_segments = sorted(i for i, text in before.items() if GARBLED in text)
    assert len(hit_segments) == 2
    seen: dict[str, object] = {}

    def drive(dialog: ReplaceDialog) -> None:
        type_text(dialog.find_edit, GARBLED)
        dialog.replace_edit.setFocus()
        type_text(dialog.replace_edit, "#LocChat")
        # The first hit is the current one: its segment selected, marked in the editor.
        first = dialog.current
        assert first is not None
        assert first.segment_id == hit_segments[0]
        assert window.current_id == hit_segments[0]
        assert window.target_edit.toPlainText() == before[hit_segments[0]]
        spans = window._highlighters[1].find_spans
        assert [(s, e) for s, e, current in spans if current] == [(first.start, first.end)]
        assert set(window.grid_delegate.hits) == set(hit_segments)
        assert "2 hit(s) left" in dialog.hit_label.text()
        alt(qtbot, dialog, Qt.Key.Key_R)  # Replace: this hit only
        seen["after replace"] = targets(sample_project)
        second = dialog.current
        assert second is not None
        assert second.segment_id == hit_segments[1]
        assert window.current_id == hit_segments[1]
        alt(qtbot, dialog, Qt.Key.Key_S)  # Skip: left as it is
        assert dialog.current is None
        assert "No more hits · 1 skipped" in dialog.hit_label.text()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    in_dialog(qtbot, window, drive)
    after = targets(sample_project)
    assert seen["after replace"] == after  # committed at once, before the dialog closed
    first, second = hit_segments
    assert after[first] == before[first].replace(GARBLED, "#LocChat")
    assert after[second] == before[second]  # skipped
    assert window.grid_delegate.hits == {}  # the highlights go with the dialog
    assert window._highlighters[1].find_spans == []
    with Project.open(sample_project, readonly=True) as project:
        assert project.history(first)[-1].after == after[first]
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, CTRL)  # one undo step per hit
    assert targets(sample_project) == before


def test_skip_one_then_replace_all_the_others_in_one_undo_step(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    before = targets(sample_project)
    first, second = sorted(i for i, text in before.items() if GARBLED in text)
    assert {f.segment for f in window.qa_panel.findings() if f.text == GARBLED} == {first, second}

    def drive(dialog: ReplaceDialog) -> None:
        type_text(dialog.find_edit, GARBLED)
        dialog.replace_edit.setFocus()
        type_text(dialog.replace_edit, "#LocChat")
        assert len(dialog.planned) == 2
        qtbot.keyClick(dialog.replace_edit, Qt.Key.Key_Return)  # Enter: Skip, the safe one
        assert dialog.current is not None
        assert dialog.current.segment_id == second
        assert [p.segment_id for p in dialog.planned] == [second]  # the preview follows
        alt(qtbot, dialog, Qt.Key.Key_A)  # Replace all

    in_dialog(qtbot, window, drive)
    after = targets(sample_project)
    assert after[first] == before[first]
    assert after[second] == before[second].replace(GARBLED, "#LocChat")
    # Live QA is not stale: the replaced hashtag's finding is gone without F7.
    qtbot.waitUntil(
        lambda: {f.segment for f in window.qa_panel.findings() if f.text == GARBLED} == {first}
    )
    assert window.model.qa_of(second) != window.model.qa_of(first)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Z, CTRL)
    assert targets(sample_project) == before
    # An undo is a stored change too: the finding comes back.
    qtbot.waitUntil(
        lambda: (
            {f.segment for f in window.qa_panel.findings() if f.text == GARBLED} == {first, second}
        )
    )


def test_hits_are_painted_in_the_grid(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    painted: dict[str, int] = {}

    def drive(dialog: ReplaceDialog) -> None:
        dialog.find_edit.setFocus()
        type_text(dialog.find_edit, "https://t.co/")
        current = dialog.current
        assert current is not None
        other = next(i for i in window.grid_delegate.hits if i != current.segment_id)
        view = window.view
        for name, segment_id in (("current", current.segment_id), ("other", other)):
            number = window.model.row_number_of(segment_id)
            assert number is not None
            index = window.proxy.mapFromSource(window.model.index(number, COL_TARGET))
            view.scrollTo(index)
            QApplication.processEvents()
            rect = view.visualRect(index)
            colour = CURRENT_HIT_COLOUR if name == "current" else HIT_COLOUR
            painted[name] = pixels_of(view.viewport(), colour, rect.topLeft(), rect.bottomRight())
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    in_dialog(qtbot, window, drive)
    assert painted["current"] > 50  # the current hit in strong orange
    assert painted["other"] > 50  # the other hits in light orange
    assert window.grid_delegate.hits == {}


def test_a_bad_expression_says_so_and_changes_nothing(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    before = targets(sample_project)

    def drive(dialog: ReplaceDialog) -> None:
        qtbot.keyClick(dialog.regex, Qt.Key.Key_Space)
        dialog.find_edit.setFocus()
        type_text(dialog.find_edit, "(#Loc")
        assert "Invalid regular expression" in dialog.preview.item(0).text()
        assert not dialog.replace_button.isEnabled()
        assert not dialog.replace_all_button.isEnabled()
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)  # a disabled button: nothing
        qtbot.wait(200)

    in_dialog(qtbot, window, drive)
    assert targets(sample_project) == before
