"""The HTML preview dock: the article as published, following the current segment."""

from __future__ import annotations

import copy

from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import QTextEdit

from cxeditor.errors import CxError
from cxeditor.model import Article, ArticleMeta
from cxeditor.names import published_names

from .base import WindowBase

CURRENT_MARK = "#fff1b8"  # the marker-pen yellow of the glossary marks


class PreviewPart(WindowBase):
    def _on_preview_visibility(self, visible: bool) -> None:
        if visible:
            self._preview_timer.start()

    def refresh_preview(self) -> None:
        if self.project is None or not self.docks["preview"].isVisible():
            return
        from cxeditor.formats.html_export import render_html  # noqa: PLC0415

        try:
            article = self._preview_article()
        except CxError:
            # A shared project's server away for a moment: the preview keeps what it
            # showed (the outage is told once, by the change feed), and refreshes later.
            return
        self.preview_panel.setHtml(render_html(published_names(article, self.glossary_entries())))
        self.follow_in_preview()

    def _preview_article(self) -> Article:
        """The article as the grid shows it. A shared project's is read from the server
        once and then kept up to date from the grid's rows: a preview never waits on the
        network, and shows what is still being sent."""
        assert self.project is not None
        if not self._is_shared():
            return self.project.load_article()
        if self._shared_article is None:
            self._shared_article = self.project.load_article()
        for segment in self._shared_article.segments():
            number = self.model.row_number_of(segment.id or -1)
            if number is not None:
                row = self.model.row(number)
                segment.target, segment.status, segment.origin = row.target, row.status, row.origin
        return self._shared_article

    def _article_snapshot(self) -> tuple[Article, set[tuple[int, str, str]]]:
        """The article and its dismissed findings, as plain data a worker may keep (QA,
        sign-off). A shared project's come from what the window keeps: no server read."""
        assert self.project is not None
        if not self._is_shared():
            return self.project.load_article(), self.project.dismissed_findings()
        return copy.deepcopy(self._preview_article()), set(self._shared_dismissed)

    def _project_meta(self) -> ArticleMeta:
        """The article's details; a shared project's as the window keeps them."""
        assert self.project is not None
        if self._is_shared() and self._shared_article is not None:
            return self._shared_article.meta
        return self.project.meta()

    def follow_in_preview(self) -> None:
        """Scroll the preview to the current segment's text and mark it."""
        panel = self.preview_panel
        number = self.current_row()
        text = self.model.row(number).target.strip() if number is not None else ""
        # The published text may differ in names and markup: its first line is enough.
        needle = text.splitlines()[0][:60] if text else ""
        found = panel.document().find(needle) if needle else QTextCursor()
        if found.isNull():
            panel.setExtraSelections([])
            return
        mark = QTextEdit.ExtraSelection()
        mark.cursor = found
        mark.format.setBackground(QColor(CURRENT_MARK))
        panel.setExtraSelections([mark])
        cursor = QTextCursor(found)
        cursor.clearSelection()
        panel.setTextCursor(cursor)
        panel.ensureCursorVisible()
