"""What the benches share: the fastest of a few timed runs, and another revision's
cxeditor unpacked beside this checkout's so both can be measured in the same run.

Imported as `_timing` (a bench script's own folder is the first entry of sys.path).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def best_of(
    runs: int, job: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    """The fastest of a few runs, as timeit reports: the others measure the machine's
    other work as well. `clock=time.process_time` counts this process's processor time
    only, which says more on a machine other jobs share."""
    times = []
    for _ in range(runs):
        started = clock()
        job()
        times.append(clock() - started)
    return min(times)


def unpack(revision: str, folder: Path) -> None:
    """Another revision's tree (by `git archive`) into `folder`, importable from there."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    # resources/ ships inside the package (pyproject's package-dir)
    (folder / "cxeditor" / "resources").symlink_to(folder / "resources")


def script_json(script: Path, code: Path | None) -> dict[str, Any]:
    """What `script` prints as JSON, run over this checkout's cxeditor or, given `code`
    (a folder `unpack` filled), over that one."""
    environment = dict(os.environ)
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        cwd=code or ROOT,
    )
    printed: dict[str, Any] = json.loads(result.stdout)
    return printed
