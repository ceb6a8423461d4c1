"""QA's recall and precision on the annotated corpus, beside the code before this
work; then QA over a 20,000-segment project with a 100-term glossary (goal < 1 s),
beside a baseline revision's code and pofilter on the same units.

The corpus (tests/data/qa-corpus/) is scored by tests/qa_corpus.py, per kind of
defect: gold count, found, fixes offered and right, false findings, and the warnings
on the clean translations. The baseline is the same script run over another
revision's cxeditor (default: main before issue 18's checks; `--baseline main` for
today's main), unpacked by `git archive`. Goal: >= 90% of the rule-catchable defects
found, every offered fix right, no false warning or error, no warning on clean Korean.

The held-out articles (tests/data/qa-heldout/: loyaltychat-recap, and
cxtweetchat-bothandoff and cxtweetchat-storereturns, written before their author read
cxeditor/qa/) are scored per article and in total (`--heldout-only` prints just
them). First scores of the two new ones, before any check was changed for them
(aligned = with the English source | review = Korean alone):
  bothandoff    17/20 (85%) fixes 11/11, 1 false finding: none | 16/19 (84%), 10/10,
                1 false (mention-case on an author's own @intercom in a tweet), and the
                same false warning on the clean translation;
  storereturns  19/23 (83%), 12/12, 4 false (one entity-missing and three
                number-mismatch: the importer split "1 p.m. ET" after "p.m." and so
                misaligned the last paragraph) | 18/22 (82%), 9/9, 0 false;
  all three     51/61 (84%), 31/31, 4 false, 0 on clean | 48/58 (83%), 25/25, 1 false,
                1 on clean.
  Misses: spacing 6 of 9 (해결 한, 측정하는것, 싶어하지, 픽업한적이, and loyaltychat's
  공정 하다고, 알수), brands in Hangul in prose 2 of 5 (세포라, 쇼피파이), a numeric
  US date (5/22), a dropped # before a tag with a particle (CXTweetChat. at the end of
  a misaligned segment, aligned only), a URL broken after "://" (review only).
After general changes for those misses (korean-spacing's patterns, short brand
names with a vowel check, handles in tweets keep their author's casing, a URL split
after its scheme, "p.m. ET" no sentence end, month/day dates without a year): 61/61
with the source, 58/58 without, 76/76 offered fixes right, 0 false findings, 0
warnings on the clean translations; the existing corpus stays 30/30 (29/29 without
the source) with nothing false. Those later figures are no held-out measure any more:
the changes were made for these misses (the rules are general, but a new article is
the honest test).
`--corpus-text` times QA over the annotated articles' own lines (real Korean MT, every
defect kind) instead of the four synthetic pairs.

pofilter is translate-toolkit's QA (its StandardChecker); it does not know tweets or
Korean, so that comparison is of speed only.

Timings: this checkout and the baseline are timed in turns, in fresh processes over
the same article, and the fastest of all turns is kept: on a shared machine, a figure
taken minutes apart from its baseline measures the neighbours. The bar's figure is
"one process, 100-term glossary"; its CPU time is printed too (on a loaded machine
the wall time measures the neighbours, the ratio of CPU times less so). Each check is
also timed alone over the whole article (the run minus the context; work a check
shares with others, such as the token matching, is counted once, in the first check
that asks). The whole `cxeditor qa P --json` command runs with the same glossary as
the user's glossary, each side once before the timed turns and from its bytecode, as
an installed cxeditor starts (PYTHONDONTWRITEBYTECODE, set on the shared machine, is
dropped: compiling every module from source added about 0.05 s of CPU to each run).

`--spacing-every N` gives one segment in N a Korean spacing mistake, the kind that
needs kiwipiepy. Each worker gets a user cache folder of its own: "cold" is a fresh
one (Kiwi loads in its helper process during the first run: the first run of a
process, and every command), "cached" one that a cold run filled (Kiwi's readings of
unchanged texts come from the cache: no Kiwi at all). A baseline older than that
cache has none; main's fills its own in its first command run.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _timing import ROOT, best_of, script_json, unpack
from translate.filters import checks
from translate.storage import pypo

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.qa.forked import available_processes
from cxeditor.qa.runner import run_qa
from cxeditor.store import Project
from cxeditor.tm.glossary import Glossary, GlossaryEntry

# main just before issue 18's checks (korean-spacing, stray-character, ...) came in
BEFORE_ISSUE_18 = "e481b2a^1"
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


# An MT spacing mistake (a parted ending: 참여 했습니다), only Kiwi can confirm.
SPACING_PAIR = (
    "Thanks to all 0 of you who joined the chat today!",
    "오늘 채팅에 참여 했습니다 0명의 모든 분께 감사드립니다!",
)


# `--corpus-text`: the article's pairs are the annotated articles' own lines (English
# source, Korean MT; every defect kind and real Korean prose), not the four above.
CORPUS_TEXT = False


def corpus_pairs() -> list[tuple[str, str]]:
    pairs = []
    for english in sorted((ROOT / "tests" / "data").glob("qa-*/*.en.txt")):
        korean = english.with_name(english.name.replace(".en.txt", ".ko-mt.txt"))
        en_lines = english.read_text(encoding="utf-8").splitlines()
        ko_lines = korean.read_text(encoding="utf-8").splitlines()
        for source, target in zip(en_lines, ko_lines, strict=True):
            if source.strip() and not source.startswith(("—", "Published")):
                pairs.append((source, target))
    return pairs


def build_article(segments: int = SEGMENTS, spacing_every: int = 0) -> Article:
    blocks = []
    pairs = corpus_pairs() if CORPUS_TEXT else PAIRS
    for i in range(segments):
        source, target = pairs[i % len(pairs)]
        if CORPUS_TEXT:  # every text distinct: a number in both
            source, target = f"{source} ({i})", f"{target} ({i})"
        if spacing_every and i % spacing_every == spacing_every - 1:
            source, target = (text.replace("0", str(i)) for text in SPACING_PAIR)
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


def _timings(segments: int, spacing_every: int, profile: bool) -> dict[str, Any]:
    """The worker: QA timings of whichever cxeditor this process imports."""
    import cxeditor  # noqa: PLC0415
    from cxeditor.jobs import no_progress  # noqa: PLC0415
    from cxeditor.qa import runner  # noqa: PLC0415
    from cxeditor.qa.registry import ALL_CHECKS  # noqa: PLC0415

    # the baseline named it _check_units
    check_units = getattr(runner, "check_units", None) or runner._check_units
    article = build_article(segments, spacing_every)
    glossary = user_glossary()
    started = time.perf_counter()
    findings = run_qa(article, glossary=glossary)
    figures: dict[str, Any] = {
        "code": str(Path(cxeditor.__file__).parent.parent),
        "findings": len(findings),
        "first": time.perf_counter() - started,
    }
    figures["one"] = best_of(3, lambda: run_qa(article))
    figures["glossary"] = best_of(3, lambda: run_qa(article, glossary=glossary))
    figures["glossary_cpu"] = best_of(
        3, clock=time.process_time, job=lambda: run_qa(article, glossary=glossary)
    )
    processes = available_processes()
    figures["processes"] = processes
    figures["shared"] = best_of(3, lambda: run_qa(article, glossary=glossary, processes=processes))
    units = runner.article_units(article)
    figures["context"] = best_of(1, lambda: runner.build_context(article, units))
    context = runner.build_context(article, units)

    def alone(check: Any) -> None:
        for unit in units:  # korean-spacing's Kiwi readings: each timing is a new run's
            unit.analysis.pop("spacing", None)
        if hasattr(check, "start"):  # a run's start (the baseline's checks have none)
            check.start(units)
        check_units(units, context, (check,), no_progress, None)

    figures["checks"] = {
        check.check_id: best_of(3, lambda c=check: alone(c)) for check in ALL_CHECKS
    }
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(run_qa, article, glossary=glossary)
        profiler.print_stats("tottime")
    return figures


def _worker(code: Path | None, segments: int, spacing_every: int, cache: Path) -> dict[str, Any]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    command = [sys.executable, __file__, str(segments), "--worker"]
    command += ["--spacing-every", str(spacing_every)]
    if CORPUS_TEXT:
        command.append("--corpus-text")
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, check=True, cwd=code or ROOT
    )
    figures: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    return figures


_TIMED = ("first", "one", "glossary", "glossary_cpu", "shared", "context")


def _fastest(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = dict(runs[0])
    for key in _TIMED:
        best[key] = min(run[key] for run in runs)
    best["checks"] = {c: min(run["checks"][c] for run in runs) for c in runs[0]["checks"]}
    return best


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def print_timings(revision: str, segments: int, spacing_every: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        unpack(revision, Path(folder) / "code")
        ours_runs, theirs_runs, cached_runs = [], [], []
        for turn in range(rounds):  # in turns: both sides see the same machine
            cold = Path(folder) / f"cache-{turn}"
            ours_runs.append(_worker(None, segments, spacing_every, cold))
            other = Path(folder) / f"baseline-cache-{turn}"
            theirs_runs.append(_worker(Path(folder) / "code", segments, spacing_every, other))
            if spacing_every:  # the same texts again, their readings in the cache
                cached_runs.append(_worker(None, segments, spacing_every, cold))
    ours, theirs = _fastest(ours_runs), _fastest(theirs_runs)
    cached = _fastest(cached_runs) if cached_runs else None
    mistakes = f", one spacing mistake in {spacing_every}" if spacing_every else ""
    print(
        f"QA over {segments} segments{mistakes}: this checkout | baseline {revision}, "
        f"fastest of {rounds} turns each, fresh processes (goal < 1 s); {_load()}"
    )
    if cached is not None:
        print("  (this checkout with Kiwi's readings cached by an earlier run: third column)")
    print(f"  findings                 {ours['findings']:>8} | {theirs['findings']:>8}")
    rows = (
        ("first run of a process" + (" (cold)" if cached else ""), "first"),
        ("one process, no glossary", "one"),
        (f"one process, {GLOSSARY_TERMS}-term glossary", "glossary"),
        ("  the same, CPU time", "glossary_cpu"),
        (f"{ours['processes']} processes, glossary", "shared"),
        ("  of which the context", "context"),
    )
    for label, key in rows:
        line = f"  {label:<36} {ours[key]:6.3f} s | {theirs[key]:6.3f} s"
        if cached is not None:
            line += f" | {cached[key]:6.3f} s"
        ratio = ours[key] / theirs[key] if theirs[key] else 0.0
        print(f"{line}   ({ratio:.2f}x)")
    print("  each check alone over the article, ms (new: not in the baseline):")
    new = 0.0
    order = sorted(ours["checks"], key=lambda c: -ours["checks"][c])
    for check in order:
        mine = ours["checks"][check] * 1000
        old = theirs["checks"].get(check)
        if old is None:
            new += mine
        other = "     new" if old is None else f"{old * 1000:8.1f}"
        print(f"    {check:<26} {mine:8.1f} | {other}")
    mine_total = sum(ours["checks"].values()) * 1000
    old_total = sum(theirs["checks"].values()) * 1000
    print(f"    {'all checks':<26} {mine_total:8.1f} | {old_total:8.1f}  (new ones: {new:.1f})")


def _corpus_scores(code: Path | None) -> dict[str, Any]:
    """tests/qa_corpus.py's scores, over this checkout's cxeditor or the one in `code`."""
    return script_json(ROOT / "tests" / "qa_corpus.py", code)


def _baseline_scores(revision: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        unpack(revision, Path(folder))
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


def _timed_command(command: list[str], code: Path, cache: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the command's and its children's) of one run of `code`'s
    cxeditor (`python -m` takes the package in the working folder first)."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(code)}
    # An installed cxeditor starts from its bytecode: a run compiling every module
    # from source (0.05 s CPU) would measure what no user pays.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, capture_output=True, env=environment, check=False, cwd=code)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def print_command_line(revision: str, segments: int, spacing_every: int, rounds: int) -> None:
    """The whole `cxeditor qa P --json` a user types, with the glossary as the user's
    glossary, this checkout and the baseline in turns."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        code = folder / "code"
        unpack(revision, code)
        project = folder / "bench.cxproj"
        Project.create(project, build_article(segments, spacing_every))
        with Glossary(folder / "data" / "cxeditor" / "glossary.sqlite") as glossary:
            glossary.add(user_glossary())
        os.environ["XDG_DATA_HOME"] = str(folder / "data")
        command = [sys.executable, "-m", "cxeditor", "qa", str(project), "--json"]
        kept, cold = folder / "cache-kept", folder / "cache-cold"
        runs: dict[str, list[tuple[float, float]]] = {"ours": [], "theirs": [], "cold": []}
        _timed_command(command, ROOT, kept)  # writes the bytecode, fills Kiwi's cache
        _timed_command(command, code, folder / "cache-baseline")
        for _ in range(rounds):
            if spacing_every:
                shutil.rmtree(cold, ignore_errors=True)
                runs["cold"].append(_timed_command(command, ROOT, cold))
            runs["ours"].append(_timed_command(command, ROOT, kept))
            runs["theirs"].append(_timed_command(command, code, folder / "cache-baseline"))
        del os.environ["XDG_DATA_HOME"]
    ours, theirs = min(runs["ours"]), min(runs["theirs"])
    cpu_ours = min(cpu for _wall, cpu in runs["ours"])
    cpu_theirs = min(cpu for _wall, cpu in runs["theirs"])
    label = " (Kiwi's readings cached)" if spacing_every else ""
    print(
        f"  the whole `cxeditor qa P --json`{label} (start-up, reading the project and the "
        f"{GLOSSARY_TERMS}-term glossary, printing every finding): {ours[0]:6.3f} s | "
        f"{theirs[0]:6.3f} s ({ours[0] / theirs[0]:.2f}x); CPU {cpu_ours:6.3f} s | "
        f"{cpu_theirs:6.3f} s ({cpu_ours / cpu_theirs:.2f}x)"
    )
    if runs["cold"]:
        cold_run = min(runs["cold"])
        print(
            f"  the same, the cache empty (Kiwi loads): {cold_run[0]:6.3f} s, "
            f"CPU {cold_run[1]:6.3f} s"
        )
    print(f"  ({_load()})")


def print_pofilter(segments: int) -> None:
    article = build_article(segments)
    units = []
    for segment in article.segments():
        unit = pypo.pounit(segment.source)
        unit.target = segment.target
        units.append(unit)
    checker = checks.StandardChecker()
    started = time.perf_counter()
    flagged = sum(1 for unit in units if checker.run_filters(unit))
    theirs = time.perf_counter() - started
    print(f"pofilter StandardChecker, same units: {theirs:6.3f} s, {flagged} units flagged")


def print_heldout() -> None:
    """Per held-out article and in total, per kind: gold, found, fixes right/offered,
    false findings on the MT, warnings on the clean translation; with the source and
    without it side by side."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "qa_corpus.py"), "--heldout"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=True,
        cwd=ROOT,
    )
    each = json.loads(result.stdout)
    print("QA on the held-out articles (tests/data/qa-heldout/, written before QA ran on them):")
    print("  (gold found fixes-right/offered false clean: aligned | review)")
    for name, scores in each.items():
        print(f"  {name}:")
        kinds = sorted(set(scores["aligned"]["kinds"]) | set(scores["review"]["kinds"]))
        for kind in kinds:
            row = []
            for mode in ("aligned", "review"):
                k = scores[mode]["kinds"].get(kind)
                row.append(
                    f"{k['gold']:>3} {k['found']:>3} {k['fixes_right']:>3}/{k['fixes_offered']:<3}"
                    f"{k['false']:>3} {k.get('clean', 0):>3}"
                    if k
                    else " " * 21
                )
            print(f"    {kind:<18} {row[0]}  |  {row[1]}")
        for mode in ("aligned", "review"):
            t = _totals(scores[mode])
            share = t["found"] / t["gold"] if t["gold"] else 0.0
            print(
                f"    {mode:<8} found {t['found']}/{t['gold']} ({share:.0%}), fixes right "
                f"{t['fixes_right']}/{t['fixes_offered']}, false findings {t['false']}, "
                f"warnings on clean Korean {scores[mode]['clean_false']}"
            )
    total = each["total"]
    for mode in ("aligned", "review"):
        for item in total[mode]["missed"] + total[mode]["wrong_fixes"]:
            print(f"    {item}")
        for item in total[mode]["false_findings"]:
            print(f"    false: {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("segments", nargs="?", type=int, default=SEGMENTS)
    parser.add_argument(
        "--baseline",
        default=BEFORE_ISSUE_18,
        help="git revision to compare with (default: main before issue 18's checks)",
    )
    parser.add_argument("--corpus-only", action="store_true")
    parser.add_argument("--heldout-only", action="store_true", help="only the held-out scores")
    parser.add_argument("--timing-only", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each side's timings")
    parser.add_argument(
        "--spacing-every", type=int, default=0, help="one segment in N with a spacing mistake"
    )
    parser.add_argument(
        "--corpus-text",
        action="store_true",
        help="build the timed article from the annotated articles' lines (real Korean MT)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile one run (worker)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global CORPUS_TEXT  # noqa: PLW0603 - the workers' command line carries it too
    CORPUS_TEXT = args.corpus_text
    if args.worker:
        figures = _timings(args.segments, args.spacing_every, args.profile)
        print(json.dumps(figures))
        return 0
    if args.heldout_only:
        print_heldout()
        return 0
    if not args.timing_only:
        print_corpus(args.baseline)
        print_heldout()
    if args.corpus_only:
        return 0
    print_timings(args.baseline, args.segments, args.spacing_every, args.rounds)
    print_command_line(args.baseline, args.segments, args.spacing_every, args.rounds)
    print_pofilter(args.segments)
    return 0


if __name__ == "__main__":
    sys.exit(main())
