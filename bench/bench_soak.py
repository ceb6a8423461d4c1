"""Soak: a working day in the main window on a 3,000-segment project (3,000 Ctrl+Down/Up
moves, Find/Replace typing every 500, QA every 1,000), printing resident memory and
None's reference count after each stretch beside the baseline taken after warm-up.

    python bench/bench_soak.py [MOVES] [SEGMENTS]

With CXEDITOR_LEAKY_PYSIDE naming a folder holding PySide6 6.12.0 (pip install
--target), the same soak runs once more on it for contrast (the editor's start-up
guard refuses that binding; the soak drives the window directly).
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOVES = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
SEGMENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 3000


def load_driver():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("soak", ROOT / "tests" / "gui" / "soak.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def soak() -> int:
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415
    from PySide6.QtCore import QSettings  # noqa: PLC0415

    from cxeditor.gui.app import create_application  # noqa: PLC0415
    from cxeditor.gui.main_window import MainWindow  # noqa: PLC0415
    from cxeditor.gui.settings import Settings  # noqa: PLC0415

    driver = load_driver()
    create_application([])
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(
            Settings(QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat))
        )
        window.ask = lambda _title, _question: True
        window.show()
        window.open_project(driver.build_project(Path(folder) / "soak.cxproj", SEGMENTS))
        window.target_edit.setFocus()
        samples = driver.working_day(window, moves=MOVES)
        window.close()
    base = samples[0]
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    print(f"PySide6 {pyside_version}, Python {python}, {SEGMENTS} segments, {MOVES} moves")
    print(f"{'moves':>6} {'RSS MiB':>8} {'ΔRSS MiB':>9} {'None refs':>10} {'Δ refs':>8}")
    for item in samples:
        print(
            f"{item.moves:>6} {item.rss_kib / 1024:>8.1f} "
            f"{(item.rss_kib - base.rss_kib) / 1024:>+9.1f} {item.none_refs:>10} "
            f"{item.none_refs - base.none_refs:>+8}"
        )
    last = samples[-1]
    print(
        f"baseline (after warm-up): {base.rss_kib / 1024:.1f} MiB, {base.none_refs} refs; "
        f"end: {(last.rss_kib - base.rss_kib) / 1024:+.1f} MiB, "
        f"{last.none_refs - base.none_refs:+} refs (goal: flat; a leak loses >= 1 per move)"
    )
    return 0


def main() -> int:
    if os.environ.get("CXEDITOR_SOAK_CHILD"):
        return soak()
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", CXEDITOR_SOAK_CHILD="1")
    runs = [("installed binding", environment)]
    leaky = os.environ.get("CXEDITOR_LEAKY_PYSIDE")
    if leaky:
        runs.append(("leaking binding", dict(environment, PYTHONPATH=leaky)))
    for title, env in runs:
        print(f"-- {title}")
        sys.stdout.flush()
        result = subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=False)
        if result.returncode:
            print(f"   exited with status {result.returncode} (negative: killed by a signal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
