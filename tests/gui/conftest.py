"""GUI tests run offscreen with their own QSettings file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QSettings

from cxeditor.gui.main_window import MainWindow
from cxeditor.gui.settings import Settings
from cxeditor.services import create_project_from_files

SAMPLES = Path(__file__).resolve().parent.parent.parent / "resources" / "samples"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    path = tmp_path / "sample.cxproj"
    create_project_from_files(
        path, source=SAMPLES / "locchat-recap.html", translation=SAMPLES / "locchat-recap.ko-mt.txt"
    )
    return path


@pytest.fixture
def window(qtbot, settings: Settings) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(settings)
    main.ask = lambda _title, _question: True
    # Modal dialogs would wait for a click: tests answer them through these hooks.
    main.choose_proposals = lambda _proposals: None
    main.edit_term = lambda _source, _target: None
    qtbot.addWidget(main)
    main.show()
    yield main
    main.close_project()
    main.tasks.wait()
