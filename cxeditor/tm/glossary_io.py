"""Glossary files: CSV (with our flags) and TBX (through translate-toolkit)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_text_atomically
from cxeditor.formats.links import xml_safe
from cxeditor.formats.reading import decode_text, read_bytes
from cxeditor.i18n import _
from cxeditor.tm.glossary import GlossaryEntry

CSV_COLUMNS = ("source", "target", "dnt", "forbidden", "case_sensitive", "note")
_TRUE = {"1", "yes", "true", "y", "x", "예", "o"}


def read_csv(path: Path, notices: list[str] | None = None) -> list[GlossaryEntry]:
    """CSV with a header row; `source` is required, the other columns optional."""
    # The stdlib csv module: translate-toolkit's CSV store models PO-style units and has
    # no place for our do-not-translate / forbidden / case flags.
    text = decode_text(path, read_bytes(path), notices=notices)
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as error:  # a field past the 128 KB limit, a stray quote, …
        # (line_num counts the lines read before the one that failed)
        raise ImportFormatError(
            _("{name} is not a readable CSV file (line {line}: {reason})").format(
                name=path.name, line=reader.line_num + 1, reason=error
            )
        ) from error
    if not rows or "source" not in rows[0]:
        raise ImportFormatError(_("{name} has no 'source' column").format(name=path.name))
    entries = []
    for row in rows:
        source = (row.get("source") or "").strip()
        if not source:
            continue
        flag = {
            name: (row.get(name) or "").strip().lower() in _TRUE
            for name in ("dnt", "forbidden", "case_sensitive")
        }
        entries.append(
            GlossaryEntry(
                source,
                (row.get("target") or "").strip(),
                flag["dnt"],
                flag["forbidden"],
                flag["case_sensitive"],
                (row.get("note") or "").strip(),
            )
        )
    return entries


def write_csv(entries: list[GlossaryEntry], path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [e.source, e.target, int(e.dnt), int(e.forbidden), int(e.case_sensitive), e.note]
        )
    write_text_atomically(path, buffer.getvalue())


def read_tbx(path: Path) -> list[GlossaryEntry]:
    from translate.storage import tbx  # noqa: PLC0415

    data = read_bytes(path)
    if b"<!ENTITY" in data:
        raise ImportFormatError(
            _("{name} declares XML entities; refusing it").format(name=path.name)
        )
    try:
        store = tbx.tbxfile.parsestring(data)  # type: ignore[no-untyped-call]
    except Exception as error:
        raise ImportFormatError(
            _("{name} is not a readable TBX file").format(name=path.name)
        ) from error
    entries = []
    for unit in store.getunits():
        source = str(unit.source or "").strip()
        target = str(unit.target or "").strip()
        if source:
            # A term whose Korean is itself (or missing) is one to keep as it is.
            entries.append(GlossaryEntry(source, target, dnt=not target or target == source))
    if not entries:
        raise ImportFormatError(_("{name} has no terms").format(name=path.name))
    return entries


def write_tbx(entries: list[GlossaryEntry], path: Path) -> None:
    from translate.storage import tbx  # noqa: PLC0415

    store = tbx.tbxfile(sourcelanguage="en", targetlanguage="ko")
    for entry in entries:
        unit = store.addsourceunit(xml_safe(entry.source))  # type: ignore[no-untyped-call]
        unit.target = xml_safe(entry.required_target)
        if entry.note:
            unit.addnote(xml_safe(entry.note))
    write_text_atomically(path, bytes(store).decode("utf-8"))


def read_glossary_file(path: Path, notices: list[str] | None = None) -> list[GlossaryEntry]:
    """The terms of a .csv or .tbx file; `notices` gets what the user should be told
    (the encoding a CSV from Korean Excel was read in)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, notices)
    if suffix in (".tbx", ".xml"):
        return read_tbx(path)
    raise ImportFormatError(_("{name}: glossaries are .csv or .tbx").format(name=path.name))


def write_glossary_file(entries: list[GlossaryEntry], path: Path) -> None:
    if path.suffix.lower() == ".csv":
        write_csv(entries, path)
    else:
        write_tbx(entries, path)
