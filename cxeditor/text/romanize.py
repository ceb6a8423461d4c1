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


def _latin_parts(word: str) -> list[tuple[str, bool]]:
    """Each consonant sound of a Latin name as Korean would read it, and whether a
    vowel follows it ("Lyft" -> l+vowel, p, t)."""
    text = word.lower()
    if not text.isascii() or not text.replace("_", "").isalpha():
        return []
    text = _SOFT_C.sub("s", _SILENT_R.sub("", text.replace("_", "")))
    text = text.replace("ng", "\0")
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    parts: list[tuple[str, bool]] = []
    for index, char in enumerate(text):
        if char == "\0":
            parts.append(("ng", False))
        elif char == "h" and index and text[index - 1] in _VOWELS:
            continue  # a silent h after a vowel
        elif char in _VOWELS or char == "w":
            if parts:
                parts[-1] = (parts[-1][0], True)
        else:
            parts.append((_LETTERS.get(char, char), False))
    return parts


def latin_skeleton(word: str) -> str:
    """The consonants of a Latin name as Korean would read them ("Mailchimp" -> "mljmp")."""
    return _collapse("".join(sound for sound, _vowel in _latin_parts(word)))


# The Hangul vowels (ㅏ ㅐ ㅑ … ㅣ, in Unicode's order) loanword spelling writes for each
# English vowel letter; generous, as English spelling is, but enough to tell a name from
# a Korean word with the same consonants (Glossier is never 그래서: o is never ㅐ).
_JAMO_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"  # in Unicode's order
_VOWEL_FITS = {
    "a": "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅝㅞ",
    "e": "ㅔㅐㅣㅓㅖㅡㅕㅒㅟㅢ",
    "i": "ㅣㅏㅐㅓㅔㅟㅢㅑㅕ",
    "o": "ㅗㅓㅏㅛㅘㅚㅜㅕㅝ",
    "u": "ㅓㅜㅠㅡㅗㅝㅟㅏ",
    "y": "ㅣㅏㅐㅟㅢㅑ",
    "w": "ㅜㅘㅝㅟㅞㅙㅚㅡ",  # wa, wi, wo…: 와, 위, 워, or 우 and the next vowel (트윌리오)
}
_EU = "ㅡ"  # the vowel Korean puts after a consonant the English word has none after


class _Reading:
    """Consonant letters in order, and the vowels written before, between and after them
    (slot k follows the k-th consonant). A letter twice with no vowel between is one
    sound: Zappos, 자포스; 글로시에's ㄹㄹ."""

    def __init__(self) -> None:
        self.consonants: list[str] = []
        self.vowels: list[str] = [""]

    def consonant(self, letter: str) -> None:
        if self.consonants and self.consonants[-1] == letter and not self.vowels[-1]:
            return
        self.consonants.append(letter)
        self.vowels.append("")

    def vowel(self, letters: str) -> None:
        self.vowels[-1] += letters


def _latin_reading(word: str) -> _Reading | None:
    text = word.lower()
    if not text.isascii() or not text.replace("_", "").isalpha():
        return None
    text = _SOFT_C.sub("s", _SILENT_R.sub("", text.replace("_", "")))
    text = text.replace("ng", "\0")
    for digraph, sound in _DIGRAPHS:
        text = text.replace(digraph, sound)
    reading = _Reading()
    for index, char in enumerate(text):
        if char == "\0":
            reading.consonant("ng")
        elif char == "h" and index and text[index - 1] in _VOWELS:
            continue  # a silent h after a vowel
        elif char in _VOWELS or char == "w":
            reading.vowel(char)
        else:
            for letter in _LETTERS.get(char, char):
                reading.consonant(letter)
    return reading


def _hangul_reading(hangul: str) -> _Reading | None:
    reading = _Reading()
    for char in hangul:
        code = ord(char) - 0xAC00
        if not 0 <= code < 11172:
            return None
        for letter in _INITIALS[code // 588]:
            reading.consonant(letter)
        reading.vowel(_JAMO_VOWELS[code % 588 // 28])
        final = _FINALS[code % 28]
        for letter in [final] if final == "ng" else final:
            reading.consonant(letter)
    return reading


def vowels_agree(hangul: str, latin: str) -> bool:
    """Whether a Hangul spelling whose consonants are the Latin name's also fits its
    vowels: between the same consonants, the vowels loanword spelling writes for the
    name's vowel letters, or none or ㅡ where the name has none (Lyft: 리프트, never
    리포트). For short names, whose consonants alone match many Korean words."""
    ours, theirs = _hangul_reading(hangul), _latin_reading(latin)
    if ours is None or theirs is None or ours.consonants != theirs.consonants:
        return False
    for index, (written, spelt) in enumerate(zip(ours.vowels, theirs.vowels, strict=True)):
        if spelt:
            if not _vowels_fit(written, spelt) or (index == 0 and not written):
                return False  # Apple starts with a vowel: 애플, never 플레이
        elif index == 0:
            if written:  # the name starts with a consonant (Hulu is never 오히려)
                return False
        elif any(
            vowel != _EU and not (vowel == "ㅣ" and ours.consonants[index - 1] in "sj")
            for vowel in written
        ):
            return False  # 시, 지 for a final sh, ge: Lush, 러시
    return True


def _vowels_fit(written: str, spelt: str) -> bool:
    """The Hangul vowels between two consonants against the name's vowel letters there:
    each the letter's at its place (Twilio: 트윌, never 다리), or the ㅣ that closes a
    long vowel (Shopify: 파이, Wayfair: 웨이); none more (Asana is never 사나워); and a
    vowel sounded, not only ㅡ, where the name has one besides a silent e (Twilio is
    never 들어오)."""
    if all(vowel == _EU for vowel in written) and any(letter in "aiouy" for letter in spelt):
        return False
    for place, vowel in enumerate(written):
        if place < len(spelt) and vowel in _VOWEL_FITS.get(spelt[place], ""):
            continue
        if place == 0 or vowel != "ㅣ":
            return False
    return True
