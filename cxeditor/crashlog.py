"""The log of what went wrong unexpectedly, under the user's state directory.

The user sees one line; the traceback goes to `cxeditor.log` in platformdirs'
user log folder (`~/.local/state/cxeditor/log` on Linux). `faulthandler` is enabled
so that a native crash (a segfault in Qt or SQLite) leaves the Python stack too.
"""

from __future__ import annotations

import faulthandler
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

import platformdirs

from cxeditor import __version__

_APP = "cxeditor"
_fault_file: list[IO[str]] = []  # kept open: faulthandler writes to its descriptor


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(_APP, _APP))


def log_unexpected(details: str) -> Path | None:
    """Append `details` (a traceback) to the log; None when the log cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "cxeditor.log"
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"{stamp} cxeditor {__version__} {' '.join(sys.argv[1:])}\n")
            handle.write(details.rstrip() + "\n\n")
    except OSError:
        return None
    return path


def log_exception(error: BaseException) -> Path | None:
    return log_unexpected("".join(traceback.format_exception(error)))


def enable_faulthandler(*, to_log: bool) -> None:
    """Dump every thread's Python stack on a fatal signal: to stderr for the command
    line (the user is looking there), to `faults.log` for the editor (it has none)."""
    target: IO[str] | None = sys.stderr
    if to_log:
        try:
            folder = log_dir()
            folder.mkdir(parents=True, exist_ok=True)
            handle = (folder / "faults.log").open("a", encoding="utf-8")
            handle.write(f"-- cxeditor {__version__} started {datetime.now(UTC).isoformat()}\n")
            handle.flush()
            _fault_file[:] = [handle]
            target = handle
        except OSError:
            target = sys.stderr
    if target is None or not _has_descriptor(target):
        return  # pythonw or a closed stream: nowhere to write a trace
    faulthandler.enable(file=target, all_threads=True)


def _has_descriptor(stream: IO[str]) -> bool:
    try:
        stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False
    return True
