"""Glossary checks: required translations, and do-not-translate terms kept intact."""

from __future__ import annotations

from collections.abc import Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.tm.glossary import GlossaryEntry, contains_term, term_pattern


def _entries_in_source(unit: Unit, context: ArticleContext) -> list[GlossaryEntry]:
    """The glossary entries whose term is in the unit's source, found once per unit for
    both checks: one scan finds the terms in any case (tm/glossary.py's TermIndex),
    then the exact (word-boundary, case) test runs on those alone."""
    cached = unit.analysis.get("glossary")
    if cached is not None:
        assert isinstance(cached, list)
        return cached
    found: list[GlossaryEntry] = []
    index = context.glossary_index
    if index is not None:
        found = [
            entry
            for entry in index.candidates(unit.source)
            if contains_term(unit.source, entry.source, case_sensitive=entry.case_sensitive)
        ]
    unit.analysis["glossary"] = found
    return found


class GlossaryTerm(Check):
    check_id = "glossary-term"
    name = N_("Glossary translation missing")
    severity = Severity.WARNING

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.source or not unit.target or not context.glossary:
            return ()
        found: list[Finding] = []
        for entry in _entries_in_source(unit, context):
            if entry.dnt or not entry.target:
                continue
            if entry.forbidden:
                used = term_pattern(entry.target, case_sensitive=False).search(unit.target)
                if used:
                    found.append(
                        self.finding(
                            unit,
                            _("{term} must not be used").format(term=entry.target),
                            used.start(),
                            used.end(),
                            severity=Severity.ERROR,
                        )
                    )
            elif entry.target not in unit.target:
                found.append(
                    self.finding(
                        unit,
                        _("{source} should be translated {target}").format(
                            source=entry.source, target=entry.target
                        ),
                        0,
                        0,
                    )
                )
        return found


class DntChanged(Check):
    check_id = "dnt-changed"
    name = N_("Do-not-translate term changed")
    severity = Severity.ERROR

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if not unit.source or not unit.target or not context.glossary:
            return ()
        found: list[Finding] = []
        for entry in _entries_in_source(unit, context):
            if not entry.dnt:
                continue
            # "Twitter를" keeps the term: a particle may follow it directly.
            if contains_term(unit.target, entry.source, case_sensitive=True):
                continue
            loose = term_pattern(entry.source, case_sensitive=False).search(unit.target)
            if loose:
                found.append(
                    self.finding(
                        unit,
                        _("{found} should be written {term}").format(
                            found=loose.group(), term=entry.source
                        ),
                        loose.start(),
                        loose.end(),
                        entry.source,
                    )
                )
            else:
                found.append(
                    self.finding(
                        unit,
                        _("The do-not-translate term {term} was changed or dropped").format(
                            term=entry.source
                        ),
                        0,
                        0,
                    )
                )
        return found
