"""The one place that chooses where the memory and the glossary live.

Without a server nothing changes: the user's SQLite files (or the file given). With
one (`--tm-server`, the environment's CXEDITOR_SERVER or the editor's setting) they
live in its PostgreSQL database; `offline=True` lets the caller work on through an
outage (see offline.py), otherwise an unreachable server is a clear error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from cxeditor.errors import CxError
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.tm.glossary import Glossary, GlossaryEntry, GlossaryHit, glossary_path

if TYPE_CHECKING:  # the memory needs numpy, a server psycopg: `qa` needs neither
    from cxeditor.tm.memory import TmMatch, TmUnit

SERVER_ENV = "CXEDITOR_SERVER"


class MemoryBackend(Protocol):
    """What every memory backend offers (TranslationMemory plus its life cycle)."""

    def add(
        self,
        units: Iterable[TmUnit],
        *,
        progress: ProgressCallback = ...,
        cancel: CancelFlag | None = ...,
    ) -> int: ...

    def lookup(
        self,
        source: str,
        *,
        limit: int = 5,
        threshold: int = 70,
        previous: str = "",
        following: str = "",
    ) -> list[TmMatch]: ...

    def best(self, source: str, threshold: int = 100) -> tuple[str, int] | None: ...

    def concordance(self, text: str, *, side: str = "source", limit: int = 50) -> list[TmUnit]: ...

    def units(self) -> Iterator[TmUnit]: ...

    def count(self) -> int: ...

    def close(self) -> None: ...


class GlossaryBackend(Protocol):
    def add(self, entries: Iterable[GlossaryEntry]) -> int: ...

    def entries(self) -> list[GlossaryEntry]: ...

    def hits(self, source: str) -> list[GlossaryHit]: ...

    def dismiss_proposal(self, term: str) -> None: ...

    def dismissed(self) -> set[str]: ...

    def close(self) -> None: ...


def _tell_stderr(message: str) -> None:
    print(f"cxeditor: {message}", file=sys.stderr)


def server_url(explicit: str | None = None) -> str | None:
    """The team server to use: the one given, else CXEDITOR_SERVER, else none."""
    url = explicit or os.environ.get(SERVER_ENV, "").strip() or None
    if url is not None:
        from cxeditor.store.server import parse_url  # noqa: PLC0415 - psycopg

        parse_url(url)  # a bad address is a clear error now, not at the first lookup
    return url


def open_memory(
    path: Path | None = None,
    *,
    server: str | None = None,
    offline: bool = False,
    notify: Callable[[str], None] = _tell_stderr,
    background: bool = False,
    on_online: Callable[[], None] | None = None,
    on_refused: Callable[[CxError], None] | None = None,
) -> MemoryBackend:
    """The memory: the file at `path` if given, else the server's, else the user's file.
    `background` (with `offline`): connect in a thread, answering locally meanwhile;
    `on_online` is called (from that thread) when the server answers, `on_refused`
    when it refuses (a login, a schema) instead of the notice."""
    url = None if path is not None else server_url(server)
    if url is None:
        from cxeditor.tm.memory import SqliteMemory, user_memory_path  # noqa: PLC0415 - numpy

        return SqliteMemory(path or user_memory_path())
    if offline:
        from cxeditor.tm.offline import OfflineMemory  # noqa: PLC0415 - psycopg loads lazily

        return OfflineMemory(
            url, notify=notify, background=background, on_online=on_online, on_refused=on_refused
        )
    from cxeditor.tm.pg_memory import PgMemory  # noqa: PLC0415

    return PgMemory(url)


def open_glossary(
    path: Path | None = None,
    *,
    server: str | None = None,
    offline: bool = False,
    notify: Callable[[str], None] = _tell_stderr,
    background: bool = False,
    on_online: Callable[[], None] | None = None,
    on_refused: Callable[[CxError], None] | None = None,
) -> GlossaryBackend:
    """The glossary: the file at `path` if given, else the server's, else the user's file.
    `background` (with `offline`): connect in a thread, answering locally meanwhile;
    `on_online` is called (from that thread) when the server answers, `on_refused`
    when it refuses (a login, a schema) instead of the notice."""
    url = None if path is not None else server_url(server)
    if url is None:
        return Glossary(path or glossary_path())
    if offline:
        from cxeditor.tm.offline import OfflineGlossary  # noqa: PLC0415

        return OfflineGlossary(
            url, notify=notify, background=background, on_online=on_online, on_refused=on_refused
        )
    from cxeditor.tm.pg_glossary import PgGlossary  # noqa: PLC0415

    return PgGlossary(url)
