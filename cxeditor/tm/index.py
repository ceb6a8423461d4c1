"""A word n-gram index that narrows a fuzzy lookup to a few hundred candidates.

Scoring every source of a 200,000-unit memory with rapidfuzz takes about 30 ms; a
sentence that is 70% similar to the query nearly always shares several word pairs
with it. So the index maps each word pair (and, for segments of one or two words,
each word) to the units that hold it; a lookup counts shared keys over the rarest
postings first, keeps the best-sharing candidates and leaves the real scoring to
rapidfuzz. Keys that occur in a large part of the memory ("of the") say little and
cost much, so a lookup stops adding postings once it has read enough of them.

It lives in memory, built on the first lookup and extended as units are added:
rebuilding it takes about a second per 200,000 units, which is cheaper than keeping
millions of rows in the SQLite file in step.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"\w+")
# Postings read per lookup before the commonest keys are skipped: enough for every key
# of a query in a varied memory, and a bound on the cost in a repetitive one.
_POSTINGS_BUDGET = 60_000


def index_keys(text: str) -> set[str]:
    """The word pairs of `text` (lowercased), or its words when it has fewer than three."""
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return set(words)
    return {f"{first} {second}" for first, second in itertools.pairwise(words)}


class NgramIndex:
    """Positions (0, 1, 2, … in the order texts were added) by shared word pairs."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._postings: defaultdict[str, list[int]] = defaultdict(list)
        self._size = 0
        self.extend(texts)

    def __len__(self) -> int:
        return self._size

    def extend(self, texts: Iterable[str]) -> None:
        postings = self._postings
        position = self._size
        for text in texts:
            for key in index_keys(text):
                postings[key].append(position)
            position += 1
        self._size = position

    def candidates(self, query: str, limit: int) -> list[int] | None:
        """Up to `limit` positions sharing the most keys with `query`, best first; None
        when the query has no key in the index the budget allows reading (then only a
        full scan can tell)."""
        keys = [key for key in index_keys(query) if key in self._postings]
        if not keys:
            return None
        shared: Counter[int] = Counter()
        read = 0
        for key in sorted(keys, key=lambda k: len(self._postings[k])):
            posting = self._postings[key]
            if read and read + len(posting) > _POSTINGS_BUDGET:
                break
            shared.update(posting)
            read += len(posting)
        return [position for position, _count in shared.most_common(limit)]
