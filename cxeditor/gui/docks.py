"""Side panels: the segment's comments and history, suggestions, the Korean preview
(the QA dock is qa_dock.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextBrowser,
)

from cxeditor.clock import local_readable
from cxeditor.i18n import N_, _
from cxeditor.model import Comment, HistoryEntry, Origin

from .segment_model import STATUS_LABELS, origin_label

Index = QModelIndex | QPersistentModelIndex


def comment_text(text: str) -> str:
    """A comment in the interface language: the project stores the English of the
    notes cxeditor itself writes ("The imported translation wrote …: 미나 박")."""
    from cxeditor.formats.align import IMPORTED_HANDLE, IMPORTED_NAME  # noqa: PLC0415
    from cxeditor.text.damage import MT_TOKEN_PROBLEM  # noqa: PLC0415

    for prefix in (IMPORTED_NAME, IMPORTED_HANDLE, MT_TOKEN_PROBLEM):
        if text.startswith(prefix):
            return _(prefix) + text[len(prefix) :]
    return _(text)


class HistoryPanel(QPlainTextEdit):
    """Comments and edit history of the current segment (who, when, before → after)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)

    def show_segment(self, comments: list[Comment], history: list[HistoryEntry]) -> None:
        # A word, not 💬: many desktops have no emoji font and draw a box.
        lines = [
            _("{when} {who} commented: {text}").format(
                when=local_readable(c.when), who=c.who, text=comment_text(c.text)
            )
            for c in comments
        ]
        for entry in reversed(history):
            # Statuses and origins are data in the project file: shown translated.
            origin = origin_label(Origin.parse(entry.origin)) if entry.origin else ""
            lines.append(
                f"{local_readable(entry.when)} {entry.who} [{_(STATUS_LABELS[entry.status_before])}"
                f" → {_(STATUS_LABELS[entry.status_after])}] {origin}".rstrip()
            )
            if entry.before != entry.after:
                lines.append(f"    − {entry.before}")
                lines.append(f"    + {entry.after}")
        self.setPlainText("\n".join(lines) or _("No comments or edits yet."))


MATCH_KINDS = {
    "exact": N_("exact"),
    "context": N_("context"),
    "placeholder": N_("tokens differ"),
    "fuzzy": N_("fuzzy"),
}
_MEMORY_NAMES = {"project": N_("this project"), "user": N_("your memory")}


@dataclass(frozen=True, slots=True)
class MtEntry:
    """One engine's row beside the memory matches (Ctrl+M asks every chosen engine):
    its translation, or the one line saying why it gave none (`error`)."""

    target: str
    engine: str
    problems: list[str]
    cached: bool
    error: str | None = None
    qa: list[str] = field(default_factory=list)  # QA's findings in the translation


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
        """What Ctrl+1…5 inserts, in the order shown; each has `.target` (an engine that
        gave no translation has a row but no number)."""
        return [*self._memory_matches, *(entry for entry in self._mt if entry.error is None)]

    @property
    def mt_rows(self) -> list[MtEntry]:
        """One per engine asked, in the order they were chosen."""
        return list(self._mt)

    def show_matches(self, segment_id: int | None, matches: list[Any]) -> None:
        if segment_id != self.segment_id:
            self._mt = []
        self.segment_id = segment_id
        self._memory_matches = matches
        self._redraw()

    def show_mt(self, segment_id: int, entries: list[MtEntry]) -> None:
        """The engines' rows for the segment (a new Ctrl+M replaces the previous ones)."""
        if segment_id != self.segment_id:
            self._memory_matches = []
            self._mt = []  # another segment's machine translation is no suggestion here
        self.segment_id = segment_id
        self._mt = list(entries)
        self._redraw()

    def _redraw(self) -> None:
        self.clear()
        for number, match in enumerate(self._memory_matches, start=1):
            changed = " ".join(f"[{op[0]}] {text}" for op, text in match.diff if op != "equal")
            where = _(_MEMORY_NAMES.get(match.memory, match.memory)) if match.memory else ""
            kind = _(MATCH_KINDS[match.kind]) if match.kind in MATCH_KINDS else match.kind
            label = f"{number}. {match.score}% {kind}"
            label += f" · {where}  {match.target}" if where else f"  {match.target}"
            item = QListWidgetItem(label + (f"\n    {changed}" if changed else ""))
            item.setToolTip(match.unit.source)
            self.addItem(item)
        number = len(self._memory_matches)
        for entry in self._mt:
            engine = _("MT {engine}").format(engine=entry.engine)
            if entry.error is not None:
                item = QListWidgetItem(f"–  {engine}: {entry.error}")
                item.setForeground(QBrush(QColor("#d0443e")))
                item.setToolTip(entry.error)
                self.addItem(item)
                continue
            number += 1
            label = f"{number}. {engine}  {entry.target}"
            if entry.problems:
                label += "\n    ⚠ " + _("check these tokens: {tokens}").format(
                    tokens=", ".join(entry.problems)
                )
            if entry.qa:
                label += "\n    " + _("QA: {findings}").format(findings="; ".join(entry.qa))
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
