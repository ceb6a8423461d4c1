"""Render the main window with the sample project to docs/screenshot.png (offscreen).

    QT_QPA_PLATFORM=offscreen python tools/screenshot.py [LANGUAGE]

Korean glyphs need a CJK font on the machine (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings

from cxeditor.gui.app import create_application
from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import Settings
from cxeditor.i18n import set_language
from cxeditor.services import create_project_from_files

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"


def main() -> int:
    language = sys.argv[1] if len(sys.argv) > 1 else "en"
    output = (
        ROOT / "docs" / ("screenshot.png" if language == "en" else f"screenshot-{language}.png")
    )
    set_language(language)
    app = create_application([])
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "locchat-recap.cxproj"
        create_project_from_files(
            project,
            source=SAMPLES / "locchat-recap.html",
            translation=SAMPLES / "locchat-recap.ko-mt.txt",
        )
        window = MainWindow(
            Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        )
        window.resize(1400, 860)
        window.show()
        window.open_project(project)
        window.run_qa_job()
        window.tasks.wait()
        for _ in range(5):
            app.processEvents()
        window.select_segment(7)
        app.processEvents()
        window.grab().save(str(output))
        window.close_project()
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
