"""Live QA, driven as an editor works: findings are there when the project opens, the
segment being typed is re-checked as typing pauses, the dock shows whole messages with
filters, "dismiss all of this kind" is remembered, and a language switch keeps it all."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cxeditor.gui.app import rebuild_in_new_language, show_window
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import UI_LANGUAGE, Settings
from cxeditor.i18n import set_language
from cxeditor.store import Project

pytestmark = pytest.mark.gui


def type_text(widget: QWidget, text: str) -> None:
    """Key presses, one per character; a character outside the BMP (an emoji) goes as
    one key event carrying it, as an input method sends it (QTest.keyClicks aborts on
    anything but ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def open_and_wait(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.live_qa.loaded, timeout=20_000):
        assert window.open_project(path)


def test_findings_are_there_when_the_project_opens(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    checks = {(f.segment, f.check) for f in window.qa_panel.findings()}
    assert (7, "garbled-hashtag") in checks  # no F7 pressed
    assert window.model.qa_of(7) == (3, "error")


# Segment 16 is "Great chat today, everyone! Same time next month. #LocChat <url>": what
# is typed keeps both sentences, so only the planted token damage is a finding.
BOTH_SENTENCES = "오늘 좋은 채팅이었습니다, 여러분! 다음 달 같은 시간에."


def retype(qtbot: QtBot, editor: QWidget, text: str) -> None:
    """Select all (Ctrl+A) and type `text` over it."""
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(editor, text)


def test_typing_a_defect_underlines_it_once_typing_pauses(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(16)  # clean: ... #LocChat https://t.co/Qq1Rr2Ss3T
    assert window.qa_panel.findings()
    assert not window.live_qa.segment_findings(16)
    editor = window.target_edit
    with qtbot.waitSignal(window.live_qa.segmentChecked, timeout=5000) as checked:
        retype(qtbot, editor, f"{BOTH_SENTENCES} 🚚 #Loc채팅 https://t.co/ Qq1Rr2Ss3T")
    assert checked.args == [16]
    found = {f.check: f for f in window.live_qa.segment_findings(16)}
    assert found["broken-url"].text == "https://t.co/ Qq1Rr2Ss3T"
    assert found["garbled-hashtag"].text == "#Loc채팅"
    spans = {start for start, _end, _sev, _msg in window._highlighters[1].qa_spans}
    assert found["broken-url"].start in spans
    assert window.model.qa_of(16) == (2, "error")  # the grid's badge follows
    assert found["broken-url"] in window.qa_panel.model.findings()  # and the dock, in place
    # Typing the translation right clears them.
    with qtbot.waitSignal(window.live_qa.segmentChecked, timeout=5000):
        retype(qtbot, editor, f"{BOTH_SENTENCES} 🚚 #LocChat https://t.co/Qq1Rr2Ss3T")
    assert window.live_qa.segment_findings(16) == []
    assert window.model.qa_of(16) is None


def test_a_fix_applies_to_the_text_being_typed(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(16)
    editor = window.target_edit
    with qtbot.waitSignal(window.live_qa.segmentChecked, timeout=5000):
        retype(qtbot, editor, f"{BOTH_SENTENCES} 👩‍💻 #Loc채팅 https://t.co/Qq1Rr2Ss3T")
    garbled = next(f for f in window.live_qa.segment_findings(16) if f.check == "garbled-hashtag")
    window.apply_fix(garbled)
    assert editor.toPlainText() == f"{BOTH_SENTENCES} 👩‍💻 #LocChat https://t.co/Qq1Rr2Ss3T"
    assert window.live_qa.segment_findings(16) == []


def test_the_dock_shows_whole_messages_and_filters(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    panel = window.qa_panel
    assert panel.view.wordWrap()
    first = panel.model.index(0, 0)
    text = first.data()
    assert panel.model.finding(0).message in text  # the whole message, not cut off
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("error"))
    shown = panel.model.findings()
    assert shown
    assert all(f.severity.value == "error" for f in shown)
    panel.check_filter.setCurrentIndex(panel.check_filter.findData("garbled-hashtag"))
    assert {f.check for f in panel.model.findings()} == {"garbled-hashtag"}
    assert len(panel.model.findings()) == 3


def test_dismiss_all_of_this_kind_is_remembered(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    panel = window.qa_panel
    row = next(i for i, f in enumerate(panel.model.findings()) if f.check == "name-policy")
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    qtbot.mouseClick(panel.dismiss_all_button, Qt.MouseButton.LeftButton)
    assert all(f.check != "name-policy" for f in panel.findings())
    with Project.open(sample_project, readonly=True) as project:
        assert {check for _s, check, _t in project.dismissed_findings()} == {"name-policy"}
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        qtbot.keyClick(window.target_edit, Qt.Key.Key_F7)
    assert panel.findings()
    assert all(f.check != "name-policy" for f in panel.findings())


def test_an_author_name_finding_marks_the_attribution(
    qtbot: QtBot, window: MainWindow, sample_project: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    window.select_segment(7)  # name-policy (the attribution), garbled hashtag, broken URL
    spans = window._highlighters[1].qa_spans
    messages = [message for _s, _e, _sev, message in spans]
    assert not any("미나 박" in message for message in messages)  # not on the first letter
    assert all(start > 0 for start, _e, _sev, _m in spans)
    label = window.attribution_label
    assert label.isVisibleTo(window)
    assert "Mina Park" in label.text()
    assert "미나 박" in label.text()
    window.select_segment(4)
    assert not label.isVisibleTo(window)


def test_results_survive_a_language_switch(
    qtbot: QtBot, settings: Settings, sample_project: Path
) -> None:
    settings.set(UI_LANGUAGE, "en")
    english = show_window(settings)
    english.ask = lambda _title, _question: True
    with qtbot.waitSignal(english.live_qa.loaded, timeout=20_000):
        english.open_project(sample_project)
    panel = english.qa_panel
    panel.severity_filter.setCurrentIndex(panel.severity_filter.findData("error"))
    errors = len(panel.model.findings())
    settings.set(UI_LANGUAGE, "ko")
    korean = rebuild_in_new_language(english)
    qtbot.waitUntil(lambda: not shiboken6.isValid(english))
    try:
        assert len(korean.qa_panel.model.findings()) == errors  # at once, filter kept
        assert korean.qa_panel.severity_filter.currentData() == "error"
        qtbot.waitUntil(lambda: korean.live_qa.live is not None, timeout=20_000)
        assert len(korean.qa_panel.model.findings()) == errors
        garbled = next(f for f in korean.qa_panel.findings() if f.text == "#Loc채팅")
        assert garbled.message == "#Loc채팅은(는) 깨진 #LocChat으로 보입니다"  # re-run in Korean
        korean.close()
    finally:
        set_language("en")
