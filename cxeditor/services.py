"""What a user does, as plain functions: the CLI and the GUI's workers both call these.

Each long job takes a progress callback and a cancel flag (see jobs.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article
from cxeditor.names import NAME_POLICIES, published_names
from cxeditor.store import Project
from cxeditor.text.korean import is_mostly_korean
from cxeditor.tm.glossary import GlossaryEntry


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
    from cxeditor.formats import import_article as read_article  # noqa: PLC0415 - lazily
    from cxeditor.formats.align import align_translation, review_article  # noqa: PLC0415

    if source is None and translation is None:
        raise CxError(_("nothing to import"))
    report: list[str] = []

    def import_article(
        path: Path, *, lang: str, progress: ProgressCallback, cancel: CancelFlag | None
    ) -> Article:
        """An importer's article, its notices (a detected encoding) added to the report."""
        article = read_article(path, lang=lang, progress=progress, cancel=cancel)
        report.extend(notice for notice in article.notices if notice not in report)
        return article

    if source is None:
        assert translation is not None
        article = review_article(
            import_article(translation, lang="ko", progress=progress, cancel=cancel)
        )
        article.meta.source_file = translation.name
        return article, report
    article = import_article(source, lang="en", progress=progress, cancel=cancel)
    article.meta.source_file = source.name
    if translation is None:
        if not _is_korean(article):
            return article, report
        # A Korean file given as the English article: what the user wants is a review
        # project (an English project with Korean "sources" could only mislead QA).
        report.append(
            _("{file} is in Korean: imported as a Korean article to review").format(
                file=source.name
            )
        )
        article = review_article(
            import_article(source, lang="ko", progress=progress, cancel=cancel)
        )
        article.meta.source_file = source.name
        return article, report
    korean = import_article(translation, lang="ko", progress=progress, cancel=cancel)
    if _is_korean(article) and not _is_korean(korean):
        raise CxError(
            _(
                "{source} is in Korean and {translation} in English: give the English "
                "article first and the Korean one with --translation"
            ).format(source=source.name, translation=translation.name)
        )
    aligned = align_translation(article, korean, origin_name=translation.name)
    aligned.article.meta.source_file = source.name
    return aligned.article, report + list(aligned.report)


def _is_korean(article: Article) -> bool:
    return is_mostly_korean(" ".join(segment.source for segment in article.segments()))


def create_project_from_files(
    output: Path,
    *,
    source: Path | None = None,
    translation: Path | None = None,
    overwrite: bool = False,
    name_policy: str | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> ImportResult:
    """Import SOURCE (and/or a Korean TRANSLATION) into a new project file at OUTPUT."""
    for given in (source, translation):
        if given is not None and given.exists() and output.exists() and given.samefile(output):
            raise CxError(_("the output {out} is the article being imported").format(out=output))
    article, report = build_article(source, translation, progress=progress, cancel=cancel)
    if name_policy is not None:
        if name_policy not in NAME_POLICIES:
            raise CxError(
                _("unknown name policy {name} (known: {known})").format(
                    name=name_policy, known=", ".join(NAME_POLICIES)
                )
            )
        article.meta.name_policy = name_policy
    Project.create(
        output, article, overwrite=overwrite, report=report, progress=progress, cancel=cancel
    )
    return ImportResult(
        segments=article.segment_count(),
        blocks=len(article.blocks),
        tweets=sum(1 for _block in article.tweets()),
        report=report,
    )


# Export format name -> "module:function" plus fixed keyword arguments. Exporter modules
# load only when used, like the importers (see formats/__init__.py).
# The publication formats write tweet authors' names as the name policy says; the
# others carry the source's names (data for other tools and the review round-trip).
PUBLICATION_FORMATS = frozenset({"docx", "html"})
EXPORT_FORMATS: dict[str, tuple[str, dict[str, str]]] = {
    "json": ("cxeditor.formats.json_export:export_json", {}),
    "docx": ("cxeditor.formats.docx_export:export_docx", {}),
    "html": ("cxeditor.formats.html_export:export_html", {}),
    "review-docx": ("cxeditor.formats.review_docx:export_review_docx", {}),
    "xliff": ("cxeditor.formats.xliff:export_xliff", {"version": "1.2"}),
    "xliff2": ("cxeditor.formats.xliff:export_xliff", {"version": "2.0"}),
    "tmx": ("cxeditor.formats.xliff:export_tmx", {}),
}


def export_project(
    article: Article,
    format_name: str,
    path: Path,
    *,
    glossary: Iterable[GlossaryEntry] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    """Write the article in a format; `glossary` supplies Korean spellings of authors'
    names for the publication formats when the name policy transliterates."""
    try:
        target, fixed = EXPORT_FORMATS[format_name]
    except KeyError:
        raise CxError(
            _("unknown export format {name} (known: {known})").format(
                name=format_name, known=", ".join(sorted(EXPORT_FORMATS))
            )
        ) from None
    module_name, function_name = target.split(":")
    exporter = getattr(importlib.import_module(module_name), function_name)
    if format_name in PUBLICATION_FORMATS:
        article = published_names(article, glossary)
    exporter(article, path, progress=progress, cancel=cancel, **fixed)
