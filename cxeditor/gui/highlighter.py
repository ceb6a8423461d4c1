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


class TokenHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        # (start, end, severity, message) in the document, from the last QA run
        self.qa_spans: list[tuple[int, int, str, str]] = []

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
        for start, end, severity, _message in self.qa_spans:
            local_start, local_end = start - block_start, max(end, start + 1) - block_start
            if local_end <= 0 or local_start >= len(text):
                continue
            local_start = max(local_start, 0)
            local_end = min(local_end, len(text))
            for index in range(local_start, local_end):  # merge with the token colours
                merged = self.format(index)
                merged.merge(QA_UNDERLINES[severity])
                self.setFormat(index, 1, merged)
