"""Plain data of a project: an Article of Blocks of Segments.

Nothing here imports anything of ours or does I/O; importers build these objects,
the store saves and loads them, services and exporters read them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """Where a segment is in its life; the values are the JSON contract."""

    NEW = "new"  # no target yet
    DRAFT = "draft"  # pre-translated or imported, not confirmed by a human
    TRANSLATED = "translated"  # confirmed by the editor
    APPROVED = "approved"  # accepted by a reviewer
    REJECTED = "rejected"  # sent back by a reviewer


class BlockKind(StrEnum):
    """What a block is in the article; the values are the JSON contract."""

    TITLE = "title"
    META = "meta"  # e.g. the "Published: 2019-11-21" line
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    TWEET = "tweet"


class OriginKind(StrEnum):
    """Where a segment's current target came from."""

    NONE = "none"  # no target yet
    HUMAN = "human"
    TM = "tm"
    MT = "mt"
    IMPORT = "import"  # an existing translation brought in with the article
    QA = "qa"  # an automatic QA fix


@dataclass(frozen=True, slots=True)
class Origin:
    """Origin of a target: who or what wrote it (`tm` with a score, `mt` with an engine)."""

    kind: OriginKind = OriginKind.NONE
    engine: str = ""  # MT engine name, or the file an import came from
    score: int | None = None  # TM match in percent

    def to_str(self) -> str:
        """Compact storage form: `human`, `tm:98`, `mt:google`, `import:ko.txt`."""
        if self.kind is OriginKind.TM and self.score is not None:
            return f"tm:{self.score}"
        if self.engine:
            return f"{self.kind.value}:{self.engine}"
        return self.kind.value

    @classmethod
    def parse(cls, text: str) -> Origin:
        kind_text, _, detail = text.partition(":")
        try:
            kind = OriginKind(kind_text)
        except ValueError:
            return cls()
        if kind is OriginKind.TM and detail.isdigit():
            return cls(kind, score=int(detail))
        return cls(kind, engine=detail)

    def label(self) -> str:
        """Short text for a grid column: `TM 98%`, `MT google`, `human`."""
        if self.kind is OriginKind.TM:
            return f"TM {self.score}%" if self.score is not None else "TM"
        if self.kind is OriginKind.MT:
            return f"MT {self.engine}".strip()
        if self.kind is OriginKind.NONE:
            return ""
        return self.kind.value


@dataclass(slots=True)
class Tweet:
    """Attribution of a quoted tweet: data, never text to translate."""

    name: str
    handle: str  # without the @
    date: str | None = None  # ISO 8601, e.g. 2019-10-25
    url: str | None = None  # the status URL


@dataclass(frozen=True, slots=True)
class Comment:
    who: str
    when: str  # ISO 8601 timestamp, UTC
    text: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change to a segment: who, when, and the target/status before and after."""

    who: str
    when: str
    before: str
    after: str
    status_before: Status
    status_after: Status
    origin: str = ""  # Origin.to_str() of the new target


@dataclass(slots=True)
class Segment:
    """The unit of translation: a sentence of narrative, or a whole tweet."""

    source: str
    target: str = ""
    status: Status = Status.NEW
    origin: Origin = field(default_factory=Origin)
    id: int | None = None  # assigned by the store, stable for the project's life
    comments: list[Comment] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """A title, meta line, heading, paragraph, quote or tweet, holding its segments."""

    kind: BlockKind
    segments: list[Segment] = field(default_factory=list)
    tweet: Tweet | None = None
    level: int = 0  # heading level (1-6); 0 for other kinds
    id: int | None = None


@dataclass(slots=True)
class ArticleMeta:
    title: str = ""
    published: str | None = None  # ISO 8601 date
    source_lang: str = "en"
    target_lang: str = "ko"
    source_url: str | None = None
    author: str | None = None
    source_file: str | None = None  # name of the imported file, for the record
    signed_off_by: str | None = None  # the reviewer who signed the translation off
    signed_off_at: str | None = None
    name_policy: str = "keep"  # tweet authors' names: keep as in the source, or transliterate
    mt_formality: str = "default"  # machine translation's register: default, more, less
    mt_papago_glossary: str = ""  # a Papago glossary's key (made in the NAVER Cloud console)


@dataclass(slots=True)
class Article:
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    blocks: list[Block] = field(default_factory=list)
    # What the importer wants the user told (e.g. the encoding it detected); not stored.
    notices: list[str] = field(default_factory=list)

    def segments(self) -> Iterator[Segment]:
        for block in self.blocks:
            yield from block.segments

    def segment_count(self) -> int:
        return sum(len(block.segments) for block in self.blocks)

    def tweets(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind is BlockKind.TWEET)

    @property
    def has_source(self) -> bool:
        """False for a Korean-only review project (every source empty)."""
        return any(segment.source for segment in self.segments())


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A glossary term (tm.glossary keeps them; MT and QA read them)."""

    source: str
    target: str = ""  # empty for a do-not-translate term (it stays as the source)
    dnt: bool = False
    forbidden: bool = False  # `target` must never be used
    case_sensitive: bool = False
    note: str = ""

    @property
    def required_target(self) -> str:
        return self.source if self.dnt else self.target
