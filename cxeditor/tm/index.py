"""A word and word-pair index that narrows a fuzzy lookup to the units worth scoring.

Scoring every source of a 1,000,000-unit memory with rapidfuzz takes over 100 ms. A
sentence similar to the query shares words with it, and pairs of words in the same
order: the index maps each word and each ordered pair of words up to `GAP` apart (as
32-bit hashes: a collision only adds a candidate) to the units that hold it. Pairs with
a word between them follow rapidfuzz's ratio (a longest common subsequence) far better
than adjacent pairs alone on a memory of templates, where near-matches differ by a
swapped or an inserted word (on bench_tm.py's repetitive memory, 1,000,000 units: 98.9%
of a full scan's matches at 70% from 10,000 candidates; adjacent pairs alone needed
25,000 for 98.7%, and those cost as much to score as the rest of the lookup).

A lookup counts, for every unit sharing a key with the query, the keys it shares, ranks
the units by the share of their keys in common (a Dice coefficient) and hands the best
1% (4,000 at least) to rapidfuzz. The keys held by more than an eighth of the memory (a
chat series' `the`, `Q1`, `#CXTweetChat`) are not posting lists but one bit each in a
64-bit mask per unit: reading their postings was most of a lookup's time at 1,000,000
units, and counting them costs one popcount per unit that shares a rarer key. A unit
sharing only such keys with a query that has rarer ones is not a candidate (on bench_tm.py's
memories the recall stays within half a point); with a query that has none, every unit is.

The index is kept in the memory file as a few blobs (sorted key hashes, postings and
their counts, the frequent keys and the masks, keys per unit, unit ids, masked sources), so
the first lookup reads it instead of rebuilding it; units added since it was saved are
indexed in memory on open.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

WORD = re.compile(r"\w+")
GAP = 3  # ordered word pairs up to this many words apart are keys
MIN_CANDIDATES = 4000
CANDIDATE_SHARE = 100  # rank 1/100 of the memory's units at most (10,000 of 1,000,000)
FREQUENT_SHARE = 8  # a key held by more than 1/8 of the units is a bit in the mask...
FREQUENT_MIN = 64  # ...if held by this many at least (a small memory needs no masks)
_MASK_BITS = 64
_SEPARATOR = "\x00"
FORMAT = b"3"  # the saved layout; an index saved in another is rebuilt from the units

U32 = npt.NDArray[np.uint32]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]


def index_keys(text: str) -> set[str]:
    """The words of `text` (lowercased) and its adjacent word pairs: the keys the team
    server's memory keeps in its table (pg_memory.py)."""
    words = WORD.findall(text.lower())
    keys = set(words)
    keys.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return keys


def _mix(first: U32, second: U32, gap: int) -> U32:
    """A 32-bit hash of an ordered pair of word hashes `gap` words apart (splitmix64's
    finaliser over both)."""
    z = (first.astype(np.uint64) << np.uint64(32)) | second.astype(np.uint64)
    z = z + np.uint64(0x9E3779B97F4A7C15 * gap % 2**64)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z = z ^ (z >> np.uint64(31))
    return (z & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def unit_keys(texts: Sequence[str], first: int = 0) -> tuple[U32, I32]:
    """The distinct key hashes of each text, as (keys, positions) sorted by position
    (the texts numbered from `first`), computed for the whole batch at once."""
    known: dict[str, int] = {}
    hashes: list[int] = []
    counts = np.zeros(len(texts), np.int64)
    for number, text in enumerate(texts):
        words = WORD.findall(text.lower())
        counts[number] = len(words)
        for word in words:
            value = known.get(word)
            if value is None:
                value = known[word] = zlib.crc32(word.encode("utf-8", "surrogatepass"))
            hashes.append(value)
    flat = np.array(hashes, np.uint32)
    owners = np.repeat(np.arange(first, first + len(texts), dtype=np.int64), counts)
    keys, positions = [flat], [owners]
    for gap in range(1, GAP + 1):
        same = owners[:-gap] == owners[gap:]
        keys.append(_mix(flat[:-gap][same], flat[gap:][same], gap))
        positions.append(owners[:-gap][same])
    # One (position, key) pair per distinct key of a text.
    combined = _distinct(
        (np.concatenate(positions).astype(np.uint64) << np.uint64(32))
        | np.concatenate(keys).astype(np.uint64)
    )
    return (
        (combined & np.uint64(0xFFFFFFFF)).astype(np.uint32),
        (combined >> np.uint64(32)).astype(np.int32),
    )


def _distinct(values: U64) -> U64:
    """The distinct values, sorted (np.unique hashes instead, many times slower here)."""
    values = np.sort(values)
    return values[_starts(values)]


def _starts(ordered: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.bool_]:
    """Where each run of equal values in a sorted array begins."""
    flags = np.ones(len(ordered), np.bool_)
    flags[1:] = ordered[1:] != ordered[:-1]
    return flags


def _postings(keys: U32, positions: I32) -> tuple[U32, I64, I32]:
    """Sorted distinct keys, offsets into the postings, and the positions per key."""
    order = np.lexsort((positions, keys))
    keys, positions = keys[order], positions[order]
    starts = np.flatnonzero(_starts(keys))
    return keys[starts], np.append(starts, len(keys)).astype(np.int64), positions


class NgramIndex:
    """Units (by position 0, 1, 2, … in the order added) by shared words and word pairs."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.texts: list[str] = []  # the masked sources, by position
        self.ids = np.zeros(0, np.int64)  # the memory's unit id at each position
        self._sizes = np.zeros(0, np.int32)  # distinct keys per position
        # The frequent keys (bit i of a mask is key i) and each position's mask.
        self._frequent = np.zeros(0, np.uint32)
        self._masks = np.zeros(0, np.uint64)
        # The other keys' postings, sorted arrays for the positions below _base...
        self._hashes = np.zeros(0, np.uint32)
        self._offsets = np.zeros(1, np.int64)
        self._postings = np.zeros(0, np.int32)
        self._base = 0
        self._saved = 0  # positions below this are in the saved blobs
        # ...and for those added since (sorted on the next lookup).
        self._recent_keys: list[U32] = []
        self._recent_positions: list[I32] = []
        self._recent: tuple[U32, I64, I32] | None = None
        self.extend(texts)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def recent(self) -> int:
        """How many positions were added since the index was saved or read."""
        return len(self.texts) - self._saved

    def extend(self, texts: Iterable[str], ids: Iterable[int] | None = None) -> None:
        batch = list(texts)
        if not batch:
            return
        first = len(self.texts)
        keys, positions = unit_keys(batch, first)
        self.texts.extend(batch)
        new_ids = np.arange(first, first + len(batch)) if ids is None else list(ids)
        self.ids = np.concatenate([self.ids, np.array(new_ids, np.int64)])
        sizes = np.bincount(positions - first, minlength=len(batch)).astype(np.int32)
        self._sizes = np.concatenate([self._sizes, sizes])
        masks = np.zeros(len(batch), np.uint64)
        if len(self._frequent):
            bit = self._bit_of(keys)
            frequent = bit >= 0
            np.bitwise_or.at(
                masks,
                positions[frequent] - first,
                np.left_shift(np.uint64(1), bit[frequent].astype(np.uint64)),
            )
            keys, positions = keys[~frequent], positions[~frequent]
        self._masks = np.concatenate([self._masks, masks])
        self._recent_keys.append(keys)
        self._recent_positions.append(positions)
        self._recent = None
        if len(self.texts) - self._base > max(len(self.texts) // 4, 10_000):
            self.compact()  # a big batch: one sorted part is quicker to read

    def _bit_of(self, keys: U32) -> I64:
        """Each key's bit in the masks, -1 for a key with postings."""
        order = np.argsort(self._frequent)
        ranked = self._frequent[order]
        where = np.minimum(np.searchsorted(ranked, keys), len(ranked) - 1)
        return np.where(ranked[where] == keys, order[where], -1).astype(np.int64)

    def compact(self) -> None:
        """Fold the units added since into the sorted arrays and choose the frequent keys
        again (before saving)."""
        if self._base == len(self.texts):
            return
        keys = [np.repeat(self._hashes, np.diff(self._offsets)), *self._recent_keys]
        positions = [self._postings, *self._recent_positions]
        for number, key in enumerate(self._frequent):
            holders = np.flatnonzero(self._masks & np.uint64(1 << number)).astype(np.int32)
            keys.append(np.full(len(holders), key, np.uint32))
            positions.append(holders)
        all_keys, all_positions = np.concatenate(keys), np.concatenate(positions)
        ordered = np.sort(all_keys)
        starts = np.flatnonzero(_starts(ordered))
        distinct, counts = ordered[starts], np.diff(np.append(starts, len(ordered)))
        size = len(self.texts)
        common = np.flatnonzero((counts * FREQUENT_SHARE > size) & (counts >= FREQUENT_MIN))
        common = common[np.argsort(-counts[common], kind="stable")][:_MASK_BITS]
        self._frequent = distinct[common]
        self._masks = np.zeros(size, np.uint64)
        self._recent_keys, self._recent_positions, self._recent = [], [], None
        self._base = size
        bit = self._bit_of(all_keys) if len(common) else np.full(len(all_keys), -1)
        rare = bit < 0
        np.bitwise_or.at(
            self._masks,
            all_positions[~rare],
            np.left_shift(np.uint64(1), bit[~rare].astype(np.uint64)),
        )
        self._hashes, self._offsets, self._postings = _postings(all_keys[rare], all_positions[rare])

    def _posting_lists(self, keys: U32) -> list[I32]:
        found: list[I32] = []
        if self._recent is None and self._recent_keys:
            self._recent = _postings(
                np.concatenate(self._recent_keys), np.concatenate(self._recent_positions)
            )
        parts = [(self._hashes, self._offsets, self._postings)]
        if self._recent is not None:
            parts.append(self._recent)
        for hashes, offsets, postings in parts:
            if not len(hashes):
                continue
            where = np.minimum(np.searchsorted(hashes, keys), len(hashes) - 1)
            for slot in where[hashes[where] == keys]:
                found.append(postings[offsets[slot] : offsets[slot + 1]])
        return found

    def candidates(self, query: str, limit: int | None = None) -> list[int] | None:
        """Positions worth scoring against `query`, best first; None when the query has
        no key in the index (then only a full scan can tell)."""
        keys, _positions = unit_keys([query])
        count, size = len(keys), len(self.texts)
        query_mask = np.uint64(0)
        if len(self._frequent):
            bit = self._bit_of(keys)
            for number in bit[bit >= 0]:
                query_mask |= np.uint64(1 << int(number))
            keys = keys[bit < 0]
        postings = self._posting_lists(keys)
        if postings:
            shared = np.bincount(np.concatenate(postings), minlength=size)
            touched = np.flatnonzero(shared)
            shared = shared[touched]
        elif query_mask:  # only frequent keys in common: every unit may be worth it
            touched, shared = np.arange(size), np.zeros(size, np.int64)
        else:
            return None
        if query_mask:
            shared = shared + np.bitwise_count(self._masks[touched] & query_mask)
        dice = shared / (count + self._sizes[touched])
        limit = limit or max(MIN_CANDIDATES, size // CANDIDATE_SHARE)
        if len(touched) > limit:
            best = np.argpartition(-dice, limit)[:limit]
            touched, dice = touched[best], dice[best]
        ranked: list[int] = touched[np.argsort(-dice, kind="stable")].tolist()
        return ranked

    # --- persistence: a few blobs, so the first lookup reads instead of rebuilding ---

    def to_blobs(self) -> dict[str, bytes]:
        self.compact()
        self._saved = len(self.texts)
        masked = _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in self.texts)
        # The texts and the postings' counts compressed (a third and a tenth of their
        # size; a few hundred ms to read back at 1,000,000 units), the rest as it is.
        return {
            "format": FORMAT,
            "hashes": self._hashes.astype(np.uint32).tobytes(),
            "counts": zlib.compress(np.diff(self._offsets).astype(np.uint32).tobytes(), 1),
            "postings": self._postings.astype(np.int32).tobytes(),
            "frequent": self._frequent.astype(np.uint32).tobytes(),
            "masks": self._masks.astype(np.uint64).tobytes(),
            "sizes": self._sizes.astype(np.int32).tobytes(),
            "ids": self.ids.astype(np.int64).tobytes(),
            "masked": zlib.compress(masked.encode("utf-8", "surrogatepass"), 1),
        }

    @classmethod
    def from_blobs(cls, blobs: dict[str, bytes]) -> NgramIndex:
        """The saved index; ValueError if it is damaged or saved in another layout."""
        if blobs.get("format") != FORMAT:
            raise ValueError("index saved in another layout")
        index = cls()
        index._hashes = np.frombuffer(blobs["hashes"], np.uint32)
        try:
            counts = np.frombuffer(zlib.decompress(blobs["counts"]), np.uint32)
            text = zlib.decompress(blobs["masked"]).decode("utf-8", "surrogatepass")
        except zlib.error as error:
            raise ValueError("damaged index") from error
        index._offsets = np.zeros(len(counts) + 1, np.int64)
        np.cumsum(counts, out=index._offsets[1:])
        index._postings = np.frombuffer(blobs["postings"], np.int32)
        index._frequent = np.frombuffer(blobs["frequent"], np.uint32)
        index._masks = np.frombuffer(blobs["masks"], np.uint64)
        index._sizes = np.frombuffer(blobs["sizes"], np.int32)
        index.ids = np.frombuffer(blobs["ids"], np.int64)
        index.texts = text.split(_SEPARATOR) if len(index.ids) else []
        index._base = index._saved = len(index.texts)
        if not (
            len(index.texts) == len(index.ids) == len(index._sizes) == len(index._masks)
            and len(index._offsets) == len(index._hashes) + 1
            and (not len(index._postings) or index._offsets[-1] == len(index._postings))
        ):
            raise ValueError("inconsistent index")
        return index


def choices(index: NgramIndex, positions: Sequence[int]) -> list[str]:
    texts = index.texts
    return [texts[p] for p in positions]
