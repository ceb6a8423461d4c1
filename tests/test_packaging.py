"""The wheel, installed into a fresh virtual environment, works from outside the checkout."""

from __future__ import annotations

import shutil
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
    # Built from a copy: pip builds in the source tree (build/, *.egg-info), and CI runs
    # the suite on two Pythons at once in one checkout.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv*", "*_cache", "__pycache__", "build", "dist", "*.egg-info"
        ),
    )
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(dist),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    wheels = list(dist.glob("cxeditor-*.whl"))
    assert len(wheels) == 1
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    # The wheel alone, its dependencies borrowed from the test's own environment through a
    # .pth line (appended after the new venv's site-packages, so the wheel's cxeditor comes
    # first). Installing PySide6 and the rest again took over a minute a run, and
    # `pip install -e .[dev]` already resolves the declared dependencies on each Python.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            str(wheels[0]),
        ],
        check=True,
        capture_output=True,
    )
    (site_packages,) = environment.glob("lib/python*/site-packages")
    borrowed = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "borrowed-dependencies.pth").write_text("\n".join(borrowed) + "\n")
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
    where = subprocess.run(
        [str(python), "-c", "import cxeditor; print(cxeditor.__file__)"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(site_packages)  # the wheel's, not ours


LINUX = ROOT / "packaging" / "linux"


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli not installed")
def test_appstream_metainfo_validates() -> None:
    result = subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(LINUX / "io.github.cxeditor.CxEditor.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed"
)
def test_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(LINUX / "io.github.cxeditor.CxEditor.desktop")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mime_type_matches_real_project_files(tmp_path: Path) -> None:
    """The MIME magic (SQLite header + our application id at offset 68) fits a project."""
    from lxml import etree  # noqa: PLC0415

    from cxeditor.model import Article  # noqa: PLC0415
    from cxeditor.store import Project  # noqa: PLC0415

    path = tmp_path / "p.cxproj"
    Project.create(path, Article())
    header = path.read_bytes()[:72]
    tree = etree.parse(str(LINUX / "io.github.cxeditor.CxEditor.mime.xml"))
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    outer = tree.find(".//m:magic/m:match", ns)
    inner = outer.find("m:match", ns)
    assert header.startswith(outer.get("value").encode())
    assert int.from_bytes(header[68:72], "big") == int(inner.get("value"), 16)
