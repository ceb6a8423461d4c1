"""The UI ships in English and Korean: every user-visible string has a Korean translation."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cxeditor.i18n import _, locale_dir, set_language

ROOT = Path(__file__).resolve().parent.parent
KO_PO = ROOT / "resources" / "locale" / "ko" / "LC_MESSAGES" / "cxeditor.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    messages = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT / "cxeditor"), keywords=KEYWORDS, comment_tags=()
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    assert len(messages) > 20  # extraction itself must have worked
    return messages


def korean_catalog() -> Catalog:
    with KO_PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_korean_translation() -> None:
    catalog = korean_catalog()
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and m.string and not m.fuzzy
    }
    missing = sorted(source_messages() - translated)
    assert not missing, (
        "missing from resources/locale/ko (run tools/i18n.py extract+update):\n"
        + "\n".join(missing)
    )


def test_compiled_catalog_is_current() -> None:
    mo = KO_PO.with_suffix(".mo")
    assert mo.exists(), "run: python tools/i18n.py compile"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in korean_catalog():
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy:
            assert compiled.gettext(message.id) == message.string, message.id


def test_switching_language_translates_core_messages() -> None:
    assert Path(locale_dir(), "ko", "LC_MESSAGES", "cxeditor.mo").exists()
    try:
        set_language("ko")
        assert _("Saving project") != "Saving project"
    finally:
        set_language("en")
    assert _("Saving project") == "Saving project"
