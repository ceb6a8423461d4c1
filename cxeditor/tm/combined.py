"""The memories a lookup searches: the project's own and the user's, as one.

The project's own memory is its confirmed and approved segments (the file holds them
already, so nothing is stored twice): built in memory when a project opens, and fed
as segments are confirmed. The user's memory is the SQLite file shared by all
projects. A lookup asks both; the same translation found in both counts once, the
project's first, because it is the closest context there is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from cxeditor.clock import now_iso
from cxeditor.model import Article, Segment, Status
from cxeditor.store import Project
from cxeditor.tm.memory import (
    FUZZY_CAP,
    SqliteMemory,
    TmMatch,
    TmUnit,
    TranslationMemory,
    rank,
)

PROJECT, USER = "project", "user"
_REMEMBERED = (Status.TRANSLATED, Status.APPROVED)  # a rejected or draft one is not


def remembered_units(
    article: Article, ids: Iterable[int] | None = None, *, who: str = ""
) -> list[TmUnit]:
    """Translation-memory units for the article's confirmed and approved segments (all
    of them, or those with the given ids), each with its neighbours' sources as context."""
    wanted = None if ids is None else set(ids)
    segments = list(article.segments())
    units = []
    for number, segment in enumerate(segments):
        if wanted is not None and segment.id not in wanted:
            continue
        if not _rememberable(segment):
            continue
        units.append(
            TmUnit(
                segment.source,
                segment.target,
                article.meta.source_lang,
                article.meta.target_lang,
                previous=segments[number - 1].source if number > 0 else "",
                next=segments[number + 1].source if number + 1 < len(segments) else "",
                origin=who,
                creator=who,
                changer=who,
                changed=now_iso(),
            )
        )
    return units


def feed_user_memory(project: Project, memory: TranslationMemory) -> int:
    """Give the user's memory the segments the project has queued for it (a review
    import queues them in its own transaction), then empty the queue; return how
    many units were offered. Re-running after a kill offers them again, and the
    memory keeps each translation once."""
    if not project.queues_memory_feed:
        return 0
    queued = project.memory_feed()
    if not queued:
        return 0
    article = project.load_article()
    units = [
        unit for who, ids in queued.items() for unit in remembered_units(article, ids, who=who)
    ]
    if units:
        memory.add(units)
    project.clear_memory_feed(i for ids in queued.values() for i in ids)
    return len(units)


def _rememberable(segment: Segment) -> bool:
    return segment.status in _REMEMBERED and bool(segment.source.strip() and segment.target.strip())


def project_memory(article: Article) -> SqliteMemory:
    """The project's own memory, held in memory (built in well under a second even for
    a 20,000-segment project)."""
    memory = SqliteMemory(":memory:")
    memory.add(remembered_units(article))
    return memory


class CombinedMemory:
    """Several memories searched as one; each match says which memory it came from."""

    def __init__(self, memories: Sequence[tuple[str, TranslationMemory]]) -> None:
        self.memories = list(memories)

    def lookup(
        self,
        source: str,
        *,
        limit: int = 5,
        threshold: int = 70,
        previous: str = "",
        following: str = "",
    ) -> list[TmMatch]:
        """The best matches of all memories, best first; the earlier memory wins a tie and
        a translation found in two memories is listed once."""
        found: dict[tuple[str, str], TmMatch] = {}
        for name, memory in self.memories:
            for match in memory.lookup(
                source, limit=limit, threshold=threshold, previous=previous, following=following
            ):
                key = (match.unit.source, match.unit.target)
                if key not in found or rank(match) > rank(found[key]):
                    found[key] = replace(match, memory=name)
        ordered = sorted(
            found.values(),
            key=lambda m: (rank(m), -self._position(m.memory)),
            reverse=True,
        )
        return ordered[:limit]

    def _position(self, name: str) -> int:
        return next((i for i, (each, _memory) in enumerate(self.memories) if each == name), 0)

    def best(self, source: str, threshold: int = 100) -> tuple[str, int] | None:
        """For pre-translation: the best match at or above `threshold`, as (target, score)."""
        found = self.lookup(source, limit=1, threshold=min(threshold, FUZZY_CAP))
        if found and found[0].score >= threshold:
            return found[0].target, found[0].score
        return None

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]:
        seen: dict[tuple[str, str], TmUnit] = {}
        for _name, memory in self.memories:
            for unit in memory.concordance(text, side=side, limit=limit):
                seen.setdefault((unit.source, unit.target), unit)
        return list(seen.values())[:limit]

    def units(self) -> Iterator[TmUnit]:
        for _name, memory in self.memories:
            yield from memory.units()

    def add(self, units: Iterable[TmUnit]) -> int:
        """Adds to every memory (a confirmed segment belongs to the project and the user)."""
        batch = list(units)
        return max((memory.add(batch) for _name, memory in self.memories), default=0)

    def count(self) -> int:
        return sum(memory.count() for _name, memory in self.memories)
