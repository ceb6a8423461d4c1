"""A reviewer's bilingual .docx imported in the editor, as the CLI's review-import does."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from cxeditor.formats.review_docx import export_review_docx
from cxeditor.gui.main_window import MainWindow
from cxeditor.model import Status
from cxeditor.store import Project

pytestmark = pytest.mark.gui


def _reviewed(project: Path, folder: Path) -> Path:
    path = folder / "review.docx"
    with Project.open(project, readonly=True) as opened:
        export_review_docx(opened.load_article(), path)
    document = docx.Document(str(path))
    rows = {r.cells[0].paragraphs[0].runs[0].text: r.cells for r in document.tables[0].rows[1:]}
    rows["#3"][3].text = "승인"
    rows["#10"][3].text = "반려"
    rows["#10"][4].text = "답3 → A3 로 고쳐 주세요"
    rows["#11"][1].text = "The reviewer rewrote the English."  # refused
    document.save(str(path))
    return path


def test_reviewed_docx_applies_lists_refusals_and_feeds_memory(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path, tmp_path: Path
) -> None:
    reviewed = _reviewed(sample_project, tmp_path)
    window.open_project(sample_project)
    with qtbot.waitSignal(window.errorShown, timeout=20_000) as shown:
        window.import_reviewed(reviewed)
    assert "Applied 2 reviewed segments" in shown.args[0]
    assert "segment 11" in shown.args[0]
    rows = {row.segment_id: row for row in window.model.rows()}
    assert rows[3].status is Status.APPROVED
    assert rows[10].status is Status.REJECTED
    with Project.open(sample_project, readonly=True) as project:
        approved = project.segment(3)
        assert project.history(3)[-1].who == "reviewer"
    found = window.memory().lookup(approved.source, threshold=100)
    assert found[0].target == approved.target


def test_a_file_of_the_wrong_kind_is_one_clear_message(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path, tmp_path: Path
) -> None:
    bogus = tmp_path / "notes.docx"
    bogus.write_bytes(b"not a zip at all")
    window.open_project(sample_project)
    with qtbot.waitSignal(window.errorShown, timeout=20_000) as shown:
        window.import_reviewed(bogus)
    assert "notes.docx" in shown.args[0]
    assert "Traceback" not in shown.args[0]
