"""What a user does, as plain functions: the CLI and the GUI's workers both call these.

Each long job takes a progress callback and a cancel flag (see jobs.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article
from cxeditor.store import Project


@dataclass(slots=True)
class ImportResult:
    segments: int = 0
    blocks: int = 0
    tweets: int = 0
    report: list[str] = field(default_factory=list)


def build_article(
    source: Path | None,
    translation: Path | None,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> tuple[Article, list[str]]:
    """Read the English article and/or its Korean version into one Article."""
    from cxeditor.formats import import_article  # noqa: PLC0415 - importers load lazily
    from cxeditor.formats.align import align_translation, review_article  # noqa: PLC0415

    if source is None and translation is None:
        raise CxError(_("nothing to import"))
    if source is None:
        assert translation is not None
        article = review_article(
            import_article(translation, lang="ko", progress=progress, cancel=cancel)
        )
        article.meta.source_file = translation.name
        return article, []
    article = import_article(source, lang="en", progress=progress, cancel=cancel)
    article.meta.source_file = source.name
    if translation is None:
        return article, []
    korean = import_article(translation, lang="ko", progress=progress, cancel=cancel)
    aligned = align_translation(article, korean, origin_name=translation.name)
    aligned.article.meta.source_file = source.name
    return aligned.article, list(aligned.report)


def create_project_from_files(
    output: Path,
    *,
    source: Path | None = None,
    translation: Path | None = None,
    overwrite: bool = False,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ImportResult:
    """Import SOURCE (and/or a Korean TRANSLATION) into a new project file at OUTPUT."""
    for given in (source, translation):
        if given is not None and given.exists() and output.exists() and given.samefile(output):
            raise CxError(_("the output {out} is the article being imported").format(out=output))
    article, report = build_article(source, translation, progress=progress, cancel=cancel)
    Project.create(
        output, article, overwrite=overwrite, report=report, progress=progress, cancel=cancel
    )
    return ImportResult(
        segments=article.segment_count(),
        blocks=len(article.blocks),
        tweets=sum(1 for _block in article.tweets()),
        report=report,
    )


Exporter = Callable[..., None]


def _export_json(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.json_export import export_json  # noqa: PLC0415

    export_json(article, path, progress=progress, cancel=cancel)


def _export_docx(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.docx_export import export_docx  # noqa: PLC0415

    export_docx(article, path, progress=progress, cancel=cancel)


def _export_html(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.html_export import export_html  # noqa: PLC0415

    export_html(article, path, progress=progress, cancel=cancel)


def _export_review_docx(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.review_docx import export_review_docx  # noqa: PLC0415

    export_review_docx(article, path, progress=progress, cancel=cancel)


def _export_xliff(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.xliff import export_xliff  # noqa: PLC0415

    export_xliff(article, path, version="1.2", progress=progress, cancel=cancel)


def _export_xliff2(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.xliff import export_xliff  # noqa: PLC0415

    export_xliff(article, path, version="2.0", progress=progress, cancel=cancel)


def _export_tmx(
    article: Article, path: Path, *, progress: ProgressCallback, cancel: CancelFlag | None
) -> None:
    from cxeditor.formats.xliff import export_tmx  # noqa: PLC0415

    export_tmx(article, path, progress=progress, cancel=cancel)


# Export format name -> function(article, path, progress=, cancel=).
EXPORT_FORMATS: dict[str, Exporter] = {
    "json": _export_json,
    "docx": _export_docx,
    "html": _export_html,
    "review-docx": _export_review_docx,
    "xliff": _export_xliff,
    "xliff2": _export_xliff2,
    "tmx": _export_tmx,
}


def export_project(
    article: Article,
    format_name: str,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    try:
        exporter = EXPORT_FORMATS[format_name]
    except KeyError:
        raise CxError(
            _("unknown export format {name} (known: {known})").format(
                name=format_name, known=", ".join(sorted(EXPORT_FORMATS))
            )
        ) from None
    exporter(article, path, progress=progress, cancel=cancel)
