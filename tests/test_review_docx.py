"""The bilingual review .docx: exported, edited as a reviewer would in Word, imported back."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.errors import ImportFormatError
from cxeditor.formats.review_docx import export_review_docx, import_review
from cxeditor.model import Status
from cxeditor.services import create_project_from_files
from cxeditor.store import Project
from cxeditor.tm.memory import SqliteMemory, user_memory_path

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cxproj"
    create_project_from_files(
        path,
        source=SAMPLES / "locchat-recap.en.txt",
        translation=SAMPLES / "locchat-recap.ko-mt.txt",
    )
    return path


@pytest.fixture
def review_file(project: Path, tmp_path: Path) -> Path:
    path = tmp_path / "review.docx"
    with Project.open(project, readonly=True) as opened:
        export_review_docx(opened.load_article(), path)
    return path


def rows_by_id(document: docx.document.Document) -> dict[str, list[docx.table._Cell]]:
    table = document.tables[0]
    return {row.cells[0].paragraphs[0].runs[0].text: row.cells for row in table.rows[1:]}


def test_review_table_layout(review_file: Path) -> None:
    document = docx.Document(str(review_file))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["ID", "Source", "Target", "Status", "Comment"]
    assert len(table.rows) == 17
    first = table.rows[1].cells
    assert first[0].paragraphs[0].runs[0].text == "#1"
    assert first[0].paragraphs[0].runs[1].font.hidden  # the row check is invisible
    assert first[1].text.startswith("#LocChat recap")
    assert first[2].text.startswith("#LocChat 요약")
    assert first[3].text == "draft"


def test_reviewed_file_round_trip(project: Path, review_file: Path, tmp_path: Path) -> None:
    document = docx.Document(str(review_file))
    rows = rows_by_id(document)
    rows["#3"][3].text = "approved"
    rows["#7"][2].text = (
        rows["#7"][2]
        .text.replace("#Loc채팅", "#LocChat")
        .replace("https://t.co/ Ab12Cd34Ef", "https://t.co/Ab12Cd34Ef")
    )
    rows["#7"][3].text = "승인"
    rows["#10"][3].text = "반려"
    rows["#10"][4].text = "답3 → A3 로 고쳐 주세요"
    rows["#11"][1].text = "The reviewer rewrote the English here."  # must be refused
    rows["#12"][3].text = "maybe"  # malformed status
    reviewed = tmp_path / "reviewed.docx"
    document.save(str(reviewed))

    with Project.open(project) as opened:
        result = import_review(opened, reviewed, who="지수")
        assert result.applied == 3
        assert len(result.refused) == 2
        assert "segment 11" in result.refused[0]
        assert "maybe" in result.refused[1]
        assert opened.segment(3).status is Status.APPROVED
        seven = opened.segment(7)
        assert seven.status is Status.APPROVED
        assert "#LocChat https://t.co/Ab12Cd34Ef" in seven.target
        assert opened.history(7)[-1].who == "지수"
        ten = opened.segment(10)
        assert ten.status is Status.REJECTED
        assert [c.text for c in ten.comments][-1] == "답3 → A3 로 고쳐 주세요"
        assert opened.segment(11).status is Status.DRAFT  # refused: untouched
        assert opened.segment(12).status is Status.DRAFT


def test_cli_review_import_exit_codes(project: Path, review_file: Path, tmp_path: Path) -> None:
    clean = run_cli("review-import", project, review_file)
    assert clean.returncode == 0, clean.stderr
    document = docx.Document(str(review_file))
    rows_by_id(document)["#2"][0].paragraphs[0].runs[0].text = "#999"
    bad = tmp_path / "bad.docx"
    document.save(str(bad))
    refused = run_cli("review-import", project, bad)
    assert refused.returncode == 1
    assert "unknown segment id" in refused.stderr


def test_not_a_review_file(project: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    with Project.open(project) as opened, pytest.raises(ImportFormatError, match="review"):
        import_review(opened, plain)


def test_cli_review_import_feeds_the_memory_with_approved_not_rejected(
    project: Path, review_file: Path, tmp_path: Path
) -> None:
    document = docx.Document(str(review_file))
    rows = rows_by_id(document)
    rows["#3"][3].text = "approved"
    rows["#10"][3].text = "rejected"
    rows["#10"][4].text = "답3 → A3"
    reviewed = tmp_path / "reviewed.docx"
    document.save(str(reviewed))
    done = run_cli("review-import", project, reviewed)
    assert done.returncode == 0, done.stderr
    assert "Added 1 translations to the translation memory" in done.stdout
    memory = SqliteMemory(user_memory_path())
    with Project.open(project, readonly=True) as opened:
        approved, rejected = opened.segment(3), opened.segment(10)
    assert [(u.source, u.target, u.origin) for u in memory.units()] == [
        (approved.source, approved.target, "reviewer")
    ]
    assert memory.lookup(rejected.source, threshold=100) == []
    memory.close()
