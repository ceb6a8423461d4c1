"""Shared test set-up: every test runs with its own config, data and cache directories."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster, running_cluster, why_unavailable  # type: ignore[import-not-found]

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


# -- a real PostgreSQL for the team-server tests (see pg_cluster.py) -----------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    reason = why_unavailable()
    if reason is not None:
        pytest.skip(reason)
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh database on the test cluster; its password reaches libpq (and the CLI's
    subprocesses) through PGPASSWORD, as a user's would."""
    import psycopg  # noqa: PLC0415 - only where PostgreSQL is there

    monkeypatch.setenv("PGPASSWORD", pg_cluster.password)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return pg_cluster.url(name)
