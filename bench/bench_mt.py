"""Pre-translate 300 segments through each engine's local stub (its provider's wire
format) with 80 ms latency per request, against a naive sequential loop on the same
stub (goal: at least 6x faster for each engine); count tokens lost silently (goal: 0)
and the requests a second run sends (goal: 0); then three engines competing per
segment against each of them alone (goal: at most 1.5x the time of one engine alone).

Which one: competing cannot end before its slowest member has answered, so the bar is
measured against the slowest of the three alone; the ratio to the fastest alone is
printed beside it. The compare run and the three lone runs are timed in turns, a round
at a time (the machine may be shared), and the medians are compared, as is each round's
own ratio.

The naive loop is deep-translator's own `translate` loop where deep-translator can talk
to the stub (google-web, mymemory, libre). Where it cannot (its DeepL client sends the
key as a URL parameter, which DeepL refuses; its Papago endpoint was shut down; its
Microsoft client fetches the language list from the internet when built; it has no
Google Cloud or OpenAI client) it is the same loop shape: one text per request, each
awaited before the next, through the provider's documented API. The naive loop is
timed on its first 60 segments and scaled to 300 (its time is latency, linear in count).

`--worst` runs only the compare run's worst case (every output with QA findings), for
measuring that bar again and again without the rest.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from deep_translator import GoogleTranslator, LibreTranslator, MyMemoryTranslator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from engine_stubs import KEYS, MICROSOFT_REGION, OPENAI_MODEL, EngineStubs
from mt_server import Behaviour, LibreServer

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Tweet
from cxeditor.mt.engines import Engine, make_engine
from cxeditor.mt.protect import mask
from cxeditor.mt.runner import pretranslate
from cxeditor.qa.candidates import CandidateQa
from cxeditor.store import Project
from cxeditor.text.damage import MT_TOKEN_PROBLEM
from cxeditor.text.entities import extract

SEGMENTS = 300
NAIVE_SAMPLE = 60
LATENCY = 0.08
ENGINES = ("deepl", "microsoft", "google", "papago", "openai", "mymemory", "google-web", "libre")
COMPETE = ("deepl", "microsoft", "openai")
ROUNDS = 7  # compare run and lone runs, timed in turns

WORDS = (
    "journey",
    "channel",
    "brand",
    "team",
    "moment",
    "reply",
    "review",
    "glossary",
    "market",
    "signal",
    "support",
    "feedback",
    "loyalty",
    "service",
    "product",
)


def source_text(i: int) -> str:
    # Every text differs outside its tokens too, so no two segments share a request.
    words = " ".join(WORDS[(i // len(WORDS) ** k) % len(WORDS)] for k in range(3))
    return (
        f"A{i % 9 + 1}: Customers notice when #CXTweetChat{i % 7} breaks their {words}. "
        f"Thanks @host_{i % 13}! {i % 90 + 10}% agree. 🚀 https://t.co/Ab{i:06d}"
    )


def build(path: Path) -> None:
    blocks = [
        Block(
            BlockKind.TWEET, [Segment(source_text(i))], tweet=Tweet(f"P{i}", f"p{i}", "2019-10-25")
        )
        for i in range(SEGMENTS)
    ]
    Project.create(path, Article(ArticleMeta(title="bench"), blocks))


def tokens_lost_silently(path: Path) -> int:
    lost = 0
    with Project.open(path, readonly=True) as project:
        for segment in project.load_article().segments():
            flagged = any(c.text.startswith(MT_TOKEN_PROBLEM) for c in segment.comments)
            for entity in extract(segment.source):
                if entity.text not in segment.target and not flagged:
                    lost += 1
    return lost


def engine_for(name: str, url: str) -> Engine:
    return make_engine(
        name,
        url=url,
        api_key=KEYS.get(name),
        region=MICROSOFT_REGION,
        model=OPENAI_MODEL,
        timeout=10,
    )


def naive_loop(name: str, url: str) -> tuple[float, str]:
    """Seconds for SEGMENTS texts sent one by one, and what did the sending."""
    texts = [mask(source_text(i)).text for i in range(NAIVE_SAMPLE)]
    call: Callable[[str], object]
    how = "deep-translator"
    if name == "google-web":
        translator = GoogleTranslator(source="en", target="ko")
        translator._base_url = url
        call = translator.translate
    elif name == "mymemory":
        translator = MyMemoryTranslator(source="en-US", target="ko-KR")
        translator._base_url = url + "/get"
        call = translator.translate
    elif name == "libre":
        translator = LibreTranslator(
            source="en", target="ko", api_key="k", custom_url=url, use_free_api=False
        )
        call = translator.translate
    else:
        engine = engine_for(name, url)
        how = "one text per request"

        def call(text: str) -> object:
            return engine.translate_batch([text], "en", "ko")

    started = time.perf_counter()
    for text in texts:
        call(text)
    return (time.perf_counter() - started) * SEGMENTS / NAIVE_SAMPLE, how


def run_ours(
    folder: Path,
    engines: Sequence[Engine],
    tag: str,
    checked: list[str] | None = None,
    cpu: list[float] | None = None,
) -> tuple[float, int, int, int]:
    """Seconds, requests, tokens lost silently, requests of a second run (and, into
    `checked`, how many outputs of each engine QA checked; into `cpu`, the processor
    time this process spent)."""
    path = folder / f"{tag}.cxproj"
    build(path)
    with Project.open(path) as project:
        started, started_cpu = time.perf_counter(), time.process_time()
        first = pretranslate(project, engines, judge=CandidateQa)  # as the CLI judges
        seconds = time.perf_counter() - started
        if cpu is not None:
            cpu.append(time.process_time() - started_cpu)
    with Project.open(path) as project:  # a run over a pre-translated project sends nothing
        second = pretranslate(project, engines, judge=CandidateQa)
    assert first.left == 0, (tag, first.error)
    if checked is not None:
        checked.extend(f"{stats.engine} {stats.checked}" for stats in first.engines)
    return seconds, first.requests, tokens_lost_silently(path), second.requests


class _Remote(EngineStubs):
    """The stubs' URLs, for a server running in another process."""

    def __init__(self, url: str) -> None:  # no socket of its own
        self._url = url

    @property
    def url(self) -> str:
        return self._url


@contextlib.contextmanager
def stub_process(mode: str = "--distinct") -> Iterator[EngineStubs]:
    """The stubs in a process of their own, as a real server would be: in this one they
    would share the client's GIL and time the harness, not the client. Competing engines
    answer differently there: with `--distinct` all in English (every output has QA
    findings, so QA checks every output of every engine: the worst case), with
    `--korean` in Korean, each engine leaving some texts in English (QA checks a later
    engine's output only where the earlier ones' had findings)."""
    script = Path(__file__).resolve().parent.parent / "tests" / "engine_stubs.py"
    with subprocess.Popen(
        [sys.executable, str(script), str(LATENCY), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        assert process.stdin is not None
        try:
            yield _Remote(process.stdout.readline().strip())
        finally:
            process.stdin.close()
            process.wait(timeout=10)


def main() -> int:
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory() as name_of_folder:
        folder = Path(name_of_folder)
        if "--worst" in sys.argv[1:]:
            with stub_process() as stubs:
                worst = compare_rounds(folder, stubs, "worst")
            worst.report("worst case: every output in English, so QA checks every output")
            print(f"load average (1, 5, 15 min) before: {_load(load_before)}; after: {_load()}")
            return 0
        with stub_process() as stubs:
            for name in ENGINES:
                if name == "libre":
                    continue
                url = stubs.base(name)
                naive, how = naive_loop(name, url)
                ours, requests, lost, again = run_ours(folder, [engine_for(name, url)], name)
                rows.append((name, naive, how, ours, requests, lost, again))
            worst = compare_rounds(folder, stubs, "worst")
        with stub_process("--korean") as stubs:
            mostly_good = compare_rounds(folder, stubs, "korean")
        with LibreServer(Behaviour(latency=LATENCY)) as server:
            naive, how = naive_loop("libre", server.url)
            ours, requests, lost, again = run_ours(
                folder, [engine_for("libre", server.url)], "libre"
            )
            rows.append(("libre", naive, how, ours, requests, lost, again))
    print(f"Pre-translating {SEGMENTS} segments, {LATENCY * 1000:.0f} ms latency per request")
    print(
        f"{'engine':<11} {'naive loop':>10}  {'cxeditor':>8}  {'speed-up':>8}  "
        f"{'requests':>8}  {'lost':>4}  {'2nd run':>7}  naive loop by"
    )
    for name, naive, how, ours, requests, lost, again in rows:
        print(
            f"{name:<11} {naive:>8.2f} s  {ours:>6.2f} s  {naive / ours:>7.1f}x  "
            f"{requests:>8}  {lost:>4}  {again:>7}  {how}"
        )
    print("goals: speed-up >= 6x for each engine, 0 tokens lost silently, 0 requests on a 2nd run")
    mostly_good.report(
        "engines answering in Korean, each leaving some texts in English "
        "(deepl 1 in 4, microsoft 1 in 3, openai 1 in 2)"
    )
    worst.report("worst case: every output in English, so QA checks every output")
    print(f"load average (1, 5, 15 min) before: {_load(load_before)}; after: {_load()}")
    return 0


def _load(figures: tuple[float, float, float] | None = None) -> str:
    return " ".join(f"{x:.2f}" for x in figures or os.getloadavg())


class Compare:
    """The compare run's rounds: each round times every engine alone and the three
    competing, in an order that turns with the round."""

    def __init__(self) -> None:
        self.alone: dict[str, list[float]] = {name: [] for name in COMPETE}
        self.three: list[float] = []
        self.cpu: dict[str, list[float]] = {name: [] for name in [*COMPETE, "three"]}
        self.checked: list[str] = []
        self.requests = self.lost = self.again = 0

    def report(self, workload: str) -> None:
        alone = {name: statistics.median(times) for name, times in self.alone.items()}
        three = statistics.median(self.three)
        slowest = max(alone, key=lambda name: alone[name])
        fastest = min(alone, key=lambda name: alone[name])
        per_round_slowest = [
            t / max(self.alone[n][i] for n in COMPETE) for i, t in enumerate(self.three)
        ]
        per_round_fastest = [
            t / min(self.alone[n][i] for n in COMPETE) for i, t in enumerate(self.three)
        ]
        print(f"compare run, {workload}:")
        print(
            f"  {' + '.join(COMPETE)} competing per segment, median of "
            f"{len(self.three)} rounds: {three:.2f} s ({self.requests} requests, {self.lost} "
            f"tokens lost silently, {self.again} on a 2nd run); outputs QA checked: "
            f"{', '.join(self.checked)} (an engine is checked where it could still win)"
        )
        print(
            "  each alone (baseline), median: "
            + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in alone.items())
        )
        print(
            f"  against the slowest alone ({slowest} {alone[slowest]:.2f} s): "
            f"{three / alone[slowest]:.2f}x (goal <= 1.5x; per round: "
            f"{', '.join(f'{r:.2f}' for r in per_round_slowest)})"
        )
        print(
            f"  against the fastest alone ({fastest} {alone[fastest]:.2f} s): "
            f"{three / alone[fastest]:.2f}x (for information; per round: "
            f"{', '.join(f'{r:.2f}' for r in per_round_fastest)})"
        )
        print(
            f"  median of the rounds' own ratios: {statistics.median(per_round_slowest):.2f}x "
            f"the slowest, {statistics.median(per_round_fastest):.2f}x the fastest"
        )
        cpu = {name: statistics.median(times) for name, times in self.cpu.items()}
        print(
            f"  processor time of this process, median: competing {cpu['three']:.2f} s; "
            + ", ".join(f"{name} alone {cpu[name]:.2f} s" for name in COMPETE)
        )


def compare_rounds(folder: Path, stubs: EngineStubs, workload: str) -> Compare:
    compare = Compare()
    runs = [*COMPETE, "three"]
    for round_ in range(ROUNDS):
        for name in runs[round_ % len(runs) :] + runs[: round_ % len(runs)]:
            tag = f"{workload}-{name}-{round_}"
            if name != "three":
                compare.alone[name].append(
                    run_ours(
                        folder, [engine_for(name, stubs.base(name))], tag, cpu=compare.cpu[name]
                    )[0]
                )
                continue
            checked: list[str] = []
            engines = [engine_for(n, stubs.base(n)) for n in COMPETE]
            seconds, compare.requests, compare.lost, compare.again = run_ours(
                folder, engines, tag, checked, compare.cpu["three"]
            )
            compare.three.append(seconds)
            compare.checked = checked
    return compare


if __name__ == "__main__":
    sys.exit(main())
