"""The Second look dock in the real window: QA by F7, the ranking in the dock, F8 to
read the ranked segments in turn."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cxeditor.gui.main_window import MainWindow
from cxeditor.qa.runner import run_qa
from cxeditor.qa.second_look import rank_segments
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

pytestmark = pytest.mark.gui

CORPUS = Path(__file__).resolve().parent.parent / "data" / "qa-corpus"


def test_f7_ranks_segments_and_f8_walks_them(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "voice.cxproj"
    create_project_from_files(
        path,
        source=CORPUS / "socialchat-voice.en.txt",
        translation=CORPUS / "socialchat-voice.ko-mt.txt",
    )
    window.open_project(path)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        qtbot.keyClick(window.view, Qt.Key.Key_F7)
    ranks = window.second_look_panel.model.ranks()
    # the same ranking as qa --json's: the core's, over the same findings
    with Project.open(path, readonly=True) as project:
        article = project.load_article()
    segments = sum(1 for s in article.segments() if s.source.strip() or s.target.strip())
    assert [r.segment for r in ranks] == [
        r.segment for r in rank_segments(run_qa(article), segments)
    ]
    assert len(ranks) >= 5
    assert sum(r.top for r in ranks) == 3  # a tenth of 21 segments, rounded up
    first = window.second_look_panel.model.index(0).data()
    assert first.startswith(f"1. #{ranks[0].segment}")
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.current_id == ranks[0].segment
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.current_id == ranks[1].segment
    # a click on a ranked segment opens it
    window.second_look_panel.view.clicked.emit(window.second_look_panel.model.index(4))
    assert window.current_id == ranks[4].segment


def test_f8_before_qa_says_what_to_do(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    sample_project: Path,
) -> None:
    window.open_project(sample_project)
    before = window.current_id
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.current_id == before
    assert "F7" in window.statusBar().currentMessage()


def test_ctrl_shift_o_asks_the_settings_engine_and_shows_its_versions(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from mt_server import Behaviour, LibreServer  # noqa: PLC0415
    from test_second_opinion import SEGMENTS, masked_versions  # noqa: PLC0415

    from cxeditor.gui.settings import MT_ENGINE, MT_URL  # noqa: PLC0415

    english, korean = tmp_path / "c.en.txt", tmp_path / "c.ko.txt"
    english.write_text("Second opinion\n" + "\n".join(s[0] for s in SEGMENTS), encoding="utf-8")
    korean.write_text("두 번째 의견\n" + "\n".join(s[1] for s in SEGMENTS), encoding="utf-8")
    path = tmp_path / "c.cxproj"
    create_project_from_files(path, source=english, translation=korean)
    versions = masked_versions()
    behaviour = Behaviour(mangler=lambda text, _i: versions.get(text, text))
    window.open_project(path)
    with LibreServer(behaviour) as server:
        window.settings.set(MT_ENGINE, "libre")
        window.settings.set(MT_URL, server.url)
        with qtbot.waitSignal(window.jobFinished, timeout=20_000):
            qtbot.keyClick(
                window.view,
                Qt.Key.Key_O,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
        flagged = {f.segment for f in window.qa_panel.findings() if f.check == "second-opinion"}
        assert flagged == {2, 3, 4}
        assert {r.segment for r in window.second_look_panel.model.ranks()} >= flagged
        window.select_segment(3)
        shown = [
            window.suggestions_panel.item(i).text() for i in range(window.suggestions_panel.count())
        ]
        assert any(
            "3월에 이메일 40통을 보냈습니다." in line and "second opinion" in line for line in shown
        )
        asked = behaviour.requests
        with qtbot.waitSignal(window.jobFinished, timeout=20_000):
            qtbot.keyClick(
                window.view,
                Qt.Key.Key_O,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )
        assert behaviour.requests == asked  # the project's cache answered
