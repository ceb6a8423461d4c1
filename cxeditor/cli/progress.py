"""A progress line on stderr for the CLI (only when stderr is a terminal)."""

from __future__ import annotations

import sys
import time

from cxeditor.jobs import ProgressCallback, no_progress


def terminal_progress() -> ProgressCallback:
    """A callback drawing `message  done/total` on one line, at most ~10 times a second."""
    if not sys.stderr.isatty():
        return no_progress
    last = [0.0]

    def show(done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < 0.1 and done < total:
            return
        last[0] = now
        counter = f"{done}/{total}" if total else str(done)
        end = "\n" if total and done >= total else ""
        sys.stderr.write(f"\r{message}  {counter}\x1b[K{end}")
        sys.stderr.flush()

    return show
