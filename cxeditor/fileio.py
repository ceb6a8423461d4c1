"""Writing files so that a crash, a kill or a full disk never leaves a half-written one."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cxeditor.errors import CxError
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


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write(temp_path)`, flush it to disk, then rename it over `path`.

    The temporary file sits in the target folder so the final rename is atomic; on any
    error (or Cancelled) it is removed and `path` is left exactly as it was.
    """
    check_writable_target(path)
    remove_stale_temporaries(path)
    fd, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    os.close(fd)
    temp = Path(temp_name)
    try:
        write(temp)
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        temp.replace(path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise CxError(
            _("cannot write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


# A temporary file's name holds its writer's process id: ".NAME.PID.RANDOM.tmp", and
# SQLite may add "-journal" to it.
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp(?:-journal)?")
STALE_AFTER_SECONDS = 600.0


def remove_stale_temporaries(path: Path, *, now: float | None = None) -> list[Path]:
    """Remove what a killed writer of `path` left behind: temporary files whose process
    is gone. Only files older than ten minutes, so a writer on another machine sharing
    the folder (whose process ids mean nothing here) is never disturbed."""
    now = time.time() if now is None else now
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.glob(f".{glob.escape(path.name)}.*.tmp*"):
            match = _TEMPORARY.fullmatch(candidate.name)
            if match is None or match.group("name") != path.name:
                continue
            with contextlib.suppress(OSError):
                if now - candidate.stat().st_mtime < STALE_AFTER_SECONDS:
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
