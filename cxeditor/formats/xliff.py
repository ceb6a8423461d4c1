"""XLIFF 1.2 and 2.0 out and back in, and TMX of approved segments.

Written with lxml to the OASIS documents (translate-toolkit's writer names no tool,
says `original="NoName"` and has no place for protected inline markup); the tests read
the files back with translate-toolkit's readers. Unit ids are our segment ids, so a file
that went through another CAT tool comes back onto the same segments; where a tool
renumbered units, the source text finds them (twins in order).

Tweet tokens (hashtags, mentions, URLs, cashtags, emoji, chat labels) travel as
protected inline markup, `<mrk mtype="protected">` in 1.2 and `<mrk translate="no">`
in 2.0, in the source and where they occur in the target; on import the markup is
flattened back to text, and a placeholder a tool left in place of a token (`<ph>`,
`<x>`) is given back the source's token. A token a translator deleted or edited stays
as the translator left it, for QA to report.

Statuses survive the round trip: 1.2 marks a rejection with the standard
`state-qualifier="rejected-inaccurate"`, 2.0 refines its four states with
`subState="cxeditor:<status>"` (used only while it agrees with `state`, so another
tool's change of state wins).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from lxml import etree

from cxeditor import __version__
from cxeditor.errors import ImportFormatError
from cxeditor.fileio import write_atomically
from cxeditor.formats.inline import protected_spans, spans_in_target
from cxeditor.formats.links import xml_safe
from cxeditor.formats.reading import read_xml
from cxeditor.formats.review_docx import ReviewImportResult
from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, Origin, OriginKind, Segment, Status
from cxeditor.store import Project, SegmentChange

XLIFF12_NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20_NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
TOOL_ID = "cxeditor"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SUBSTATE_PREFIX = "cxeditor:"
_REJECTED_QUALIFIER = "rejected-inaccurate"

# Our status -> XLIFF 1.2 target state (approved also sets approved="yes"; rejected
# adds state-qualifier="rejected-inaccurate").
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
# XLIFF 2.0 has four states; subState says which of ours.
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


def _original(article: Article) -> str:
    return xml_safe(article.meta.source_file or article.meta.title or "article") or "article"


def _marked(parent: Any, text: str, spans: list[tuple[int, int, str]], version: str) -> None:
    """Fill `parent` with `text`, each span a protected <mrk> carrying its id."""
    namespace = XLIFF20_NAMESPACE if version == "2.0" else XLIFF12_NAMESPACE
    parent.text = ""
    last: Any = None
    position = 0
    for start, end, mark_id in spans:
        plain = xml_safe(text[position:start])
        if last is None:
            parent.text += plain
        else:
            last.tail = (last.tail or "") + plain
        if version == "2.0":
            last = etree.SubElement(parent, f"{{{namespace}}}mrk", id=mark_id, translate="no")
        else:
            last = etree.SubElement(parent, f"{{{namespace}}}mrk", mtype="protected", mid=mark_id)
        last.text = xml_safe(text[start:end])
        position = end
    rest = xml_safe(text[position:])
    if last is None:
        parent.text += rest
    else:
        last.tail = (last.tail or "") + rest


def _texts(segment: Segment) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    source_spans = protected_spans(segment.source)
    ids = [f"m{number}" for number in range(1, len(source_spans) + 1)]
    target_spans = spans_in_target(
        segment.target, [segment.source[s:e] for s, e in source_spans], ids
    )
    return [(s, e, i) for (s, e), i in zip(source_spans, ids, strict=True)], target_spans


def export_xliff(
    article: Article,
    path: Path,
    *,
    version: str = "1.2",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    segments = list(article.segments())
    root, body = (_skeleton_20 if version == "2.0" else _skeleton_12)(article)
    for index, segment in enumerate(segments):
        if cancel and index % 500 == 0:
            cancel.check()
            progress(index, len(segments), "")
        if version == "2.0":
            _unit_20(body, segment)
        else:
            _unit_12(body, segment)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    write_atomically(path, lambda temp: temp.write_bytes(data))
    progress(len(segments), len(segments), "")


def _skeleton_12(article: Article) -> tuple[Any, Any]:
    n = f"{{{XLIFF12_NAMESPACE}}}"
    root = etree.Element(f"{n}xliff", version="1.2", nsmap={None: XLIFF12_NAMESPACE})  # type: ignore[dict-item]
    file = etree.SubElement(
        root,
        f"{n}file",
        original=_original(article),
        datatype="plaintext",
        attrib={"source-language": article.meta.source_lang},
    )
    file.set("target-language", article.meta.target_lang)
    file.set("tool-id", TOOL_ID)
    header = etree.SubElement(file, f"{n}header")
    etree.SubElement(
        header,
        f"{n}tool",
        attrib={"tool-id": TOOL_ID, "tool-name": "cxeditor", "tool-version": __version__},
    )
    return root, etree.SubElement(file, f"{n}body")


def _unit_12(body: Any, segment: Segment) -> None:
    n = f"{{{XLIFF12_NAMESPACE}}}"
    source_spans, target_spans = _texts(segment)
    unit = etree.SubElement(body, f"{n}trans-unit", id=str(segment.id))
    unit.set(_XML_SPACE, "preserve")
    unit.set("approved", "yes" if segment.status is Status.APPROVED else "no")
    _marked(etree.SubElement(unit, f"{n}source"), segment.source, source_spans, "1.2")
    if segment.target:
        target = etree.SubElement(unit, f"{n}target", state=STATE_12[segment.status])
        if segment.status is Status.REJECTED:
            target.set("state-qualifier", _REJECTED_QUALIFIER)
        _marked(target, segment.target, target_spans, "1.2")
    for comment in segment.comments:
        note = etree.SubElement(unit, f"{n}note", attrib={"from": "translator"})
        note.text = xml_safe(f"{comment.who}: {_(comment.text)}")


def _skeleton_20(article: Article) -> tuple[Any, Any]:
    n = f"{{{XLIFF20_NAMESPACE}}}"
    root = etree.Element(
        f"{n}xliff",
        version="2.0",
        srcLang=article.meta.source_lang,
        trgLang=article.meta.target_lang,
        nsmap={None: XLIFF20_NAMESPACE},  # type: ignore[dict-item]
    )
    file = etree.SubElement(root, f"{n}file", id="f1", original=_original(article))
    # XLIFF 2.0's core has no tool element: a file-level note names the tool.
    notes = etree.SubElement(file, f"{n}notes")
    note = etree.SubElement(notes, f"{n}note", category="tool")
    note.text = f"cxeditor {__version__}"
    return root, file


def _unit_20(file: Any, segment: Segment) -> None:
    n = f"{{{XLIFF20_NAMESPACE}}}"
    source_spans, target_spans = _texts(segment)
    unit = etree.SubElement(file, f"{n}unit", id=str(segment.id))
    unit.set(_XML_SPACE, "preserve")
    if segment.comments:
        notes = etree.SubElement(unit, f"{n}notes")
        for comment in segment.comments:
            etree.SubElement(notes, f"{n}note").text = xml_safe(f"{comment.who}: {_(comment.text)}")
    element = etree.SubElement(
        unit,
        f"{n}segment",
        state=STATE_20[segment.status],
        subState=_SUBSTATE_PREFIX + segment.status.value,
    )
    _marked(etree.SubElement(element, f"{n}source"), segment.source, source_spans, "2.0")
    if segment.target:
        _marked(etree.SubElement(element, f"{n}target"), segment.target, target_spans, "2.0")


def export_tmx(
    article: Article,
    path: Path,
    *,
    who: str = "",
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    """A translation memory of the approved segments, naming who and when."""
    from cxeditor.clock import now_iso  # noqa: PLC0415
    from cxeditor.tm.memory import TmUnit  # noqa: PLC0415
    from cxeditor.tm.tmx import current_user, write_tmx  # noqa: PLC0415

    who = who or current_user()
    when = now_iso()
    units = [
        TmUnit(
            segment.source,
            segment.target,
            article.meta.source_lang,
            article.meta.target_lang,
            creator=who,
            created=when,
            changer=who,
            changed=when,
        )
        for segment in article.segments()
        if segment.status is Status.APPROVED and segment.source and segment.target
    ]
    if cancel:
        cancel.check()
    write_tmx(units, path, source_lang=article.meta.source_lang)
    progress(1, 1, "")


# --- import ---------------------------------------------------------------------------


def _parse(path: Path) -> tuple[Any, str]:
    root = read_xml(path, _("{name} is not a readable XLIFF file ({reason})"), allow_doctype=False)
    if etree.QName(root).localname != "xliff":
        raise ImportFormatError(
            _("{name} is not a readable XLIFF file ({reason})").format(
                name=path.name, reason=f"<{etree.QName(root).localname}>"
            )
        )
    version = "2.0" if root.get("version", "").startswith("2") else "1.2"
    return root, version


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _flatten(element: Any, tokens: dict[str, str]) -> str:
    """An element's text with inline markup flattened: marks and paired codes keep their
    content; a placeholder standing for one of our tokens gets the token back."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        if name in ("mrk", "g", "pc", "sm"):
            parts.append(_flatten(child, tokens))
        elif name in ("ph", "x", "sc", "ec", "em", "bx", "ex", "it", "bpt", "ept"):
            key = child.get("id") or child.get("mid") or ""
            equiv = child.get("equiv") or child.get("equiv-text") or child.get("disp")
            parts.append(tokens.get(key) or equiv or "".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _token_ids(element: Any) -> dict[str, str]:
    """Our protected marks in a source, by id: what a placeholder in the target stands for."""
    return {
        (mark.get("id") or mark.get("mid") or ""): "".join(mark.itertext())
        for mark in element.iter("{*}mrk")
    }


class _Unit:
    __slots__ = ("id", "notes", "source", "status", "target")

    def __init__(self, unit_id: str, source: str, target: str, status: Status | None) -> None:
        self.id, self.source, self.target, self.status = unit_id, source, target, status
        self.notes: list[str] = []


def _units_12(root: Any) -> list[_Unit]:
    found = []
    for element in root.iter("{*}trans-unit"):
        source = element.find("{*}source")
        target = element.find("{*}target")
        tokens = _token_ids(source) if source is not None else {}
        unit = _Unit(
            element.get("id") or "",
            _flatten(source, tokens) if source is not None else "",
            _flatten(target, tokens) if target is not None else "",
            _status_12(element, target),
        )
        unit.notes = ["".join(note.itertext()) for note in element.iterchildren("{*}note")]
        found.append(unit)
    return found


def _status_12(element: Any, target: Any) -> Status | None:
    if element.get("approved") == "yes":
        return Status.APPROVED
    if target is None:
        return None
    if (target.get("state-qualifier") or "").startswith("rejected"):
        return Status.REJECTED
    state = target.get("state")
    return STATUS_FROM_12.get(state) if state else None


def _units_20(root: Any) -> list[_Unit]:
    found = []
    for element in root.iter("{*}unit"):
        segments = [child for child in element if _local(child) in ("segment", "ignorable")]
        sources, targets, statuses = [], [], []
        for segment in segments:
            source = segment.find("{*}source")
            target = segment.find("{*}target")
            tokens = _token_ids(source) if source is not None else {}
            sources.append(_flatten(source, tokens) if source is not None else "")
            targets.append(_flatten(target, tokens) if target is not None else "")
            if _local(segment) == "segment":
                statuses.append(_status_20(segment, bool(targets[-1])))
        # A tool that split a unit into segments: the least advanced segment speaks.
        order = list(Status)
        known = [status for status in statuses if status is not None]
        unit = _Unit(
            element.get("id") or "",
            "".join(sources),
            "".join(targets),
            min(known, key=order.index) if known else None,
        )
        notes: list[Any] = []
        for container in (element, *segments):  # older cxeditor exports noted segments
            holder = container.find("{*}notes")
            if holder is not None:
                notes.extend(holder.iterchildren("{*}note"))
        unit.notes = ["".join(note.itertext()) for note in notes]
        found.append(unit)
    return found


def _status_20(segment: Any, has_target: bool) -> Status | None:
    state = segment.get("state")
    sub = segment.get("subState") or ""
    if sub.startswith(_SUBSTATE_PREFIX):
        try:
            ours = Status(sub.removeprefix(_SUBSTATE_PREFIX))
        except ValueError:
            ours = None
        if ours is not None and STATE_20[ours] == (state or "initial"):
            return ours
    if not state:
        return None
    if state == "initial" and not has_target:
        return Status.NEW
    return STATUS_FROM_20.get(state)


def import_xliff(project: Project, path: Path, *, who: str = "reviewer") -> ReviewImportResult:
    """Apply an XLIFF file's targets, states and new notes onto the same segments."""
    root, version = _parse(path)
    units = _units_20(root) if version == "2.0" else _units_12(root)
    article = project.load_article()
    segments = [s for s in article.segments() if s.id is not None]
    by_id = {s.id: s for s in segments}
    # The export drops characters XML cannot hold, so sources compare in that form.
    twins: defaultdict[str, list[Segment]] = defaultdict(list)
    for segment in segments:
        if segment.source:
            twins[xml_safe(segment.source)].append(segment)
    claimed: set[int] = set()
    result = ReviewImportResult()
    changes = []
    for number, unit in enumerate(units, start=1):
        found: Segment | None = by_id.get(int(unit.id)) if unit.id.isdigit() else None
        if found is not None and (xml_safe(found.source) != unit.source or found.id in claimed):
            found = None
        if found is None:  # renumbered by another tool: the first unclaimed twin
            found = next((s for s in twins.get(unit.source, []) if s.id not in claimed), None)
        if found is None or found.id is None:
            result.refused.append(
                _("unit {n} (id {id!r}): no segment with this id or source").format(
                    n=number, id=unit.id
                )
            )
            continue
        segment, segment_id = found, found.id
        claimed.add(segment_id)
        status = unit.status
        if not unit.target and status is Status.DRAFT:
            status = Status.NEW
        known = {f"{c.who}: {_(c.text)}" for c in segment.comments}
        known |= {xml_safe(text) for text in known}
        notes = [note for note in unit.notes if note.strip() and note not in known]
        new_target = (
            unit.target if unit.target and unit.target != xml_safe(segment.target) else None
        )
        new_status = status if status is not None and status is not segment.status else None
        if new_target is None and new_status is None and not notes:
            result.unchanged += 1
            continue
        changes.append(
            SegmentChange(
                segment_id,
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
