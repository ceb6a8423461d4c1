"""The concordance dock: where a phrase was used before, in the translation memories."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from cxeditor.i18n import _
from cxeditor.tm.concordance import ConcordanceHit


def _marked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` as HTML with the phrase's occurrences in bold on a marker yellow."""
    parts, last = [], 0
    for start, end in spans:
        parts.append(html.escape(text[last:start]))
        parts.append(f'<b style="background:#fff1b8">{html.escape(text[start:end])}</b>')
        last = end
    parts.append(html.escape(text[last:]))
    return "".join(parts)


class ConcordancePanel(QWidget):
    """A search field over the memories; each hit shows source and target with the
    phrase marked, and an Insert link that puts the translation into the editor."""

    searchRequested = Signal(str)
    insertRequested = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(placeholderText=_("Search the translation memory…"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(lambda: self.searchRequested.emit(self.query.text()))
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._on_link)
        self.hits: list[ConcordanceHit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addWidget(self.results)

    def show_hits(self, phrase: str, hits: list[ConcordanceHit]) -> None:
        self.hits = hits
        if not hits:
            self.results.setPlainText(
                _("“{phrase}” is not in the translation memory.").format(phrase=phrase)
                if phrase.strip()
                else ""
            )
            return
        insert = html.escape(_("Insert"))
        rows = [
            f"<p>{_marked(hit.unit.source, hit.source_spans)}<br>"
            f"{_marked(hit.unit.target, hit.target_spans)} "
            f'<a href="insert:{number}">{insert}</a></p>'
            for number, hit in enumerate(hits)
        ]
        self.results.setHtml("".join(rows))

    def _on_link(self, url: QUrl) -> None:
        kind, _sep, number = url.toString().partition(":")
        if kind == "insert" and number.isdigit() and int(number) < len(self.hits):
            self.insertRequested.emit(self.hits[int(number)].unit.target)
