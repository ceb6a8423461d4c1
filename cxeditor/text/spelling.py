"""Spell check of the Korean target with Hunspell's Korean dictionary.

The dictionary is Debian's `hunspell-ko` (/usr/share/hunspell/ko_KR.dic), reached
through pyenchant and libenchant's Hunspell provider. Bindings weighed (2026): pyenchant
3.3 (LGPL-2.1, released 2025, pure-Python wheel for every Python 3, loads the system's
libenchant-2) is maintained; spylls 0.1.7 (MPL-2.0, last release 2022) is pure Python
but took 4.5 s to load ko_KR, 2–6 ms a word, and suggested nothing for Korean;
cyhunspell (2021) and hunspell (2018) have no wheels for Python 3.11–3.13.

Only Hangul words are checked: Latin words are names, brands and handles, and tweet
tokens (hashtags, mentions, URLs) are QA's business. A Hangul run glued to Latin letters
or digits (`CX를`, `2019년`) is a particle or a counter, not a word of its own.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Protocol

from cxeditor.i18n import _
from cxeditor.text.entities import extract

DICTIONARY = "ko_KR"
# Which dictionary tag to load instead (e.g. "ko"); a tag that is not installed turns
# spell check off, as a machine without hunspell-ko does.
DICTIONARY_ENV = "CXEDITOR_SPELL_DICTIONARY"
# One dictionary per tag for the whole process, never freed: a window's dictionary freed
# (by the collector, on any thread) while another window's worker requests the same tag
# races inside libenchant (one shared, reference-counted dict per tag), and the new
# window's first check crashed. Sharing also loads it once, not once per window.
_loaded: dict[str, KoreanSpelling] = {}
_load_lock = threading.Lock()

_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")


class SpellingUnavailable(Exception):  # noqa: N818 - a state, not a failure of ours
    """No Korean dictionary here; the message says what to install."""


class Dictionary(Protocol):
    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


@dataclass(frozen=True, slots=True)
class Misspelling:
    start: int  # Python indices into the checked text
    end: int
    word: str


class KoreanSpelling:
    """Checks words against a dictionary, remembering each word's answer."""

    def __init__(self, dictionary: Dictionary) -> None:
        self._dictionary = dictionary
        self._known: dict[str, bool] = {}

    def misspellings(self, text: str) -> list[Misspelling]:
        tokens = [(e.start, e.end) for e in extract(text)]
        found = []
        for match in _HANGUL_WORD.finditer(text):
            start, end = match.span()
            before = text[start - 1] if start else " "
            if (before.isascii() and before.isalnum()) or before in "#@＃＠":
                continue  # a particle or counter on a Latin word or a number; a tag
            if any(first <= start < last for first, last in tokens):
                continue
            word = match.group()
            if not self.is_correct(word):
                found.append(Misspelling(start, end, word))
        return found

    def is_correct(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = bool(self._dictionary.check(word))
        return known

    def suggestions(self, word: str, limit: int = 6) -> list[str]:
        return list(self._dictionary.suggest(word))[:limit]


def load_korean() -> KoreanSpelling:
    """The Korean spell checker; SpellingUnavailable says why there is none (slow:
    about a second to load the dictionary, so callers load it in a worker)."""
    tag = os.environ.get(DICTIONARY_ENV) or DICTIONARY
    with _load_lock:
        spelling = _loaded.get(tag)
        if spelling is None:
            spelling = _loaded[tag] = KoreanSpelling(_dictionary(tag))
        return spelling


def _dictionary(tag: str) -> Dictionary:
    try:
        import enchant  # noqa: PLC0415 - loads libenchant; optional at run time
    except ImportError as error:  # pyenchant missing, or libenchant-2 not installed
        raise SpellingUnavailable(
            _(
                "Spell check is off: the Enchant library was not found "
                "(Debian/Ubuntu: apt-get install libenchant-2-2 hunspell-ko)."
            )
        ) from error
    try:
        dictionary = enchant.Dict(tag)
    except enchant.errors.Error as error:
        raise SpellingUnavailable(
            _(
                "Spell check is off: Hunspell's Korean dictionary ({tag}) is not installed "
                "(Debian/Ubuntu: apt-get install hunspell-ko)."
            ).format(tag=tag)
        ) from error
    return dictionary  # type: ignore[no-any-return]  # pyenchant is untyped
