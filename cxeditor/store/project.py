"""The project file: one SQLite database per article (`.cxproj`).

Every confirmed change is one committed transaction, so a crash or a kill loses
nothing confirmed. A new project is written to a temporary file and renamed into
place, so an interrupted import leaves no half-written project. One process at a
time may write (see lock.py); any number may read.
"""

from __future__ import annotations

import getpass
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from cxeditor.clock import now_iso
from cxeditor.errors import ProjectError
from cxeditor.faults import is_hot_journal_refusal, rollback_quietly, write_failure
from cxeditor.fileio import check_writable_target, remove_stale_temporaries, write_atomically
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, collector_paused, no_progress
from cxeditor.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Comment,
    HistoryEntry,
    Origin,
    Segment,
    Status,
    Tweet,
)
from cxeditor.store import schema
from cxeditor.store.lock import ProjectLock
from cxeditor.store.recovery import readable_copy_needed, rolled_back_copy

PROJECT_SUFFIX = ".cxproj"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_META_FIELDS = (
    "title",
    "published",
    "source_lang",
    "target_lang",
    "source_url",
    "author",
    "source_file",
    "signed_off_by",
    "signed_off_at",
    "name_policy",
    "mt_formality",
    "mt_papago_glossary",
)
# Rows written per executemany() call while a new project is saved, between progress
# reports and cancel checks.
_WRITE_CHUNK = 2000


def default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "editor"


@dataclass(frozen=True, slots=True)
class SegmentChange:
    """One requested change to a segment; None leaves that field as it is."""

    segment_id: int
    target: str | None = None
    status: Status | None = None
    origin: Origin | None = None
    comment: str | None = None


@dataclass(slots=True)
class ProjectStats:
    segments: int = 0
    blocks: int = 0
    tweets: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    source_words: int = 0
    target_words: int = 0
    source_chars: int = 0
    target_chars: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "segments": self.segments,
            "blocks": self.blocks,
            "tweets": self.tweets,
            "status": {status.value: self.by_status.get(status.value, 0) for status in Status},
            "words": {"source": self.source_words, "target": self.target_words},
            "characters": {"source": self.source_chars, "target": self.target_chars},
        }


def _connect(path: Path, *, readonly: bool, handed_over: bool = False) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    # Autocommit mode: we issue BEGIN/COMMIT ourselves so that each confirmed change is
    # exactly one transaction, DDL included.
    # `handed_over`: made here, used by one worker thread from then on (never two at once).
    connection = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=5.0, check_same_thread=not handed_over
    )
    # A rollback journal (not WAL) keeps the project one self-contained file that can be
    # copied or mailed at any moment; FULL sync makes each commit durable on power loss.
    try:
        if not readonly:
            connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _check_is_project_file(path: Path) -> None:
    if not path.exists():
        raise ProjectError(_("{path}: no such project file").format(path=path))
    if path.is_dir():
        raise ProjectError(_("{path} is a folder, not a project file").format(path=path))
    if not path.is_file():  # a FIFO would block the read below forever
        raise ProjectError(
            _("{path} is not a regular file (a FIFO, a device or a socket)").format(path=path)
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise ProjectError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if header != _SQLITE_MAGIC:
        raise ProjectError(_("{path} is not a cxeditor project file").format(path=path))


class Project:
    """An open project file. Use `Project.open()` or `Project.create()`."""

    # A review import queues its confirmed segments for the user's memory in its own
    # transaction (see feeding_memory); a shared project on the server does not.
    queues_memory_feed = True

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        readonly: bool,
        lock: ProjectLock | None,
        who: str,
        scratch: Path | None = None,
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.who = who
        self._connection = connection
        self._lock = lock
        # A reader of a file a killed writer left unfinished reads a rolled-back copy
        # in this folder (see recovery.py), removed at close.
        self._scratch = scratch
        self._read_path = scratch / path.name if scratch else path
        self._remembering: str | None = None  # see feeding_memory()

    # -- opening and closing ------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False, who: str | None = None) -> Project:
        """Open a project; for writing, take its lock (ProjectLockedError if held)."""
        path = Path(path)
        _check_is_project_file(path)
        if not readonly:
            remove_stale_temporaries(path)  # what a killed `new` left in this folder
        lock = None if readonly else ProjectLock(path)
        scratch = None
        try:
            try:
                connection = cls._connected(path, readonly=readonly)
            except sqlite3.Error as error:
                if not (readonly and is_hot_journal_refusal(error)):
                    raise
                connection, scratch = cls._reader_after_killed_writer(path)
        except sqlite3.DatabaseError as error:
            if lock:
                lock.release()
            _remove_scratch(scratch)
            reason = write_failure(error)
            if reason is not None:
                raise ProjectError(
                    _("cannot open {path} for writing: {reason}").format(path=path, reason=reason)
                ) from error
            raise ProjectError(
                _("{path} is damaged or not a cxeditor project ({reason})").format(
                    path=path, reason=error
                )
            ) from error
        except BaseException:
            if lock:
                lock.release()
            _remove_scratch(scratch)
            raise
        return cls(
            path,
            connection,
            readonly=readonly,
            lock=lock,
            who=who or default_user(),
            scratch=scratch,
        )

    @classmethod
    def _reader_after_killed_writer(cls, path: Path) -> tuple[sqlite3.Connection, Path | None]:
        """A reader's connection once the journal of a killed writer is rolled back: in
        place when possible, else in a private copy (its folder returned for removal)."""
        if not readable_copy_needed(path, lambda file: _connect(file, readonly=True)):
            return cls._connected(path, readonly=True), None
        copy = rolled_back_copy(path)
        try:
            return cls._connected(copy, readonly=True, named=path), copy.parent
        except BaseException:
            _remove_scratch(copy.parent)
            raise

    @classmethod
    def _connected(
        cls, path: Path, *, readonly: bool, named: Path | None = None
    ) -> sqlite3.Connection:
        """A checked (and for a writer, upgraded) connection to the file at `path`."""
        connection = _connect(path, readonly=readonly)
        try:
            cls._check_and_upgrade(named or path, connection, readonly=readonly)
        except BaseException:
            connection.close()
            raise
        return connection

    @staticmethod
    def _check_and_upgrade(path: Path, connection: sqlite3.Connection, *, readonly: bool) -> None:
        if schema.application_id(connection) != schema.APPLICATION_ID:
            raise ProjectError(
                _("{path} is an SQLite file but not a cxeditor project").format(path=path)
            )
        version = schema.schema_version(connection)
        if version > schema.SCHEMA_VERSION:
            raise ProjectError(
                _(
                    "{path} was saved by a newer cxeditor (file format {found}; this version "
                    "reads up to {known}); please update cxeditor"
                ).format(path=path, found=version, known=schema.SCHEMA_VERSION)
            )
        if version < schema.SCHEMA_VERSION:
            if readonly:
                # Readers use only tables every version has; the upgrade waits for the
                # first writer (a read-only file cannot be changed anyway).
                return
            schema.upgrade(connection)

    @classmethod
    def create(
        cls,
        path: Path | str,
        article: Article,
        *,
        overwrite: bool = False,
        report: Iterable[str] = (),
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> None:
        """Save `article` as a new project file, atomically; assigns block and segment ids.

        Nothing appears at `path` unless the whole project was written.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise ProjectError(
                _("{path} already exists (use --force to replace it)").format(path=path)
            )
        check_writable_target(path)
        if path.exists():
            ProjectLock(path).release()  # refuse to replace a project open elsewhere
        messages = list(report)

        def write(temp: Path) -> None:
            temp.unlink()  # mkstemp made an empty file; SQLite wants to create its own
            connection = sqlite3.connect(temp, isolation_level=None)
            try:
                connection.execute("PRAGMA journal_mode = DELETE")
                connection.execute("PRAGMA synchronous = OFF")  # durability comes from fsync+rename
                schema.upgrade(connection)
                _write_article(connection, article, messages, progress, cancel)
            finally:
                connection.close()

        write_atomically(path, write)

    def companion(self) -> Project:
        """A second connection to this project for another thread (a worker), sharing this
        process's write lock. SQLite serialises the two; close it when the job ends."""
        connection = _connect(self._read_path, readonly=self.readonly, handed_over=True)
        companion = Project(self.path, connection, readonly=self.readonly, lock=None, who=self.who)
        companion._read_path = self._read_path  # (the scratch copy stays this one's to remove)
        return companion

    def close(self) -> None:
        self._connection.close()
        if self._lock:
            self._lock.release()
            self._lock = None
        _remove_scratch(self._scratch)
        self._scratch = None

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.readonly:
            raise ProjectError(_("{path} is open read-only").format(path=self.path))
        connection = self._connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield connection
            connection.execute("COMMIT")
        except BaseException as error:
            rollback_quietly(connection)
            reason = write_failure(error) if isinstance(error, sqlite3.Error) else None
            if reason is None:
                raise
            raise ProjectError(
                _("cannot save {path}: {reason}; this change was not saved").format(
                    path=self.path.name, reason=reason
                )
            ) from error

    # -- the memory feed: what review-import confirmed, until the user's memory has it --

    @contextmanager
    def feeding_memory(self, who: str) -> Iterator[None]:
        """Within this block, every segment that apply_changes changes is also queued,
        in the same transaction, for the user's translation memory
        (`tm.combined.feed_user_memory` empties the queue). A process killed between
        the two leaves the queue, and the next writer finishes the feed."""
        self._remembering = who
        try:
            yield
        finally:
            self._remembering = None

    def memory_feed(self) -> dict[str, list[int]]:
        """Queued segment ids by who confirmed them (empty on a read-only old file)."""
        queued: dict[str, list[int]] = {}
        try:
            rows = self._connection.execute(
                "SELECT segment_id, who FROM memory_feed ORDER BY segment_id"
            ).fetchall()
        except sqlite3.OperationalError:  # no such table: a reader of an older file
            return queued
        for segment_id, who in rows:
            queued.setdefault(who, []).append(segment_id)
        return queued

    def clear_memory_feed(self, segment_ids: Iterable[int]) -> None:
        with self._transaction() as connection:
            connection.executemany(
                "DELETE FROM memory_feed WHERE segment_id = ?", [(i,) for i in segment_ids]
            )

    # -- reading ------------------------------------------------------------

    def meta(self) -> ArticleMeta:
        rows = dict(self._connection.execute("SELECT key, value FROM article_meta").fetchall())
        meta = ArticleMeta()
        for name in _META_FIELDS:
            if name in rows:
                setattr(meta, name, rows[name])
        return meta

    def load_article(self) -> Article:
        """The whole article with segments and comments (history is read per segment)."""
        try:
            with collector_paused():
                return self._read_article()
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            # Rows no cxeditor writes (an unknown status or kind, a missing text, details
            # that are no object): the file or the database was edited by hand.
            raise ProjectError(
                _(
                    "{path} holds data cxeditor cannot read (damaged, or changed by hand?): "
                    "{reason}"
                ).format(path=self.path, reason=f"{type(error).__name__}: {error}")
            ) from None

    def _read_article(self) -> Article:
        connection = self._connection
        blocks: dict[int, Block] = {}
        kinds = {kind.value: kind for kind in BlockKind}  # a dict: BlockKind() is slow
        for block_id, kind, level, name, handle, date, url in connection.execute(
            "SELECT id, kind, level, tweet_name, tweet_handle, tweet_date, tweet_url "
            "FROM blocks ORDER BY position"
        ):
            tweet = Tweet(name or "", handle or "", date, url) if kind == "tweet" else None
            blocks[block_id] = Block(kinds[kind], [], tweet, level, block_id)
        segments: dict[int, Segment] = {}
        statuses = {status.value: status for status in Status}
        origins: dict[str, Origin] = {}
        for segment_id, block_id, source, target, status, origin in connection.execute(
            "SELECT id, block_id, source, target, status, origin FROM segments "
            "ORDER BY block_id, position"
        ):
            parsed = origins.get(origin)
            if parsed is None:
                parsed = origins[origin] = Origin.parse(origin)
            segment = Segment(source, target, statuses[status], parsed, segment_id)
            segments[segment_id] = segment
            blocks[block_id].segments.append(segment)
        for segment_id, who, at, text in connection.execute(
            "SELECT segment_id, who, at, text FROM comments ORDER BY id"
        ):
            segments[segment_id].comments.append(Comment(who, at, text))
        return Article(self.meta(), list(blocks.values()))

    def segment(self, segment_id: int) -> Segment:
        row = self._connection.execute(
            "SELECT source, target, status, origin FROM segments WHERE id = ?", (segment_id,)
        ).fetchone()
        if row is None:
            raise ProjectError(_("segment {id} does not exist").format(id=segment_id))
        source, target, status, origin = row
        segment = Segment(source, target, Status(status), Origin.parse(origin), segment_id)
        segment.comments = self.comments(segment_id)
        return segment

    def segment_ids(self) -> list[int]:
        return [
            row[0]
            for row in self._connection.execute(
                "SELECT segments.id FROM segments JOIN blocks ON blocks.id = segments.block_id "
                "ORDER BY blocks.position, segments.position"
            )
        ]

    def comments(self, segment_id: int) -> list[Comment]:
        return [
            Comment(*row)
            for row in self._connection.execute(
                "SELECT who, at, text FROM comments WHERE segment_id = ? ORDER BY id", (segment_id,)
            )
        ]

    def history(self, segment_id: int) -> list[HistoryEntry]:
        return [
            HistoryEntry(who, at, before, after, Status(s_before), Status(s_after), origin)
            for (who, at, before, after, s_before, s_after, origin) in self._connection.execute(
                "SELECT who, at, before, after, status_before, status_after, origin "
                "FROM history WHERE segment_id = ? ORDER BY id",
                (segment_id,),
            )
        ]

    def import_report(self) -> list[str]:
        return [
            row[0]
            for row in self._connection.execute("SELECT message FROM import_report ORDER BY id")
        ]

    def stats(self) -> ProjectStats:
        from cxeditor.text.sentences import count_words  # noqa: PLC0415 - keeps open() light

        connection = self._connection
        stats = ProjectStats()
        stats.blocks = connection.execute("SELECT count(*) FROM blocks").fetchone()[0]
        stats.tweets = connection.execute(
            "SELECT count(*) FROM blocks WHERE kind = 'tweet'"
        ).fetchone()[0]
        statuses: Counter[str] = Counter()
        for source, target, status in connection.execute(
            "SELECT source, target, status FROM segments"
        ):
            statuses[status] += 1
            stats.source_words += count_words(source)
            stats.target_words += count_words(target)
            stats.source_chars += len(source)
            stats.target_chars += len(target)
        stats.segments = sum(statuses.values())
        stats.by_status = dict(statuses)
        return stats

    # -- writing ------------------------------------------------------------

    def update_segment(
        self,
        segment_id: int,
        *,
        target: str | None = None,
        status: Status | None = None,
        origin: Origin | None = None,
        comment: str | None = None,
        who: str | None = None,
    ) -> Segment:
        """Change one segment in one committed transaction, recording its history."""
        self.apply_changes([SegmentChange(segment_id, target, status, origin, comment)], who=who)
        return self.segment(segment_id)

    def apply_changes(self, changes: Iterable[SegmentChange], *, who: str | None = None) -> int:
        """Apply all changes in ONE transaction (all or nothing); return how many changed.

        Each change that alters target or status adds a history row; a comment adds a
        comment row.
        """
        changes = list(changes)
        with self._transaction() as connection:
            changed = _apply_changes(connection, changes, who or self.who, now_iso())
            if self._remembering is not None:
                connection.executemany(
                    "INSERT OR REPLACE INTO memory_feed (segment_id, who) VALUES (?, ?)",
                    [(change.segment_id, self._remembering) for change in changes],
                )
            return changed

    def add_comment(self, segment_id: int, text: str, *, who: str | None = None) -> None:
        self.apply_changes([SegmentChange(segment_id, comment=text)], who=who)

    def set_meta(self, **values: str | None) -> None:
        unknown = set(values) - set(_META_FIELDS)
        if unknown:
            raise ValueError(f"unknown article fields: {sorted(unknown)}")
        with self._transaction() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO article_meta (key, value) VALUES (?, ?)",
                list(values.items()),
            )

    def sign_off(self, by: str, at: str) -> tuple[str, str]:
        """The reviewer's sign-off; returns who and when as stored (a shared project's
        server names them itself)."""
        self.set_meta(signed_off_by=by, signed_off_at=at)
        return by, at

    # -- unconfirmed edits, kept for recovery after a crash ---------------------

    def save_pending_edit(self, segment_id: int, text: str) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO pending_edits (segment_id, text, at) VALUES (?, ?, ?)",
                (segment_id, text, now_iso()),
            )

    def pending_edits(self) -> dict[int, str]:
        return dict(self._connection.execute("SELECT segment_id, text FROM pending_edits"))

    def discard_pending_edit(self, segment_id: int) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM pending_edits WHERE segment_id = ?", (segment_id,))

    # -- QA decisions --------------------------------------------------------------

    def dismiss_finding(
        self, segment_id: int, check_id: str, text: str, *, who: str | None = None
    ) -> None:
        """Remember that the editor judged a QA finding to be fine."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO qa_dismissals (segment_id, check_id, text, who, at) "
                "VALUES (?, ?, ?, ?, ?)",
                (segment_id, check_id, text, who or self.who, now_iso()),
            )

    def dismiss_findings(
        self, keys: Iterable[tuple[int, str, str]], *, who: str | None = None
    ) -> None:
        """Several dismissals (segment, check, text) in one transaction."""
        at = now_iso()
        with self._transaction() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO qa_dismissals (segment_id, check_id, text, who, at) "
                "VALUES (?, ?, ?, ?, ?)",
                [(segment, check, text, who or self.who, at) for segment, check, text in keys],
            )

    # -- machine-translation cache ---------------------------------------------------

    def cached_translations(
        self, engine: str, source_lang: str, target_lang: str, masked: list[str]
    ) -> dict[str, str]:
        """Cached engine output for each masked text that has one."""
        found: dict[str, str] = {}
        for start in range(0, len(masked), 500):  # SQLite's limit on bound variables
            chunk = masked[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                self._connection.execute(
                    f"SELECT masked, result FROM mt_cache WHERE engine = ? AND source_lang = ? "  # noqa: S608 - only placeholders are interpolated
                    f"AND target_lang = ? AND masked IN ({marks})",
                    (engine, source_lang, target_lang, *chunk),
                ).fetchall()
            )
        return found

    def store_translations(
        self,
        engine: str,
        source_lang: str,
        target_lang: str,
        results: dict[str, str],
        changes: list[SegmentChange],
        *,
        who: str | None = None,
    ) -> None:
        """Cache engine output and apply the segment changes in one transaction."""
        self.store_translations_by_engine(
            source_lang, target_lang, {engine: results}, changes, who=who
        )

    def store_translations_by_engine(
        self,
        source_lang: str,
        target_lang: str,
        results: Mapping[str, Mapping[str, str]],
        changes: list[SegmentChange],
        *,
        who: str | None = None,
    ) -> None:
        """Cache several engines' output (engine -> masked -> result) and apply the
        segment changes, all in one transaction: competing engines commit once, not
        once per engine (each commit is a disk flush)."""
        at = now_iso()
        with self._transaction() as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO mt_cache VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (engine, source_lang, target_lang, masked, result, at)
                    for engine, rows in results.items()
                    for masked, result in rows.items()
                ],
            )
            _apply_changes(connection, changes, who or self.who, at)

    def dismissed_findings(self) -> set[tuple[int, str, str]]:
        return {
            (row[0], row[1], row[2])
            for row in self._connection.execute(
                "SELECT segment_id, check_id, text FROM qa_dismissals"
            )
        }


def _remove_scratch(folder: Path | None) -> None:
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _write_article(
    connection: sqlite3.Connection,
    article: Article,
    report: list[str],
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> None:
    """Insert a whole article into a fresh database in one transaction."""
    total = article.segment_count()
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO article_meta (key, value) VALUES (?, ?)",
        [(name, getattr(article.meta, name)) for name in _META_FIELDS],
    )
    connection.executemany(
        "INSERT INTO import_report (message) VALUES (?)", [(message,) for message in report]
    )
    block_rows = []
    segment_rows: list[tuple[object, ...]] = []
    comment_rows: list[tuple[int, str, str, str]] = []
    segment_id = 0
    at = now_iso()
    for position, block in enumerate(article.blocks):
        block.id = position + 1
        tweet = block.tweet
        block_rows.append(
            (
                block.id,
                position,
                block.kind.value,
                block.level,
                tweet.name if tweet else None,
                tweet.handle if tweet else None,
                tweet.date if tweet else None,
                tweet.url if tweet else None,
            )
        )
        for index, segment in enumerate(block.segments):
            segment_id += 1
            segment.id = segment_id
            segment_rows.append(
                (
                    segment_id,
                    block.id,
                    index,
                    segment.source,
                    segment.target,
                    segment.status.value,
                    segment.origin.to_str(),
                    at,
                )
            )
            comment_rows.extend(
                (segment_id, comment.who, comment.when, comment.text)
                for comment in segment.comments
            )
    connection.executemany("INSERT INTO blocks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", block_rows)
    for start in range(0, len(segment_rows), _WRITE_CHUNK):
        if cancel:
            cancel.check()
        connection.executemany(
            "INSERT INTO segments (id, block_id, position, source, target, status, origin,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            segment_rows[start : start + _WRITE_CHUNK],
        )
        progress(min(start + _WRITE_CHUNK, total), total, _("Saving project"))
    connection.executemany(
        "INSERT INTO comments (segment_id, who, at, text) VALUES (?, ?, ?, ?)", comment_rows
    )
    connection.execute("COMMIT")


def _apply_changes(
    connection: sqlite3.Connection, changes: Iterable[SegmentChange], author: str, at: str
) -> int:
    """The body of Project.apply_changes, inside the caller's transaction."""
    changed = 0
    for change in changes:
        row = connection.execute(
            "SELECT target, status, origin FROM segments WHERE id = ?", (change.segment_id,)
        ).fetchone()
        if row is None:
            raise ProjectError(_("segment {id} does not exist").format(id=change.segment_id))
        old_target, old_status, old_origin = row
        new_target = old_target if change.target is None else change.target
        new_status = old_status if change.status is None else change.status.value
        new_origin = old_origin if change.origin is None else change.origin.to_str()
        altered = (new_target, new_status, new_origin) != (old_target, old_status, old_origin)
        if altered:
            connection.execute(
                "UPDATE segments SET target = ?, status = ?, origin = ?, updated_at = ? "
                "WHERE id = ?",
                (new_target, new_status, new_origin, at, change.segment_id),
            )
            connection.execute(
                "INSERT INTO history (segment_id, who, at, before, after, status_before,"
                " status_after, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    change.segment_id,
                    author,
                    at,
                    old_target,
                    new_target,
                    old_status,
                    new_status,
                    new_origin,
                ),
            )
        if change.comment:
            connection.execute(
                "INSERT INTO comments (segment_id, who, at, text) VALUES (?, ?, ?, ?)",
                (change.segment_id, author, at, change.comment),
            )
        changed += altered or bool(change.comment)
        # A confirmed change supersedes any unconfirmed draft kept for recovery.
        connection.execute("DELETE FROM pending_edits WHERE segment_id = ?", (change.segment_id,))
    return changed
