"""TMX 1.4b in and out, with who and when.

Import streams the file with lxml's iterparse under a safe parser (no entities, no
network, no huge trees): translate-toolkit's TMX reader loads the whole tree, which is
slow and memory-hungry for 200,000 units. Export streams too (lxml's incremental
writer), because translate-toolkit's writer names itself the creation tool and drops
`creationid`/`creationdate`/`changeid`/`changedate`, which say who translated what and
when (OmegaT's and memoQ's TMX carry them, per unit).
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
from lxml import etree

from cxeditor import __version__
from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_atomically
from cxeditor.formats.links import xml_safe
from cxeditor.formats.reading import require_regular_file
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.tm.backend import MemoryBackend
from cxeditor.tm.memory import TmUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TMX_BYTES = 2 * 1024 * 1024 * 1024
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")


def current_user() -> str:
    """The user name set in the editor's settings (Settings › Your name), else the login.

    The GUI keeps its settings in QSettings' INI file; the core reads the one key it
    needs from there without Qt."""
    from cxeditor.store.project import default_user  # noqa: PLC0415

    config = Path(platformdirs.user_config_dir()) / "cxeditor" / "cxeditor.conf"
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(config, encoding="utf-8")
        name = parser.get("user", "name", fallback="").strip().strip('"')
    except (configparser.Error, OSError, UnicodeDecodeError):
        name = ""
    return name or os.environ.get("CXEDITOR_USER", "") or default_user()


def tmx_date(iso: str) -> str:
    """ISO 8601 (as cxeditor stores times) to TMX's YYYYMMDDThhmmssZ, in UTC; '' if none."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def iso_date(tmx: str | None) -> str:
    """TMX's YYYYMMDDThhmmssZ to ISO 8601; '' when absent or malformed."""
    found = _TMX_DATE.match(tmx or "")
    if not found:
        return ""
    year, month, day, hour, minute, second = (int(part) for part in found.groups())
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
    except ValueError:
        return ""


def _refuse_hostile(path: Path) -> None:
    require_regular_file(path)  # a FIFO would block the open below forever
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError as error:
        raise ImportFormatError(
            _("cannot read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    if b"<!ENTITY" in head:
        raise ImportFormatError(
            _("{name} declares XML entities; refusing it").format(name=path.name)
        )
    if not head.strip():
        raise ImportFormatError(_("{name} is empty").format(name=path.name))


_STAMPS = ("creationid", "creationdate", "changeid", "changedate")


def _language_matches(lang: str, wanted: str) -> bool:
    lang = lang.lower().replace("_", "-")
    return lang == wanted or lang.startswith(wanted + "-")


def read_tmx(
    path: Path, source_lang: str = "en", target_lang: str = "ko", cancel: CancelFlag | None = None
) -> Iterator[TmUnit]:
    _refuse_hostile(path)
    context = etree.iterparse(
        str(path),
        events=("end",),
        tag="tu",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=False,
    )
    try:
        for count, (_event, unit) in enumerate(context):
            if cancel and count % 5000 == 0:
                cancel.check()
            texts: dict[str, str] = {}
            # Who and when: on the <tu>, or (some tools) on the target's <tuv>.
            stamps = {key: unit.get(key) or "" for key in _STAMPS}
            for variant in unit.iter("tuv"):
                if _language_matches(
                    variant.get(XML_LANG) or variant.get("lang") or "", target_lang
                ):
                    for key in _STAMPS:
                        stamps[key] = stamps[key] or variant.get(key) or ""
                lang = variant.get(XML_LANG) or variant.get("lang") or ""
                seg = variant.find("seg")
                if seg is not None:
                    texts[lang] = "".join(seg.itertext())
            source = next(
                (t for lang, t in texts.items() if _language_matches(lang, source_lang)), None
            )
            target = next(
                (t for lang, t in texts.items() if _language_matches(lang, target_lang)), None
            )
            if source and target:
                yield TmUnit(
                    source,
                    target,
                    source_lang,
                    target_lang,
                    origin=path.name,
                    creator=stamps["creationid"],
                    created=iso_date(stamps["creationdate"]),
                    changer=stamps["changeid"],
                    changed=iso_date(stamps["changedate"]),
                )
            unit.clear(keep_tail=False)
            while unit.getprevious() is not None:
                del unit.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise ImportFormatError(
            _("{name} is not a well-formed TMX file ({reason})").format(
                name=path.name, reason=error.msg
            )
        ) from error


def import_tmx(
    memory: MemoryBackend,
    path: Path,
    *,
    source_lang: str = "en",
    target_lang: str = "ko",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> int:
    """Add a TMX file's units in one transaction: all of them, or (on error) none."""
    seen = [0]

    def counted() -> Iterator[TmUnit]:
        for unit in read_tmx(path, source_lang, target_lang, cancel):
            seen[0] += 1
            yield unit

    added = memory.add(counted(), progress=progress, cancel=cancel)
    if seen[0] == 0:
        raise ImportFormatError(
            _("{name} has no {source}→{target} translation units").format(
                name=path.name, source=source_lang, target=target_lang
            )
        )
    return added


def write_tmx(units: Iterable[TmUnit], path: Path, *, source_lang: str = "en") -> int:
    """Write units as TMX 1.4b (streamed), each with its creation and change stamps."""
    count = [0]

    def write(temp: Path) -> None:
        # Through a Python file: lxml writing to a file name drops a full disk's ENOSPC
        # and leaves an empty file that looks like a success.
        with temp.open("wb") as handle, etree.xmlfile(handle, encoding="UTF-8") as out:
            out.write_declaration()
            with out.element("tmx", version="1.4"):
                out.write(
                    etree.Element(
                        "header",
                        creationtool="cxeditor",
                        creationtoolversion=__version__,
                        segtype="sentence",
                        datatype="plaintext",
                        adminlang="en",
                        srclang=source_lang,
                        attrib={"o-tmf": "cxeditor"},
                        creationdate=tmx_date(datetime.now(UTC).isoformat()),
                    ),
                    pretty_print=True,
                )
                with out.element("body"):
                    for unit in units:
                        out.write(_tu(unit), pretty_print=True)
                        count[0] += 1

    write_atomically(path, write)
    return count[0]


def _tu(unit: TmUnit) -> etree._Element:
    stamps = {
        "creationid": xml_safe(unit.creator),
        "creationdate": tmx_date(unit.created),
        "changeid": xml_safe(unit.changer),
        "changedate": tmx_date(unit.changed),
    }
    element = etree.Element("tu", {key: value for key, value in stamps.items() if value})
    for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
        variant = etree.SubElement(element, "tuv", {XML_LANG: lang})
        etree.SubElement(variant, "seg").text = xml_safe(text)
    return element


def export_tmx_memory(memory: MemoryBackend, path: Path) -> int:
    return write_tmx(memory.units(), path)
