"""Cold start to a usable window, offscreen: a bare QApplication with an empty QMainWindow,
and cxeditor with a 2,000-segment project open until its first rows are visible
(goal <= 0.8 s). Each is timed as a fresh process, three runs, best kept: from the
start until the script prints "ready"; then it closes its window as a user's quit does
(the window waits for its workers: live QA, the spelling load) and the bench waits for
it to end, untimed, so a crash on the way out still fails the bench.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.store import Project

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print("ready", flush=True)
window.close()
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
print("ready", flush=True)
# As a user's quit: closeEvent waits for the workers the project started (live QA,
# the spelling load); a script that simply ended would tear them down mid-run.
window.close()
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


def until_ready(command: list[str], env: dict[str, str]) -> float:
    """Seconds from the start of `command` until it prints "ready"; it must then end well."""
    started = time.perf_counter()
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        _out, errors = child.communicate()
    if line.strip() != "ready" or child.returncode != 0:
        sys.stderr.write(errors)
        raise subprocess.CalledProcessError(child.returncode, command[:2])
    return elapsed


def best_of(script: str, *args: str, runs: int = 3) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", script, *args]
    return min(until_ready(command, env) for _ in range(runs))


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
