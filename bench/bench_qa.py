"""QA's recall and precision on the annotated corpus, beside the code before this
work; then QA over a 20,000-segment project with a 100-term glossary (goal < 1 s),
beside pofilter on the same units.

The corpus (tests/data/qa-corpus/) is scored by tests/qa_corpus.py, per kind of
defect: gold count, found, fixes offered and right, false findings, and the warnings
on the clean translations. The baseline is the same script run over another
revision's cxeditor (default: where this branch left main), unpacked by `git archive`.
Goal: >= 90% of the rule-catchable defects found, every offered fix right, no false
warning or error, no warning on clean Korean.

pofilter is translate-toolkit's QA (its StandardChecker); it does not know tweets or
Korean, so that comparison is of speed only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translate.filters import checks
from translate.storage import pypo

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.qa.forked import available_processes
from cxeditor.qa.runner import run_qa
from cxeditor.store import Project
from cxeditor.tm.glossary import GlossaryEntry

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = 20_000
GLOSSARY_TERMS = 100
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


def build_article(segments: int = SEGMENTS) -> Article:
    blocks = []
    for i in range(segments):
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


def user_glossary() -> list[GlossaryEntry]:
    """A realistic user glossary: brands and tags kept as they are, terms with their
    Korean translation, a few forbidden ones; two of them occur in the bench text."""
    entries = [GlossaryEntry("#LocChat", "#LocChat", dnt=True)]
    entries.append(GlossaryEntry("answers", "답변"))
    for number in range(GLOSSARY_TERMS // 2 - 1):
        entries.append(GlossaryEntry(f"Brand{number}", f"Brand{number}", dnt=True))
    for number in range(GLOSSARY_TERMS - len(entries)):
        entries.append(GlossaryEntry(f"term {number}", f"용어{number}", forbidden=number % 10 == 0))
    return entries


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


def _corpus_scores(code: Path | None) -> dict[str, Any]:
    """tests/qa_corpus.py's scores, over this checkout's cxeditor or the one in `code`."""
    environment = dict(os.environ)
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "qa_corpus.py")],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
        cwd=code or ROOT,
    )
    scores: dict[str, Any] = json.loads(result.stdout)
    return scores


def _baseline_scores(revision: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        # resources/ ships inside the package (pyproject's package-dir)
        (Path(folder) / "cxeditor" / "resources").symlink_to(Path(folder) / "resources")
        return _corpus_scores(Path(folder))


def _totals(scores: dict[str, Any]) -> dict[str, int]:
    totals = dict.fromkeys(("gold", "found", "fixes_offered", "fixes_right", "false"), 0)
    for kind, figures in scores["kinds"].items():
        if kind != "meaning":
            for key in totals:
                totals[key] += figures[key]
    return totals


def print_corpus(revision: str) -> None:
    ours = _corpus_scores(None)
    theirs = _baseline_scores(revision)
    print(f"QA on the annotated corpus: this checkout | baseline {revision}")
    print("  (gold found fixes-right/offered false; goal >= 90% found, all fixes right, 0 false)")
    for mode in ("aligned", "review"):
        print(f"  {mode} ({'with' if mode == 'aligned' else 'without'} the English source):")
        kinds = sorted(set(ours[mode]["kinds"]) | set(theirs[mode]["kinds"]))
        for kind in kinds:
            row = []
            for scores in (ours, theirs):
                k = scores[mode]["kinds"].get(kind)
                row.append(
                    f"{k['gold']:>3} {k['found']:>3} {k['fixes_right']:>3}/{k['fixes_offered']:<3}"
                    f"{k['false']:>3}"
                    if k
                    else " " * 17
                )
            print(f"    {kind:<18} {row[0]}  |  {row[1]}")
        for label, scores in (("this checkout", ours), ("baseline", theirs)):
            t = _totals(scores[mode])
            share = t["found"] / t["gold"] if t["gold"] else 0.0
            print(
                f"    {label:<14} found {t['found']}/{t['gold']} ({share:.0%}), fixes right "
                f"{t['fixes_right']}/{t['fixes_offered']}, false findings {t['false']}, "
                f"warnings on clean Korean {scores[mode]['clean_false']}"
            )
    for kind in ("missed", "wrong_fixes", "false_findings"):
        items = ours["aligned"][kind] + ours["review"][kind]
        if items:
            print(f"  this checkout, {kind.replace('_', ' ')}:")
            for item in items:
                print(f"    {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("segments", nargs="?", type=int, default=SEGMENTS)
    parser.add_argument(
        "--baseline", default=None, help="git revision to compare the corpus scores with"
    )
    parser.add_argument("--corpus-only", action="store_true")
    args = parser.parse_args()
    baseline = (
        args.baseline
        or subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    print_corpus(baseline)
    if args.corpus_only:
        return 0
    article = build_article(args.segments)
    glossary = user_glossary()
    first_started = time.perf_counter()
    findings = run_qa(article)
    first = time.perf_counter() - first_started
    one = _best_of(3, lambda: run_qa(article))
    processes = available_processes()
    shared = _best_of(3, lambda: run_qa(article, processes=processes))
    assert run_qa(article, processes=processes) == findings
    with_glossary = _best_of(3, lambda: run_qa(article, glossary=glossary))
    command = _command_line_seconds(build_article(args.segments))
    units = []
    for segment in article.segments():
        unit = pypo.pounit(segment.source)
        unit.target = segment.target
        units.append(unit)
    checker = checks.StandardChecker()
    started = time.perf_counter()
    flagged = sum(1 for unit in units if checker.run_filters(unit))
    theirs = time.perf_counter() - started
    print(f"cxeditor QA, {args.segments} segments, {len(findings)} findings (goal < 1 s):")
    print(f"  one process:  {one:6.3f} s best of 3 (first run {first:.3f} s; the editor's way)")
    print(f"  {processes} processes: {shared:6.3f} s best of 3 (the command line's way)")
    print(f"  one process with a {len(glossary)}-term glossary: {with_glossary:6.3f} s best of 3")
    print(
        f"  the whole `cxeditor qa P`: {command:6.3f} s best of 3 (start-up, reading the "
        "project, printing every finding)"
    )
    print(f"pofilter StandardChecker, same units: {theirs:6.3f} s, {flagged} units flagged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
