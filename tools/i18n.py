"""Maintain the gettext catalogs in resources/locale (one mechanism for core and GUI).

python tools/i18n.py extract   # cxeditor/**.py -> resources/locale/cxeditor.pot
python tools/i18n.py update    # merge the template into each language's .po
python tools/i18n.py compile   # .po -> .mo (written only where its bytes change)

The compiled bytes depend on the .po alone (not on the clock, the time zone or the
Babel that compiled them), so a fresh checkout's compile writes nothing and leaves
`git status` clean.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileParser

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


class _Catalog(Catalog):
    """Babel's catalog with a fixed `Generated-By` (Babel writes its own version there)
    and, for a .po without a POT-Creation-Date, a fixed one instead of the time of the
    compile: the header's every other line comes from the .po."""

    def __init__(self) -> None:
        super().__init__(creation_date=datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC))

    @property
    def mime_headers(self) -> list[tuple[str, str]]:
        return [
            (name, "Babel (tools/i18n.py)\n" if name == "Generated-By" else value)
            for name, value in Catalog.mime_headers.fget(self)  # type: ignore[attr-defined]
        ]

    @mime_headers.setter
    def mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        Catalog.mime_headers.fset(self, headers)  # type: ignore[attr-defined]


def compiled(po: Path) -> bytes | None:
    """The .mo of `po`, as `pybabel compile` makes it but for the header above (None for
    a catalog marked fuzzy, which pybabel skips too)."""
    catalog = _Catalog()
    with po.open("rb") as handle:
        PoFileParser(catalog).parse(handle)
    if catalog.fuzzy:
        print(f"{po}: the catalog is marked fuzzy, not compiled", file=sys.stderr)
        return None
    for message, errors in catalog.check():
        for error in errors:
            print(f"error: {po}:{message.lineno}: {error}", file=sys.stderr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def compile_catalogs() -> None:
    for po in sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        data = compiled(po)
        mo = po.with_suffix(".mo")
        if data is None or (mo.exists() and mo.read_bytes() == data):
            continue  # unchanged: not even its time stamp is touched
        partial = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(mo)  # a reader sees the old catalog or the new, never half of one


if __name__ == "__main__":
    actions = {"extract": extract, "update": update, "compile": compile_catalogs}
    if len(sys.argv) != 2 or sys.argv[1] not in actions:
        sys.exit(__doc__)
    actions[sys.argv[1]]()
