"""The `cxeditor` command run in a real process, as a user's script would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `cxeditor ARGS` with the English interface (and `env` added to the
    environment); output captured as text."""
    env = dict(os.environ, LANGUAGE="en", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "cxeditor", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=120,
    )
