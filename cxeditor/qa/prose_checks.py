"""Checks on the Korean prose around the tokens: English left untranslated, and brand
names transliterated against the article's own handles and glossary."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.text.entities import PARTICLES
from cxeditor.text.korean import has_hangul
from cxeditor.text.romanize import consonant_skeleton, latin_skeleton, vowels_agree

# Three or more English words in a row (a clause machine translation left as it was),
# the first not inside a token. The letter comes before the look back at what precedes
# it: the engine then skips ahead to Latin letters, 40% faster over Korean text.
_ENGLISH_RUN = re.compile(
    r"[A-Za-z](?<![\w#@/.\"'“‘][A-Za-z])[A-Za-z'’]*(?:[ ,;:\-]+[A-Za-z][A-Za-z'’]*){2,}[.!?]?"
)
# Consonants from which a brand's skeleton alone is evidence; a shorter one (Sephora:
# s-p-l, Shopify: s-p) matches ordinary words (섭리, 세포), so a Hangul word takes it only
# with three syllables or more and vowels that fit the name (Lyft is never 리포트).
_MIN_SKELETON = 4
_SHORT_MIN_SKELETON = 2
_SHORT_MIN_SYLLABLES = 3
_HANGUL_WORD = re.compile(r"[가-힣]+")
_PARTICLES_LONGEST = tuple(sorted(PARTICLES, key=len, reverse=True))
# Particles written only after a syllable with a final consonant (their other form, 가,
# 는, 를, 와…, follows a vowel).
_AFTER_FINAL = frozenset({"이", "은", "을", "과", "으로", "이나", "이랑", "이란", "이라는"})


class EnglishLeft(Check):
    check_id = "english-left"
    name = N_("English left in Korean text")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        target = unit.target
        if not has_hangul(target):
            return ()  # a segment wholly in English is "same as source" or untranslated
        found: list[Finding] = []
        for match in _ENGLISH_RUN.finditer(target):
            words = re.findall(r"[A-Za-z'’]+", match.group())
            # Names and titles ("Social CX Chat") are capitalised word by word; a clause
            # has small words.
            if not any(word[0].islower() for word in words):
                continue
            if any(e.start < match.end() and match.start() < e.end for e in unit.target_entities):
                continue
            message = _("{text} was left in English").format(text=match.group())
            found.append(self.finding(unit, message, match.start(), match.end()))
        return found


@functools.lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    """A Hangul word without the particle glued to it (메일침프의 -> 메일침프); cached,
    as a text's words repeat."""
    if not word.endswith(_PARTICLES_LONGEST):
        return word
    for particle in _PARTICLES_LONGEST:
        if word.endswith(particle) and len(word) > len(particle) + 1:
            stem = word[: -len(particle)]
            if particle in _AFTER_FINAL and (ord(stem[-1]) - 0xAC00) % 28 == 0:
                continue  # 이 after a syllable without a final is the name's (쇼피파이)
            return stem
    return word


def _may_be_brand(word: str, brands: dict[str, str]) -> bool:
    """Whether `word` is a brand in Hangul, or may begin one split in two (메일 침프):
    its consonants begin a brand's (two at least: a split after a lone consonant,
    스 타벅스, is not how MT splits a name)."""
    if _brand_of(_stem(word), brands) is not None:
        return True
    skeleton = consonant_skeleton(word)
    return len(skeleton) >= 2 and any(
        brand.startswith(skeleton) for brand in brands if len(brand) >= _MIN_SKELETON
    )  # a short brand split in two is too like two ordinary words


def _brand_of(hangul: str, brands: dict[str, str]) -> str | None:
    skeleton = consonant_skeleton(hangul)
    brand = brands.get(skeleton)
    if brand is None or len(skeleton) >= _MIN_SKELETON:
        return brand
    if len(hangul) < _SHORT_MIN_SYLLABLES or not vowels_agree(hangul, brand):
        return None
    return brand


class BrandName(Check):
    check_id = "brand-name"
    name = N_("Brand name transliterated")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        brands = context.brand_skeletons
        target = unit.target
        if not brands or not has_hangul(target):
            return ()
        # Each of the article's words is judged once, and a text none of whose words
        # may be a brand is done with in C (set operations): nearly all are, and
        # placing words one by one below costs 3x more.
        seen = set(_HANGUL_WORD.findall(target))
        judged = context.brand_words_judged
        if not judged.issuperset(seen):
            for word in seen - judged:
                if _may_be_brand(word, brands):
                    context.brand_words_flagged.add(word)
            judged |= seen
        if seen.isdisjoint(context.brand_words_flagged):
            return ()
        found: list[Finding] = []
        words = list(_HANGUL_WORD.finditer(target))
        for index, word in enumerate(words):
            if word.start() and target[word.start() - 1] in "@#\uff20\uff03":
                continue  # a handle or tag in Hangul: the token checks report it
            following = words[index + 1] if index + 1 < len(words) else None
            spans = [(word.start(), word.end())]
            if following is not None and following.start() == word.end() + 1:
                spans.insert(0, (word.start(), following.end()))  # "메일 침프", split
            for start, span_end in spans:
                stem = _stem(target[start:span_end])
                brand = _brand_of(stem.replace(" ", ""), brands)
                if brand is None:
                    continue
                end = start + len(stem)
                written = target[start:end]
                if context.name_policy == "transliterate" and " " not in written:
                    break  # the policy publishes Korean spellings; split is still wrong
                message = _("{found} is the brand {brand}: write it as the article does").format(
                    found=written, brand=brand
                )
                found.append(self.finding(unit, message, start, end, brand, certain=False))
                break
        return found


def brand_skeletons(names: Sequence[str], people: Collection[str] = ()) -> dict[str, str]:
    """The consonants of each brand's Korean reading, for BrandName. `people` (lowered)
    are handles of tweet authors with a full name ("Priya Nair", @priyanair): a short
    skeleton of theirs is no brand's."""
    skeletons: dict[str, str] = {}
    for name in names:
        skeleton = latin_skeleton(name)
        if len(skeleton) >= _MIN_SKELETON or (
            len(skeleton) >= _SHORT_MIN_SKELETON and name.lower() not in people
        ):
            skeletons.setdefault(skeleton, name)
    return skeletons
