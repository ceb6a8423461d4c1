"""The UI ships in English and Korean: every user-visible string has a Korean translation."""

from __future__ import annotations

import datetime
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cxeditor.i18n import _, locale_dir, set_language

ROOT = Path(__file__).resolve().parent.parent
KO_PO = ROOT / "resources" / "locale" / "ko" / "LC_MESSAGES" / "cxeditor.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
TOOL = ROOT / "tools" / "i18n.py"


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


def copy_of_the_catalogs(folder: Path) -> Path:
    """tools/i18n.py and resources/locale laid out in `folder` as in a checkout (the tool
    finds the catalogs beside itself), time stamps kept; returns the copy's Korean .po."""
    (folder / "tools").mkdir()
    shutil.copy2(TOOL, folder / "tools" / "i18n.py")
    shutil.copytree(ROOT / "resources" / "locale", folder / "resources" / "locale")
    return folder / KO_PO.relative_to(ROOT)


def compile_in(folder: Path, time_zone: str) -> None:
    """`python tools/i18n.py compile`, as ./dev runs it, over the copy in `folder`."""
    result = subprocess.run(
        [sys.executable, str(folder / "tools" / "i18n.py"), "compile"],
        env={**os.environ, "TZ": time_zone},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_compile_on_a_fresh_checkout_writes_nothing(tmp_path: Path) -> None:
    """A checkout writes the .po after the .mo (so the .po looks newer): the compile
    that ./dev runs then must leave the committed .mo as it is, bytes and time stamp."""
    po = copy_of_the_catalogs(tmp_path)
    mo = po.with_suffix(".mo")
    later = mo.stat().st_mtime_ns + 5 * 10**9
    os.utime(po, ns=(later, later))
    stamp = mo.stat().st_mtime_ns
    compile_in(tmp_path, "Asia/Seoul")
    assert mo.read_bytes() == KO_PO.with_suffix(".mo").read_bytes()
    assert mo.stat().st_mtime_ns == stamp, "the .mo in the tree is not what its .po compiles to"


def test_the_compiled_bytes_depend_on_the_po_alone(tmp_path: Path) -> None:
    po = copy_of_the_catalogs(tmp_path)
    text = po.read_text(encoding="utf-8")
    # No POT-Creation-Date: Babel would put the time of the compile in its place.
    text = "".join(line for line in text.splitlines(True) if "POT-Creation-Date" not in line)
    po.write_text(text + '\nmsgid "A message of this test"\nmsgstr "이 시험의 메시지"\n', "utf-8")
    mo = po.with_suffix(".mo")
    compile_in(tmp_path, "UTC")
    first, stamp = mo.read_bytes(), mo.stat().st_mtime_ns
    assert first != KO_PO.with_suffix(".mo").read_bytes()  # a changed .po is compiled
    compile_in(tmp_path, "America/New_York")
    assert mo.stat().st_mtime_ns == stamp  # the same bytes again: not rewritten
    assert mo.read_bytes() == first
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("A message of this test") == "이 시험의 메시지"
    header = catalog.gettext("")
    assert datetime.datetime.now(datetime.UTC).date().isoformat() not in header
    assert "Generated-By: Babel (tools/i18n.py)" in header
    assert "Babel 2" not in header  # not the version of the Babel that compiled it
