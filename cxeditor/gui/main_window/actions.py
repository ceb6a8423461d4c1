"""Menus, actions and their shortcuts, their enabled state, the shortcut list, settings."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QMessageBox,
)

from cxeditor.gui.dialogs import SettingsDialog
from cxeditor.gui.settings import (
    EDITOR_FONT_SIZE,
    MT_FORMALITY,
    MT_PAPAGO_GLOSSARY,
    NAME_POLICY,
    UI_LANGUAGE,
)
from cxeditor.i18n import _

from .base import WindowBase


class ActionsPart(WindowBase):
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        *shortcuts: QKeySequence | QKeySequence.StandardKey | str,
        menu: str,
    ) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(lambda _checked=False: slot())
        self._menus[menu].addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self._menus = {
            name: bar.addMenu(title)
            for name, title in (
                ("file", _("&File")),
                ("edit", _("&Edit")),
                ("segment", _("&Segment")),
                ("tools", _("&Tools")),
                ("view", _("&View")),
                ("help", _("&Help")),
            )
        }
        self.new_action = self._action(
            _("&New from English article…"),
            self.choose_article,
            QKeySequence.StandardKey.New,
            menu="file",
        )
        self.review_action = self._action(
            _("New &review project from Korean article…"), self.choose_review_article, menu="file"
        )
        self.open_action = self._action(
            _("&Open project…"), self.choose_project, QKeySequence.StandardKey.Open, menu="file"
        )
        self._action(_("Open from &server…"), self.choose_shared_project, menu="file")
        self.recent_menu = self._menus["file"].addMenu(_("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.export_action = self._action(
            _("&Export…"), self.choose_export, "Ctrl+Shift+E", menu="file"
        )
        self.review_import_action = self._action(
            _("Import &reviewed file (.docx, XLIFF)…"), self.choose_review_file, menu="file"
        )
        self._menus["file"].addSeparator()
        self._action(_("&Quit"), self.close, QKeySequence.StandardKey.Quit, menu="file")

        undo = self.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = self.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (undo, redo):
            self._menus["edit"].addAction(action)
            self.addAction(action)
        self.copy_tokens_action = self._action(
            _("&Copy source tokens into target"),
            self.copy_source_tokens,
            "Ctrl+Shift+C",
            menu="edit",
        )
        self._action(_("&Find…"), self.focus_filter, QKeySequence.StandardKey.Find, menu="edit")
        self._action(_("Edit the &translation"), self.focus_target, "Ctrl+E", menu="edit")
        self._action(_("Edit in the &grid cell"), self.edit_in_cell, "F2", menu="edit")
        self.replace_action = self._action(
            _("&Replace in translations…"), self.choose_replace, "Ctrl+H", menu="edit"
        )
        self._menus["edit"].addSeparator()
        self._action(_("&Settings…"), self.choose_settings, "Ctrl+,", menu="edit")

        self.confirm_action = self._action(
            _("&Confirm and go to next"),
            self.confirm_and_next,
            "Ctrl+Return",
            "Ctrl+Enter",
            menu="segment",
        )
        self._action(_("&Previous segment"), self.go_previous, "Ctrl+Up", menu="segment")
        self._action(_("&Next segment"), self.go_next, "Ctrl+Down", menu="segment")
        self._menus["segment"].addSeparator()
        for number in range(1, 6):
            self._action(
                _("Insert suggestion {n}").format(n=number),
                functools.partial(self.insert_suggestion, number),
                f"Ctrl+{number}",
                menu="segment",
            )
        self.mt_action = self._action(
            _("&Machine-translate this segment"), self.suggest_mt, "Ctrl+M", menu="segment"
        )
        self._menus["segment"].addSeparator()
        self.approve_action = self._action(
            _("&Approve (reviewer)"), self.approve_current, "Ctrl+Shift+A", menu="segment"
        )
        self.reject_action = self._action(
            _("&Reject with comment (reviewer)…"),
            self.reject_current,
            "Ctrl+Shift+R",
            menu="segment",
        )
        self.signoff_action = self._action(
            _("&Sign off the review…"), self.sign_off, menu="segment"
        )
        self.pretranslate_action = self._action(
            _("&Pre-translate…"), self.choose_pretranslate, "Ctrl+Shift+T", menu="tools"
        )
        self.qa_action = self._action(_("Run &QA"), self.run_qa_job, "F7", menu="tools")
        self.second_look_action = self._action(
            _("Next segment for a &second look"), self.next_second_look, "Ctrl+F8", menu="tools"
        )
        self.second_opinion_action = self._action(
            _("Second &opinion from the engine in Settings"),
            self.second_opinion,
            "Ctrl+Shift+O",
            menu="tools",
        )
        self._menus["tools"].addSeparator()
        self.add_term_action = self._action(
            _("Add &glossary term…"), self.add_glossary_term, "Ctrl+Shift+G", menu="tools"
        )
        self.propose_action = self._action(
            _("P&ropose glossary terms…"), self.propose_glossary_terms, menu="tools"
        )
        for dock in self.docks.values():
            self._menus["view"].addAction(dock.toggleViewAction())
        self._action(_("&Keyboard shortcuts"), self.show_shortcuts, "F1", menu="help")

    def _update_actions(self) -> None:
        writable = self.project is not None and not self.project.readonly
        for action in (
            self.confirm_action,
            self.approve_action,
            self.reject_action,
            self.copy_tokens_action,
            self.pretranslate_action,
            self.replace_action,
            self.signoff_action,
        ):
            action.setEnabled(writable)
        self.export_action.setEnabled(self.project is not None)
        self.qa_action.setEnabled(self.project is not None)
        self.second_opinion_action.setEnabled(self.project is not None)

    def show_shortcuts(self) -> None:
        lines = []
        for menu in self._menus.values():
            for action in menu.actions():
                if action.shortcut().toString():
                    label = action.text().replace("&", "")
                    keys = ", ".join(
                        s.toString(QKeySequence.SequenceFormat.NativeText)
                        for s in action.shortcuts()
                    )
                    lines.append(f"{keys}\t{label}")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Keyboard shortcuts"),
            "\n".join(lines),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def choose_settings(self) -> None:
        if self.project is not None:  # the dialog shows (and edits) the project's settings
            meta = self.project.meta()
            self.settings.set(NAME_POLICY, meta.name_policy)
            self.settings.set(MT_FORMALITY, meta.mt_formality or "default")
            self.settings.set(MT_PAPAGO_GLOSSARY, meta.mt_papago_glossary)
        dialog = SettingsDialog(self.settings, self)
        language = self.settings.get(UI_LANGUAGE)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            error = dialog.apply()
            if error:
                self.notify_error(error)
            self.apply_editor_font()
            if self.project is not None and not self.project.readonly:
                # These belong to the project (QA, exports and MT read them there).
                self.project.set_meta(
                    name_policy=str(self.settings.get(NAME_POLICY)),
                    mt_formality=str(self.settings.get(MT_FORMALITY)),
                    mt_papago_glossary=str(self.settings.get(MT_PAPAGO_GLOSSARY)),
                )
            self.statusBar().showMessage(_("Settings saved."), 5000)
            if self.settings.get(UI_LANGUAGE) != language:
                # After the dialog is gone: the application rebuilds this window.
                QTimer.singleShot(0, self.languageChanged.emit)

    def apply_editor_font(self) -> None:
        """The editor pane's font size from the settings (Korean falls back per glyph)."""
        size = int(self.settings.get(EDITOR_FONT_SIZE))
        for editor in (self.source_edit, self.target_edit):
            font = editor.font()
            font.setPointSize(size)
            editor.setFont(font)
