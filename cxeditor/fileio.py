"""Writing files so that a crash, a kill or a full disk never leaves a half-written one."""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from cxeditor.errors import CxError
from cxeditor.faults import write_failure
from cxeditor.i18n import _


def check_writable_target(path: Path) -> None:
    """Refuse early, with one clear line, an output path that cannot be written."""
    parent = path.parent if str(path.parent) else Path()
    if path.is_dir():
        raise CxError(_("{path} is a directory, not a file name").format(path=path))
    if not parent.is_dir():
        raise CxError(
            _("cannot write {path}: folder {parent} does not exist").format(
                path=path, parent=parent
            )
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CxError(
            _("cannot write {path}: folder {parent} is not writable").format(
                path=path, parent=parent
            )
        )
    if path.exists() and not os.access(path, os.W_OK):
        raise CxError(_("cannot write {path}: the file is read-only").format(path=path))


def write_bytes_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write_atomically` for a writer of a stream (python-docx's save): it writes into
    memory, and only our own code touches the disk. A writer that fails half-way on a
    full disk (python-docx leaves its ZipFile open) would otherwise try again from its
    __del__ and print "Exception ignored … Traceback" after our one line."""
    buffer = io.BytesIO()
    write(buffer)
    write_atomically(path, lambda temp: temp.write_bytes(buffer.getbuffer()))


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write(temp_path)`, flush it to disk, then rename it over `path`.

    The temporary file sits in the target folder so the final rename is atomic; on any
    error (or Cancelled) it is removed (with any SQLite journal of it) and `path` is
    left exactly as it was. The result has the mode `path` had, or for a new file the
    one the user's umask gives (not mkstemp's private 0600).
    """
    check_writable_target(path)
    remove_stale_temporaries(path)
    temp: Path | None = None
    try:
        fd, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}@{_HOST}.", suffix=".tmp", dir=path.parent
        )
        os.close(fd)
        temp = Path(temp_name)
        write(temp)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        temp.chmod(_mode_for(path))
        temp.replace(path)
    except BaseException as error:
        if temp is not None:
            _remove_quietly(temp, temp.with_name(temp.name + "-journal"))
        # Our own words first ("the disk is full", translated), as the CLI says them;
        # the system's English text only for what we have no words for.
        reason = write_failure(error) or (
            (error.strerror or str(error)) if isinstance(error, OSError) else None
        )
        if reason is None:
            raise
        raise CxError(
            _("cannot write {path}: {reason}").format(path=path, reason=reason)
        ) from error


def _remove_quietly(*paths: Path) -> None:
    for leftover in paths:
        with contextlib.suppress(OSError):
            leftover.unlink()


def current_umask() -> int:
    """The process's umask, read without changing it where the OS allows (os.umask
    sets it while reading, which another thread could see)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    """An existing file keeps its mode; a new one gets what open() would give it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def host_tag() -> str:
    """This machine's name as temporary files carry it."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", socket.gethostname())[:40] or "localhost"


_HOST = host_tag()
# A temporary file's name holds its writer's process id and host:
# ".NAME.PID@HOST.RANDOM.tmp" (older versions: ".NAME.PID.RANDOM.tmp"), and SQLite may add
# "-journal" to it.
_TEMPORARY = re.compile(
    r"\.(?P<name>.+)\.(?P<pid>\d+)(?:@(?P<host>[A-Za-z0-9_-]*))?\.[^.]+\.tmp(?:-journal)?"
)
STALE_AFTER_SECONDS = 600.0


def remove_stale_temporaries(path: Path, *, now: float | None = None) -> list[Path]:
    """Remove what killed writers left in `path`'s folder: temporary files (and their
    journals) whose process is gone. A writer of this machine is known to be gone when
    its process is; one of another machine sharing the folder (whose process ids mean
    nothing here), or of an older cxeditor that did not record its machine, only after
    ten minutes without a change."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.glob(".*.tmp*"):
            match = _TEMPORARY.fullmatch(candidate.name)
            if match is None:
                continue
            with contextlib.suppress(OSError):
                ours = match.group("host") == _HOST
                if not ours and now - candidate.stat().st_mtime < STALE_AFTER_SECONDS:
                    continue
                if _process_alive(int(match.group("pid"))):
                    continue
                candidate.unlink()
                removed.append(candidate)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid() or sys.platform == "win32":
        return True  # (on Windows, os.kill(pid, 0) would send Ctrl+C, not probe)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, but is someone else's (or cannot tell): leave it
    return True


def write_text_atomically(path: Path, text: str) -> None:
    write_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"))
