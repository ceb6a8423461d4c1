"""Every SQLite connection is closed by its owner, not left to the garbage collector.

The autouse guard in conftest.py fails any test that leaves one open; these tests prove
the guard sees a leak, and that the paths most likely to leak (errors half-way through
opening, the CLI's commands) close what they opened.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_runner import UNCLOSED_CONNECTION_EXIT, run_cli  # type: ignore[import-not-found]
from conftest import SAMPLES, sqlite_connections_left_open  # type: ignore[import-not-found]

from cxeditor.errors import CxError
from cxeditor.store import Project
from cxeditor.tm.glossary import Glossary
from cxeditor.tm.memory import SqliteMemory


def test_the_guard_sees_a_connection_left_open() -> None:
    connection = sqlite3.connect(":memory:")
    assert [c for c, _where in sqlite_connections_left_open()] == [connection]
    connection.close()
    assert sqlite_connections_left_open() == []


def test_a_damaged_project_memory_or_glossary_leaves_nothing_open(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.cxproj"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    with pytest.raises(CxError):
        Project.open(damaged)
    with pytest.raises(CxError):
        Project.open(damaged, readonly=True)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CxError):
        SqliteMemory(junk)
    with pytest.raises(CxError):
        Glossary(junk)
    assert sqlite_connections_left_open() == []


def test_the_cli_closes_every_connection_it_opens(tmp_path: Path) -> None:
    """run_cli fails a command with UNCLOSED_CONNECTION_EXIT if it exits with one open."""
    project = tmp_path / "p.cxproj"
    commands = [
        ("new", SAMPLES / "locchat-recap.html", "-o", project),
        ("translate", project, "--engine", "tm"),
        ("qa", project, "--fix"),
        ("stats", project),
        ("tm", "lookup", "Thanks for joining", "--project", project),
        ("glossary", "propose", project),
        ("export", project, "--to", "html", "-o", tmp_path / "out.html"),
    ]
    for command in commands:
        result = run_cli(*command)
        assert result.returncode != UNCLOSED_CONNECTION_EXIT, (command, result.stderr)
        assert result.returncode in (0, 1), (command, result.stderr)
