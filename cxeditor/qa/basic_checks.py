"""Checks any translation tool has: numbers, untranslated text, consistency, length."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.text.entities import Entity

# A number not inside a word or after a dot: `(?<![\w.])\d+…`, written digit first so
# the engine skips straight to digits instead of trying the lookbehind everywhere.
_NUMBER = re.compile(r"\d(?<![\w.]\d)\d*(?:[.,]\d+)*")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _numbers(text: str, tokens: list[Entity]) -> list[str]:
    """Numbers outside the tweet tokens (#CXDay2019 carries its own), sorted.

    The pattern runs on the gaps between tokens (findall's pos/endpos), which keeps
    its lookbehind honest and costs no copy of the text."""
    if not tokens:
        numbers = _NUMBER.findall(text)
    else:
        numbers = []
        position = 0
        for token in tokens:
            if token.start > position:
                numbers += _NUMBER.findall(text, position, token.start)
            position = token.end
        numbers += _NUMBER.findall(text, position)
    if "," in text:
        numbers = [number.replace(",", "") for number in numbers]
    numbers.sort()
    return numbers


_ENGLISH_SCALES = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "trillion": 10**12,
}
_ENGLISH_SCALE = re.compile(r" ?(k|mn?|bn?|thousand|million|billion|trillion)\b", re.IGNORECASE)
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
_KOREAN_SCALES = {"백": 10**2, "천": 10**3, "만": 10**4, "억": 10**8, "조": 10**12}
_KOREAN_SCALE = re.compile(r" ?([백천만억조]+)")


def _scaled_numbers(source: str) -> list[tuple[str, float | None]]:
    """The source's scaled numbers and ordinals (as `_numbers` writes them) with the
    amount each stands for: "5M" -> 5,000,000; None for an ordinal ("1st"), which Korean
    writes in words."""
    found: list[tuple[str, float | None]] = []
    for match in _NUMBER.finditer(source):
        number = match.group().replace(",", "")
        if _ORDINAL_SUFFIX.match(source, match.end()):
            found.append((number, None))
            continue
        scale = _ENGLISH_SCALE.match(source, match.end())
        if scale:  # a plain number is compared as written, not as an amount
            found.append((number, _amount(number, _ENGLISH_SCALES[scale.group(1).lower()])))
    return found


def _missing(numbers: list[str], others: list[str]) -> list[str]:
    """`numbers` less `others`, counting repeats (a multiset difference; the lists are
    short, so plain list removal beats building two Counters)."""
    left = list(others)
    missing = []
    for number in numbers:
        if number in left:
            left.remove(number)
        else:
            missing.append(number)
    return missing


def _korean_amounts(target: str) -> set[float]:
    """Every amount the target writes: "500만" -> 5,000,000, "5백만" too."""
    amounts = set()
    for match in _NUMBER.finditer(target):
        factor = 1
        scale = _KOREAN_SCALE.match(target, match.end())
        if scale:
            for unit in scale.group(1):
                factor *= _KOREAN_SCALES[unit]
        amounts.add(_amount(match.group().replace(",", ""), factor))
    return amounts


def _amount(number: str, factor: int) -> float:
    try:
        return round(float(number) * factor, 6)
    except ValueError:  # "1.2.3": no amount
        return float("nan")


class NumberMismatch(Check):
    check_id = "number-mismatch"
    name = N_("Numbers differ")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.source or not unit.target:
            return ()
        source_numbers = unit.from_source(
            "numbers", lambda source: _numbers(source, unit.source_entities)
        )
        if not source_numbers:
            return ()
        target_numbers = _numbers(unit.target, unit.target_entities)
        if source_numbers == target_numbers:
            return ()
        missing = _missing(source_numbers, target_numbers)
        if missing:  # the same amount in other words: "5M" is "500만", "1st" is "첫"
            written_otherwise = _korean_amounts(unit.target)
            for number, scaled in unit.from_source("scaled_numbers", _scaled_numbers):
                if number in missing and (scaled is None or scaled in written_otherwise):
                    missing.remove(number)
        end = len(unit.target)
        return [
            self.finding(
                unit,
                _("The number {number} of the source is not in the target").format(number=number),
                end,
                end,
            )
            for number in sorted(set(missing))
        ]


class Untranslated(Check):
    check_id = "untranslated"
    name = N_("Not translated")
    severity = Severity.INFO

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if unit.source.strip() and not unit.target.strip():
            return (self.finding(unit, _("This segment has no translation yet"), 0, 0),)
        return ()


class SameAsSource(Check):
    check_id = "same-as-source"
    name = N_("Same as source")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.source or unit.target.strip() != unit.source.strip():
            return ()
        # A segment of only tokens ("#LocChat https://t.co/x") is right to stay as it is.
        text = unit.source
        for entity in reversed(unit.source_entities):
            text = text[: entity.start] + text[entity.end :]
        if _LETTERS.search(text):
            return (
                self.finding(unit, _("The target is the same as the source"), 0, len(unit.target)),
            )
        return ()


class InconsistentTranslation(Check):
    check_id = "inconsistent-translation"
    name = N_("Same source, different translations")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.source.strip() or not unit.target.strip():
            return ()
        variants = context.translations_of.get(unit.source.strip())
        if variants is None:
            return ()
        count, majority = variants
        other = majority if majority != unit.target.strip() else _("(this is the most common)")
        return (
            self.finding(
                unit,
                _("The same source has {count} different translations; elsewhere: {other}").format(
                    count=count, other=other
                ),
                0,
                len(unit.target),
            ),
        )


class LengthRatio(Check):
    check_id = "length-ratio"
    name = N_("Unusual length")
    severity = Severity.WARNING

    # Korean runs about half the characters of English; far outside this band something
    # was dropped or duplicated.
    LOW, HIGH, MIN_SOURCE = 0.15, 2.0, 25

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if len(unit.source) < self.MIN_SOURCE or not unit.target:
            return ()
        ratio = len(unit.target) / len(unit.source)
        if ratio < self.LOW:
            message = _("The target is much shorter than the source")
        elif ratio > self.HIGH:
            message = _("The target is much longer than the source")
        else:
            return ()
        return (self.finding(unit, message, 0, len(unit.target)),)
