"""Start the desktop editor: `cxeditor [PROJECT]`."""

from __future__ import annotations

import os
import sys
import traceback
from importlib import resources
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cxeditor import __version__
from cxeditor.crashlog import enable_faulthandler, log_unexpected
from cxeditor.i18n import _, set_language
from cxeditor.store.factory import project_ref

from .guard import leaking_binding_message
from .main_window import MainWindow
from .settings import UI_LANGUAGE, Settings

ORGANIZATION = "cxeditor"
SMOKE_TEST_SECONDS = 30  # the packaging smoke test waits this long for a shared project
APPLICATION = "cxeditor"
# Fonts with Hangul, tried in order; Qt falls back per glyph from the first one found.
KOREAN_FONTS = (
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Malgun Gothic",
    "Apple SD Gothic Neo",
    "NanumGothic",
    "Source Han Sans KR",
)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    path = log_unexpected("".join(traceback.format_exception(kind, error, tb)))
    message = _("Unexpected error: {error}").format(error=error)
    if path:
        message += "\n" + _("Details were written to {path}").format(path=path)
    print(f"cxeditor: {message}", file=sys.stderr)
    if QApplication.instance() is not None:
        QMessageBox.critical(None, "cxeditor", message)


def create_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["cxeditor", *argv])
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    app.setDesktopFileName("io.github.cxeditor.CxEditor")
    icon = resources.files("cxeditor.resources") / "icons" / "cxeditor.svg"
    app.setWindowIcon(QIcon(str(icon)))
    bundled_fonts = Path(getattr(sys, "_MEIPASS", "")) / "fonts"
    if getattr(sys, "frozen", False) and bundled_fonts.is_dir():
        for font_file in bundled_fonts.glob("*.tt[cf]"):
            QFontDatabase.addApplicationFont(str(font_file))
    font = QFont(app.font())
    font.setFamilies([app.font().family(), *KOREAN_FONTS])
    app.setFont(font)
    return app


_qt_translators: list[QTranslator] = []  # the one installed, to replace on a change


def install_language(app: QApplication, settings: Settings) -> str:
    """Our strings through gettext; Qt's own dialogs through its .qm catalogs."""
    language = set_language(str(settings.get(UI_LANGUAGE)) or None)
    while _qt_translators:
        app.removeTranslator(_qt_translators.pop())
    translator = QTranslator(app)
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", qt_translations):
        app.installTranslator(translator)
        _qt_translators.append(translator)
    return language


_windows: list[MainWindow] = []  # the open window, kept alive across rebuilds


def show_window(settings: Settings) -> MainWindow:
    """A main window that rebuilds itself when the interface language changes."""
    window = MainWindow(settings)
    window.languageChanged.connect(lambda: rebuild_in_new_language(window))
    _windows[:] = [window]
    window.show()
    return window


def rebuild_in_new_language(old: MainWindow) -> MainWindow:
    """The window again, in the language the settings now name, with the same project
    open at the same segment. Confirmed edits are in the project file already; the
    one being typed is kept as a pending edit and restored without asking."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    path = old.project.path if old.project is not None else None
    segment_id = old.current_id
    qa_state = old.qa_state()
    old.close()  # saves the pending edit, closes the project (its lock), saves the layout
    install_language(app, old.settings)
    new = show_window(old.settings)

    def reopened() -> None:  # at once for a file; a shared project is read in a worker
        new.restore_qa_state(qa_state)
        if segment_id is not None:
            new.select_segment(segment_id)

    if path is not None:
        new.open_project(path, restore_pending=True, on_opened=reopened)
    old.deleteLater()
    return new


def run_app(argv: list[str]) -> int:
    enable_faulthandler(to_log=True)  # a native crash in Qt leaves a stack in faults.log
    app = create_application(argv)
    leak = leaking_binding_message()
    if leak:  # before any window: a crash mid-edit would cost the user's work
        print(_("{prog}: error: {message}").format(prog="cxeditor", message=leak), file=sys.stderr)
        return 2
    sys.excepthook = _excepthook
    settings = Settings()
    install_language(app, settings)
    window = show_window(settings)
    if os.environ.get("CXEDITOR_SMOKE_TEST"):
        window.errorShown.connect(lambda message: print(message, file=sys.stderr))
    if argv:  # a .cxproj file, or a shared project's postgresql://…/DATABASE/NAME
        window.open_project(project_ref(argv[0]))
    if os.environ.get("CXEDITOR_SMOKE_TEST"):
        # Packaging smoke test: the window came up with its project; close and report.
        opened: list[bool] = []

        def check_and_quit() -> None:
            opened.append(window.project is not None or not argv)
            app.quit()

        if argv and window.project is None:  # a shared project opens in a worker: wait
            window.projectOpened.connect(lambda _path: QTimer.singleShot(200, check_and_quit))
            window.errorShown.connect(lambda _message: check_and_quit())
            QTimer.singleShot(SMOKE_TEST_SECONDS * 1000, check_and_quit)
        else:
            QTimer.singleShot(200, check_and_quit)
        app.exec()
        return 0 if opened and opened[0] else 1
    return app.exec()
