"""The translation memory on the team server (PostgreSQL), shared by every editor.

The same interface and the same scoring as `SqliteMemory`, and the same narrowing: the
local index's keys (words, and ordered word pairs up to index.GAP apart) are kept in
`tm_postings` (schema 4), one row per key and batch of units with the unit ids packed
(4 bytes each), and each unit's number of keys and word signature in `tm_shapes`. A
session mirrors what it scores with, the masked sources and the shapes, read once on
its first fuzzy lookup (as the local memory reads its index); a lookup is then one
round trip for the exact matches and the postings of the query's keys (the server
leaves out those of the keys too common to be worth reading), the units are counted
with numpy as the local index counts them (a Dice coefficient, common words by
signature as the local index counts them by mask), rapidfuzz scores the same best 1%
(4,000 at least) over the mirrored sources, and a second round trip reads the few best
units whole. Units the session has not seen (added since by anyone) are read when their
ids turn up in the postings. At 200,000 units schema 3 (postings carrying the shapes,
16 bytes each, and the candidates' sources read per lookup) spent most of a lookup on
the wire; counting postings in SQL took 285 ms (bench_team.py).
pg_trgm (a GIN index over the masked sources and a similarity threshold) answers the
queries that have only common keys or none in the memory.
Concordance is a case-insensitive substring search served by trigram indexes on both
sides. Units from many editors at once land with `ON CONFLICT DO NOTHING`: nothing
lost, nothing twice; each row keeps its author (the database role) and time.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import psycopg
from rapidfuzz import fuzz, process

from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.mt.protect import mask
from cxeditor.store import server
from cxeditor.tm.index import (
    CANDIDATE_SHARE,
    FREQUENT_MIN,
    FREQUENT_SHARE,
    MIN_CANDIDATES,
    WORD,
    index_keys,
    unit_keys,
)
from cxeditor.tm.memory import FUZZY_CAP, TmMatch, TmUnit
from cxeditor.tm.scoring import ranked_matches

COMPONENT = "memory"
CANDIDATES = 500  # like the local memory's n-gram index: units handed to rapidfuzz
# pg_trgm similarity below which a unit cannot reach the lowest threshold offered (70%
# by rapidfuzz's ratio); measured on bench_team's data, it keeps the recall of the local
# memory's index.
SIMILARITY_FLOOR = 0.3
# The local index sets its frequent keys apart once it has been compacted: after a batch
# of 10,000 units, or on saving the index, every 10,000 units (memory._SAVE_AFTER).
FREQUENT_FROM = 10_000
_MERGE_AFTER = 128  # rows of one key in tm_postings before they are merged into one
_ID_BYTES = 4  # a posting is its unit's id as a little-endian unsigned 32-bit integer
_ID_LIMIT = 1 << 32
# A unit's shape as _learn_all reads it (int8send, int4send: big-endian).
_SHAPE = np.dtype([("id", ">i8"), ("keys", ">i4"), ("words", ">i8")])
_COLUMNS = "source, target, source_lang, target_lang, previous, next, origin"
_BATCH = 5000
_ANALYZE_AFTER = 5000  # units added at once


def _v1(connection: psycopg.Connection[Any]) -> None:
    connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    connection.execute(
        """
        CREATE TABLE tm_units (
            id bigserial PRIMARY KEY,
            source text NOT NULL,
            target text NOT NULL,
            source_lang text NOT NULL,
            target_lang text NOT NULL,
            masked text NOT NULL,
            previous text NOT NULL DEFAULT '',
            next text NOT NULL DEFAULT '',
            origin text NOT NULL DEFAULT '',
            author text NOT NULL DEFAULT current_user,
            created timestamptz NOT NULL DEFAULT now()
        )"""
    )
    # Hashes, not the texts: a B-tree entry must stay under ~2.7 kB, a segment need not.
    connection.execute(
        "CREATE UNIQUE INDEX tm_units_unique"
        " ON tm_units (md5(source), md5(target), source_lang, target_lang)"
    )
    connection.execute("CREATE INDEX tm_units_masked_md5 ON tm_units (md5(masked))")
    connection.execute(
        "CREATE INDEX tm_units_masked_trgm ON tm_units USING gin (masked gin_trgm_ops)"
    )
    connection.execute(
        "CREATE INDEX tm_units_source_trgm ON tm_units USING gin (source gin_trgm_ops)"
    )
    connection.execute(
        "CREATE INDEX tm_units_target_trgm ON tm_units USING gin (target gin_trgm_ops)"
    )

    server.ensure_team_roles(connection)
    # Editors and reviewers add units (never with an author of their choosing), everyone
    # on the team reads.
    connection.execute(
        "GRANT SELECT ON tm_units TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher"
    )
    connection.execute(
        "GRANT INSERT (source, target, source_lang, target_lang, masked, previous, next,"
        " origin) ON tm_units TO cxeditor_editor, cxeditor_reviewer"
    )
    connection.execute(
        "GRANT USAGE ON SEQUENCE tm_units_id_seq TO cxeditor_editor, cxeditor_reviewer"
    )


def pair_keys(masked: str) -> list[int]:
    """The local index's keys (word pairs, or words of a short text) as 32-bit hashes:
    stable across processes, unlike hash(); a collision only adds a candidate."""
    return sorted({zlib.crc32(key.encode("utf-8")) - 2**31 for key in index_keys(masked)})


def _v2(connection: psycopg.Connection[Any]) -> None:
    connection.execute(
        "CREATE TABLE tm_pairs (key integer NOT NULL, unit_id bigint NOT NULL"
        " REFERENCES tm_units ON DELETE CASCADE, PRIMARY KEY (key, unit_id))"
    )
    connection.execute(
        "GRANT SELECT ON tm_pairs TO cxeditor_editor, cxeditor_reviewer, cxeditor_publisher"
    )
    connection.execute("GRANT INSERT ON tm_pairs TO cxeditor_editor, cxeditor_reviewer")
    # Units stored under schema 1 get their keys now.
    last = 0
    with connection.cursor() as cursor:
        while True:
            rows = cursor.execute(
                "SELECT id, masked FROM tm_units WHERE id > %s ORDER BY id LIMIT 20000", (last,)
            ).fetchall()
            if not rows:
                break
            with cursor.copy("COPY tm_pairs (key, unit_id) FROM STDIN") as copy:
                for unit_id, masked in rows:
                    for key in pair_keys(masked):
                        copy.write_row((key, unit_id))
            last = rows[-1][0]


def _signed(word: str) -> int:
    """A word's key (index.unit_keys hashes a word with crc32), as tm_postings keeps it."""
    value = zlib.crc32(word.encode("utf-8", "surrogatepass"))
    return value - (1 << 32) if value >= 1 << 31 else value


def _word_bits(text: str) -> int:
    """A 64-bit signature of the words of `text`: bit crc32(word) % 64 for each word. The
    local index counts the keys too common for postings (mostly words) with a bit each;
    this stands in for those bits (two words on one bit may count one word too many)."""
    bits = 0
    for word in set(WORD.findall(text.lower())):
        bits |= 1 << (zlib.crc32(word.encode("utf-8", "surrogatepass")) % 64)
    return bits


def _keyed(
    ids: Sequence[int], masked: Sequence[str]
) -> tuple[list[tuple[int, bytes]], list[tuple[int, int, int]]]:
    """For a batch of units: (key, packed unit ids) for each distinct key of the texts,
    the local index's keys (index.unit_keys) as signed 32-bit integers (PostgreSQL's
    integer); and (unit id, number of keys, word signature) for each unit."""
    numbers = np.array(ids, np.int64)
    if len(numbers) and (int(np.min(numbers)) < 0 or int(np.max(numbers)) >= _ID_LIMIT):
        raise ValueError("unit ids past 2**32 do not fit the postings")  # 4 billion inserts
    keys, positions = unit_keys(masked)
    sizes = np.bincount(positions, minlength=len(masked))
    signatures = np.array([_word_bits(text) for text in masked], np.uint64).view(np.int64)
    shapes = list(zip(ids, sizes.tolist(), signatures.tolist(), strict=True))
    if not len(keys):
        return [], shapes
    order = np.argsort(keys, kind="stable")  # ids in order within a key
    keys = keys[order].view(np.int32)
    entries = numbers[positions[order]].astype("<u4")
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    bounds = [*starts.tolist(), len(keys)]
    postings = [
        (int(keys[start]), entries[start:end].tobytes())
        for start, end in itertools.pairwise(bounds)
    ]
    return postings, shapes


def _copy_keys(cursor: psycopg.Cursor[Any], ids: Sequence[int], masked: Sequence[str]) -> list[int]:
    """The units' postings and shapes, by COPY; returns the keys written."""
    postings, shapes = _keyed(ids, masked)
    with cursor.copy("COPY tm_postings (key, entries) FROM STDIN") as copy:
        for row in postings:
            copy.write_row(row)
    with cursor.copy("COPY tm_shapes (unit_id, keys, words) FROM STDIN") as copy:
        for shape in shapes:
            copy.write_row(shape)
    return [key for key, _entries in postings]


def _store_postings(cursor: psycopg.Cursor[Any], ids: Sequence[int], masked: Sequence[str]) -> None:
    """One row per key for a batch of new units, their shapes, and the unit count."""
    keys = _copy_keys(cursor, ids, masked)
    # A memory grown a few units at a time would leave a row per posting: a key's rows
    # are merged into one now and then. Keys in order, then the count, so two writers
    # take their locks in one order and never deadlock; a writer's uncommitted rows are
    # not seen by another's DELETE, so nothing is lost or counted twice.
    many = cursor.execute(
        "SELECT key FROM tm_postings WHERE key = ANY(%s) GROUP BY key HAVING count(*) > %s"
        " ORDER BY key",
        (keys, _MERGE_AFTER),
    ).fetchall()
    for (key,) in many:
        rows = cursor.execute(
            "DELETE FROM tm_postings WHERE key = %s RETURNING entries", (key,)
        ).fetchall()
        cursor.execute(
            "INSERT INTO tm_postings (key, entries) VALUES (%s, %s)",
            (key, b"".join(row[0] for row in rows)),
        )
    cursor.execute("UPDATE tm_size SET units = units + %s", (len(ids),))


def _v3(connection: psycopg.Connection[Any]) -> None:
    """The local index's keys (words, and ordered word pairs up to index.GAP apart) with
    their postings as packed arrays, read whole by a lookup and counted as the local
    index counts them; and the number of units, kept as they are added."""
    connection.execute("DROP TABLE tm_pairs")
    connection.execute("CREATE TABLE tm_postings (key integer NOT NULL, entries bytea NOT NULL)")
    # Stored as it is: compressing arrays of ids gains little and costs every lookup.
    connection.execute("ALTER TABLE tm_postings ALTER COLUMN entries SET STORAGE EXTERNAL")
    connection.execute("CREATE INDEX tm_postings_key ON tm_postings (key)")
    connection.execute("CREATE TABLE tm_size (units bigint NOT NULL)")
    connection.execute("INSERT INTO tm_size SELECT count(*) FROM tm_units")
    readers = "cxeditor_editor, cxeditor_reviewer, cxeditor_publisher"
    connection.execute(f"GRANT SELECT ON tm_postings, tm_size TO {readers}")
    connection.execute("GRANT INSERT, DELETE ON tm_postings TO cxeditor_editor, cxeditor_reviewer")
    connection.execute("GRANT UPDATE ON tm_size TO cxeditor_editor, cxeditor_reviewer")
    # The units stored under earlier schemas get their keys in _v4, which stores them anew.


def _v4(connection: psycopg.Connection[Any]) -> None:
    """Postings of unit ids only (4 bytes, not schema 3's 16), and each unit's number of
    keys and word signature once, in tm_shapes, for the sessions to mirror."""
    connection.execute("DROP TABLE tm_postings")
    connection.execute("CREATE TABLE tm_postings (key integer NOT NULL, entries bytea NOT NULL)")
    # Stored as it is: compressing arrays of ids gains little and costs every lookup.
    connection.execute("ALTER TABLE tm_postings ALTER COLUMN entries SET STORAGE EXTERNAL")
    # (No foreign key: units are never deleted, and a million checks slow an import.)
    connection.execute(
        "CREATE TABLE tm_shapes (unit_id bigint PRIMARY KEY, keys integer NOT NULL,"
        " words bigint NOT NULL)"
    )
    readers = "cxeditor_editor, cxeditor_reviewer, cxeditor_publisher"
    connection.execute(f"GRANT SELECT ON tm_postings, tm_shapes TO {readers}")
    connection.execute("GRANT INSERT, DELETE ON tm_postings TO cxeditor_editor, cxeditor_reviewer")
    connection.execute("GRANT INSERT ON tm_shapes TO cxeditor_editor, cxeditor_reviewer")
    # Every unit stored so far gets its keys (a million units: about a minute).
    last = 0
    with connection.cursor() as cursor:
        while True:
            found = cursor.execute(
                "SELECT id, masked FROM tm_units WHERE id > %s ORDER BY id LIMIT 100000", (last,)
            ).fetchall()
            if not found:
                break
            _copy_keys(cursor, [r[0] for r in found], [r[1] for r in found])
            last = found[-1][0]
    # The index after the rows: built once, not kept up row by row.
    connection.execute("CREATE INDEX tm_postings_key ON tm_postings (key)")
    connection.execute("UPDATE tm_size SET units = (SELECT count(*) FROM tm_units)")
    connection.execute("ANALYZE tm_postings, tm_shapes, tm_size")


MIGRATIONS = (_v1, _v2, _v3, _v4)


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _pipeline(connection: psycopg.Connection[Any]) -> contextlib.AbstractContextManager[Any]:
    """Statements sent together, their results read in one round trip (libpq 14 on)."""
    return connection.pipeline() if psycopg.Pipeline.is_supported() else contextlib.nullcontext()


def _guarded(url: str, error: psycopg.Error) -> BaseException:
    """One of our one-line errors for what the user can act on; else the error itself."""
    return server.failure(url, _("translation memory"), error)


class PgMemory:
    """The shared memory in the server's database named by `url`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = server.display_name(url)  # what the GUI shows as the memory's place
        self._lock = threading.RLock()
        # The mirror of what a fuzzy lookup scores with, by unit id (see _learn): each
        # unit's number of keys (0: not known), word signature and masked source.
        self._mirrored = False
        self._sizes = np.zeros(0, np.int64)
        self._words = np.zeros(0, np.uint64)
        self._texts: list[str] = []
        self._connection = server.connect(url)
        try:
            server.ensure_schema(self._connection, COMPONENT, MIGRATIONS)
            self._connection.execute(
                f"SET pg_trgm.similarity_threshold = {SIMILARITY_FLOOR}"  # a constant
            )
        except BaseException:
            self._connection.close()
            raise

    def close(self) -> None:
        self._connection.close()

    def _run(self, query: str, params: Iterable[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._connection.execute(query, tuple(params)).fetchall()
        except psycopg.Error as error:
            raise _guarded(self.url, error) from None

    def add(
        self,
        units: Iterable[TmUnit],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        """Add units in ONE transaction (all or nothing); returns how many were new."""
        with self._lock:
            try:
                return self._add(units, progress, cancel)
            except psycopg.Error as error:
                raise _guarded(self.url, error) from None

    def _add(
        self, units: Iterable[TmUnit], progress: ProgressCallback, cancel: CancelFlag | None
    ) -> int:
        connection = self._connection
        with connection.transaction(), connection.cursor() as cursor:
            server.unbounded(connection)  # one COPY of a whole import
            cursor.execute(
                "CREATE TEMP TABLE tm_incoming (source text, target text, source_lang text,"
                " target_lang text, masked text, previous text, next text, origin text)"
                " ON COMMIT DROP"
            )
            with cursor.copy(
                "COPY tm_incoming (source, target, source_lang, target_lang, masked,"
                " previous, next, origin) FROM STDIN"
            ) as copy:
                for index, unit in enumerate(units):
                    if index % _BATCH == 0:
                        if cancel:
                            cancel.check()
                        progress(index, 0, _("Importing translation memory"))
                    copy.write_row(
                        (
                            unit.source,
                            unit.target,
                            unit.source_lang,
                            unit.target_lang,
                            mask(unit.source).text,
                            unit.previous,
                            unit.next,
                            unit.origin,
                        )
                    )
            # ON CONFLICT DO NOTHING waits for a concurrent writer of the same unit and
            # then skips it: many editors at once lose nothing and store nothing twice.
            cursor.execute(
                "INSERT INTO tm_units (source, target, source_lang, target_lang, masked,"
                " previous, next, origin) SELECT source, target, source_lang, target_lang,"
                " masked, previous, next, origin FROM tm_incoming ON CONFLICT DO NOTHING"
                " RETURNING id, masked"
            )
            added = cursor.fetchall()
            _store_postings(cursor, [r[0] for r in added], [r[1] for r in added])
        if len(added) >= _ANALYZE_AFTER:
            # Fresh statistics, or the planner takes a just-filled table for an empty one
            # and scans it whole on every lookup until autovacuum comes by.
            connection.execute("ANALYZE tm_units, tm_postings, tm_shapes, tm_size")
        return len(added)

    def count(self) -> int:
        with self._lock:
            return int(self._run("SELECT count(*) FROM tm_units")[0][0])

    def units(self) -> Iterator[TmUnit]:
        with self._lock:
            rows = self._run(f"SELECT {_COLUMNS} FROM tm_units ORDER BY id")  # noqa: S608 - constant
        for row in rows:
            yield TmUnit(*row)

    def authors(self) -> list[tuple[str, str, str]]:
        """(source, author, created ISO time) of every unit, oldest first."""
        with self._lock:
            rows = self._run(
                "SELECT source, author, to_char(created AT TIME ZONE 'UTC',"
                ' \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') FROM tm_units ORDER BY id'
            )
        return [(str(a), str(b), str(c)) for a, b, c in rows]

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
        masked = mask(source).text
        keys, _positions = unit_keys([masked])
        with self._lock:
            try:
                exact, postings = self._exact_and_postings(masked, keys.view(np.int32).tolist())
            except psycopg.Error as error:
                raise _guarded(self.url, error) from None
            candidates = self._by_keys(masked, len(keys), postings, threshold, limit * 4)
            if candidates is None:  # no key to go on: the trigram index
                candidates = self._run(
                    f"SELECT {_COLUMNS}, masked FROM tm_units WHERE masked %% %s"  # noqa: S608
                    " ORDER BY similarity(masked, %s) DESC, id LIMIT %s",
                    (masked, masked, CANDIDATES),
                )
        return ranked_matches(
            source,
            masked,
            [TmUnit(*row) for row in exact],
            [(TmUnit(*row[:7]), str(row[7])) for row in candidates],
            limit=limit,
            threshold=threshold,
            previous=previous,
            following=following,
        )

    def _exact_and_postings(
        self, masked: str, keys: list[int]
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """In one round trip: the units with the query's masked source (one indexed
        test), and for each of the query's keys in the memory (key, units holding it,
        units in the memory, packed ids or None for a key too common to read; a key's
        ids may come in several rows)."""
        connection = self._connection
        exact = connection.cursor()
        found = connection.cursor(binary=True)  # the ids as stored, not twice that in hex
        with _pipeline(connection):
            exact.execute(
                f"SELECT {_COLUMNS} FROM tm_units WHERE md5(masked) = md5(%s) AND masked = %s"  # noqa: S608
                " ORDER BY id",
                (masked, masked),
            )
            if not keys:
                return exact.fetchall(), []
            # The size of an uncompressed bytea is known without reading it, and a value
            # the CASE leaves out is never read: the common keys' postings (most of a
            # lookup's reading otherwise) stay on the server. (A join of the keys' counts
            # with their rows was planned as a hash over all the postings: twice the time.)
            found.execute(
                "SELECT p.key, p.units, s.units, CASE WHEN s.units >= %s"
                " AND p.units * %s > s.units AND p.units >= %s THEN NULL ELSE p.entries END"
                " FROM (SELECT key, entries, sum(length(entries)) OVER (PARTITION BY key) / %s"
                " AS units FROM tm_postings WHERE key = ANY(%s)) AS p, tm_size s",
                (FREQUENT_FROM, FREQUENT_SHARE, FREQUENT_MIN, _ID_BYTES, keys),
            )
            return exact.fetchall(), found.fetchall()

    def _by_keys(
        self, masked: str, count: int, postings: list[tuple[Any, ...]], threshold: int, want: int
    ) -> list[tuple[Any, ...]] | None:
        """The local index's candidates (index.NgramIndex.candidates) from the postings
        of the query's `count` keys: the units sharing them, ranked by the share of
        their keys in common (a Dice coefficient), the best of them scored by rapidfuzz
        and the best `want` read whole. As there, the keys held by more than an eighth
        of a large memory are left out while the query has rarer ones, and counted by
        the units' word signatures (the local index's masks). None when the query has
        only such keys or none in the memory (then pg_trgm)."""
        if not self._mirrored:  # read on the first lookup, as the local index is
            self._mirrored = True
            self._learn_all()
        chunks = [row[3] for row in postings if row[3] is not None]
        if not chunks:
            return None
        size = int(postings[0][2])
        ids = np.frombuffer(b"".join(chunks), "<u4")
        if len(ids) * 8 < len(self._sizes):
            # Few postings in a large memory: sorting them is quicker than counting
            # into an array as long as the memory (and reading all of that back).
            ordered = np.sort(ids)
            starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
            touched = ordered[starts].astype(np.intp)
            shared = np.diff(np.append(starts, len(ordered)))
        else:
            counts = np.bincount(ids)
            touched = np.flatnonzero(counts)
            shared = counts[touched]
        self._grow(int(touched[-1]) + 1)
        sizes = self._sizes[touched]
        if not sizes.all():  # units added since the session read them, by anyone
            self._learn(touched[sizes == 0].tolist())
            sizes = self._sizes[touched]
            known = sizes > 0  # (a unit whose shape was not found is left out)
            touched, sizes, shared = touched[known], sizes[known], shared[known]
        # The common words in the query, counted for each unit as the local index's
        # masks count them.
        frequent = {int(row[0]) for row in postings if row[3] is None}
        if frequent:
            words = set(WORD.findall(masked.lower()))
            common = np.uint64(_word_bits(" ".join(w for w in words if _signed(w) in frequent)))
            shared = shared + np.bitwise_count(self._words[touched] & common)
        dice = shared / (count + sizes)
        limit = max(MIN_CANDIDATES, size // CANDIDATE_SHARE)
        if len(touched) > limit:
            best = np.argpartition(-dice, limit)[:limit]
            touched, dice = touched[best], dice[best]
        ranked: list[int] = touched[np.argsort(-dice, kind="stable")].tolist()
        # As the local memory does: rapidfuzz picks the best few of the candidates' masked
        # sources, and only those units are read whole.
        texts = self._texts
        found = process.extract(
            masked,
            [texts[i] for i in ranked],
            scorer=fuzz.ratio,
            limit=want,
            score_cutoff=threshold,
        )
        best_ids = [ranked[index] for _text, _score, index in found]
        if not best_ids:
            return []
        rows = self._run(
            f"SELECT id, {_COLUMNS}, masked FROM tm_units WHERE id = ANY(%s)",  # noqa: S608
            (best_ids,),
        )
        by_id = {row[0]: row[1:] for row in rows}
        return [by_id[unit_id] for unit_id in best_ids if unit_id in by_id]

    def _grow(self, length: int) -> None:
        """Room in the mirror for the unit ids below `length` (ids only grow)."""
        if length <= len(self._sizes):
            return
        grown = max(length, len(self._sizes) * 5 // 4)
        more = grown - len(self._sizes)
        self._sizes = np.concatenate([self._sizes, np.zeros(more, np.int64)])
        self._words = np.concatenate([self._words, np.zeros(more, np.uint64)])
        self._texts.extend([""] * more)

    def _learn_all(self) -> None:
        """Read every unit's shape and masked source into the mirror, each kind in one
        value (a million units: about 3 s on a busy machine, where reading them as rows
        took 10 s; and 300 MB at the peak, 150 MB kept). Shapes first: a unit with a
        shape then has its source too (one stored later is read when it turns up)."""
        connection = self._connection
        shapes, units = connection.cursor(binary=True), connection.cursor(binary=True)
        try:
            with _pipeline(connection):
                shapes.execute(
                    "SELECT string_agg(int8send(unit_id) || int4send(keys) || int8send(words),"
                    " ''::bytea) FROM tm_shapes"
                )
                units.execute("SELECT array_agg(id), array_agg(masked) FROM tm_units")
                packed, listed = shapes.fetchone(), units.fetchone()
        except psycopg.Error as error:
            raise _guarded(self.url, error) from None
        if not packed or not packed[0] or not listed or not listed[0]:
            return  # an empty memory
        ids, texts = listed
        self._grow(max(ids) + 1)
        mirrored = self._texts
        for unit_id, text in zip(ids, texts, strict=True):
            mirrored[unit_id] = text
        found = np.frombuffer(packed[0], _SHAPE)
        self._sizes[found["id"]] = found["keys"]
        self._words[found["id"]] = found["words"].astype(np.int64).view(np.uint64)

    def _learn(self, ids: list[int]) -> None:
        """Read the shapes and masked sources of a few units into the mirror."""
        rows = self._run(
            "SELECT s.unit_id, s.keys, s.words, u.masked FROM tm_shapes s"
            " JOIN tm_units u ON u.id = s.unit_id WHERE s.unit_id = ANY(%s)",
            (ids,),
        )
        if not rows:
            return
        numbers = np.fromiter((row[0] for row in rows), np.int64, len(rows))
        self._grow(int(np.max(numbers)) + 1)
        self._sizes[numbers] = np.fromiter((row[1] for row in rows), np.int64, len(rows))
        self._words[numbers] = np.fromiter((row[2] for row in rows), np.int64, len(rows)).view(
            np.uint64
        )
        texts = self._texts
        for row in rows:
            texts[row[0]] = row[3]

    def best(self, source: str, threshold: int = 100) -> tuple[str, int] | None:
        """For pre-translation: the best match at or above `threshold`, as (target, score)."""
        found = self.lookup(source, limit=1, threshold=min(threshold, FUZZY_CAP))
        if found and found[0].score >= threshold:
            return found[0].target, found[0].score
        return None

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]:
        """Units whose source (or target) contains `text`, case-insensitively."""
        column = "target" if side == "target" else "source"
        with self._lock:
            rows = self._run(
                f"SELECT {_COLUMNS} FROM tm_units WHERE {column} ILIKE %s ORDER BY id LIMIT %s",  # noqa: S608
                (_like_pattern(text), limit),
            )
        return [TmUnit(*row) for row in rows]
