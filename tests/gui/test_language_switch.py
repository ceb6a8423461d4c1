"""Changing the interface language rebuilds the window in place: same project, same
segment, the edit being typed kept; no restart."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6

from cxeditor.gui.app import rebuild_in_new_language, show_window
from cxeditor.gui.settings import UI_LANGUAGE, Settings
from cxeditor.i18n import set_language

pytestmark = pytest.mark.gui


def test_switch_to_korean_and_back_keeps_the_work(  # type: ignore[no-untyped-def]
    qtbot, settings: Settings, sample_project: Path
) -> None:
    settings.set(UI_LANGUAGE, "en")
    english = show_window(settings)  # not handed to qtbot: the rebuild deletes it
    english.ask = lambda _title, _question: True
    assert english.open_project(sample_project)
    english.select_segment(5)
    english.target_edit.setPlainText("작업 중인 번역")  # typed, not confirmed
    assert english.menuBar().actions()[0].text() == "&File"

    settings.set(UI_LANGUAGE, "ko")
    korean = rebuild_in_new_language(english)
    qtbot.waitUntil(lambda: not shiboken6.isValid(english))  # the old window is gone
    try:
        assert korean.menuBar().actions()[0].text() == "파일(&F)"
        assert korean.docks["glossary"].windowTitle() == "용어집"
        assert korean.project is not None
        assert korean.project.path == sample_project
        assert korean.current_id == 5
        assert korean.target_edit.toPlainText() == "작업 중인 번역"
        settings.set(UI_LANGUAGE, "en")
        again = rebuild_in_new_language(korean)
        qtbot.waitUntil(lambda: not shiboken6.isValid(korean))
        qtbot.addWidget(again)
        assert again.menuBar().actions()[0].text() == "&File"
        assert again.current_id == 5
        again.close()
    finally:
        set_language("en")


def test_the_settings_dialog_asks_for_the_rebuild(  # type: ignore[no-untyped-def]
    qtbot, window, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxeditor.gui.dialogs import SettingsDialog  # noqa: PLC0415

    def accept_with_korean(dialog: SettingsDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData("ko"))
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", accept_with_korean)
    with qtbot.waitSignal(window.languageChanged, timeout=5000):
        window.choose_settings()
    assert settings.get(UI_LANGUAGE) == "ko"
