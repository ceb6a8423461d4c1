"""Side panels: QA findings, the segment's comments and history, the Korean preview."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cxeditor.i18n import N_, _
from cxeditor.model import Comment, HistoryEntry
from cxeditor.qa.base import Finding, Severity  # light: no checks, no regexes

Index = QModelIndex | QPersistentModelIndex
SEVERITY_COLOURS = {
    Severity.ERROR: "#d0443e",
    Severity.WARNING: "#c27c0e",
    Severity.INFO: "#57606a",
}


class FindingsModel(QAbstractListModel):
    """QA findings as a list: `#12 error garbled-hashtag: message`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._brushes = {s: QBrush(QColor(c)) for s, c in SEVERITY_COLOURS.items()}

    def load(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = findings
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return self._findings

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            fix = f"  → {finding.fix}" if finding.fix else ""
            return f"#{finding.segment}  {finding.check}: {finding.message}{fix}"
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._brushes[finding.severity]
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.text
        return None


class QaPanel(QWidget):
    """Findings of the last QA run; click to jump, Fix applies the check's fix."""

    jumpRequested = Signal(int)  # segment id
    fixRequested = Signal(object)  # Finding
    dismissRequested = Signal(object)
    runRequested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.clicked.connect(self._jump)
        self._all: list[Finding] = []
        self._segment_id: int | None = None
        self.only_segment = QCheckBox(_("This segment only"))
        self.only_segment.toggled.connect(lambda _checked: self._refresh())
        self.run_button = QPushButton(_("Run QA"))
        self.fix_button = QPushButton(_("Fix"))
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.run_button.clicked.connect(self.runRequested.emit)
        self.fix_button.clicked.connect(lambda: self._emit_current(self.fixRequested))
        self.dismiss_button.clicked.connect(lambda: self._emit_current(self.dismissRequested))
        buttons = QHBoxLayout()
        for button in (self.run_button, self.fix_button, self.dismiss_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.only_segment)
        layout.addWidget(self.view)

    def load(self, findings: list[Finding]) -> None:
        """The project's findings; the list shows them all, or the segment's only."""
        self._all = findings
        self._refresh()

    def findings(self) -> list[Finding]:
        return self._all

    def set_segment(self, segment_id: int | None) -> None:
        self._segment_id = segment_id
        if self.only_segment.isChecked():
            self._refresh()

    def _refresh(self) -> None:
        if self.only_segment.isChecked():
            self.model.load([f for f in self._all if f.segment == self._segment_id])
        else:
            self.model.load(self._all)

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def _jump(self, index: QModelIndex) -> None:
        self.jumpRequested.emit(self.model.finding(index.row()).segment)

    def _emit_current(self, signal: Any) -> None:
        finding = self.current()
        if finding is not None:
            signal.emit(finding)


class HistoryPanel(QPlainTextEdit):
    """Comments and edit history of the current segment (who, when, before → after)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)

    def show_segment(self, comments: list[Comment], history: list[HistoryEntry]) -> None:
        lines = [f"💬 {c.when} {c.who}: {_(c.text)}" for c in comments]
        for entry in reversed(history):
            lines.append(
                f"{entry.when} {entry.who} [{entry.status_before.value} → "
                f"{entry.status_after.value}] {entry.origin}"
            )
            if entry.before != entry.after:
                lines.append(f"    − {entry.before}")
                lines.append(f"    + {entry.after}")
        self.setPlainText("\n".join(lines) or _("No comments or edits yet."))


_MEMORY_NAMES = {"project": N_("this project"), "user": N_("your memory")}


@dataclass(frozen=True, slots=True)
class MtEntry:
    """A machine translation shown beside the memory matches (Ctrl+M asks for one)."""

    target: str
    engine: str
    problems: list[str]
    cached: bool


class SuggestionsPanel(QListWidget):
    """Memory matches and machine translation for the current segment; Ctrl+1…5
    inserts suggestion N. The two arrive from different workers in either order, so
    each is kept per segment and the list is redrawn from both."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.segment_id: int | None = None
        self._memory_matches: list[Any] = []  # TmMatch
        self._mt: list[MtEntry] = []

    @property
    def matches(self) -> list[Any]:
        """What Ctrl+1…5 inserts, in the order shown; each has `.target`."""
        return [*self._memory_matches, *self._mt]

    def show_matches(self, segment_id: int | None, matches: list[Any]) -> None:
        if segment_id != self.segment_id:
            self._mt = []
        self.segment_id = segment_id
        self._memory_matches = matches
        self._redraw()

    def show_mt(self, segment_id: int, entry: MtEntry) -> None:
        if segment_id != self.segment_id:
            self._memory_matches = []
            self._mt = []  # another segment's machine translation is no suggestion here
        self.segment_id = segment_id
        self._mt = [*self._mt, entry]
        self._redraw()

    def _redraw(self) -> None:
        self.clear()
        for number, match in enumerate(self._memory_matches, start=1):
            changed = " ".join(f"[{op[0]}] {text}" for op, text in match.diff if op != "equal")
            where = _(_MEMORY_NAMES.get(match.memory, match.memory)) if match.memory else ""
            label = f"{number}. {match.score}% {match.kind}"
            label += f" · {where}  {match.target}" if where else f"  {match.target}"
            item = QListWidgetItem(label + (f"\n    {changed}" if changed else ""))
            item.setToolTip(match.unit.source)
            self.addItem(item)
        for number, entry in enumerate(self._mt, start=len(self._memory_matches) + 1):
            label = f"{number}. MT {entry.engine}  {entry.target}"
            if entry.problems:
                label += "\n    ⚠ " + _("check these tokens: {tokens}").format(
                    tokens=", ".join(entry.problems)
                )
            item = QListWidgetItem(label)
            item.setToolTip(_("from the project's cache") if entry.cached else entry.engine)
            self.addItem(item)
        if not self._memory_matches and not self._mt:
            self.addItem(_("No translation memory matches."))


class PreviewPanel(QTextBrowser):
    """The Korean article as it will be published (the HTML export, rendered)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)
