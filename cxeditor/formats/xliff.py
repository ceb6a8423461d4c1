"""XLIFF 1.2 and 2.0 out and back in, and TMX of approved segments, via translate-toolkit.

Unit ids are our segment ids, so a file that went through another CAT tool comes back
onto the same segments; where a tool renumbered units, the source text finds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_atomically
from cxeditor.formats.links import xml_safe
from cxeditor.formats.reading import read_bytes
from cxeditor.formats.review_docx import ReviewImportResult
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, Origin, OriginKind, Status
from cxeditor.store import Project, SegmentChange

XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
# Our status -> XLIFF 1.2 target state (approved also sets approved="yes").
STATE_12 = {
    Status.NEW: "new",
    Status.DRAFT: "needs-review-translation",
    Status.TRANSLATED: "translated",
    Status.APPROVED: "final",
    Status.REJECTED: "needs-review-translation",
}
STATUS_FROM_12 = {
    "new": Status.NEW,
    "needs-translation": Status.NEW,
    "needs-review-translation": Status.DRAFT,
    "needs-adaptation": Status.DRAFT,
    "needs-l10n": Status.DRAFT,
    "needs-review-adaptation": Status.DRAFT,
    "needs-review-l10n": Status.DRAFT,
    "translated": Status.TRANSLATED,
    "signed-off": Status.APPROVED,
    "final": Status.APPROVED,
}
# XLIFF 2.0 has four states.
STATE_20 = {
    Status.NEW: "initial",
    Status.DRAFT: "initial",
    Status.TRANSLATED: "translated",
    Status.APPROVED: "final",
    Status.REJECTED: "reviewed",
}
STATUS_FROM_20 = {
    "initial": Status.DRAFT,
    "translated": Status.TRANSLATED,
    "reviewed": Status.TRANSLATED,
    "final": Status.APPROVED,
}


def _xliff12_class() -> type:
    from translate.storage import xliff  # noqa: PLC0415 - translate-toolkit loads lazily

    class Xliff12Unit(xliff.xliffunit):
        namespace = XLIFF12_NAMESPACE

    class Xliff12File(xliff.xlifffile):  # type: ignore[type-arg]
        """translate-toolkit writes XLIFF 1.1 by default; 1.2 is what CAT tools expect."""

        namespace = XLIFF12_NAMESPACE
        UnitClass = Xliff12Unit
        XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")

    return Xliff12File


def _store(version: str, article: Article) -> Any:
    from translate.storage import xliff2  # noqa: PLC0415

    source, target = article.meta.source_lang, article.meta.target_lang
    if version == "2.0":
        return xliff2.Xliff2File(sourcelanguage=source, targetlanguage=target)
    return _xliff12_class()(sourcelanguage=source, targetlanguage=target)


def export_xliff(
    article: Article,
    path: Path,
    *,
    version: str = "1.2",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    store = _store(version, article)
    segments = list(article.segments())
    for index, segment in enumerate(segments):
        if cancel and index % 500 == 0:
            cancel.check()
            progress(index, len(segments), "")
        unit = store.addsourceunit(xml_safe(segment.source))
        unit.setid(str(segment.id))
        if segment.target:
            unit.settarget(xml_safe(segment.target))
        for comment in segment.comments:
            unit.addnote(xml_safe(f"{comment.who}: {_(comment.text)}"), origin="translator")
        _set_state(unit, segment.status, version)
    if version == "2.0":
        _conform_to_xliff20(store.document.getroot())
    data = bytes(store)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    progress(len(segments), len(segments), "")


XLIFF20_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _conform_to_xliff20(root: Any) -> None:
    """Move what translate-toolkit writes on <segment> to where the XLIFF 2.0 schema
    allows it: xml:space onto <unit> (inherited by source and target), and <notes>
    into <unit>, before its segments."""
    segment_tag = f"{{{XLIFF20_NAMESPACE}}}segment"
    notes_tag = f"{{{XLIFF20_NAMESPACE}}}notes"
    for segment in list(root.iter(segment_tag)):
        unit = segment.getparent()
        space = segment.attrib.pop(_XML_SPACE, None)
        if space is not None:
            unit.set(_XML_SPACE, space)
        notes = segment.find(notes_tag)
        if notes is None:
            continue
        segment.remove(notes)
        existing = unit.find(notes_tag)
        if existing is not None:
            existing.extend(list(notes))
        else:
            unit.insert(unit.index(unit.find(segment_tag)), notes)


def _unit_notes(unit: Any, version: str) -> list[str]:
    """The notes of a unit: in XLIFF 2.0 they belong to <unit> (translate-toolkit only
    reads those it wrote inside <segment>, as older cxeditor exports have them)."""
    notes = (unit.getnotes() or "").splitlines()
    if version == "2.0":
        parent = unit.xmlelement.getparent()
        container = parent.find(f"{{{XLIFF20_NAMESPACE}}}notes") if parent is not None else None
        if container is not None:
            notes += [
                "".join(note.itertext())
                for note in container.iterchildren(f"{{{XLIFF20_NAMESPACE}}}note")
            ]
    return notes


def _set_state(unit: Any, status: Status, version: str) -> None:
    if version == "2.0":
        _segment_element(unit).set("state", STATE_20[status])
        return
    target = unit.xmlelement.find(f"{{{unit.namespace}}}target")
    if target is not None:
        target.set("state", STATE_12[status])
    # translate-toolkit marks every unit with a target approved; only ours are.
    unit.markapproved(status is Status.APPROVED)


def _segment_element(unit: Any) -> Any:
    """XLIFF 2.0 keeps the state on <segment>, which is the unit's element here."""
    element = unit.xmlelement
    if element.tag.endswith("}segment"):
        return element
    found = element.find(f"{{{unit.namespace}}}segment")
    return found if found is not None else element


def export_tmx(
    article: Article,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    """A translation memory of the approved segments."""
    from translate.storage import tmx  # noqa: PLC0415

    store = tmx.tmxfile(sourcelanguage=article.meta.source_lang)
    for segment in article.segments():
        if segment.status is Status.APPROVED and segment.source and segment.target:
            store.addtranslation(
                xml_safe(segment.source),
                article.meta.source_lang,
                xml_safe(segment.target),
                article.meta.target_lang,
            )
    if cancel:
        cancel.check()
    data = bytes(store)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    progress(1, 1, "")


def _parse(path: Path) -> Any:
    from translate.storage import xliff, xliff2  # noqa: PLC0415

    data = read_bytes(path)
    head = data[:4096]
    if b"<!ENTITY" in data or b"<!DOCTYPE" in head:
        # Entity expansion and external entities have no place in XLIFF.
        raise ImportFormatError(
            _("{name} declares XML entities; refusing it").format(name=path.name)
        )
    try:
        if b"document:2.0" in head or b'version="2.0"' in head:
            return xliff2.Xliff2File.parsestring(data), "2.0"  # type: ignore[no-untyped-call]
        return xliff.xlifffile.parsestring(data), "1.2"  # type: ignore[no-untyped-call]
    except Exception as error:
        raise ImportFormatError(
            _("{name} is not a readable XLIFF file ({reason})").format(
                name=path.name,
                reason=str(error).splitlines()[0] if str(error) else type(error).__name__,
            )
        ) from error


def _unit_status(unit: Any, version: str) -> Status | None:
    if version == "2.0":
        state = _segment_element(unit).get("state")
        return STATUS_FROM_20.get(state) if state else None
    if unit.isapproved():
        return Status.APPROVED
    target = unit.xmlelement.find(f"{{{unit.namespace}}}target")
    state = target.get("state") if target is not None else None
    return STATUS_FROM_12.get(state) if state else None


def import_xliff(project: Project, path: Path, *, who: str = "reviewer") -> ReviewImportResult:
    """Apply an XLIFF file's targets, states and new notes onto the same segments."""
    store, version = _parse(path)
    article = project.load_article()
    by_id = {s.id: s for s in article.segments() if s.id is not None}
    by_source = {s.source: s for s in article.segments() if s.source}
    result = ReviewImportResult()
    changes = []
    for number, unit in enumerate(store.getunits(), start=1):
        unit_id = unit.getid()
        segment = by_id.get(int(unit_id)) if str(unit_id).isdigit() else None
        if segment is None or segment.source != str(unit.source or ""):
            segment = by_source.get(str(unit.source or ""))
        if segment is None or segment.id is None:
            result.refused.append(
                _("unit {n} (id {id!r}): no segment with this id or source").format(
                    n=number, id=unit_id
                )
            )
            continue
        target = str(unit.target or "")
        status = _unit_status(unit, version)
        if not target and status is Status.DRAFT:
            status = Status.NEW  # XLIFF 2.0's "initial" covers both
        known = {f"{c.who}: {_(c.text)}" for c in segment.comments}
        notes = [note for note in _unit_notes(unit, version) if note.strip() and note not in known]
        new_target = target if target and target != segment.target else None
        new_status = status if status is not None and status is not segment.status else None
        if new_target is None and new_status is None and not notes:
            result.unchanged += 1
            continue
        changes.append(
            SegmentChange(
                segment.id,
                target=new_target,
                status=new_status,
                origin=Origin(OriginKind.HUMAN) if new_target is not None else None,
                comment="\n".join(notes) or None,
            )
        )
    if changes:
        project.apply_changes(changes, who=who)
    result.applied = len(changes)
    result.changed_ids = [change.segment_id for change in changes]
    return result
