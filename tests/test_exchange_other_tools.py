"""An XLIFF through other tools and back: translate-toolkit's converters (a translator
working on a PO file in Poedit) and a headless OmegaT project (source/, target/, tm/,
the translator's work in omegat/project_save.tmx). What they wrote comes back into the
project through `review-import`, tokens intact, and a token the other tool's user broke
is a QA finding, not silent damage."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from lxml import etree
from translate.storage import po, xliff

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.store import Project

SEGMENTS = [
    ("Welcome to #CXTweetChat with @JenKling1027!", "", Status.NEW),
    (
        "A1 Read more at https://t.co/Ab12Cd34Ef #CX",
        "A1 자세한 내용은 https://t.co/Ab12Cd34Ef #CX 에서",
        Status.DRAFT,
    ),
    ("Did you catch last Thursday's #LocChat?", "지난 목요일의 #LocChat을 보셨나요?", Status.DRAFT),
    ("Thanks, everyone!", "모두 감사합니다!", Status.APPROVED),
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


def segments(project: Path) -> dict[str, tuple[str, Status]]:
    with Project.open(project, readonly=True) as opened:
        return {s.source: (s.target, s.status) for s in opened.load_article().segments()}


def findings(project: Path) -> list[dict[str, object]]:
    done = run_cli("qa", project, "--json")
    assert done.returncode in (0, 1), done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)
    return found


def toolkit(converter: str, *args: str | Path) -> None:
    """One of translate-toolkit's converters, as its command runs it."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; from translate.convert.{converter} import main; sys.exit(main())",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_xliff_through_translate_toolkits_po_converters(project: Path, tmp_path: Path) -> None:
    exported = tmp_path / "recap.xlf"
    assert run_cli("export", project, "--to", "xliff", "-o", exported).returncode == 0
    po_path, back = tmp_path / "recap.po", tmp_path / "back.xlf"
    toolkit("xliff2po", exported, po_path)
    # The translator fills the untranslated sentence (keeping its tokens) and post-edits
    # a draft, breaking its hashtag.
    store = po.pofile.parsestring(po_path.read_bytes())
    edits = {
        SEGMENTS[0][0]: "@JenKling1027와 함께하는 #CXTweetChat에 오신 것을 환영합니다!",
        SEGMENTS[2][0]: "지난 목요일의 #Loc채팅을 보셨나요?",
    }
    for unit in store.units:
        if unit.source in edits:
            unit.target = edits[unit.source]
    po_path.write_bytes(bytes(store))
    # Without a template: po2xliff given the original appends a second <file> instead.
    toolkit("po2xliff", po_path, back)
    assert {unit.source for unit in xliff.xlifffile.parsestring(back.read_bytes()).units} >= set(
        edits
    )

    done = run_cli("review-import", project, back)
    # The PO header (a unit of its own in po2xliff's file) matches no segment: said, and
    # the command's status says so; every translated unit is applied.
    assert done.returncode == 1
    assert "refused" in done.stderr
    assert "x-gettext" not in done.stdout
    after = segments(project)
    for source, target in edits.items():
        assert after[source][0] == target
    assert after[SEGMENTS[3][0]] == ("모두 감사합니다!", Status.APPROVED)
    broken = [f for f in findings(project) if f["text"] == "#Loc채팅"]
    assert broken, "the damaged hashtag is reported"


OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes><mask>**/.svn/**</mask></source_dir_excludes>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>ko</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneCJKTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def omegat(folder: Path, *args: str) -> None:
    done = subprocess.run(
        ["omegat", str(folder), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"HOME": str(folder.parent / "omegat-home"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]


@pytest.mark.skipif(
    shutil.which("omegat") is None, reason="OmegaT is not installed (Debian package omegat)"
)
def test_post_editing_in_a_headless_omegat_project(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "omegat-project"
    for part in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (folder / part).mkdir(parents=True)
    (folder / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    assert (
        run_cli("export", project, "--to", "xliff", "-o", folder / "source" / "recap.xlf")
    ).returncode == 0
    assert run_cli("tm", "export", "-o", folder / "tm" / "cxeditor.tmx").returncode == 0
    # OmegaT says what its segments are (its XLIFF filter edits the <target>s: a
    # post-editing pass over the drafts, with each protected token as a tag <mN>).
    pseudo = tmp_path / "segments.tmx"
    omegat(
        folder,
        "--mode=console-createpseudotranslatetmx",
        f"--pseudotranslatetmx={pseudo}",
        "--pseudotranslatetype=equal",
    )
    offered = [seg.text for seg in etree.parse(str(pseudo)).iter("seg")]
    draft = "지난 목요일의 <m0>#LocChat</m0>을 보셨나요?"
    assert draft in offered
    # The translator's work, as OmegaT keeps it: post-edited, the tag kept.
    edited = "지난주 목요일 <m0>#LocChat</m0>, 보셨나요?"
    other = "A1 자세한 내용은 <m0>https://t.co/Ab12Cd34Ef</m0> <m1>#CX</m1>에서 확인하세요"
    assert other.replace("에서 확인하세요", " 에서") in offered
    memory = etree.Element("tmx", version="1.4")
    etree.SubElement(
        memory,
        "header",
        creationtool="OmegaT",
        creationtoolversion="3.6.0_10",
        segtype="paragraph",
        adminlang="EN-US",
        srclang="en",
        datatype="plaintext",
        attrib={"o-tmf": "OmegaT TMX"},
    )
    body = etree.SubElement(memory, "body")
    for source, target in ((draft, edited), (other.replace("에서 확인하세요", " 에서"), other)):
        unit = etree.SubElement(
            body, "tu", changeid="omegat-translator", changedate="20241031T120000Z"
        )
        for lang, text in (("en", source), ("ko", target)):
            etree.SubElement(etree.SubElement(unit, "tuv", lang=lang), "seg").text = text
    etree.ElementTree(memory).write(
        str(folder / "omegat" / "project_save.tmx"), encoding="UTF-8", xml_declaration=True
    )
    omegat(folder, "--mode=console-translate")
    translated = folder / "target" / "recap.xlf"
    units = {
        unit.source: unit for unit in xliff.xlifffile.parsestring(translated.read_bytes()).units
    }
    assert set(units) == {source for source, _target, _status in SEGMENTS}

    done = run_cli("review-import", project, translated)
    assert done.returncode in (0, 1), done.stderr
    after = segments(project)
    # Post-edited, tokens back in place, and still drafts: OmegaT kept their XLIFF state,
    # and confirming is the editor's call.
    assert after[SEGMENTS[2][0]] == ("지난주 목요일 #LocChat, 보셨나요?", Status.DRAFT)
    assert after[SEGMENTS[1][0]] == (
        "A1 자세한 내용은 https://t.co/Ab12Cd34Ef #CX에서 확인하세요",
        Status.DRAFT,
    )
    assert after[SEGMENTS[3][0]] == ("모두 감사합니다!", Status.APPROVED)
    assert after[SEGMENTS[0][0]] == ("", Status.NEW)  # OmegaT offered nothing to do
    assert not [f for f in findings(project) if f["check"] == "missing-token"]
