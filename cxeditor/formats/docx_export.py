"""The finished Korean article as a Word document, with python-docx.

Title and heading styles, body paragraphs, each tweet as a Quote-styled block with its
attribution (`— Name (@handle) 2019년 10월 25일`, the date linking to the tweet), real
hyperlinks for URLs, hashtags and mentions, a Korean East Asian font and the ko-KR
language on every style.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from cxeditor.fileio import write_bytes_atomically
from cxeditor.formats.links import (
    Run,
    known_tags_of,
    published_text,
    text_runs,
    tweet_permalink,
    untranslated_count,
    xml_safe,
)
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, Block, BlockKind, Tweet
from cxeditor.text.dates import format_korean

KOREAN_FONT = "Malgun Gothic"  # Windows and Office's Korean UI font; LibreOffice substitutes
LATIN_FONT = "Calibri"
LANGUAGE = "ko-KR"
HYPERLINK_COLOUR = "0563C1"


def _set_run_fonts(r_pr: Any) -> None:
    """Latin and East Asian fonts plus the ko-KR language on one w:rPr element."""
    from docx.oxml import OxmlElement  # noqa: PLC0415 - python-docx loads only to export
    from docx.oxml.ns import qn  # noqa: PLC0415

    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), KOREAN_FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


# python-docx (after the OPC core-properties schema) refuses longer strings there.
CORE_PROPERTY_LIMIT = 255


def core_property(text: str) -> str:
    """`text` fit for a .docx core property (title, author): XML-safe and at most 255
    characters, cut at a word with "…". The document itself keeps the whole title."""
    text = " ".join(xml_safe(text).split())
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    cut = text[: CORE_PROPERTY_LIMIT - 1]
    if " " in cut[CORE_PROPERTY_LIMIT // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def prepare_styles(document: Any) -> None:
    for name in (
        "Normal",
        "Title",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Quote",
        "Intense Quote",
        "Subtitle",
    ):
        try:
            style = document.styles[name]
        except KeyError:
            continue
        _set_run_fonts(style.element.get_or_add_rPr())


def add_hyperlink(
    paragraph: Any, text: str, url: str, relations: dict[str, str] | None = None
) -> None:
    """A real w:hyperlink (python-docx has no API for it) with an external relationship.

    `relations` caches URL -> relationship id: python-docx looks up existing
    relationships by scanning them all, which is quadratic over a long article.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: PLC0415
    from docx.oxml import OxmlElement  # noqa: PLC0415
    from docx.oxml.ns import qn  # noqa: PLC0415

    if relations is None:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    elif (relation := relations.get(url)) is None:
        # Our own ids ("rIdL1", …) cannot clash with python-docx's "rId<n>".
        relation = relations[url] = f"rIdL{len(relations) + 1}"
        paragraph.part.rels.add_relationship(
            RELATIONSHIP_TYPE.HYPERLINK, url, relation, is_external=True
        )
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), HYPERLINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    r_pr.append(colour)
    r_pr.append(underline)
    run.append(r_pr)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _add_runs(paragraph: Any, runs: list[Run], relations: dict[str, str]) -> None:
    for run in runs:
        if run.url:
            add_hyperlink(paragraph, run.text, run.url, relations)
            continue
        lines = run.text.split("\n")
        for index, line in enumerate(lines):
            if index:
                paragraph.add_run().add_break()
            if line:
                paragraph.add_run(line)


def attribution_parts(tweet: Tweet) -> tuple[str, str | None]:
    """(`— Name (@handle) `, the Korean date or None)."""
    head = f"— {tweet.name} (@{tweet.handle})"
    if not tweet.date:
        return head, None
    try:
        return head + " ", format_korean(date.fromisoformat(tweet.date))
    except ValueError:
        return head + " ", tweet.date


class _Writer:
    """Adds blocks to one document, with its styles and link relationships looked up once."""

    def __init__(self, document: Any, known: frozenset[str]) -> None:
        self.document = document
        self.known = known
        self.relations: dict[str, str] = {}
        names = ("Title", "Heading 1", "Heading 2", "Heading 3", "Quote", "Subtitle", "Normal")
        # Style ids set straight on w:pStyle: python-docx's name lookup per paragraph
        # dominates the export time of a long article.
        self.styles = {name: document.styles[name].style_id for name in names}

    def style_for(self, block: Block) -> Any:
        if block.kind is BlockKind.TITLE:
            return self.styles["Title"]
        if block.kind is BlockKind.HEADING:
            return self.styles[f"Heading {min(max(block.level, 1), 3)}"]
        if block.kind in (BlockKind.QUOTE, BlockKind.TWEET):
            return self.styles["Quote"]
        if block.kind is BlockKind.META:
            return self.styles["Subtitle"]
        return self.styles["Normal"]

    def _paragraph(self, style_id: str) -> Any:
        paragraph = self.document.add_paragraph()
        paragraph._p.style = style_id
        return paragraph

    def add(self, block: Block) -> None:
        text = xml_safe(published_text(block))
        paragraph = self._paragraph(self.style_for(block))
        _add_runs(paragraph, text_runs(text, self.known), self.relations)
        if block.tweet is not None:
            head, when = attribution_parts(block.tweet)
            attribution = self._paragraph(self.styles["Quote"])
            attribution.add_run(xml_safe(head))
            url = tweet_permalink(block.tweet.url)  # the project may be hand-made
            if when and url:
                add_hyperlink(attribution, when, url, self.relations)
            elif when:
                attribution.add_run(when)


def export_docx(
    article: Article,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    import docx  # noqa: PLC0415

    document = docx.Document()
    prepare_styles(document)
    properties = document.core_properties
    properties.title = core_property(_title(article))
    properties.author = core_property(article.meta.author or "")
    properties.language = LANGUAGE
    writer = _Writer(document, known_tags_of(article))
    total = len(article.blocks)
    for index, block in enumerate(article.blocks):
        if cancel and index % 200 == 0:
            cancel.check()
            progress(index, total, _("Writing the Word document"))
        writer.add(block)
    missing = untranslated_count(article)
    if missing:
        progress(
            total,
            total,
            _("{n} segments have no translation; their source text was exported").format(n=missing),
        )
    write_bytes_atomically(path, document.save)
    progress(total, total, _("Writing the Word document"))


def _title(article: Article) -> str:
    for block in article.blocks:
        if block.kind is BlockKind.TITLE:
            return published_text(block)
    return article.meta.title
