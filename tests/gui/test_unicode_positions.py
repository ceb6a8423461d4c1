"""Highlights, QA underlines, glossary marks and fixes land on the right characters
after emoji, flags, ZWJ sequences, variation selectors and Hangul jamo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat, QTextDocument

from cxeditor.gui.main_window import MainWindow
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.store import Project
from cxeditor.text.utf16 import Utf16Map
from cxeditor.tm.glossary import GlossaryEntry

PREFIXES = ["🚚 ", "🇰🇷 ", "👩\u200d💻 ", "❤\ufe0f ", "\u1112\u1161\u11ab "]


def formats(document: QTextDocument) -> list[tuple[int, int, QTextCharFormat]]:
    ranges = document.firstBlock().layout().formats()
    # Copies: each range's format lives only as long as the range.
    return [(r.start, r.length, QTextCharFormat(r.format)) for r in ranges]


def project_with(tmp_path: Path, source: str, target: str) -> Path:
    path = tmp_path / "emoji.cxproj"
    Project.create(
        path,
        Article(
            ArticleMeta(title="t"),
            [Block(BlockKind.PARAGRAPH, [Segment(source, target, Status.DRAFT)])],
        ),
    )
    return path


@pytest.mark.parametrize("prefix", PREFIXES)
def test_hashtag_colour_starts_on_the_hashtag(
    window: MainWindow, tmp_path: Path, prefix: str
) -> None:
    text = f"{prefix}Join #CXTweetChat today"
    assert window.open_project(project_with(tmp_path, text, text))
    start = Utf16Map(text).to_utf16(text.index("#"))
    bold = [(s, n) for s, n, f in formats(window.target_edit.document()) if f.fontWeight() > 400]
    assert bold == [(start, len("#CXTweetChat"))]


def no_pair_is_split(document: QTextDocument) -> bool:
    text = document.toPlainText()
    edges = {0, *(s for s, _n, _f in formats(document)), *(s + n for s, n, _f in formats(document))}
    inside_pairs = {p + 1 for p, width in Utf16Map(text).char_spans() if width == 2}
    return not edges & inside_pairs


def test_qa_underline_and_tooltip_sit_on_the_garbled_hashtag_after_an_emoji(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
) -> None:
    source = "🚚 Trucks 🇰🇷 at #CXTweetChat"
    target = "🚚 트럭 🇰🇷 #CXT위챗에서"
    assert window.open_project(project_with(tmp_path, source, target))
    with qtbot.waitSignal(window.jobFinished, timeout=30_000):
        window.run_qa_job()
    finding = next(f for f in window.qa_panel.findings() if f.check == "garbled-hashtag")
    units = Utf16Map(target)
    start, length = units.span_to_utf16(finding.start, finding.end)
    waves = [
        (s, n)
        for s, n, f in formats(window.target_edit.document())
        if f.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    ]
    assert waves[0][0] == start
    assert sum(n for _s, n in waves) == length
    highlighter = window.target_edit.highlighter
    assert highlighter is not None
    assert highlighter.message_at(start) == finding.message
    assert highlighter.message_at(start - 1) is None
    assert no_pair_is_split(window.target_edit.document())
    # The fix replaces exactly the garbled text, emoji intact.
    window.apply_fix(finding)
    fixed = window.model.row(0).target
    assert fixed.startswith("🚚 트럭 🇰🇷 #CXTweetChat")


def test_glossary_mark_covers_the_term_after_an_emoji(window: MainWindow, tmp_path: Path) -> None:
    source = "👩\u200d💻🚚 Ask Twitter now"
    window.glossary().add([GlossaryEntry("Twitter", "트위터")])
    window._glossary_entries = None  # as after adding a term in the window
    assert window.open_project(project_with(tmp_path, source, "트위터에 물어보세요"))
    marked = [
        (s, n)
        for s, n, f in formats(window.source_edit.document())
        if f.background().color().name() == "#fff1b8"
    ]
    start = Utf16Map(source).to_utf16(source.index("Twitter"))
    assert marked[0][0] == start
    assert sum(n for _s, n in marked) == len("Twitter")
    assert no_pair_is_split(window.source_edit.document())
