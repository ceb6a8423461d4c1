"""Maintain the gettext catalogs in resources/locale (one mechanism for core and GUI).

python tools/i18n.py extract   # cxeditor/**.py -> resources/locale/cxeditor.pot
python tools/i18n.py update    # merge the template into each language's .po
python tools/i18n.py compile   # .po -> .mo (only where the .po is newer)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / "cxeditor.pot"
DOMAIN = "cxeditor"


def babel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    babel(
        "extract",
        "--no-location",
        "--sort-output",
        "-k",
        "_",
        "-k",
        "N_",
        "-k",
        "ngettext:1,2",
        "--project",
        "cxeditor",
        "-o",
        str(TEMPLATE),
        str(ROOT / "cxeditor"),
    )


def update() -> None:
    babel("update", "--no-fuzzy-matching", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", DOMAIN)


def compile_catalogs() -> None:
    for po in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            babel("compile", "-i", str(po), "-o", str(mo))


if __name__ == "__main__":
    actions = {"extract": extract, "update": update, "compile": compile_catalogs}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit(__doc__)
    actions[sys.argv[1]]()
