"""The bar of issue 18 on the annotated corpus (tests/data/qa-corpus/), with and
without the English source: >= 90% of the rule-catchable defects found, every offered
fix right, no false warning or error, no warning on the clean Korean translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]
from qa_corpus import CORPUS, Score, score_corpus  # type: ignore[import-not-found]

from cxeditor.services import create_project_from_files
from cxeditor.store import Project


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return score_corpus()


@pytest.mark.parametrize("mode", ["aligned", "review"])
def test_the_bar(scores: dict[str, Score], mode: str) -> None:
    score = scores[mode]
    total = score.total()
    assert total.gold >= 25  # the corpus itself is all there
    assert total.found >= 0.9 * total.gold, score.missed
    assert total.fixes_right == total.fixes_offered, score.wrong_fixes
    assert total.false == 0, score.false_findings
    assert score.clean_false == 0, score.false_findings


def test_cli_fix_applies_only_certain_fixes_and_reports_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mktg.cxproj"
    create_project_from_files(
        path,
        source=CORPUS / "mktgchat-recap.en.txt",
        translation=CORPUS / "mktgchat-recap.ko-mt.txt",
    )
    result = run_cli("qa", path, "--fix")
    assert "Applied" in result.stdout
    # the analyser's spacing and the brand spelling are suggestions, listed, not applied
    assert "suggested fixes left for the editor" in result.stdout
    assert "메일침프 -> Mailchimp" in result.stdout
    with Project.open(path, readonly=True) as project:
        text = "\n".join(s.target for s in project.load_article().segments())
    for certain in ("#EmailMarketing", "https://t.co/Rk4Ws9PqLm", "A2. 일주일", "#MktgChat"):
        assert certain in text
    assert "#MktgCaht" not in text
    assert "\u200b" not in text
    assert "메일침프" in text  # left for the editor
    assert "참여 했습니다" in text
    data = json.loads(run_cli("qa", path, "--json").stdout)
    assert {"korean-spacing", "brand-name"} <= {item["check"] for item in data}
