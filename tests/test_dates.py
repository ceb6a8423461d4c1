"""Dates as articles write them, in English and Korean."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxeditor.text.dates import (
    _ANY_DATE,
    _may_hold_a_date,
    find_dates,
    format_korean,
    has_numeric_date,
    parse_date,
    split_published_line,
)


@pytest.mark.parametrize(
    "text",
    [
        "2019-10-25",
        "2019/10/25",
        "October 25, 2019",
        "Oct 25, 2019",
        "Oct. 25, 2019",
        "25 October 2019",
        "October 25th, 2019",
        "2019년 10월 25일",
        "2019년10월25일",
        "2019. 10. 25.",
        "2019.10.25",
        "  October 25, 2019  ",
    ],
)
def test_parse_date_formats(text: str) -> None:
    assert parse_date(text) == date(2019, 10, 25)


@pytest.mark.parametrize(
    "text",
    [
        "Feb 30, 2019",
        "2019-13-01",
        "October 2019",
        "yesterday",
        "2019년 2월 30일",
        "25/10/2019",
        "",
    ],
)
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_sept_abbreviation() -> None:
    assert parse_date("Sept 3, 2019") == date(2019, 9, 3)


def test_format_korean_has_no_zero_padding() -> None:
    assert format_korean(date(2019, 3, 4)) == "2019년 3월 4일"
    assert format_korean(date(2024, 10, 25)) == "2024년 10월 25일"


def test_find_dates_in_running_text_with_hangul_glued() -> None:
    text = (
        "게시 됨: 2024-03-14지난 목요일 — 미나 박(@minapark_cx) 2024년 3월 14일, "
        "and March 15, 2024."
    )
    found = find_dates(text)
    assert [(m.date, m.style) for m in found] == [
        (date(2024, 3, 14), "iso"),
        (date(2024, 3, 14), "korean"),
        (date(2024, 3, 15), "english"),
    ]
    for match in found:
        assert text[match.start : match.end] == match.text


def test_find_dates_ignores_versions_and_decimals() -> None:
    assert find_dates("version 1.2019.10.25 and 3.5 and ab2019-10-25") == []


@pytest.mark.parametrize(
    ("text", "line", "rest"),
    [
        ("Published: 2019-11-21", "Published: 2019-11-21", ""),
        ("Published on October 25, 2019", "Published on October 25, 2019", ""),
        (
            "게시 됨: 2024-03-14지난 목요일의 #LocChat을 보셨나요?",
            "게시 됨: 2024-03-14",
            "지난 목요일의 #LocChat을 보셨나요?",
        ),
        ("게시일: 2024년 3월 14일", "게시일: 2024년 3월 14일", ""),
        ("Posted: Nov 21, 2019 by Jamie", "Posted: Nov 21, 2019", "by Jamie"),
    ],
)
def test_published_lines(text: str, line: str, rest: str) -> None:
    found = split_published_line(text)
    assert found is not None
    assert (found.line, found.rest) == (line, rest)


@pytest.mark.parametrize(
    "text",
    [
        "Date night was fun on 2019-01-01",
        "Published works of 2019 are listed",
        "2019-11-21 Published",
    ],
)
def test_not_published_lines(text: str) -> None:
    assert split_published_line(text) is None


@pytest.mark.parametrize(
    ("name", "month"),
    [
        *[(date(2019, m, 1).strftime("%B"), m) for m in range(1, 13)],
        *[(date(2019, m, 1).strftime("%b"), m) for m in range(1, 13)],
        ("Sept", 9),
        ("SEPT.", 9),
    ],
)
def test_every_month_name_full_and_short_both_orders(name: str, month: int) -> None:
    # The month names form a prefix trie in the pattern; each must still be taken
    # whole (June, not Jun + "e").
    expected = date(2019, month, 5)
    (first,) = find_dates(f"On {name} 5, 2019 we met.")
    assert (first.date, first.text, first.style) == (expected, f"{name} 5, 2019", "english")
    (second,) = find_dates(f"On 5 {name} 2019 we met.")
    assert (second.date, second.style) == (expected, "english-dmy")


def test_month_like_words_are_not_months() -> None:
    assert find_dates("Mayday 5, 2019 and Marching 6, 2019") == []


@pytest.mark.parametrize(
    "text", ["10월 24일, 2019", "10월 24, 2019", "10 월 24 일 , 2019", "10월 24일 2019년"]
)
def test_korean_month_and_day_in_english_order(text: str) -> None:
    (found,) = find_dates(f"지난 목요일인 {text}에 만났습니다")
    assert (found.date, found.text, found.style) == (date(2019, 10, 24), text, "korean-mdy")


def test_a_count_after_a_korean_date_is_not_its_year() -> None:
    assert find_dates("10월 24일 2019명이 참석했습니다") == []
    assert [d.style for d in find_dates("2019년 10월 24일, 300명")] == ["korean"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/7/2019 설문 조사", date(2019, 11, 7)),
        ("on 1/31/2020.", date(2020, 1, 31)),
        ("12/12/2019에", date(2019, 12, 12)),
    ],
)
def test_us_numeric_dates(text: str, expected: date) -> None:
    [found] = find_dates(text)
    assert (found.date, found.style) == (expected, "us-numeric")


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/posts/11/7/2019/recap",  # a path, not a date
        "1/2/3/2019",
        "13/7/2019",  # day first: not read as a US date
        "2/30/2019",
        "11/7/20191",
    ],
)
def test_not_us_numeric_dates(text: str) -> None:
    assert [d for d in find_dates(text) if d.style == "us-numeric"] == []


_DATE_ALPHABET = st.sampled_from(
    ["1", "2", "0", "9", "12", "2019", "/", "-", ".", " ", "년", "월", "일", ",", "Oct", "May", "a"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_DATE_ALPHABET, max_size=12).map("".join))
def test_the_quick_scans_never_skip_a_date(text: str) -> None:
    """The prefilters only save time: whatever the full pattern finds, they let through."""
    if list(_ANY_DATE.finditer(text)):
        assert _may_hold_a_date(text)
    if any(match.style == "us-numeric" for match in find_dates(text)):
        assert has_numeric_date(text)
