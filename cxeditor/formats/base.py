"""What every importer is: a name, its extensions, and `read(path) -> Article`."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from cxeditor.errors import ImportFormatError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article


class Importer:
    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def read(
        self,
        path: Path,
        *,
        lang: str = "en",
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Article:
        raise NotImplementedError

    @staticmethod
    def require_text(path: Path, article: Article) -> None:
        """An article with nothing to translate is bad input, not an empty project."""
        if not any(segment.source.strip() for segment in article.segments()):
            raise ImportFormatError(_("no article text found in {name}").format(name=path.name))
