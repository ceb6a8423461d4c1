"""One writer per project: an OS file lock on a sidecar `<project>.lock` file.

The OS releases the lock when the process dies (even on kill -9), so a crash never
leaves a project locked. The file also records who holds it, for the message the
second process shows.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from cxeditor.errors import ProjectError, ProjectLockedError, ProjectNotWritableError
from cxeditor.faults import write_failure
from cxeditor.i18n import _


def lock_path(project: Path) -> Path:
    return project.with_name(project.name + ".lock")


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt  # noqa: PLC0415 - platform-specific

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl  # noqa: PLC0415 - platform-specific

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _open_lock_file(path: Path) -> IO[str]:
    """The lock file opened for update, created if missing, never through a link.

    Opening a planted symbolic link (or a hard link, a FIFO, a device) and truncating it
    would overwrite whatever it points to; a lock file is only ever our own regular file.
    O_NONBLOCK keeps a planted FIFO from blocking the open.
    """
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NONBLOCK", 0)
    refusal = _(
        "{path} is not a cxeditor lock file (a link or a special file); "
        "remove it and open the project again"
    ).format(path=path)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK):  # (FreeBSD says EMLINK)
            raise ProjectError(refusal) from error
        raise  # a read-only file system, a folder we may not write: the caller says so
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink > 1:
        os.close(fd)
        raise ProjectError(refusal)
    if sys.platform != "win32":
        os.set_blocking(fd, True)
    return os.fdopen(fd, "r+", encoding="utf-8")


def _holder_description(path: Path) -> str:
    try:
        # Read as carefully as it is opened: never through a link, never blocking.
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ValueError(path)
            info = json.loads(os.read(fd, 4096).decode("utf-8"))
        finally:
            os.close(fd)
        return _("by {user} on {host} (process {pid}) since {since}").format(
            user=info.get("user", "?"),
            host=info.get("host", "?"),
            pid=info.get("pid", "?"),
            since=info.get("since", "?"),
        )
    except (OSError, ValueError, AttributeError):
        return _("by another cxeditor process")


class ProjectLock:
    """Held while a project is open for writing; `release()` (or process exit) frees it."""

    def __init__(self, project: Path) -> None:
        self.path = lock_path(project)
        self._handle: IO[str] | None = None
        try:
            handle = self._open_locked()
        except OSError as error:  # a read-only file system, a folder we may not write
            raise ProjectNotWritableError(
                _("cannot open {project} for writing: {reason}; open it read-only").format(
                    project=project.name, reason=write_failure(error) or error.strerror or error
                )
            ) from error
        if handle is None:
            raise ProjectLockedError(
                _(
                    "{project} is already open {holder}; open it read-only or close it there first"
                ).format(project=project.name, holder=_holder_description(self.path))
            )
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(
                json.dumps(
                    {
                        "pid": os.getpid(),
                        "host": socket.gethostname(),
                        "user": getpass.getuser(),
                        "since": datetime.now(UTC).isoformat(timespec="seconds"),
                    }
                )
            )
            handle.flush()
        except OSError as error:
            # A full disk: no writer could save anything here; leave no empty lock file.
            with contextlib.suppress(OSError):
                self.path.unlink()
            with contextlib.suppress(OSError):
                handle.close()
            raise ProjectError(
                _("cannot open {project} for writing: {reason}").format(
                    project=project.name, reason=write_failure(error) or error.strerror or error
                )
            ) from error
        self._handle = handle

    def _open_locked(self) -> IO[str] | None:
        """The locked lock file, or None when another process holds it."""
        for _attempt in range(5):
            handle = _open_lock_file(self.path)
            if not _try_lock(handle):
                handle.close()
                return None
            # A releasing holder unlinks the file; if we locked such an orphan, the
            # path now names another file, and our lock protects nothing: retry.
            try:
                same = os.path.samestat(os.fstat(handle.fileno()), self.path.stat())
            except OSError:
                same = False
            if same:
                return handle
            handle.close()
        return None

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        # Unlink before closing so no other process can see an unlocked stale file
        # and take it between the two steps.
        with contextlib.suppress(OSError):
            self.path.unlink()
        handle.close()
