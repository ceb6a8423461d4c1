"""Word documents: styles, quotes, hyperlinks kept as URLs, tables, and bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from cxeditor.errors import ImportFormatError
from cxeditor.formats import import_article
from cxeditor.model import BlockKind, Tweet


def add_hyperlink(paragraph: docx.text.paragraph.Paragraph, text: str, url: str) -> None:
    """A real w:hyperlink element, as Word writes it."""
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


@pytest.fixture
def word_article(tmp_path: Path) -> Path:
    document = docx.Document()
    document.core_properties.author = "Jamie Rivera"
    document.add_paragraph("#CXTweetChat Recap: Customer Journeys", style="Title")
    document.add_paragraph("Published: 2019-11-21")
    intro = document.add_paragraph("Last Tuesday we talked journeys. Read ")
    add_hyperlink(intro, "the transcript", "https://example.com/transcript")
    intro.add_run(" and follow ")
    add_hyperlink(intro, "#CXTweetChat", "https://twitter.com/hashtag/CXTweetChat")
    intro.add_run(".")
    document.add_heading("Q1. What makes a journey memorable?", level=2)
    tweet = document.add_paragraph("A1: Consistency across every channel. 🚀 ")
    add_hyperlink(tweet, "https://t.co/XyZ12AbC9d", "https://t.co/XyZ12AbC9d")
    document.add_paragraph("— Jennifer Kling (@JenKling1027) October 25, 2019")
    document.add_paragraph("The best journeys feel effortless.", style="Quote")
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "A note inside a table."
    path = tmp_path / "recap.docx"
    document.save(str(path))
    return path


def test_docx_structure(word_article: Path) -> None:
    article = import_article(word_article)
    assert article.meta.title == "#CXTweetChat Recap: Customer Journeys"
    assert article.meta.published == "2019-11-21"
    assert article.meta.author == "Jamie Rivera"
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        BlockKind.TITLE,
        BlockKind.META,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.TWEET,
        BlockKind.QUOTE,
        BlockKind.PARAGRAPH,
    ]
    assert article.blocks[3].level == 2
    intro = [s.source for s in article.blocks[2].segments]
    assert intro == [
        "Last Tuesday we talked journeys.",
        "Read the transcript (https://example.com/transcript) and follow #CXTweetChat.",
    ]
    tweet = article.blocks[4]
    assert tweet.tweet == Tweet("Jennifer Kling", "JenKling1027", "2019-10-25")
    assert tweet.segments[0].source == (
        "A1: Consistency across every channel. 🚀 https://t.co/XyZ12AbC9d"
    )
    assert article.blocks[6].segments[0].source == "A note inside a table."


def test_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("plain text pretending", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="not a Word document"):
        import_article(path)


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ImportFormatError, match="not a Word document"):
        import_article(path)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    chunk = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(210):  # 210 MB of spaces, a few hundred kB compressed
            member.write(chunk)
    with pytest.raises(ImportFormatError, match="can be imported"):
        import_article(path)


def test_damaged_word_xml(tmp_path: Path, word_article: Path) -> None:
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(word_article) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    with pytest.raises(ImportFormatError, match="damaged"):
        import_article(damaged)


def test_empty_word_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    docx.Document().save(str(path))
    with pytest.raises(ImportFormatError, match="no article text"):
        import_article(path)
