"""Failures from outside the program: a full disk, a read-only file system, an I/O error.

Recognised in one place, so every command turns them into the same one clear line
instead of a traceback, whether the OS (OSError) or SQLite reported them.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3

from cxeditor.i18n import _

# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
SQLITE_READONLY_ROLLBACK = _SQLITE_READONLY | (3 << 8)


def _sqlite_code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def write_failure(error: BaseException) -> str | None:
    """Why a write failed, for the user, when `error` is the device's fault (full,
    read-only, failing); None for anything else (a bug, a locked file, bad data)."""
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return _("the disk is full")
        if error.errno == errno.EROFS:
            return _("the file system is read-only")
        if error.errno == errno.EIO:
            return _("input/output error")
        return None
    if isinstance(error, sqlite3.Error):
        code = _sqlite_code(error)
        primary = None if code is None else code & 0xFF
        if primary == _SQLITE_FULL:
            return _("the disk is full")
        if primary == _SQLITE_READONLY and code != SQLITE_READONLY_ROLLBACK:
            return _("the file system is read-only")
        if primary == _SQLITE_IOERR:
            return _("input/output error")
    return None


def is_hot_journal_refusal(error: BaseException) -> bool:
    """A read-only connection met the journal of a killed writer (it cannot roll back)."""
    return isinstance(error, sqlite3.Error) and _sqlite_code(error) == SQLITE_READONLY_ROLLBACK


def rollback_quietly(connection: sqlite3.Connection) -> None:
    """Roll back what is still open. After SQLITE_FULL, SQLite may have rolled back
    already, and a second ROLLBACK would raise over the first error."""
    if connection.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
