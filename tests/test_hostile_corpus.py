"""The hostile corpus (tests/data/hostile/generate.py) fed to the real `cxeditor` command.

Every refused file must get what the README promises: one clear line on stderr naming
the problem, exit status 2, no traceback, and nothing half-written — no project, no
temporary or lock file left, the project being reviewed byte for byte as it was, the
user's memory and glossary without a single new entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import platformdirs
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
GENERATOR = Path(__file__).resolve().parent / "data" / "hostile" / "generate.py"


def load_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_corpus", GENERATOR)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


corpus = load_corpus()
REFUSED = [case for case in corpus.CASES if case.fragment is not None]


def assert_one_line_error(result: object, *fragments: str) -> str:
    returncode, stderr = result.returncode, result.stderr  # type: ignore[attr-defined]
    assert returncode == 2, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return str(lines[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_store_rows(name: str, table: str) -> int:
    path = Path(platformdirs.user_data_dir("cxeditor", "cxeditor")) / name
    if not path.exists():
        return 0
    # closing(): sqlite3's own context manager ends a transaction, it does not close
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.mark.parametrize("case", REFUSED, ids=[case.file for case in REFUSED])
def test_hostile_file_is_refused_with_one_line(tmp_path: Path, case: object) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    hostile = corpus.make(case, incoming)
    work = tmp_path / "work"
    work.mkdir()
    project = work / "reviewed.cxproj"
    command: tuple[str, ...] = case.command  # type: ignore[attr-defined]
    if "{project}" in command:
        created = run_cli("new", SAMPLES / "locchat-recap.html", "-o", project)
        assert created.returncode == 0, created.stderr
    before = digest(project) if project.exists() else None
    args = [
        part.format(
            file=hostile,
            out=work / "new.cxproj",
            english=SAMPLES / "locchat-recap.html",
            project=project,
        )
        for part in command
    ]
    result = run_cli(*args)
    assert_one_line_error(result, case.fragment)  # type: ignore[attr-defined]
    assert not (work / "new.cxproj").exists()
    left = sorted(path.name for path in work.iterdir())
    assert left == (["reviewed.cxproj"] if before else []), left  # no temporary, no lock
    if before is not None:
        assert digest(project) == before
    assert user_store_rows("glossary.sqlite", "entries") == 0
    assert user_store_rows("memory.sqlite", "units") == 0


def test_the_generator_writes_the_whole_corpus(tmp_path: Path) -> None:
    result = run_generator(tmp_path)
    assert result.returncode == 0, result.stderr
    written = {path.name for path in tmp_path.iterdir()}
    assert written == {case.file for case in corpus.CASES}
    assert (tmp_path / "fifo.txt").is_fifo()
    # Generated, small on disk: the bombs are a few hundred kB.
    assert (tmp_path / "bomb-underdeclared.docx").stat().st_size < 2 * 1024 * 1024


def run_generator(folder: Path) -> object:
    import subprocess  # noqa: PLC0415

    return subprocess.run(
        [sys.executable, str(GENERATOR), str(folder)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
