"""Kiwi in its helper process: the same readings as in this process, a caller that
will not wait is never kept waiting, a dead helper costs no finding, and QA over a
large article with spacing mistakes finds the same in one process and in several."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator

import pytest

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.qa import forked
from cxeditor.qa.live import LiveQa
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import run_qa
from cxeditor.text import spacing

TEXTS = {
    "채팅은 프리야 네어가 진행 했습니다.": [(14, 15, "", "parted")],
    "그는 보고싶은 영화를 봐야합니다 오늘": [(4, 5, "고 ", "glued"), (13, 14, "야 ", "glued")],
    "할수있다": [(0, 1, "할 ", "glued"), (1, 2, "수 ", "glued")],
    "해야 합니다. 그것은 점수를 올리는 것이 됩니다.": [],
}


def _errors(found: list[spacing.SpacingError] | None) -> list[tuple[int, int, str, str]]:
    assert found is not None
    return [tuple(error) for error in found]


def _wait_until_ready(text: str) -> list[spacing.SpacingError]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = spacing.find_spacing_errors(text, wait=False)
        if found is not None:
            return found
        time.sleep(0.05)
    raise AssertionError("Kiwi's helper was not ready within two minutes")


@pytest.fixture(autouse=True)
def _fresh_helper() -> Iterator[None]:
    spacing.shut_down()
    yield
    spacing.shut_down()
    spacing._kiwi = None  # a test that loaded Kiwi here: the next starts a helper again


def test_the_helper_reads_as_kiwi_does_here() -> None:
    by_helper = spacing.find_spacing_errors_in(list(TEXTS))
    assert by_helper is not None
    assert spacing._helper is not None  # the helper answered, not Kiwi here
    assert spacing._kiwi is None
    assert [_errors(found) for found in by_helper] == list(TEXTS.values())


def test_a_caller_that_will_not_wait_is_not_kept_waiting() -> None:
    text = "채팅은 프리야 네어가 진행 했습니다."
    started = time.monotonic()
    assert spacing.find_spacing_errors(text, wait=False) is None  # the load has begun
    assert time.monotonic() - started < 0.5  # a Kiwi load is a second or more
    assert _errors(_wait_until_ready(text)) == TEXTS[text]


def test_a_dead_helper_costs_no_finding() -> None:
    text = "할수있다"
    assert _errors(spacing.find_spacing_errors(text)) == TEXTS[text]
    helper = spacing._helper
    assert helper is not None
    os.kill(helper.process.pid, signal.SIGKILL)
    helper.process.wait()
    assert _errors(spacing.find_spacing_errors(text)) == TEXTS[text]  # Kiwi here, then


def test_a_helper_ends_with_shut_down() -> None:
    spacing.warm_up()
    helper = spacing._helper
    assert helper is not None
    spacing.shut_down()
    assert helper.process.poll() is not None


def _article_with_spacing_mistakes(segments: int) -> Article:
    blocks = []
    for number in range(1, segments + 1):
        if number % 50 == 0:  # a mistake only Kiwi confirms
            target = f"오늘 채팅에 참여 했습니다 {number}명의 모든 분께 감사드립니다!"
        else:
            target = f"답변 {number}은 솔직했고 #LocChat을 보셨나요 ?"
        segment = Segment(f"Answer {number} #LocChat", target, Status.DRAFT, id=number)
        blocks.append(Block(BlockKind.PARAGRAPH, [segment]))
    return Article(ArticleMeta(title="spacing"), blocks)


def test_forked_runs_find_the_spacing_mistakes_in_their_place() -> None:
    article = _article_with_spacing_mistakes(2 * forked.MIN_UNITS_PER_PROCESS)
    alone = run_qa(article)
    spaced = [f for f in alone if f.check == "korean-spacing"]
    assert len(spaced) == len(list(article.segments())) // 50
    assert run_qa(article, processes=2) == alone


def test_live_recheck_does_not_wait_for_kiwi() -> None:
    article = Article(
        ArticleMeta(title="live"),
        [Block(BlockKind.PARAGRAPH, [Segment("We joined.", "참여했습니다.", Status.DRAFT, id=1)])],
    )
    live = LiveQa.run(article, checks=ALL_CHECKS)  # nothing suspect: Kiwi not loaded
    assert spacing._helper is None
    started = time.monotonic()
    first = live.check_segment(1, "오늘 참여 했습니다.")
    assert time.monotonic() - started < 0.5
    assert "korean-spacing" not in {f.check for f in first}  # Kiwi is still loading
    _wait_until_ready("오늘 참여 했습니다.")
    later = live.check_segment(1, "오늘 참여 했습니다.")
    assert [(f.check, f.text) for f in later if f.check == "korean-spacing"] == [
        ("korean-spacing", " ")
    ]
