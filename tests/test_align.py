"""Aligning a Korean version onto its English source: anchors, order, nothing dropped."""

from __future__ import annotations

from pathlib import Path

from cxeditor.formats import import_article
from cxeditor.formats.align import align_translation, review_article
from cxeditor.model import Article, Block, BlockKind, OriginKind, Segment, Status, Tweet
from cxeditor.text.sentences import split_sentences

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def korean_sentences(path: Path) -> list[str]:
    article = import_article(path, lang="ko")
    return [s.source for s in article.segments()]


def all_targets(article: Article) -> str:
    return "\n".join(s.target for s in article.segments())


def test_sample_aligns_tweets_by_handle_and_keeps_everything() -> None:
    english = import_article(SAMPLES / "locchat-recap.en.txt")
    korean = import_article(SAMPLES / "locchat-recap.ko-mt.txt", lang="ko")
    result = align_translation(english, korean, origin_name="ko-mt.txt")
    assert result.report == []
    targets = {b.tweet.handle: b.segments[0].target for b in result.article.tweets() if b.tweet}
    assert targets["dosei_loc"].startswith("A2: MT는 80%까지")
    assert targets["sofiareyes"].startswith("답3:")
    assert targets["ExampleCorp"].startswith("오늘 좋은 채팅이었습니다")
    # The source's attribution data stays; the Korean transliteration does not replace it.
    first = next(result.article.tweets())
    assert first.tweet == Tweet("Mina Park", "minapark_cx", "2024-03-14")
    text = all_targets(result.article)
    for sentence in korean_sentences(SAMPLES / "locchat-recap.ko-mt.txt"):
        assert sentence in text
    for segment in result.article.segments():
        assert segment.status is Status.DRAFT
        assert segment.origin.kind is OriginKind.IMPORT
        assert segment.origin.engine == "ko-mt.txt"


def test_extra_korean_paragraph_is_kept_and_reported() -> None:
    english = import_article(ARTICLES / "cx-recap-blog.html")
    korean = import_article(ARTICLES / "cx-recap.ko.txt", lang="ko")
    result = align_translation(english, korean)
    extra = [b for b in result.article.blocks if b.segments and not b.segments[0].source]
    assert len(extra) == 1
    assert extra[0].segments[0].target.startswith("이 문단은 영어 원문에는 없는")
    assert extra[0].segments[0].comments
    assert any("no English counterpart" in line for line in result.report)
    assert any("@patdoe" in line for line in result.report)  # English tweet, no Korean
    # The extra paragraph sits where it was: after "Several guests agreed".
    index = result.article.blocks.index(extra[0])
    assert result.article.blocks[index - 1].segments[0].source.startswith("Several guests")
    text = all_targets(result.article)
    for sentence in korean_sentences(ARTICLES / "cx-recap.ko.txt"):
        assert sentence in text


def tweet(handle: str, text: str) -> Block:
    return Block(BlockKind.TWEET, [Segment(text)], tweet=Tweet(handle.title(), handle))


def paragraph(text: str, lang: str = "en") -> Block:
    return Block(BlockKind.PARAGRAPH, [Segment(s) for s in split_sentences(text, lang)])


def test_reordered_and_missing_tweets() -> None:
    english = Article(
        blocks=[
            paragraph("Intro sentence here."),
            tweet("ann", "A1: first"),
            tweet("bob", "A2: second"),
            tweet("cat", "A3: third"),
            paragraph("Closing words."),
        ]
    )
    korean = Article(
        blocks=[
            paragraph("소개 문장입니다.", "ko"),
            tweet("bob", "A2: 두 번째"),
            tweet("ann", "A1: 첫 번째"),
            tweet("dan", "A9: 원문에 없음"),
            paragraph("마무리 말.", "ko"),
        ]
    )
    result = align_translation(english, korean)
    targets = {
        b.tweet.handle: b.segments[0].target
        for b in result.article.blocks
        if b.tweet and b.segments[0].source
    }
    assert targets == {"ann": "A1: 첫 번째", "bob": "A2: 두 번째", "cat": ""}
    extra = [b for b in result.article.blocks if b.tweet and not b.segments[0].source]
    assert [b.segments[0].target for b in extra] == ["A9: 원문에 없음"]
    assert any("@cat" in line for line in result.report)
    assert any("@dan" in line for line in result.report)
    assert result.article.blocks[-1].segments[0].target == "마무리 말."
    assert result.article.blocks[0].segments[0].target == "소개 문장입니다."


def test_sentence_counts_differ() -> None:
    english = Article(
        blocks=[
            paragraph(
                "The chat was lively. Many people joined from Seoul and Busan. Thanks to all."
            )
        ]
    )
    korean = Article(
        blocks=[
            paragraph(
                "채팅은 활기찼고 서울과 부산에서 많은 사람들이 참여했습니다. "
                "모두에게 감사드립니다.",
                "ko",
            )
        ]
    )
    result = align_translation(english, korean)
    segments = result.article.blocks[0].segments
    assert "모두에게 감사드립니다." in [s.target for s in segments]
    assert "".join(s.target for s in segments).count("채팅은 활기찼고") == 1
    assert " ".join(s.source for s in segments) == (
        "The chat was lively. Many people joined from Seoul and Busan. Thanks to all."
    )


def test_review_article_has_only_korean() -> None:
    korean = import_article(SAMPLES / "locchat-recap.ko-mt.txt", lang="ko")
    review = review_article(korean, origin_name="ko.txt")
    assert review.meta.title.startswith("#LocChat 요약")
    assert all(s.source == "" and s.target for s in review.segments())
    assert all(s.status is Status.DRAFT for s in review.segments())
    assert [b.tweet.name for b in review.tweets() if b.tweet][:2] == ["미나 박", "Daniel Osei"]


def test_large_alignment_is_linear_enough() -> None:
    english = Article(blocks=[tweet(f"user{i}", f"A{i}: text {i}") for i in range(3000)])
    korean = Article(blocks=[tweet(f"user{i}", f"A{i}: 글 {i}") for i in range(3000)])
    result = align_translation(english, korean)
    assert result.report == []
    assert result.article.blocks[-1].segments[0].target == "A2999: 글 2999"
