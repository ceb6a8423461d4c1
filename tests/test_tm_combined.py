"""The project's own memory and the user's, searched as one."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli  # type: ignore[import-not-found]

from cxeditor.model import Article, Block, BlockKind, Segment, Status
from cxeditor.services import create_project_from_files
from cxeditor.store import Project
from cxeditor.tm.combined import (
    PROJECT,
    USER,
    CombinedMemory,
    project_memory,
    remembered_units,
)
from cxeditor.tm.memory import SqliteMemory, TmUnit, user_memory_path

SAMPLES = Path(__file__).resolve().parent.parent / "resources" / "samples"


def _article() -> Article:
    segments = [
        Segment(
            "Thanks for joining #LocChat today.",
            "오늘 #LocChat에 참여해 주셔서 감사합니다.",
            Status.APPROVED,
            id=1,
        ),
        Segment("Q1: What builds trust?", "Q1: 무엇이 신뢰를 쌓나요?", Status.TRANSLATED, id=2),
        Segment("A1: Small moments.", "A1: 작은 순간들.", Status.REJECTED, id=3),
        Segment("See you next week.", "다음 주에 만나요.", Status.DRAFT, id=4),
    ]
    return Article(blocks=[Block(BlockKind.PARAGRAPH, [s]) for s in segments])


def test_only_confirmed_and_approved_segments_are_remembered_with_context() -> None:
    units = remembered_units(_article())
    assert [u.source for u in units] == [
        "Thanks for joining #LocChat today.",
        "Q1: What builds trust?",
    ]
    assert units[1].previous == "Thanks for joining #LocChat today."
    assert units[1].next == "A1: Small moments."
    assert [u.source for u in remembered_units(_article(), [2, 3])] == ["Q1: What builds trust?"]


def test_project_matches_come_first_and_duplicates_count_once(
    request: pytest.FixtureRequest,
) -> None:
    user = SqliteMemory()
    request.addfinalizer(user.close)
    user.add(
        [
            TmUnit(
                "Thanks for joining #LocChat today.", "오늘 #LocChat에 참여해 주셔서 감사합니다."
            ),
            TmUnit("Thanks for joining #LocChat today.", "오늘 #LocChat 참여 감사!"),
        ]
    )
    own = project_memory(_article())
    request.addfinalizer(own.close)
    combined = CombinedMemory([(PROJECT, own), (USER, user)])
    found = combined.lookup("Thanks for joining #CXTweetChat today.")
    assert [(m.memory, m.target) for m in found] == [
        (PROJECT, "오늘 #CXTweetChat에 참여해 주셔서 감사합니다."),
        (USER, "오늘 #CXTweetChat 참여 감사!"),
    ]
    assert combined.best("Q1: What builds trust?") == ("Q1: 무엇이 신뢰를 쌓나요?", 100)
    assert combined.best("A1: Small moments.") is None  # rejected: not in any memory
    assert next(u.target for u in combined.concordance("LocChat")).startswith("오늘")


def test_cli_lookup_searches_the_project_too(tmp_path: Path) -> None:
    path = tmp_path / "p.cxproj"
    create_project_from_files(path, source=SAMPLES / "locchat-recap.en.txt")
    with Project.open(path) as project:
        first = next(project.load_article().segments())
        assert first.id is not None
        project.update_segment(first.id, target="#LocChat 요약: 신뢰", status=Status.TRANSLATED)
    alone = run_cli("tm", "lookup", first.source)
    assert alone.returncode == 1  # the user's memory is empty
    both = run_cli("tm", "lookup", first.source, "--project", path)
    assert both.returncode == 0, both.stderr
    assert "100%" in both.stdout
    assert "project" in both.stdout
    assert "#LocChat 요약: 신뢰" in both.stdout
    if user_memory_path().exists():
        with SqliteMemory(user_memory_path()) as user:
            assert user.count() == 0
