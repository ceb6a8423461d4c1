"""Dialogs: settings (find/replace is in find_replace.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from cxeditor.errors import CxError
from cxeditor.i18n import _

from .settings import (
    EDITOR_FONT_SIZE,
    MT_ENGINE,
    MT_URL,
    NAME_POLICY,
    UI_LANGUAGE,
    USER_NAME,
    Settings,
)

KEYED_ENGINES = ("deepl", "papago", "microsoft", "libre")
# Kept here, not imported from cxeditor.mt.engines: that loads requests at start-up.
MT_ENGINES = ("libre", "google", "deepl", "papago", "microsoft", "mymemory")


class SettingsDialog(QDialog):
    """User preferences; API keys go to the OS keyring, never to a settings file."""

    def __init__(self, settings: Settings, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.settings = settings
        form = QFormLayout()
        self.user_name = QLineEdit(str(settings.get(USER_NAME)))
        self.user_name.setPlaceholderText(settings.user_name())
        form.addRow(_(USER_NAME.title), self.user_name)
        self.language = QComboBox()
        for code, label in (("", _("System")), ("en", "English"), ("ko", "한국어")):
            self.language.addItem(label, code)
        self.language.setCurrentIndex(max(self.language.findData(settings.get(UI_LANGUAGE)), 0))
        form.addRow(_(UI_LANGUAGE.title), self.language)
        self.name_policy = QComboBox()
        self.name_policy.addItem(_("Keep as in the source"), "keep")
        self.name_policy.addItem(_("Transliterate"), "transliterate")
        self.name_policy.setCurrentIndex(
            max(self.name_policy.findData(settings.get(NAME_POLICY)), 0)
        )
        form.addRow(_(NAME_POLICY.title), self.name_policy)
        self.font_size = QSpinBox(minimum=8, maximum=32, value=int(settings.get(EDITOR_FONT_SIZE)))
        form.addRow(_(EDITOR_FONT_SIZE.title), self.font_size)
        self.mt_engine = QComboBox()
        self.mt_engine.addItems(MT_ENGINES)
        self.mt_engine.setCurrentIndex(
            max(self.mt_engine.findText(str(settings.get(MT_ENGINE))), 0)
        )
        form.addRow(_(MT_ENGINE.title), self.mt_engine)
        self.mt_url = QLineEdit(str(settings.get(MT_URL)))
        form.addRow(_(MT_URL.title), self.mt_url)
        self.engine = QComboBox()
        self.engine.addItems(KEYED_ENGINES)
        self.api_key = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(_("leave empty to keep the stored key"))
        form.addRow(_("Engine for the API key"), self.engine)
        form.addRow(_("API key (stored in the system keyring)"), self.api_key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def apply(self) -> str | None:
        """Save the preferences; returns an error message if the key could not be stored."""
        self.settings.set(USER_NAME, self.user_name.text().strip())
        self.settings.set(UI_LANGUAGE, self.language.currentData())
        self.settings.set(NAME_POLICY, self.name_policy.currentData())
        self.settings.set(EDITOR_FONT_SIZE, self.font_size.value())
        self.settings.set(MT_ENGINE, self.mt_engine.currentText())
        self.settings.set(MT_URL, self.mt_url.text().strip() or MT_URL.default)
        key = self.api_key.text().strip()
        if key:
            from cxeditor.mt.keys import store_api_key  # noqa: PLC0415

            try:
                store_api_key(self.engine.currentText(), key)
            except CxError as error:
                return str(error)
        return None
