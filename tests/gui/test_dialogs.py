"""Suggestions with Ctrl+1, find/replace with a preview, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cxeditor.gui.dialogs import SettingsDialog
from cxeditor.gui.find_replace import ReplaceDialog, plan_replacements
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import NAME_POLICY, USER_NAME, Settings
from cxeditor.model import Status
from cxeditor.store import Project
from cxeditor.tm.memory import TmUnit

pytestmark = pytest.mark.gui


def test_ctrl_1_inserts_the_best_memory_match(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.memory().add(
        [TmUnit("If not, here is what you missed.", "놓치셨다면, 여기 요약이 있습니다.")]
    )
    window.open_project(sample_project)
    with qtbot.waitExposed(window):
        window.activateWindow()
    window.select_segment(4)
    qtbot.waitUntil(lambda: bool(window.suggestions_panel.matches), timeout=10_000)
    assert window.suggestions_panel.matches[0].score == 100
    window.target_edit.setFocus()
    qtbot.keyClick(window.target_edit, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.target_edit.toPlainText() == "놓치셨다면, 여기 요약이 있습니다."
    with Project.open(sample_project, readonly=True) as project:
        assert project.segment(4).status is Status.DRAFT  # inserted, not yet confirmed


def test_replace_preview_and_single_undo(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.open_project(sample_project)
    dialog = ReplaceDialog(window.model.rows(), window)
    qtbot.addWidget(dialog)
    dialog.find_edit.setText("#Loc채팅")
    dialog.replace_edit.setText("#LocChat")
    assert dialog.preview.count() == 2
    assert "→" in dialog.preview.item(0).text()
    window.replace_all(dialog.planned)
    with Project.open(sample_project, readonly=True) as project:
        texts = [s.target for s in project.load_article().segments()]
    assert not any("#Loc채팅" in text for text in texts)
    window.undo_stack.undo()  # the whole replacement is one step
    with Project.open(sample_project, readonly=True) as project:
        texts = [s.target for s in project.load_article().segments()]
    assert sum("#Loc채팅" in text for text in texts) == 2


def test_replace_skips_approved_and_handles_regex(window: MainWindow, sample_project: Path) -> None:
    window.open_project(sample_project)
    window.select_segment(3)
    window.approve_current()
    rows = window.model.rows()
    assert plan_replacements(rows, "#LocChat을", "X", regex=False, case_sensitive=True) == []
    planned = plan_replacements(rows, r"답(\d):", r"A\1:", regex=True, case_sensitive=True)
    assert [p.after[:3] for p in planned] == ["A3:"]
    dialog = ReplaceDialog(rows)
    dialog.regex.setChecked(True)
    dialog.find_edit.setText("(")
    assert "Invalid regular expression" in dialog.preview.item(0).text()


def test_settings_dialog_saves_preferences(qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.user_name.setText("지수")
    dialog.name_policy.setCurrentIndex(1)
    assert dialog.apply() is None
    assert settings.get(USER_NAME) == "지수"
    assert settings.user_name() == "지수"
    assert settings.get(NAME_POLICY) == "transliterate"


def test_editor_font_size_setting_is_applied(qtbot, settings: Settings) -> None:  # type: ignore[no-untyped-def]
    from cxeditor.gui.settings import EDITOR_FONT_SIZE  # noqa: PLC0415

    settings.set(EDITOR_FONT_SIZE, 17)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    assert main.target_edit.font().pointSize() == 17
    assert main.source_edit.font().pointSize() == 17
