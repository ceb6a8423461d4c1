"""A working day in the main window, driven by key presses: segment moves, typing in
Find/Replace, QA runs, with RSS and None's reference count sampled. Shared by
tests/gui/test_soak.py and bench/bench_soak.py (which loads this file by path)."""

from __future__ import annotations

import gc
import resource
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.store import Project

CTRL = Qt.KeyboardModifier.ControlModifier


def build_project(path: Path, segments: int) -> Path:
    """Paragraphs and tweets in the shape of a tweet-chat recap, with emoji and URLs."""
    blocks = []
    for i in range(segments // 2):
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                [
                    Segment(
                        f"Sentence {i} about #CXTweetChat 🚚 and @host{i % 7}.",
                        f"#CXTweetChat 🚚에 관한 {i}번째 문장, @host{i % 7}.",
                        Status.DRAFT,
                    )
                ],
            )
        )
        blocks.append(
            Block(
                BlockKind.TWEET,
                [
                    Segment(
                        f"A{i % 9}: tweet {i} #CXTweetChat https://t.co/Ab{i:06d}",
                        f"A{i % 9}: {i}번째 트윗 #CXT위챗 https://t.co/ Ab{i:06d}",
                        Status.DRAFT,
                    )
                ],
                tweet=Tweet(f"Person {i}", f"person_{i}", "2019-10-25"),
            )
        )
    Project.create(path, Article(ArticleMeta(title="soak"), blocks))
    return path


def rss_kib() -> int:
    """Resident memory now (Linux /proc), else the peak the OS reports."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


@dataclass(frozen=True)
class Sample:
    moves: int
    rss_kib: int
    none_refs: int


def sample(moves: int) -> Sample:
    QApplication.processEvents()
    gc.collect()
    return Sample(moves, rss_kib(), sys.getrefcount(None))


def focused(window: QWidget) -> QWidget:
    return QApplication.focusWidget() or window


def move(window: QWidget, key: Qt.Key) -> None:
    QApplication.processEvents()  # workers deliver between presses, as for a user
    QTest.keyClick(focused(window), key, CTRL)


def type_in_replace(window: QWidget, find: str, replace: str) -> None:
    """Ctrl+H, type the find and replace texts key by key, then Escape."""

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None, "Ctrl+H opened no dialog"
        find_edit = getattr(dialog, "find_edit")  # noqa: B009 - the dialog's own fields
        replace_edit = getattr(dialog, "replace_edit")  # noqa: B009
        QTest.keyClicks(find_edit, find)
        QTest.keyClicks(replace_edit, replace)
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, drive)
    QTest.keyClick(focused(window), Qt.Key.Key_H, CTRL)
    # A desktop gives the window back its activation when the dialog closes; the
    # offscreen platform does not, and shortcuts need an active window.
    window.activateWindow()
    QTest.qWaitForWindowActive(window)


def run_qa(window: QWidget) -> None:
    """F7, then wait for the worker's findings to arrive."""
    finished: list[str] = []
    signal = window.jobFinished  # type: ignore[attr-defined]
    signal.connect(finished.append)
    QTest.keyClick(focused(window), Qt.Key.Key_F7)
    for _tick in range(6000):
        if "qa" in finished:
            break
        QTest.qWait(10)
    signal.disconnect(finished.append)
    assert "qa" in finished, "QA did not finish"


def working_day(
    window: QWidget, *, moves: int, replace_every: int = 500, qa_every: int = 1000
) -> list[Sample]:
    """`moves` Ctrl+Down/Up presses bouncing through the grid, with Find/Replace typing
    and QA runs in between; a sample after a warm-up and after each stretch."""
    rows = window.model.rowCount()  # type: ignore[attr-defined]
    view = window.view  # type: ignore[attr-defined]
    key = Qt.Key.Key_Down
    for _warm_up in range(100):  # caches, fonts and the QA worker come up once
        move(window, key)
    type_in_replace(window, "CXT", "CX")
    run_qa(window)
    samples = [sample(0)]
    for done in range(1, moves + 1):
        current = view.currentIndex().row()
        if current >= rows - 1:
            key = Qt.Key.Key_Up
        elif current <= 0:
            key = Qt.Key.Key_Down
        move(window, key)
        if done % replace_every == 0:
            type_in_replace(window, "https://t.co/ ", "https://t.co/")
            samples.append(sample(done))
        if done % qa_every == 0:
            run_qa(window)
            samples.append(sample(done))
    samples.append(sample(moves))
    return samples
