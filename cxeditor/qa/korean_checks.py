"""Checks on Korean typography: particles after kept tokens, spacing, punctuation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.text.korean import (
    choose_particle,
    find_particle_spacing_errors,
    find_token_particles,
    has_hangul,
)
from cxeditor.text.spacing import (
    find_spacing_errors,
    find_spacing_errors_in,
    may_have_spacing_errors,
    warm_up,
)

_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=[가-힣A-Za-z0-9)\]])([ \t]+)(?=[.,!?;:](?:\s|$))")
_DOUBLE_SPACE = re.compile(r"(?<=\S)( {2,})(?=\S)")
# Substrings without which those patterns cannot match: testing them first is many
# times cheaper than a regex scan, and most segments have neither.
_BEFORE_PUNCTUATION = (" .", " ,", " !", " ?", " ;", " :", "\t")


class Josa(Check):
    check_id = "josa"
    name = N_("Wrong particle after a kept token")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        found: list[Finding] = []
        for match in find_token_particles(unit.target):
            token, particle = match.group("token"), match.group("particle")
            right = choose_particle(token, particle)
            if right != particle:
                found.append(
                    self.finding(
                        unit,
                        _("After {token} the particle is {right}, not {wrong}").format(
                            token=token, right=right, wrong=particle
                        ),
                        match.start("particle"),
                        match.end("particle"),
                        right,
                    )
                )
        return found


class ParticleSpacing(Check):
    check_id = "particle-spacing"
    name = N_("Space before a particle")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        return [
            self.finding(
                unit, _("A particle attaches to its word without a space"), span.start, span.end, ""
            )
            for span in find_particle_spacing_errors(unit.target)
        ]


class PunctuationSpacing(Check):
    check_id = "punctuation-spacing"
    name = N_("Space before punctuation")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        target = unit.target
        for pair in _BEFORE_PUNCTUATION:
            if pair in target:
                break
        else:
            return ()
        return [
            self.finding(
                unit,
                _("No space before {mark}").format(mark=target[match.end()]),
                match.start(1),
                match.end(1),
                "",
            )
            for match in _SPACE_BEFORE_PUNCTUATION.finditer(target)
        ]


class DoubleSpace(Check):
    check_id = "double-space"
    name = N_("Double space")
    severity = Severity.INFO

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if "  " not in unit.target:
            return ()
        return [
            self.finding(unit, _("Several spaces in a row"), match.start(1), match.end(1), " ")
            for match in _DOUBLE_SPACE.finditer(unit.target)
        ]


class KoreanSpacing(Check):
    check_id = "korean-spacing"
    name = N_("Korean spacing")
    severity = Severity.WARNING
    late = True  # Kiwi loads in its helper process while the other checks run

    def start(self, units: Sequence[Unit]) -> None:
        suspects = [unit.target for unit in units if may_have_spacing_errors(unit.target)]
        if suspects:
            warm_up(suspects)  # unless Kiwi's readings of them are all in the cache
        else:  # the whole article scanned, none suspect: prepare and detect skip them all
            for unit in units:
                unit.analysis["spacing"] = ()

    def prepare(self, units: Sequence[Unit], context: ArticleContext) -> None:
        # Kiwi asked once for every suspect text: a round trip to its process costs as
        # much as the analysis of a short text.
        suspects = []
        for unit in units:
            if "spacing" in unit.analysis:
                continue
            if may_have_spacing_errors(unit.target) and has_hangul(unit.target):
                suspects.append(unit)
            else:
                unit.analysis["spacing"] = ()
        found = find_spacing_errors_in(
            [unit.target for unit in suspects], wait=context.wait_for_analysers
        )
        if found is not None:
            for unit, errors in zip(suspects, found, strict=True):
                unit.analysis["spacing"] = errors

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        target = unit.target
        errors = unit.analysis.get("spacing")
        if errors is None:  # not prepared: a segment re-checked as it is typed
            if not may_have_spacing_errors(target) or not has_hangul(target):
                return ()
            errors = find_spacing_errors(target, wait=context.wait_for_analysers)
        if not errors:
            return ()
        tokens = [(e.start, e.end) for e in unit.twitter_target_entities]
        found: list[Finding] = []
        for error in errors:
            if any(start < error.end + 1 and error.start - 1 < end for start, end in tokens):
                continue  # next to a tweet token: the token checks speak for it
            if error.kind == "parted":
                message = _("Write {word} together: a particle or ending attaches to its word")
                word = target[max(error.start - 2, 0) : error.end + 2].strip()
            else:
                message = _("Put a space in {word}: a bound noun or auxiliary verb stands apart")
                word = target[max(error.start - 1, 0) : error.end + 2].strip()
            found.append(
                self.finding(
                    unit,
                    message.format(word=word),
                    error.start,
                    error.end,
                    error.fix,
                    certain=False,  # an analyser's reading: the editor confirms
                )
            )
        return found
