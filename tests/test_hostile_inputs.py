"""Issue 19's attacks, one test each, through the `cxeditor` command in a real process.

Every bad input must end as the README promises: one clear line on stderr, exit 2,
nothing half-written, and nothing outside the project touched.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cli_runner import run_cli  # type: ignore[import-not-found]

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def new_project(tmp_path: Path, name: str = "p.cxproj") -> Path:
    out = tmp_path / name
    result = run_cli("new", SAMPLES / "locchat-recap.html", "-o", out)
    assert result.returncode == 0, result.stderr
    return out


# -- 1. a planted lock file ---------------------------------------------------------


def test_planted_lock_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "p.cxproj.lock").symlink_to(victim)
    result = run_cli("qa", project, "--fix")
    assert_one_line_error(result, "p.cxproj.lock", "link")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (tmp_path / "p.cxproj.lock").is_symlink()


def test_dangling_lock_symlink_creates_nothing(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    elsewhere = tmp_path / "elsewhere.txt"
    (tmp_path / "p.cxproj.lock").symlink_to(elsewhere)
    assert_one_line_error(run_cli("qa", project, "--fix"), "link")
    assert not elsewhere.exists()


def test_lock_hard_linked_to_another_file_is_refused(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    os.link(victim, tmp_path / "p.cxproj.lock")
    assert_one_line_error(run_cli("qa", project, "--fix"), "p.cxproj.lock")
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_lock_planted_as_a_fifo_does_not_block(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    os.mkfifo(tmp_path / "p.cxproj.lock")
    assert_one_line_error(run_cli("qa", project, "--fix"), "p.cxproj.lock")


def test_replacing_a_project_through_a_planted_lock_link_is_refused(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (tmp_path / "p.cxproj.lock").symlink_to(victim)
    # `new --force` over the project takes the lock first to refuse replacing a project
    # open elsewhere: the same link must not be followed there either.
    result = run_cli("new", SAMPLES / "locchat-recap.html", "-o", project, "--force")
    assert_one_line_error(result, "link")
    assert victim.read_text(encoding="utf-8") == "precious\n"
