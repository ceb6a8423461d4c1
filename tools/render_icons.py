"""Render resources/icons/cxeditor.svg to the hicolor PNG sizes in packaging/linux/icons."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 - fonts need an application
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "cxeditor.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        folder = ROOT / "packaging" / "linux" / "icons" / f"{size}x{size}"
        folder.mkdir(parents=True, exist_ok=True)
        image.save(str(folder / "cxeditor.png"))


if __name__ == "__main__":
    main()
