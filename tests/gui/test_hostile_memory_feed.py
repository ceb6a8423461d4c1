"""Issue 19, item 27 in the editor: opening a project for writing finishes the memory
feed a killed review-import left queued."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_hostile_faults import (  # type: ignore[import-not-found]
    memory_units,
    new_project,
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
