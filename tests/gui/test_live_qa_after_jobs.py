"""Live QA stays current after the jobs that change many targets at once: pre-translate
and review import re-run the whole project's QA, without F7; what the dock shows is what
`cxeditor qa` finds in the project file then."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from cxeditor.formats.review_docx import export_review_docx
from cxeditor.gui.main_window import MainWindow
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

from .conftest import SAMPLES
from .test_live_qa import open_and_wait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mt_server import Behaviour, LibreServer

pytestmark = pytest.mark.gui


def cli_findings(path: Path) -> set[tuple[int, str, str]]:
    """The findings `cxeditor qa --json` reports for the project file."""
    done = subprocess.run(
        [sys.executable, "-m", "cxeditor", "qa", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return {(f["segment"], f["check"], f["text"]) for f in json.loads(done.stdout)}


def shown(window: MainWindow) -> set[tuple[int, str, str]]:
    return {(f.segment, f.check, f.text) for f in window.qa_panel.findings()}


def test_pretranslation_is_checked_without_f7(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "new.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.html")
    open_and_wait(qtbot, window, path)
    before = shown(window)
    with (
        LibreServer(Behaviour()) as server,  # it garbles #CXTweetChat, breaks t.co URLs
        qtbot.waitSignal(window.live_qa.loaded, timeout=30_000),
    ):
        window.settings.set_engine_url("libre", server.url)  # as Settings stores it
        window.pretranslate_with("libre")
    after = shown(window)
    assert after != before
    assert after == cli_findings(path)
    # The editor shows the new draft of the segment it is on, not its old empty text
    # (which, saved as an unconfirmed edit, would have undone the draft).
    number = window.current_row()
    assert number is not None
    assert window.model.row(number).target
    assert window.target_edit.toPlainText() == window.model.row(number).target
    window.save_pending_edit()
    with Project.open(path, readonly=True) as project:
        assert project.pending_edits() == {}


def test_a_review_import_is_checked_without_f7(
    qtbot: QtBot, window: MainWindow, sample_project: Path, tmp_path: Path
) -> None:
    open_and_wait(qtbot, window, sample_project)
    garbled = next(f for f in window.qa_panel.findings() if f.text == "#Loc채팅")
    reviewed = tmp_path / "review.docx"
    with Project.open(sample_project, readonly=True) as project:
        export_review_docx(project.load_article(), reviewed)
        number = next(
            n for n, s in enumerate(project.load_article().segments(), 1) if s.id == garbled.segment
        )
        fixed = project.segment(garbled.segment).target.replace("#Loc채팅", "#LocChat")
    document = docx.Document(str(reviewed))
    row = next(r for r in document.tables[0].rows[1:] if r.cells[0].text.split()[0] == f"#{number}")
    row.cells[2].text = fixed  # the reviewer corrects the Korean
    document.save(str(reviewed))
    with qtbot.waitSignal(window.live_qa.loaded, timeout=30_000):
        window.import_reviewed(reviewed)
    with Project.open(sample_project, readonly=True) as project:
        assert project.segment(garbled.segment).target == fixed
    assert (garbled.segment, garbled.check, garbled.text) not in shown(window)
    assert shown(window) == cli_findings(sample_project)
