"""The core never imports Qt: every module outside cxeditor/gui/ imports in a clean
interpreter without pulling in PySide6."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import cxeditor


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(cxeditor.__path__, "cxeditor.")
        if not info.name.startswith(("cxeditor.gui", "cxeditor.__main__"))
    ]
    assert len(names) > 10, names  # the walk itself must have found the package
    return names


def test_core_imports_no_qt() -> None:
    modules = core_modules()
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by the core: {result.stdout}"


def test_cli_start_does_not_load_qt() -> None:
    """`cxeditor stats` etc. must stay fast: Qt loads only when the GUI opens."""
    script = (
        "import sys\nfrom cxeditor.cli import main\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def _imported_packages(package: str) -> dict[str, set[str]]:
    """For each module of `cxeditor.<package>`, the cxeditor packages it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((Path(cxeditor.__file__).parent / package).glob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
        found[path.name] = {
            name.split(".")[1] for name in names if name.startswith("cxeditor.") and "." in name
        }
    return found


def test_mt_and_qa_stand_side_by_side() -> None:
    """How a token gets damaged is shared knowledge: it lives in cxeditor.text, so
    neither MT nor QA imports the other (and text imports neither)."""
    for package, banned in (("mt", "qa"), ("qa", "mt"), ("text", "mt"), ("text", "qa")):
        for module, imported in _imported_packages(package).items():
            assert banned not in imported, f"cxeditor/{package}/{module} imports cxeditor.{banned}"
