"""The HTML preview dock."""

from __future__ import annotations

from cxeditor.names import published_names

from .base import WindowBase


class PreviewPart(WindowBase):
    def _on_preview_visibility(self, visible: bool) -> None:
        if visible:
            self._preview_timer.start()

    def refresh_preview(self) -> None:
        if self.project is None or not self.docks["preview"].isVisible():
            return
        from cxeditor.formats.html_export import render_html  # noqa: PLC0415

        article = published_names(self.project.load_article(), self.glossary_entries())
        self.preview_panel.setHtml(render_html(article))
