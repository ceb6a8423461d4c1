"""Word documents (.docx), with python-docx: paragraph styles, quotes, hyperlinks, tables."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cxeditor.errors import ImportFormatError
from cxeditor.formats.base import Importer
from cxeditor.formats.blocks import RawParagraph, Style, build_article
from cxeditor.formats.reading import open_docx_zip, read_bytes
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article

_HEADING_STYLE = re.compile(r"^(?:heading|제목)\s*(\d)$", re.IGNORECASE)
_QUOTE_STYLES = {"quote", "intense quote", "block text", "인용", "강한 인용"}
_TOKEN_LIKE = re.compile(r"^(?:https?://|www\.|[#@$])", re.IGNORECASE)


def _style_of(paragraph: Any) -> tuple[Style, int]:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    lowered = name.strip().lower()
    if lowered in {"title", "제목"}:
        return Style.TITLE, 1
    if heading := _HEADING_STYLE.match(lowered):
        level = int(heading.group(1))
        return (Style.TITLE if level == 1 else Style.HEADING), level
    if lowered in _QUOTE_STYLES:
        return Style.QUOTE, 0
    return Style.NORMAL, 0


def paragraph_text(paragraph: Any) -> str:
    """Runs and hyperlinks in order; a link keeps its address beside text that hides it."""
    from docx.text.hyperlink import Hyperlink  # noqa: PLC0415 - python-docx loads lazily

    parts: list[str] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text, url = item.text, item.url
            if url and text.strip() and text.strip() != url and not _TOKEN_LIKE.match(text.strip()):
                parts.append(f"{text} ({url})")
            else:
                parts.append(text or url)
        else:
            parts.append(item.text)
    # Soft line breaks (Shift+Enter) arrive as "\n"; tabs as spaces.
    return "".join(parts).replace("\t", " ")


def _paragraphs(container: Any) -> Iterator[RawParagraph]:
    from docx.table import Table  # noqa: PLC0415

    for item in container.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield from _paragraphs(cell)
            continue
        style, level = _style_of(item)
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
        import docx  # noqa: PLC0415
        from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415

        data = read_bytes(path)
        open_docx_zip(path, data)
        try:
            document = docx.Document(io.BytesIO(data))
            paragraphs = list(_paragraphs(document))
        except (PackageNotFoundError, KeyError, ValueError, SyntaxError) as error:
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
