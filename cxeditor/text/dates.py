"""Dates as articles write them: ISO, English, Korean, dotted; found, parsed, formatted.

Tweets and "Published:" lines carry dates in English order (`October 25, 2019`);
the Korean article must write them the Korean way (`2019년 10월 25일`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from cxeditor.text.trie import trie_alternation

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


# The month names as a trie: the date scan tries them at every word of English prose.
_MONTH = r"(?P<month>" + trie_alternation(_MONTHS) + r")\.?"

# Each style: a pattern with named groups year/month/day. Digits are ASCII only: a date
# is data, and \d would also accept other scripts' digits.
_STYLES: tuple[tuple[str, str], ...] = (
    ("iso", r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d:T])"),
    ("slashed", r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})(?!\d)"),
    ("korean", r"(?P<year>\d{4})\s*년\s*(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일"),
    ("dotted", r"(?P<year>\d{4})\.\s*(?P<month>\d{1,2})\.\s*(?P<day>\d{1,2})\.?(?!\d)"),
    # Korean month and day in English order, the year last: "10월 24일, 2019" (the
    # year needs a comma before it or 년 after it: "10월 24일 2019명" is a count).
    (
        "korean-mdy",
        r"(?P<month>\d{1,2})\s*월\s*(?P<day>\d{1,2})\s*일?(?:\s*,\s*|\s+(?=\d{4}\s*년))"
        r"(?P<year>\d{4})(?!\d)(?:\s*년)?",
    ),
    # US numeric order, the way American posts write a date: "11/7/2019" (November 7).
    ("us-numeric", r"(?<!/)(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    ("english", _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"),
    (
        "english-dmy",
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)",
    ),
)


def _group_name(style: str) -> str:
    return style.replace("-", "_")


def _prefixed(style: str, pattern: str) -> str:
    """The pattern with its group names prefixed by the style, so all can share one regex."""
    return pattern.replace("?P<", f"?P<{_group_name(style)}_")


# One alternation, so a text is scanned once.
# Every style starts with a digit or a month name: the leading lookahead rejects other
# positions before the lookbehind and the alternation are tried (twice as fast).
_ANY_DATE = re.compile(
    r"(?=[0-9A-Za-z])(?<![\w.])(?:"
    + "|".join(f"(?P<{_group_name(name)}>{_prefixed(name, pattern)})" for name, pattern in _STYLES)
    + ")",
    re.IGNORECASE | re.ASCII,
)
_STYLE_BY_GROUP = {_group_name(name): name for name, _pattern in _STYLES}
_PARTS_BY_GROUP = {
    group: (f"{group}_year", f"{group}_month", f"{group}_day") for group in _STYLE_BY_GROUP
}


# What every date has besides its year: a separator right after the year (ISO, slashed,
# dotted, Korean), slashes before it (US numeric), an English month name, or a Korean
# month. Testing for these first skips the full pattern on the many texts that only
# hold numbers. (All are case-sensitive on purpose: re's IGNORECASE makes such a scan
# several times slower.)
_YEAR_THEN_SEPARATOR = re.compile(r"[0-9]{4}\s*[-/.년]")
_MONTH_PREFIX = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_KOREAN_MONTH = re.compile(r"[0-9]\s*월")  # korean-mdy: "10월 24일, 2019"


# Starting at the slash: the engine then jumps from slash to slash (ten times faster
# than a pattern starting at a digit, on text with many numbers).
_NUMERIC_DATE = re.compile(r"/[0-9]{1,2}/[0-9]{4}")


def has_numeric_date(text: str) -> bool:
    """Whether `text` may hold a us-numeric date ("11/7/2019"), in one quick scan."""
    return "/" in text and _NUMERIC_DATE.search(text) is not None


def _may_hold_a_date(text: str) -> bool:
    return (
        _YEAR_THEN_SEPARATOR.search(text) is not None
        or _MONTH_PREFIX.search(text.lower()) is not None
        or ("월" in text and _KOREAN_MONTH.search(text) is not None)
        or has_numeric_date(text)
    )


class DateMatch(NamedTuple):
    """(A named tuple: QA finds dates in every segment, and a frozen dataclass is
    three times slower to build.)"""

    date: date
    start: int
    end: int
    text: str
    style: str  # iso, slashed, korean, korean-mdy, dotted, us-numeric, english, english-dmy


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _MONTHS[text.lower().rstrip(".")]


def _to_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), _month_number(month), int(day))
    except (ValueError, KeyError):
        return None


def _match_to_date(match: re.Match[str]) -> DateMatch | None:
    # The style's group encloses the others, so it is the last to close: lastgroup.
    group = match.lastgroup
    assert group is not None
    year, month, day = match.group(*_PARTS_BY_GROUP[group])
    parsed = _to_date(year, month, day)
    if parsed is None:
        return None
    return DateMatch(parsed, match.start(), match.end(), match.group(), _STYLE_BY_GROUP[group])


def find_dates(text: str) -> list[DateMatch]:
    """Every valid date in running text, in order. Hangul may follow directly
    (`2024-03-14지난 목요일`: a Published line glued to the next sentence)."""
    if not _may_hold_a_date(text):
        return []
    found = []
    for match in _ANY_DATE.finditer(text):
        result = _match_to_date(match)
        if result is not None:
            found.append(result)
    return found


def parse_date(text: str) -> date | None:
    """The date that is the whole of `text` (surrounding spaces allowed), else None."""
    stripped = text.strip()
    match = _ANY_DATE.fullmatch(stripped)
    if match is None:
        return None
    result = _match_to_date(match)
    return result.date if result else None


def format_korean(value: date) -> str:
    """`2019년 10월 25일`: the way Korean publications write a date."""
    return f"{value.year}년 {value.month}월 {value.day}일"


def format_iso(value: date) -> str:
    return value.isoformat()


# "Published: 2019-11-21", "Posted on October 25, 2019", "게시 됨: 2024-03-14", …
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?P<label>(?:published|posted|updated|date|written)(?:\s+on)?"
    r"|게시\s*됨|게시일|게시|발행일|발행|작성일|등록일|날짜)\s*[:：]?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PublishedLine:
    date: date
    line: str  # the label and date as written, e.g. "게시 됨: 2024-03-14"
    rest: str  # text glued after the date (stripped), often the first paragraph


def split_published_line(text: str) -> PublishedLine | None:
    """Recognise a "Published: DATE" label at the start of a paragraph, even when the
    next sentence is glued to it (`게시 됨: 2024-03-14지난 목요일의 …`)."""
    label = _PUBLISHED_LABEL.match(text)
    if label is None:
        return None
    dates = find_dates(text)
    if not dates or dates[0].start != label.end():
        return None
    first = dates[0]
    return PublishedLine(
        first.date, text[label.start("label") : first.end].strip(), text[first.end :].strip()
    )
