"""QA for texts that are not yet a segment's target: the machine translations that
compete for a segment.

The article's context (known hashtags and handles, the name policy, the glossary, …)
is built once; each call then checks only the given texts, each in its segment's place,
against it, as live QA re-checks a segment while the editor types. Evidence gathered
from all targets (inconsistent translations) is the article's as it stands, not the
other candidates': each candidate is judged on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from cxeditor.jobs import collector_paused, no_progress
from cxeditor.model import Article, Block, Segment
from cxeditor.qa.base import Check, Finding, Unit
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import article_units, build_context, check_units
from cxeditor.tm.glossary import GlossaryEntry


class CandidateQa:
    """Findings per segment for candidate texts (segment id -> text)."""

    def __init__(
        self,
        article: Article,
        *,
        glossary: Collection[GlossaryEntry] = (),
        checks: Iterable[Check] = ALL_CHECKS,
    ) -> None:
        self._checks = tuple(checks)
        self._places: dict[int, tuple[Block, Segment]] = {}
        for block in article.blocks:
            for segment in block.segments:
                assert segment.id is not None
                self._places[segment.id] = (block, segment)
        with collector_paused():
            units = article_units(article)
            self._context = build_context(article, units, glossary=glossary)
        # Each segment's source is analysed once for all the candidates of the run.
        self._units = {unit.segment_id: unit for unit in units}
        self._known_tags = frozenset(self._context.known_hashtags.values())

    def __call__(self, texts: Mapping[int, str]) -> dict[int, int]:
        """How many findings each text has in its segment (segments without any left out)."""
        return dict(Counter(finding.segment for finding in self.findings(texts)))

    def findings(self, texts: Mapping[int, str]) -> list[Finding]:
        """The findings of each text in its segment."""
        units: list[Unit] = []
        for segment_id, text in texts.items():
            block, segment = self._places[segment_id]
            # Not segment_unit: the segment's comments are about its stored target (an
            # imported name, an MT token problem), not about this text.
            unit = Unit(segment_id, segment.source, text, block.kind, block.tweet, self._known_tags)
            unit.share_source_analysis(self._units[segment_id])
            units.append(unit)
        if not units:
            return []
        with collector_paused():
            for check in self._checks:
                check.start(units)
            return check_units(units, self._context, self._checks, no_progress, None)
