"""Translation memory: matches, adaptation, TMX in and out, bad input, CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from tm_samples import UNITS  # type: ignore[import-not-found]

from cxeditor.errors import ImportFormatError
from cxeditor.tm.memory import SqliteMemory, TmUnit, user_memory_path
from cxeditor.tm.tmx import export_tmx_memory, import_tmx


@pytest.fixture
def memory() -> Iterator[SqliteMemory]:
    with SqliteMemory() as store:
        store.add(UNITS)
        yield store


def test_exact_and_context_matches(memory: SqliteMemory) -> None:
    plain = memory.lookup("#CX matters more than speed.")
    assert (plain[0].score, plain[0].kind) == (100, "exact")
    context = memory.lookup(
        "#CX matters more than speed.", previous="No exceptions.", following="Thanks all."
    )
    assert context[0].kind == "context"


def test_tokens_cost_one_token_and_are_adapted(memory: SqliteMemory) -> None:
    found = memory.lookup("Thanks @SAP_CX for hosting! #CXTweetChat")[0]
    assert found.score == 99
    assert found.target == "호스팅해 주신 @SAP_CX에 감사드립니다! #CXTweetChat"
    assert ("insert", "@SAP_CX") in found.diff
    adapted = memory.lookup("#Google matters more than speed.")[0]
    assert adapted.target == "#Google은 속도보다 중요합니다."  # the particle follows the token


def test_fuzzy_matches_best_first_with_threshold(memory: SqliteMemory) -> None:
    found = memory.lookup("Great chat today, everyone! Same time next week.")
    assert found[0].kind == "fuzzy"
    assert 80 <= found[0].score <= 98
    assert memory.lookup("Great chat today, everyone! Same time next week.", threshold=99) == []
    assert memory.best("Great chat today, everyone! Same time next week.") is None
    assert memory.best("Great chat today, everyone! Same time next week.", 80) is not None


def test_concordance_both_sides(memory: SqliteMemory) -> None:
    assert [u.source for u in memory.concordance("hosting")] == [UNITS[0].source]
    assert [u.source for u in memory.concordance("속도보다", side="target")] == [UNITS[2].source]


def test_adding_twice_adds_nothing(memory: SqliteMemory) -> None:
    assert memory.add(UNITS) == 0
    assert memory.count() == 3


def test_tmx_round_trip_and_other_tools(
    memory: SqliteMemory, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    out = tmp_path / "out.tmx"
    assert export_tmx_memory(memory, out) == 3
    fresh = SqliteMemory()
    request.addfinalizer(fresh.close)
    assert import_tmx(fresh, out) == 3
    other = tmp_path / "other.tmx"
    other.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en-US"'
        ' creationtool="Other" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>'
        '<body><tu><tuv xml:lang="en-US"><seg>Join us <bpt i="1">&lt;b&gt;</bpt>now'
        '<ept i="1">&lt;/b&gt;</ept></seg></tuv><tuv xml:lang="ko-KR"><seg>지금 참여하세요</seg>'
        '</tuv></tu><tu><tuv lang="EN"><seg>Old style</seg></tuv><tuv lang="KO">'
        '<seg>옛 형식</seg></tuv></tu><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv></tu>'
        "</body></tmx>",
        encoding="utf-8",
    )
    assert import_tmx(fresh, other) == 2
    assert fresh.lookup("Old style")[0].target == "옛 형식"


def test_hostile_and_broken_tmx_change_nothing(memory: SqliteMemory, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.tmx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;">]><tmx version="1.4"><body><tu>'
        '<tuv xml:lang="en"><seg>&b;</seg></tuv><tuv xml:lang="ko"><seg>x</seg>'
        "</tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="entities"):
        import_tmx(memory, bomb)
    broken = tmp_path / "broken.tmx"
    broken.write_text(
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>New one</seg>'
        '</tuv><tuv xml:lang="ko"><seg>새것</seg></tuv></tu><tu><tuv>',
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="well-formed"):
        import_tmx(memory, broken)
    assert memory.count() == 3  # nothing half-imported
    french = tmp_path / "fr.tmx"
    french.write_text(
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Hi</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Salut</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    with pytest.raises(ImportFormatError, match="no en→ko"):
        import_tmx(memory, french)


def test_cli_tm_and_translate_with_tm_only(tmp_path: Path) -> None:
    tmx = tmp_path / "mem.tmx"
    with SqliteMemory() as store:
        store.add(
            [TmUnit("If not, here is what you missed.", "그렇지 않다면 놓친 내용은 이렇습니다.")]
        )
        export_tmx_memory(store, tmx)
    imported = run_cli("tm", "import", tmx)
    assert imported.returncode == 0, imported.stderr
    assert user_memory_path().exists()
    lookup = run_cli("tm", "lookup", "If not, here is what you missed.")
    assert "100%" in lookup.stdout
    project = tmp_path / "p.cxproj"
    samples = Path(__file__).resolve().parent.parent / "resources" / "samples"
    assert run_cli("new", samples / "locchat-recap.en.txt", "-o", project).returncode == 0
    result = run_cli("translate", project, "--engine", "tm")
    assert result.returncode == 1  # only one segment could be filled offline
    assert "from memory 1" in result.stdout
