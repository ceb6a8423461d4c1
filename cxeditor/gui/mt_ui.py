"""Choosing the engines of a pre-translation: one, or several that compete per segment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from cxeditor.i18n import _

from .engine_choice import ENGINE_CHOICES

NameRole = Qt.ItemDataRole.UserRole + 1


def engine_label(name: str) -> str:
    """`deepl — DeepL (API key; free keys end in :fx)`: the CLI name and what it is."""
    from cxeditor.mt.engines import engine_description  # noqa: PLC0415 - loads requests

    return f"{name} — {engine_description(name)}"


class EnginesDialog(QDialog):
    """Tick the engines to ask. With several, each segment gets the output with the
    fewest QA findings (ties: the order shown); with none, only the memory is used."""

    def __init__(self, chosen: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Pre-translate"))
        self.engines = QListWidget()
        order = [*(n for n in chosen if n in ENGINE_CHOICES), *ENGINE_CHOICES]
        for name in dict.fromkeys(order):
            item = QListWidgetItem(engine_label(name))
            item.setData(NameRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.engines.addItem(item)
        self.engines.setCurrentRow(0)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Pre-translate"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explanation = QLabel(
            _(
                "Memory first, then the engines ticked here (Space ticks). Several "
                "engines compete: each segment gets the output with the fewest QA "
                "findings. None ticked: the memory only."
            )
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        layout.addWidget(self.engines)
        layout.addWidget(buttons)

    def chosen(self) -> list[str]:
        """The ticked engines, in the order shown."""
        items = (self.engines.item(row) for row in range(self.engines.count()))
        return [
            str(item.data(NameRole)) for item in items if item.checkState() == Qt.CheckState.Checked
        ]
