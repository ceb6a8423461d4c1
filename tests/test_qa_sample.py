"""QA on the flawed Korean MT of the sample: every listed defect found, no false errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.qa.base import Finding, Severity
from cxeditor.qa.runner import apply_fixes, run_qa
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"

# The defects listed in resources/samples/README.md: (check, a fragment of the target).
DEFECTS = [
    ("glued-metadata", "게시 됨: 2024-03-14"),
    ("particle-on-token", "#LocChat을"),
    ("garbled-hashtag", "WorldCXDay2024"),  # "#" lost
    ("punctuation-spacing", "놀라웠습니다 ."),
    ("garbled-hashtag", "#Loc채팅"),
    ("broken-url", "https://t.co/ Ab12Cd34Ef"),
    ("name-policy", "미나 박"),
    ("mention-case", "@examplecorp"),
    ("chat-label", "답3:"),
    ("particle-on-token", "#CX는"),
    ("hashtag-variant", "#locchat"),
    ("translated-hashtag", "#월드CX데이2024"),
    ("name-policy", "아르준 메타"),
]
CORRECT_TOKENS = [
    "#i18n",
    "@ExampleCorp",
    "https://t.co/Zz9Yy8Xx7W",
    "https://t.co/Qq1Rr2Ss3T",
    "A1:",
    "A2:",
    "A4:",
    "A5:",
    "📚",
]


@pytest.fixture(params=["review", "aligned"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / f"{request.param}.cxproj"
    source = SAMPLES / "locchat-recap.en.txt" if request.param == "aligned" else None
    create_project_from_files(path, source=source, translation=SAMPLES / "locchat-recap.ko-mt.txt")
    return path


def findings_with_targets(path: Path) -> tuple[list[Finding], dict[int, str], dict[int, str]]:
    with Project.open(path, readonly=True) as project:
        article = project.load_article()
    targets = {s.id: s.target for s in article.segments() if s.id is not None}
    names = {
        b.segments[0].id: " ".join(c.text for c in b.segments[0].comments) + b.tweet.name
        for b in article.tweets()
        if b.tweet and b.segments and b.segments[0].id
    }
    return run_qa(article), targets, names


def test_every_listed_defect_is_reported(project: Path) -> None:
    findings, targets, names = findings_with_targets(project)
    for check, fragment in DEFECTS:
        hits = [
            f
            for f in findings
            if f.check == check
            and (
                fragment in f.text
                or fragment in f.message
                or fragment in targets[f.segment][max(0, f.start - 12) : f.end + 2]
                or fragment in names.get(f.segment, "")
            )
        ]
        assert hits, f"{check} not reported for {fragment!r}"


def test_no_error_on_a_correct_token(project: Path) -> None:
    findings, _targets, _names = findings_with_targets(project)
    for finding in findings:
        if finding.severity is Severity.ERROR:
            for token in CORRECT_TOKENS:
                assert token not in finding.text, finding


def test_fix_applies_unambiguous_fixes_and_keeps_status(project: Path) -> None:
    with Project.open(project) as opened:
        findings = run_qa(opened.load_article())
        fixed = apply_fixes(opened, findings)
        assert fixed >= 6
        article = opened.load_article()
        text = "\n".join(s.target for s in article.segments())
        for repaired in (
            "#WorldCXDay2024를",
            "https://t.co/Ab12Cd34Ef",
            "@ExampleCorp에게",
            "A3: 절대",
            "#LocChat #WorldCXDay2024",
            "놀라웠습니다.",
        ):
            assert repaired in text
        assert "#Loc채팅" not in text
        assert all(s.status.value == "draft" for s in article.segments())
        changed = [h for s in article.segments() if s.id for h in opened.history(s.id)]
        assert changed
        assert {h.who for h in changed} == {"qa"}
    remaining = [f for f in run_qa(article) if f.severity is Severity.ERROR]
    assert [f.text for f in remaining] == ["#CX는"]


def test_cli_json_contract_and_exit_codes(project: Path) -> None:
    result = run_cli("qa", project, "--json")
    assert result.returncode == 1  # errors found
    data = json.loads(result.stdout)
    assert data
    for item in data:
        assert set(item) == {
            "segment",
            "check",
            "severity",
            "message",
            "text",
            "start",
            "end",
            "fix",
        }
        assert item["severity"] in {"error", "warning", "info"}
    garbled = next(item for item in data if item["text"] == "#Loc채팅")
    assert garbled["fix"] == "#LocChat"
    assert garbled["check"] == "garbled-hashtag"
