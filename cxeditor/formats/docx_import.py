"""Word documents (.docx), with python-docx: paragraph styles, quotes, hyperlinks, tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from cxeditor.errors import ImportFormatError
from cxeditor.formats.base import Importer
from cxeditor.formats.blocks import RawParagraph, Style, build_article
from cxeditor.formats.docx_package import open_word_document
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*(\d)$", re.IGNORECASE)
_QUOTE_STYLES = {"quote", "intense quote", "block text", "인용", "강한 인용"}
_TOKEN_LIKE = re.compile(r"^(?:https?://|www\.|[#@$])", re.IGNORECASE)


class _StyleNames:
    """Paragraph style names by style id, looked up once: python-docx's
    `paragraph.style` scans every style for the default on each call, which was most
    of the import time of a long document."""

    def __init__(self, document: Any) -> None:
        from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415

        styles = document.styles
        self._names = {
            style.style_id: style.name or ""
            for style in styles
            if style.type == WD_STYLE_TYPE.PARAGRAPH
        }
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._default = (default.name or "") if default is not None else ""

    def of(self, paragraph: Any) -> str:
        return self._names.get(paragraph._p.style, self._default)


def _style_of(name: str) -> tuple[Style, int]:
    lowered = name.strip().lower()
    if lowered in {"title", "제목"}:
        return Style.TITLE, 1
    if heading := _HEADING_STYLE.match(lowered):
        level = int(heading.group(1))
        return (Style.TITLE if level == 1 else Style.HEADING), level
    if lowered in _QUOTE_STYLES:
        return Style.QUOTE, 0
    return Style.NORMAL, 0


def _run_text(run: Any) -> str:
    """A w:r's text as python-docx reads it, except that a w:t holding an unresolved
    entity reference (`Second &xxe; here.`) keeps all of its text: python-docx takes
    only what comes before the reference. The reference stays as written, visible."""
    from docx.oxml.ns import qn  # noqa: PLC0415

    parts = []
    for child in run.xpath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab"):
        if child.tag != qn("w:t"):
            parts.append(str(child))
            continue
        parts.append(child.text or "")
        for inner in child:  # only entity references (and comments) can be inside a w:t
            if isinstance(inner, etree._Entity):
                parts.append(inner.text or "")
            parts.append(inner.tail or "")
    return "".join(parts)


def paragraph_text(paragraph: Any) -> str:
    """Runs and hyperlinks in order; a link keeps its address beside text that hides it."""
    from docx.text.hyperlink import Hyperlink  # noqa: PLC0415 - python-docx loads lazily

    parts: list[str] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text = "".join(_run_text(run) for run in item._hyperlink.xpath("w:r"))
            url = item.url
            if url and text.strip() and text.strip() != url and not _TOKEN_LIKE.match(text.strip()):
                parts.append(f"{text} ({url})")
            else:
                parts.append(text or url)
        else:
            parts.append(_run_text(item._r))
    # Soft line breaks (Shift+Enter) arrive as "\n"; tabs as spaces.
    return "".join(parts).replace("\t", " ")


def _paragraphs(container: Any, styles: _StyleNames) -> Iterator[RawParagraph]:
    from docx.table import Table  # noqa: PLC0415

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell, styles)
            continue
        style, level = _style_of(styles.of(item))
        yield RawParagraph(paragraph_text(item), style, level)


class DocxImporter(Importer):
    name = "docx"
    extensions = (".docx",)
    description = "Word document"

    def read(
        self,
        path: Path,
        *,
        lang: str = "en",
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Article:
        document = open_word_document(path)
        try:
            paragraphs = list(_paragraphs(document, _StyleNames(document)))
        except (KeyError, ValueError, SyntaxError) as error:
            raise ImportFormatError(
                _("{name} is a damaged Word document ({reason})").format(
                    name=path.name, reason=error
                )
            ) from error
        article = build_article(paragraphs, lang=lang, progress=progress, cancel=cancel)
        properties = document.core_properties
        if properties.author:
            article.meta.author = properties.author
        if not article.meta.title and properties.title:
            article.meta.title = properties.title
        self.require_text(path, article)
        return article
