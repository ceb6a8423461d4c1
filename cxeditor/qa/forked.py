"""Share a QA run among forked processes: the command line's way past one core.

Checks are pure functions of a unit and the article context, so once the context is
built, slices of the article can be checked in child processes that inherit it all
(fork shares the memory copy-on-write; nothing is sent to them). Each child sends
back its findings, pickled, through a pipe. A child that fails has its slice checked
again in the parent, so a run never loses findings.

Only on Linux and only from a process with a single thread: fork copies just the
calling thread, and a lock held by another (a Qt worker's, say) would stay locked in
the child forever. The editor therefore checks in one process.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence

from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.qa.base import Finding, Unit

_new_finding = functools.partial(tuple.__new__, Finding)  # from a row, in C

# Below this many units a fork costs more than it saves.
MIN_UNITS_PER_PROCESS = 2000

CheckSlice = Callable[[Sequence[Unit], ProgressCallback, CancelFlag | None], list[Finding]]


def available_processes() -> int:
    """How many processes a run may use here: 1 where forking is not safe."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def check_in_processes(
    units: Sequence[Unit],
    check_slice: CheckSlice,
    processes: int,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> list[Finding]:
    """`check_slice(units)` shared among up to `processes` processes, findings in
    the order of `units`."""
    processes = min(processes, len(units) // MIN_UNITS_PER_PROCESS)
    if processes >= 2:
        processes = min(processes, available_processes())
    if processes < 2:
        return check_slice(units, progress, cancel)
    bounds = [len(units) * part // processes for part in range(processes + 1)]
    slices = [units[bounds[part] : bounds[part + 1]] for part in range(processes)]
    children: list[tuple[int, int, Sequence[Unit]]] = []
    try:
        for part in slices[1:]:
            try:
                children.append(_fork_child(part, check_slice))
            except OSError:  # no process to be had (limits, memory): check it here
                children.append((0, -1, part))
        # The parent checks the first slice meanwhile; its progress stands for all.
        findings = check_slice(slices[0], progress, cancel)
        while children:
            pid, pipe, part = children.pop(0)
            collected = _collect(pid, pipe) if pid else None
            if collected is None:  # the child failed, or was never started
                collected = check_slice(part, no_progress, cancel)
            findings += collected
    finally:
        for pid, pipe, _part in children:  # cancelled or failed: stop the others
            _stop(pid, pipe)
    return findings


def _fork_child(part: Sequence[Unit], check_slice: CheckSlice) -> tuple[int, int, Sequence[Unit]]:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: check, send, and leave without running the parent's cleanup
        status = 1
        try:
            os.close(read_end)
            # As plain tuples: a named tuple pickles through its Python __reduce__,
            # five times slower (80 ms for 18,000 findings, all on the critical path).
            rows = [tuple(finding) for finding in check_slice(part, no_progress, None)]
            data = pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end, part


def _collect(pid: int, pipe: int) -> list[Finding] | None:
    """The child's findings, or None when it did not finish its slice."""
    with os.fdopen(pipe, "rb") as stream:
        data = stream.read()
    _pid, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return None
    rows = pickle.loads(data)  # noqa: S301 - our own child wrote it
    return list(map(_new_finding, rows))


def _stop(pid: int, pipe: int) -> None:
    if not pid:
        return
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.close(pipe)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
