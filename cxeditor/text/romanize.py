"""Consonant skeletons: how a Latin brand and a Hangul spelling of it can be compared.

Korean loanword spelling keeps an English word's consonants and drops or changes its
vowels (Mailchimp -> 메일침프, Freshworks -> 프레시웍스, HubSpot -> 허브스팟), so two
spellings of one name share their consonants once voicing and a few spellings are
folded together: b/p, d/t, g/k, f/p, v/b, z/j, ch/j, sh/s, th/s. An r before a
consonant is silent, as in the Korean reading (Freshworks: 웍스).
"""

from __future__ import annotations

import functools
import re

_INITIALS = [
    "k",
    "k",
    "n",
    "t",
    "t",
    "l",
    "m",
    "p",
    "p",
    "s",
    "s",
    "",
    "j",
    "j",
    "j",
    "k",
    "t",
    "p",
    "h",
]
_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "lk", "lm", "l", "l", "l", "lp", "l",
    "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
]  # fmt: skip
_DIGRAPHS = (("ch", "j"), ("sh", "s"), ("th", "s"), ("ph", "p"), ("ck", "k"), ("qu", "k"))
_LETTERS = {
    "b": "p", "c": "k", "d": "t", "f": "p", "g": "k", "j": "j", "k": "k", "l": "l",
    "m": "m", "n": "n", "p": "p", "q": "k", "r": "l", "s": "s", "t": "t", "v": "p",
    "x": "ks", "z": "j", "h": "h",
}  # fmt: skip
_VOWELS = "aeiouy"
_SILENT_R = re.compile(r"r(?![aeiouy])")
_SOFT_C = re.compile(r"c(?=[eiy])")


def _collapse(skeleton: str) -> str:
    out: list[str] = []
    for char in skeleton:
        if not out or out[-1] != char:
            out.append(char)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def consonant_skeleton(hangul: str) -> str:
    """The consonants of a Hangul word's reading ("메일침프" -> "mljmp")."""
    parts = []
    for char in hangul:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return ""  # not Hangul throughout: no reading to compare
        parts.append(_INITIALS[code // 588] + _FINALS[code % 28])
    return _collapse("".join(parts))


def latin_skeleton(word: str) -> str:
    """The consonants of a Latin name as Korean would read them ("Mailchimp" -> "mljmp")."""
    text = word.lower()
    if not text.isascii() or not text.replace("_", "").isalpha():
        return ""
    text = _SOFT_C.sub("s", _SILENT_R.sub("", text.replace("_", "")))
    text = text.replace("ng", "\0")
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    parts = []
    for index, char in enumerate(text):
        if char == "\0":
            parts.append("ng")
        elif char == "h" and index and text[index - 1] in _VOWELS:
            continue  # a silent h after a vowel
        elif char not in _VOWELS and char != "w":
            parts.append(_LETTERS.get(char, char))
    return _collapse("".join(parts))
