"""The glossary in the editor: hits for the segment, adding a term, import proposals."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxeditor.gui.glossary_ui import ProposalsDialog, TermDialog
from cxeditor.gui.main_window import MainWindow
from cxeditor.tm.glossary import Glossary, GlossaryEntry, glossary_path

from .conftest import SAMPLES

pytestmark = pytest.mark.gui


def test_segment_terms_are_listed_marked_and_inserted(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    glossary = Glossary(glossary_path())
    glossary.add(
        [
            GlossaryEntry("#LocChat", dnt=True, case_sensitive=True),
            GlossaryEntry("machine translation", "기계 번역", note="MT 아님"),
        ]
    )
    glossary.close()
    window.open_project(sample_project)
    window.select_segment(3)  # "Did you catch last Thursday's #LocChat? …"
    panel = window.glossary_panel
    assert [panel.view.item(i).text() for i in range(panel.view.count())] == [
        "#LocChat → #LocChat (do not translate)"
    ]
    spans = window._highlighters[0].term_spans
    source = window.source_edit.toPlainText()
    assert [source[start:end] for start, end in spans] == ["#LocChat"]
    window.target_edit.setPlainText("지난 목요일의 ")
    cursor = window.target_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.target_edit.setTextCursor(cursor)
    panel.view.itemActivated.emit(panel.view.item(0))
    assert window.target_edit.toPlainText() == "지난 목요일의 #LocChat"


def test_adding_a_term_from_the_selection(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    window.open_project(sample_project)
    window.select_segment(3)
    asked: list[tuple[str, str]] = []

    def edit_term(source: str, target: str) -> GlossaryEntry:
        asked.append((source, target))
        return GlossaryEntry(source, "목요일")

    window.edit_term = edit_term
    cursor = window.source_edit.textCursor()
    start = window.source_edit.toPlainText().index("Thursday")
    cursor.setPosition(start)
    cursor.setPosition(start + len("Thursday"), cursor.MoveMode.KeepAnchor)
    window.source_edit.setTextCursor(cursor)
    window.add_term_action.trigger()
    assert asked == [("Thursday", "")]
    assert GlossaryEntry("Thursday", "목요일") in window.glossary_entries()
    assert window.glossary_panel.view.item(0).text() == "Thursday → 목요일"


def test_import_proposes_tokens_accepted_and_dismissed_remembered(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    offered: list[list[str]] = []

    def choose(proposals: list[GlossaryEntry]) -> tuple[list[GlossaryEntry], list[GlossaryEntry]]:
        offered.append([p.source for p in proposals])
        keep = [p for p in proposals if p.source.startswith("#")]
        return keep, [p for p in proposals if p not in keep]

    window.choose_proposals = choose
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.import_article(SAMPLES / "locchat-recap.en.txt", tmp_path / "a.cxproj")
    assert "#LocChat" in offered[0]
    assert "@minapark_cx" in offered[0]
    sources = {entry.source for entry in window.glossary_entries()}
    assert {"#LocChat", "#WorldCXDay2024"} <= sources
    assert "@minapark_cx" not in sources
    window.propose_glossary_terms()  # asked again: nothing new, nothing dismissed returns
    assert len(offered) == 1


def test_term_dialog_needs_a_translation_unless_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = TermDialog("customer journey", "")
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.result() != TermDialog.DialogCode.Accepted
    assert "Korean term" in dialog.problem.text()
    dialog.dnt.setChecked(True)
    dialog.accept()
    assert dialog.result() == TermDialog.DialogCode.Accepted
    assert dialog.entry() == GlossaryEntry("customer journey", dnt=True)


def test_proposals_dialog_reports_checked_and_unchecked(qtbot) -> None:  # type: ignore[no-untyped-def]
    proposals = [GlossaryEntry("#LocChat", dnt=True), GlossaryEntry("@dosei_loc", dnt=True)]
    dialog = ProposalsDialog(proposals)
    qtbot.addWidget(dialog)
    dialog.set_checked({"#LocChat"})
    assert dialog.decision() == ([proposals[0]], [proposals[1]])


def test_qa_in_the_editor_uses_the_glossary(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample_project: Path
) -> None:
    glossary = Glossary(glossary_path())
    glossary.add([GlossaryEntry("native reviewer", "모국어 감수자")])
    glossary.close()
    window.open_project(sample_project)
    with qtbot.waitSignal(window.jobFinished, timeout=20_000):
        window.run_qa_job()
    checks = {finding.check for finding in window.qa_panel.model.findings()}
    assert "glossary-term" in checks
