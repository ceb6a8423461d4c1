"""QA panel, pre-translation and preview in the real window."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cxeditor.gui.main_window import MainWindow
from cxeditor.model import Status
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

from .conftest import SAMPLES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mt_server import Behaviour, LibreServer

pytestmark = pytest.mark.gui


def test_qa_run_jump_fix_undo_dismiss(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.open_project(sample_project)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.run_qa_job()
    findings = window.qa_panel.model.findings()
    garbled = next(f for f in findings if f.text == "#Loc채팅")
    window.qa_panel.jumpRequested.emit(garbled.segment)
    assert window.current_id == garbled.segment
    window.apply_fix(garbled)
    with Project.open(sample_project, readonly=True) as project:
        fixed = project.segment(garbled.segment)
    assert "#LocChat https://t.co/" in fixed.target
    assert fixed.status is Status.DRAFT  # a human still confirms
    assert garbled not in window.qa_panel.model.findings()
    window.undo_stack.undo()
    with Project.open(sample_project, readonly=True) as project:
        assert "#Loc채팅" in project.segment(garbled.segment).target
    josa_free = next(f for f in window.qa_panel.model.findings() if f.check == "name-policy")
    window.dismiss_finding(josa_free)
    with Project.open(sample_project, readonly=True) as project:
        assert josa_free.key in project.dismissed_findings()


def test_pretranslate_in_a_worker(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "new.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    window.open_project(path)
    with (
        LibreServer(Behaviour(latency=0.02)) as server,
        qtbot.waitSignal(window.jobFinished, timeout=30_000),
    ):
        window.settings.set_engine_url("libre", server.url)
        window.pretranslate_with("libre")
    assert all(row.status is Status.DRAFT for row in window.model.rows())
    assert all(row.origin.label() == "MT libre" for row in window.model.rows())
    # The window's own connection still writes after the worker's closed.
    window.select_segment(1)
    window.confirm_and_next()
    with Project.open(path, readonly=True) as project:
        assert project.segment(1).status is Status.TRANSLATED


def test_cancelled_pretranslation_keeps_the_project_consistent(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "slow.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    window.open_project(path)
    with (
        LibreServer(Behaviour(latency=0.5)) as server,
        qtbot.waitSignal(window.jobFinished, timeout=30_000),
    ):
        window.settings.set_engine_url("libre", server.url)
        task = window.pretranslate_with("libre")
        assert task is not None
        task.cancel()
    with Project.open(path, readonly=True) as project:
        for segment in project.load_article().segments():
            assert (segment.status is Status.NEW) == (segment.target == "")


def test_history_and_preview(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.open_project(sample_project)
    window.select_segment(3)
    window.target_edit.setPlainText("지난 목요일 #LocChat을 보셨나요?")
    window.confirm_and_next()
    window.select_segment(3)
    text = window.history_panel.toPlainText()
    assert "+ 지난 목요일 #LocChat을 보셨나요?" in text
    window.docks["preview"].show()
    window.docks["preview"].raise_()
    window.refresh_preview()
    assert "지난 목요일 #LocChat을 보셨나요?" in window.preview_panel.toPlainText()


def test_qa_badges_filter_and_underlines(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    from cxeditor.gui.segment_model import COL_QA  # noqa: PLC0415

    window.open_project(sample_project)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.run_qa_job()
    garbled = next(f for f in window.qa_panel.model.findings() if f.text == "#Loc채팅")
    row = window.model.row_number_of(garbled.segment)
    assert window.model.data(window.model.index(row, COL_QA)).startswith("✖")
    window.qa_filter.setCurrentIndex(2)  # with QA errors
    visible = {
        window.proxy.mapToSource(window.proxy.index(r, 0)).row()
        for r in range(window.proxy.rowCount())
    }
    assert row in visible
    assert 0 < window.proxy.rowCount() < window.model.rowCount()
    window.qa_filter.setCurrentIndex(0)
    window.select_segment(garbled.segment)
    highlighter = window.target_edit.highlighter
    assert highlighter is not None
    assert any(start == garbled.start for start, *_rest in highlighter.qa_spans)
    assert "damaged" in (highlighter.message_at(garbled.start) or "")
    window.target_edit.setPlainText("고친 번역")
    assert highlighter.qa_spans == []  # the spans belong to the stored text only


def test_sign_off_needs_approval_and_a_clean_qa(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
    tmp_path: Path,
) -> None:
    errors: list[str] = []
    window.errorShown.connect(errors.append)
    window.open_project(sample_project)
    assert window.sign_off() is None
    assert "not approved" in errors[-1]
    clean = tmp_path / "clean.cxproj"
    create_project_from_files(clean, source=SAMPLES / "locchat-recap.en.txt")
    with Project.open(clean) as project:  # the source as a stand-in translation, approved
        for segment in project.load_article().segments():
            assert segment.id is not None
            project.update_segment(segment.id, target=segment.source, status=Status.APPROVED)
    window.open_project(clean)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.sign_off()
    with Project.open(clean, readonly=True) as project:
        meta = project.meta()
    assert meta.signed_off_by == window.settings.user_name()
    assert meta.signed_off_at


def test_read_only_project_disables_editing_actions(
    window: MainWindow, sample_project: Path
) -> None:
    with Project.open(sample_project):
        window.open_project(sample_project)  # the fixture answers "yes, read-only"
    assert not window.pretranslate_action.isEnabled()
    assert not window.replace_action.isEnabled()
    assert window.qa_action.isEnabled()


def test_ctrl_m_puts_a_protected_machine_translation_beside_the_memory(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt  # noqa: PLC0415

    from cxeditor.gui.settings import MT_ENGINE, MT_URL  # noqa: PLC0415

    path = tmp_path / "new.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    window.open_project(path)
    window.select_segment(7)  # A1: … #LocChat https://t.co/Ab12Cd34Ef
    source = window.source_edit.toPlainText()
    with LibreServer(Behaviour()) as server:
        window.settings.set(MT_ENGINE, "libre")
        window.settings.set(MT_URL, server.url)
        window.activateWindow()
        window.target_edit.setFocus()
        with qtbot.waitSignal(window.jobFinished, timeout=20_000):
            qtbot.keyClick(window.target_edit, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    entry = window.suggestions_panel.matches[-1]
    assert entry.engine == "libre"
    for token in ("#LocChat", "https://t.co/Ab12Cd34Ef"):
        assert token in source
        assert token in entry.target
    number = len(window.suggestions_panel.matches)
    window.insert_suggestion(number)
    assert window.target_edit.toPlainText() == entry.target
    with Project.open(path, readonly=True) as project:
        assert project.segment(7).status is Status.NEW  # only a suggestion until confirmed


def test_ctrl_m_with_the_server_down_says_so(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    import socket  # noqa: PLC0415

    from cxeditor.gui.settings import MT_ENGINE, MT_URL  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window.settings.set(MT_ENGINE, "libre")
    window.settings.set(MT_URL, f"http://127.0.0.1:{port}/")
    window.open_project(sample_project)
    window.select_segment(3)
    with qtbot.waitSignal(window.errorShown, timeout=30_000) as shown:
        window.suggest_mt()
    assert shown.args[0].startswith("cannot reach the libre service")


def test_qa_list_for_this_segment_and_errors_in_the_status_bar(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    window.open_project(sample_project)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.run_qa_job()
    everything = window.qa_panel.findings()
    with_errors = {f.segment for f in everything if f.severity.value == "error"}
    assert f"{len(with_errors)} with QA errors" in window.summary_label.text()
    window.select_segment(7)
    window.qa_panel.only_segment.setChecked(True)
    shown = window.qa_panel.model.findings()
    assert shown
    assert {f.segment for f in shown} == {7}
    window.select_segment(10)
    assert {f.segment for f in window.qa_panel.model.findings()} == {10}
    window.qa_panel.only_segment.setChecked(False)
    assert window.qa_panel.model.findings() == everything
