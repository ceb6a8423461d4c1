"""Glossary files: CSV (with our flags) and TBX, both ways with every flag.

TBX is read and written with lxml: translate-toolkit's TBX store has no place for a
forbidden target beside the preferred one, nor for case sensitivity; its reader is used
in the tests to check our files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lxml import etree

from cxeditor import __version__
from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_text_atomically
from cxeditor.formats.links import xml_safe
from cxeditor.formats.reading import decode_text, read_bytes, read_xml
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


# TBX administrative statuses (ISO 12620, TBX-Basic) and what other tools write for a
# term not to be used: Weblate's "forbidden"/"obsolete", the older normativeAuthorization.
_FORBIDDEN_STATUSES = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecatedterm",
    "supersededterm",
    "forbidden",
    "obsolete",
    "deprecated",
}
_STATUS_TYPES = {"administrativestatus", "normativeauthorization", "usagestatus"}
_NO = {"no", "false", "0", "n"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CASE_NOTE = "x-caseSensitive"  # no TBX data category says it; a private termNote does


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _text(element: etree._Element) -> str:
    return "".join(str(part) for part in element.itertext()).strip()


def _children(element: etree._Element, *names: str) -> list[etree._Element]:
    return [child for child in element if _local(child) in names]


def _lang(element: etree._Element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").lower().replace("_", "-")


class _Term:
    __slots__ = ("case", "forbidden", "notes", "text", "translate")

    def __init__(self, holder: etree._Element) -> None:
        """A term with its notes, from TBX 2's <tig>/<ntig> or TBX 3's <termSec>."""
        self.text = ""
        self.forbidden = False
        self.case: bool | None = None
        self.translate: bool | None = None
        self.notes: list[str] = []
        for node in holder.iter():
            name, kind = _local(node), (node.get("type") or "").strip()
            value = _text(node)
            if name == "term" and not self.text:
                self.text = value
            elif name == "termNote" and kind.lower() in _STATUS_TYPES:
                self.forbidden = value.lower() in _FORBIDDEN_STATUSES
            elif name == "termNote" and kind == _CASE_NOTE:
                self.case = value.lower() not in _NO
            elif name in ("termNote", "descrip") and kind.lower() in (
                "translationnote",
                "translation needed",
            ):
                self.translate = value.lower() not in _NO
            elif value and (name == "note" or (name == "descrip" and kind.lower() == "usage note")):
                self.notes.append(value)


def _entry_terms(language: etree._Element) -> list[_Term]:
    holders = _children(language, "tig", "ntig", "termSec")
    return [term for term in map(_Term, holders) if term.text]


def read_tbx(path: Path, source_lang: str = "en", target_lang: str = "ko") -> list[GlossaryEntry]:
    """TBX 2 (<martif>: TBX-Basic, memoQ, translate-toolkit, Weblate, OmegaT) and TBX 3
    (<tbx>), with administrative statuses, do-not-translate marks, case and notes."""
    root = read_xml(path, _("{name} is not a readable TBX file"))
    entries = []
    for concept in root.iter("{*}termEntry", "{*}conceptEntry"):
        sources: list[_Term] = []
        targets: list[_Term] = []
        for language in _children(concept, "langSet", "langSec"):
            lang = _lang(language)
            if lang == source_lang or lang.startswith(source_lang + "-"):
                sources.extend(_entry_terms(language))
            elif lang == target_lang or lang.startswith(target_lang + "-"):
                targets.extend(_entry_terms(language))
        if not sources:
            continue
        source = next((term for term in sources if not term.forbidden), sources[0])
        concept_notes = [
            _text(node)
            for node in concept.iter("{*}note", "{*}descrip")
            if _text(node)
            and (_local(node) == "note" or (node.get("type") or "").lower() == "usage note")
        ]
        translate_marks = [
            term.translate for term in (*sources, *targets) if term.translate is not None
        ]
        concept_translate = next(
            (
                _text(node).lower() not in _NO
                for node in concept.iter("{*}descrip", "{*}termNote")
                if (node.get("type") or "").lower() in ("translation needed", "translationnote")
            ),
            None,
        )
        dnt = (concept_translate is False) or (False in translate_marks)
        note = "\n".join(dict.fromkeys(concept_notes))
        case = source.case or False
        kept = [term for term in targets if term.text != source.text or term.forbidden]
        if dnt or not kept:
            # A term whose Korean is itself (or missing, or marked untranslatable) is kept
            # as it is.
            entries.append(GlossaryEntry(source.text, "", dnt=True, case_sensitive=case, note=note))
            kept = [term for term in kept if term.forbidden]
        entries.extend(
            GlossaryEntry(
                source.text,
                term.text,
                forbidden=term.forbidden,
                case_sensitive=case,
                note=note,
            )
            for term in kept
        )
    if not entries:
        raise ImportFormatError(_("{name} has no terms").format(name=path.name))
    return entries


def write_tbx(
    entries: list[GlossaryEntry], path: Path, source_lang: str = "en", target_lang: str = "ko"
) -> None:
    """TBX-Basic (TBX 2, <martif>): a forbidden target is deprecatedTerm-admn-sts, an
    allowed one preferredTerm-admn-sts; a do-not-translate term says "Translation needed:
    no" (translate-toolkit's and Weblate's reading) and repeats the source as target."""
    root = etree.Element("martif", type="TBX-Basic", attrib={XML_LANG: source_lang})
    header = etree.SubElement(root, "martifHeader")
    description = etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc")
    etree.SubElement(description, "p").text = f"cxeditor {__version__}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(root, "text"), "body")
    for number, entry in enumerate(entries, start=1):
        concept = etree.SubElement(body, "termEntry", id=f"c{number}")
        if entry.dnt:
            etree.SubElement(concept, "descrip", type="Translation needed").text = "no"
        if entry.note:
            etree.SubElement(concept, "note").text = xml_safe(entry.note)
        for lang, text, forbidden in (
            (source_lang, entry.source, False),
            (target_lang, entry.required_target, entry.forbidden),
        ):
            if not text:
                continue
            language = etree.SubElement(concept, "langSet", attrib={XML_LANG: lang})
            tig = etree.SubElement(language, "tig")
            etree.SubElement(tig, "term").text = xml_safe(text)
            status = "deprecatedTerm-admn-sts" if forbidden else "preferredTerm-admn-sts"
            etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
            if entry.case_sensitive:
                etree.SubElement(tig, "termNote", type=_CASE_NOTE).text = "yes"
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_text_atomically(path, data.decode("utf-8"))


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
