"""Sentence splitting of narrative paragraphs, English and Korean."""

from __future__ import annotations

import pytest

from cxeditor.text.sentences import count_words, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Did you catch last Thursday's #LocChat? If not, here is what you missed.",
            ["Did you catch last Thursday's #LocChat?", "If not, here is what you missed."],
        ),
        (
            "Meet Dr. Smith at 3 p.m. tomorrow. It was fun.",
            ["Meet Dr. Smith at 3 p.m. tomorrow.", "It was fun."],
        ),
        (
            "J. K. Rowling wrote it, e.g. this one. Pi is 3.14 exactly.",
            ["J. K. Rowling wrote it, e.g. this one.", "Pi is 3.14 exactly."],
        ),
        ("Visit t.co/abc. Then @bob said hi!", ["Visit t.co/abc.", "Then @bob said hi!"]),
        ('He said "Great chat!" Then left.', ['He said "Great chat!"', "Then left."]),
        ("Q3. What did you learn? A3: Lots.", ["Q3. What did you learn?", "A3: Lots."]),
        (
            "No exceptions, even at 2 a.m. #CX matters more than speed.",
            ["No exceptions, even at 2 a.m.", "#CX matters more than speed."],
        ),
        (
            "Next up: 5/22 at 1 p.m. ET with @IKEA. See you at 9 a.m. Then lunch.",
            ["Next up: 5/22 at 1 p.m. ET with @IKEA.", "See you at 9 a.m.", "Then lunch."],
        ),
        ("One sentence without an end", ["One sentence without an end"]),
        ("", []),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "지난 목요일의 #LocChat을 보셨나요? 그렇지 않다면 놓친 내용은 다음과 같습니다.",
            ["지난 목요일의 #LocChat을 보셨나요?", "그렇지 않다면 놓친 내용은 다음과 같습니다."],
        ),
        (
            "답변은 솔직했고 몇 가지는 놀라웠습니다 . 다음 문장입니다!",
            ["답변은 솔직했고 몇 가지는 놀라웠습니다 .", "다음 문장입니다!"],
        ),
        (
            "새벽 2 a.m. 에도 3.5배 늘었습니다. 좋아요。정말요？ 네",
            ["새벽 2 a.m. 에도 3.5배 늘었습니다.", "좋아요。", "정말요？", "네"],
        ),
    ],
)
def test_korean(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "ko") == expected


def test_joining_restores_the_paragraph() -> None:
    text = (
        "We asked localization leads how they adapt social posts for new markets ahead of "
        "#WorldCXDay2024. The answers were candid, and a few of them were surprising."
    )
    assert " ".join(split_sentences(text)) == text


def test_count_words() -> None:
    assert count_words("Did you catch #LocChat?") == 4
    assert count_words("놓친 내용은 다음과 같습니다.") == 4
    assert count_words("   ") == 0
