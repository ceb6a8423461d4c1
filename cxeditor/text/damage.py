"""How machine translation damages a tweet token, known once for MT and QA alike.

MT restore (`cxeditor.mt.protect`) repairs a token an engine passed through damaged;
QA (`cxeditor.qa.tokens`) reports one a translation left damaged. Both ask the same
questions: could this hashtag be that one garbled (`#CXT위챗`), translated
(`#월드CX데이2024`) or misspelt (`#CXTweeChat`)? Where does a particle glued after the
damage begin (`#CXT위챗을`)? Where is a URL broken by spaces (`https://t.co/ Ab12`)?
So the answers live here, below both.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum

from rapidfuzz import fuzz

from cxeditor.i18n import N_
from cxeditor.text.korean import choose_particle, has_hangul

# Comment text (stored untranslated) the MT runner leaves where a token needed a guess;
# QA reads it back to point the editor at that token.
MT_TOKEN_PROBLEM = N_("Machine translation damaged this token; check where it was put back:")

_LATIN_CHUNK = re.compile(r"[A-Za-z]{2,}|\d{2,}")
_MIN_KEPT = 3  # Latin letters or digits a translated tag must keep of the original


class State(StrEnum):
    EXACT = "exact"
    CASE = "case"  # re-cased
    NO_HASH = "no-hash"  # `#` (or `@`) dropped
    GARBLED = "garbled"  # Latin and Hangul mixed, or a near-miss spelling
    TRANSLATED = "translated"  # a tag (#감동) or handle (@젠데스크) put into Korean
    HANGUL = "hangul"  # Korean-only: such a tag or handle, its original nowhere in the article
    BROKEN = "broken"  # a URL with an inserted space or changed case
    MISSING = "missing"


def _prefix_length(first: str, second: str) -> int:
    length = 0
    for a, b in zip(first.lower(), second.lower(), strict=False):
        if a != b:
            break
        length += 1
    return length


def damage_score(
    target_value: str, known_value: str, *, min_kept: int = _MIN_KEPT
) -> tuple[State, float] | None:
    """How `target_value` (a hashtag in the target) could be a damaged `known_value`.

    A translated tag must keep `min_kept` Latin letters or digits of the original:
    among several tags "CX" alone is no evidence (#세계CX의날 is not #SocialCX)."""
    if has_hangul(target_value):
        prefix = _prefix_length(target_value, known_value)
        if prefix >= 2 and not target_value[:prefix].isdigit():
            return State.GARBLED, 50.0 + prefix  # #CXT위챗 for #CXTweetChat
        chunks = _LATIN_CHUNK.findall(target_value)
        kept = sum(map(len, chunks))
        if kept >= min_kept and all(chunk.lower() in known_value.lower() for chunk in chunks):
            return State.TRANSLATED, 40.0 + kept  # #월드CX데이2024
        return None
    ratio = fuzz.ratio(target_value.lower(), known_value.lower())
    if ratio >= 80:
        return State.GARBLED, ratio / 2  # #CXTweeChat: a near-miss spelling
    return None


@functools.lru_cache(maxsize=1024)
def spaced_pattern(text: str) -> re.Pattern[str]:
    """`text` with whitespace allowed between any two characters, in any case."""
    return re.compile(r"\s*".join(re.escape(char) for char in text), re.IGNORECASE)


# Particles MT glues after a damaged tag or handle (`#CXT위챗을`, `@젠데스크와`): left
# out of the match, so the fix (`#CXTweetChat`) keeps them. Longest first. A particle
# of a pair (이/가, 을/를, ...) counts only when it fits the sound before it, as Korean
# grammar has it: so the 이 of `#월드CX데이` or `@이베이` is part of the word (after a
# vowel the particle would be 가).
_UNPAIRED_PARTICLES = frozenset({"에서는", "에서", "에게", "의", "에"})
_GLUED_PARTICLES = (
    "에서는",
    "에서",
    "에게",
    "으로",
    "을",
    "를",
    "은",
    "는",
    "의",
    "에",
    "이",
    "가",
    "과",
    "와",
    "로",
)


def damaged_span(start: int, end: int, value: str) -> tuple[int, int]:
    """The span of a damaged token (`value` is its text after the sign), a particle
    glued after it left out."""
    if value.endswith(_GLUED_PARTICLES):  # one C call rules out most tags
        for particle in _GLUED_PARTICLES:
            if value.endswith(particle):
                stem = value[: -len(particle)]
                if len(stem) >= 2 and (
                    particle in _UNPAIRED_PARTICLES or choose_particle(stem, particle) == particle
                ):
                    return start, end - len(particle)
                break
    return start, end
