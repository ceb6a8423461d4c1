"""Dialogs: settings (find/replace is in find_replace.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from cxeditor.errors import CxError
from cxeditor.i18n import _

from .engine_choice import ENGINE_CHOICES
from .settings import (
    EDITOR_FONT_SIZE,
    MT_COMPETITORS,
    MT_EMAIL,
    MT_ENGINE,
    MT_FORMALITY,
    MT_MODEL,
    MT_PAPAGO_GLOSSARY,
    MT_REGION,
    NAME_POLICY,
    TEAM_SERVER,
    UI_LANGUAGE,
    USER_NAME,
    Settings,
)

NameRole = Qt.ItemDataRole.UserRole + 1


def check_engine_url(name: str, url: str) -> str | None:
    """Why `url` cannot be kept as `name`'s address (None: it can). Settings never hold
    a secret, so an address with a login or a query (where keys hide) is refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _("The address for {engine} must be an http(s) address.").format(engine=name)
    if parts.username or parts.password or parts.query:
        return _(
            "The address for {engine} must not hold a login or a query; keys go in the "
            "keyring or the environment."
        ).format(engine=name)
    return None


class SettingsDialog(QDialog):
    """User preferences; API keys go to the OS keyring, never to a settings file."""

    def __init__(self, settings: Settings, parent: Any = None) -> None:
        from cxeditor.gui.mt_ui import engine_label  # noqa: PLC0415 - loads requests

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

        # The engines in one list: ticked ones are asked (the first is the main one,
        # several compete per segment); the address and key fields below follow the
        # selected row. Drag a row to change the order (ties between engines go by it).
        chosen = settings.chosen_engines()
        self.engines = QListWidget()
        self.engines.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        for name in dict.fromkeys([*(n for n in chosen if n in ENGINE_CHOICES), *ENGINE_CHOICES]):
            item = QListWidgetItem(engine_label(name))
            item.setData(NameRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
            self.engines.addItem(item)
        self.engines.setMinimumHeight(150)
        explanation = QLabel(
            _(
                "Ticked engines are asked on Ctrl+M (a row each in the suggestions) and "
                "offered for pre-translation, where several compete per segment. The "
                "first ticked is the main one; drag to reorder."
            )
        )
        explanation.setWordWrap(True)
        form.addRow(_(MT_ENGINE.title), explanation)
        form.addRow(self.engines)
        self._urls = {name: settings.engine_url(name) or "" for name in ENGINE_CHOICES}
        self._keys: dict[str, str] = {}
        self._shown_engine: str | None = None
        self.engine_url = QLineEdit()
        self.engine_url.setPlaceholderText(_("empty: the provider's own address"))
        self.api_key = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.api_key.setPlaceholderText(_("leave empty to keep the stored key"))
        self.engines.currentItemChanged.connect(lambda *_args: self._show_engine())
        self.engines.setCurrentRow(0)
        form.addRow(_("Address of the selected engine (base URL)"), self.engine_url)
        form.addRow(_("API key (stored in the system keyring)"), self.api_key)
        self.region = QLineEdit(str(settings.get(MT_REGION)))
        form.addRow(_(MT_REGION.title), self.region)
        self.model = QLineEdit(str(settings.get(MT_MODEL)))
        form.addRow(_(MT_MODEL.title), self.model)
        self.email = QLineEdit(str(settings.get(MT_EMAIL)))
        form.addRow(_(MT_EMAIL.title), self.email)
        self.formality = QComboBox()
        for code, label in (
            ("default", _("Default")),
            ("more", _("More formal (Papago: honorifics)")),
            ("less", _("Less formal")),
        ):
            self.formality.addItem(label, code)
        self.formality.setCurrentIndex(max(self.formality.findData(settings.get(MT_FORMALITY)), 0))
        form.addRow(_(MT_FORMALITY.title), self.formality)
        self.papago_glossary = QLineEdit(str(settings.get(MT_PAPAGO_GLOSSARY)))
        self.papago_glossary.setPlaceholderText(_("empty: no glossary"))
        form.addRow(_(MT_PAPAGO_GLOSSARY.title), self.papago_glossary)

        self.team_server = QLineEdit(str(settings.get(TEAM_SERVER)))
        form.addRow(_(TEAM_SERVER.title), self.team_server)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def selected_engine(self) -> str | None:
        item = self.engines.currentItem()
        return str(item.data(NameRole)) if item is not None else None

    def _keep_shown_engine(self) -> None:
        if self._shown_engine is None:
            return
        self._urls[self._shown_engine] = self.engine_url.text().strip()
        key = self.api_key.text().strip()
        if key:
            self._keys[self._shown_engine] = key

    def _show_engine(self) -> None:
        self._keep_shown_engine()
        self._shown_engine = self.selected_engine()
        self.engine_url.setText(self._urls.get(self._shown_engine or "", ""))
        self.api_key.clear()

    def ticked_engines(self) -> list[str]:
        items = (self.engines.item(row) for row in range(self.engines.count()))
        return [
            str(item.data(NameRole)) for item in items if item.checkState() == Qt.CheckState.Checked
        ]

    def apply(self) -> str | None:
        """Save the preferences; returns an error message for what could not be kept (a
        key with no keyring, an address holding a secret), the rest saved."""
        self._keep_shown_engine()
        errors: list[str] = []
        self.settings.set(USER_NAME, self.user_name.text().strip())
        self.settings.set(UI_LANGUAGE, self.language.currentData())
        self.settings.set(NAME_POLICY, self.name_policy.currentData())
        self.settings.set(EDITOR_FONT_SIZE, self.font_size.value())
        ticked = self.ticked_engines()
        self.settings.set(MT_ENGINE, ticked[0] if ticked else "")
        self.settings.set(MT_COMPETITORS, ",".join(ticked[1:]))
        for name, url in self._urls.items():
            problem = check_engine_url(name, url) if url else None
            if problem:
                errors.append(problem)
            else:
                self.settings.set_engine_url(name, url)
        self.settings.set(MT_REGION, self.region.text().strip())
        self.settings.set(MT_MODEL, self.model.text().strip())
        self.settings.set(MT_EMAIL, self.email.text().strip())
        self.settings.set(MT_FORMALITY, self.formality.currentData())
        from cxeditor.mt.engines import papago_glossary_key  # noqa: PLC0415 - loads requests

        try:
            self.settings.set(MT_PAPAGO_GLOSSARY, papago_glossary_key(self.papago_glossary.text()))
        except CxError as error:
            errors.append(str(error))  # the key kept stays
        server = self.team_server.text().strip()
        if server:
            from cxeditor.store.server import parse_url  # noqa: PLC0415 - loads psycopg

            try:
                parse_url(server)  # a password in it is refused, never stored
            except CxError as error:
                errors.append(str(error))
                server = str(self.settings.get(TEAM_SERVER))
        self.settings.set(TEAM_SERVER, server)
        if self._keys:
            from cxeditor.mt.keys import store_api_key  # noqa: PLC0415

            for name, key in self._keys.items():
                try:
                    store_api_key(name, key)
                except CxError as error:
                    errors.append(str(error))
        return "\n".join(dict.fromkeys(errors)) or None
