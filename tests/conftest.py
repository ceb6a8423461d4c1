"""Shared test set-up: every test runs with its own config, data and cache directories."""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# Every SQLite connection a test opens, seen through the interpreter's audit hook (an
# audit hook cannot be removed, so it only records; the fixture below decides). Python
# 3.13 warns about a connection left to the garbage collector, 3.11 and 3.12 say
# nothing: this makes an unclosed connection fail the same way on all of them.
_opened_connections: list[tuple[sqlite3.Connection, str]] = []  # with where it was opened


def _record_sqlite_connections(event: str, args: tuple[Any, ...]) -> None:
    if event == "sqlite3.connect/handle" and args and isinstance(args[0], sqlite3.Connection):
        ours = [
            f"{Path(frame.filename).name}:{frame.lineno}"
            for frame in traceback.extract_stack(limit=12)[:-1]
            if f"{REPO.name}/" in frame.filename or "/cxeditor/" in frame.filename
        ]
        _opened_connections.append((args[0], " < ".join(reversed(ours[-4:]))))


sys.addaudithook(_record_sqlite_connections)


def _is_open(connection: sqlite3.Connection) -> bool:
    try:
        connection.total_changes  # noqa: B018 -- raises ProgrammingError once closed
    except sqlite3.ProgrammingError:
        return False
    return True


def sqlite_connections_left_open() -> list[tuple[sqlite3.Connection, str]]:
    """The connections opened since the current test began that are still open."""
    return [(c, where) for c, where in _opened_connections if _is_open(c)]


@pytest.fixture(autouse=True)
def _every_sqlite_connection_closed() -> Any:
    """Fail a test that leaves an SQLite connection open: a file handle and a lock held
    until the garbage collector runs, whatever Python. Set up before (so torn down
    after) the test's own fixtures, qtbot's windows included."""
    _opened_connections.clear()
    yield
    left = sqlite_connections_left_open()
    _opened_connections.clear()
    for connection, _where in left:
        connection.close()
    if left:
        places = "; ".join(where for _connection, where in left)
        pytest.fail(
            f"{len(left)} SQLite connection(s) left open by the test, opened at {places}",
            pytrace=False,
        )


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
def pg_url(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh database on the test cluster; its password reaches libpq (and the CLI's
    subprocesses) through PGPASSWORD, as a user's would. Dropped afterwards: a session's
    hundreds of databases made the cluster's removal at the end take a minute."""
    import psycopg  # noqa: PLC0415 - only where PostgreSQL is there

    monkeypatch.setenv("PGPASSWORD", pg_cluster.password)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    with (
        contextlib.suppress(psycopg.Error),
        psycopg.connect(pg_cluster.url(), autocommit=True) as connection,
    ):
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
