"""How kept Latin tokens are read, and which particle fits them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxeditor.text import korean
from cxeditor.text.korean import (
    LATIN_TOKEN_WITH_PARTICLE,
    Final,
    choose_particle,
    final_sound,
    find_particle_spacing_errors,
    has_hangul,
)


@pytest.mark.parametrize(
    ("word", "final"),
    [
        ("Google", Final.RIEUL),
        ("Twitter", Final.VOWEL),
        ("LinkedIn", Final.CONSONANT),
        ("CX", Final.VOWEL),
        ("URL", Final.RIEUL),
        ("SAP_CX", Final.VOWEL),
        ("#LocChat", Final.CONSONANT),
        ("2019", Final.VOWEL),
        ("2020", Final.CONSONANT),
        ("100", Final.CONSONANT),
        ("7", Final.RIEUL),
        ("구글", Final.RIEUL),
        ("트위터", Final.VOWEL),
    ],
)
def test_final_sound(word: str, final: Final) -> None:
    assert final_sound(word) is final


@pytest.mark.parametrize(
    ("word", "given", "right"),
    [
        ("Google", "를", "을"),
        ("CX", "은", "는"),
        ("Twitter", "을", "를"),
        ("LinkedIn", "로", "으로"),
        ("Google", "으로", "로"),
        ("2019", "이", "가"),
        ("2019년", "에", "에"),
        ("DeepL", "와", "과"),
    ],
)
def test_choose_particle(word: str, given: str, right: str) -> None:
    assert choose_particle(word, given) == right


def test_particles_found_after_tokens_and_spacing_errors() -> None:
    found = [
        m.group("token", "particle")
        for m in LATIN_TOKEN_WITH_PARTICLE.finditer("Google를 쓰고 CX은 중요. #LocChat을 봐요")
    ]
    assert found == [("Google", "를"), ("CX", "은"), ("#LocChat", "을")]
    spans = find_particle_spacing_errors("Twitter 를 통해, Twitter 이벤트")
    assert [(s.start, s.end) for s in spans] == [(7, 8)]


def test_has_hangul() -> None:
    assert has_hangul("#Loc채팅")
    assert not has_hangul("#LocChat 2019")


# The scans for particles start only where a run of letters and digits starts; on any
# text they must find what the same patterns without that shortcut find.
_PIECES = st.sampled_from(
    [
        "a",
        "Z",
        "1",
        "_",
        ".",
        "-",
        "#",
        "@",
        "$",
        " ",
        "를",
        "을",
        "는",
        "은",
        "에",
        "에서",
        "로",
        "으로",
        "가",
        "이",
        "의",
        "한",
        "!",
        "/",
        "://",
        "co",
    ]
)


def _without_lookbehinds(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(pattern.pattern.replace("(?<![A-Za-z0-9])", ""))


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_particle_scans_match_the_plain_patterns(text: str) -> None:
    for pattern in (korean.LATIN_TOKEN_WITH_PARTICLE, korean._SPACED_PARTICLE):
        plain = _without_lookbehinds(pattern)
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=20).map("".join))
def test_particle_prefilters_never_skip_a_match(text: str) -> None:
    assert [m.span() for m in korean.find_token_particles(text)] == [
        m.span() for m in korean.LATIN_TOKEN_WITH_PARTICLE.finditer(text)
    ]
    assert [(s.start, s.end) for s in korean.find_particle_spacing_errors(text)] == [
        m.span("space") for m in korean._SPACED_PARTICLE.finditer(text)
    ]


def test_mostly_korean_counts_letters_not_tokens() -> None:
    assert korean.is_mostly_korean(
        "A1: 신뢰는 작은 순간에 쌓입니다. #LocChat https://t.co/Ab12Cd34Ef"
    )
    assert not korean.is_mostly_korean("A1: Trust is built in the small moments. #LocChat 📚")
    assert not korean.is_mostly_korean("")
