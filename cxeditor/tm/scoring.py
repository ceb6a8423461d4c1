"""The scoring every memory backend shares, so one query ranks the same everywhere.

A backend finds two kinds of rows: those whose source (or masked source) equals the
query's, and fuzzy candidates narrowed its own way (SQLite: the n-gram index;
PostgreSQL: the same keys' postings in a table, or pg_trgm). This module turns them into the ranked
matches for both (`SqliteMemory` and `PgMemory` call it): rapidfuzz's ratio over the
masked sources, capped below an exact match, context first among exact ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from cxeditor.tm.memory import (
    EXACT,
    FUZZY_CAP,
    PLACEHOLDER_EXACT,
    TmMatch,
    TmUnit,
    _diff,
    adapt,
    rank,
)


def ranked_matches(
    source: str,
    masked: str,
    exact: Iterable[TmUnit],
    candidates: Sequence[tuple[TmUnit, str]],
    *,
    limit: int,
    threshold: int,
    previous: str = "",
    following: str = "",
) -> list[TmMatch]:
    """The best `limit` matches: `exact` are units whose source or masked source equals
    the query's; `candidates` are (unit, masked source) pairs for fuzzy scoring."""
    matches: dict[tuple[str, str], TmMatch] = {}
    for unit in exact:
        if unit.source == source:
            in_context = bool(previous or following) and (unit.previous, unit.next) == (
                previous,
                following,
            )
            match = TmMatch(unit, EXACT, "context" if in_context else "exact", unit.target)
        else:
            match = TmMatch(
                unit,
                PLACEHOLDER_EXACT,
                "placeholder",
                adapt(unit.target, unit.source, source),
                _diff(source, unit.source),
            )
        key = (unit.source, unit.target)
        if key not in matches or rank(match) > rank(matches[key]):
            matches[key] = match
    found = process.extract(
        masked,
        [unit_masked for _unit, unit_masked in candidates],
        scorer=fuzz.ratio,
        limit=limit * 4,
        score_cutoff=threshold,
    )
    for _text, raw, index in found:
        unit = candidates[index][0]
        key = (unit.source, unit.target)
        if key in matches:
            continue
        score = min(round(raw), FUZZY_CAP)
        if score >= threshold:
            matches[key] = TmMatch(
                unit,
                score,
                "fuzzy",
                adapt(unit.target, unit.source, source),
                _diff(source, unit.source),
            )
    return sorted(matches.values(), key=rank, reverse=True)[:limit]
