"""File formats: one module per format, found through a registry keyed by extension.

Importer modules load only when a file of their kind is read, so the CLI and the GUI
start without python-docx or lxml.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from cxeditor.errors import ImportFormatError
from cxeditor.formats.base import Importer
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article

# extension -> "module:Class"
IMPORTERS: dict[str, str] = {
    ".html": "cxeditor.formats.html_import:HtmlImporter",
    ".htm": "cxeditor.formats.html_import:HtmlImporter",
    ".xhtml": "cxeditor.formats.html_import:HtmlImporter",
    ".txt": "cxeditor.formats.text_import:TextImporter",
    ".text": "cxeditor.formats.text_import:TextImporter",
    ".md": "cxeditor.formats.text_import:TextImporter",
    ".markdown": "cxeditor.formats.text_import:TextImporter",
    ".docx": "cxeditor.formats.docx_import:DocxImporter",
}


def importer_for(path: Path) -> Importer:
    suffix = path.suffix.lower()
    try:
        module_name, class_name = IMPORTERS[suffix].split(":")
    except KeyError:
        known = ", ".join(sorted(IMPORTERS))
        raise ImportFormatError(
            _("{name}: unsupported file type {suffix} (supported: {known})").format(
                name=path.name, suffix=suffix or _("(none)"), known=known
            )
        ) from None
    importer_class: type[Importer] = getattr(importlib.import_module(module_name), class_name)
    return importer_class()


def import_article(
    path: Path,
    *,
    lang: str = "en",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> Article:
    """Read an article file of any supported format."""
    return importer_for(path).read(path, lang=lang, progress=progress, cancel=cancel)
