"""The editor's side of issue 17, driven by key presses against the real engine stubs
(tests/engine_stubs.py: each provider's documented wire format): every engine in
Settings with its own address, keys never in the settings file, Ctrl+M asking each
chosen engine (a labelled row each), engines competing in a pre-translation."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from engine_stubs import (  # type: ignore[import-not-found]
    KEYS,
    MICROSOFT_REGION,
    OPENAI_MODEL,
    EngineStubs,
    korean_mangler,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cxeditor.gui.dialogs import SettingsDialog
from cxeditor.gui.engine_choice import ENGINE_CHOICES
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.mt_ui import EnginesDialog
from cxeditor.gui.settings import (
    MT_COMPETITORS,
    MT_ENGINE,
    MT_MODEL,
    MT_REGION,
    TEAM_SERVER,
    Settings,
)
from cxeditor.model import OriginKind, Status
from cxeditor.mt.engines import ENGINE_NAMES
from cxeditor.mt.keys import default_env_var
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"


@pytest.fixture
def stubs(monkeypatch: pytest.MonkeyPatch) -> Iterator[EngineStubs]:
    """The stubs, and every engine's key where a user keeps it: the environment."""
    for name, key in KEYS.items():
        monkeypatch.setenv(default_env_var(name), key)
    with EngineStubs() as server:
        yield server


def choose(settings: Settings, stubs: EngineStubs, *names: str) -> None:
    settings.set(MT_ENGINE, names[0])
    settings.set(MT_COMPETITORS, ",".join(names[1:]))
    for name in names:
        settings.set_engine_url(name, stubs.base(name))
    settings.set(MT_REGION, MICROSOFT_REGION)
    settings.set(MT_MODEL, OPENAI_MODEL)


def test_settings_offer_every_engine_the_cli_knows() -> None:
    assert tuple(name for name in ENGINE_NAMES if name != "tm") == ENGINE_CHOICES


def test_settings_by_keys_keep_addresses_per_engine_and_no_secret(
    qtbot: QtBot, settings: Settings, tmp_path: Path
) -> None:
    settings.set(MT_ENGINE, "deepl")
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [dialog.engines.item(row).text().split(" — ")[0] for row in range(8)]
    assert names[0] == "deepl"  # the chosen one first
    assert sorted(names) == sorted(ENGINE_CHOICES)
    dialog.engines.setFocus()
    qtbot.keyClicks(dialog.engine_url, "https://deepl-gateway.example")
    qtbot.keyClicks(dialog.api_key, "sk-typed-secret-1")
    for _step in range(names.index("microsoft")):
        qtbot.keyClick(dialog.engines, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Space)  # tick: it competes
    assert dialog.selected_engine() == "microsoft"
    assert dialog.engine_url.text() == ""  # the field follows the selected engine
    qtbot.keyClicks(dialog.engine_url, "https://user:pw@ms.example")  # a secret: refused
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Down)
    qtbot.keyClicks(dialog.team_server, "postgresql://alice:hunter2@db.example/team")
    error = dialog.apply()
    assert error is not None
    assert "must not hold a login" in error
    assert "holds a password" in error
    assert settings.chosen_engines() == ["deepl", "microsoft"]
    assert settings.engine_url("deepl") == "https://deepl-gateway.example"
    assert settings.engine_url("microsoft") is None
    assert settings.get(TEAM_SERVER) == ""  # the address with a password was not kept
    settings.store.sync()
    stored = Path(settings.store.fileName()).read_text(encoding="utf-8")
    for secret in ("sk-typed-secret-1", "hunter2", "user:pw"):
        assert secret not in stored


def test_engines_dialog_ticks_by_keys(qtbot: QtBot) -> None:
    dialog = EnginesDialog(["microsoft", "deepl"])
    qtbot.addWidget(dialog)
    assert dialog.chosen() == ["microsoft", "deepl"]  # the order given is kept
    dialog.show()
    dialog.engines.setFocus()
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Down)
    assert dialog.engines.currentItem().text().startswith("google — ")
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Space)
    assert dialog.chosen() == ["microsoft", "deepl", "google"]
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.engines, Qt.Key.Key_Space)  # untick deepl: microsoft alone leads
    assert dialog.chosen() == ["microsoft", "google"]


def test_ctrl_m_shows_a_labelled_row_per_engine(
    qtbot: QtBot,
    window: MainWindow,
    sample_project: Path,
    stubs: EngineStubs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stubs.manglers["microsoft"] = lambda text: f"{text} (번역됨)"
    stubs.faults["mymemory"] = "quota"
    monkeypatch.delenv(default_env_var("papago"))  # no key: its row says so, others answer
    choose(window.settings, stubs, "deepl", "microsoft", "openai", "papago", "mymemory")
    window.open_project(sample_project)
    window.select_segment(7)
    source = window.source_edit.toPlainText()
    with Project.open(sample_project, readonly=True) as project:
        before = project.segment(7)
    with qtbot.waitSignal(window.jobFinished, timeout=30_000):
        qtbot.keyClick(window.target_edit, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    rows = window.suggestions_panel.mt_rows
    # Each labelled as origins record it (a model's engine with its model).
    assert [row.engine for row in rows] == [
        "deepl",
        "microsoft",
        f"openai:{OPENAI_MODEL}",
        "papago",
        "mymemory",
    ]
    for row in rows[:3]:
        assert row.error is None
        for token in ("#LocChat", "https://t.co/Ab12Cd34Ef"):
            assert token in source
            assert token in row.target
    assert rows[1].target.endswith("(번역됨)")
    assert rows[3].error is not None
    assert "needs an API key" in rows[3].error
    assert rows[4].error is not None
    assert "quota" in rows[4].error
    shown = [
        window.suggestions_panel.item(i).text() for i in range(window.suggestions_panel.count())
    ]
    for name in ("deepl", "microsoft", "openai", "papago", "mymemory"):
        assert any(f"MT {name}" in text for text in shown), name
    assert stubs.violations == []
    # Ctrl+N inserts the numbered rows only: the failed engine has none.
    number = len(window.suggestions_panel.matches)
    assert window.suggestions_panel.matches[-1].engine == f"openai:{OPENAI_MODEL}"
    qtbot.keyClick(
        window.target_edit, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
    )
    assert window.target_edit.toPlainText() == rows[2].target
    with Project.open(sample_project, readonly=True) as project:
        after = project.segment(7)
    assert (after.target, after.status) == (before.target, before.status)  # until confirmed


def test_ctrl_shift_t_lets_the_chosen_engines_compete(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, stubs: EngineStubs
) -> None:
    path = tmp_path / "fresh.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    stubs.manglers["microsoft"] = lambda text: f"{text} (번역됨)"
    choose(window.settings, stubs, "deepl", "microsoft", "openai")
    offered: list[list[str]] = []

    def tick_what_settings_chose(chosen: list[str]) -> list[str]:
        offered.append(chosen)
        return chosen

    window.choose_engines = tick_what_settings_chose
    window.open_project(path)
    with qtbot.waitSignal(window.jobFinished, timeout=60_000) as finished:
        qtbot.keyClick(
            window.target_edit,
            Qt.Key.Key_T,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert finished.args == ["pretranslate"]
    assert offered == [["deepl", "microsoft", "openai"]]
    for route in ("/v2/translate", "/translate", "/v1/chat/completions"):
        assert stubs.requests_to(route), route  # every engine was asked
    rows = [row for row in window.model.rows() if row.source.strip()]
    assert rows
    assert all(row.status is Status.DRAFT for row in rows)
    engines = {row.origin.engine for row in rows}
    assert all(row.origin.kind is OriginKind.MT for row in rows)
    assert engines <= {"deepl", "microsoft", f"openai:{OPENAI_MODEL}"}
    assert "drafts by engine" in window.statusBar().currentMessage()
    # The command line's table, per engine, in a box that does not block the editor.
    box = window.findChild(QMessageBox, "engine-table")
    assert box is not None
    table = box.text()
    for column in ("segments", "drafts", "tokens broken", "QA findings/checked", "time"):
        assert column in table
    for name in ("deepl", "microsoft", f"openai:{OPENAI_MODEL}"):
        assert f"\n{name} " in table
    box.accept()


def in_settings(qtbot: QtBot, window: MainWindow, drive: Callable[[SettingsDialog], None]) -> None:
    """Ctrl+, in the window; `drive` works the modal Settings dialog (a failure inside
    it closes the dialog and is raised here)."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SettingsDialog)
        try:
            drive(dialog)
        except BaseException as error:  # noqa: BLE001 - raised again below
            errors.append(error)
        finally:
            if dialog.isVisible():
                dialog.reject()

    window.activateWindow()  # a window shortcut needs its window active
    qtbot.waitUntil(window.isActiveWindow)
    QTimer.singleShot(0, run)
    qtbot.keyClick(window.target_edit, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    if errors:
        raise errors[0]


def test_settings_set_the_projects_formality_and_papago_glossary_by_keys(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, stubs: EngineStubs
) -> None:
    """What `translate --formality more --papago-glossary KEY` keeps in the project, the
    Settings dialog shows and sets; Papago then gets honorifics and the glossary."""
    path = tmp_path / "fresh.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    choose(window.settings, stubs, "papago")
    window.open_project(path)

    def set_both(dialog: SettingsDialog) -> None:
        assert dialog.formality.currentData() == "default"
        dialog.formality.setFocus()
        qtbot.keyClick(dialog.formality, Qt.Key.Key_Down)  # Default -> More formal
        dialog.papago_glossary.setFocus()
        qtbot.keyClicks(dialog.papago_glossary, "cx-gl_1")
        qtbot.keyClick(dialog.papago_glossary, Qt.Key.Key_Return)  # OK

    in_settings(qtbot, window, set_both)
    with Project.open(path, readonly=True) as project:
        meta = project.meta()
    assert (meta.mt_formality, meta.mt_papago_glossary) == ("more", "cx-gl_1")

    def refuse_a_bad_key(dialog: SettingsDialog) -> None:
        assert dialog.formality.currentData() == "more"  # the project's, shown again
        assert dialog.papago_glossary.text() == "cx-gl_1"
        dialog.papago_glossary.setFocus()
        qtbot.keyClick(dialog.papago_glossary, Qt.Key.Key_End)
        qtbot.keyClicks(dialog.papago_glossary, "?x=1")
        qtbot.keyClick(dialog.papago_glossary, Qt.Key.Key_Return)

    with qtbot.waitSignal(window.errorShown) as shown:
        in_settings(qtbot, window, refuse_a_bad_key)
    assert "Papago glossary key" in shown.args[0]
    for box in window.findChildren(QMessageBox):  # the error, read: closed as a user does
        box.accept()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    with Project.open(path, readonly=True) as project:
        assert project.meta().mt_papago_glossary == "cx-gl_1"  # the good one stays
    window.choose_engines = lambda chosen: chosen
    with qtbot.waitSignal(window.jobFinished, timeout=60_000):
        qtbot.keyClick(
            window.target_edit,
            Qt.Key.Key_T,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert stubs.papago_options
    for options in stubs.papago_options:
        assert options["honorific"] is True
        assert options["glossaryKey"] == "cx-gl_1"
    assert stubs.violations == []


def test_ctrl_shift_o_builds_the_settings_engine_as_ctrl_m_does(
    qtbot: QtBot, window: MainWindow, sample_project: Path, stubs: EngineStubs
) -> None:
    """The second opinion's engine gets its address and model from Settings too."""
    choose(window.settings, stubs, "openai")
    window.open_project(sample_project)
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    with qtbot.waitSignal(window.jobFinished, timeout=60_000):
        qtbot.keyClick(
            window.view,
            Qt.Key.Key_O,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert errors == []
    chats = stubs.requests_to("/v1/chat/completions")
    assert chats
    assert all(json.loads(chat["body"])["model"] == OPENAI_MODEL for chat in chats)


def test_ctrl_m_rows_carry_qa_findings_of_each_engines_translation(
    qtbot: QtBot, window: MainWindow, sample_project: Path, stubs: EngineStubs
) -> None:
    """Each engine's row is checked by QA in the segment's place before it is shown:
    DeepL answers in Korean (no finding), Microsoft leaves the English (QA says so)."""
    stubs.manglers["deepl"] = korean_mangler(("고객", "브랜드", "여정"))
    stubs.manglers["microsoft"] = lambda text: text
    choose(window.settings, stubs, "deepl", "microsoft")
    window.open_project(sample_project)
    window.select_segment(7)
    with qtbot.waitSignal(window.jobFinished, timeout=30_000):
        qtbot.keyClick(window.target_edit, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    deepl, microsoft = window.suggestions_panel.mt_rows
    assert (deepl.engine, deepl.qa) == ("deepl", [])
    assert microsoft.qa
    shown = [
        window.suggestions_panel.item(i).text() for i in range(window.suggestions_panel.count())
    ]
    microsoft_line = next(line for line in shown if "MT microsoft" in line)
    assert "QA: " + microsoft.qa[0] in microsoft_line
    assert "QA: " not in next(line for line in shown if "MT deepl" in line)
