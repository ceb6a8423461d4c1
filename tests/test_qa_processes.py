"""QA shared among forked processes finds exactly what one process finds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from cxeditor.jobs import CancelFlag, Cancelled
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.qa import forked
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import run_qa
from cxeditor.text import spacing

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="QA forks only on Linux"
)

PAIRS = [
    ("Did you catch #LocChat? Thanks @ExampleCorp!", "#LocChat을 보셨나요? @examplecorp에게 감사!"),
    (
        "A1: Trust is built. #LocChat https://t.co/Ab12Cd34Ef",
        "답1. 신뢰가 쌓입니다. #Loc채팅 https://t.co/ Ab12",
    ),
    ("On October 25, 2019 we saw 3x. #WorldCXDay2024", "2019년 10월 26일에 3배. #월드CX데이2024"),
    ("The answers were candid.", "답변은 솔직했습니다 ."),
]


def large_article(segments: int) -> Article:
    blocks = []
    for number in range(1, segments + 1):
        source, target = PAIRS[number % len(PAIRS)]
        segment = Segment(f"{source} {number}", f"{target} {number}", Status.DRAFT, id=number)
        if number % 2:
            tweet = Tweet(f"Person {number}", f"person_{number % 50}", "2019-10-25")
            blocks.append(Block(BlockKind.TWEET, [segment], tweet=tweet))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, [segment]))
    return Article(ArticleMeta(title="large"), blocks)


@pytest.fixture(scope="module")
def article() -> Article:
    return large_article(3 * forked.MIN_UNITS_PER_PROCESS)


def test_processes_find_what_one_process_finds(article: Article) -> None:
    alone = run_qa(article)
    assert len(alone) > 3 * forked.MIN_UNITS_PER_PROCESS  # every segment has defects
    assert run_qa(article, processes=3) == alone
    assert [f.segment for f in alone] == sorted(f.segment for f in alone)


class FailsInChildren(Check):
    """A check that cannot run in a forked child: its slice must be redone."""

    check_id = "fails-in-children"
    name = "fails in children"
    severity = Severity.INFO

    def __init__(self, parent: int) -> None:
        self.parent = parent

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        if os.getpid() != self.parent:
            raise RuntimeError("not here")
        return [self.finding(unit, "seen", 0, 0)]


def test_a_failed_child_loses_nothing(article: Article) -> None:
    checks = (*ALL_CHECKS[:3], FailsInChildren(os.getpid()))
    alone = run_qa(article, checks=checks)
    assert sum(f.check == "fails-in-children" for f in alone) == len(list(article.segments()))
    assert run_qa(article, checks=checks, processes=2) == alone
    spacing.shut_down()  # Kiwi's helper, a child that stays for the process's life
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


def test_cancel_stops_the_children(article: Article) -> None:
    flag = CancelFlag()
    flag.cancel()
    with pytest.raises(Cancelled):
        run_qa(article, processes=2, cancel=flag)
    spacing.shut_down()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_small_articles_and_threads_stay_in_one_process() -> None:
    small = large_article(forked.MIN_UNITS_PER_PROCESS)  # not enough for two
    assert run_qa(small, processes=4) == run_qa(small)
    assert forked.available_processes() >= 1


class Pid(Check):
    """Reports which process checked each unit."""

    check_id = "pid"
    name = "pid"
    severity = Severity.INFO

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        return [self.finding(unit, str(os.getpid()), 0, 0)]


_IN_A_FRESH_PROCESS = """
import json, sys
sys.path.insert(0, {tests!r})
import os
from test_qa_processes import FailsInChildren, Pid, large_article
from cxeditor.qa.forked import MIN_UNITS_PER_PROCESS, available_processes
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import run_qa
article = large_article(2 * MIN_UNITS_PER_PROCESS)
checks = (*ALL_CHECKS, Pid())
shared = run_qa(article, checks=checks, processes=2)
alone = run_qa(article, checks=checks)
strip = lambda found: [f for f in found if f.check != "pid"]
failing = (*ALL_CHECKS[:3], FailsInChildren(os.getpid()))
recovered = run_qa(article, checks=failing, processes=2) == run_qa(article, checks=failing)
print(json.dumps({{
    "available": available_processes(),
    "pids": sorted({{f.message for f in shared if f.check == "pid"}}),
    "same": strip(shared) == strip(alone),
    "count": len(strip(alone)),
    "recovered": recovered,
}}))
"""


def test_a_run_really_forks_where_it_can() -> None:
    """The test process itself may have threads (the GUI tests leave some), so a
    fresh interpreter shows the run shared between two processes."""
    tests = str(Path(__file__).resolve().parent)
    result = subprocess.run(
        [sys.executable, "-c", _IN_A_FRESH_PROCESS.format(tests=tests)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(result.stdout)
    if report["available"] < 2:
        pytest.skip("this machine has one core")
    assert len(report["pids"]) == 2
    assert report["same"]
    assert report["count"] > 0
    assert report["recovered"]  # a child that failed had its share redone


def test_no_process_to_be_had_means_checking_here(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the system refuses a fork (process limit, memory), the run still completes."""

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    alone = run_qa(article)
    monkeypatch.setattr(forked, "available_processes", lambda: 2)
    monkeypatch.setattr(forked.os, "fork", refuse)
    assert run_qa(article, processes=2) == alone
