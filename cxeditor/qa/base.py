"""What every QA check is, and the data it works on.

A check is a small class: a stable `check_id`, a translatable name, a default severity,
and a pure `detect(unit, context)` returning findings (each may carry a fix). Which
checks run, and which findings the editor dismissed, is decided by the runner and the
project file, not by the checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, NamedTuple, TypeVar

from cxeditor.model import BlockKind, Tweet
from cxeditor.text.entities import Entity, article_view, extract
from cxeditor.tm.glossary import GlossaryEntry, TermIndex

T = TypeVar("T")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Finding(NamedTuple):
    """One problem in one segment's target; `fix` replaces target[start:end].

    `certain`: the fix is the one right repair (a damaged tag with one known original),
    so `qa --fix` may apply it; otherwise it is a suggestion for the editor (a guessed
    casing, a spelling from an analyser).

    (A named tuple rather than a frozen dataclass: a run makes tens of thousands of
    these, and a tuple is built three times faster.)"""

    segment: int
    check: str
    severity: Severity
    message: str
    text: str
    start: int
    end: int
    fix: str | None = None
    certain: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "check": self.check,
            "severity": self.severity.value,
            "message": self.message,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "fix": self.fix,
        }

    @property
    def key(self) -> tuple[int, str, str]:
        """What a dismissal remembers: segment, check and the offending text."""
        return (self.segment, self.check, self.text)


@dataclass(slots=True)
class Unit:
    """A segment as QA sees it, with its entities computed once."""

    segment_id: int
    source: str
    target: str
    kind: BlockKind
    tweet: Tweet | None
    known_tags: frozenset[str] = frozenset()
    analysis: dict[str, Any] = field(default_factory=dict)  # per-run cache for shared work
    # What checks work out from the source alone (its sentences, numbers, names): the
    # competing texts of one segment share it (share_source_analysis)
    source_analysis: dict[str, Any] = field(default_factory=dict)

    @property
    def in_tweet(self) -> bool:
        return self.kind is BlockKind.TWEET

    # Computed on first use and kept (a plain property: functools.cached_property takes
    # a lock on every first access, which shows on 20,000 segments).
    _source_entities: list[Entity] | None = field(default=None, init=False, repr=False)
    _twitter_target_entities: list[Entity] | None = field(default=None, init=False, repr=False)
    _target_entities: list[Entity] | None = field(default=None, init=False, repr=False)

    @property
    def source_entities(self) -> list[Entity]:
        if self._source_entities is None:
            self._source_entities = extract(self.source)
        return self._source_entities

    @property
    def twitter_target_entities(self) -> list[Entity]:
        if self._twitter_target_entities is None:
            self._twitter_target_entities = extract(self.target)
        return self._twitter_target_entities

    def share_source_analysis(self, other: Unit) -> None:
        """Use what `other`, a unit of the same source, found in it (candidate texts of
        one segment are checked against one analysis of their source)."""
        if other.source == self.source:
            self._source_entities = other.source_entities
            self.source_analysis = other.source_analysis

    def from_source(self, key: str, compute: Callable[[str], T]) -> T:
        """`compute(source)`, worked out once for every unit that shares this one's
        source analysis (the result is shared: never change it)."""
        shared = self.source_analysis
        if key not in shared:
            shared[key] = compute(self.source)
        result: T = shared[key]
        return result

    @property
    def target_entities(self) -> list[Entity]:
        """The article view: `#CXTweetChat에서` is `#CXTweetChat` with particle `에서`."""
        if self._target_entities is None:
            self._target_entities = article_view(
                self.target, self.twitter_target_entities, self.known_tags
            )
        return self._target_entities


@dataclass(slots=True)
class ArticleContext:
    """Evidence gathered once per run from the whole article (and the glossary)."""

    has_source: bool
    known_hashtags: dict[str, str] = field(default_factory=dict)  # lower -> canonical form
    known_handles: dict[str, str] = field(default_factory=dict)  # lower -> canonical form
    hashtag_forms: dict[str, dict[str, int]] = field(default_factory=dict)  # lower -> counts
    name_policy: str = "keep"
    tweets: list[tuple[int, Tweet]] = field(default_factory=list)  # (segment id, tweet)
    hangul_names: int = 0  # attributions whose name is written in Hangul
    latin_names: int = 0
    # source -> (how many different targets, the most frequent target)
    translations_of: dict[str, tuple[int, str]] = field(default_factory=dict)
    chat_label_style: dict[str, str] = field(default_factory=dict)  # "A" -> "A{n}:"
    glossary: list[GlossaryEntry] = field(default_factory=list)
    glossary_index: TermIndex | None = None  # the glossary's terms, found in one scan
    korean_names: dict[str, str] = field(default_factory=dict)  # author -> Korean spelling
    # Latin author names by their first word ("Vincenzo" -> ["Vincenzo Landino"]), and
    # a pattern that finds those first words in a text
    authors_by_first_word: dict[str, list[str]] = field(default_factory=dict)
    author_first_word: re.Pattern[str] | None = None
    # brands of the article (its handles, do-not-translate terms) by the consonants of
    # their Korean reading, to find them transliterated (see qa/prose_checks.py)
    brand_skeletons: dict[str, str] = field(default_factory=dict)
    # BrandName's memory of the article's Hangul words: those judged, and those that may
    # be a brand or begin one split in two (words repeat; few are either)
    brand_words_judged: set[str] = field(default_factory=set)
    brand_words_flagged: set[str] = field(default_factory=set)
    month_first_dates: bool = False  # "11/7/2019" is November 7 (the article is American)
    # False while the editor types: a check that needs an analyser still loading skips
    # the text rather than wait (the next whole run reports it)
    wait_for_analysers: bool = True


class Check:
    check_id: ClassVar[str]
    name: ClassVar[str]  # N_()-marked
    severity: ClassVar[Severity]
    # Runs after the other checks (in a forked run, in the parent over the whole
    # article), so that what `start` set loading in another process is ready by then.
    late: ClassVar[bool] = False

    def start(self, units: Sequence[Unit]) -> None:
        """Called as a run begins, before any check: start slow work (default: none)."""

    def prepare(self, units: Sequence[Unit], context: ArticleContext) -> None:
        """Called just before this check's detect runs over `units`: work done once for
        them all (default: none)."""

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        """The unit's findings; `()` when there are none.

        (A sequence rather than a generator: a run calls detect 23 times per segment,
        and making a generator costs more than most calls find; ~5% of a run.)"""
        raise NotImplementedError

    def finding(
        self,
        unit: Unit,
        message: str,
        start: int,
        end: int,
        fix: str | None = None,
        *,
        severity: Severity | None = None,
        certain: bool = True,
    ) -> Finding:
        return Finding(
            unit.segment_id,
            self.check_id,
            severity or self.severity,
            message,
            unit.target[start:end],
            start,
            end,
            fix,
            certain,
        )
