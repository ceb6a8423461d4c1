"""Word and HTML exports: real files written, opened again and inspected."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree, html

from cxeditor.errors import CxError
from cxeditor.formats.docx_export import export_docx
from cxeditor.formats.html_export import export_html, render_html
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def article() -> Article:
    tweet = Tweet(
        "Mina Park",
        "minapark_cx",
        "2024-03-14",
        "https://twitter.com/minapark_cx/status/1768000000000000001",
    )
    return Article(
        ArticleMeta(title="#LocChat recap", published="2024-03-14", author="Jamie Rivera"),
        [
            Block(
                BlockKind.TITLE, [Segment("#LocChat recap", "#LocChat 요약", Status.APPROVED, id=1)]
            ),
            Block(
                BlockKind.META, [Segment("Published: 2024-03-14", "게시: 2024년 3월 14일", id=2)]
            ),
            Block(BlockKind.HEADING, [Segment("Q1", "질문 1", id=3)], level=2),
            Block(
                BlockKind.PARAGRAPH,
                [
                    Segment("Did you catch #CXTweetChat?", "#CXTweetChat에서 만나셨나요?", id=4),
                    Segment("Thanks @ExampleCorp.", "@ExampleCorp에게 감사드립니다.\x0b\x01", id=5),
                    Segment("Not yet translated.", "", id=6),
                ],
            ),
            Block(
                BlockKind.TWEET,
                [
                    Segment(
                        "A1: Trust. #LocChat https://t.co/Ab12Cd34Ef",
                        "A1: 신뢰.\n둘째 줄 <script>alert(1)</script> #LocChat https://t.co/Ab12Cd34Ef",
                        id=7,
                    )
                ],
                tweet=tweet,
            ),
        ],
    )


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    path = tmp_path / "article.docx"
    export_docx(article(), path)
    return path


def hyperlinks(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    rels = document.part.rels
    found = []
    for link in document.element.body.iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{W}t"))
        found.append((text, rels[link.get(f"{R}id")].target_ref))
    return found


def test_docx_structure_and_properties(docx_file: Path) -> None:
    document = docx.Document(str(docx_file))
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", "#LocChat 요약")
    assert ("Heading 2", "질문 1") in styles
    tweet = [text for style, text in styles if style == "Quote"]
    assert tweet[0].startswith("A1: 신뢰.")
    assert tweet[1] == "— Mina Park (@minapark_cx) 2024년 3월 14일"
    assert document.core_properties.title == "#LocChat 요약"
    assert document.core_properties.author == "Jamie Rivera"
    assert document.core_properties.language == "ko-KR"


def test_docx_links_keep_particles_outside(docx_file: Path) -> None:
    links = hyperlinks(docx_file)
    assert ("#CXTweetChat", "https://twitter.com/hashtag/CXTweetChat") in links
    assert ("@ExampleCorp", "https://twitter.com/ExampleCorp") in links
    assert ("https://t.co/Ab12Cd34Ef", "https://t.co/Ab12Cd34Ef") in links
    assert (
        "2024년 3월 14일",
        "https://twitter.com/minapark_cx/status/1768000000000000001",
    ) in links
    document = docx.Document(str(docx_file))
    paragraph = next(p for p in document.paragraphs if "만나셨나요" in p.text)
    xml = etree.tostring(paragraph._p, encoding="unicode")
    assert xml.index("#CXTweetChat</w:t></w:r></w:hyperlink>") < xml.index("에서 만나셨나요")


def test_docx_korean_font_and_language(docx_file: Path) -> None:
    with zipfile.ZipFile(docx_file) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert 'w:eastAsia="Malgun Gothic"' in styles
    assert 'w:eastAsia="ko-KR"' in styles


def test_docx_untranslated_segment_falls_back_and_says_so(tmp_path: Path) -> None:
    messages: list[str] = []
    export_docx(article(), tmp_path / "a.docx", progress=lambda d, t, m: messages.append(m))
    assert any("1 segments have no translation" in m for m in messages)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "a.docx")).paragraphs)
    assert "Not yet translated." in text
    assert "\x0b" not in text


def test_export_to_unwritable_place_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(CxError, match="does not exist"):
        export_docx(article(), tmp_path / "missing" / "a.docx")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere (root)")
        with pytest.raises(CxError, match="not writable"):
            export_html(article(), locked / "a.html")
    finally:
        locked.chmod(0o700)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_docx(docx_file: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(docx_file),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "article.txt").read_text(encoding="utf-8-sig")
    assert "#LocChat 요약" in text
    assert "— Mina Park (@minapark_cx) 2024년 3월 14일" in text


def test_html_is_standalone_escaped_and_linked(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    export_html(article(), path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    root = html.fromstring(page)
    assert root.get("lang") == "ko"
    assert root.find(".//meta").get("charset") == "utf-8"
    assert root.findall(".//script") == []  # no external requests by default
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tweet = root.find(".//blockquote[@class='twitter-tweet']")
    assert tweet is not None
    assert tweet.find("p").text_content().startswith("A1: 신뢰.둘째 줄")  # <br> between lines
    assert tweet.find("p/br") is not None
    links = {a.text: a.get("href") for a in root.iter("a")}
    assert links["#CXTweetChat"] == "https://twitter.com/hashtag/CXTweetChat"
    assert links["@ExampleCorp"] == "https://twitter.com/ExampleCorp"
    assert links["2024년 3월 14일"].endswith("/status/1768000000000000001")
    paragraph = next(p for p in root.iter("p") if "만나셨나요" in p.text_content())
    assert paragraph.find("a").tail.startswith("에서 만나셨나요")


def test_html_widget_script_only_on_request() -> None:
    assert "platform.twitter.com/widgets.js" in render_html(article(), widget_script=True)
    assert "platform.twitter.com" not in render_html(article())


@pytest.mark.skipif(
    not os.environ.get("CXEDITOR_VNU_JAR"),
    reason="set CXEDITOR_VNU_JAR to the W3C Nu checker's vnu.jar to validate",
)
def test_html_validates_with_nu_checker(tmp_path: Path) -> None:
    path = tmp_path / "article.html"
    export_html(article(), path)
    result = subprocess.run(
        ["java", "-jar", os.environ["CXEDITOR_VNU_JAR"], "--errors-only", str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
