"""Translation memory: exact, context and fuzzy matches, offline, in SQLite.

Sources are compared in placeholder form (tweet tokens and numbers masked as in MT), so
`#CXTweetChat` against `#LocChat` costs one token, and a match is adapted by putting the
new segment's tokens back (with the Korean particle after a token made to fit it).

`TranslationMemory` is the small interface callers use; `SqliteMemory` is the one
backend today (a user-level file, or any path), so a shared server backend can be added
later without touching callers.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import platformdirs
from rapidfuzz import fuzz, process

from cxeditor.clock import now_iso
from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.mt.protect import mask
from cxeditor.text.korean import PARTICLE_PAIRS, choose_particle
from cxeditor.tm.index import NgramIndex

EXACT, PLACEHOLDER_EXACT, FUZZY_CAP = 100, 99, 98
_INDEX_CANDIDATES = 500  # units the n-gram index hands to rapidfuzz per lookup
_PAIRED_PARTICLE = re.compile(
    "|".join(
        sorted(
            (
                member
                for pair in PARTICLE_PAIRS
                for member in (pair.after_consonant, pair.after_vowel)
            ),
            key=len,
            reverse=True,
        )
    )
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    masked TEXT NOT NULL,
    previous TEXT NOT NULL DEFAULT '',
    next TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    creator TEXT NOT NULL DEFAULT '',
    changer TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL DEFAULT '',
    UNIQUE (source, target, source_lang, target_lang)
);
CREATE INDEX IF NOT EXISTS units_by_source ON units(source);
CREATE INDEX IF NOT EXISTS units_by_masked ON units(masked);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(
    source, target, content='units', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS units_ai AFTER INSERT ON units BEGIN
    INSERT INTO units_fts(rowid, source, target) VALUES (new.id, new.source, new.target);
END;
CREATE TRIGGER IF NOT EXISTS units_ad AFTER DELETE ON units BEGIN
    INSERT INTO units_fts(units_fts, rowid, source, target)
    VALUES ('delete', old.id, old.source, old.target);
END;
"""
_COLUMNS = (
    "source, target, source_lang, target_lang, previous, next, origin,"
    " creator, created, changer, changed"
)
# Columns added since the first memories were written (ALTER TABLE on open).
_ADDED_COLUMNS = ("creator", "changer", "changed")


@dataclass(frozen=True, slots=True)
class TmUnit:
    source: str
    target: str
    source_lang: str = "en"
    target_lang: str = "ko"
    previous: str = ""  # the source of the segment before (context matches)
    next: str = ""
    origin: str = ""
    # Who and when (TMX's creationid/creationdate/changeid/changedate); dates ISO 8601.
    creator: str = ""
    created: str = ""
    changer: str = ""
    changed: str = ""


@dataclass(frozen=True, slots=True)
class TmMatch:
    unit: TmUnit
    score: int  # percent
    kind: str  # exact, context, placeholder, fuzzy
    target: str  # adapted to the new segment's tokens
    diff: list[tuple[str, str]] = field(default_factory=list)  # (op, words) vs the query
    memory: str = ""  # which memory it came from, when several are searched


class TranslationMemory(Protocol):
    def add(self, units: Iterable[TmUnit]) -> int: ...

    def lookup(
        self,
        source: str,
        *,
        limit: int = 5,
        threshold: int = 70,
        previous: str = "",
        following: str = "",
    ) -> list[TmMatch]: ...

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]: ...

    def units(self) -> Iterator[TmUnit]: ...

    def count(self) -> int: ...


def user_memory_path() -> Path:
    return Path(platformdirs.user_data_dir("cxeditor", "cxeditor")) / "memory.sqlite"


def _diff(query: str, found: str) -> list[tuple[str, str]]:
    """Word-level differences between the match's source and the new source."""
    old, new = found.split(), query.split()
    result: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new).get_opcodes():
        if op == "equal":
            result.append(("equal", " ".join(old[a1:a2])))
            continue
        if a1 < a2:
            result.append(("delete", " ".join(old[a1:a2])))
        if b1 < b2:
            result.append(("insert", " ".join(new[b1:b2])))
    return result


def adapt(target: str, unit_source: str, query: str) -> str:
    """Put the new segment's tokens into a match's target, token for token."""
    old_tokens = list(mask(unit_source).tokens)
    new_tokens = list(mask(query).tokens)
    if len(old_tokens) != len(new_tokens):
        return target
    adapted = target
    for old, new in zip(old_tokens, new_tokens, strict=True):
        position = adapted.find(old.text)
        if old.text == new.text or old.kind != new.kind or position < 0:
            continue
        end = position + len(old.text)
        # A particle after the token must suit the new token's reading (CX는 / Google은).
        tail = _PAIRED_PARTICLE.match(adapted, end)
        particle = tail.group() if tail else ""
        fitted = choose_particle(new.text, particle) if particle else ""
        adapted = adapted[:position] + new.text + fitted + adapted[end + len(particle) :]
    return adapted


class SqliteMemory:
    """A translation memory in one SQLite file (the user's, or any path)."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self.path = path
        self._ids: list[int] = []
        self._masked: list[str] | None = None  # masked sources, loaded on first lookup
        self._index: NgramIndex | None = None
        # The GUI looks up in a worker while the main thread records confirmed edits.
        self._lock = threading.RLock()
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # One connection per memory object; a worker thread gets its own object.
            self._connection = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False
            )
            self._connection.executescript(_SCHEMA)
            have = {row[1] for row in self._connection.execute("PRAGMA table_info(units)")}
            for column in _ADDED_COLUMNS:
                if column not in have:
                    self._connection.execute(
                        f"ALTER TABLE units ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"
                    )  # constant column names
        except (sqlite3.DatabaseError, OSError) as error:
            raise CxError(
                _("{path} is not a usable translation memory ({reason})").format(
                    path=path, reason=error
                )
            ) from error

    def close(self) -> None:
        self._connection.close()

    def add(
        self,
        units: Iterable[TmUnit],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        """Add units in ONE transaction (all or nothing); returns how many were new."""
        with self._lock:
            return self._add(units, progress, cancel)

    def _add(
        self, units: Iterable[TmUnit], progress: ProgressCallback, cancel: CancelFlag | None
    ) -> int:
        connection = self._connection
        before = self.count()
        created = now_iso()
        connection.execute("BEGIN IMMEDIATE")
        try:
            batch: list[tuple[str, ...]] = []
            for index, unit in enumerate(units):
                if index % 5000 == 0:
                    if cancel:
                        cancel.check()
                    progress(index, 0, _("Importing translation memory"))
                batch.append(
                    (
                        unit.source,
                        unit.target,
                        unit.source_lang,
                        unit.target_lang,
                        mask(unit.source).text,
                        unit.previous,
                        unit.next,
                        unit.origin,
                        unit.created or created,
                        unit.creator,
                        unit.changer,
                        unit.changed,
                    )
                )
                if len(batch) >= 5000:
                    self._insert(batch)
                    batch = []
            self._insert(batch)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        if self._masked is not None:  # extend what lookups hold in memory
            self._load_masked(after_id=self._ids[-1] if self._ids else 0)
        return self.count() - before

    def _insert(self, rows: list[tuple[str, ...]]) -> None:
        self._connection.executemany(
            "INSERT OR IGNORE INTO units (source, target, source_lang, target_lang, masked,"
            " previous, next, origin, created, creator, changer, changed)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def count(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT count(*) FROM units").fetchone()[0])

    def units(self) -> Iterator[TmUnit]:
        for row in self._connection.execute(f"SELECT {_COLUMNS} FROM units ORDER BY id"):  # noqa: S608 - constant columns
            yield TmUnit(*row)

    def _candidates(self, masked: str, threshold: int, limit: int) -> list[tuple[TmUnit, str]]:
        """Fuzzy candidates: the n-gram index narrows the memory to the units sharing
        most word pairs with the query, and rapidfuzz scores those (a full scan only
        when the index has nothing to go on)."""
        if self._masked is None:
            self._load_masked()
        assert self._masked is not None
        assert self._index is not None
        narrowed = self._index.candidates(masked, _INDEX_CANDIDATES)
        choices = self._masked if narrowed is None else [self._masked[i] for i in narrowed]
        found = process.extract(
            masked, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=threshold
        )
        ids = [
            self._ids[index if narrowed is None else narrowed[index]]
            for _text, _score, index in found
        ]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._connection.execute(
            f"SELECT {_COLUMNS}, masked FROM units WHERE id IN ({marks})",  # noqa: S608 - placeholders only
            ids,
        )
        return [(TmUnit(*row[:-1]), row[-1]) for row in rows]

    def _load_masked(self, after_id: int = 0) -> None:
        """Hold the masked sources (and their index) in memory, or append those added
        since `after_id`."""
        if after_id == 0 or self._masked is None or self._index is None:
            self._ids, self._masked, self._index = [], [], NgramIndex()
            after_id = 0
        rows = self._connection.execute(
            "SELECT id, masked FROM units WHERE id > ? ORDER BY id", (after_id,)
        ).fetchall()
        self._ids.extend(unit_id for unit_id, _masked in rows)
        self._masked.extend(unit_masked for _id, unit_masked in rows)
        self._index.extend(unit_masked for _id, unit_masked in rows)

    def lookup(
        self,
        source: str,
        *,
        limit: int = 5,
        threshold: int = 70,
        previous: str = "",
        following: str = "",
    ) -> list[TmMatch]:
        """Best matches first: exact (in context first), placeholder-exact, then fuzzy."""
        with self._lock:
            return self._lookup(source, limit, threshold, previous, following)

    def _lookup(
        self, source: str, limit: int, threshold: int, previous: str, following: str
    ) -> list[TmMatch]:
        masked = mask(source).text
        matches: dict[tuple[str, str], TmMatch] = {}
        for row in self._connection.execute(
            f"SELECT {_COLUMNS} FROM units WHERE source = ? OR masked = ?",  # noqa: S608
            (source, masked),
        ):
            unit = TmUnit(*row)
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
        for unit, unit_masked in self._candidates(masked, threshold, limit * 4):
            key = (unit.source, unit.target)
            if key in matches:
                continue
            score = min(round(fuzz.ratio(masked, unit_masked)), FUZZY_CAP)
            if score >= threshold:
                matches[key] = TmMatch(
                    unit,
                    score,
                    "fuzzy",
                    adapt(unit.target, unit.source, source),
                    _diff(source, unit.source),
                )
        return sorted(matches.values(), key=rank, reverse=True)[:limit]

    def best(self, source: str, threshold: int = 100) -> tuple[str, int] | None:
        """For pre-translation: the best match at or above `threshold`, as (target, score)."""
        found = self.lookup(source, limit=1, threshold=min(threshold, FUZZY_CAP))
        if found and found[0].score >= threshold:
            return found[0].target, found[0].score
        return None

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]:
        """Units whose source (or target) contains `text`, case-insensitively."""
        with self._lock:
            return self._concordance(text, side, limit)

    def _concordance(self, text: str, side: str, limit: int) -> list[TmUnit]:
        column = "target" if side == "target" else "source"
        if len(text) >= 3:
            # The trigram index finds substrings without scanning the table.
            phrase = '"' + text.replace('"', '""') + '"'
            rows = self._connection.execute(
                "SELECT u.source, u.target, u.source_lang, u.target_lang, u.previous, u.next,"
                " u.origin, u.creator, u.created, u.changer, u.changed"
                " FROM units_fts JOIN units u ON u.id = units_fts.rowid "
                "WHERE units_fts MATCH ? LIMIT ?",
                (f"{column} : {phrase}", limit),
            )
            return [TmUnit(*row) for row in rows]
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM units WHERE instr(lower({column}), lower(?)) > 0 "  # noqa: S608
            "LIMIT ?",
            (text, limit),
        )
        return [TmUnit(*row) for row in rows]


# A match's place in a list: score, then a context match before a plain exact one.
def rank(match: TmMatch) -> tuple[int, int]:
    return (match.score, 1 if match.kind == "context" else 0)
