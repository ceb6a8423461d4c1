"""What every CAT tool has: jump to the next untranslated, unconfirmed or erroneous
segment, copy the source into the target, concordance search in the memories, and
spell check of the Korean target (underlines, suggestions on the context menu)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QTextCharFormat
from PySide6.QtWidgets import QDockWidget, QMenu, QTextEdit

from cxeditor.gui.cat_docks import ConcordancePanel
from cxeditor.gui.segment_model import UNCONFIRMED
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback
from cxeditor.model import Status
from cxeditor.qa.base import Severity
from cxeditor.text.utf16 import Utf16Map

from .base import WindowBase

if TYPE_CHECKING:
    from cxeditor.text.spelling import KoreanSpelling, Misspelling

SPELL_PAUSE_MS = 250
_SPELLING_UNDERLINE = QTextCharFormat()
_SPELLING_UNDERLINE.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
_SPELLING_UNDERLINE.setUnderlineColor(QColor("#d0443e"))
_told_spelling_off = False  # "spell check is off" is said once per session


class CatPart(WindowBase):
    concordance_panel: ConcordancePanel
    spelling: KoreanSpelling | None
    spelling_note: str  # why spell check is off ("" while on or loading)
    spelling_menu: QMenu | None

    def _build_cat(self) -> None:
        segment = "segment"
        self._action(
            _("Next &untranslated segment"), self.go_next_untranslated, "Ctrl+Shift+N", menu=segment
        )
        self._action(
            _("Next u&nconfirmed segment"), self.go_next_unconfirmed, "Ctrl+Shift+U", menu=segment
        )
        self._action(_("Next segment with QA &errors"), self.go_next_qa_error, "F8", menu=segment)
        self._action(
            _("Copy &source to target"), self.copy_source_to_target, "Ctrl+Shift+S", menu="edit"
        )
        self._action(_("C&oncordance search"), self.concordance_search, "Ctrl+K", menu="tools")

        self.concordance_panel = ConcordancePanel(self)
        self.concordance_panel.searchRequested.connect(self.search_concordance)
        self.concordance_panel.insertRequested.connect(self.insert_text_at_cursor)
        dock = QDockWidget(_("Concordance"), self)
        dock.setObjectName("dock-concordance")
        dock.setWidget(self.concordance_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.docks["glossary"], dock)
        self.docks["concordance"] = dock
        self._menus["view"].addAction(dock.toggleViewAction())

        self.spelling = None
        self.spelling_note = ""
        self.spelling_menu = None
        self._spelling_timer = QTimer(self)
        self._spelling_timer.setSingleShot(True)
        self._spelling_timer.setInterval(SPELL_PAUSE_MS)
        self._spelling_timer.timeout.connect(self.underline_spelling)
        self.target_edit.textChanged.connect(self._spelling_timer.start)
        self.view.selectionModel().currentRowChanged.connect(lambda *_a: self.underline_spelling())
        self.target_edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.target_edit.customContextMenuRequested.connect(self._target_menu)
        self.projectOpened.connect(lambda _path: self._load_spelling())

    # -- moving to the next segment that needs work ----------------------------------

    def _go_to_next(self, wanted: Callable[[int], bool], none_left: str) -> None:
        """The next visible row after the current one that `wanted`, wrapping around."""
        current = self.current_row()
        start = -1 if current is None else current
        wrapped = itertools.takewhile(lambda r: r <= start, self._visible_rows_after(-1))
        for row in itertools.chain(self._visible_rows_after(start), wrapped):
            if row != current and wanted(row):
                self.select_row(row)
                return
        self.statusBar().showMessage(none_left, 5000)

    def go_next_untranslated(self) -> None:
        def untranslated(row: int) -> bool:
            found = self.model.row(row)
            return found.status is Status.NEW or not found.target.strip()

        self._go_to_next(untranslated, _("No untranslated segments left."))

    def go_next_unconfirmed(self) -> None:
        self._go_to_next(
            lambda row: self.model.row(row).status in UNCONFIRMED,
            _("No unconfirmed segments left."),
        )

    def go_next_qa_error(self) -> None:
        def has_error(row: int) -> bool:
            findings = self._findings_by_segment.get(self.model.row(row).segment_id, [])
            return any(f.severity is Severity.ERROR for f in findings)

        self._go_to_next(has_error, _("No segments with QA errors."))

    # -- editing -------------------------------------------------------------------------

    def copy_source_to_target(self) -> None:
        """The whole source into the target (tokens and all), as one undoable typing step."""
        if self.target_edit.isReadOnly() or self.current_id is None:
            return
        cursor = self.target_edit.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(self.source_edit.toPlainText())
        self.target_edit.setTextCursor(cursor)
        self.target_edit.setFocus()

    # -- concordance -------------------------------------------------------------------

    def concordance_search(self) -> None:
        """Ctrl+K: search the memories for the selected words (of the target or the
        source), or put the caret in the concordance field."""
        selected = (
            self.target_edit.textCursor().selectedText()
            or self.source_edit.textCursor().selectedText()
        )
        dock = self.docks["concordance"]
        dock.show()
        dock.raise_()
        panel = self.concordance_panel
        if selected.strip():
            panel.query.setText(selected.strip())
            self.search_concordance(panel.query.text())
        panel.query.setFocus()
        panel.query.selectAll()

    def search_concordance(self, phrase: str) -> None:
        from cxeditor.tm.concordance import concordance  # noqa: PLC0415 - on first use

        try:
            hits = concordance(self.memory(), phrase)
        except Exception as error:  # noqa: BLE001 - a broken memory file is the user's to fix
            self.notify_error(str(error))
            return
        self.concordance_panel.show_hits(phrase, hits)

    # -- spell check -------------------------------------------------------------------

    def _load_spelling(self) -> None:
        """The dictionary loads once, in a worker (about a second)."""
        if self.spelling is not None or self.spelling_note:
            return
        from cxeditor.text.spelling import SpellingUnavailable, load_korean  # noqa: PLC0415

        def job(progress: ProgressCallback, cancel: CancelFlag) -> KoreanSpelling | str:
            try:
                return load_korean()
            except SpellingUnavailable as error:
                return str(error)

        def done(result: KoreanSpelling | str) -> None:
            global _told_spelling_off  # noqa: PLW0603 - once per session, for every window
            if isinstance(result, str):
                self.spelling_note = result
                if not _told_spelling_off:
                    _told_spelling_off = True
                    self.statusBar().showMessage(result, 15_000)
                return
            self.spelling = result
            self.underline_spelling()

        self.tasks.run("spelling", job, on_done=done, on_error=self._job_failed("spelling"))

    def misspellings(self) -> list[Misspelling]:
        """The target editor's misspelt words (none while spell check is off)."""
        if self.spelling is None or self.current_id is None:
            return []
        return self.spelling.misspellings(self.target_edit.toPlainText())

    def underline_spelling(self) -> None:
        self._spelling_timer.stop()
        text = self.target_edit.toPlainText()
        positions = Utf16Map(text)
        marks = []
        for miss in self.misspellings():
            mark = QTextEdit.ExtraSelection()
            cursor = self.target_edit.textCursor()
            cursor.setPosition(positions.to_utf16(miss.start))
            cursor.setPosition(positions.to_utf16(miss.end), cursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            mark.format = _SPELLING_UNDERLINE
            marks.append(mark)
        self.target_edit.setExtraSelections(marks)

    def _target_menu(self, position: QPoint) -> None:
        """The editor's own menu, with spelling suggestions on top for a misspelt word."""
        menu = self.target_edit.createStandardContextMenu(position)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = self.target_edit.toPlainText()
        index = Utf16Map(text).to_python(self.target_edit.cursorForPosition(position).position())
        miss = next((m for m in self.misspellings() if m.start <= index <= m.end), None)
        if miss is not None and self.spelling is not None and not self.target_edit.isReadOnly():
            suggestions = self.spelling.suggestions(miss.word)
            offered = []
            for suggestion in suggestions:
                action = QAction(suggestion, menu)
                action.triggered.connect(
                    lambda _c=False, m=miss, s=suggestion: self._replace_word(m, s)
                )
                offered.append(action)
            if not suggestions:
                none = QAction(_("No spelling suggestions"), menu)
                none.setEnabled(False)
                offered.append(none)
            separator = QAction(menu)
            separator.setSeparator(True)
            existing = menu.actions()
            if existing:
                menu.insertActions(existing[0], [*offered, separator])
            else:
                menu.addActions(offered)
        self.spelling_menu = menu
        menu.popup(self.target_edit.mapToGlobal(position))

    def _replace_word(self, miss: Misspelling, suggestion: str) -> None:
        text = self.target_edit.toPlainText()
        if text[miss.start : miss.end] != miss.word:
            return  # the text changed while the menu was open
        positions = Utf16Map(text)
        cursor = self.target_edit.textCursor()  # typing undo keeps it
        cursor.setPosition(positions.to_utf16(miss.start))
        cursor.setPosition(positions.to_utf16(miss.end), cursor.MoveMode.KeepAnchor)
        cursor.insertText(suggestion)
        self.underline_spelling()
