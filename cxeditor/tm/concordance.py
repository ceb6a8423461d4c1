"""Concordance: where a phrase was used before, in the memories' sources or targets.

The memories find the units (their `concordance()`, a case-insensitive scan of the
texts); this adds where in each text the phrase is, so the editor can mark it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxeditor.tm.memory import TmUnit, TranslationMemory

MIN_QUERY = 2  # characters; one Hangul syllable or letter matches nearly everything


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    unit: TmUnit
    source_spans: tuple[tuple[int, int], ...]  # where the phrase is (Python indices)
    target_spans: tuple[tuple[int, int], ...]


def occurrences(text: str, phrase: str) -> tuple[tuple[int, int], ...]:
    """Every case-insensitive occurrence of `phrase` in `text`, as (start, end)."""
    if not phrase:
        return ()
    folded, needle = text.casefold(), phrase.casefold()
    if len(folded) != len(text):  # casefold changed lengths (ß -> ss): plain lower()
        folded, needle = text.lower(), phrase.lower()
    spans = []
    start = folded.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = folded.find(needle, start + len(needle))
    return tuple(spans)


def concordance(memory: TranslationMemory, phrase: str, *, limit: int = 50) -> list[ConcordanceHit]:
    """Units whose source or target contains `phrase` (sources first), each once."""
    phrase = phrase.strip()
    if len(phrase) < MIN_QUERY:
        return []
    seen: dict[tuple[str, str], ConcordanceHit] = {}
    for side in ("source", "target"):
        for unit in memory.concordance(phrase, side=side, limit=limit):
            key = (unit.source, unit.target)
            if key not in seen:
                seen[key] = ConcordanceHit(
                    unit, occurrences(unit.source, phrase), occurrences(unit.target, phrase)
                )
    return list(seen.values())[:limit]
