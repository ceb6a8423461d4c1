"""The README's screenshots, taken from the real window on a virtual X display.

    xvfb-run -s "-screen 0 1400x880x24" .venv/bin/python tools/screenshots.py

(Debian: xvfb, fonts-noto-cjk and the xcb libraries the README names.) Each picture is
the whole screen, as `import -window root` takes it, so a dialog shows over the window.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SAMPLES = ROOT / "resources" / "samples"


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="cxeditor-shots-"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[variable] = str(folder)  # a user of our own: no memory, no recent files
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

    from PySide6.QtCore import QSettings, Qt, QTimer  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QImage  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from cxeditor.gui.app import install_language  # noqa: PLC0415
    from cxeditor.gui.find_replace import ReplaceDialog  # noqa: PLC0415
    from cxeditor.gui.grid_delegate import CellEditor  # noqa: PLC0415
    from cxeditor.gui.main_window import MainWindow  # noqa: PLC0415
    from cxeditor.gui.settings import UI_LANGUAGE, Settings  # noqa: PLC0415
    from cxeditor.services import create_project_from_files  # noqa: PLC0415

    app = QApplication(sys.argv[:1])

    def settle(seconds: float = 0.6) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)

    def shoot(name: str) -> None:
        settle()
        screen = QGuiApplication.primaryScreen()
        path = DOCS / name
        image = screen.grabWindow(0).toImage()
        # 256 colours without dithering: a fraction of the size, the text as sharp.
        image.convertToFormat(
            QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.AvoidDither
        ).save(str(path), "PNG", 9)
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")

    def typed(widget: object, text: str) -> None:
        from PySide6.QtCore import QEvent  # noqa: PLC0415
        from PySide6.QtGui import QKeyEvent  # noqa: PLC0415

        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    widget,  # type: ignore[arg-type]
                    QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char),
                )

    def window_in(language: str, project: Path) -> MainWindow:
        settings = Settings(QSettings(str(folder / f"{language}.ini"), QSettings.Format.IniFormat))
        settings.set(UI_LANGUAGE, language)
        install_language(app, settings)
        window = MainWindow(settings)
        window.ask = lambda _title, _question: True
        window.choose_proposals = lambda _proposals: None
        window.setGeometry(0, 0, 1400, 880)
        window.show()
        loaded: list[bool] = []
        window.live_qa.loaded.connect(lambda: loaded.append(True))
        window.open_project(project)
        while not loaded:
            app.processEvents()
        window.docks["preview"].raise_()
        settle()
        return window

    def with_dialog(press: Callable[[], None], work: Callable[[ReplaceDialog], None]) -> None:
        def run() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, ReplaceDialog):
                QTimer.singleShot(50, run)
                return
            try:
                work(dialog)
            finally:
                dialog.reject()

        QTimer.singleShot(0, run)
        press()

    project = folder / "locchat-recap.cxproj"
    create_project_from_files(
        project,
        source=SAMPLES / "locchat-recap.html",
        translation=SAMPLES / "locchat-recap.ko-mt.txt",
    )

    window = window_in("en", project)
    window.select_segment(7)  # a tweet with a garbled hashtag and a broken URL
    shoot("screenshot.png")

    def replace(dialog: ReplaceDialog) -> None:
        dialog.move(1400 - dialog.width(), 120)  # over the docks: the grid and pane show
        typed(dialog.find_edit, "#Loc채팅")
        dialog.replace_edit.setFocus()
        typed(dialog.replace_edit, "#LocChat")
        shoot("screenshot-replace.png")

    with_dialog(window.choose_replace, replace)
    window.select_segment(4)
    window.edit_in_cell()
    editor = window.view.findChild(CellEditor)
    assert editor is not None, "F2 opened no cell editor"
    editor.selectAll()
    typed(editor, "놓치셨다면, 여기 요약이 있습니다")
    shoot("screenshot-cell.png")
    editor.setPlainText(editor.initial)
    window.close()

    korean = window_in("ko", project)
    korean.select_segment(7)
    shoot("screenshot-ko.png")
    korean.close()
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
