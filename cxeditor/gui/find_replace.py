"""Find and replace across translations: the hits, a walk over them (replace this one,
skip it, replace all the rest), and the dialog that drives it.

Hits are Python indices of a segment's stored target; the window converts them to
Qt's positions where it draws them. Approved segments are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from cxeditor.i18n import _
from cxeditor.model import Status

from .segment_model import SegmentRow

SkipKey = tuple[int, int, int]  # (segment id, start, end) of a skipped hit


@dataclass(frozen=True, slots=True)
class Replacement:
    segment_id: int
    number: int
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Hit:
    """One match in a segment's target, and what replacing it would put there."""

    segment_id: int
    number: int  # the segment's number, as the grid shows it
    row: int  # its row in the grid's model
    start: int
    end: int
    text: str
    replacement: str

    @property
    def key(self) -> SkipKey:
        return (self.segment_id, self.start, self.end)


class Query:
    """What to find and what to put instead; `re.error` for a bad expression."""

    def __init__(self, find: str, replace: str, *, regex: bool, case_sensitive: bool) -> None:
        flags = 0 if case_sensitive else re.IGNORECASE
        self.pattern = re.compile(find if regex else re.escape(find), flags) if find else None
        self.replace = replace
        self.regex = regex
        if self.pattern is not None and regex:
            # A bad group reference (\3 of two groups) is refused now, not at the first hit.
            self.pattern.sub(replace, "")

    def replacement(self, match: re.Match[str]) -> str:
        return match.expand(self.replace) if self.regex else self.replace

    def matches(self, row: SegmentRow) -> Iterator[re.Match[str]]:
        if self.pattern is None or not row.target or row.status is Status.APPROVED:
            return
        yield from self.pattern.finditer(row.target)

    def hits(self, rows: list[SegmentRow], skipped: Collection[SkipKey] = ()) -> list[Hit]:
        """Every hit in grid order, the skipped ones left out."""
        found = []
        for number, row in enumerate(rows):
            for match in self.matches(row):
                hit = Hit(
                    row.segment_id,
                    row.number,
                    number,
                    match.start(),
                    match.end(),
                    match.group(0),
                    self.replacement(match),
                )
                if hit.key not in skipped:
                    found.append(hit)
        return found

    def replaced(self, row: SegmentRow, skipped: Collection[SkipKey] = ()) -> str:
        """The row's target with every hit replaced but the skipped ones."""
        if self.pattern is None:
            return row.target

        def one(match: re.Match[str]) -> str:
            if (row.segment_id, match.start(), match.end()) in skipped:
                return match.group(0)
            return self.replacement(match)

        return self.pattern.sub(one, row.target)


def plan_replacements(
    rows: list[SegmentRow],
    find: str,
    replace: str,
    *,
    regex: bool,
    case_sensitive: bool,
    skipped: Collection[SkipKey] = (),
) -> list[Replacement]:
    """Every target the replacement would change (approved segments are left alone)."""
    return _plan(rows, Query(find, replace, regex=regex, case_sensitive=case_sensitive), skipped)


def _plan(rows: list[SegmentRow], query: Query, skipped: Collection[SkipKey]) -> list[Replacement]:
    planned = []
    for row in rows:
        if not any(True for _match in query.matches(row)):
            continue
        after = query.replaced(row, skipped)
        if after != row.target:
            planned.append(Replacement(row.segment_id, row.number, row.target, after))
    return planned


class HitWalk:
    """Where the editor is among the hits: the one shown now, and those skipped.

    The walk only moves forward (in grid order), so a replacement never shifts a hit
    already skipped in the same segment: they all lie before it.
    """

    def __init__(self, query: Query) -> None:
        self.query = query
        self.skipped: set[SkipKey] = set()
        self._position = (0, 0)  # (grid row, index in its target)
        self.hits: list[Hit] = []
        self.current: Hit | None = None

    def update(self, rows: list[SegmentRow]) -> None:
        """Find the hits again (the targets changed) and the first one from here on."""
        self.hits = self.query.hits(rows, self.skipped)
        self.current = next((h for h in self.hits if (h.row, h.start) >= self._position), None)

    def left(self) -> int:
        """The hits from the current one on (itself included)."""
        if self.current is None:
            return 0
        return len(self.hits) - self.hits.index(self.current)

    def skip(self) -> None:
        if self.current is not None:
            self.skipped.add(self.current.key)
            self._advance(self.current, self.current.end)

    def replaced(self, hit: Hit) -> None:
        """`hit` was replaced: go on after what was put in its place."""
        self._advance(hit, hit.start + len(hit.replacement))

    def _advance(self, hit: Hit, offset: int) -> None:
        # An empty match (a regex such as `^`) moves on by one, or it is found again.
        self._position = (hit.row, offset + (1 if hit.start == hit.end else 0))


class ReplaceDialog(QDialog):
    """Find/Replace across targets: the window highlights the hits and shows the current
    one; Replace changes it, Skip leaves it, Replace all changes every hit not skipped.
    The preview lists what Replace all would do before anything is changed."""

    hitsChanged = Signal()  # the hits or the current one changed

    def __init__(
        self,
        rows: list[SegmentRow] | Callable[[], list[SegmentRow]],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Find and replace in translations"))
        self._rows = rows if callable(rows) else (lambda: rows)
        # The window's way to replace one hit (an undoable edit); None: Replace is off.
        self.apply_one: Callable[[Hit], bool] | None = None
        self.find_edit = QLineEdit()
        self.replace_edit = QLineEdit()
        self.regex = QCheckBox(_("Regular expression"))
        self.case = QCheckBox(_("Match case"))
        self.hit_label = QLabel()
        self.preview = QListWidget()
        form = QFormLayout()
        form.addRow(_("Find:"), self.find_edit)
        form.addRow(_("Replace with:"), self.replace_edit)
        form.addRow(self.regex, self.case)
        for widget in (self.find_edit, self.replace_edit):
            widget.textChanged.connect(self.refresh)
        for box in (self.regex, self.case):
            box.toggled.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.replace_button = QPushButton(_("&Replace"))
        self.replace_button.setToolTip(_("Replace this hit and go to the next"))
        self.skip_button = QPushButton(_("&Skip"))
        self.skip_button.setToolTip(_("Leave this hit as it is and go to the next"))
        self.replace_all_button = QPushButton(_("Replace &all"))
        self.replace_all_button.setToolTip(_("Replace every hit that was not skipped"))
        buttons.addButton(self.replace_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.replace_all_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        # Enter goes to the next hit and changes nothing: the safe default (set once the
        # button is in the dialog, or the box makes Close the default).
        self.skip_button.setDefault(True)
        self.replace_button.clicked.connect(self.replace_current)
        self.skip_button.clicked.connect(self.skip_current)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hit_label)
        layout.addWidget(self.preview)
        layout.addWidget(buttons)
        self.walk: HitWalk | None = None
        self.planned: list[Replacement] = []
        self._show()

    @property
    def current(self) -> Hit | None:
        return self.walk.current if self.walk is not None else None

    def hits_by_segment(self) -> dict[int, list[tuple[int, int]]]:
        """The hits still to decide on, per segment, as (start, end)."""
        found: dict[int, list[tuple[int, int]]] = {}
        for hit in self.walk.hits if self.walk is not None else ():
            found.setdefault(hit.segment_id, []).append((hit.start, hit.end))
        return found

    def refresh(self) -> None:
        """A new search: from the first hit, nothing skipped."""
        try:
            query = Query(
                self.find_edit.text(),
                self.replace_edit.text(),
                regex=self.regex.isChecked(),
                case_sensitive=self.case.isChecked(),
            )
        except re.error as error:
            self.walk = None
            self._show(_("Invalid regular expression: {error}").format(error=error))
            return
        self.walk = HitWalk(query) if query.pattern is not None else None
        self._show()

    def skip_current(self) -> None:
        if self.walk is not None:
            self.walk.skip()
            self._show()

    def replace_current(self) -> None:
        hit = self.current
        if self.walk is None or hit is None or self.apply_one is None:
            return
        if self.apply_one(hit):
            self.walk.replaced(hit)
        else:  # the segment changed under the dialog: look again from here
            self.walk.skip()
        self._show()

    def _show(self, error: str | None = None) -> None:
        rows = self._rows()
        self.preview.clear()
        self.planned = []
        if error is not None:
            self.preview.addItem(error)
        walk = self.walk
        if walk is not None:
            walk.update(rows)
            self.planned = _plan(rows, walk.query, walk.skipped)
        for item in self.planned:
            self.preview.addItem(f"#{item.number}: {item.before}\n    → {item.after}")
        hit = self.current
        if walk is None:
            self.hit_label.clear()
        elif hit is None:
            self.hit_label.setText(
                _("No more hits · {skipped} skipped").format(skipped=len(walk.skipped))
            )
        else:
            self.hit_label.setText(
                _("Segment #{number}: “{text}” · {left} hit(s) left · {skipped} skipped").format(
                    number=hit.number, text=hit.text, left=walk.left(), skipped=len(walk.skipped)
                )
            )
        self.replace_button.setEnabled(hit is not None and self.apply_one is not None)
        self.skip_button.setEnabled(hit is not None)
        self.replace_all_button.setEnabled(bool(self.planned))
        self.hitsChanged.emit()
