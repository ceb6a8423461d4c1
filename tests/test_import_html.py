"""HTML as saved from a blog: content found, furniture dropped, tweets recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxeditor.errors import ImportFormatError
from cxeditor.formats import import_article
from cxeditor.model import Article, BlockKind, Tweet

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


@pytest.fixture(scope="module")
def blog() -> Article:
    return import_article(ARTICLES / "cx-recap-blog.html")


def all_text(article: Article) -> str:
    return "\n".join(s.source for s in article.segments())


def test_metadata(blog: Article) -> None:
    assert blog.meta.title == "#CXTweetChat Recap: Customer Journeys in 2019"
    assert blog.meta.published == "2019-11-21"
    assert blog.meta.author == "Jamie Rivera"
    assert blog.meta.source_url == "https://blog.example.com/cxtweetchat-recap-customer-journeys/"


def test_page_furniture_is_dropped(blog: Article) -> None:
    text = all_text(blog)
    for furniture in (
        "cookies",
        "Home",
        "Contact us",
        "Share on",
        "Related posts",
        "newsletter",
        "Great post",
        "Example Inc",
        "dataLayer",
        "font-family",
        "tracking pixel",
        "BlogPosting",
    ):
        assert furniture not in text


def test_blocks_in_order(blog: Article) -> None:
    kinds = [(b.kind, b.level) for b in blog.blocks]
    assert kinds[0] == (BlockKind.TITLE, 0)
    assert (BlockKind.META, 0) in kinds[:3]
    headings = [b.segments[0].source for b in blog.blocks if b.kind is BlockKind.HEADING]
    assert headings == ["Q1. What makes a journey memorable?", "Q2. Where do journeys break?"]
    quotes = [s.source for b in blog.blocks if b.kind is BlockKind.QUOTE for s in b.segments]
    assert quotes == ["The best journeys feel effortless.", "— an old saying"]
    paragraph = next(
        b
        for b in blog.blocks
        if b.kind is BlockKind.PARAGRAPH and b.segments[0].source.startswith("Last Tuesday")
    )
    assert [s.source for s in paragraph.segments] == [
        "Last Tuesday, #CXTweetChat looked at customer journeys.",
        "Dr. Lee opened with a question about 2019 & beyond.",
    ]


def test_tweets(blog: Article) -> None:
    tweets = list(blog.tweets())
    assert [t.tweet for t in tweets] == [
        Tweet(
            "Jennifer Kling",
            "JenKling1027",
            "2019-10-25",
            "https://twitter.com/JenKling1027/status/1187654321098765432",
        ),
        Tweet(
            "Vincenzo Landino",
            "vincenzolandino",
            "2019-10-25",
            "https://twitter.com/vincenzolandino/status/1187654321098765433",
        ),
        Tweet("Pat Doe", "patdoe", None, None),
    ]
    first = tweets[0].segments
    assert len(first) == 1  # a tweet is never split
    assert first[0].source == (
        "A1: Consistency across every channel.\n"
        "Surprise is nice; reliability is better. 🚀 #CXTweetChat "
        "pic.twitter.com/XyZ12AbC9d"
    )
    assert tweets[1].segments[0].source.startswith("A1: Don't forget")
    assert tweets[2].segments[0].source == "A2: At the hand-off. Thanks @SAP_CX for hosting! $CRM"


def test_sample_article() -> None:
    article = import_article(SAMPLES / "locchat-recap.html")
    assert len(list(article.tweets())) == 6
    assert article.meta.published == "2024-03-14"


def test_korean_page_in_euc_kr(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="euc-kr"><title>요약</title></head><body><article>'
        "<h1>#LocChat 요약</h1><p>지난 목요일의 #LocChat을 보셨나요?</p></article></body></html>"
    )
    path = tmp_path / "korean.html"
    path.write_bytes(page.encode("euc-kr"))
    article = import_article(path, lang="ko")
    assert article.meta.title == "#LocChat 요약"
    assert article.blocks[1].segments[0].source == "지난 목요일의 #LocChat을 보셨나요?"


def test_title_from_head_when_no_h1(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text(
        "<html><head><title>Chat recap</title></head><body><p>One. Two.</p></body></html>",
        encoding="utf-8",
    )
    article = import_article(path)
    assert article.meta.title == "Chat recap"
    assert [b.kind for b in article.blocks] == [BlockKind.TITLE, BlockKind.PARAGRAPH]


def test_script_in_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "x.html"
    path.write_text(
        "<article><h1>T</h1><p>Use &lt;script&gt;alert(1)&lt;/script&gt; never.</p></article>",
        encoding="utf-8",
    )
    article = import_article(path)
    assert article.blocks[1].segments[0].source == "Use <script>alert(1)</script> never."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><body><nav>Home</nav><script>x()</script></body></html>", "no article text"),
        (b"%PDF-1.4 fake", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"just words, no markup at all", "not an HTML page"),
    ],
)
def test_bad_html(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        import_article(path)


def test_hostile_entities_are_not_expanded(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        "<html><body><article><h1>T</h1><p>&lol2; &ext; ok</p></article></body></html>"
    )
    path = tmp_path / "bomb.html"
    path.write_text(bomb, encoding="utf-8")
    article = import_article(path)
    text = all_text(article)
    assert "root:" not in text
    assert "lollollol" not in text


def test_too_deeply_nested_page_is_refused_not_truncated(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<article><h1>T</h1>"
        + "<div>" * 5000
        + "<p>Deep text.</p>"
        + "</div>" * 5000
        + "</article>",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        import_article(path)
