"""Plain text and Markdown, as copied from a browser or written by hand."""

from __future__ import annotations

import re
from pathlib import Path

from cxeditor.formats.base import Importer
from cxeditor.formats.blocks import RawParagraph, Style, build_article, parse_attribution
from cxeditor.formats.reading import decode_text, read_bytes, refuse_foreign_binary
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^>\s?")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)])\s+(?=\S)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_HR = re.compile(r"^\s*(?:[-*_]\s*){3,}$")


def _markdown_links(text: str) -> str:
    """`[text](url)`: keep the visible text, and the address where it is not the text."""

    def replace(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        return label if label == url or label.startswith(("#", "@")) else f"{label} ({url})"

    return _MD_LINK.sub(replace, text)


def _paragraph(lines: list[str]) -> RawParagraph | None:
    """One paragraph from its lines: heading, quote, list item or plain text."""
    first = lines[0]
    heading = _HEADING.match(first)
    if heading and len(lines) == 1:
        level = len(heading.group(1))
        return RawParagraph(heading.group(2), Style.TITLE if level == 1 else Style.HEADING, level)
    if all(_QUOTE.match(line) for line in lines):
        return RawParagraph("\n".join(_QUOTE.sub("", line) for line in lines), Style.QUOTE)
    if _HR.match(first) and len(lines) == 1:
        return None
    return RawParagraph("\n".join(_LIST_ITEM.sub("", line, count=1) for line in lines))


def split_paragraphs(text: str) -> list[RawParagraph]:
    """Blank-line separated blocks where the file has them, else one paragraph a line.

    Browser copies put each paragraph on one line; Markdown wraps paragraphs and
    separates them with blank lines. Lines of one block stay joined with newlines
    here (a tweet keeps its line breaks); narrative blocks are joined with spaces later.
    """
    lines = [_markdown_links(line.rstrip()) for line in text.strip("\n").split("\n")]
    blank_separated = _blank_lines_separate_paragraphs(lines)
    paragraphs: list[RawParagraph] = []
    if not blank_separated:
        for line in lines:
            if line.strip() and (paragraph := _paragraph([line.strip()])) is not None:
                paragraphs.append(paragraph)
        return paragraphs
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            # A list item, heading or attribution starts its own paragraph even without
            # a blank line before it.
            if block and (_HEADING.match(line) or _LIST_ITEM.match(line)):
                paragraphs.extend(_block_paragraphs(block))
                block = []
            block.append(line.strip())
        elif block:
            paragraphs.extend(_block_paragraphs(block))
            block = []
    return paragraphs


def _block_paragraphs(block: list[str]) -> list[RawParagraph]:
    # Several list items in one block are several paragraphs.
    if len(block) > 1 and all(_LIST_ITEM.match(line) for line in block):
        return [p for line in block if (p := _paragraph([line])) is not None]
    # An attribution line inside a block closes the tweet before it.
    result: list[RawParagraph] = []
    start = 0
    for index, line in enumerate(block):
        if "@" in line and parse_attribution(line) is not None and index + 1 < len(block):
            if (paragraph := _paragraph(block[start : index + 1])) is not None:
                result.append(paragraph)
            start = index + 1
    if start < len(block) and (paragraph := _paragraph(block[start:])) is not None:
        result.append(paragraph)
    return result


def _blank_lines_separate_paragraphs(lines: list[str]) -> bool:
    """Blank lines are the file's paragraph separator when they are common (at least
    one for every four text lines); a few stray blanks in a browser copy are not."""
    blanks = sum(1 for line in lines if not line.strip())
    return blanks * 4 >= sum(1 for line in lines if line.strip())


class TextImporter(Importer):
    name = "text"
    extensions = (".txt", ".md", ".markdown", ".text")
    description = "Plain text / Markdown"

    def read(
        self,
        path: Path,
        *,
        lang: str = "en",
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> Article:
        data = read_bytes(path)
        refuse_foreign_binary(path, data, "a text file")
        notices: list[str] = []
        text = decode_text(path, data, notices=notices)
        article = build_article(split_paragraphs(text), lang=lang, progress=progress, cancel=cancel)
        article.notices.extend(notices)
        self.require_text(path, article)
        return article
