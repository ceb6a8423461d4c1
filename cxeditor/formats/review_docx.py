"""The bilingual review .docx: out to a reviewer without cxeditor, and back in.

One table: segment id, source, target, status, comment. The reviewer edits targets,
writes comments and sets the status (approved / rejected) in Word. Each id cell also
carries a hidden check of the id and source, so a row whose source was edited, or an
id that was changed, is refused on the way back instead of applied to the wrong text.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_bytes_atomically
from cxeditor.formats.docx_export import core_property, prepare_styles
from cxeditor.formats.docx_package import open_word_document
from cxeditor.formats.links import xml_safe
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, Origin, OriginKind, Status
from cxeditor.store import Project, SegmentChange

HEADER = ("ID", "Source", "Target", "Status", "Comment")
# What a reviewer may type in the status column, in English or Korean.
STATUS_WORDS = {
    "approved": Status.APPROVED,
    "approve": Status.APPROVED,
    "승인": Status.APPROVED,
    "승인됨": Status.APPROVED,
    "ok": Status.APPROVED,
    "rejected": Status.REJECTED,
    "reject": Status.REJECTED,
    "반려": Status.REJECTED,
    "반려됨": Status.REJECTED,
    "translated": Status.TRANSLATED,
    "번역됨": Status.TRANSLATED,
    "draft": Status.DRAFT,
    "초벌": Status.DRAFT,
    "new": Status.NEW,
}
_ID_CELL = re.compile(r"^\s*#?(\d+)\s*\[([0-9a-f]{10})\]\s*$")


def row_check(segment_id: int, source: str) -> str:
    """Ten hex digits binding a row's id to its source text."""
    return hashlib.sha256(f"{segment_id}\x00{source}".encode()).hexdigest()[:10]


def _hidden_run(paragraph: Any, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.hidden = True


def export_review_docx(
    article: Article,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    import docx  # noqa: PLC0415
    from docx.shared import Cm  # noqa: PLC0415

    document = docx.Document()
    prepare_styles(document)
    document.core_properties.title = core_property(f"Review: {article.meta.title}")
    document.add_heading(xml_safe(article.meta.title) or "Review", level=1)
    document.add_paragraph(
        "Edit the Target column, write comments, and set Status to approved or rejected "
        "(승인 / 반려). Do not change the ID or Source columns."
    )
    segments = list(article.segments())
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = title
    for index, segment in enumerate(segments):
        if cancel and index % 200 == 0:
            cancel.check()
            progress(index, len(segments), "")
        assert segment.id is not None
        cells = table.add_row().cells
        id_paragraph = cells[0].paragraphs[0]
        id_paragraph.add_run(f"#{segment.id}")
        _hidden_run(id_paragraph, f" [{row_check(segment.id, segment.source)}]")
        cells[1].text = xml_safe(segment.source)
        cells[2].text = xml_safe(segment.target)
        cells[3].text = segment.status.value
        cells[4].text = xml_safe(" | ".join(c.text for c in segment.comments))
    for row in table.rows:
        for cell, width in zip(
            row.cells, (Cm(1.6), Cm(6.5), Cm(6.5), Cm(2.2), Cm(3.5)), strict=True
        ):
            cell.width = width
    write_bytes_atomically(path, document.save)
    progress(len(segments), len(segments), "")


@dataclass(slots=True)
class ReviewRow:
    row: int
    segment_id: int
    check: str
    source: str
    target: str
    status_text: str
    comment: str


@dataclass(slots=True)
class ReviewImportResult:
    applied: int = 0  # segments changed
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # one line per refused row
    changed_ids: list[int] = field(default_factory=list)  # the segments changed


def _cell_text(cell: Any) -> str:
    return "\n".join(paragraph.text for paragraph in cell.paragraphs)


def read_review_rows(path: Path) -> list[ReviewRow]:
    document = open_word_document(path)
    table = next(
        (t for t in document.tables if tuple(c.text.strip() for c in t.rows[0].cells) == HEADER),
        None,
    )
    if table is None:
        raise ImportFormatError(
            _("{name} is not a cxeditor review document (no review table)").format(name=path.name)
        )
    rows = []
    for number, row in enumerate(table.rows[1:], start=2):
        cells = row.cells
        id_text = _cell_text(cells[0])
        match = _ID_CELL.match(id_text.replace("\n", " "))
        rows.append(
            ReviewRow(
                number,
                int(match.group(1)) if match else -1,
                match.group(2) if match else id_text.strip(),
                _cell_text(cells[1]),
                _cell_text(cells[2]),
                _cell_text(cells[3]).strip(),
                _cell_text(cells[4]).strip(),
            )
        )
    return rows


def import_review(project: Project, path: Path, *, who: str = "reviewer") -> ReviewImportResult:
    """Apply a reviewed file: valid rows in one transaction, each refused row reported."""
    rows = read_review_rows(path)
    article = project.load_article()
    segments = {s.id: s for s in article.segments() if s.id is not None}
    result = ReviewImportResult()
    changes = []
    for row in rows:
        segment = segments.get(row.segment_id)
        if segment is None:
            result.refused.append(
                _("row {row}: unknown segment id {id!r}").format(
                    row=row.row, id=row.check if row.segment_id < 0 else row.segment_id
                )
            )
            continue
        if (
            row.check != row_check(row.segment_id, segment.source)
            # The export drops characters XML cannot hold: compare in that form.
            or row.source.strip() != xml_safe(segment.source).strip()
        ):
            result.refused.append(
                _("row {row}: the source of segment {id} was changed in the review file").format(
                    row=row.row, id=row.segment_id
                )
            )
            continue
        status = STATUS_WORDS.get(row.status_text.lower()) if row.status_text else None
        if row.status_text and status is None:
            result.refused.append(
                _(
                    "row {row}: status {status!r} of segment {id} is not one "
                    "of approved, rejected, translated"
                ).format(row=row.row, status=row.status_text, id=row.segment_id)
            )
            continue
        new_target = row.target if row.target != xml_safe(segment.target) else None
        new_status = status if status is not None and status is not segment.status else None
        known_comments = xml_safe(" | ".join(c.text for c in segment.comments))
        comment = row.comment if row.comment and row.comment != known_comments else None
        if new_target is None and new_status is None and comment is None:
            result.unchanged += 1
            continue
        origin = Origin(OriginKind.HUMAN) if new_target is not None else None
        if new_target is not None and new_status is None:
            new_status = Status.TRANSLATED  # an edited target is the reviewer's translation
        changes.append(
            SegmentChange(
                row.segment_id, target=new_target, status=new_status, origin=origin, comment=comment
            )
        )
    if changes:
        project.apply_changes(changes, who=who)
    result.applied = len(changes)
    result.changed_ids = [change.segment_id for change in changes]
    return result
