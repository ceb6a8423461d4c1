"""Two QA jobs at once in threads (the editor's live QA beside a whole run): the
garbage collector stays paused until the last of them ends, then comes back on."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence

import pytest

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status
from cxeditor.qa.base import ArticleContext, Check, Finding, Severity, Unit
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.qa.runner import run_qa

_WAIT = 30.0  # seconds: a bound on a wait that takes milliseconds


class _Overlap(Check):
    """A check that holds its run inside detect until told to go on, noting whether
    the collector was on each time."""

    check_id = "overlap-probe"
    name = "overlap probe"
    severity = Severity.INFO

    def __init__(self, inside: threading.Barrier, go_on: threading.Event) -> None:
        self.inside = inside
        self.go_on = go_on
        self.collector_on: list[bool] = []

    def detect(self, unit: Unit, context: ArticleContext) -> Sequence[Finding]:
        self.inside.wait(_WAIT)  # both runs are inside now
        assert self.go_on.wait(_WAIT)
        self.collector_on.append(gc.isenabled())
        return ()


def _article() -> Article:
    source, target = "Thanks @ExampleCorp! #LocChat", "@examplecorp 감사! #LocChat"
    segment = Segment(source, target, Status.DRAFT, id=1)
    return Article(ArticleMeta(title="threads"), [Block(BlockKind.PARAGRAPH, [segment])])


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_stays_paused_until_the_last_of_two_runs_ends() -> None:
    inside = threading.Barrier(2)
    first_go, second_go = threading.Event(), threading.Event()
    first, second = _Overlap(inside, first_go), _Overlap(inside, second_go)
    errors: list[BaseException] = []

    def run(check: Check) -> None:
        try:
            run_qa(_article(), checks=(check,))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(check,)) for check in (first, second)]
    for thread in threads:
        thread.start()
    first_go.set()  # the first run ends while the second is still inside
    threads[0].join(_WAIT)
    assert not threads[0].is_alive()
    assert not gc.isenabled()  # the second run is still going
    second_go.set()
    threads[1].join(_WAIT)
    assert not errors
    assert first.collector_on == [False]
    assert second.collector_on == [False]
    assert gc.isenabled()  # the last run out turned it back on


@pytest.mark.usefixtures("collector_on")
def test_two_whole_runs_in_threads_find_what_one_finds() -> None:
    alone = run_qa(_article(), checks=ALL_CHECKS)
    results: list[list[Finding]] = []

    def run() -> None:
        results.append(run_qa(_article(), checks=ALL_CHECKS))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(_WAIT)
    assert results == [alone, alone]
    assert gc.isenabled()
