"""Aligning an existing Korean version onto its English source.

Tweets are anchored by @handle and order (the k-th tweet of @x in English is the k-th
tweet of @x in Korean); between anchors, narrative blocks pair in order; inside a
pair, sentences align by length (a small Gale–Church-style dynamic programme). What
cannot be aligned is reported and kept, never dropped.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field

from cxeditor.clock import now_iso
from cxeditor.i18n import _
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

ALIGN_AUTHOR = "import"


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
        moves = ((1, 1, 0.0), (1, 2, 2.0), (2, 1, 2.0), (1, 0, 4.5), (0, 1, 4.5))
        n, m = len(en), len(ko)
        cost = [[math.inf] * (m + 1) for _ in range(n + 1)]
        back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
        cost[0][0] = 0.0
        for i in range(n + 1):
            for j in range(m + 1):
                if cost[i][j] == math.inf:
                    continue
                for di, dj, penalty in moves:
                    ni, nj = i + di, j + dj
                    if ni > n or nj > m:
                        continue
                    expected = self.ratio * sum(en[i:ni])
                    actual = sum(ko[j:nj])
                    mismatch = abs(actual - expected) / math.sqrt(expected + actual + 1)
                    total = cost[i][j] + penalty + mismatch
                    if total < cost[ni][nj]:
                        cost[ni][nj] = total
                        back[ni][nj] = (di, dj)
        groups: list[tuple[list[int], list[int]]] = []
        i, j = n, m
        while i or j:
            step = back[i][j]
            assert step is not None
            di, dj = step
            groups.append((list(range(i - di, i)), list(range(j - dj, j))))
            i, j = i - di, j - dj
        groups.reverse()
        return groups

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
            en_narrative = [
                i
                for i in range(en_start, en_anchor)
                if self.source.blocks[i].kind is not BlockKind.TWEET
            ]
            ko_narrative = [
                j
                for j in range(ko_start, ko_anchor)
                if self.korean.blocks[j].kind is not BlockKind.TWEET
            ]
            narrative_pairs = dict(zip(en_narrative, ko_narrative, strict=False))
            for i in range(en_start, en_anchor):
                block = self.source.blocks[i]
                if block.kind is BlockKind.TWEET:
                    self._tweet(block, pairs.get(i))
                elif i in narrative_pairs:
                    korean = self.korean.blocks[narrative_pairs[i]]
                    self.fill(block, [s.source for s in korean.segments])
                else:
                    self.report.append(
                        _('English {kind} "{text}" has no Korean counterpart').format(
                            kind=block.kind.value, text=_preview(_block_text(block))
                        )
                    )
                result.append(block)
            leftovers = ko_narrative[len(en_narrative) :] + [
                j
                for j in range(ko_start, ko_anchor)
                if self.korean.blocks[j].kind is BlockKind.TWEET and j not in used_korean
            ]
            for j in sorted(leftovers):
                result.append(self.extra_block(self.korean.blocks[j], j))
            if en_anchor < len(self.source.blocks):
                block = self.source.blocks[en_anchor]
                self._tweet(block, pairs.get(en_anchor))
                result.append(block)
            en_start, ko_start = en_anchor + 1, ko_anchor + 1
        return Article(self.source.meta, result)

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
            [Segment("", segment.source, Status.DRAFT, origin) for segment in block.segments],
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
