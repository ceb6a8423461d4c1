"""Exchange files out and back in through the `cxeditor` command: statuses, protected
tweet tokens, repeated sentences and control characters survive, and only confirmed or
approved segments reach the memory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from lxml import etree
from translate.storage import xliff, xliff2

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.store import Project
from cxeditor.tm.memory import SqliteMemory, user_memory_path

X12 = "{urn:oasis:names:tc:xliff:document:1.2}"
X20 = "{urn:oasis:names:tc:xliff:document:2.0}"
FORMATS = {"xliff": "out.xlf", "xliff2": "out2.xlf", "review-docx": "review.docx"}
# One segment per status; the fourth and sixth are twins (a repeated sentence), the
# seventh has a control character the exports must drop.
SEGMENTS = [
    ("Welcome to #CXTweetChat with @JenKling1027!", "", Status.NEW),
    (
        "Q1: What makes a reply feel human? 🙂",
        "Q1: 무엇이 답장을 사람답게 만들까요? 🙂",
        Status.DRAFT,
    ),
    (
        "A1 Read more at https://t.co/Ab12Cd34Ef #CX",
        "A1 자세한 내용은 https://t.co/Ab12Cd34Ef #CX 에서",
        Status.TRANSLATED,
    ),
    ("Thanks, everyone!", "모두 감사합니다!", Status.APPROVED),
    ("See you next week with $SAP.", "다음 주에 $SAP와 함께 만나요.", Status.REJECTED),
    ("Thanks, everyone!", "여러분 고맙습니다!", Status.TRANSLATED),
    ("Bell\x07 rings at noon.", "정오에 종\x07이 울립니다.", Status.APPROVED),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.cxproj"
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(source, target, status)])
        for source, target, status in SEGMENTS
    ]
    article = Article(ArticleMeta(title="Chat recap", source_file="recap.html"), blocks)
    Project.create(path, article)
    return path


def statuses(project: Path) -> list[tuple[str, str, Status]]:
    with Project.open(project, readonly=True) as opened:
        return [(s.source, s.target, s.status) for s in opened.load_article().segments()]


def exported(project: Path, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / FORMATS[fmt]
    done = run_cli("export", project, "--to", fmt, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def memory_sources() -> list[tuple[str, str]]:
    if not user_memory_path().exists():
        return []
    memory = SqliteMemory(user_memory_path())
    try:
        return [(unit.source, unit.target) for unit in memory.units()]
    finally:
        memory.close()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_unchanged_file_comes_back_the_same(project: Path, tmp_path: Path, fmt: str) -> None:
    before = statuses(project)
    out = exported(project, tmp_path, fmt)
    done = run_cli("review-import", project, out)
    assert done.returncode == 0, done.stderr
    assert "Applied 0 reviewed segments; 7 unchanged; 0 refused" in done.stdout
    assert statuses(project) == before
    assert memory_sources() == []  # nothing changed, so nothing new reached the memory


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("status", list(Status))
def test_each_status_survives_and_only_confirmed_reach_the_memory(
    project: Path, tmp_path: Path, fmt: str, status: Status
) -> None:
    """Export, set one segment's status in a copy of the project, import the file into
    that copy: the file's status wins back, and the memory learns only confirmed ones."""
    number = next(i for i, (_s, _t, st) in enumerate(SEGMENTS, start=1) if st is status)
    out = exported(project, tmp_path, fmt)
    other = tmp_path / "other.cxproj"
    shutil.copy(project, other)
    with Project.open(other) as opened:
        flipped = Status.DRAFT if status is not Status.DRAFT else Status.TRANSLATED
        if status is Status.NEW:
            flipped = Status.NEW  # a segment without a target has nothing to flip to
        opened.update_segment(number, status=flipped)
    done = run_cli("review-import", other, out)
    assert done.returncode == 0, done.stderr
    assert statuses(other)[number - 1][2] is status
    remembered = memory_sources()
    source, target, _status = SEGMENTS[number - 1]
    if status in (Status.TRANSLATED, Status.APPROVED) and status is not flipped:
        assert (source, target.replace("\x07", "")) in [
            (s.replace("\x07", ""), t.replace("\x07", "")) for s, t in remembered
        ]
    else:
        assert remembered == []


def test_repeated_sentence_goes_to_its_own_segment(project: Path, tmp_path: Path) -> None:
    """Issue 19.5: the second of two identical sources gets its own unit's target."""
    for fmt in ("xliff", "xliff2"):
        out = exported(project, tmp_path, fmt)
        tree = etree.parse(str(out))
        tag = f"{X12}trans-unit" if fmt == "xliff" else f"{X20}unit"
        unit = next(u for u in tree.getroot().iter(tag) if u.get("id") == "6")
        target = next(unit.iter(f"{X12}target", f"{X20}target"))
        target.text = f"{fmt}: 다들 고마워요!"
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
        done = run_cli("review-import", project, out)
        assert done.returncode == 0, done.stderr
        assert "Applied 1 reviewed segments" in done.stdout
        rows = statuses(project)
        assert rows[3][1] == "모두 감사합니다!"  # the first twin untouched
        assert rows[5][1] == f"{fmt}: 다들 고마워요!"


def test_units_renumbered_by_another_tool_find_their_twins_in_order(
    project: Path, tmp_path: Path
) -> None:
    out = exported(project, tmp_path, "xliff")
    tree = etree.parse(str(out))
    for number, unit in enumerate(tree.getroot().iter(f"{X12}trans-unit"), start=1):
        unit.set("id", f"tu{number}")
    twin = list(tree.getroot().iter(f"{X12}trans-unit"))[5]
    twin.find(f"{X12}target").text = "다시 한 번 고마워요!"
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    done = run_cli("review-import", project, out)
    assert done.returncode == 0, done.stderr
    rows = statuses(project)
    assert (rows[3][1], rows[5][1]) == ("모두 감사합니다!", "다시 한 번 고마워요!")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_control_characters_do_not_block_the_way_back(
    project: Path, tmp_path: Path, fmt: str
) -> None:
    """Issue 19.6: the export drops \\x07; the import compares in that form."""
    out = exported(project, tmp_path, fmt)
    if fmt == "review-docx":
        document = docx.Document(str(out))
        row = document.tables[0].rows[7]
        assert row.cells[1].text == "Bell rings at noon."
        row.cells[3].text = "rejected"
        document.save(str(out))
    else:
        tree = etree.parse(str(out))
        if fmt == "xliff":
            unit = next(u for u in tree.getroot().iter(f"{X12}trans-unit") if u.get("id") == "7")
            unit.set("approved", "no")
            target = unit.find(f"{X12}target")
            target.set("state", "needs-review-translation")
            target.set("state-qualifier", "rejected-grammar")
        else:
            unit = next(u for u in tree.getroot().iter(f"{X20}unit") if u.get("id") == "7")
            unit.find(f"{X20}segment").set("state", "reviewed")
            unit.find(f"{X20}segment").set("subState", "cxeditor:rejected")
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    done = run_cli("review-import", project, out)
    assert done.returncode == 0, done.stderr + done.stdout
    assert "0 refused" in done.stdout
    assert statuses(project)[6] == (SEGMENTS[6][0], SEGMENTS[6][1], Status.REJECTED)


def test_tokens_travel_protected_and_translate_toolkit_reads_them(
    project: Path, tmp_path: Path
) -> None:
    out12, out20 = exported(project, tmp_path, "xliff"), exported(project, tmp_path, "xliff2")
    root12 = etree.parse(str(out12)).getroot()
    marks = {m.text: m.get("mtype") for m in root12.iter(f"{X12}mrk")}
    for token in (
        "#CXTweetChat",
        "@JenKling1027",
        "Q1:",
        "🙂",
        "https://t.co/Ab12Cd34Ef",
        "#CX",
        "$SAP",
    ):
        assert marks.get(token) == "protected", token
    unit3 = next(u for u in root12.iter(f"{X12}trans-unit") if u.get("id") == "3")
    target_marks = [(m.get("mid"), m.text) for m in unit3.find(f"{X12}target")]
    source_marks = [(m.get("mid"), m.text) for m in unit3.find(f"{X12}source")]
    assert target_marks == source_marks  # the same ids pair the target's with the source's
    root20 = etree.parse(str(out20)).getroot()
    assert {m.get("translate") for m in root20.iter(f"{X20}mrk")} == {"no"}
    assert root12.find(f"{X12}file").get("original") == "recap.html"
    tool = root12.find(f"{X12}file/{X12}header/{X12}tool")
    assert tool.get("tool-name") == "cxeditor"
    assert root20.find(f"{X20}file").get("original") == "recap.html"
    # translate-toolkit's readers take both files and see the text with its tokens.
    store12 = xliff.xlifffile.parsestring(out12.read_bytes())
    store20 = xliff2.Xliff2File.parsestring(out20.read_bytes())
    for store in (store12, store20):
        sources = [str(unit.source) for unit in store.getunits()]
        assert sources[0] == SEGMENTS[0][0]
        assert sources[2] == SEGMENTS[2][0]


def test_damaged_tokens_reach_qa_instead_of_vanishing(project: Path, tmp_path: Path) -> None:
    """A translator who deletes one protected token and edits another: the file imports,
    the tokens are as the translator left them, and QA reports both."""
    out = exported(project, tmp_path, "xliff2")
    tree = etree.parse(str(out))
    unit = next(u for u in tree.getroot().iter(f"{X20}unit") if u.get("id") == "3")
    target = unit.find(f"{X20}segment/{X20}target")
    url, tag = list(target)
    url.text = "https://t.co/ Ab12Cd34Ef"  # an edited URL
    target.remove(tag)  # a deleted hashtag (its tail goes with it, as in an editor)
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    done = run_cli("review-import", project, out)
    assert done.returncode == 0, done.stderr
    three = statuses(project)[2]
    assert "https://t.co/ Ab12Cd34Ef" in three[1]
    assert "#CX" not in three[1]
    qa = run_cli("qa", project, "--json")
    checks = {f["check"] for f in json.loads(qa.stdout) if f["segment"] == 3}
    assert {"entity-missing", "broken-url"} <= checks


def test_placeholder_left_by_another_tool_gets_the_token_back(
    project: Path, tmp_path: Path
) -> None:
    """Some tools turn a protected mark into a standalone placeholder: the source's
    token with that id comes back in its place."""
    out = exported(project, tmp_path, "xliff2")
    tree = etree.parse(str(out))
    unit = next(u for u in tree.getroot().iter(f"{X20}unit") if u.get("id") == "3")
    target = unit.find(f"{X20}segment/{X20}target")
    first = target[0]
    placeholder = etree.Element(f"{X20}ph", id=first.get("id"))
    placeholder.tail = first.tail
    target.replace(first, placeholder)
    target.text = "번역: " + (target.text or "")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    done = run_cli("review-import", project, out)
    assert done.returncode == 0, done.stderr
    assert statuses(project)[2][1] == "번역: " + SEGMENTS[2][1]
