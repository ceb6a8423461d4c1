"""The shortcuts that make entity extraction fast find exactly what a full scan finds.

`_hashtag_matches` tries the hashtag pattern only at # signs and `_url_matches` only
on dotted runs; both must agree with the plain `finditer` over the whole text, on
texts built from the characters where the two could differ.
"""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cxeditor.text import entities

_INVALID_HASHTAG_END = regex.compile(r"[#\uff03]|://")  # twitter-text's Regex.java

_PIECES = st.sampled_from(
    [
        "#",
        "\uff03",
        "&",
        " ",
        "\n",
        "a",
        "Z",
        "1",
        "_",
        "한",
        "\ufe0f",
        "\ufe0e",
        ".",
        "co",
        "com",
        "t.co/",
        "https://",
        "/",
        "-",
        "@",
        "://",
        "kr",
        "x.com",
        "RT",
        ":",
        "\uff20",
        "+",
        "ab/c",
        # other scripts, marks, numerals and signs where the stdlib pattern for ASCII
        # and Hangul hashtags must leave the decision to the full one
        "é",
        "\u0301",
        "²",
        "\u00b7",
        "“",
        "\u212a",
        "\u20e3",
        "가",
        "ㄱ",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=24).map("".join)


def _spans(matches: list) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(m.start(), m.end(), m.group()) for m in matches]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_hashtags_at_signs_match_a_full_scan(text: str) -> None:
    full = list(entities._HASHTAG.finditer(text))
    assert _spans(entities._hashtag_matches(text)) == _spans(full)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_urls_on_dotted_runs_match_a_full_scan(text: str) -> None:
    full = list(entities._URL.finditer(text))
    assert _spans(entities._url_matches(text)) == _spans(full)


def test_korean_sentence_with_particles() -> None:
    text = "#CXTweetChat에서 ＃LocChat을 보세요 https://t.co/Ab12Cd34Ef 와 x.com/sap"
    tags = [e.text for e in entities.extract(text) if e.kind == "hashtag"]
    urls = [e.text for e in entities.extract(text) if e.kind == "url"]
    assert tags == ["#CXTweetChat에서", "＃LocChat을"]
    assert urls == ["https://t.co/Ab12Cd34Ef", "x.com/sap"]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_mentions_from_the_first_at_sign_match_a_full_scan(text: str) -> None:
    full = [
        (m.start(3) - 1, m.group(3), m.group(4))
        for m in entities._MENTION_OR_LIST.finditer(text)
        if not entities._INVALID_MENTION_END.match(text, m.end())
    ]
    found = [
        (e.start, e.text[1 : len(e.text) - len(e.list_slug or "")], e.list_slug)
        for e in entities.extract_mentions_or_lists_with_indices(text)
    ]
    assert found == full


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(min_value=0, max_value=30))
def test_invalid_hashtag_end_matches_its_pattern(text: str, end: int) -> None:
    expected = _INVALID_HASHTAG_END.match(text, end) is not None
    assert entities._invalid_hashtag_end(text, end) == (expected and end <= len(text))


def _split_by_longest_known(value: str, known: frozenset[str]) -> tuple[str, str] | None:
    """The plain reading of split_particle's rule: try the known tokens longest first."""
    for token in sorted(known, key=len, reverse=True):
        if token and value.lower().startswith(token.lower()) and len(token) < len(value):
            tail = value[len(token) :]
            if tail in entities.PARTICLES:
                return value[: len(token)], tail
    return None


_TAG_PIECES = st.sampled_from(["CX", "Loc", "Chat", "chat", "데이", "에", "에서", "는", "을", "1"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_TAG_PIECES, min_size=1, max_size=6).map("".join),
    st.frozensets(st.lists(_TAG_PIECES, min_size=1, max_size=4).map("".join), max_size=5),
)
def test_particle_split_by_suffix_finds_the_longest_known_token(
    value: str, known: frozenset[str]
) -> None:
    expected = _split_by_longest_known(value, known)
    found = entities.split_particle(value, known)
    if expected is not None:
        assert found == expected
    else:
        assert found == entities.split_particle(value)  # falls back to the Latin-then-Hangul rule


def test_emoji_ranges_hold_every_emoji_hint_character() -> None:
    """The stdlib prefilter may only skip texts the exact hint pattern would skip too."""
    missed = [
        hex(code_point)
        for code_point in range(0x110000)
        if entities._EMOJI_HINT.match(chr(code_point))
        and not entities._EMOJI_RANGES.match(chr(code_point))
    ]
    assert missed == []
