"""The wheel, installed into a fresh virtual environment, works from outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

import cxeditor

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_wheel_installs_and_runs_from_anywhere(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("cxeditor-*.whl"))
    assert len(wheels) == 1
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheels[0])],
        check=True,
        capture_output=True,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    cli = environment / "bin" / "cxeditor"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(cli), *args],
            cwd=outside,
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": str(environment / "bin"), "HOME": str(tmp_path), "LANGUAGE": "ko"},
        )

    version = run("--version")
    assert version.stdout.strip() == f"cxeditor {cxeditor.__version__}"
    article = outside / "article.txt"
    article.write_text(
        (ROOT / "resources" / "samples" / "locchat-recap.en.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    created = run("new", str(article), "-o", "p.cxproj")
    assert created.returncode == 0, created.stderr
    assert "세그먼트" in created.stdout  # the Korean catalog shipped inside the wheel
    for fmt, name in (("docx", "p.docx"), ("html", "p.html")):
        exported = run("export", "p.cxproj", "--to", fmt, "-o", name)
        assert exported.returncode == 0, exported.stderr
        assert (outside / name).stat().st_size > 1000
    module = subprocess.run(
        [str(python), "-m", "cxeditor", "--version"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    assert module.stdout.strip() == version.stdout.strip()
