"""The second-look ranking (issue 23, item 3) through `cxeditor qa` in a real process."""

from __future__ import annotations

import json
from pathlib import Path

from cli_runner import run_cli  # type: ignore[import-not-found]
from qa_corpus import CORPUS  # type: ignore[import-not-found]

from cxeditor.qa.base import Finding, Severity
from cxeditor.qa.second_look import rank_segments
from cxeditor.services import create_project_from_files

CONTRACT = {"segment", "check", "severity", "message", "text", "start", "end", "fix"}


def _project(tmp_path: Path, name: str, translation: str) -> Path:
    path = tmp_path / f"{name}.cxproj"
    create_project_from_files(
        path, source=CORPUS / f"{name}.en.txt", translation=CORPUS / f"{name}.{translation}"
    )
    return path


def test_qa_json_keeps_its_contract_and_adds_the_ranking(tmp_path: Path) -> None:
    path = _project(tmp_path, "cxtweetchat-discounts", "ko-mt.txt")
    data = json.loads(run_cli("qa", path, "--json").stdout)
    assert data
    for item in data:
        assert set(item) >= CONTRACT
        assert {"second_look_rank", "second_look_score", "second_look_top"} <= set(item)
    ranked = {item["segment"]: item for item in data if item["second_look_rank"] is not None}
    order = sorted(ranked.values(), key=lambda item: item["second_look_rank"])
    assert [item["second_look_rank"] for item in order] == list(range(1, len(order) + 1))
    scores = [item["second_look_score"] for item in order]
    assert scores == sorted(scores, reverse=True)
    # the flipped negations and comparisons are read first
    top = [item for item in order if item["second_look_top"]]
    assert top
    assert all(item["second_look_score"] >= 3 for item in top)
    # a segment with only token findings is not ranked
    for item in data:
        if item["second_look_rank"] is None:
            assert item["second_look_score"] == 0


def test_qa_second_look_lists_the_ranking(tmp_path: Path) -> None:
    path = _project(tmp_path, "socialchat-voice", "ko-mt.txt")
    result = run_cli("qa", path, "--second-look")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Second look: ")
    first = lines[1].split()
    assert first[0] == "1*"
    assert result.returncode == 0  # suspects are no errors


def test_the_clean_translation_leaves_nothing_to_look_at_again(tmp_path: Path) -> None:
    path = _project(tmp_path, "socialchat-voice", "ko.txt")
    data = json.loads(run_cli("qa", path, "--json").stdout)
    assert all(item["second_look_rank"] is None for item in data)


def test_ranking_weighs_kinds_and_repeats() -> None:
    def finding(segment: int, check: str, severity: Severity = Severity.WARNING) -> Finding:
        return Finding(segment, check, severity, "m", "t", 0, 0)

    ranks = rank_segments(
        [
            finding(1, "literal-idiom"),
            finding(2, "negation-parity"),
            finding(3, "negation-parity", Severity.INFO),
            finding(3, "garbled-hashtag"),  # not a meaning suspect
            finding(4, "named-thing"),
            finding(4, "named-thing"),
        ],
        segments=30,
    )
    assert [(r.segment, r.score) for r in ranks] == [(2, 3.0), (4, 3.0), (1, 2.0), (3, 1.5)]
    assert [r.top for r in ranks] == [True, True, True, False]  # a tenth of 30
