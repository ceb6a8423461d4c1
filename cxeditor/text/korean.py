"""Korean helpers: scripts, how a kept Latin token is read, and particle (josa) choice.

Particle choice needs only the final sound of a word's Korean reading: 을/를, 이/가,
은/는, 과/와 turn on "ends in a consonant"; 으로/로 also treats a final ㄹ as a vowel.
Hangul syllables carry their final consonant; Latin words and numbers get it from
how Koreans read them (a small table of common brands, letter names for acronyms,
Sino-Korean numerals, and loanword spelling habits for other English words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL_FINAL = 8  # index of ㄹ among the 28 final-consonant slots


class Final(Enum):
    """The final sound of a word's reading, as particle choice sees it."""

    VOWEL = "vowel"
    RIEUL = "rieul"  # ㄹ: a consonant for 을/이/은/과, a vowel for 로
    CONSONANT = "consonant"


_HANGUL_LETTERS = "\uac00-\ud7a3\u3131-\u318e"  # syllables and compatibility jamo
_HANGUL = re.compile(f"[{_HANGUL_LETTERS}]")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


_HANGUL_RUN = re.compile(f"[{_HANGUL_LETTERS}]+")
_LATIN_RUN = re.compile("[A-Za-z]+")
_TWEET_TOKEN = re.compile(r"\S+://\S+|[#@\uff03\uff20]\w+")


def is_mostly_korean(text: str) -> bool:
    """More Korean than English outside URLs, hashtags and mentions (which a Korean
    text keeps in Latin letters); a Hangul syllable counts as two letters."""
    prose = _TWEET_TOKEN.sub(" ", text)
    hangul = sum(map(len, _HANGUL_RUN.findall(prose)))
    latin = sum(map(len, _LATIN_RUN.findall(prose)))
    return 2 * hangul > latin


def _syllable_final(char: str) -> Final:
    index = (ord(char) - HANGUL_FIRST) % 28
    if index == 0:
        return Final.VOWEL
    return Final.RIEUL if index == _RIEUL_FINAL else Final.CONSONANT


# Common names in tweet chats, by their established Korean reading.
_KNOWN_WORDS: dict[str, Final] = {
    "google": Final.RIEUL,
    "twitter": Final.VOWEL,
    "linkedin": Final.CONSONANT,
    "facebook": Final.CONSONANT,
    "apple": Final.RIEUL,
    "microsoft": Final.VOWEL,
    "deepl": Final.RIEUL,
    "papago": Final.VOWEL,
    "youtube": Final.VOWEL,
    "instagram": Final.CONSONANT,
    "slack": Final.CONSONANT,
    "zoom": Final.CONSONANT,
    "excel": Final.RIEUL,
    "iphone": Final.CONSONANT,
    "android": Final.VOWEL,
    "amazon": Final.CONSONANT,
    "netflix": Final.VOWEL,
    "tiktok": Final.CONSONANT,
    "kakao": Final.VOWEL,
    "naver": Final.VOWEL,
    "samsung": Final.CONSONANT,
    "wechat": Final.CONSONANT,
    "chatgpt": Final.VOWEL,
    "github": Final.CONSONANT,
    "salesforce": Final.VOWEL,
    "zendesk": Final.VOWEL,
    "hubspot": Final.CONSONANT,
    "x": Final.VOWEL,
    "web": Final.CONSONANT,
    "app": Final.CONSONANT,
    "chat": Final.CONSONANT,
    "kit": Final.VOWEL,
    "bot": Final.CONSONANT,
    "blog": Final.VOWEL,
    "post": Final.VOWEL,
    "brand": Final.VOWEL,
    "team": Final.CONSONANT,
    "day": Final.VOWEL,
}
# Letter names, for acronyms read letter by letter (CX = 씨엑스).
_LETTER_FINAL = dict.fromkeys("ABCDEFGHIJKOPQSTUVWXYZ", Final.VOWEL)
_LETTER_FINAL.update(
    {"L": Final.RIEUL, "M": Final.CONSONANT, "N": Final.CONSONANT, "R": Final.RIEUL}
)
# Sino-Korean digits: 일 이 삼 사 오 육 칠 팔 구.
_DIGIT_FINAL = {
    "1": Final.RIEUL,
    "2": Final.VOWEL,
    "3": Final.CONSONANT,
    "4": Final.VOWEL,
    "5": Final.VOWEL,
    "6": Final.CONSONANT,
    "7": Final.RIEUL,
    "8": Final.RIEUL,
    "9": Final.VOWEL,
}
# 십 백 천 만 억 조: the unit read last when a number ends in zeros.
_ZEROS_FINAL = {
    1: Final.CONSONANT,
    2: Final.CONSONANT,
    3: Final.CONSONANT,
    4: Final.CONSONANT,
    8: Final.CONSONANT,
    12: Final.VOWEL,
}
_CAMEL_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _number_final(digits: str) -> Final | None:
    stripped = digits.rstrip("0")
    if not stripped:
        return Final.CONSONANT  # 영
    zeros = len(digits) - len(stripped)
    if zeros == 0:
        return _DIGIT_FINAL.get(stripped[-1])
    # 10 십, 100 백, 1000 천, 10000 만; in between the lower unit is read last.
    return _ZEROS_FINAL.get(zeros, _ZEROS_FINAL[min(zeros % 4 or 4, 4)])


def _english_word_final(word: str) -> Final:
    """Loanword habits: 트위터, 챗, 북, 링크, 구글, 타임, 스토어 …"""
    lowered = word.lower()
    if lowered in _KNOWN_WORDS:
        return _KNOWN_WORDS[lowered]
    if lowered.endswith(("le", "l")):
        return Final.RIEUL
    if lowered.endswith(("ne", "me", "m", "n", "ng")):
        return Final.CONSONANT
    if lowered.endswith(
        (
            "ck",
            "ook",
            "ak",
            "ek",
            "ok",
            "ab",
            "eb",
            "ob",
            "ub",
            "ap",
            "ep",
            "op",
            "up",
            "at",
            "et",
            "ot",
            "ut",
        )
    ):
        return Final.CONSONANT
    return Final.VOWEL  # -er, -y, -a, -o, -s, -d, -t after consonants: a final 으/이 sound


def final_sound(word: str) -> Final | None:
    """How the last sound of `word` is read, or None when it cannot be told."""
    word = word.lstrip("#@$").rstrip(".,!?;:)'\"")
    if not word:
        return None
    last = word[-1]
    if HANGUL_FIRST <= ord(last) <= HANGUL_LAST:
        return _syllable_final(last)
    parts = _CAMEL_PART.findall(word)
    if not parts:
        return None
    part = parts[-1]
    if part.isdigit():
        return _number_final(part)
    if part.isupper():
        if part.lower() in _KNOWN_WORDS:
            return _KNOWN_WORDS[part.lower()]
        return _LETTER_FINAL.get(part[-1])
    return _english_word_final(part)


@dataclass(frozen=True, slots=True)
class ParticlePair:
    after_consonant: str
    after_vowel: str
    rieul_as_vowel: bool = False  # 으로/로: ㄹ takes 로


PARTICLE_PAIRS: tuple[ParticlePair, ...] = (
    ParticlePair("을", "를"),
    ParticlePair("이", "가"),
    ParticlePair("은", "는"),
    ParticlePair("과", "와"),
    ParticlePair("으로", "로", rieul_as_vowel=True),
    ParticlePair("으로는", "로는", rieul_as_vowel=True),
    ParticlePair("으로도", "로도", rieul_as_vowel=True),
    ParticlePair("으로서", "로서", rieul_as_vowel=True),
    ParticlePair("으로써", "로써", rieul_as_vowel=True),
    ParticlePair("이나", "나"),
    ParticlePair("이랑", "랑"),
    ParticlePair("이라는", "라는"),
    ParticlePair("이라고", "라고"),
    ParticlePair("이에요", "예요"),
    ParticlePair("과의", "와의"),
)
_PAIR_OF = {
    member: pair for pair in PARTICLE_PAIRS for member in (pair.after_consonant, pair.after_vowel)
}


def choose_particle(word: str, particle: str) -> str:
    """The member of `particle`'s pair that fits `word` (`Google`+`를` -> `을`).

    Particles without an alternative, or words whose reading is unknown, come back as
    given.
    """
    pair = _PAIR_OF.get(particle)
    final = final_sound(word)
    if pair is None or final is None:
        return particle
    if final is Final.VOWEL or (final is Final.RIEUL and pair.rieul_as_vowel):
        return pair.after_vowel
    return pair.after_consonant


# Latin letters and digits, then a particle from a pair, then a boundary.
_PAIRED = "|".join(sorted(_PAIR_OF, key=len, reverse=True))
# The lookbehinds start a token only where a run of letters and digits starts: a start
# inside the run would reach the same end as the run's start, and fail or succeed the
# same way, so it can only cost time (a URL or long token is otherwise rescanned from
# each of its characters). tests/test_korean.py checks that the matches are the same.
LATIN_TOKEN_WITH_PARTICLE = re.compile(
    rf"(?P<token>[#@$]?(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9_.&+\-]*+)(?P<particle>{_PAIRED})"
    r"(?=[\s.,!?;:)\]」』\"']|$)"
)
_SPACED_PARTICLE = re.compile(
    rf"(?P<token>(?<![A-Za-z0-9])[A-Za-z0-9][A-Za-z0-9_]*+)(?P<space>\s++)"
    rf"(?P<particle>{_PAIRED}|에서|에게|의|에)(?=[\s.,!?;:]|$)"
)
# What each pattern needs at the token's end: a token character followed by the first
# letter of a particle, directly or after spaces. Most segments have neither, and a
# search for these two characters is many times cheaper than the full scan.
_PAIRED_FIRSTS = "".join(sorted({particle[0] for particle in _PAIR_OF}))
_SPACED_FIRSTS = "".join(sorted(set(_PAIRED_FIRSTS) | {"에", "의"}))
_MAY_HOLD_TOKEN_PARTICLE = re.compile(rf"[A-Za-z0-9_.&+\-][{_PAIRED_FIRSTS}]")
_MAY_HOLD_SPACED_PARTICLE = re.compile(rf"[A-Za-z0-9_]\s+[{_SPACED_FIRSTS}]")


def find_token_particles(text: str) -> list[re.Match[str]]:
    """LATIN_TOKEN_WITH_PARTICLE's matches in `text` (groups `token`, `particle`)."""
    if _MAY_HOLD_TOKEN_PARTICLE.search(text) is None:
        return []
    return list(LATIN_TOKEN_WITH_PARTICLE.finditer(text))


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def find_particle_spacing_errors(text: str) -> list[Span]:
    """`Twitter 를`: a particle separated from its word by a space (it attaches directly).
    The span covers the space, so deleting it is the fix."""
    if _MAY_HOLD_SPACED_PARTICLE.search(text) is None:
        return []
    return [
        Span(match.start("space"), match.end("space"), match.group("space"))
        for match in _SPACED_PARTICLE.finditer(text)
    ]
