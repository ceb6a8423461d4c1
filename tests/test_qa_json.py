"""`cxeditor qa --json` writes its findings row by row (cli/qa_cmd.py): the bytes must
be exactly those json.dumps(..., ensure_ascii=False) writes, Korean, escapes and the
second-look ranking included."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli  # type: ignore[import-not-found]
from qa_corpus import CORPUS  # type: ignore[import-not-found]

from cxeditor.cli.qa_cmd import findings_json
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.qa.base import Finding, Severity
from cxeditor.qa.runner import run_qa
from cxeditor.qa.second_look import NO_RANK, rank_segments, ranking_fields
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

# Texts that need escaping in JSON: quotes, backslashes, control characters, the line
# separators JavaScript chokes on, an emoji outside the BMP, and Korean.
PAIRS = [
    ('He said "wow" \\o/ #LocChat', '그는 "와" \\o/ 라고 했다 #Loc채팅'),
    ("Tabs\tand\nnewlines @ExampleCorp", "탭\t과\n줄바꿈 @examplecorp에게\u2028감사\x01"),
    ("Thanks 🎉 https://t.co/Ab12Cd34Ef", "감사 🎉 https://t.co/ Ab12Cd34Ef \u2029"),
    ("We saw a 3x jump on October 25, 2019.", "2019년 10월 25일에 3배 늘었습니다 ."),
]


def _dumped(findings: list[Finding], fields: dict[int, dict[str, object]]) -> str:
    rows = [{**f.to_json(), **fields.get(f.segment, NO_RANK)} for f in findings]
    return json.dumps(rows, ensure_ascii=False)


def test_the_writer_matches_json_dumps_on_real_findings() -> None:
    blocks = []
    for number in range(1, 41):
        source, target = PAIRS[number % len(PAIRS)]
        segment = Segment(source, target, Status.DRAFT, id=number)
        tweet = Tweet("Ann Lee", "annlee", "2019-10-25") if number % 2 else None
        kind = BlockKind.TWEET if tweet else BlockKind.PARAGRAPH
        blocks.append(Block(kind, [segment], tweet=tweet))
    findings = run_qa(Article(ArticleMeta(title="json"), blocks))
    findings += [  # a finding with everything to escape, and one without a fix
        Finding(1, "x", Severity.INFO, 'a "b" \\ \x00 \x1f \u2028 한', '"\t"', 0, 3, "\\n"),
        Finding(2, "x", Severity.ERROR, "m", "", 0, 0, None, certain=False),
    ]
    fields = ranking_fields(rank_segments(findings, 40))
    assert any(rank["second_look_rank"] for rank in fields.values())
    assert any(f.fix is None for f in findings)
    assert any(f.fix for f in findings)
    assert findings_json(findings, fields) == _dumped(findings, fields)
    assert findings_json([], fields) == "[]"


def test_the_command_prints_what_json_dumps_would(tmp_path: Path) -> None:
    path = tmp_path / "discounts.cxproj"
    create_project_from_files(
        path,
        source=CORPUS / "cxtweetchat-discounts.en.txt",
        translation=CORPUS / "cxtweetchat-discounts.ko-mt.txt",
    )
    blocks = [
        Block(BlockKind.PARAGRAPH, [Segment(source, target, Status.DRAFT)])
        for source, target in PAIRS
    ]
    escapes = tmp_path / "escapes.cxproj"
    Project.create(escapes, Article(ArticleMeta(title="escapes"), blocks))
    for project in (path, escapes):
        result = run_cli("qa", project, "--json")
        data = json.loads(result.stdout)
        assert data
        assert result.stdout == json.dumps(data, ensure_ascii=False) + "\n"
    assert '\\"' in result.stdout
    assert "\\t" in result.stdout
