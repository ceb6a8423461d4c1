"""Plain text and Markdown: paragraphs, Published lines, attribution variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxeditor.errors import ImportFormatError
from cxeditor.formats import import_article
from cxeditor.formats.blocks import parse_attribution
from cxeditor.model import Article, BlockKind, Tweet

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "— Mina Park (@minapark_cx) March 14, 2024",
            Tweet("Mina Park", "minapark_cx", "2024-03-14"),
        ),
        (
            "- Mina Park(@minapark_cx) March 14, 2024",
            Tweet("Mina Park", "minapark_cx", "2024-03-14"),
        ),
        (
            "– Daniel Osei (@dosei_loc) Oct. 5, 2019",
            Tweet("Daniel Osei", "dosei_loc", "2019-10-05"),
        ),
        ("-- Daniel Osei (@dosei_loc)", Tweet("Daniel Osei", "dosei_loc", None)),
        ("— 미나 박(@minapark_cx) 2024년 3월 14일", Tweet("미나 박", "minapark_cx", "2024-03-14")),
        (
            "— ExampleCorp CX (@ExampleCorp) 2024-03-14 https://twitter.com/ExampleCorp/status/9",
            Tweet(
                "ExampleCorp CX",
                "ExampleCorp",
                "2024-03-14",
                "https://twitter.com/ExampleCorp/status/9",
            ),
        ),
        (
            "Mina Park (@minapark_cx) March 14, 2024",
            Tweet("Mina Park", "minapark_cx", "2024-03-14"),
        ),
    ],
)
def test_attribution_variants(line: str, expected: Tweet) -> None:
    assert parse_attribution(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Thanks to Mina (@minapark_cx) for hosting the whole chat tonight!",
        "Mina Park (@minapark_cx)",
        "We asked (@everyone) a question.",
        "— see the notes below",
    ],
)
def test_not_attributions(line: str) -> None:
    assert parse_attribution(line) is None


def test_browser_copy_one_paragraph_per_line() -> None:
    article = import_article(SAMPLES / "locchat-recap.en.txt")
    assert article.meta.title.startswith("#LocChat recap")
    assert article.meta.published == "2024-03-14"
    assert [b.kind for b in article.blocks][:3] == [
        BlockKind.TITLE,
        BlockKind.META,
        BlockKind.PARAGRAPH,
    ]
    tweets = list(article.tweets())
    assert [t.tweet.handle for t in tweets if t.tweet] == [
        "minapark_cx",
        "dosei_loc",
        "sofiareyes",
        "minapark_cx",
        "arjun_m",
        "ExampleCorp",
    ]
    assert all(len(t.segments) == 1 for t in tweets)


def test_korean_file_with_glued_published_line() -> None:
    article = import_article(SAMPLES / "locchat-recap.ko-mt.txt", lang="ko")
    assert article.meta.published == "2024-03-14"
    assert article.blocks[1].kind is BlockKind.META
    assert article.blocks[1].segments[0].source == "게시 됨: 2024-03-14"
    assert article.blocks[2].segments[0].source == "지난 목요일의 #LocChat을 보셨나요?"
    names = [t.tweet.name for t in article.tweets() if t.tweet]
    assert names[0] == "미나 박"
    assert names[1] == "Daniel Osei"


def test_markdown() -> None:
    article = import_article(ARTICLES / "cx-recap.md")
    kinds = [b.kind for b in article.blocks]
    assert kinds[:4] == [BlockKind.TITLE, BlockKind.META, BlockKind.PARAGRAPH, BlockKind.HEADING]
    assert article.meta.title == "#CXTweetChat Recap: Customer Journeys in 2019"
    narrative = article.blocks[2]
    # Wrapped lines are joined; the Markdown link keeps its address.
    assert narrative.segments[1].source == "Dr. Lee opened with a question about 2019 & beyond."
    assert narrative.segments[2].source == ("Read the transcript (https://example.com/transcript).")
    tweets = list(article.tweets())
    assert tweets[0].segments[0].source.startswith("A1: Consistency across every channel.\n")
    assert tweets[1].tweet == Tweet("Vincenzo Landino", "vincenzolandino", "2019-10-25")
    assert BlockKind.QUOTE in kinds
    items = [b.segments[0].source for b in article.blocks[-2:]]
    assert items == ["Hand-offs between teams.", "Forms that ask twice."]


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("\ufeff#LocChat 요약\n본문입니다.\n".encode("utf-16-le"))
    article = import_article(path, lang="ko")
    assert article.meta.title == "#LocChat 요약"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"\n \n\t\n", "is empty"),
        ("latin1.txt", "Caf\xe9 chat".encode("latin-1"), "not valid UTF-8"),
        ("binary.txt", b"abc\x00\x01\x02def" * 10, "binary data"),
        ("zip.md", b"PK\x03\x04rest", "ZIP"),
        ("notes.rtf", b"{\\rtf1 hello}", "unsupported file type"),
    ],
)
def test_bad_text(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        import_article(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ImportFormatError, match="no such file"):
        import_article(tmp_path / "missing.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportFormatError, match="folder"):
        import_article(folder)


def test_too_big(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ImportFormatError, match=r"50\.0 MB"):
        import_article(path)


def everything(article: Article) -> str:
    return " ".join(s.source for s in article.segments())


def test_nothing_dropped_from_a_plain_file(tmp_path: Path) -> None:
    lines = [
        "Title here",
        "First paragraph. It has two sentences.",
        "A1: tweet text #Tag",
        "— Someone (@someone) 2020-01-02",
        "Closing words!",
    ]
    path = tmp_path / "a.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    text = everything(import_article(path))
    for fragment in (
        "Title here",
        "First paragraph.",
        "It has two sentences.",
        "A1: tweet text #Tag",
        "Closing words!",
    ):
        assert fragment in text
