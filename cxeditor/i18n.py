"""One translation mechanism for core and GUI: gettext, keeping the core free of Qt.

`_()` translates now; `N_()` marks a constant to be translated where it is used.
Catalogs live in resources/locale/<lang>/LC_MESSAGES/cxeditor.mo.
"""

from __future__ import annotations

import gettext
import locale
import os
from importlib import resources

DOMAIN = "cxeditor"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def locale_dir() -> str:
    return str(resources.files("cxeditor.resources") / "locale")


def system_language() -> str:
    """The user's language from the environment, e.g. `ko` or `en`."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in {"C", "POSIX"} and not value.startswith("C."):
            return value.split(":")[0].split(".")[0].split("_")[0]
    lang, _enc = locale.getlocale()
    return (lang or "en").split("_")[0]


def set_language(language: str | None = None) -> str:
    """Install the catalog for `language` (default: the system's); return the language used."""
    global _translation  # noqa: PLW0603 - one process-wide catalog, like gettext itself
    lang = language or system_language()
    _translation = gettext.translation(
        DOMAIN, localedir=locale_dir(), languages=[lang], fallback=True
    )
    # GNUTranslations subclasses NullTranslations: only the exact base means "no catalog".
    found = type(_translation) is not gettext.NullTranslations
    return lang if found else "en"


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message
