"""Entities beyond Twitter's suite: emoji, the Korean article view, and the contract."""

from __future__ import annotations

import pytest

from cxeditor.text.entities import (
    Entity,
    extract,
    extract_emoji,
    extract_for_article,
    split_particle,
)


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in extract(text)]


def test_contract_fields_and_python_indices() -> None:
    text = "📚 놓치지 마세요 #LocChat https://t.co/Ab12Cd34Ef @ExampleCorp $TWTR"
    found = extract(text)
    assert [(e.kind, e.text) for e in found] == [
        ("emoji", "📚"),
        ("hashtag", "#LocChat"),
        ("url", "https://t.co/Ab12Cd34Ef"),
        ("mention", "@ExampleCorp"),
        ("cashtag", "$TWTR"),
    ]
    for entity in found:
        assert text[entity.start : entity.end] == entity.text
    assert [e.value for e in found] == [
        "📚",
        "LocChat",
        "https://t.co/Ab12Cd34Ef",
        "ExampleCorp",
        "TWTR",
    ]


def test_twitter_view_keeps_the_particle_in_the_hashtag() -> None:
    assert kinds_and_texts("지난 #CXTweetChat에서 만나요") == [("hashtag", "#CXTweetChat에서")]


@pytest.mark.parametrize(
    ("text", "token", "particle"),
    [
        ("지난 #CXTweetChat에서 만나요", "#CXTweetChat", "에서"),
        ("#CX는 속도보다 중요합니다", "#CX", "는"),
        ("#LocChat을 보셨나요?", "#LocChat", "을"),
        ("@SAP_CX를 팔로우하세요", "@SAP_CX", "를"),
        ("#WorldCXDay2024를 앞두고", "#WorldCXDay2024", "를"),
    ],
)
def test_article_view_splits_a_glued_particle(text: str, token: str, particle: str) -> None:
    first = extract_for_article(text)[0]
    assert (first.text, first.particle) == (token, particle)
    assert text[first.start : first.end] == token
    assert text[first.end : first.end + len(particle)] == particle


@pytest.mark.parametrize(
    "text",
    ["#Loc채팅 https://t.co/x", "#월드CX데이2024", "#감동", "#LocChat 요약", "@minapark_cx 님"],
)
def test_article_view_leaves_real_tokens_whole(text: str) -> None:
    twitter = extract(text)[0]
    article = extract_for_article(text)[0]
    assert article.text == twitter.text
    assert article.particle == ""


def test_known_tokens_guide_the_split() -> None:
    assert split_particle("CXTweetChat에서") == ("CXTweetChat", "에서")
    # Without evidence, a Latin+Hangul tail that is not a particle stays whole ...
    assert split_particle("CX데이에서") == ("CX데이에서", "")
    # ... but a known token followed by a particle is split at the known token.
    assert split_particle("CX데이에서", known=["CX데이"]) == ("CX데이", "에서")
    assert split_particle("locchat을", known=["LocChat"]) == ("locchat", "을")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("👩🏽‍💻 코딩 중", ["👩🏽‍💻"]),
        ("대한민국 🇰🇷!", ["🇰🇷"]),
        ("1️⃣ 첫째", ["1️⃣"]),
        ("사랑 ❤️ 해요", ["❤️"]),
        ("📚📚", ["📚", "📚"]),
        ("© 2019 ❤ text-style heart, ™", []),
        ("2019년 10월 25일 #1 번", []),
    ],
)
def test_emoji(text: str, expected: list[str]) -> None:
    assert [e.text for e in extract_emoji(text)] == expected


def test_url_inside_korean_text_and_broken_url() -> None:
    assert kinds_and_texts("링크: https://t.co/Ab12Cd34Ef입니다") == [
        ("url", "https://t.co/Ab12Cd34Ef")
    ]
    # An MT-inserted space breaks the URL: Twitter sees only the host part.
    assert kinds_and_texts("https://t.co/ Ab12Cd34Ef") == [("url", "https://t.co/")]


def test_hashtag_inside_url_is_not_a_hashtag() -> None:
    assert kinds_and_texts("see https://example.com/page#section now") == [
        ("url", "https://example.com/page#section")
    ]


def test_empty_and_plain_text() -> None:
    assert extract("") == []
    assert extract("평범한 문장입니다. Nothing here.") == []


def test_entity_is_immutable_value_object() -> None:
    entity = Entity("hashtag", "#LocChat", 0, 8)
    with pytest.raises(AttributeError):
        entity.text = "#x"  # type: ignore[misc]
    assert entity == Entity("hashtag", "#LocChat", 0, 8)


def test_case_folding_is_ascii_only_as_in_java() -> None:
    # twitter-text compiles with CASE_INSENSITIVE alone, which folds ASCII only: the
    # Kelvin sign (U+212A) and the long s (U+017F) are not the letters k and s.
    assert kinds_and_texts("@ExampleCorp @\u212aelvin $\u017fap") == [("mention", "@ExampleCorp")]
    assert kinds_and_texts("@EXAMPLECORP $SAP HTTPS://T.CO/Ab12") == [
        ("mention", "@EXAMPLECORP"),
        ("cashtag", "$SAP"),
        ("url", "HTTPS://T.CO/Ab12"),
    ]


def test_extracted_entities_are_whole_entities() -> None:
    # Extraction builds entities without the named tuple's __new__; they must still
    # carry every field with its default.
    (entity,) = extract("see #LocChat")
    assert isinstance(entity, Entity)
    assert entity == Entity("hashtag", "#LocChat", 4, 12)
    assert (entity.list_slug, entity.particle, entity.value) == (None, "", "LocChat")
