"""Aligning an existing Korean version onto its English source.

Tweets are anchored by @handle and order (the k-th tweet of @x in English is the k-th
tweet of @x in Korean); between anchors, narrative blocks pair in order; inside a
pair, sentences align by length (a small Gale–Church-style dynamic programme). What
cannot be aligned is reported and kept, never dropped.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from cxeditor.clock import now_iso
from cxeditor.i18n import N_, _
from cxeditor.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Comment,
    Origin,
    OriginKind,
    Segment,
    Status,
)
from cxeditor.text.entities import extract

ALIGN_AUTHOR = "import"
IMPORTED_NAME = N_("The imported translation wrote the author's name as:")
IMPORTED_HANDLE = N_("The imported translation wrote the author's handle as:")


@dataclass(slots=True)
class AlignmentResult:
    article: Article
    report: list[str] = field(default_factory=list)


def _preview(text: str, width: int = 40) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _block_text(block: Block) -> str:
    return " ".join(segment.source for segment in block.segments)


class _Aligner:
    def __init__(self, source: Article, korean: Article, origin: Origin) -> None:
        self.source = source
        self.korean = korean
        self.origin = origin
        self.report: list[str] = []
        total_en = sum(len(s.source) for s in source.segments()) or 1
        total_ko = sum(len(s.source) for s in korean.segments()) or 1
        self.ratio = total_ko / total_en  # Korean is usually shorter in characters

    # -- sentences -----------------------------------------------------------

    def fill(self, target_block: Block, korean_sentences: list[str]) -> None:
        """Put Korean sentences onto a source block's segments, merging where needed."""
        if not korean_sentences:
            return
        sources = target_block.segments
        if len(sources) == len(korean_sentences):
            for segment, text in zip(sources, korean_sentences, strict=True):
                self._translate(segment, text)
            return
        groups = self._align_lengths(
            [len(s.source) for s in sources], [len(t) for t in korean_sentences]
        )
        merged: list[Segment] = []
        for source_indices, korean_indices in groups:
            korean_text = " ".join(korean_sentences[j] for j in korean_indices)
            if not source_indices:
                # A Korean sentence with no English partner joins its neighbour.
                if merged:
                    merged[-1].target = f"{merged[-1].target} {korean_text}".strip()
                else:
                    merged.append(self._extra_segment(korean_text))
                continue
            segment = sources[source_indices[0]]
            if len(source_indices) > 1:
                segment.source = " ".join(sources[i].source for i in source_indices)
            if korean_text:
                self._translate(segment, korean_text)
            merged.append(segment)
        target_block.segments = merged

    def _align_lengths(self, en: list[int], ko: list[int]) -> list[tuple[list[int], list[int]]]:
        """Minimal-cost grouping with moves 1-1, 1-2, 2-1, 1-0, 0-1 (Gale & Church 1993)."""
        penalties = {(1, 1): 0.0, (1, 2): 2.0, (2, 1): 2.0, (1, 0): 4.5, (0, 1): 4.5}

        def cost(i: int, j: int, di: int, dj: int) -> float:
            expected = self.ratio * sum(en[i : i + di])
            actual = sum(ko[j : j + dj])
            mismatch = abs(actual - expected) / math.sqrt(expected + actual + 1)
            return penalties[(di, dj)] + mismatch

        return [
            (list(range(i, i + di)), list(range(j, j + dj)))
            for i, j, di, dj in _cheapest_path(len(en), len(ko), tuple(penalties), cost)
        ]

    def _translate(self, segment: Segment, text: str) -> None:
        segment.target = text
        segment.status = Status.DRAFT
        segment.origin = self.origin

    def _extra_segment(self, korean_text: str) -> Segment:
        return Segment(
            "",
            korean_text,
            Status.DRAFT,
            self.origin,
            comments=[
                Comment(
                    ALIGN_AUTHOR, now_iso(), _("No English counterpart was found for this text.")
                )
            ],
        )

    def extra_block(self, korean: Block, position: int) -> Block:
        text = _block_text(korean)
        what = (
            _("Korean tweet by @{handle}").format(handle=korean.tweet.handle)
            if korean.tweet
            else _("Korean paragraph {n}").format(n=position + 1)
        )
        self.report.append(
            _('{what} ("{text}") has no English counterpart; kept as an extra block').format(
                what=what, text=_preview(text)
            )
        )
        segments = [self._extra_segment(segment.source) for segment in korean.segments]
        return Block(korean.kind, segments, korean.tweet, korean.level)

    # -- blocks --------------------------------------------------------------

    def tweet_pairs(self) -> dict[int, int]:
        """English block index -> Korean block index, for tweets, by handle and order."""
        korean_by_handle: dict[str, list[int]] = defaultdict(list)
        for index, block in enumerate(self.korean.blocks):
            if block.tweet:
                korean_by_handle[block.tweet.handle.lower()].append(index)
        seen: dict[str, int] = defaultdict(int)
        pairs = {}
        for index, block in enumerate(self.source.blocks):
            if block.tweet:
                handle = block.tweet.handle.lower()
                candidates = korean_by_handle.get(handle, [])
                if seen[handle] < len(candidates):
                    pairs[index] = candidates[seen[handle]]
                seen[handle] += 1
        return pairs

    def run(self) -> Article:
        pairs = self.tweet_pairs()
        anchors = _increasing_chain(sorted(pairs.items()))
        anchors.append((len(self.source.blocks), len(self.korean.blocks)))
        used_korean = set(pairs.values())
        result: list[Block] = []
        en_start = ko_start = 0
        for en_anchor, ko_anchor in anchors:
            path = self._align_blocks(
                list(range(en_start, en_anchor)), list(range(ko_start, ko_anchor))
            )
            for en_index, ko_index in path:
                if en_index is not None:
                    result.append(self._merge(en_index, ko_index, pairs))
                elif ko_index is not None and ko_index not in used_korean:
                    result.append(self.extra_block(self.korean.blocks[ko_index], ko_index))
            if en_anchor < len(self.source.blocks):
                block = self.source.blocks[en_anchor]
                self._tweet(block, pairs.get(en_anchor))
                result.append(block)
            en_start, ko_start = en_anchor + 1, ko_anchor + 1
        return Article(self.source.meta, result)

    def _merge(self, en_index: int, ko_index: int | None, tweet_pairs: dict[int, int]) -> Block:
        block = self.source.blocks[en_index]
        if block.kind is BlockKind.TWEET:
            self._tweet(block, tweet_pairs.get(en_index))
        elif ko_index is not None:
            korean = self.korean.blocks[ko_index]
            self.fill(block, [s.source for s in korean.segments])
            if block.segments:  # notes the import made on the Korean text stay with it
                block.segments[0].comments.extend(c for s in korean.segments for c in s.comments)
        else:
            self.report.append(
                _('English {kind} "{text}" has no Korean counterpart').format(
                    kind=block.kind.value, text=_preview(_block_text(block))
                )
            )
        return block

    def _align_blocks(self, en: list[int], ko: list[int]) -> list[tuple[int | None, int | None]]:
        """Pair the blocks between two anchors: a dynamic programme over 1-1, 1-0 and 0-1
        moves, scoring length, shared tokens (hashtags, numbers, URLs) and kinds. Tweets
        only ever skip here: they pair by handle."""

        def cost(i: int, j: int, di: int, dj: int) -> float:
            if di and dj:
                return self._pair_cost(en[i], ko[j])
            if di:
                return 0.0 if self.source.blocks[en[i]].tweet else _SKIP_COST
            return 0.0 if self.korean.blocks[ko[j]].tweet else _SKIP_COST

        return [
            (en[i] if di else None, ko[j] if dj else None)
            for i, j, di, dj in _cheapest_path(len(en), len(ko), ((1, 1), (1, 0), (0, 1)), cost)
        ]

    def _pair_cost(self, en_index: int, ko_index: int) -> float:
        english, korean = self.source.blocks[en_index], self.korean.blocks[ko_index]
        if english.tweet or korean.tweet:
            return math.inf
        kind_cost = _kind_cost(english.kind, korean.kind)
        en_text, ko_text = _block_text(english), _block_text(korean)
        expected = self.ratio * len(en_text)
        length_cost = abs(len(ko_text) - expected) / math.sqrt(expected + len(ko_text) + 1)
        en_tokens, ko_tokens = _anchor_tokens(en_text), _anchor_tokens(ko_text)
        token_cost = 0.0
        if en_tokens or ko_tokens:
            shared = len(en_tokens & ko_tokens)
            token_cost = 2.0 * (1 - shared / len(en_tokens | ko_tokens))
        return kind_cost + length_cost + token_cost

    def _tweet(self, block: Block, korean_index: int | None) -> None:
        assert block.tweet is not None
        if korean_index is None:
            self.report.append(
                _("the tweet by @{handle} has no Korean version").format(handle=block.tweet.handle)
            )
            return
        korean = self.korean.blocks[korean_index]
        text = "\n".join(segment.source for segment in korean.segments)
        if block.segments and text:
            self._translate(block.segments[0], text)
            # The source's attribution stays; QA's name-policy and mention-case checks
            # report what the translation changed in it.
            if korean.tweet and korean.tweet.name != block.tweet.name:
                block.segments[0].comments.append(
                    Comment(ALIGN_AUTHOR, now_iso(), f"{IMPORTED_NAME} {korean.tweet.name}")
                )
            if korean.tweet and korean.tweet.handle not in ("", block.tweet.handle):
                block.segments[0].comments.append(
                    Comment(ALIGN_AUTHOR, now_iso(), f"{IMPORTED_HANDLE} @{korean.tweet.handle}")
                )


_SKIP_COST = 3.5
_LOOSE_KINDS = frozenset({BlockKind.PARAGRAPH, BlockKind.QUOTE, BlockKind.HEADING})
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _cheapest_path(
    n: int, m: int, moves: tuple[tuple[int, int], ...], cost: Callable[[int, int, int, int], float]
) -> list[tuple[int, int, int, int]]:
    """The cheapest way through an n×m grid with the given moves; `cost(i, j, di, dj)` is
    the price of the move from (i, j). Returns the moves as (i, j, di, dj), in order."""
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = best[i][j]
            if here == math.inf:
                continue
            for di, dj in moves:
                if i + di > n or j + dj > m:
                    continue
                total = here + cost(i, j, di, dj)
                if total < best[i + di][j + dj]:
                    best[i + di][j + dj] = total
                    back[i + di][j + dj] = (di, dj)
    path: list[tuple[int, int, int, int]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj = step
        i, j = i - di, j - dj
        path.append((i, j, di, dj))
    path.reverse()
    return path


def _kind_cost(english: BlockKind, korean: BlockKind) -> float:
    """Same kind: free. Paragraph/quote/heading mix: cheap (a Korean text file has no
    markup to tell them apart). Title or meta against anything else: dear."""
    if english is korean:
        return 0.0
    if english in _LOOSE_KINDS and korean in _LOOSE_KINDS:
        return 0.5
    return 3.0


def _anchor_tokens(text: str) -> set[str]:
    """Tokens that survive translation: hashtags, mentions, URLs, numbers."""
    tokens = {entity.value.lower() for entity in extract(text) if entity.kind != "emoji"}
    tokens.update(_NUMBER.findall(text))
    return tokens


def _increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs (sorted by English index) whose Korean indices also
    increase: patience sorting, O(n log n). Reordered tweets drop out as anchors but
    keep their translation."""
    tails: list[int] = []  # smallest Korean index ending a chain of each length
    tail_at: list[int] = []  # index into pairs of that chain's last pair
    previous: list[int] = [-1] * len(pairs)
    for index, (_en, ko) in enumerate(pairs):
        length = bisect.bisect_left(tails, ko)
        if length == len(tails):
            tails.append(ko)
            tail_at.append(index)
        else:
            tails[length] = ko
            tail_at[length] = index
        previous[index] = tail_at[length - 1] if length else -1
    chain: list[tuple[int, int]] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        chain.append(pairs[at])
        at = previous[at]
    chain.reverse()
    return chain


def align_translation(source: Article, korean: Article, origin_name: str = "") -> AlignmentResult:
    """Merge a Korean version onto its English source article (see module doc)."""
    aligner = _Aligner(source, korean, Origin(OriginKind.IMPORT, engine=origin_name))
    article = aligner.run()
    return AlignmentResult(article, aligner.report)


def review_article(korean: Article, origin_name: str = "") -> Article:
    """A Korean-only review project: every segment has the Korean as target, no source."""
    origin = Origin(OriginKind.IMPORT, engine=origin_name)
    blocks = [
        Block(
            block.kind,
            [
                Segment("", segment.source, Status.DRAFT, origin, comments=segment.comments)
                for segment in block.segments
            ],
            block.tweet,
            block.level,
        )
        for block in korean.blocks
    ]
    meta = ArticleMeta(
        title=korean.meta.title,
        published=korean.meta.published,
        source_lang="en",
        target_lang="ko",
        source_url=korean.meta.source_url,
        author=korean.meta.author,
    )
    return Article(meta, blocks)
