"""Issue 19 in the editor: opening a project for writing finishes the memory feed a
killed review-import left queued; one on a read-only file system is offered read-only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_hostile_faults import (  # type: ignore[import-not-found]
    memory_units,
    new_project,
    read_only_view,
    review_import_killed_before_the_memory,
)

from cxeditor.gui.main_window import MainWindow
from cxeditor.tm.memory import user_memory_path

pytestmark = pytest.mark.gui


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_opening_the_project_feeds_what_a_killed_review_import_left(
    window: MainWindow, tmp_path: Path
) -> None:
    project = new_project(tmp_path, paragraphs=4)
    approved = review_import_killed_before_the_memory(project, tmp_path)
    assert window.open_project(project)
    assert memory_units(user_memory_path()) == approved
    window.close_project()
    assert window.open_project(project)  # fed once: nothing queued any more
    assert memory_units(user_memory_path()) == approved


@pytest.mark.skipif(sys.platform == "win32", reason="mounts are POSIX")
def test_a_project_on_a_read_only_file_system_opens_read_only_when_asked(
    window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "projects"
    folder.mkdir()
    new_project(folder, paragraphs=3)
    asked: list[str] = []

    def ask(_title: str, question: str) -> bool:
        asked.append(question)
        return True

    window.ask = ask  # type: ignore[method-assign]
    with read_only_view(folder, tmp_path / "ro") as view:
        assert window.open_project(view / "p.cxproj")
        assert window.project is not None
        assert window.project.readonly
        assert "read-only" in asked[0]
        window.close_project()
