"""Python indices and Qt's UTF-16 positions (cxeditor.text.utf16), without Qt."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxeditor.text.utf16 import Utf16Map, utf16_length

TRUCK = "🚚"  # beyond the BMP: two UTF-16 units
CODER = "👩\u200d💻"  # a ZWJ sequence: three code points, five units
FLAG = "🇰🇷"  # two regional indicators, four units
HEART = "❤\ufe0f"  # BMP heart + variation selector 16: two units
JAMO = "\u1112\u1161\u11ab"  # 한 as conjoining jamo: three BMP code points


def units_before(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


@pytest.mark.parametrize(
    ("text", "units"),
    [("abc", 3), (TRUCK, 2), (CODER, 5), (FLAG, 4), (HEART, 2), (JAMO, 3), ("", 0)],
)
def test_length_counts_code_units(text: str, units: int) -> None:
    assert utf16_length(text) == units
    assert Utf16Map(text).length == units


def test_a_hashtag_after_an_emoji_moves_by_one_unit_per_astral_character() -> None:
    text = f"Trucks {TRUCK} on #CXTweetChat {FLAG} {CODER} #LocChat"
    units = Utf16Map(text)
    hashtag = text.index("#CXTweetChat")
    assert units.span_to_utf16(hashtag, hashtag + 12) == (hashtag + 1, 12)
    second = text.index("#LocChat")
    # one for the truck, two for the flag, two for the two astral code points around the ZWJ
    assert units.to_utf16(second) == second + 1 + 2 + 2
    assert units.to_python(units.to_utf16(second)) == second


def test_a_position_inside_a_surrogate_pair_maps_to_its_character() -> None:
    units = Utf16Map(f"a{TRUCK}b")
    assert [units.to_python(p) for p in range(5)] == [0, 1, 1, 2, 3]


def test_char_spans_never_split_a_pair() -> None:
    text = f"{JAMO}{HEART}{TRUCK}x"
    assert Utf16Map(text).char_spans() == [(0, 1), (1, 1), (2, 1), (3, 1), (4, 1), (5, 2), (7, 1)]


def test_out_of_range_is_clamped() -> None:
    units = Utf16Map(TRUCK)
    assert units.to_utf16(-3) == 0
    assert units.to_utf16(9) == 2
    assert units.to_python(9) == 1


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))), st.data())
def test_round_trip_agrees_with_utf16_encoding(text: str, data: st.DataObject) -> None:
    units = Utf16Map(text)
    index = data.draw(st.integers(0, len(text)))
    assert units.to_utf16(index) == units_before(text, index)
    assert units.to_python(units.to_utf16(index)) == index
