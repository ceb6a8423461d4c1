"""A confirm's status-bar summary on a 20,000-segment project (issue 16: it counted the
words of every row on each call, ~70 ms).

Prints the summary's cost now (counts kept as segments change) beside the baseline (the
old way: every row's status and source words, and every segment's findings, counted
again), and the main thread's whole Ctrl+Enter (confirm and move on) in the window.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_live_qa import _settle
from bench_qa import SEGMENTS, build_article

from cxeditor.model import Status
from cxeditor.store import Project
from cxeditor.text.sentences import count_words

RUNS = 200


def _baseline(window: object) -> str:
    """The summary as it was computed before: everything counted on each call."""
    rows = window.model.rows()  # type: ignore[attr-defined]
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        counts[row.status] += 1
    words = sum(count_words(row.source) for row in rows)
    findings = window._findings_by_segment.values()  # type: ignore[attr-defined]
    errors = sum(any(f.severity.value == "error" for f in items) for items in findings)
    return f"{len(rows)} {counts[Status.TRANSLATED]} {counts[Status.APPROVED]} {errors} {words}"


def _median_ms(job: object, runs: int = RUNS) -> float:
    times = []
    for _run in range(runs):
        begun = time.perf_counter()
        job()  # type: ignore[operator]
        times.append(time.perf_counter() - begun)
    return statistics.median(times) * 1000


def main() -> int:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from cxeditor.gui.main_window import MainWindow  # noqa: PLC0415
    from cxeditor.gui.settings import Settings  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    article = build_article()
    with tempfile.TemporaryDirectory() as folder:
        for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[variable] = folder  # the confirms feed a memory of our own
        path = Path(folder) / "bench.cxproj"
        Project.create(path, article)
        settings = Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.show()
        loop = QEventLoop()
        window.live_qa.loaded.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        window.open_project(path)
        loop.exec()
        _settle(app)
        now = _median_ms(window._update_summary)
        before = _median_ms(lambda: _baseline(window), runs=20)
        confirms = []
        for _run in range(30):
            window.target_edit.setPlainText(window.target_edit.toPlainText() + " 끝")
            begun = time.perf_counter()
            window.confirm_and_next()
            confirms.append(time.perf_counter() - begun)
            _settle(app)
        window.close()
    print(f"status-bar summary, {SEGMENTS}-segment project with live QA findings:")
    print(f"  now (kept counts):                  median {now:.3f} ms")
    print(f"  baseline (everything counted again): median {before:.1f} ms")
    print(
        f"  a whole confirm (Ctrl+Enter) on the main thread: median "
        f"{statistics.median(confirms) * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
