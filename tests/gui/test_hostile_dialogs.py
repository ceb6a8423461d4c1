"""Issue 19's hostile corpus fed to the editor's own doors: the file dialogs (File > New,
New review project, Open, Export, Import reviewed file) and drag and drop, on the real
main window. Only the file dialogs' answers (and the export format's QInputDialog)
are patched, to return the path a user would have picked: the dialog is not what is
under test. Every hostile file must end in one clear message box, no traceback, nothing
written, and a window that goes on working."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog
from test_hostile_corpus import corpus  # type: ignore[import-not-found]
from test_hostile_faults import fill, read_only_view, small_disk  # type: ignore[import-not-found]

from cxeditor.gui import file_dialogs
from cxeditor.gui.main_window import MainWindow
from cxeditor.model import Status

pytestmark = pytest.mark.gui

SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"
JOB_TIMEOUT_MS = 180_000  # the 600 MB bombs are refused once 12 MB inflated, in seconds


class Dialogs:
    """What the user picks in the file dialogs, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened: list[Path] = []
        self.saved: list[Path] = []
        self.format = "docx"
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        # The window's own file dialogs (cxeditor.gui.file_dialogs) run a QFileDialog
        # modally: answered here, where the user would pick, instead of exec().
        monkeypatch.setattr(file_dialogs, "_chosen", self._chosen)
        monkeypatch.setattr(QInputDialog, "getItem", self._item)

    def _chosen(self, dialog: QFileDialog) -> str:
        dialog.deleteLater()
        if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            return self._save()[0]
        return self._open()[0]

    def _open(self, *_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return (str(self.opened.pop(0)) if self.opened else "", "")

    def _save(self, *_args: Any, **_kwargs: Any) -> tuple[str, str]:
        return (str(self.saved.pop(0)) if self.saved else "", "")

    def _item(self, *_args: Any, **_kwargs: Any) -> tuple[str, bool]:
        return self.format, True


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


@pytest.fixture
def errors(window: MainWindow) -> list[str]:
    shown: list[str] = []
    window.errorShown.connect(shown.append)
    return shown


def assert_one_clear_message(errors: list[str], *fragments: str) -> None:
    assert len(errors) == 1, errors
    assert "Traceback" not in errors[0]
    assert "Unexpected error" not in errors[0], errors[0]
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


def close_message_boxes(qtbot: Any, window: MainWindow) -> None:
    """Click the message boxes away, as the user does, and come back to the window (its
    shortcuts work in the active window only)."""
    for widget in QApplication.allWidgets():
        if widget.isVisible() and widget.inherits("QMessageBox"):
            widget.close()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def still_works(qtbot: Any, window: MainWindow, dialogs: Dialogs, sample: Path) -> None:
    """The window opens a project and moves through it with the keyboard afterwards."""
    close_message_boxes(qtbot, window)
    dialogs.opened.append(sample)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.project is not None
    assert window.project.path == sample
    assert window.model.rowCount() > 0
    first = window.current_id
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert window.current_id != first


def leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def run_job(qtbot: Any, window: MainWindow, kind: str, start: Any) -> None:
    with qtbot.waitSignal(
        window.jobFinished, timeout=JOB_TIMEOUT_MS, check_params_cb=lambda k: k == kind
    ):
        start()
    window.tasks.wait()


ARTICLES = [c for c in corpus.CASES if c.command == corpus.ARTICLE and c.fragment]
TRANSLATIONS = [c for c in corpus.CASES if c.command == corpus.TRANSLATION and c.fragment]
REVIEWS = [c for c in corpus.CASES if c.command == corpus.REVIEW and c.fragment]
ACCEPTED = [c for c in corpus.CASES if c.command == corpus.ARTICLE and not c.fragment]


@dataclass
class Editor:
    """The window under test and what surrounds it."""

    qtbot: Any
    window: MainWindow
    dialogs: Dialogs
    errors: list[str]
    sample: Path

    def parts(self) -> tuple[Any, MainWindow, Dialogs, list[str], Path]:
        return self.qtbot, self.window, self.dialogs, self.errors, self.sample

    def new_project(self, source: Path, saved: Path, start: Callable[[], object]) -> None:
        """Picks `source`, then `saved`, in the file dialogs `start` opens, and waits for
        the import to end."""
        self.dialogs.opened.append(source)
        self.dialogs.saved.append(saved)
        run_job(self.qtbot, self.window, "import", start)

    def still_works(self) -> None:
        still_works(self.qtbot, self.window, self.dialogs, self.sample)


@pytest.fixture
def editor(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, errors: list[str], sample_project: Path
) -> Editor:
    return Editor(qtbot, window, dialogs, errors, sample_project)


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    incoming, work = tmp_path / "incoming", tmp_path / "work"
    incoming.mkdir()
    work.mkdir()
    return incoming, work


def new_project_refused(
    editor: Editor, folders: tuple[Path, Path], case: Any, saved: str, start: Callable[[], object]
) -> None:
    """A new project from the corpus file `case`, saved as `saved`, ends in its one clear
    message."""
    incoming, work = folders
    editor.new_project(corpus.make(case, incoming), work / saved, start)
    assert_one_clear_message(editor.errors, case.fragment)
    assert leftovers(work) == []  # no project, no temporary, no lock


@pytest.mark.parametrize("case", ARTICLES, ids=[c.file for c in ARTICLES])
def test_new_from_a_hostile_article(
    editor: Editor,
    folders: tuple[Path, Path],
    case: Any,
) -> None:
    qtbot, window = editor.qtbot, editor.window
    new_project_refused(
        editor,
        folders,
        case,
        "new.cxproj",
        lambda: qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
    )
    assert window.project is None
    editor.still_works()


@pytest.mark.parametrize("case", TRANSLATIONS, ids=[c.file for c in TRANSLATIONS])
def test_new_review_project_from_a_hostile_korean_file(
    editor: Editor,
    folders: tuple[Path, Path],
    case: Any,
) -> None:
    new_project_refused(editor, folders, case, "review.cxproj", editor.window.review_action.trigger)
    editor.still_works()


def targets(window: MainWindow) -> list[tuple[str, Status]]:
    return [(row.target, row.status) for row in window.model.rows()]


@pytest.mark.parametrize("case", REVIEWS, ids=[c.file for c in REVIEWS])
def test_import_of_a_hostile_reviewed_file(
    editor: Editor,
    folders: tuple[Path, Path],
    case: Any,
) -> None:
    qtbot, window, dialogs, errors, sample_project = editor.parts()
    incoming, _work = folders
    assert window.open_project(sample_project)
    before = targets(window)
    dialogs.opened.append(corpus.make(case, incoming))
    run_job(qtbot, window, "review-import", window.review_import_action.trigger)
    assert_one_clear_message(errors, case.fragment)
    assert targets(window) == before
    window.close_project()
    assert window.open_project(sample_project)
    assert targets(window) == before  # nothing half-applied in the file either
    window.close_project()
    editor.still_works()


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.file for c in ACCEPTED])
def test_accepted_hostile_articles_open_in_the_window(
    editor: Editor,
    folders: tuple[Path, Path],
    case: Any,
) -> None:
    window = editor.window
    incoming, work = folders
    editor.new_project(corpus.make(case, incoming), work / "new.cxproj", window.new_action.trigger)
    assert editor.errors == []
    assert window.project is not None
    assert window.model.rowCount() > 0
    assert leftovers(work) == ["new.cxproj", "new.cxproj.lock"]  # open in the window


# -- drag and drop ---------------------------------------------------------------------------


def drop(window: MainWindow, path: Path) -> bool:
    """Drag `path` over the window and drop it, as a file manager would; returns whether
    the window accepted the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    actions = Qt.DropAction.CopyAction
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    try:  # PySide6 6.12 takes a QPointF (its QPoint form is deprecated); 6.11 a QPoint only
        enter = QDragEnterEvent(QPointF(10, 10), actions, mime, buttons, modifiers)
    except TypeError:
        enter = QDragEnterEvent(QPoint(10, 10), actions, mime, buttons, modifiers)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(10, 10), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, event)
    return True


DROPPED = [
    corpus.case(name)
    for name in (
        "fifo.txt",
        "fifo.html",
        "device.txt",
        "bad-crc.docx",
        "nul.docx",
        "nul-after-4k.txt",
        "bomb-underdeclared.docx",
    )
]


@pytest.mark.parametrize("case", DROPPED, ids=[c.file for c in DROPPED])
def test_dropping_a_hostile_article(
    editor: Editor,
    folders: tuple[Path, Path],
    case: Any,
) -> None:
    qtbot, window, errors = editor.qtbot, editor.window, editor.errors
    incoming, _work = folders
    hostile = corpus.make(case, incoming)
    run_job(qtbot, window, "import", lambda: drop(window, hostile))
    assert_one_clear_message(errors, case.fragment)
    assert leftovers(incoming, hostile.name) == []  # the project beside it never appeared
    editor.still_works()


def hostile_projects(folder: Path, sample: Path) -> dict[str, tuple[Path, str]]:
    """Files named .cxproj that are no project a user can open."""
    made: dict[str, tuple[Path, str]] = {}
    fifo = folder / "fifo.cxproj"
    os.mkfifo(fifo)
    made["fifo"] = (fifo, "not a regular file")
    device = folder / "device.cxproj"
    device.symlink_to("/dev/zero")
    made["device"] = (device, "not a regular file")
    docx = folder / "renamed-docx.cxproj"
    docx.write_bytes(corpus.bad_crc())
    made["renamed-docx"] = (docx, "not a cxeditor project")
    empty = folder / "empty.cxproj"
    empty.write_bytes(b"")
    made["empty"] = (empty, "not a cxeditor project")
    folder_named = folder / "folder.cxproj"
    folder_named.mkdir()
    made["folder"] = (folder_named, "is a folder")
    truncated = folder / "truncated.cxproj"
    truncated.write_bytes(sample.read_bytes()[:4096])
    made["truncated"] = (truncated, "damaged")
    other = folder / "other-sqlite.cxproj"
    with contextlib.closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
    made["other-sqlite"] = (other, "not a cxeditor project")
    tampered = folder / "tampered.cxproj"
    tampered.write_bytes(sample.read_bytes())
    with contextlib.closing(sqlite3.connect(tampered)) as connection, connection:
        connection.execute("UPDATE blocks SET kind = 'bogus' WHERE id = 2")
    made["tampered"] = (tampered, "cannot read")
    dangling = folder / "dangling.cxproj"
    dangling.symlink_to(folder / "nowhere.cxproj")
    made["dangling"] = (dangling, "no such project file")
    return made


HOSTILE_PROJECTS = [
    "fifo",
    "device",
    "renamed-docx",
    "empty",
    "folder",
    "truncated",
    "other-sqlite",
    "tampered",
    "dangling",
]


@pytest.mark.parametrize("how", ["dialog", "drop"])
@pytest.mark.parametrize("name", HOSTILE_PROJECTS)
def test_opening_a_file_that_is_no_project(
    editor: Editor,
    folders: tuple[Path, Path],
    name: str,
    how: str,
) -> None:
    qtbot, window, dialogs, errors, sample_project = editor.parts()
    incoming, _work = folders
    path, fragment = hostile_projects(incoming, sample_project)[name]
    before = sorted(p.name for p in incoming.iterdir())
    if how == "dialog":
        dialogs.opened.append(path)
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    elif not drop(window, path):
        return  # refused at the drag already (a folder): nothing to say, nothing done
    assert_one_clear_message(errors, fragment)
    assert window.project is None
    assert sorted(p.name for p in incoming.iterdir()) == before  # no lock left behind
    assert window.model.rowCount() == 0
    editor.still_works()


# -- read-only and full file systems ---------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path, sample_project: Path) -> Iterator[Path]:
    """A folder holding a project and an earlier export, seen read-only."""
    folder = tmp_path / "shelf"
    folder.mkdir()
    (folder / "sample.cxproj").write_bytes(sample_project.read_bytes())
    (folder / "sample.docx").write_bytes(b"an earlier export")
    with read_only_view(folder, tmp_path / "ro") as view:
        yield view


def test_a_project_on_a_read_only_file_system_opens_read_only(
    qtbot: Any, window: MainWindow, dialogs: Dialogs, errors: list[str], read_only: Path
) -> None:
    dialogs.opened.append(read_only / "sample.cxproj")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert errors == []  # asked (answered yes by the fixture), then opened read-only
    assert window.project is not None
    assert window.project.readonly
    assert "[read-only]" in window.windowTitle()
    assert window.model.rowCount() > 0


@pytest.mark.parametrize("kind", ["docx", "html", "json", "xliff", "review-docx"])
def test_export_onto_a_read_only_file_system(
    editor: Editor,
    read_only: Path,
    kind: str,
) -> None:
    qtbot, window, dialogs, errors, sample_project = editor.parts()
    assert window.open_project(sample_project)
    dialogs.format = kind
    dialogs.saved.append(read_only / "sample.docx")
    run_job(
        qtbot,
        window,
        "export",
        lambda: qtbot.keyClick(
            window,
            Qt.Key.Key_E,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        ),
    )
    assert_one_clear_message(errors, "cannot write", "sample.docx")
    assert (read_only / "sample.docx").read_bytes() == b"an earlier export"  # nothing lost
    close_message_boxes(qtbot, window)
    dialogs.saved.append(sample_project.with_suffix(".out"))
    run_job(qtbot, window, "export", window.export_action.trigger)  # it still exports
    assert sample_project.with_suffix(".out").stat().st_size > 0


def test_new_project_saved_onto_a_read_only_file_system(
    editor: Editor,
    read_only: Path,
) -> None:
    qtbot, window, dialogs, errors, _sample_project = editor.parts()
    editor.new_project(
        SAMPLES / "locchat-recap.html", read_only / "new.cxproj", window.new_action.trigger
    )
    assert_one_clear_message(errors, "cannot write", "new.cxproj")
    assert sorted(p.name for p in read_only.iterdir()) == ["sample.cxproj", "sample.docx"]
    close_message_boxes(qtbot, window)
    dialogs.opened.append(read_only / "sample.cxproj")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.project is not None  # read-only, as above


@pytest.mark.parametrize("kind", ["docx", "html", "review-docx", "xliff"])
def test_export_onto_a_full_disk(
    editor: Editor,
    tmp_path: Path,
    kind: str,
) -> None:
    qtbot, window, dialogs, errors, sample_project = editor.parts()
    assert window.open_project(sample_project)
    dialogs.format = kind
    with small_disk(tmp_path / "disk", 256) as disk:
        (disk / "out").write_bytes(b"the export of yesterday")
        fill(disk)
        dialogs.saved.append(disk / "out")
        run_job(qtbot, window, "export", window.export_action.trigger)
        assert_one_clear_message(errors, "cannot write", "disk is full")
        assert (disk / "out").read_bytes() == b"the export of yesterday"
        assert leftovers(disk, "filler", "out") == []
    editor.still_works()


def test_new_project_onto_a_full_disk(
    editor: Editor,
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "disk", 256) as disk:
        fill(disk)
        editor.new_project(
            SAMPLES / "locchat-recap.html", disk / "new.cxproj", editor.window.new_action.trigger
        )
        assert_one_clear_message(editor.errors, "disk is full")
        assert leftovers(disk, "filler") == []
    editor.still_works()
