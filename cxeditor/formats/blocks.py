"""From a sequence of raw paragraphs to an Article: the recogniser all importers share.

Importers only find paragraphs (with a style hint where the format has one); this
module decides what they are: the title, the "Published" line, headings, quotes, and
tweets (the paragraph before a `— Name (@handle) Date` attribution line).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cxeditor.clock import now_iso
from cxeditor.formats.links import tweet_permalink
from cxeditor.i18n import N_
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Comment, Segment, Tweet
from cxeditor.text.dates import find_dates, format_iso, parse_date, split_published_line
from cxeditor.text.sentences import split_sentences


class Style(StrEnum):
    """What the source format says a paragraph is (where it says anything)."""

    NORMAL = "normal"
    TITLE = "title"
    HEADING = "heading"
    QUOTE = "quote"


@dataclass(slots=True)
class RawParagraph:
    text: str
    style: Style = Style.NORMAL
    level: int = 0  # heading level


@dataclass(slots=True)
class RawTweet:
    """A tweet whose text and attribution the format gave explicitly (HTML embeds)."""

    text: str
    tweet: Tweet


RawItem = RawParagraph | RawTweet

IMPORT_AUTHOR = "import"
# Kept on the segment as a comment (stored untranslated, shown translated) so QA can
# report the defect the import repaired.
GLUED_ON_IMPORT = N_(
    "In the imported file this line was glued to the next paragraph; cxeditor separated them."
)

# — Name (@handle) October 25, 2019 https://twitter.com/handle/status/1
# A display name may hold parentheses of its own ("Jane (CX lead)"), never "(@".
_NAME = r"(?:[^()\n]|\((?!\s*@)[^()\n]*\))*?"
_ATTRIBUTION = re.compile(
    r"^\s*(?P<dash>[—–―]|-{1,3}|&mdash;)?\s*(?P<name>" + _NAME + r")\s*"
    r"\(\s*@(?P<handle>[A-Za-z0-9_]{1,50})\s*\)\s*(?P<rest>[^\n]*?)\s*$"
)
_URL = re.compile(r"https?://\S+")


def parse_attribution(line: str) -> Tweet | None:
    """The Tweet described by an attribution line, or None if `line` is not one.

    Accepted: a dash (—, –, -, --) or no dash when a date follows; a name with or
    without a space before the parenthesis; an English, Korean or ISO date or none;
    an optional status URL.
    """
    match = _ATTRIBUTION.match(line)
    if match is None:
        return None
    rest = match.group("rest")
    url_match = _URL.search(rest)
    url = tweet_permalink(url_match.group().rstrip(".,)")) if url_match else None
    date_text = _URL.sub(" ", rest).strip(" \t·|,")
    parsed = parse_date(date_text) if date_text else None
    if date_text and parsed is None:
        dates = find_dates(date_text)
        if len(dates) != 1 or len(date_text) > len(dates[0].text) + 12:
            return None  # "(@handle) said something": a sentence, not an attribution
        parsed = dates[0].date
    if match.group("dash") is None and parsed is None:
        return None  # without a dash only a dated line is sure to be an attribution
    return Tweet(
        name=match.group("name").strip(),
        handle=match.group("handle"),
        date=format_iso(parsed) if parsed else None,
        url=url,
    )


def narrative_segments(text: str, lang: str) -> list[Segment]:
    return [Segment(sentence) for sentence in split_sentences(text, lang)]


class ArticleBuilder:
    """Accumulates blocks in reading order while tracking the article's metadata."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.meta = ArticleMeta()
        self.blocks: list[Block] = []

    def add_title(self, text: str) -> None:
        if not self.meta.title:
            self.meta.title = text
            self.blocks.append(Block(BlockKind.TITLE, [Segment(text)]))
        else:
            self.blocks.append(Block(BlockKind.HEADING, [Segment(text)], level=1))

    def add_heading(self, text: str, level: int) -> None:
        self.blocks.append(Block(BlockKind.HEADING, [Segment(text)], level=level or 2))

    def add_published(self, line: str, iso_date: str, *, glued: bool = False) -> None:
        if self.meta.published is None:
            self.meta.published = iso_date
        segment = Segment(line)
        if glued:
            segment.comments.append(Comment(IMPORT_AUTHOR, now_iso(), GLUED_ON_IMPORT))
        self.blocks.append(Block(BlockKind.META, [segment]))

    def add_paragraph(self, text: str, kind: BlockKind = BlockKind.PARAGRAPH) -> None:
        segments = narrative_segments(text, self.lang)
        if segments:
            self.blocks.append(Block(kind, segments))

    def add_tweet(self, text: str, tweet: Tweet) -> None:
        segments = [Segment(text.strip())] if text.strip() else []
        self.blocks.append(Block(BlockKind.TWEET, segments, tweet=tweet))

    def article(self) -> Article:
        return Article(self.meta, self.blocks)


def _published(text: str) -> tuple[str, str, str] | None:
    found = split_published_line(text)
    if found is None:
        return None
    return found.line, format_iso(found.date), found.rest


def build_article(
    items: Iterable[RawItem],
    *,
    lang: str = "en",
    first_paragraph_is_title: bool = True,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> Article:
    """Recognise the blocks of an article from its raw paragraphs, in order."""
    builder = ArticleBuilder(lang)
    pending: RawParagraph | None = None  # the paragraph that may turn out to be a tweet
    has_explicit_title = False
    first = first_paragraph_is_title
    items = list(items)
    for index, item in enumerate(items):
        if cancel and index % 500 == 0:
            cancel.check()
            progress(index, len(items), "")
        if isinstance(item, RawTweet):
            _flush(builder, pending)
            pending = None
            builder.add_tweet(item.text, item.tweet)
            first = False
            continue
        text = item.text.strip()
        if not text:
            continue
        tweet = parse_attribution(text) if "@" in text else None
        if tweet is not None:
            tweet_text = pending.text if pending is not None else ""
            pending = None
            builder.add_tweet(tweet_text, tweet)
            first = False
            continue
        # A tweet's text may share its paragraph with the attribution on the last line.
        head, _sep, last_line = text.rpartition("\n")
        tweet = parse_attribution(last_line) if head and "@" in last_line else None
        if tweet is not None:
            _flush(builder, pending)
            pending = None
            builder.add_tweet(head, tweet)
            first = False
            continue
        _flush(builder, pending)
        pending = None
        if item.style is Style.TITLE or (
            first and item.style is Style.NORMAL and not has_explicit_title and not _published(text)
        ):
            has_explicit_title = has_explicit_title or item.style is Style.TITLE
            builder.add_title(text)
        elif item.style is Style.HEADING:
            if item.level <= 1 and not builder.meta.title:
                builder.add_title(text)
            else:
                builder.add_heading(text, item.level)
        elif (published := _published(text)) is not None:
            line, iso_date, rest = published
            builder.add_published(line, iso_date, glued=bool(rest))
            if rest:
                pending = RawParagraph(rest, item.style)
        else:
            pending = item if item.text == text else RawParagraph(text, item.style, item.level)
        first = False
    _flush(builder, pending)
    progress(len(items), len(items), "")
    return builder.article()


def _flush(builder: ArticleBuilder, pending: RawParagraph | None) -> None:
    if pending is None:
        return
    kind = BlockKind.QUOTE if pending.style is Style.QUOTE else BlockKind.PARAGRAPH
    builder.add_paragraph(pending.text.replace("\n", " "), kind)
