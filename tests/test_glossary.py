"""The glossary: matching with Korean particles, files, proposals, QA checks, CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.errors import ImportFormatError
from cxeditor.formats import import_article
from cxeditor.model import Article, Block, BlockKind, Segment
from cxeditor.qa.base import Severity
from cxeditor.qa.registry import CHECKS_BY_ID
from cxeditor.qa.runner import run_qa
from cxeditor.tm.glossary import (
    Glossary,
    GlossaryEntry,
    TermIndex,
    contains_term,
    propose_terms,
)
from cxeditor.tm.glossary_io import read_glossary_file, write_glossary_file

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"
ENTRIES = [
    GlossaryEntry("Twitter", dnt=True, case_sensitive=True),
    GlossaryEntry("glossary", "용어집", note="product term"),
    GlossaryEntry("machine translation", "기계 번역"),
    GlossaryEntry("tweet", "트윗", forbidden=False),
    GlossaryEntry("signs off", "사인오프", forbidden=True),
]


def qa(source: str, target: str, check: str) -> list[tuple[str, str | None, Severity]]:
    article = Article(blocks=[Block(BlockKind.PARAGRAPH, [Segment(source, target, id=1)])])
    return [
        (f.text, f.fix, f.severity)
        for f in run_qa(article, checks=[CHECKS_BY_ID[check]], glossary=ENTRIES)
    ]


def test_particles_attach_to_kept_terms() -> None:
    assert contains_term("Twitter를 통해", "Twitter", case_sensitive=True)
    assert contains_term("#Twitter에서", "Twitter", case_sensitive=True)
    assert not contains_term("Twitterverse", "Twitter", case_sensitive=True)
    assert not contains_term("twitter를", "Twitter", case_sensitive=True)


def test_dnt_changed_both_ways() -> None:
    assert qa("Follow us on Twitter.", "Twitter를 팔로우하세요.", "dnt-changed") == []
    assert qa("Follow us on Twitter.", "twitter를 팔로우하세요.", "dnt-changed") == [
        ("twitter", "Twitter", Severity.ERROR)
    ]
    assert (
        qa("Follow us on Twitter.", "트위터를 팔로우하세요.", "dnt-changed")[0][2] is Severity.ERROR
    )
    # The spacing error is a different check's business; the term itself is kept.
    assert qa("Follow us on Twitter.", "Twitter 를 팔로우하세요.", "dnt-changed") == []
    assert run_qa(
        Article(
            blocks=[Block(BlockKind.PARAGRAPH, [Segment("Via Twitter.", "Twitter 를 통해", id=1)])]
        ),
        checks=[CHECKS_BY_ID["particle-spacing"]],
    )


def test_glossary_term_required_and_forbidden() -> None:
    assert qa("Keep a glossary.", "용어집을 유지하세요.", "glossary-term") == []
    found = qa("Keep a glossary.", "단어장을 유지하세요.", "glossary-term")
    assert found == [("", None, Severity.WARNING)]
    forbidden = qa("Who signs off first?", "누가 먼저 사인오프합니까?", "glossary-term")
    assert forbidden[0][0] == "사인오프"
    assert forbidden[0][2] is Severity.ERROR


def test_terms_that_overlap_or_begin_alike_are_all_checked() -> None:
    entries = [
        GlossaryEntry("social media", "소셜 미디어"),
        GlossaryEntry("Social", "소셜"),
        GlossaryEntry("media kit", "미디어 키트"),
        GlossaryEntry("kit", "키트"),
        GlossaryEntry("term 1", "용어 1"),
        GlossaryEntry("term 10", "용어 10"),
    ]
    article = Article(
        blocks=[
            Block(BlockKind.PARAGRAPH, [Segment("Our Social media kit, term 10.", "번역", id=1)])
        ]
    )
    found = run_qa(article, checks=[CHECKS_BY_ID["glossary-term"]], glossary=entries)
    # every term there as a word ("term 1" is inside "term 10": no word of its own)
    assert [f.message.split(" should")[0] for f in found] == [
        "social media",
        "Social",
        "media kit",
        "kit",
        "term 10",
    ]
    # the index's candidates are the entries whose term is a substring in any case
    index = TermIndex(entries)
    for text in ("Our Social media kit, term 10.", "TERM 1", "no terms", "", "kitsocial"):
        lowered = text.lower()
        assert index.candidates(text) == [e for e in entries if e.source.lower() in lowered]


def test_csv_and_tbx_round_trip(tmp_path: Path) -> None:
    for name in ("terms.csv", "terms.tbx"):
        path = tmp_path / name
        write_glossary_file(ENTRIES, path)
        back = read_glossary_file(path)
        assert [e.source for e in back] == [e.source for e in ENTRIES]
        assert next(e for e in back if e.source == "glossary").target == "용어집"
        assert next(e for e in back if e.source == "Twitter").dnt


def test_csv_from_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "source,target,dnt,note\n#LocChat,,yes,campaign tag\nreview,검토,,\n", encoding="utf-8-sig"
    )
    entries = read_glossary_file(path)
    assert entries[0] == GlossaryEntry("#LocChat", "", dnt=True, note="campaign tag")
    assert entries[1].target == "검토"


def test_bad_glossary_files(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY a "aaaa">]><martif/>', encoding="utf-8"
    )
    with pytest.raises(ImportFormatError, match="entities"):
        read_glossary_file(bomb)
    headerless = tmp_path / "plain.csv"
    headerless.write_text("Twitter;트위터\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="source"):
        read_glossary_file(headerless)
    with pytest.raises(ImportFormatError, match=r"\.csv or \.tbx"):
        read_glossary_file(tmp_path / "terms.xlsx")


def test_proposals_from_an_article() -> None:
    article = import_article(SAMPLES / "locchat-recap.en.txt")
    proposals = {e.source: e for e in propose_terms(article)}
    for term in ("#LocChat", "#WorldCXDay2024", "#i18n", "@ExampleCorp", "@minapark_cx"):
        assert term in proposals
        assert proposals[term].dnt
    assert "#LocChat" not in {e.source for e in propose_terms(article, known=["#locchat"])}


def test_glossary_store_and_cli(tmp_path: Path) -> None:
    store = Glossary(tmp_path / "g.sqlite")
    store.add(ENTRIES)
    assert [hit.entry.source for hit in store.hits("Keep a glossary on Twitter.")] == [
        "glossary",
        "Twitter",
    ]
    store.dismiss_proposal("#LocChat")
    assert store.dismissed() == {"#LocChat"}
    store.close()
    csv_file = tmp_path / "in.csv"
    write_glossary_file(ENTRIES, csv_file)
    assert run_cli("glossary", "import", csv_file).returncode == 0
    listed = run_cli("glossary", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Twitter\t\tDNT" in listed.stdout
    project = tmp_path / "p.cxproj"
    assert run_cli("new", SAMPLES / "locchat-recap.html", "-o", project).returncode == 0
    proposed = run_cli("glossary", "propose", project, "--accept")
    assert proposed.returncode == 0, proposed.stderr
    assert "#LocChat" in proposed.stdout
