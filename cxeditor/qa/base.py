"""What every QA check is, and the data it works on.

A check is a small class: a stable `check_id`, a translatable name, a default severity,
and a pure `detect(unit, context)` returning findings (each may carry a fix). Which
checks run, and which findings the editor dismissed, is decided by the runner and the
project file, not by the checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, ClassVar

from cxeditor.model import BlockKind, Tweet
from cxeditor.text.entities import Entity, article_view, extract
from cxeditor.tm.glossary import GlossaryEntry


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one segment's target; `fix` replaces target[start:end]."""

    segment: int
    check: str
    severity: Severity
    message: str
    text: str
    start: int
    end: int
    fix: str | None = None

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


@dataclass
class Unit:
    """A segment as QA sees it, with its entities computed once."""

    segment_id: int
    source: str
    target: str
    kind: BlockKind
    tweet: Tweet | None
    known_tags: frozenset[str] = frozenset()
    analysis: dict[str, Any] = field(default_factory=dict)  # per-run cache for shared work

    @property
    def in_tweet(self) -> bool:
        return self.kind is BlockKind.TWEET

    @cached_property
    def source_entities(self) -> list[Entity]:
        return extract(self.source)

    @cached_property
    def twitter_target_entities(self) -> list[Entity]:
        return extract(self.target)

    @cached_property
    def target_entities(self) -> list[Entity]:
        """The article view: `#CXTweetChat에서` is `#CXTweetChat` with particle `에서`."""
        return article_view(self.target, self.twitter_target_entities, self.known_tags)


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
    korean_names: dict[str, str] = field(default_factory=dict)  # author -> Korean spelling


class Check:
    check_id: ClassVar[str]
    name: ClassVar[str]  # N_()-marked
    severity: ClassVar[Severity]

    def detect(self, unit: Unit, context: ArticleContext) -> Iterator[Finding]:
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
        )
