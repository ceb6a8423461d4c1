"""Pre-translate 300 segments through each engine's local stub (its provider's wire
format) with 80 ms latency per request, against a naive sequential loop on the same
stub (goal: at least 6x faster for each engine); count tokens lost silently (goal: 0)
and the requests a second run sends (goal: 0); then three engines competing per
segment against one engine alone (goal: at most 1.5x its time).

The naive loop is deep-translator's own `translate` loop where deep-translator can talk
to the stub (google-web, mymemory, libre). Where it cannot (its DeepL client sends the
key as a URL parameter, which DeepL refuses; its Papago endpoint was shut down; its
Microsoft client fetches the language list from the internet when built; it has no
Google Cloud or OpenAI client) it is the same loop shape: one text per request, each
awaited before the next, through the provider's documented API. The naive loop is
timed on its first 60 segments and scaled to 300 (its time is latency, linear in count).
"""

from __future__ import annotations

import contextlib
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
from cxeditor.qa.runner import run_qa
from cxeditor.store import Project
from cxeditor.text.damage import MT_TOKEN_PROBLEM
from cxeditor.text.entities import extract

SEGMENTS = 300
NAIVE_SAMPLE = 60
LATENCY = 0.08
ENGINES = ("deepl", "microsoft", "google", "papago", "openai", "mymemory", "google-web", "libre")
COMPETE = ("deepl", "microsoft", "openai")

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


def _judge(article: Article) -> list[int]:
    """How the CLI judges competing engines: QA, one segment id per finding."""
    return [finding.segment for finding in run_qa(article)]


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
    folder: Path, engines: Sequence[Engine], tag: str, checked: list[str] | None = None
) -> tuple[float, int, int, int]:
    """Seconds, requests, tokens lost silently, requests of a second run (and, into
    `checked`, how many outputs of each engine QA checked)."""
    path = folder / f"{tag}.cxproj"
    build(path)
    with Project.open(path) as project:
        started = time.perf_counter()
        first = pretranslate(project, engines, judge=_judge)
        seconds = time.perf_counter() - started
    with Project.open(path) as project:  # a run over a pre-translated project sends nothing
        second = pretranslate(project, engines, judge=_judge)
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
def stub_process() -> Iterator[EngineStubs]:
    """The stubs in a process of their own, as a real server would be: in this one they
    would share the client's GIL and time the harness, not the client. Competing engines
    answer differently there, so QA has to score every segment."""
    script = Path(__file__).resolve().parent.parent / "tests" / "engine_stubs.py"
    with subprocess.Popen(
        [sys.executable, str(script), str(LATENCY), "--distinct"],
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
    rows = []
    with tempfile.TemporaryDirectory() as name_of_folder:
        folder = Path(name_of_folder)
        with stub_process() as stubs:
            for name in ENGINES:
                if name == "libre":
                    continue
                url = stubs.base(name)
                naive, how = naive_loop(name, url)
                ours, requests, lost, again = run_ours(folder, [engine_for(name, url)], name)
                rows.append((name, naive, how, ours, requests, lost, again))
            one, *_rest = run_ours(folder, [engine_for("deepl", stubs.base("deepl"))], "one")
            alone = {
                n: run_ours(folder, [engine_for(n, stubs.base(n))], f"alone-{n}")[0]
                for n in COMPETE
            }
            checked: list[str] = []
            three, requests3, lost3, again3 = run_ours(
                folder, [engine_for(n, stubs.base(n)) for n in COMPETE], "three", checked
            )
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
    print(
        f"compare run, {' + '.join(COMPETE)} competing per segment: {three:.2f} s "
        f"({requests3} requests, {lost3} tokens lost silently, {again3} on a 2nd run) "
        f"vs deepl alone {one:.2f} s: {three / one:.2f}x (goal <= 1.5x); outputs QA "
        f"checked: {', '.join(checked)} (an engine is checked where it could still win)"
    )
    slowest = max(alone, key=lambda n: alone[n])
    print(
        "each alone: "
        + ", ".join(f"{n} {t:.2f} s" for n, t in alone.items())
        + f"; against the slowest ({slowest}): {three / alone[slowest]:.2f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
