"""Working on when the team server cannot be reached, losing nothing.

`OfflineMemory` and `OfflineGlossary` stand in front of the server's memory and
glossary. While the server answers they pass everything to it. When it cannot be
reached (at start or mid-session) they say so once, answer from the user's local
memory and glossary, and queue every addition in a local SQLite file; each later call
tries the server again now and then, and once it answers the queue is sent (re-sending
is harmless: the server skips what it holds) and the user is told once more.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Generic, TypeVar

import platformdirs

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.store.server import ServerUnavailableError, display_name
from cxeditor.tm.glossary import Glossary, GlossaryEntry, GlossaryHit, find_hits, glossary_path
from cxeditor.tm.memory import SqliteMemory, TmMatch, TmUnit, user_memory_path
from cxeditor.tm.pg_glossary import PgGlossary
from cxeditor.tm.pg_memory import PgMemory

log = logging.getLogger(__name__)
RETRY_SECONDS = 10.0
Notify = Callable[[str], None]
_Server = TypeVar("_Server", PgMemory, PgGlossary)
_Store = TypeVar("_Store", SqliteMemory, Glossary)
_T = TypeVar("_T")


def queue_path() -> Path:
    return Path(platformdirs.user_data_dir("cxeditor", "cxeditor")) / "server-queue.sqlite"


class SendQueue:
    """What could not be sent yet, per server and kind, in a local SQLite file (it
    outlives the process: a queue left by a crash or a quit is sent next time)."""

    def __init__(self, path: Path | None = None, *, flush_each: bool = True) -> None:
        """`flush_each=False`: an item is safe from a crash of this program at once, but
        not flushed to the disk on each put (no fsync in the way of a key press)."""
        path = path or queue_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Used from the caller's thread and from a background connect (background=True):
        # one connection, one lock.
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(
            str(path), isolation_level=None, timeout=30, check_same_thread=False
        )
        if not flush_each:
            self._connection.execute("PRAGMA journal_mode=WAL")
            self._connection.execute("PRAGMA synchronous=NORMAL")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS queued (id INTEGER PRIMARY KEY, server TEXT NOT NULL,"
            " kind TEXT NOT NULL, item TEXT NOT NULL)"
        )

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def put(self, server: str, kind: str, items: Iterable[dict[str, object]]) -> None:
        with self._lock, self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.executemany(
                "INSERT INTO queued (server, kind, item) VALUES (?, ?, ?)",
                [(server, kind, json.dumps(item, ensure_ascii=False)) for item in items],
            )

    def put_one(self, server: str, kind: str, item: dict[str, object]) -> int:
        """Queue one item; returns its id (for `done`)."""
        with self._lock:
            cursor = self._connection.execute(
                "INSERT INTO queued (server, kind, item) VALUES (?, ?, ?)",
                (server, kind, json.dumps(item, ensure_ascii=False)),
            )
        assert cursor.lastrowid is not None
        return int(cursor.lastrowid)

    def pending(self, server: str, kind: str) -> list[tuple[int, dict[str, object]]]:
        with self._lock:
            rows = self._connection.execute(
                "SELECT id, item FROM queued WHERE server = ? AND kind = ? ORDER BY id",
                (server, kind),
            ).fetchall()
        return [(int(row_id), json.loads(item)) for row_id, item in rows]

    def done(self, ids: Iterable[int]) -> None:
        with self._lock, self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.executemany("DELETE FROM queued WHERE id = ?", [(i,) for i in ids])


class _Link(Generic[_Server]):
    """The connection state both stand-ins share: the server object while it answers.

    `background=True` (the editor's window): connecting, at start and on every retry,
    happens in a thread of its own, so no caller ever waits on the network (a silent
    server takes the whole connect timeout); meanwhile calls are answered locally and
    additions queued, and the server is used from the moment it answers.
    """

    def __init__(
        self,
        url: str,
        opener: Callable[[str], _Server],
        notify: Notify,
        kind: str,
        *,
        background: bool = False,
        on_online: Callable[[], None] | None = None,
        on_refused: Callable[[CxError], None] | None = None,
    ) -> None:
        self.url = url
        self.name = display_name(url)  # the queue's key: never holds a secret
        self.kind = kind
        self._opener: Callable[[str], _Server] = opener
        self._notify = notify
        self._lock = threading.RLock()
        self.remote: _Server | None = None
        self._last_try = 0.0
        self._background = background
        self._on_online = on_online  # told (from the connecting thread) once it answers
        self._on_refused = on_refused  # instead of the notice, when the server refuses
        self._connecting = False
        self._refused = False  # a refused login, a newer schema: not tried again
        self._closed = False
        self.queue = SendQueue()
        if background:
            self._connect_in_background(first=True)
            return
        try:
            self._connect(first=True)
        except BaseException:  # a refused login or a wrong schema: nothing to hold open
            self.queue.close()
            raise

    def _connect_in_background(self, *, first: bool) -> None:
        with self._lock:
            if self._connecting or self._closed:
                return
            self._connecting = True
            self._last_try = time.monotonic()
        threading.Thread(
            target=self._connect_thread,
            args=(first,),
            name=f"cxeditor-{self.kind}-connect",
            daemon=True,
        ).start()

    def _connect_thread(self, first: bool) -> None:
        try:
            remote = self._opener(self.url)
        except ServerUnavailableError as error:
            with self._lock:
                self._connecting = False
                self._last_try = time.monotonic()
                closed = self._closed
            if first and not closed:  # (a closed window is told nothing)
                self._notify(
                    _("{reason}; working offline, additions are sent when it is back").format(
                        reason=error
                    )
                )
            return
        except CxError as error:  # told once; the local memory for the rest of the session
            with self._lock:
                self._connecting, self._refused = False, True
                closed = self._closed
            if closed:
                return
            if self._on_refused is not None:
                self._on_refused(error)
            else:
                self._notify(_("{error}; using your local memory and glossary").format(error=error))
            return
        except Exception as error:  # an internal error: logged, and the same local fallback
            log.exception("connecting to the team %s failed", self.kind)
            with self._lock:
                self._connecting, self._refused = False, True
            if self._on_refused is not None:
                self._on_refused(CxError(str(error)))
            else:
                self._notify(_("{error}; using your local memory and glossary").format(error=error))
            return
        with self._lock:
            self._connecting = False
            if self._closed:  # the window closed while this was connecting
                remote.close()
                return
            self.remote = remote
            try:
                self._flush()
            except ServerUnavailableError as error:
                self.went_away(error)
                return
        if self._on_online is not None and not self._closed:
            self._on_online()
        if not first:
            self._notify(
                _("the server {server} is back; queued work sent").format(server=self.name)
            )

    def _connect(self, *, first: bool = False) -> None:
        self._last_try = time.monotonic()
        try:
            self.remote = self._opener(self.url)
        except ServerUnavailableError as error:
            if first:
                self._notify(
                    _("{reason}; working offline, additions are sent when it is back").format(
                        reason=error
                    )
                )
            return
        self._flush()
        if not first:
            self._notify(
                _("the server {server} is back; queued work sent").format(server=self.name)
            )

    def _flush(self) -> None:
        assert self.remote is not None
        queued = self.queue.pending(self.name, self.kind)
        if queued:
            self.send(self.remote, [item for _id, item in queued])
            self.queue.done(row_id for row_id, _item in queued)

    def send(self, remote: _Server, items: list[dict[str, object]]) -> None:
        raise NotImplementedError

    def online(self) -> _Server | None:
        with self._lock:
            due = (
                self.remote is None
                and not self._refused
                and time.monotonic() - self._last_try >= RETRY_SECONDS
            )
            if due and self._background:
                self._connect_in_background(first=False)
            elif due:
                self._connect()
            return self.remote

    def went_away(self, error: ServerUnavailableError) -> None:
        with self._lock:
            if self.remote is None:
                return
            remote, self.remote = self.remote, None
            self._last_try = time.monotonic()
            with contextlib.suppress(Exception):  # it is gone already
                remote.close()
            self._notify(
                _("{reason}; working offline, additions are sent when it is back").format(
                    reason=error
                )
            )

    def call(self, action: Callable[[_Server], _T], fallback: Callable[[], _T]) -> _T:
        remote = self.online()
        if remote is not None:
            try:
                return action(remote)
            except ServerUnavailableError as error:
                self.went_away(error)
        return fallback()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self.remote is not None:
                self.remote.close()
            self.queue.close()


class _Local(Generic[_Store]):
    """The user's own memory or glossary, the stand-in while the server is away: opened
    the first time it is asked for, once however many threads ask (the editor asks from
    its window and its workers)."""

    def __init__(self, opener: Callable[[], _Store], store: _Store | None = None) -> None:
        self._opener: Callable[[], _Store] = opener
        self._store: _Store | None = store
        self._lock = threading.Lock()

    def get(self) -> _Store:
        with self._lock:
            if self._store is None:
                self._store = self._opener()
            return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


class _MemoryLink(_Link[PgMemory]):
    def send(self, remote: PgMemory, items: list[dict[str, object]]) -> None:
        remote.add(TmUnit(**item) for item in items)  # type: ignore[arg-type]


class _GlossaryLink(_Link[PgGlossary]):
    def send(self, remote: PgGlossary, items: list[dict[str, object]]) -> None:
        remote.add(GlossaryEntry(**item) for item in items)  # type: ignore[arg-type]


class OfflineMemory:
    """The server's memory, or the local one and a queue while the server is away."""

    def __init__(
        self,
        url: str,
        *,
        local: SqliteMemory | None = None,
        notify: Notify,
        background: bool = False,
        on_online: Callable[[], None] | None = None,
        on_refused: Callable[[CxError], None] | None = None,
    ) -> None:
        self._link = _MemoryLink(
            url,
            PgMemory,
            notify,
            "memory",
            background=background,
            on_online=on_online,
            on_refused=on_refused,
        )
        self._local = _Local(lambda: SqliteMemory(user_memory_path()), local)
        self.url = url
        self.path = self._link.name

    @property
    def is_online(self) -> bool:
        return self._link.online() is not None

    def local(self) -> SqliteMemory:
        return self._local.get()

    def close(self) -> None:
        self._link.close()
        self._local.close()

    def add(
        self,
        units: Iterable[TmUnit],
        *,
        progress: ProgressCallback = no_progress,
        cancel: CancelFlag | None = None,
    ) -> int:
        batch = list(units)

        def offline() -> int:
            self._link.queue.put(self._link.name, "memory", (asdict(unit) for unit in batch))
            return self.local().add(batch, progress=progress, cancel=cancel)

        return self._link.call(lambda m: m.add(batch, progress=progress, cancel=cancel), offline)

    def lookup(
        self,
        source: str,
        *,
        limit: int = 5,
        threshold: int = 70,
        previous: str = "",
        following: str = "",
    ) -> list[TmMatch]:
        def ask(memory: PgMemory | SqliteMemory) -> list[TmMatch]:
            return memory.lookup(
                source, limit=limit, threshold=threshold, previous=previous, following=following
            )

        return self._link.call(ask, lambda: ask(self.local()))

    def best(self, source: str, threshold: int = 100) -> tuple[str, int] | None:
        return self._link.call(
            lambda m: m.best(source, threshold), lambda: self.local().best(source, threshold)
        )

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]:
        return self._link.call(
            lambda m: m.concordance(text, side=side, limit=limit),
            lambda: self.local().concordance(text, side=side, limit=limit),
        )

    def units(self) -> Iterator[TmUnit]:
        return self._link.call(lambda m: m.units(), lambda: self.local().units())

    def count(self) -> int:
        return self._link.call(lambda m: m.count(), lambda: self.local().count())

    def queued(self) -> int:
        return len(self._link.queue.pending(self._link.name, "memory"))


class OfflineGlossary:
    """The server's glossary, or the user's local one and a queue while it is away."""

    def __init__(
        self,
        url: str,
        *,
        notify: Notify,
        background: bool = False,
        on_online: Callable[[], None] | None = None,
        on_refused: Callable[[CxError], None] | None = None,
    ) -> None:
        self._link = _GlossaryLink(
            url,
            PgGlossary,
            notify,
            "glossary",
            background=background,
            on_online=on_online,
            on_refused=on_refused,
        )
        self._local = _Local(lambda: Glossary(glossary_path()))
        self.url = url

    def local(self) -> Glossary:
        return self._local.get()

    def close(self) -> None:
        self._link.close()
        self._local.close()

    def add(self, entries: Iterable[GlossaryEntry]) -> int:
        batch = list(entries)

        def offline() -> int:
            self._link.queue.put(self._link.name, "glossary", (asdict(e) for e in batch))
            return self.local().add(batch)

        return self._link.call(lambda g: g.add(batch), offline)

    def entries(self) -> list[GlossaryEntry]:
        return self._link.call(lambda g: g.entries(), lambda: self.local().entries())

    def hits(self, source: str) -> list[GlossaryHit]:
        return find_hits(source, self.entries())

    def dismiss_proposal(self, term: str) -> None:
        self._link.call(
            lambda g: g.dismiss_proposal(term), lambda: self.local().dismiss_proposal(term)
        )

    def dismissed(self) -> set[str]:
        return self._link.call(lambda g: g.dismissed(), lambda: self.local().dismissed())
