"""Token protection survives what engines do to placeholders and tokens."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxeditor.mt.protect import mask, restore

SOURCE = (
    "A1: Trust is built in small moments. Thanks @ExampleCorp! 80% agree. "
    "📚 #LocChat https://t.co/Ab12Cd34Ef"
)
TOKENS = ["A1:", "@ExampleCorp", "80%", "📚", "#LocChat", "https://t.co/Ab12Cd34Ef"]


def masked_korean() -> tuple[str, object]:
    masked = mask(SOURCE)
    text = masked.text.replace("Trust is built in small moments.", "신뢰는 작은 순간에 쌓입니다.")
    text = text.replace("Thanks", "감사합니다").replace("agree.", "동의합니다.")
    return text, masked


def test_mask_replaces_every_token() -> None:
    masked = mask(SOURCE)
    assert [t.text for t in masked.tokens] == TOKENS
    assert "#" not in masked.text
    assert "@" not in masked.text
    assert "http" not in masked.text
    assert masked.tokens[0].at_start
    assert all(t.at_end for t in masked.tokens[3:])


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t.translate(str.maketrans("[]T0123456789", "［］Ｔ０１２３４５６７８９")),
        lambda t: re.sub(r"\[T(\d+)\]", r"[ t \1 ]", t),
        lambda t: re.sub(r"\[T(\d+)\]", r"[토큰\1]", t),
        lambda t: re.sub(r"\[T(\d+)\]", r"【T\1】", t),
        lambda t: " ".join(reversed(re.findall(r"\[T\d+\]", t))) + " " + re.sub(r"\[T\d+\]", "", t),
    ],
)
def test_mangled_placeholders_restore_byte_exact(damage) -> None:  # type: ignore[no-untyped-def]
    text, masked = masked_korean()
    restored = restore(damage(text), masked)  # type: ignore[arg-type]
    for token in TOKENS:
        assert restored.text.count(token) == 1, (token, restored.text)
    assert restored.problems == []


def test_dropped_placeholder_is_put_back_and_reported() -> None:
    text, masked = masked_korean()
    restored = restore(text.replace("[T5]", ""), masked)  # type: ignore[arg-type]
    assert restored.text.endswith("#LocChat")
    assert [(p.token, p.what) for p in restored.problems] == [("#LocChat", "dropped")]


def test_dropped_label_goes_back_to_the_start() -> None:
    text, masked = masked_korean()
    restored = restore(text.replace("[T1]", ""), masked)  # type: ignore[arg-type]
    assert restored.text.startswith("A1: 신뢰는")


def test_duplicated_placeholder_is_removed_and_reported() -> None:
    text, masked = masked_korean()
    restored = restore(text.replace("[T2]", "[T2] [T2]"), masked)  # type: ignore[arg-type]
    assert restored.text.count("@ExampleCorp") == 1
    assert ("@ExampleCorp", "duplicated") in [(p.token, p.what) for p in restored.problems]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("#CXT위챗", "#CXTweetChat"),
        ("CXTweetChat", "#CXTweetChat"),
        ("#cxtweetchat", "#CXTweetChat"),
    ],
)
def test_raw_tokens_garbled_by_the_engine_are_repaired(raw: str, fixed: str) -> None:
    masked = mask("Join #CXTweetChat today")
    restored = restore(f"오늘 {raw}에 참여하세요", masked)
    assert f"{fixed}에 참여하세요" in restored.text  # the particle glued on stays
    assert restored.text.count("CXTweetChat") == 1


def test_url_with_inserted_space_is_repaired() -> None:
    masked = mask("See https://t.co/Ab12Cd34Ef now")
    restored = restore("지금 https://t.co/ Ab12Cd34Ef 보세요", masked)
    assert restored.text == "지금 https://t.co/Ab12Cd34Ef 보세요"


def test_do_not_translate_terms() -> None:
    masked = mask("We love ExampleCorp Cloud and CX.", terms=["ExampleCorp Cloud"])
    assert "ExampleCorp Cloud" not in masked.text
    assert (
        restore(masked.text.replace("We love", "우리는 좋아합니다"), masked).text.count(
            "ExampleCorp Cloud"
        )
        == 1
    )


@settings(max_examples=200, deadline=None)
@given(
    order=st.permutations(range(6)),
    drop=st.sets(st.integers(1, 6), max_size=3),
    width=st.booleans(),
    spaced=st.booleans(),
)
def test_no_token_is_ever_lost_silently(
    order: list[int], drop: set[int], width: bool, spaced: bool
) -> None:
    masked = mask(SOURCE)
    placeholders = [f"[T{n}]" for n in range(1, 7)]
    kept = [placeholders[i] for i in order if i + 1 not in drop]
    text = "번역된 문장입니다 " + " ".join(kept)
    if width:
        text = text.translate(str.maketrans("[]T0123456789", "［］Ｔ０１２３４５６７８９"))
    if spaced:
        text = re.sub(r"([［\[])", r"\1 ", text)
    restored = restore(text, masked)
    reported = {p.token for p in restored.problems}
    for token in TOKENS:
        assert token in restored.text or token in reported
        assert restored.text.count(token) >= 1  # put back even when reported
