"""Live QA latency: re-checking the segment being typed (goal < 5 ms a segment).

On bench_qa's 20,000-segment article (every segment with tokens and defects), the
whole run builds the article context once; then each segment is re-checked as typing
changes it (one character added, the way an editor types). The baseline is what the
editor would cost without keeping the context: a whole-project run per pause.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_qa import SEGMENTS, build_article

from cxeditor.model import Article, Segment
from cxeditor.qa.live import LiveQa
from cxeditor.qa.runner import run_qa
from cxeditor.store import Project

SAMPLE = 2000  # segments re-checked (every tenth of the article)


def _settle(app: Any) -> None:
    """Process events until the window is idle (a pass takes under a millisecond)."""
    deadline = time.perf_counter() + 60
    quiet = 0
    while quiet < 50 and time.perf_counter() < deadline:
        begun = time.perf_counter()
        app.processEvents()
        quiet = quiet + 1 if time.perf_counter() - begun < 0.001 else 0


def _in_the_window(article: Article, segments: list[Segment]) -> tuple[float, float]:
    """The main thread's whole cost of one re-check in the real window, offscreen."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from cxeditor.gui.main_window import MainWindow  # noqa: PLC0415
    from cxeditor.gui.settings import Settings  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.cxproj"
        Project.create(path, article)
        settings = Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings)
        window.show()
        loop = QEventLoop()
        window.live_qa.loaded.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        window.open_project(path)
        loop.exec()
        assert window.live_qa.live is not None
        _settle(app)  # the dock lays out its rows in batches while idle; wait for that
        times = []
        for segment in segments[:300]:
            assert segment.id is not None
            window.select_segment(segment.id)
            _settle(app)  # the move's own work is not the re-check's
            begun = time.perf_counter()
            window.live_qa.check_now(segment.id, segment.target + "  끝")  # a new finding
            app.processEvents()
            times.append(time.perf_counter() - begun)
        window.close()
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> int:
    article = build_article()
    started = time.perf_counter()
    live = LiveQa.run(article)
    whole = time.perf_counter() - started
    assert live.findings() == run_qa(article)  # the same findings as the command line
    every = list(article.segments())
    segments = every[:: max(1, len(every) // SAMPLE)]
    times = []
    for segment in segments:
        assert segment.id is not None
        for typed in (segment.target + " ", segment.target + " 다", segment.target):
            begun = time.perf_counter()
            live.check_segment(segment.id, typed)
            times.append(time.perf_counter() - begun)
    assert live.findings() == run_qa(article)  # back to the stored texts: unchanged
    times.sort()
    median = statistics.median(times) * 1000
    p99 = times[int(len(times) * 0.99)] * 1000
    worst = times[-1] * 1000
    print(f"live QA, {SEGMENTS}-segment article, {len(times)} re-checks (goal < 5 ms):")
    print(
        f"  one segment:  median {median:.3f} ms, 99th percentile {p99:.3f} ms, "
        f"worst {worst:.3f} ms"
    )
    window_median, window_worst = _in_the_window(article, segments)
    print(
        f"  in the editor window (check, dock, grid badge, underlines): median "
        f"{window_median:.3f} ms, worst {window_worst:.3f} ms"
    )
    print(f"  the whole run on open (worker): {whole:.3f} s")
    print(f"baseline, a whole-project run per typing pause: {whole * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
