"""Cold start to a usable window, offscreen: a bare QApplication with an empty QMainWindow,
and cxeditor with a 2,000-segment project open until its first rows are visible
(goal <= 0.8 s). Each is timed as a fresh process, three runs, best kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import _timing

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.store import Project

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
"""

OURS = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from cxeditor.gui.app import create_application
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import Settings
app = create_application([])
window = MainWindow(Settings(QSettings(sys.argv[2], QSettings.Format.IniFormat)))
window.show()
window.open_project(Path(sys.argv[1]))
app.processEvents()
assert window.view.model().rowCount() == 2000, window.view.model().rowCount()
assert window.view.visualRect(window.view.model().index(0, 2)).isValid()
"""


def build(path: Path) -> None:
    blocks = []
    for i in range(1000):
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                [
                    Segment(
                        f"Sentence {i} about #CXTweetChat.",
                        f"#CXTweetChat에 관한 {i}번째 문장.",
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
                        f"A{i % 9}: {i}번째 트윗 #CXTweetChat https://t.co/Ab{i:06d}",
                        Status.DRAFT,
                    )
                ],
                tweet=Tweet(f"Person {i}", f"person_{i}", "2019-10-25"),
            )
        )
    Project.create(path, Article(ArticleMeta(title="startup"), blocks))


def best_of(script: str, *args: str, runs: int = 3) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", script, *args]
    return _timing.best_of(
        runs,
        lambda: subprocess.run(
            command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ),
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "startup.cxproj"
        build(project)
        bare = best_of(BARE)
        ours = best_of(OURS, str(project), str(Path(folder) / "settings.ini"))
    print(f"bare QApplication + empty QMainWindow: {bare:6.3f} s")
    print(f"cxeditor with a 2,000-segment project:  {ours:6.3f} s (goal <= 0.8 s)")
    print(f"ratio: {ours / bare:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
