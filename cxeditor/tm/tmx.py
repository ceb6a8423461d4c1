"""TMX 1.4b in and out.

Import streams the file with lxml's iterparse under a safe parser (no entities, no
network, no huge trees): translate-toolkit's TMX reader loads the whole tree, which is
slow and memory-hungry for 200,000 units. Export writes through translate-toolkit.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_atomically
from cxeditor.formats.links import xml_safe
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.tm.backend import MemoryBackend
from cxeditor.tm.memory import TmUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_TMX_BYTES = 2 * 1024 * 1024 * 1024


def _refuse_hostile(path: Path) -> None:
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
            for variant in unit.iter("tuv"):
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
                yield TmUnit(source, target, source_lang, target_lang, origin=path.name)
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


def export_tmx_memory(memory: MemoryBackend, path: Path) -> int:
    from translate.storage import tmx  # noqa: PLC0415

    store = tmx.tmxfile(sourcelanguage="en")
    count = 0
    for unit in memory.units():
        store.addtranslation(
            xml_safe(unit.source), unit.source_lang, xml_safe(unit.target), unit.target_lang
        )
        count += 1
    data = bytes(store)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    return count
