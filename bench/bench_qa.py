"""QA over a 20,000-segment project (goal < 1 s), beside pofilter on the same units.

pofilter is translate-toolkit's QA (its StandardChecker); it does not know tweets or
Korean, so the comparison is of speed only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from translate.filters import checks
from translate.storage import pypo

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.qa.forked import available_processes
from cxeditor.qa.runner import run_qa
from cxeditor.store import Project

SEGMENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
PAIRS = [
    (
        "Did you catch last Thursday's #LocChat? Thanks @ExampleCorp!",
        "지난 목요일의 #LocChat을 보셨나요? @examplecorp에게 감사!",
    ),
    (
        "A1: Trust is built in the small moments. #LocChat https://t.co/Ab12Cd34Ef",
        "A1: 신뢰는 작은 순간에 쌓입니다. #Loc채팅 https://t.co/ Ab12Cd34Ef",
    ),
    (
        "We saw a 3x jump in replies on October 25, 2019. #WorldCXDay2024",
        "2019년 10월 25일에 답글이 3배 늘었습니다. #월드CX데이2024",
    ),
    (
        "The answers were candid, and a few of them were surprising.",
        "답변은 솔직했고 그 중 몇 가지는 놀라웠습니다 .",
    ),
]


def build_article() -> Article:
    blocks = []
    for i in range(SEGMENTS):
        source, target = PAIRS[i % len(PAIRS)]
        # Every text distinct, as in a real article (no cache can help).
        source = source.replace("small", f"small {i}")
        target = target.replace("작은", f"{i}번째 작은").replace("답변은", f"답변 {i}은")
        segment = Segment(source, target, Status.DRAFT, id=i + 1)
        if i % 2:
            blocks.append(
                Block(
                    BlockKind.TWEET,
                    [segment],
                    tweet=Tweet(f"Person {i}", f"person_{i % 300}", "2019-10-25"),
                )
            )
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, [segment]))
    return Article(ArticleMeta(title="bench"), blocks)


def _best_of(runs: int, job: Callable[[], object]) -> float:
    """The fastest of a few runs, as timeit reports: the others measure the machine's
    other work as well."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def _command_line_seconds(article: Article) -> float:
    """The command a user types, end to end, on the same article saved as a project."""
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "bench.cxproj"
        Project.create(project, article)
        command = [sys.executable, "-m", "cxeditor", "qa", str(project)]
        return _best_of(3, lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=False))


def main() -> int:
    article = build_article()
    first_started = time.perf_counter()
    findings = run_qa(article)
    first = time.perf_counter() - first_started
    one = _best_of(3, lambda: run_qa(article))
    processes = available_processes()
    shared = _best_of(3, lambda: run_qa(article, processes=processes))
    assert run_qa(article, processes=processes) == findings
    command = _command_line_seconds(build_article())
    units = []
    for segment in article.segments():
        unit = pypo.pounit(segment.source)
        unit.target = segment.target
        units.append(unit)
    checker = checks.StandardChecker()
    started = time.perf_counter()
    flagged = sum(1 for unit in units if checker.run_filters(unit))
    theirs = time.perf_counter() - started
    print(f"cxeditor QA, {SEGMENTS} segments, {len(findings)} findings (goal < 1 s):")
    print(f"  one process:  {one:6.3f} s best of 3 (first run {first:.3f} s; the editor's way)")
    print(f"  {processes} processes: {shared:6.3f} s best of 3 (the command line's way)")
    print(
        f"  the whole `cxeditor qa P`: {command:6.3f} s best of 3 (start-up, reading the "
        "project, printing every finding)"
    )
    print(f"pofilter StandardChecker, same units: {theirs:6.3f} s, {flagged} units flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
