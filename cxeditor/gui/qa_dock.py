"""The QA dock: every finding with its whole message, filtered by check and severity.

Findings arrive for the whole project (a run) or for one segment (live QA while the
editor types); a segment's update replaces only its rows, so the list keeps its place.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cxeditor.i18n import N_, _
from cxeditor.qa.base import Finding, Severity  # light: no checks, no regexes

Index = QModelIndex | QPersistentModelIndex
SEVERITY_COLOURS = {
    Severity.ERROR: "#d0443e",
    Severity.WARNING: "#c27c0e",
    Severity.INFO: "#57606a",
}
SEVERITY_LABELS = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}


def check_name(check_id: str) -> str:
    """A check's translated name (its id when the check is unknown)."""
    from cxeditor.qa.registry import CHECKS_BY_ID  # noqa: PLC0415 - loaded once QA ran

    check = CHECKS_BY_ID.get(check_id)
    return _(check.name) if check is not None else check_id


class FindingsModel(QStringListModel):
    """Findings as list rows: `#12 · error · Garbled hashtag` over the whole message.

    The texts live in Qt's own string-list model: the view lays out every row again when
    rows come and go, and a model written in Python would be called for each of them
    (40 ms for 37,000 findings on every live update); the delegate colours the rows it
    paints."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self.number_of: Callable[[int], int | None] = lambda _segment: None

    def load(self, findings: list[Finding]) -> None:
        self._findings = list(findings)
        self.setStringList([self._label(f) for f in self._findings])

    def splice(self, first: int, last: int, findings: list[Finding]) -> None:
        """Rows [first, last) replaced by `findings`: changed in place when as many, else
        removed and inserted (a reset would lose the view's place)."""
        if last - first == len(findings):
            for offset, finding in enumerate(findings):
                self._findings[first + offset] = finding
                self.setData(self.index(first + offset), self._label(finding))
            return
        if last > first:
            self.removeRows(first, last - first)
            del self._findings[first:last]
        if findings:
            self.insertRows(first, len(findings))
            self._findings[first:first] = findings
            for offset, finding in enumerate(findings):
                self.setData(self.index(first + offset), self._label(finding))

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return self._findings

    def _label(self, finding: Finding) -> str:
        number = self.number_of(finding.segment)
        heading = " · ".join(
            (
                f"#{number if number is not None else finding.segment}",
                _(SEVERITY_LABELS[finding.severity]),
                check_name(finding.check),
            )
        )
        fix = "\n→ " + _("Fix: {fix}").format(fix=finding.fix) if finding.fix else ""
        return f"{heading}\n{finding.message}{fix}"


class _SeverityDelegate(QStyledItemDelegate):
    """Each row in its severity's colour, the offending text as its tooltip."""

    def __init__(self, model: FindingsModel, parent: Any = None) -> None:
        super().__init__(parent)
        self._model = model
        self._colours = {s: QColor(c) for s, c in SEVERITY_COLOURS.items()}

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if 0 <= index.row() < len(self._model.findings()):
            severity = self._model.finding(index.row()).severity
            option.palette.setColor(QPalette.ColorRole.Text, self._colours[severity])

    def helpEvent(
        self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and 0 <= index.row() < len(self._model.findings()):
            text = self._model.finding(index.row()).text
            if text:
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


class QaPanel(QWidget):
    """Findings of the project; click to jump, Fix applies the check's fix, Dismiss
    hides one, "Dismiss all of this kind" every one of the selected finding's check."""

    jumpRequested = Signal(int)  # segment id
    fixRequested = Signal(object)  # Finding
    dismissRequested = Signal(object)  # Finding
    dismissAllRequested = Signal(str)  # check id
    runRequested = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = FindingsModel(self)
        # Whole messages: wrapped, never elided, each row as tall as its text. A tree
        # view (flat here) sizes only the rows it shows; a list view would lay out all
        # 30,000 again on every live update.
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setHeaderHidden(True)
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setUniformRowHeights(False)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.header().setStretchLastSection(True)
        self.view.setAlternatingRowColors(True)
        self.view.setItemDelegate(_SeverityDelegate(self.model, self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.clicked.connect(self._jump)
        self.view.activated.connect(self._jump)
        self._all: list[Finding] = []
        self._check_ids: set[str] = set()
        self._order: Callable[[int], int] = lambda segment: segment
        self._segment_id: int | None = None
        self.only_segment = QCheckBox(_("This segment only"))
        self.only_segment.toggled.connect(lambda _checked: self._refresh())
        self.check_filter = QComboBox()
        self.check_filter.addItem(_("All checks"), "")
        self.check_filter.currentIndexChanged.connect(lambda _index: self._refresh())
        self.severity_filter = QComboBox()
        self.severity_filter.addItem(_("All severities"), "")
        for severity in Severity:
            self.severity_filter.addItem(_(SEVERITY_LABELS[severity]), severity.value)
        self.severity_filter.currentIndexChanged.connect(lambda _index: self._refresh())
        self.run_button = QPushButton(_("Run QA"))
        self.fix_button = QPushButton(_("Fix"))
        self.dismiss_button = QPushButton(_("Dismiss"))
        self.dismiss_all_button = QPushButton(_("Dismiss all of this kind"))
        self.run_button.clicked.connect(self.runRequested.emit)
        self.fix_button.clicked.connect(lambda: self._emit_current(self.fixRequested))
        self.dismiss_button.clicked.connect(lambda: self._emit_current(self.dismissRequested))
        self.dismiss_all_button.clicked.connect(self._dismiss_all)
        buttons = QHBoxLayout()
        for button in (self.run_button, self.fix_button, self.dismiss_button):
            buttons.addWidget(button)
        filters = QHBoxLayout()
        filters.addWidget(self.check_filter, 1)
        filters.addWidget(self.severity_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.dismiss_all_button)
        layout.addLayout(filters)
        layout.addWidget(self.only_segment)
        layout.addWidget(self.view)

    # -- what is shown ---------------------------------------------------------------

    def set_order(self, order: Callable[[int], int]) -> None:
        """A segment id's position in the article (findings are listed in that order)."""
        self._order = order

    def load(self, findings: list[Finding]) -> None:
        """The project's findings, in article order."""
        self._all = list(findings)
        self._fill_check_filter()
        self._refresh()

    def replace_segment(self, segment_id: int, findings: list[Finding]) -> None:
        """One segment re-checked: its findings replace its old ones, in place."""
        first, last = self._segment_range(self._all, segment_id)
        if self._all[first:last] == findings:
            return
        self._all[first:last] = findings
        if any(f.check not in self._check_ids for f in findings):
            self._fill_check_filter()
        shown = self.model.findings()
        first, last = self._segment_range(shown, segment_id)
        self.model.splice(first, last, [f for f in findings if self._shown(f)])

    def findings(self) -> list[Finding]:
        return self._all

    def set_segment(self, segment_id: int | None) -> None:
        self._segment_id = segment_id
        if self.only_segment.isChecked():
            self._refresh()

    def state(self) -> dict[str, object]:
        """The filters, to carry across a rebuild of the window."""
        return {
            "check": self.check_filter.currentData(),
            "severity": self.severity_filter.currentData(),
            "only_segment": self.only_segment.isChecked(),
        }

    def restore_state(self, state: dict[str, object]) -> None:
        check = str(state.get("check") or "")
        if check and self.check_filter.findData(check) < 0:
            self.check_filter.addItem(check_name(check), check)
        self.check_filter.setCurrentIndex(max(self.check_filter.findData(check), 0))
        severity = str(state.get("severity") or "")
        self.severity_filter.setCurrentIndex(max(self.severity_filter.findData(severity), 0))
        self.only_segment.setChecked(bool(state.get("only_segment")))

    def _segment_range(self, findings: list[Finding], segment_id: int) -> tuple[int, int]:
        """Where the segment's findings are (or would go) in an article-ordered list."""
        order = self._order
        position = order(segment_id)
        first = bisect.bisect_left(findings, position, key=lambda f: order(f.segment))
        last = bisect.bisect_right(findings, position, lo=first, key=lambda f: order(f.segment))
        return first, last

    def _fill_check_filter(self) -> None:
        chosen = self.check_filter.currentData()
        self._check_ids = {f.check for f in self._all}
        if chosen:
            self._check_ids.add(chosen)
        self.check_filter.blockSignals(True)
        try:
            while self.check_filter.count() > 1:
                self.check_filter.removeItem(1)
            for name, check_id in sorted((check_name(c), c) for c in self._check_ids):
                self.check_filter.addItem(name, check_id)
            self.check_filter.setCurrentIndex(max(self.check_filter.findData(chosen), 0))
        finally:
            self.check_filter.blockSignals(False)

    def _shown(self, finding: Finding) -> bool:
        check = self.check_filter.currentData()
        severity = self.severity_filter.currentData()
        return (
            (not check or finding.check == check)
            and (not severity or finding.severity.value == severity)
            and (not self.only_segment.isChecked() or finding.segment == self._segment_id)
        )

    def _refresh(self) -> None:
        self.model.load([f for f in self._all if self._shown(f)])

    # -- what is asked -----------------------------------------------------------------

    def current(self) -> Finding | None:
        index = self.view.currentIndex()
        return self.model.finding(index.row()) if index.isValid() else None

    def _jump(self, index: QModelIndex) -> None:
        if index.isValid():
            self.jumpRequested.emit(self.model.finding(index.row()).segment)

    def _emit_current(self, signal: Any) -> None:
        finding = self.current()
        if finding is not None:
            signal.emit(finding)

    def _dismiss_all(self) -> None:
        finding = self.current()
        check = finding.check if finding is not None else self.check_filter.currentData()
        if check:
            self.dismissAllRequested.emit(check)
