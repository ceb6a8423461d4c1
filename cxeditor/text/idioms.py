"""The curated list of idioms and word senses machine translation renders literally
(resources/idioms.toml; its header documents the format)."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from cxeditor.text.meaning import english_words


@dataclass(frozen=True)
class Phrase:
    english: re.Pattern[str]
    kind: str  # "idiom" or "sense"
    meaning: str
    korean: str
    traps: tuple[re.Pattern[str], ...]
    # a word every match contains (lowercase), so most texts are ruled out by a
    # substring test instead of a regular expression; None: always try the pattern
    anchor: str | None = None


def anchor_of(pattern: str) -> str | None:
    """The longest literal word of `pattern` outside groups, alternatives and optional
    letters ("races? to the bottom" -> "bottom"); None when there is no such word."""
    if re.search(r"(?<!\\)\|", re.sub(r"\([^()]*\)", "", pattern)):
        return None  # alternatives at the top: no word common to all
    text = re.sub(r"\(\?:[^()]*\)\?", " ", pattern)  # optional groups
    text = re.sub(r"\[[^\]]*\]\??", " ", text)  # character classes
    text = re.sub(r"\([^()]*\)", " ", text)  # other groups: alternatives
    text = re.sub(r".\?", " ", text)  # optional letters: "races?" -> "race"
    words = [w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in _COMMON]
    return max(words, key=len) if words else None


_COMMON = frozenset({"the", "and", "for", "you", "your", "our", "their", "its", "out", "with"})


def parse_phrases(text: str) -> tuple[Phrase, ...]:
    data = tomllib.loads(text)
    return tuple(
        Phrase(
            re.compile(r"\b(?:" + entry["english"] + r")\b", re.IGNORECASE),
            entry["kind"],
            entry["meaning"],
            entry["korean"],
            tuple(re.compile(trap) for trap in entry["traps"]),
            entry.get("anchor") or anchor_of(entry["english"]),
        )
        for entry in data["phrase"]
    )


@functools.cache
def phrases() -> tuple[Phrase, ...]:
    source = resources.files("cxeditor.resources") / "idioms.toml"
    return parse_phrases(source.read_text(encoding="utf-8"))


@functools.cache
def _by_prefix() -> tuple[dict[str, tuple[Phrase, ...]], tuple[Phrase, ...]]:
    """Phrases by the first three letters of their anchor, and those without one."""
    keyed: dict[str, list[Phrase]] = {}
    always = []
    for phrase in phrases():
        if phrase.anchor is None:
            always.append(phrase)
        else:
            keyed.setdefault(phrase.anchor[:3], []).append(phrase)
    return {key: tuple(items) for key, items in keyed.items()}, tuple(always)


def candidate_phrases(english: str) -> list[Phrase]:
    """The phrases `english` may contain, in the list's order: those whose anchor word
    is in it, found by the first letters of its words (a dozen dictionary lookups
    instead of fifty patterns), and those without an anchor."""
    keyed, always = _by_prefix()
    lowered = english.lower()
    found = [
        phrase
        for word in english_words(english)  # the other meaning checks' words, cached
        if len(word) >= 3
        for phrase in keyed.get(word[:3], ())
        if phrase.anchor is not None and phrase.anchor in lowered
    ]
    if not found:
        return list(always)
    found += always
    order = _order()
    return sorted(set(found), key=order.__getitem__)


@functools.cache
def _order() -> dict[Phrase, int]:
    return {phrase: index for index, phrase in enumerate(phrases())}
