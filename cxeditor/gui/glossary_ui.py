"""The glossary in the editor: the current segment's terms, adding a term, and the
do-not-translate proposals made when an article is imported."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxeditor.i18n import _
from cxeditor.tm.glossary import GlossaryEntry, GlossaryHit


def describe(entry: GlossaryEntry) -> str:
    """`Twitter → Twitter (do not translate)`, `customer journey → 고객 여정`, …"""
    if entry.dnt:
        text = _("{source} → {source} (do not translate)").format(source=entry.source)
    elif entry.forbidden:
        text = _("{source}: never {target}").format(source=entry.source, target=entry.target)
    else:
        text = f"{entry.source} → {entry.target}"
    return f"{text}  · {entry.note}" if entry.note else text


class GlossaryPanel(QWidget):
    """Glossary terms in the current segment's source; Enter or a double click puts the
    term's required translation into the target at the cursor."""

    insertRequested = Signal(str)
    addRequested = Signal()
    proposeRequested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list[GlossaryHit] = []
        self.view = QListWidget()
        self.view.itemActivated.connect(self._activated)
        add = QPushButton(_("Add term…"))
        add.clicked.connect(self.addRequested.emit)
        propose = QPushButton(_("Propose terms…"))
        propose.clicked.connect(self.proposeRequested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(propose)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.view)

    def show_hits(self, hits: list[GlossaryHit]) -> None:
        self.hits = hits
        self.view.clear()
        seen: set[GlossaryEntry] = set()
        for hit in hits:
            if hit.entry in seen:
                continue
            seen.add(hit.entry)
            item = QListWidgetItem(describe(hit.entry))
            item.setData(Qt.ItemDataRole.UserRole, hit.entry)
            self.view.addItem(item)
        if not hits:
            self.view.addItem(_("No glossary terms in this segment."))

    def _activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, GlossaryEntry) and not entry.forbidden:
            self.insertRequested.emit(entry.required_target)


class TermDialog(QDialog):
    """A new glossary entry, prefilled from what is selected in the editors."""

    def __init__(self, source: str = "", target: str = "", parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add glossary term"))
        self.source_edit = QLineEdit(source)
        self.target_edit = QLineEdit(target)
        self.dnt = QCheckBox(_("Do not translate (keep as in the source)"))
        self.forbidden = QCheckBox(_("Forbidden translation (must never be used)"))
        self.case_sensitive = QCheckBox(_("Case-sensitive"))
        self.note_edit = QLineEdit()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d0443e")
        form = QFormLayout(self)
        form.addRow(_("Source term"), self.source_edit)
        form.addRow(_("Korean term"), self.target_edit)
        form.addRow(self.dnt)
        form.addRow(self.forbidden)
        form.addRow(self.case_sensitive)
        form.addRow(_("Note"), self.note_edit)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.dnt.toggled.connect(self.target_edit.setDisabled)

    def entry(self) -> GlossaryEntry:
        dnt = self.dnt.isChecked()
        return GlossaryEntry(
            self.source_edit.text().strip(),
            "" if dnt else self.target_edit.text().strip(),
            dnt=dnt,
            forbidden=self.forbidden.isChecked() and not dnt,
            case_sensitive=self.case_sensitive.isChecked(),
            note=self.note_edit.text().strip(),
        )

    def problem_with(self, entry: GlossaryEntry) -> str | None:
        if not entry.source:
            return _("Enter the source term.")
        if not entry.dnt and not entry.target:
            return _("Enter the Korean term, or mark the term as do-not-translate.")
        return None

    def accept(self) -> None:
        problem = self.problem_with(self.entry())
        if problem is not None:
            self.problem.setText(problem)
            return
        super().accept()


class ProposalsDialog(QDialog):
    """Do-not-translate proposals (hashtags, handles, recurring names): the checked ones
    are added to the glossary, the unchecked ones are not proposed again."""

    def __init__(self, proposals: list[GlossaryEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Proposed glossary terms"))
        self.proposals = proposals
        self.view = QListWidget()
        for entry in proposals:
            item = QListWidgetItem(f"{entry.source}  · {entry.note}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.view.addItem(item)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "These terms of the article look like names to keep as they are. "
                    "Checked terms are added to the glossary as do-not-translate; "
                    "unchecked ones will not be proposed again."
                ),
                wordWrap=True,
            )
        )
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add checked terms"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_checked(self, terms: set[str]) -> None:
        for row, entry in enumerate(self.proposals):
            state = Qt.CheckState.Checked if entry.source in terms else Qt.CheckState.Unchecked
            item = self.view.item(row)
            assert item is not None
            item.setCheckState(state)

    def decision(self) -> tuple[list[GlossaryEntry], list[GlossaryEntry]]:
        """(accepted, dismissed) as the user left the boxes."""
        accepted: list[GlossaryEntry] = []
        dismissed: list[GlossaryEntry] = []
        for row, entry in enumerate(self.proposals):
            item = self.view.item(row)
            assert item is not None
            checked = item.checkState() == Qt.CheckState.Checked
            (accepted if checked else dismissed).append(entry)
        return accepted, dismissed
