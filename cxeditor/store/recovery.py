"""Reading a project whose last writer was killed in the middle of a transaction.

Such a writer leaves a hot journal (`P.cxproj-journal`): the original pages of what it
was changing. The file is fine, but SQLite must put those pages back before anyone
reads it, and a read-only connection may not (SQLITE_READONLY_ROLLBACK). A reader
then rolls it back as the next writer would, holding the write lock so no writer can
start meanwhile; where it cannot write (a read-only file system, a read-only file), it
rolls back a private copy instead and reads that, leaving the user's files untouched.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cxeditor.errors import ProjectError, ProjectLockedError
from cxeditor.faults import is_hot_journal_refusal
from cxeditor.store.lock import ProjectLock

Connect = Callable[[Path], sqlite3.Connection]  # how Project opens a reader
_WRITER_GRACE_SECONDS = 5.0  # how long a writer that holds the lock may take to roll back


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _first_read(connection: sqlite3.Connection) -> None:
    # Any read makes SQLite look at the journal (and roll it back if it can).
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()


def readable_copy_needed(path: Path, connect_ro: Connect) -> bool:
    """Roll back a killed writer's journal in place if we can; True when the caller
    must read a rolled-back copy instead (see `rolled_back_copy`)."""
    deadline = time.monotonic() + _WRITER_GRACE_SECONDS
    while True:
        try:
            lock = ProjectLock(path)
        except ProjectLockedError:
            # A live writer holds the lock: its own first read rolls the journal back.
            if not _still_hot(path, connect_ro) or time.monotonic() > deadline:
                return False
            time.sleep(0.05)
            continue
        except ProjectError:
            return True  # no lock can be taken here (a read-only file system)
        try:
            connection = sqlite3.connect(path.resolve().as_uri() + "?mode=rw", uri=True)
            try:
                _first_read(connection)
            finally:
                connection.close()
        except sqlite3.Error:
            return True  # the file cannot be written: read a copy
        finally:
            lock.release()
        return _still_hot(path, connect_ro)


def _still_hot(path: Path, connect_ro: Connect) -> bool:
    try:
        connection = connect_ro(path)
    except sqlite3.Error:
        return True
    try:
        _first_read(connection)
    except sqlite3.Error as error:
        return is_hot_journal_refusal(error)
    finally:
        connection.close()
    return False


def rolled_back_copy(path: Path) -> Path:
    """A private copy of the project with the killed writer's journal rolled back;
    the caller removes its folder when done."""
    folder = Path(tempfile.mkdtemp(prefix="cxeditor-read-"))
    try:
        copy = folder / path.name
        shutil.copyfile(path, copy)
        with contextlib.suppress(FileNotFoundError):  # a writer finished it meanwhile
            shutil.copyfile(journal_path(path), journal_path(copy))
        connection = sqlite3.connect(copy)
        try:
            _first_read(connection)
        finally:
            connection.close()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy
