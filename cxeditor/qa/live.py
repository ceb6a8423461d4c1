"""QA while the editor types: the whole project once, then one segment at a time.

A whole run builds the article context (known hashtags and handles, the name policy,
the chat-label style, …) and keeps it; re-checking a segment then makes one unit with
the text being typed and runs every check on it against that context, in well under a
millisecond. Evidence gathered from all targets (inconsistent translations, the
chat-label majority) is as of the last whole run, which the editor repeats on open and
on F7.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from cxeditor.jobs import CancelFlag, ProgressCallback, collector_paused, no_progress
from cxeditor.model import Article, Block, Segment
from cxeditor.qa.base import ArticleContext, Check, Finding
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import article_units, build_context, check_units, segment_unit
from cxeditor.tm.glossary import GlossaryEntry


@dataclass(slots=True)
class _Place:
    block: Block
    segment: Segment
    order: int  # position in the article


class LiveQa:
    """The project's findings, kept current segment by segment."""

    def __init__(
        self,
        article: Article,
        context: ArticleContext,
        findings: Iterable[Finding],
        *,
        checks: tuple[Check, ...] = ALL_CHECKS,
        dismissed: Collection[tuple[int, str, str]] = frozenset(),
    ) -> None:
        self._context = context
        self._checks = checks
        self._known_tags = frozenset(context.known_hashtags.values())
        self._dismissed = set(dismissed)
        self._places: dict[int, _Place] = {}
        for block in article.blocks:
            for segment in block.segments:
                assert segment.id is not None
                self._places[segment.id] = _Place(block, segment, len(self._places))
        self._by_segment: dict[int, list[Finding]] = {}
        for finding in findings:
            if finding.key not in self._dismissed:
                self._by_segment.setdefault(finding.segment, []).append(finding)
        # The text each segment's findings index (the stored target until re-checked).
        self._checked: dict[int, str] = {}

    @classmethod
    def run(
        cls,
        article: Article,
        *,
        checks: Iterable[Check] = ALL_CHECKS,
        dismissed: Collection[tuple[int, str, str]] = frozenset(),
        glossary: Collection[GlossaryEntry] = (),
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> LiveQa:
        """A whole run, as `run_qa` makes it (one process: the editor has threads)."""
        chosen = tuple(checks)
        with collector_paused():
            units = article_units(article)
            for check in chosen:  # before the context: Kiwi's helper loads meanwhile
                check.start(units)
            context = build_context(article, units, glossary=glossary)
            findings = check_units(units, context, chosen, progress, cancel)
            del units  # while the collector is still off (see run_qa)
        # Re-checks run as the editor types, on the window's thread: never wait there
        # for an analyser to load (it holds no lock the window needs, but takes seconds).
        context.wait_for_analysers = False
        return cls(article, context, findings, checks=chosen, dismissed=dismissed)

    # -- reading ---------------------------------------------------------------------

    def findings(self) -> list[Finding]:
        """Every finding, in article order."""
        order = self._places
        found: list[Finding] = []
        for segment_id in sorted(self._by_segment, key=lambda s: order[s].order):
            found.extend(self._by_segment[segment_id])
        return found

    def segment_findings(self, segment_id: int) -> list[Finding]:
        return list(self._by_segment.get(segment_id, ()))

    def checked_text(self, segment_id: int) -> str | None:
        """The text the segment's findings index; None for an unknown segment."""
        if segment_id in self._checked:
            return self._checked[segment_id]
        place = self._places.get(segment_id)
        return place.segment.target if place is not None else None

    def order(self, segment_id: int) -> int:
        """The segment's position in the article (-1 when unknown)."""
        place = self._places.get(segment_id)
        return place.order if place is not None else -1

    def in_tweet(self, segment_id: int) -> bool:
        place = self._places.get(segment_id)
        return place is not None and place.block.tweet is not None

    # -- changing ----------------------------------------------------------------------

    def check_segment(self, segment_id: int, target: str) -> list[Finding]:
        """Re-check one segment with `target` as its text; returns (and keeps) its findings."""
        place = self._places.get(segment_id)
        if place is None:
            return []
        unit = segment_unit(place.block, place.segment)
        unit.target = target
        unit.known_tags = self._known_tags
        found = [
            finding
            for check in self._checks
            for finding in check.detect(unit, self._context)
            if finding.key not in self._dismissed
        ]
        self._checked[segment_id] = target
        if found:
            self._by_segment[segment_id] = found
        else:
            self._by_segment.pop(segment_id, None)
        return found

    def dismiss(self, keys: Iterable[tuple[int, str, str]]) -> None:
        """Findings the editor judged fine: gone now and in every later check."""
        new = set(keys) - self._dismissed
        self._dismissed |= new
        for segment_id in {key[0] for key in new}:
            kept = [f for f in self._by_segment.get(segment_id, ()) if f.key not in new]
            if kept:
                self._by_segment[segment_id] = kept
            else:
                self._by_segment.pop(segment_id, None)
