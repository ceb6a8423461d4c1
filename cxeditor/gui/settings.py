"""Settings declared once: key, type, default and a translatable title.

User preferences (`PREFERENCES`) are kept apart from window state; both live in
QSettings under the organisation/application names set in app.py.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings

from cxeditor.i18n import N_
from cxeditor.store.project import default_user

MAX_RECENT = 10


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    title: str  # N_()-marked, translated where shown


USER_NAME = Setting("user/name", str, "", N_("Your name (recorded in the edit history)"))
UI_LANGUAGE = Setting("ui/language", str, "", N_("Interface language (empty: follow the system)"))
EDITOR_FONT_SIZE = Setting("editor/font_size", int, 12, N_("Editor font size"))
NAME_POLICY = Setting(
    "project/name_policy",
    str,
    "keep",
    N_("Tweet author names: keep as in the source, or transliterate"),
)
MT_ENGINE = Setting("mt/engine", str, "libre", N_("Machine translation engine"))
MT_URL = Setting(
    "mt/url",
    str,
    "http://localhost:5000/",
    N_("LibreTranslate server (your own, for offline teams)"),
)
# Engines asked beside MT_ENGINE (comma-separated): they compete per segment in a
# pre-translation, and each gives a row in the suggestions dock on Ctrl+M.
MT_COMPETITORS = Setting(
    "mt/competitors", str, "", N_("Also ask these engines (they compete per segment)")
)
MT_REGION = Setting("mt/region", str, "", N_("Microsoft Translator region (e.g. koreacentral)"))
MT_MODEL = Setting("mt/model", str, "", N_("Model of the OpenAI-compatible endpoint"))
MT_EMAIL = Setting("mt/email", str, "", N_("Contact e-mail for MyMemory (raises its quota)"))
# The next two belong to the project (as `translate --formality/--papago-glossary` keep
# them): the dialog shows the open project's and writes them back to it.
MT_FORMALITY = Setting(
    "mt/formality",
    str,
    "default",
    N_("Register of machine translation (DeepL formality, Papago honorifics)"),
)
MT_PAPAGO_GLOSSARY = Setting(
    "mt/papago_glossary", str, "", N_("Papago glossary key (made in the NAVER Cloud console)")
)
TEAM_SERVER = Setting(
    "team/server",
    str,
    "",
    N_("Team server (postgresql://USER@HOST:PORT/DATABASE; the password is never stored here)"),
)
PREFERENCES: tuple[Setting, ...] = (
    USER_NAME,
    UI_LANGUAGE,
    EDITOR_FONT_SIZE,
    NAME_POLICY,
    MT_ENGINE,
    MT_URL,
    MT_COMPETITORS,
    MT_REGION,
    MT_MODEL,
    MT_EMAIL,
    MT_FORMALITY,
    MT_PAPAGO_GLOSSARY,
    TEAM_SERVER,
)

RECENT_PROJECTS = "state/recent_projects"
WINDOW_GEOMETRY = "state/geometry"
WINDOW_STATE = "state/window_state"


class Settings:
    """Typed access to QSettings; one instance per window."""

    def __init__(self, store: QSettings | None = None) -> None:
        self.store = store or QSettings()

    def get(self, setting: Setting) -> Any:
        value = self.store.value(setting.key, setting.default)
        try:
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self.store.setValue(setting.key, setting.type(value))

    def engine_url(self, engine: str) -> str | None:
        """The base URL the user gave `engine` (None: the provider's own). LibreTranslate
        keeps the older single `mt/url` setting, which it alone had."""
        value = self.store.value(_engine_url_key(engine))
        if value is None and engine == "libre":
            return str(self.get(MT_URL)) or None
        return str(value) if value else None

    def set_engine_url(self, engine: str, url: str) -> None:
        if engine == "libre":
            self.set(MT_URL, url or MT_URL.default)
        if url:
            self.store.setValue(_engine_url_key(engine), url)
        else:
            self.store.remove(_engine_url_key(engine))

    def chosen_engines(self) -> list[str]:
        """The main engine, then its competitors (each once, never the memory-only tm)."""
        names = [str(self.get(MT_ENGINE)), *str(self.get(MT_COMPETITORS)).split(",")]
        chosen: list[str] = []
        for name in (n.strip() for n in names):
            if name and name != "tm" and name not in chosen:
                chosen.append(name)
        return chosen

    def team_server(self) -> str | None:
        return str(self.get(TEAM_SERVER)).strip() or None

    def user_name(self) -> str:
        return str(self.get(USER_NAME)) or default_user()

    def recent_projects(self) -> list[str]:
        value = self.store.value(RECENT_PROJECTS, [])
        if isinstance(value, str):  # QSettings returns a lone string for one-item lists
            return [value]
        return [str(item) for item in value] if isinstance(value, list) else []

    def last_segment(self, project: str) -> int | None:
        """The segment the user was on when `project` (a resolved path) last closed."""
        value = self.store.value(_last_segment_key(project))
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_segment(self, project: str, segment_id: int) -> None:
        self.store.setValue(_last_segment_key(project), segment_id)

    def add_recent_project(self, path: str) -> None:
        recent = [path, *[p for p in self.recent_projects() if p != path]][:MAX_RECENT]
        self.store.setValue(RECENT_PROJECTS, recent)


def _engine_url_key(engine: str) -> str:
    return "mt/urls/" + engine


def _last_segment_key(project: str) -> str:
    # A digest: QSettings keys must not hold a path's slashes.
    return "state/last_segment/" + hashlib.sha1(project.encode("utf-8")).hexdigest()[:16]  # noqa: S324 - a key, not security
