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


def _packages_imported_by(source: str, package: str) -> set[str]:
    """The cxeditor packages a module of `cxeditor.<package>` imports, wherever the import
    stands: at the top, in a function, or under `if TYPE_CHECKING:` (a type-only import
    is an edge too: what a package knows of another is the layering)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            base = ["cxeditor", package][: 3 - node.level] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if module == "cxeditor":  # from cxeditor import tm
                names.update(f"cxeditor.{alias.name}" for alias in node.names)
            else:
                names.add(module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("cxeditor.")}


def _imported_packages(package: str) -> dict[str, set[str]]:
    """For each module of `cxeditor.<package>`, the cxeditor packages it imports."""
    return {
        path.name: _packages_imported_by(path.read_text(encoding="utf-8"), package)
        for path in sorted((Path(cxeditor.__file__).parent / package).glob("*.py"))
    }


def test_every_form_of_import_is_an_edge() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "import cxeditor.text.entities\n"
        "if TYPE_CHECKING:\n"
        "    from cxeditor.tm.glossary import GlossaryEntry\n"
        "def later() -> None:\n"
        "    from cxeditor import qa\n"
        "from ..store import project\n"
        "from . import base\n"
    )
    assert _packages_imported_by(source, "mt") == {"text", "tm", "qa", "store", "mt"}


def test_mt_and_qa_stand_side_by_side() -> None:
    """How a token gets damaged is shared knowledge: it lives in cxeditor.text, so
    neither MT nor QA imports the other (and text imports neither)."""
    for package, banned in (("mt", "qa"), ("qa", "mt"), ("text", "mt"), ("text", "qa")):
        for module, imported in _imported_packages(package).items():
            assert banned not in imported, f"cxeditor/{package}/{module} imports cxeditor.{banned}"


def test_mt_knows_nothing_of_tm() -> None:
    """tm builds on mt (it masks tokens with mt.protect), so mt imports nothing of tm, not
    even a type: what both need (the glossary entry) lives in the model, below both."""
    for module, imported in _imported_packages("mt").items():
        assert "tm" not in imported, f"cxeditor/mt/{module} imports cxeditor.tm"


def test_the_model_imports_nothing_of_ours() -> None:
    path = Path(cxeditor.__file__).parent / "model.py"
    assert _packages_imported_by(path.read_text(encoding="utf-8"), "model") == set()
