"""Sentence splitting for narrative paragraphs, and word counts.

A narrative paragraph becomes one segment per sentence; a tweet is never split.
The splitter is deliberately conservative: a missed split only makes a longer
segment, a wrong split breaks a sentence in two.
"""

from __future__ import annotations

import re

# Words that end with a period without ending the sentence when a lowercase word or
# a number follows (and, for titles and initials, even when a capital follows).
_ABBREVIATIONS_BEFORE_ANYTHING = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "vs",
        "no",
        "fig",
        "vol",
        "inc",
        "ltd",
        "co",
        "corp",
        "mt",
        "gen",
        "gov",
        "sen",
        "rep",
        "rev",
        "lt",
        "col",
        "capt",
        "sgt",
    }
)
_ABBREVIATIONS_BEFORE_LOWERCASE = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "a.m",
        "p.m",
        "approx",
        "est",
        "dept",
        "u.s",
        "u.k",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)

# Time zones written after a time: "1 p.m. ET with @IKEA" goes on.
_TIME_ZONES = frozenset(
    {
        "ET", "EST", "EDT", "CT", "CST", "CDT", "MT", "MST", "MDT", "PT", "PST", "PDT",
        "AKST", "HST", "GMT", "UTC", "BST", "CET", "CEST", "EET", "IST", "JST", "KST",
        "SGT", "AEST", "AEDT",
    }
)  # fmt: skip
_NEXT_WORD = re.compile(r"[A-Z]+\b")

# A candidate boundary: terminal punctuation (with closing quotes/brackets), then space.
_ENGLISH_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+)""")
# What may start the next sentence in English.
_SENTENCE_START = re.compile(r"""\s+(?=["'“‘(\[]?[A-Z0-9#@$]|[^\x00-\x7f])""")
# Full-width stops end a sentence even with no space after them (CJK typesetting).
_KOREAN_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+)|[。！？]+["'”’)\]]*""")
_CHAT_LABEL = re.compile(r"^\s*[QA]\d{1,2}\.$")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def _ends_with_abbreviation(text: str, next_char: str) -> bool:
    match = _WORD_BEFORE.search(text)
    if match is None:
        return False
    word = match.group(1).lower()
    if word in _ABBREVIATIONS_BEFORE_ANYTHING:
        return True
    if len(word) == 1 and next_char.isupper():  # an initial: "J. K. Rowling"
        return True
    return word in _ABBREVIATIONS_BEFORE_LOWERCASE and not (
        next_char.isupper() or next_char in "#@"
    )


def _time_then_zone(sentence: str, text: str, start: int) -> bool:
    """ "at 1 p.m. ET": the time zone after a time is no new sentence."""
    if not sentence.lower().endswith(("a.m.", "p.m.")):
        return False
    word = _NEXT_WORD.match(text, start)
    return word is not None and word.group() in _TIME_ZONES


def _split_english(text: str) -> list[str]:
    sentences = []
    start = 0
    for boundary in _ENGLISH_BOUNDARY.finditer(text):
        end = boundary.end()
        gap = _SENTENCE_START.match(text, end)
        if gap is None:
            continue
        next_char = text[gap.end()] if gap.end() < len(text) else ""
        sentence = text[start : boundary.start() + 1]
        if boundary.group().startswith(".") and (
            _ends_with_abbreviation(sentence, next_char)
            or _CHAT_LABEL.match(sentence)
            or _time_then_zone(sentence, text, gap.end())
        ):
            continue  # "Dr. Lee", or a chat label "Q3. What …" that opens the sentence
        sentences.append(text[start:end])
        start = gap.end()
    sentences.append(text[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def _split_korean(text: str) -> list[str]:
    sentences = []
    start = 0
    for boundary in _KOREAN_BOUNDARY.finditer(text):
        # Look past a stray space before the period ("놀라웠습니다 ." is a typo, not an
        # abbreviation).
        head = text[start : boundary.start()].rstrip()
        before = head[-1] if head else ""
        # "2 a.m." or "3.5" in a Korean sentence: only split after a Hangul syllable,
        # a closing quote or a bracket, as Korean sentences end with a verb ending.
        if boundary.group()[0] == "." and not ("가" <= before <= "힣" or before in "\"')”’"):
            continue
        sentences.append(text[start : boundary.end()])
        start = boundary.end()
    sentences.append(text[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of a paragraph, each with its final punctuation.

    Whitespace between sentences is dropped; joining the result with single spaces
    gives back the paragraph (with its whitespace normalised at the boundaries).
    """
    if not text.strip():
        return []
    if lang.lower().startswith("ko"):
        return _split_korean(text)
    return _split_english(text)


_WORD = re.compile(r"\S+")


def count_words(text: str) -> int:
    """Words for English, eojeol (space-separated units) for Korean: both are \\S+ runs."""
    return len(_WORD.findall(text))
