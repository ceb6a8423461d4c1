"""The Korean spell checker over real Hunspell (skipped where hunspell-ko is missing) and
concordance search over a real memory file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxeditor.text.spelling import SpellingUnavailable, load_korean
from cxeditor.tm.concordance import concordance, occurrences
from cxeditor.tm.memory import SqliteMemory, TmUnit


@pytest.fixture(scope="module")
def korean():  # type: ignore[no-untyped-def]
    try:
        return load_korean()
    except SpellingUnavailable as error:
        pytest.skip(str(error))


def test_misspelt_hangul_words_are_found_where_they_are(korean) -> None:  # type: ignore[no-untyped-def]
    text = "🚚 안녕하새요 여러분, 번역을 시작합니다."
    (miss,) = korean.misspellings(text)
    assert (miss.word, text[miss.start : miss.end]) == ("안녕하새요", "안녕하새요")
    assert "안녕하세요" in korean.suggestions(miss.word)


def test_tokens_particles_and_latin_words_are_not_checked(korean) -> None:  # type: ignore[no-untyped-def]
    text = "#LocChat을 보셨나요? @젠데스크 #세계CX의날 CX를 2019년 Zendesk https://t.co/Ab12"
    assert korean.misspellings(text) == []


def test_every_window_shares_the_one_dictionary(korean) -> None:  # type: ignore[no-untyped-def]
    """Loaded once per process and never freed: a window's dictionary freed while the
    next window's worker loads the same one raced inside libenchant (a crash)."""
    assert load_korean() is korean


def test_a_missing_dictionary_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXEDITOR_SPELL_DICTIONARY", "xx_XX")
    with pytest.raises(SpellingUnavailable, match="hunspell-ko"):
        load_korean()


def test_concordance_searches_both_sides_and_marks_the_phrase(tmp_path: Path) -> None:
    memory = SqliteMemory(tmp_path / "memory.sqlite")
    memory.add(
        [
            TmUnit("Keep a Glossary of names.", "이름 용어집을 유지하세요."),
            TmUnit("The glossary, the glossary!", "용어집, 용어집!"),
            TmUnit("Unrelated.", "관계없음."),
        ]
    )
    hits = concordance(memory, "glossary")
    assert [hit.unit.source for hit in hits] == [
        "Keep a Glossary of names.",
        "The glossary, the glossary!",
    ]
    assert hits[1].source_spans == ((4, 12), (18, 26))
    korean_hits = concordance(memory, "용어집")
    assert [hit.target_spans for hit in korean_hits] == [((3, 6),), ((0, 3), (5, 8))]
    assert concordance(memory, "g") == []  # too short to mean anything
    memory.close()


def test_occurrences_ignore_case() -> None:
    assert occurrences("CX cx Cx", "cx") == ((0, 2), (3, 5), (6, 8))
    assert occurrences("text", "") == ()
