"""Writing files so that a crash, a kill or a full disk never leaves a half-written one."""

from __future__ import annotations

import contextlib
import os
import tempfile
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
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def write_text_atomically(path: Path, text: str) -> None:
    write_atomically(path, lambda temp: temp.write_text(text, encoding="utf-8"))
