"""XLIFF 1.2 / 2.0 out and back in, TMX of approved segments (translate-toolkit)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from cxeditor.errors import ImportFormatError
from cxeditor.formats.xliff import export_tmx, export_xliff, import_xliff
from cxeditor.model import Status
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X20 = "{urn:oasis:names:tc:xliff:document:2.0}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cxproj"
    create_project_from_files(
        path,
        source=SAMPLES / "locchat-recap.en.txt",
        translation=SAMPLES / "locchat-recap.ko-mt.txt",
    )
    with Project.open(path) as opened:
        opened.update_segment(3, status=Status.APPROVED)
        opened.update_segment(4, target="", status=Status.NEW)
    return path


def exported(project: Path, tmp_path: Path, version: str) -> Path:
    out = tmp_path / f"out-{version}.xlf"
    with Project.open(project, readonly=True) as opened:
        export_xliff(opened.load_article(), out, version=version)
    return out


def replace_text(element: etree._Element, old: str, new: str) -> None:
    """Edit text wherever it sits among inline markup, as a CAT tool's editor would."""
    for node in element.iter():
        node.text = (node.text or "").replace(old, new)
        node.tail = (node.tail or "").replace(old, new) if node is not element else node.tail


def test_xliff12_states_and_notes(project: Path, tmp_path: Path) -> None:
    root = etree.parse(str(exported(project, tmp_path, "1.2"))).getroot()
    assert root.get("version") == "1.2"
    units = {u.get("id"): u for u in root.iter(f"{X12}trans-unit")}
    assert len(units) == 16
    assert units["3"].get("approved") == "yes"
    assert units["3"].find(f"{X12}target").get("state") == "final"
    assert units["1"].get("approved") == "no"
    assert units["1"].find(f"{X12}target").get("state") == "needs-review-translation"
    assert units["4"].find(f"{X12}target") is None
    assert "glued" in units["2"].find(f"{X12}note").text
    assert root.nsmap == {None: X12.strip("{}")}  # no stray XLIFF 1.1 namespace


def test_xliff12_round_trip_from_another_tool(project: Path, tmp_path: Path) -> None:
    path = exported(project, tmp_path, "1.2")
    tree = etree.parse(str(path))
    units = {u.get("id"): u for u in tree.getroot().iter(f"{X12}trans-unit")}
    target = units["7"].find(f"{X12}target")
    replace_text(target, "#Loc채팅", "#LocChat")
    target.set("state", "signed-off")
    note = etree.SubElement(units["7"], f"{X12}note")
    note.text = "해시태그를 고쳤습니다"
    new_target = etree.SubElement(units["4"], f"{X12}target", state="translated")
    new_target.text = "그렇지 않다면, 놓친 내용은 이렇습니다."
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    with Project.open(project) as opened:
        result = import_xliff(opened, path, who="cat-tool")
        assert result.applied == 2
        assert result.refused == []
        seven = opened.segment(7)
        assert "#LocChat" in seven.target
        assert seven.status is Status.APPROVED
        assert seven.comments[-1].text == "해시태그를 고쳤습니다"
        four = opened.segment(4)
        assert (four.target, four.status) == (
            "그렇지 않다면, 놓친 내용은 이렇습니다.",
            Status.TRANSLATED,
        )
        assert opened.history(4)[-1].who == "cat-tool"


def test_xliff20_round_trip(project: Path, tmp_path: Path) -> None:
    path = exported(project, tmp_path, "2.0")
    tree = etree.parse(str(path))
    assert tree.getroot().get("version") == "2.0"
    segments = {u.get("id"): u.find(f"{X20}segment") for u in tree.getroot().iter(f"{X20}unit")}
    assert segments["3"].get("state") == "final"
    segments["5"].set("state", "final")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    with Project.open(project) as opened:
        result = import_xliff(opened, path)
        assert result.applied == 1
        assert opened.segment(5).status is Status.APPROVED


def test_xliff20_keeps_notes_and_spacing_where_the_schema_allows_them(
    project: Path, tmp_path: Path
) -> None:
    """XLIFF 2.0 allows <notes> only in <unit> (before its segments) and xml:space on
    <unit>, not on <segment>; a note another tool adds there comes back as a comment."""
    path = exported(project, tmp_path, "2.0")
    tree = etree.parse(str(path))
    units = {u.get("id"): u for u in tree.getroot().iter(f"{X20}unit")}
    segments = list(tree.getroot().iter(f"{X20}segment"))
    assert all(segment.find(f"{X20}notes") is None for segment in segments)
    assert {key for segment in segments for key in segment.attrib} == {"state", "subState"}
    glued = units["2"]
    assert [child.tag for child in glued] == [f"{X20}notes", f"{X20}segment"]
    assert "glued" in "".join(glued.find(f"{X20}notes").itertext())
    assert glued.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    notes = etree.Element(f"{X20}notes")
    etree.SubElement(notes, f"{X20}note").text = "검토자: 이 문장은 좋습니다"
    units["6"].insert(0, notes)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    with Project.open(project) as opened:
        result = import_xliff(opened, path)
        assert result.applied == 1
        assert opened.segment(6).comments[-1].text == "검토자: 이 문장은 좋습니다"
        assert not opened.segment(2).comments[-1].text.startswith("import: import:")


@pytest.mark.skipif(
    not os.environ.get("CXEDITOR_XLIFF_SCHEMAS"),
    reason="set CXEDITOR_XLIFF_SCHEMAS to a folder with OASIS xliff-core-1.2-strict.xsd, "
    "xliff_core_2.0.xsd and xml.xsd to validate",
)
@pytest.mark.parametrize(
    ("version", "schema"), [("1.2", "xliff-core-1.2-strict.xsd"), ("2.0", "xliff_core_2.0.xsd")]
)
def test_xliff_validates_against_the_oasis_schemas(
    project: Path, tmp_path: Path, version: str, schema: str
) -> None:
    # The OASIS schemas are not packaged on PyPI, Debian or npm, so they cannot ship
    # with the tests; this runs where someone has them (see the README).
    folder = Path(os.environ["CXEDITOR_XLIFF_SCHEMAS"])
    validator = etree.XMLSchema(etree.parse(str(folder / schema)))
    document = etree.parse(str(exported(project, tmp_path, version)))
    assert validator.validate(document), validator.error_log


def test_tmx_holds_approved_segments_only(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "approved.tmx"
    with Project.open(project, readonly=True) as opened:
        export_tmx(opened.load_article(), out)
    root = etree.parse(str(out)).getroot()
    units = root.findall(".//tu")
    assert len(units) == 1
    segs = [seg.text for seg in units[0].iter("seg")]
    assert segs == ["Did you catch last Thursday's #LocChat?", "지난 목요일의 #LocChat을 보셨나요?"]


def test_hostile_xliff_is_refused(project: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlf"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        '<xliff version="1.2"><file><body/></file></xliff>',
        encoding="utf-8",
    )
    with Project.open(project) as opened, pytest.raises(ImportFormatError, match="entities"):
        import_xliff(opened, bomb)
    broken = tmp_path / "broken.xlf"
    broken.write_text("<xliff version='1.2'><file>", encoding="utf-8")
    with Project.open(project) as opened, pytest.raises(ImportFormatError, match="XLIFF"):
        import_xliff(opened, broken)
