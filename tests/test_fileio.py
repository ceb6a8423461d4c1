"""Atomic writes, and the clean-up of what a killed writer left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cxeditor.errors import CxError
from cxeditor.fileio import STALE_AFTER_SECONDS, write_atomically, write_text_atomically


def a_dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def leftover(folder: Path, name: str, pid: int, age: float, suffix: str = ".tmp") -> Path:
    path = folder / f".{name}.{pid}.{len(list(folder.iterdir()))}x{suffix}"
    path.write_bytes(b"half a project")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="process ids are probed on POSIX only")
def test_a_killed_writers_temporaries_are_removed_by_the_next_write(tmp_path: Path) -> None:
    dead = a_dead_pid()
    old = STALE_AFTER_SECONDS + 60
    stale = leftover(tmp_path, "recap.cxproj", dead, old)
    stale_journal = leftover(tmp_path, "recap.cxproj", dead, old, ".tmp-journal")
    recent = leftover(tmp_path, "recap.cxproj", dead, 5)  # maybe another machine's, still busy
    alive = leftover(tmp_path, "recap.cxproj", os.getppid(), old)  # its writer still runs
    other_file = leftover(tmp_path, "other.cxproj", dead, old)
    write_text_atomically(tmp_path / "recap.cxproj", "새 내용")
    assert (tmp_path / "recap.cxproj").read_text(encoding="utf-8") == "새 내용"
    assert not stale.exists()
    assert not stale_journal.exists()
    assert recent.exists()
    assert alive.exists()
    assert not other_file.exists()  # any file's leftovers: the folder is swept (issue 19)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "article.html"
    target.write_text("이전 판", encoding="utf-8")

    def fails(temp: Path) -> None:
        temp.write_text("반쯤", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(CxError, match="the disk is full"):
        write_atomically(target, fails)
    assert target.read_text(encoding="utf-8") == "이전 판"
    assert [p.name for p in tmp_path.iterdir()] == ["article.html"]
