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
import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol, Self

import platformdirs
from rapidfuzz import fuzz, process

from cxeditor.clock import now_iso
from cxeditor.errors import CxError
from cxeditor.faults import rollback_quietly, write_failure
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.mt.protect import mask
from cxeditor.text.korean import PARTICLE_PAIRS, choose_particle
from cxeditor.tm.index import NgramIndex

EXACT, PLACEHOLDER_EXACT, FUZZY_CAP = 100, 99, 98
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
# Schema 2: the texts once, hashes (64-bit) for uniqueness and exact lookups instead of
# indexes over the texts, no full-text index (concordance scans: a few hundred ms on a
# million units), and the fuzzy index saved as blobs. Half the size of schema 1.
_VERSION = 2
_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    previous TEXT NOT NULL DEFAULT '',
    next TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    creator TEXT NOT NULL DEFAULT '',
    changer TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL DEFAULT '',
    unit_key INTEGER NOT NULL,
    source_key INTEGER NOT NULL,
    masked_key INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS units_by_key ON units(unit_key);
CREATE INDEX IF NOT EXISTS units_by_source ON units(source_key);
CREATE INDEX IF NOT EXISTS units_by_masked ON units(masked_key);
CREATE TABLE IF NOT EXISTS fuzzy_index (part TEXT PRIMARY KEY, data BLOB NOT NULL);
"""
_COLUMNS = (
    "source, target, source_lang, target_lang, previous, next, origin,"
    " creator, created, changer, changed"
)
_SAVE_AFTER = 10_000  # units indexed only in memory before the saved index is rewritten


def _key(*texts: str) -> int:
    """A signed 64-bit hash (SQLite's INTEGER) of the texts."""
    digest = hashlib.blake2b("\x00".join(texts).encode("utf-8", "surrogatepass"), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


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


def _unusable(path: Path | str, error: sqlite3.DatabaseError | OSError) -> CxError:
    """The one line for a memory file that cannot be opened or upgraded."""
    reason = write_failure(error)
    if reason is not None:  # a full disk is not the memory's fault
        return CxError(_("cannot write {path}: {reason}").format(path=path, reason=reason))
    return CxError(
        _("{path} is not a usable translation memory ({reason})").format(path=path, reason=error)
    )


class SqliteMemory:
    """A translation memory in one SQLite file (the user's, or any path)."""

    def __init__(self, path: Path | str = ":memory:") -> None:
        self.path = path
        self._index: NgramIndex | None = None  # loaded on the first fuzzy lookup
        # The GUI looks up in a worker while the main thread records confirmed edits.
        self._lock = threading.RLock()
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # One connection per memory object; a worker thread gets its own object.
            self._connection = sqlite3.connect(
                str(path), isolation_level=None, check_same_thread=False
            )
        except (sqlite3.DatabaseError, OSError) as error:
            raise _unusable(path, error) from error
        try:
            self._upgrade()
        except (sqlite3.DatabaseError, OSError) as error:
            self._connection.close()
            raise _unusable(path, error) from error

    def _upgrade(self) -> None:
        """Create the schema, or move a schema-1 memory (texts indexed, FTS) into it."""
        connection = self._connection
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if version >= _VERSION:
            return  # (writing nothing: a memory on a full disk can still be read)
        if "units" not in tables:
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {_VERSION}")
            return
        have = {row[1] for row in connection.execute("PRAGMA table_info(units)")}
        extra = [c for c in ("creator", "changer", "changed") if c in have]
        wanted = "source, target, source_lang, target_lang, previous, next, origin, created"
        columns = wanted + "".join(f", {c}" for c in extra)
        rows = connection.execute(f"SELECT {columns} FROM units ORDER BY id").fetchall()  # noqa: S608 - known columns
        connection.execute("BEGIN IMMEDIATE")
        try:
            for name in ("units_ai", "units_ad"):
                connection.execute(f"DROP TRIGGER IF EXISTS {name}")
            connection.execute("DROP TABLE IF EXISTS units_fts")
            connection.execute("DROP TABLE units")
            # executescript() would commit: the statements one by one, in the transaction.
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    connection.execute(statement)
            units = []
            for row in rows:
                fields = dict(zip(columns.split(", "), row, strict=True))
                units.append(TmUnit(**{k: v for k, v in fields.items() if k != "created"}))
                units[-1] = replace(units[-1], created=fields["created"])
            self._insert_units(units, fields_created="")
            connection.execute(f"PRAGMA user_version = {_VERSION}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        connection.execute("VACUUM")

    def close(self) -> None:
        # Under the lock: a worker may be half-way through a lookup, and SQLite crashes
        # the process when a connection is closed under a running statement.
        with self._lock:
            try:
                if (
                    self.path != ":memory:"
                    and self._index is not None
                    and self._index.recent >= _SAVE_AFTER
                ):
                    self._save_index()
            except (sqlite3.Error, OSError):
                pass  # the saved index only spares the next session a rebuild
            finally:
                self._connection.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

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
        masked: dict[str, str] = {}  # masking is most of an import's time: once per unit
        connection.execute("BEGIN IMMEDIATE")
        try:
            self._insert_units(units, now_iso(), progress, cancel, masked)
            connection.execute("COMMIT")
        except BaseException as error:
            rollback_quietly(connection)  # a second ROLLBACK error would hide the first
            reason = write_failure(error)
            if reason is None:
                raise
            raise CxError(
                _(
                    "cannot add to the translation memory {path}: {reason}; nothing was added"
                ).format(path=self.path, reason=reason)
            ) from error
        added = self.count() - before
        on_disk = self.path != ":memory:"  # a project's own memory is never reopened
        if (on_disk and added >= _SAVE_AFTER) or (self._index is not None and added):
            # Bring the index up to date (and save a big one).
            index = self._loaded_index(masked)
            if on_disk and index.recent >= _SAVE_AFTER:
                self._save_index()
        return added

    def _insert_units(
        self,
        units: Iterable[TmUnit],
        fields_created: str,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
        masked: dict[str, str] | None = None,
    ) -> None:
        """Insert the units (those already there are skipped), recording each source's
        masked form in `masked` when given."""
        batch: list[tuple[object, ...]] = []
        for index, unit in enumerate(units):
            if index % 5000 == 0:
                if cancel:
                    cancel.check()
                progress(index, 0, _("Importing translation memory"))
            masked_source = mask(unit.source).text
            if masked is not None:
                masked[unit.source] = masked_source
            batch.append(
                (
                    unit.source,
                    unit.target,
                    unit.source_lang,
                    unit.target_lang,
                    unit.previous,
                    unit.next,
                    unit.origin,
                    unit.created or fields_created,
                    unit.creator,
                    unit.changer,
                    unit.changed,
                    _key(unit.source, unit.target, unit.source_lang, unit.target_lang),
                    _key(unit.source),
                    _key(masked_source),
                )
            )
            if len(batch) >= 5000:
                self._insert(batch)
                batch = []
        self._insert(batch)

    def _insert(self, rows: list[tuple[object, ...]]) -> None:
        self._connection.executemany(
            "INSERT OR IGNORE INTO units (source, target, source_lang, target_lang, previous,"
            " next, origin, created, creator, changer, changed, unit_key, source_key,"
            " masked_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def count(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT count(*) FROM units").fetchone()[0])

    def units(self) -> Iterator[TmUnit]:
        for row in self._connection.execute(f"SELECT {_COLUMNS} FROM units ORDER BY id"):  # noqa: S608 - constant columns
            yield TmUnit(*row)

    def _loaded_index(self, masked: dict[str, str] | None = None) -> NgramIndex:
        """The fuzzy index: read from the file where it was saved, then brought up to
        date with the units added since (by this or another process; `masked`: sources
        already masked)."""
        known = masked or {}
        if self._index is None:
            blobs = dict(self._connection.execute("SELECT part, data FROM fuzzy_index"))
            try:
                self._index = NgramIndex.from_blobs(blobs) if blobs else NgramIndex()
            except (KeyError, ValueError, UnicodeDecodeError):
                self._index = NgramIndex()  # damaged or foreign: rebuilt from the units
        index = self._index
        after = int(index.ids[-1]) if len(index.ids) else 0
        rows = self._connection.execute(
            "SELECT id, source FROM units WHERE id > ? ORDER BY id", (after,)
        ).fetchall()
        if rows:
            index.extend(
                (known[s] if s in known else mask(s).text for _id, s in rows),
                (i for i, _s in rows),
            )
        return index

    def _save_index(self) -> None:
        assert self._index is not None
        blobs = self._index.to_blobs()
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("DELETE FROM fuzzy_index")
            connection.executemany("INSERT INTO fuzzy_index VALUES (?, ?)", blobs.items())
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _candidates(self, masked: str, threshold: int, limit: int) -> list[tuple[TmUnit, str]]:
        """Fuzzy candidates: the index narrows the memory to the units sharing most of
        the query's words and word pairs, and rapidfuzz scores those (a full scan only
        when the index has nothing to go on)."""
        index = self._loaded_index()
        narrowed = index.candidates(masked)
        texts = index.texts if narrowed is None else [index.texts[p] for p in narrowed]
        found = process.extract(
            masked, texts, scorer=fuzz.ratio, limit=limit, score_cutoff=threshold
        )
        positions = [i if narrowed is None else narrowed[i] for _text, _score, i in found]
        ids = [int(index.ids[p]) for p in positions]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {
            row[0]: row[1:]
            for row in self._connection.execute(
                f"SELECT id, {_COLUMNS} FROM units WHERE id IN ({marks})",  # noqa: S608 - placeholders only
                ids,
            )
        }
        return [
            (TmUnit(*rows[unit_id]), index.texts[p])
            for unit_id, p in zip(ids, positions, strict=True)
            if unit_id in rows
        ]

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
        # scoring.py ranks for every backend, and imports this module's match types.
        from cxeditor.tm.scoring import ranked_matches  # noqa: PLC0415

        masked = mask(source).text
        exact = [
            unit
            for unit in (
                TmUnit(*row)
                for row in self._connection.execute(
                    f"SELECT {_COLUMNS} FROM units WHERE source_key = ? OR masked_key = ?",  # noqa: S608
                    (_key(source), _key(masked)),
                )
            )
            # (a 64-bit hash collision otherwise)
            if unit.source == source or mask(unit.source).text == masked
        ]
        return ranked_matches(
            source,
            masked,
            exact,
            self._candidates(masked, threshold, limit * 4),
            limit=limit,
            threshold=threshold,
            previous=previous,
            following=following,
        )

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
        rows = self._connection.execute(
            f"SELECT {_COLUMNS} FROM units WHERE instr(lower({column}), lower(?)) > 0 "  # noqa: S608
            "LIMIT ?",
            (text, limit),
        )
        return [TmUnit(*row) for row in rows]


# A match's place in a list: score, then a context match before a plain exact one.
def rank(match: TmMatch) -> tuple[int, int]:
    return (match.score, 1 if match.kind == "context" else 0)
