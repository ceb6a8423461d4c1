"""The `cxeditor` command run in a real process, as a user's script would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# `python -m cxeditor`, watched: every SQLite connection the command opens is recorded
# through the audit hook, and one still open at exit fails the run (exit 99) on every
# Python, where only 3.13 would warn, and only to a stderr nobody reads.
_WATCHED_MAIN = """
import atexit, os, runpy, sqlite3, sys
opened = []
def record(event, args):
    if event == "sqlite3.connect/handle":
        opened.append(args[0])
sys.addaudithook(record)
def check():
    left = 0
    for connection in opened:
        try:
            connection.total_changes
        except sqlite3.ProgrammingError:
            continue
        left += 1
    if left:
        sys.stderr.write(f"TEST GUARD: {left} SQLite connection(s) left open at exit\\n")
        sys.stderr.flush()
        os._exit(99)
atexit.register(check)
runpy.run_module("cxeditor", run_name="__main__", alter_sys=True)
"""

UNCLOSED_CONNECTION_EXIT = 99


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `cxeditor ARGS` with the English interface (and `env` added to the
    environment); output captured as text."""
    env = dict(os.environ, LANGUAGE="en", **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", _WATCHED_MAIN, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=120,
    )
