"""Shared test set-up: every test runs with its own config, data and cache directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxeditor.i18n import set_language

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "resources" / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """platformdirs and QSettings follow XDG_* on Linux: point them at a fresh folder."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        (home / sub).mkdir()
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("LANGUAGE", "en")
    set_language("en")


@pytest.fixture
def samples() -> Path:
    return SAMPLES
