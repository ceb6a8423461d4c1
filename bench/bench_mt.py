"""Pre-translate 300 segments through a local LibreTranslate-compatible server with 80 ms
latency per request; compare with a naive sequential loop of deep-translator calls on the
same server (goal: at least 6x faster), count tokens lost (goal: 0 silent) and the
requests a second run sends (goal: 0).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from deep_translator import LibreTranslator

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from mt_server import Behaviour, LibreServer

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Tweet
from cxeditor.mt.engines import LibreEngine
from cxeditor.mt.runner import pretranslate
from cxeditor.store import Project
from cxeditor.text.damage import MT_TOKEN_PROBLEM
from cxeditor.text.entities import extract

SEGMENTS = 300
LATENCY = 0.08


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


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.cxproj"
        build(path)
        with LibreServer(Behaviour(latency=LATENCY)) as server:
            translator = LibreTranslator(
                source="en", target="ko", api_key="k", custom_url=server.url, use_free_api=False
            )
            started = time.perf_counter()
            for i in range(SEGMENTS):
                translator.translate(source_text(i))
            naive = time.perf_counter() - started
            with Project.open(path) as project:
                started = time.perf_counter()
                first = pretranslate(project, LibreEngine(server.url))
                ours = time.perf_counter() - started
                second = pretranslate(project, LibreEngine(server.url))
        lost = tokens_lost_silently(path)
    print(f"naive sequential deep-translator loop: {naive:6.2f} s for {SEGMENTS} segments")
    print(
        f"cxeditor pre-translation:              {ours:6.2f} s "
        f"({naive / ours:.1f}x faster; goal >= 6x), {first.requests} requests"
    )
    print(
        f"tokens lost silently: {lost} (goal 0); segments flagged for a token check: "
        f"{first.with_problems}"
    )
    print(f"requests sent by a second run: {second.requests} (goal 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
