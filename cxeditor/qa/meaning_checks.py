"""Suspects of a changed meaning, for projects with the English source: a negation
lost or added, a comparison turned round, an idiom or a word sense rendered word by
word, a sentence or quotation left out, a named thing missing, an amount with another
unit. Offline and word-list based (cxeditor/text/meaning.py, resources/idioms.toml):
each finding asks the editor for a second look and carries no fix, since only a
reader can say what the sentence should say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.text import meaning
from cxeditor.text.entities import PARTICLES
from cxeditor.text.idioms import Phrase, candidate_phrases
from cxeditor.text.korean import has_hangul
from cxeditor.text.meaning import Span
from cxeditor.text.romanize import consonant_skeleton, latin_skeleton

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# English words left in the Korean (english-left reports them): sentences and
# negations there are the English's own, no evidence of a meaning changed
_ENGLISH_WORDS = re.compile(r"[A-Za-z][a-z'’]+(?:[ ,]+[A-Za-z][a-z'’]+){2,}")
_PARTICLES_LONGEST = tuple(sorted(PARTICLES, key=len, reverse=True))
_SKELETON_RATIO = 85  # rapidfuzz ratio of two consonant skeletons of one name


def _applies(unit: Unit, context: ArticleContext) -> bool:
    """English and Korean both there (asked by six checks: kept in the unit)."""
    applies = unit.analysis.get("meaning_applies")
    if applies is None:
        applies = context.has_source and bool(unit.source.strip()) and has_hangul(unit.target)
        unit.analysis["meaning_applies"] = applies
    return bool(applies)


def sentence_pairs(unit: Unit) -> list[tuple[str, Span]]:
    """The English sentences with the Korean sentence (span in the target) that
    translates each, paired in order when both have as many; else the whole segment
    as one pair. Computed once per unit for all the checks."""
    pairs = unit.analysis.get("meaning_pairs")
    if pairs is None:
        english = _english_sentences(unit)
        korean = _korean_sentences(unit) if len(english) > 1 else []
        if len(english) == len(korean) > 1:
            pairs = [(e.text, k) for e, k in zip(english, korean, strict=True)]
        else:
            pairs = [(unit.source, Span(0, len(unit.target), unit.target))]
        unit.analysis["meaning_pairs"] = pairs
    return pairs


def _english_sentences(unit: Unit) -> list[Span]:
    """The source's sentences, found once per source for the checks that ask; [] when
    it has no sentence stop at all (one sentence, as far as they care)."""
    return unit.from_source("english_sentences", _sentences_of_english)


def _sentences_of_english(source: str) -> list[Span]:
    return meaning.sentence_spans(source, "en") if meaning.several_sentences(source) else []


def _korean_sentences(unit: Unit) -> list[Span]:
    spans = unit.analysis.get("korean_sentences")
    if spans is None:
        spans = unit.analysis["korean_sentences"] = meaning.sentence_spans(unit.target, "ko")
    assert isinstance(spans, list)
    return spans


def _inside(span: Span, sentence: Span) -> tuple[int, int]:
    return sentence.start + span.start, sentence.start + span.end


class NegationParity(Check):
    check_id = "negation-parity"
    name = N_("Negation lost or added")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        if not meaning.may_negate(unit.source, unit.target):
            return ()  # neither side has a word of negation: nothing to compare
        found = []
        for english, sentence in sentence_pairs(unit):
            negations = meaning.english_negations(english)
            korean = meaning.korean_negations(sentence.text)
            if negations and not korean:
                if _ENGLISH_WORDS.search(meaning.prose(sentence.text)):
                    continue
                message = _(
                    "The English negates (“{word}”) but the Korean does not: is the meaning "
                    "turned round?"
                ).format(word=negations[0].text)
                found.append(self.finding(unit, message, sentence.start, sentence.end))
            elif korean and not negations and not meaning.licenses_korean_negation(english):
                start, end = _inside(korean[0], sentence)
                message = _("The Korean negates (“{word}”) but the English does not").format(
                    word=korean[0].text
                )
                found.append(self.finding(unit, message, start, end, severity=Severity.INFO))
        return found


class ComparisonDirection(Check):
    check_id = "comparison-direction"
    name = N_("Comparison turned round")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        if not unit.from_source("may_compare", meaning.may_compare):
            return ()
        found = []
        for english, sentence in sentence_pairs(unit):
            for word, korean in meaning.flipped_poles(english, sentence.text):
                start, end = _inside(korean, sentence)
                message = _(
                    "The English says “{english}”, the Korean the opposite (“{korean}”)"
                ).format(english=word.text, korean=korean.text)
                found.append(self.finding(unit, message, start, end))
        return found


class LiteralIdiom(Check):
    check_id = "literal-idiom"
    name = N_("Idiom translated word by word")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        found = []
        for phrase, match in unit.from_source("idioms", _idioms_in):
            for trap in phrase.traps:
                literal = trap.search(unit.target)
                if literal is None:
                    continue
                if phrase.kind == "sense":
                    template = _(
                        "“{english}” here means {meaning}; “{found}” is another sense of the "
                        "word (usually: {korean})"
                    )
                else:
                    template = _(
                        "“{english}” is an idiom ({meaning}); “{found}” translates it word by "
                        "word (usually: {korean})"
                    )
                message = template.format(
                    english=match.group(),
                    meaning=phrase.meaning,
                    found=literal.group(),
                    korean=phrase.korean,
                )
                found.append(self.finding(unit, message, literal.start(), literal.end()))
                break
        return found


class Omission(Check):
    check_id = "omission"
    name = N_("Something left out")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        found = []
        end = len(unit.target)
        english = _english_sentences(unit)
        if len(english) >= 2 and len(_korean_sentences(unit)) < len(english):
            korean = _korean_sentences(unit)
            if _ENGLISH_WORDS.search(meaning.prose(unit.target)) is None:  # no English left
                message = _(
                    "The English has {english} sentences, the Korean {korean}: is one left out?"
                ).format(english=len(english), korean=len(korean))
                found.append(self.finding(unit, message, 0, end))
        if '"' not in unit.source and "“" not in unit.source:
            return found  # no quotation to look for
        quotes = unit.from_source("quoted", meaning.quoted)
        quoted_korean = meaning.quoted(unit.target)
        if len(quoted_korean) < len(quotes):
            message = _("The English quotes {text}; the Korean has no quotation for it").format(
                text=quotes[len(quoted_korean)].text
            )
            found.append(self.finding(unit, message, end, end))
        return found


def _idioms_in(source: str) -> list[tuple[Phrase, re.Match[str]]]:
    """The list's phrases that `source` contains, each with where it does."""
    found = []
    for phrase in candidate_phrases(source):
        match = phrase.english.search(source)
        if match is not None:
            found.append((phrase, match))
    return found


def _stems(target: str) -> list[str]:
    stems = []
    for written in target.split():
        word = written.strip(".,!?:;\"'“”‘’()…")
        for particle in _PARTICLES_LONGEST:
            if word.endswith(particle) and len(word) > len(particle) + 1:
                word = word[: -len(particle)]
                break
        if word and has_hangul(word):
            stems.append(word)
    return stems


def _transliterated(word: str, skeletons: list[str]) -> bool:
    latin = latin_skeleton(word)
    if not latin:
        return False
    return any(
        skeleton == latin or (len(latin) >= 4 and fuzz.ratio(skeleton, latin) >= _SKELETON_RATIO)
        for skeleton in skeletons
    )


_KNOWN: list[tuple[ArticleContext, frozenset[str]]] = []  # the last run's, one entry


def _known_names(context: ArticleContext) -> frozenset[str]:
    """The article's handles and authors' names, lowercase: names even where they open
    a sentence. Gathered once per run (the context is the run's)."""
    if _KNOWN and _KNOWN[0][0] is context:
        return _KNOWN[0][1]
    known = {handle.lower() for handle in context.known_handles.values()}
    known |= {word.lower() for _id, tweet in context.tweets for word in tweet.name.split()}
    _KNOWN[:] = [(context, frozenset(known))]
    return _KNOWN[0][1]


class NamedThing(Check):
    check_id = "named-thing"
    name = N_("Named thing missing")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        # A unit's source analysis lives no longer than its run's context.
        names = unit.from_source(
            "named_things", lambda source: meaning.named_things(source, _known_names(context))
        )
        if not names:
            return ()
        target = unit.target
        # in a URL a name proves nothing: "zendesk.com" is no mention of Zendesk
        lowered = _URL.sub(" ", target).lower()
        skeletons: list[str] | None = None  # the Korean words' readings, when needed
        found = []
        for name in names:
            if self._written(name.text, target, lowered, context):
                continue
            if skeletons is None:
                skeletons = [consonant_skeleton(stem) for stem in _stems(target)]
            if any(_transliterated(word, skeletons) for word in name.text.split()):
                continue
            message = _(
                "{name} of the English is not in the Korean (as written, from the glossary "
                "or transliterated)"
            ).format(name=name.text)
            found.append(self.finding(unit, message, len(target), len(target)))
        return found

    @staticmethod
    def _written(name: str, target: str, lowered: str, context: ArticleContext) -> bool:
        """The name as written, in the glossary's rendering or the name policy's."""
        words = name.split()
        # "Gen Z" is "Z세대": a single capital letter, written as it is, counts
        if any(word.lower() in lowered if len(word) > 1 else word in target for word in words):
            return True
        for entry in context.glossary:
            names = {name.lower(), *(w.lower() for w in words)}
            if entry.source.lower() in names and entry.target and entry.target in target:
                return True
        korean = context.korean_names.get(name)  # an author's Korean spelling
        return korean is not None and korean in target


class AmountUnit(Check):
    check_id = "amount-unit"
    name = N_("Amount or unit changed")
    severity = Severity.WARNING

    # English and Korean units that name the same thing
    _SAME = frozenset({("year", "age"), ("times", "times")})

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not _applies(unit, context):
            return ()
        source, target = unit.source, unit.target
        found = []
        english_amounts = unit.from_source("english_amounts", meaning.english_amounts)
        korean = None  # read only for an amount of another unit than "times" (most are)
        for amount in english_amounts:
            if amount.unit == "times":
                continue  # "three times" is 세 번 or 3배: both right
            if korean is None:
                korean = meaning.korean_amounts(target)
            same_value = [k for k in korean if k.value == amount.value]
            if not same_value or any(
                k.unit == amount.unit or (amount.unit, k.unit) in self._SAME for k in same_value
            ):
                continue
            other = same_value[0]
            message = _("The English says {english}, the Korean {korean}: another unit").format(
                english=amount.span.text, korean=other.span.text
            )
            found.append(self.finding(unit, message, other.span.start, other.span.end))
        english_multiples = unit.from_source("english_multiples", meaning.english_multiples)
        korean_multiples = meaning.korean_multiples(target) if english_multiples else []
        if english_multiples and korean_multiples:
            values = {value for value, _span in english_multiples}
            if not values & {value for value, _span in korean_multiples}:
                span = korean_multiples[0][1]
                message = _("The English says {english}, the Korean {korean}").format(
                    english=english_multiples[0][1].text, korean=span.text
                )
                found.append(self.finding(unit, message, span.start, span.end))
        vague = unit.from_source("english_vague_quantity", meaning.english_vague_quantity)
        # no number in the Korean (most texts): no need for the English's values
        if vague is not None and (numbers := meaning.numbers_in(target)):
            english_values = {meaning.number_value(s.text) for s in meaning.numbers_in(source)}
            english_values |= {a.value for a in english_amounts}
            for number in numbers:
                after = target[number.end : number.end + 1]
                if after in "월년" or meaning.number_value(number.text) in english_values:
                    continue  # a month or year of a date, or a number the English has
                message = _(
                    "The English gives no exact number (“{english}”); the Korean says {number}"
                ).format(english=vague.text, number=number.text)
                found.append(self.finding(unit, message, number.start, number.end))
                break
        return found
