"""Tweet tokens in distinct colours, found by the same recognizer the core uses."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from cxeditor.text.entities import extract_for_article
from cxeditor.text.utf16 import Utf16Map


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
FIND_FORMATS = {  # find/replace hits; the current one is the hit Replace and Skip act on
    False: QTextCharFormat(),
    True: QTextCharFormat(),
}
FIND_FORMATS[False].setBackground(QColor("#ffcc80"))
FIND_FORMATS[True].setBackground(QColor("#ff9800"))


class TokenHighlighter(QSyntaxHighlighter):
    """Spans come in Python indices of the document's text (as the core reports them)
    and are converted to Qt's UTF-16 positions here, through cxeditor.text.utf16."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        # (start, end, severity, message) in the document, from the last QA run
        self.qa_spans: list[tuple[int, int, str, str]] = []
        self.term_spans: list[tuple[int, int]] = []  # glossary hits
        self.find_spans: list[tuple[int, int, bool]] = []  # find hits (start, end, current)
        # The same spans in UTF-16 positions of the document, for Qt.
        self._qa_units: list[tuple[int, int, str, str]] = []
        self._term_units: list[tuple[int, int]] = []
        self._find_units: list[tuple[int, int, bool]] = []
        self._converted_for = ""  # the document text the conversions were made for

    def set_term_spans(self, spans: list[tuple[int, int]]) -> None:
        text = self.document().toPlainText()
        if spans == self.term_spans and text == self._converted_for:
            return
        self.term_spans = spans
        self._convert(text)
        self.rehighlight()

    def set_find_spans(self, spans: list[tuple[int, int, bool]]) -> None:
        text = self.document().toPlainText()
        if spans == self.find_spans and text == self._converted_for:
            return
        self.find_spans = spans
        self._convert(text)
        self.rehighlight()

    def set_qa_spans(self, spans: list[tuple[int, int, str, str]]) -> None:
        # Re-highlighting emits the editor's textChanged, which may ask again: only a
        # real change re-highlights.
        text = self.document().toPlainText()
        if spans == self.qa_spans and text == self._converted_for:
            return
        self.qa_spans = spans
        self._convert(text)
        self.rehighlight()

    def _convert(self, text: str) -> None:
        units = Utf16Map(text)
        self._converted_for = text
        self._term_units = [
            (units.to_utf16(start), units.to_utf16(end)) for start, end in self.term_spans
        ]
        self._find_units = [
            (units.to_utf16(start), units.to_utf16(max(end, start + 1)), current)
            for start, end, current in self.find_spans
        ]
        # An empty span (an insertion point) still gets one character's underline.
        self._qa_units = [
            (units.to_utf16(start), units.to_utf16(max(end, start + 1)), severity, message)
            for start, end, severity, message in self.qa_spans
        ]

    def message_at(self, position: int) -> str | None:
        """The QA messages under UTF-16 document position `position` (a cursor's)."""
        messages = [m for start, end, _s, m in self._qa_units if start <= position < end]
        return "\n".join(messages) or None

    def highlightBlock(self, text: str) -> None:
        units = Utf16Map(text)
        for entity in extract_for_article(text):
            self.setFormat(
                *units.span_to_utf16(entity.start, entity.end), TOKEN_FORMATS[entity.kind]
            )
            if entity.particle and entity.kind == "hashtag":
                # A particle glued to a hashtag changes the tag for Twitter: show it.
                particle_end = entity.end + len(entity.particle)
                self.setFormat(*units.span_to_utf16(entity.end, particle_end), PARTICLE_FORMAT)
        block_start = self.currentBlock().position()  # UTF-16, like the spans
        for start, end in self._term_units:
            self._merge(units, start - block_start, end - block_start, TERM_FORMAT)
        for start, end, current in self._find_units:
            self._merge(units, start - block_start, end - block_start, FIND_FORMATS[current])
        for start, end, severity, _message in self._qa_units:
            self._merge(units, start - block_start, end - block_start, QA_UNDERLINES[severity])

    def _merge(self, units: Utf16Map, start: int, end: int, extra: QTextCharFormat) -> None:
        """Add `extra` over UTF-16 [start, end) of the block, keeping the token colours,
        a whole character at a time (half a surrogate pair would draw as a box)."""
        if end <= 0 or start >= units.length:
            return
        for position, width in units.char_spans():
            if position + width <= start or position >= end:
                continue
            merged = self.format(position)
            merged.merge(extra)
            self.setFormat(position, width, merged)
