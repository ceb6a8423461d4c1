"""Tweet tokens in distinct colours, found by the same recognizer the core uses."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from cxeditor.text.entities import extract_for_article


def _format(colour: str, *, bold: bool = False) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setForeground(QColor(colour))
    if bold:
        text_format.setFontWeight(QFont.Weight.Bold)
    return text_format


TOKEN_FORMATS = {
    "hashtag": _format("#1d7bd8", bold=True),
    "mention": _format("#7b3fc4", bold=True),
    "url": _format("#0f8a5f"),
    "cashtag": _format("#b5651d", bold=True),
    "emoji": _format("#000000"),
}
PARTICLE_FORMAT = _format("#c0392b")


def _underline(colour: str) -> QTextCharFormat:
    text_format = QTextCharFormat()
    text_format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    text_format.setUnderlineColor(QColor(colour))
    return text_format


QA_UNDERLINES = {
    "error": _underline("#d0443e"),
    "warning": _underline("#c27c0e"),
    "info": _underline("#8c959f"),
}


TERM_FORMAT = QTextCharFormat()
TERM_FORMAT.setBackground(QColor("#fff1b8"))  # glossary terms: a marker-pen yellow
TERM_FORMAT.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)


class TokenHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        # (start, end, severity, message) in the document, from the last QA run
        self.qa_spans: list[tuple[int, int, str, str]] = []
        self.term_spans: list[tuple[int, int]] = []  # glossary hits

    def set_term_spans(self, spans: list[tuple[int, int]]) -> None:
        if spans != self.term_spans:
            self.term_spans = spans
            self.rehighlight()

    def set_qa_spans(self, spans: list[tuple[int, int, str, str]]) -> None:
        # Re-highlighting emits the editor's textChanged, which may ask again: only a
        # real change re-highlights.
        if spans == self.qa_spans:
            return
        self.qa_spans = spans
        self.rehighlight()

    def message_at(self, position: int) -> str | None:
        messages = [
            m for start, end, _s, m in self.qa_spans if start <= position < max(end, start + 1)
        ]
        return "\n".join(messages) or None

    def highlightBlock(self, text: str) -> None:
        for entity in extract_for_article(text):
            self.setFormat(entity.start, entity.end - entity.start, TOKEN_FORMATS[entity.kind])
            if entity.particle and entity.kind == "hashtag":
                # A particle glued to a hashtag changes the tag for Twitter: show it.
                self.setFormat(entity.end, len(entity.particle), PARTICLE_FORMAT)
        block_start = self.currentBlock().position()
        for start, end in self.term_spans:
            self._merge(start - block_start, end - block_start, len(text), TERM_FORMAT)
        for start, end, severity, _message in self.qa_spans:
            local_start, local_end = start - block_start, max(end, start + 1) - block_start
            if local_end <= 0 or local_start >= len(text):
                continue
            self._merge(local_start, local_end, len(text), QA_UNDERLINES[severity])

    def _merge(self, start: int, end: int, length: int, extra: QTextCharFormat) -> None:
        """Add `extra` over [start, end) of the block, keeping the token colours."""
        for index in range(max(start, 0), min(end, length)):
            merged = self.format(index)
            merged.merge(extra)
            self.setFormat(index, 1, merged)
