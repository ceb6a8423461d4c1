"""Glossary flags through TBX and CSV both ways, TBX from other tools, and who/when in TMX
(through the `cxeditor` command)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from lxml import etree
from translate.storage import tbx, tmx

from cxeditor.model import Status
from cxeditor.store import Project
from cxeditor.tm.glossary import Glossary, GlossaryEntry, glossary_path
from cxeditor.tm.memory import SqliteMemory, TmUnit, user_memory_path
from cxeditor.tm.tmx import read_tmx

ENTRIES = [
    GlossaryEntry("#CXTweetChat", dnt=True, case_sensitive=True, note="hashtag"),
    GlossaryEntry("Twitter", "트윗터", forbidden=True, note="a common misspelling"),
    GlossaryEntry("Twitter", "트위터"),
    GlossaryEntry("SAP", "", dnt=True),
    GlossaryEntry("journey", "여정", case_sensitive=False, note="customer journey"),
]


def entries() -> list[GlossaryEntry]:
    glossary = Glossary(glossary_path())
    try:
        return glossary.entries()
    finally:
        glossary.close()


@pytest.mark.parametrize("suffix", [".tbx", ".csv"])
def test_flags_survive_export_and_import(tmp_path: Path, suffix: str) -> None:
    glossary = Glossary(glossary_path())
    glossary.add(ENTRIES)
    glossary.close()
    out = tmp_path / f"terms{suffix}"
    assert run_cli("glossary", "export", "-o", out).returncode == 0
    other = tmp_path / "other.sqlite"
    done = run_cli("glossary", "--glossary", other, "import", out)
    assert done.returncode == 0, done.stderr
    again = Glossary(other)
    assert sorted(again.entries(), key=repr) == sorted(ENTRIES, key=repr)
    again.close()


def test_our_tbx_is_read_by_translate_toolkit(tmp_path: Path) -> None:
    glossary = Glossary(glossary_path())
    glossary.add(ENTRIES)
    glossary.close()
    out = tmp_path / "terms.tbx"
    assert run_cli("glossary", "export", "-o", out).returncode == 0
    store = tbx.tbxfile.parsestring(out.read_bytes())
    units = {(str(u.source), str(u.target)): u for u in store.getunits()}
    assert not units[("#CXTweetChat", "#CXTweetChat")].istranslatable()
    assert units[("Twitter", "트위터")].istranslatable()
    assert "misspelling" in units[("Twitter", "트윗터")].getnotes()
    statuses = {
        "".join(tig.find("term").itertext()): tig.find(
            "termNote[@type='administrativeStatus']"
        ).text
        for tig in etree.parse(str(out)).iter("tig")
    }
    assert statuses["트윗터"] == "deprecatedTerm-admn-sts"
    assert statuses["트위터"] == "preferredTerm-admn-sts"


# TBX as other tools write it (TBX-Basic as memoQ exports it; Weblate's administrative
# status and translationNote; TBX 3 with namespaces, as the 2019 standard documents).
MEMOQ_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en-us">
  <martifHeader><fileDesc><sourceDesc><p>memoQ</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="1">
      <descrip type="definition">The social network</descrip>
      <langSet xml:lang="en-us">
        <tig><term>Twitter</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="ko-kr">
        <tig><term>트위터</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>트윗터</term>
          <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
          <note>do not use</note></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>
"""
WEBLATE_TBX = """<?xml version='1.0' encoding='UTF-8'?>
<martif xmlns:xml="http://www.w3.org/XML/1998/namespace" type="TBX" xml:lang="en">
  <text><body>
    <termEntry id="abc">
      <langSet xml:lang="en"><tig><term>CXDay</term></tig></langSet>
      <langSet xml:lang="ko"><tig><term>CXDay</term>
        <termNote type="translationNote">no</termNote></tig></langSet>
    </termEntry>
    <termEntry id="def">
      <langSet xml:lang="en"><tig><term>chat</term></tig></langSet>
      <langSet xml:lang="ko"><tig><term>수다</term>
        <termNote type="administrativeStatus">forbidden</termNote></tig>
        <note from="translator">use 채팅</note></langSet>
    </termEntry>
  </body></text>
</martif>
"""
TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>TBX 3</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>loyalty</term></termSec></langSec>
      <langSec xml:lang="ko">
        <termSec><term>충성도</term>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
        <termSec><term>로열티</term>
          <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            MEMOQ_TBX,
            {("Twitter", "트위터", False, False), ("Twitter", "트윗터", False, True)},
        ),
        (WEBLATE_TBX, {("CXDay", "", True, False), ("chat", "수다", False, True)}),
        (TBX3, {("loyalty", "충성도", False, False), ("loyalty", "로열티", False, True)}),
    ],
    ids=["memoq", "weblate", "tbx3"],
)
def test_tbx_from_other_tools_keeps_statuses(
    tmp_path: Path, text: str, expected: set[tuple[str, str, bool, bool]]
) -> None:
    path = tmp_path / "theirs.tbx"
    path.write_text(text, encoding="utf-8")
    done = run_cli("glossary", "import", path)
    assert done.returncode == 0, done.stderr
    got = {(e.source, e.target, e.dnt, e.forbidden) for e in entries()}
    assert got == expected
    notes = " ".join(e.note for e in entries())
    assert ("do not use" in notes) or ("use 채팅" in notes) or text is TBX3


def test_forbidden_import_does_not_overwrite_the_allowed_term(tmp_path: Path) -> None:
    glossary = Glossary(glossary_path())
    glossary.add([GlossaryEntry("Twitter", "트위터", note="the brand")])
    glossary.close()
    path = tmp_path / "theirs.tbx"
    path.write_text(MEMOQ_TBX, encoding="utf-8")
    assert run_cli("glossary", "import", path).returncode == 0
    listed = run_cli("glossary", "list").stdout
    assert "트윗터\tFORBIDDEN" in listed
    assert "트위터" in listed


def test_tmx_names_cxeditor_and_carries_who_and_when(tmp_path: Path) -> None:
    memory = SqliteMemory(user_memory_path())
    memory.add(
        [
            TmUnit(
                "Thanks, everyone!",
                "모두 감사합니다!",
                creator="지수",
                created="2024-03-14T09:30:00+00:00",
                changer="민준",
                changed="2024-03-15T10:00:00+00:00",
            )
        ]
    )
    memory.close()
    out = tmp_path / "memory.tmx"
    assert run_cli("tm", "export", "-o", out).returncode == 0
    root = etree.parse(str(out)).getroot()
    header = root.find("header")
    assert header.get("creationtool") == "cxeditor"
    tu = root.find("body/tu")
    assert (tu.get("creationid"), tu.get("creationdate")) == ("지수", "20240314T093000Z")
    assert (tu.get("changeid"), tu.get("changedate")) == ("민준", "20240315T100000Z")
    store = tmx.tmxfile.parsestring(out.read_bytes())  # translate-toolkit reads it
    assert [str(u.target) for u in store.getunits()] == ["모두 감사합니다!"]
    # Imported, the stamps stay with the unit.
    other = tmp_path / "other.sqlite"
    assert run_cli("tm", "--memory", other, "import", out).returncode == 0
    back = SqliteMemory(other)
    (unit,) = back.units()
    back.close()
    assert (unit.creator, unit.created, unit.changer, unit.changed) == (
        "지수",
        "2024-03-14T09:30:00+00:00",
        "민준",
        "2024-03-15T10:00:00+00:00",
    )


def test_omegat_tmx_keeps_its_stamps(tmp_path: Path) -> None:
    """OmegaT writes its project memory (tm/*.tmx, omegat/project_save.tmx) like this."""
    path = tmp_path / "project_save.tmx"
    path.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx11.dtd">
<tmx version="1.1">
  <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext"
    creationtoolversion="6.0.0" segtype="sentence" srclang="EN-US"/>
  <body>
    <tu>
      <tuv lang="EN-US"><seg>Trust is built in small moments.</seg></tuv>
      <tuv lang="KO-KR" changeid="jisoo" changedate="20240101T120000Z"
        creationid="jisoo" creationdate="20231231T080000Z">
        <seg>신뢰는 작은 순간에 쌓입니다.</seg></tuv>
    </tu>
  </body>
</tmx>
""",
        encoding="utf-8",
    )
    (unit,) = list(read_tmx(path))
    assert (unit.creator, unit.created) == ("jisoo", "2023-12-31T08:00:00+00:00")
    assert (unit.changer, unit.changed) == ("jisoo", "2024-01-01T12:00:00+00:00")


def test_project_tmx_names_the_user_from_the_settings(tmp_path: Path, samples: Path) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "cxeditor"
    config.mkdir(parents=True)
    (config / "cxeditor.conf").write_text("[user]\nname=김지수\n", encoding="utf-8")
    project = tmp_path / "p.cxproj"
    done = run_cli(
        "new",
        samples / "locchat-recap.en.txt",
        "--translation",
        samples / "locchat-recap.ko-mt.txt",
        "-o",
        project,
    )
    assert done.returncode == 0, done.stderr
    with Project.open(project) as opened:
        opened.update_segment(3, status=Status.APPROVED)
    out = tmp_path / "approved.tmx"
    assert run_cli("export", project, "--to", "tmx", "-o", out).returncode == 0
    (tu,) = etree.parse(str(out)).getroot().iter("tu")
    assert tu.get("creationid") == "김지수"
    assert tu.get("changedate", "").endswith("Z")
