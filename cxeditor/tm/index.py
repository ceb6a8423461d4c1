"""A word and word-pair index that narrows a fuzzy lookup to the units worth scoring.

Scoring every source of a 1,000,000-unit memory with rapidfuzz takes over 100 ms. A
sentence similar to the query shares words and word pairs with it, so the index maps
each word and each word pair (as a 32-bit CRC: a collision only adds a candidate) to
the units that hold it. A lookup counts, for every unit, the keys it shares with the
query (numpy's bincount over the postings, all of them: a budget on the postings read,
or a cap on the candidates ranked by count, is what made the old index miss a third of
the matches in a repetitive memory), ranks the units by the share of their keys in
common (a Dice coefficient, which follows rapidfuzz's ratio far better than a raw count
on a memory of templates), and hands the best few thousand to rapidfuzz, scaled with
the memory's size. bench/bench_tm.py measures how many of a full scan's matches this
finds.

The index is kept in the memory file as a few blobs (sorted key hashes, offsets,
postings, key counts, unit ids, masked sources), so the first lookup reads it instead of
rebuilding it; units added since it was saved are indexed in memory on open.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"\w+")
_MIN_CANDIDATES = 4000
_CANDIDATE_SHARE = 40  # rank 1/40 of the memory's units at most (25,000 of 1,000,000)
_SEPARATOR = "\x00"

Ints = npt.NDArray[np.int64]


def index_keys(text: str) -> set[str]:
    """The words of `text` (lowercased) and its word pairs."""
    words = _WORD.findall(text.lower())
    keys = set(words)
    keys.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    return keys


def key_hashes(text: str) -> list[int]:
    return [zlib.crc32(key.encode()) for key in index_keys(text)]


class NgramIndex:
    """Units (by position 0, 1, 2, … in the order added) by shared words and word pairs."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.texts: list[str] = []  # the masked sources, by position
        self.ids: list[int] = []  # the memory's unit id at each position
        self._hashes = np.zeros(0, np.uint32)  # sorted distinct key hashes (saved part)
        self._offsets = np.zeros(1, np.int64)
        self._postings = np.zeros(0, np.int32)
        self._sizes: list[int] = []  # keys per position
        self._sizes_array = np.zeros(0, np.int32)
        # Added since the arrays were built: key hash -> positions.
        self._recent: dict[int, list[int]] = {}
        self._recent_count = 0
        self.extend(texts)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def recent(self) -> int:
        """How many positions are indexed only in the in-memory part."""
        return self._recent_count

    def extend(self, texts: Iterable[str], ids: Iterable[int] | None = None) -> None:
        ids_iter = iter(ids) if ids is not None else None
        recent = self._recent
        for text in texts:
            position = len(self.texts)
            self.texts.append(text)
            self.ids.append(next(ids_iter) if ids_iter is not None else position)
            hashes = key_hashes(text)
            self._sizes.append(len(hashes))
            for key in hashes:
                recent.setdefault(key, []).append(position)
            self._recent_count += 1

    def compact(self) -> None:
        """Fold the in-memory part into the sorted arrays (before saving)."""
        if not self._recent:
            return
        counts = np.diff(self._offsets)
        base_keys = np.repeat(self._hashes, counts)
        extra_keys = np.fromiter(
            (key for key, positions in self._recent.items() for _p in positions), np.uint32
        )
        extra_positions = np.fromiter(
            (p for positions in self._recent.values() for p in positions), np.int32
        )
        keys = np.concatenate([base_keys, extra_keys])
        positions = np.concatenate([self._postings, extra_positions])
        order = np.lexsort((positions, keys))
        keys, positions = keys[order], positions[order]
        self._hashes, starts = np.unique(keys, return_index=True)
        self._offsets = np.append(starts, len(keys)).astype(np.int64)
        self._postings = positions
        self._recent, self._recent_count = {}, 0

    def candidates(self, query: str, limit: int | None = None) -> list[int] | None:
        """Positions worth scoring against `query`, best first; None when the query has
        no key in the index (then only a full scan can tell)."""
        arrays: list[npt.NDArray[np.int32]] = []
        wanted = key_hashes(query)
        if len(self._hashes):
            keys = np.array(wanted, np.uint32)
            found = np.searchsorted(self._hashes, keys)
            found = np.minimum(found, len(self._hashes) - 1)
            for key, where in zip(keys, found, strict=True):
                if self._hashes[where] == key:
                    arrays.append(self._postings[self._offsets[where] : self._offsets[where + 1]])
        for key in wanted:
            positions = self._recent.get(key)
            if positions:
                arrays.append(np.array(positions, np.int32))
        if not arrays:
            return None
        size = len(self.texts)
        shared = np.bincount(np.concatenate(arrays), minlength=size)
        touched = np.flatnonzero(shared)
        if len(self._sizes_array) != size:
            self._sizes_array = np.array(self._sizes, np.int32)
        dice = shared[touched] / (len(wanted) + self._sizes_array[touched])
        limit = limit or max(_MIN_CANDIDATES, size // _CANDIDATE_SHARE)
        if len(touched) > limit:
            best = np.argpartition(-dice, limit)[:limit]
            touched, dice = touched[best], dice[best]
        return [int(p) for p in touched[np.argsort(-dice, kind="stable")]]

    # --- persistence: a few blobs, so the first lookup reads instead of rebuilding ---

    def to_blobs(self) -> dict[str, bytes]:
        self.compact()
        masked = _SEPARATOR.join(text.replace(_SEPARATOR, " ") for text in self.texts)
        return {
            "hashes": self._hashes.astype(np.uint32).tobytes(),
            "offsets": self._offsets.astype(np.int64).tobytes(),
            "postings": self._postings.astype(np.int32).tobytes(),
            "sizes": np.array(self._sizes, np.int32).tobytes(),
            "ids": np.array(self.ids, np.int64).tobytes(),
            "masked": masked.encode("utf-8"),
        }

    @classmethod
    def from_blobs(cls, blobs: dict[str, bytes]) -> NgramIndex:
        index = cls()
        index._hashes = np.frombuffer(blobs["hashes"], np.uint32)
        index._offsets = np.frombuffer(blobs["offsets"], np.int64)
        index._postings = np.frombuffer(blobs["postings"], np.int32)
        index._sizes_array = np.frombuffer(blobs["sizes"], np.int32)
        index._sizes = index._sizes_array.tolist()
        index.ids = np.frombuffer(blobs["ids"], np.int64).tolist()
        text = blobs["masked"].decode("utf-8")
        index.texts = text.split(_SEPARATOR) if index.ids else []
        if not (len(index.texts) == len(index.ids) == len(index._sizes)):
            raise ValueError("inconsistent index")
        return index


def choices(index: NgramIndex, positions: Sequence[int]) -> list[str]:
    texts = index.texts
    return [texts[p] for p in positions]
