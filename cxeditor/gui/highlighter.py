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


class TokenHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)

    def highlightBlock(self, text: str) -> None:
        for entity in extract_for_article(text):
            self.setFormat(entity.start, entity.end - entity.start, TOKEN_FORMATS[entity.kind])
            if entity.particle and entity.kind == "hashtag":
                # A particle glued to a hashtag changes the tag for Twitter: show it.
                self.setFormat(entity.end, len(entity.particle), PARTICLE_FORMAT)
