"""Foundation benchmarks (figures, not a timed test).

1. Import a generated article with 5,000 tweets, as HTML and as text (goal < 3 s each),
   until the project file is written.
2. Open a 20,000-segment project until its first rows are available (goal < 0.5 s).
"""

from __future__ import annotations

import html
import sys
import tempfile
import time
from pathlib import Path

from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet
from cxeditor.services import create_project_from_files
from cxeditor.store import Project

TWEETS = 5_000
SEGMENTS = 20_000


def tweet_text(i: int) -> str:
    return (
        f"A{i % 9 + 1}: Customers notice when your #CXTweetChat{i % 7} tag breaks. "
        f"Thanks @host_{i % 13} for hosting! https://t.co/Ab{i:06d} 🚀"
    )


def generated_text(tweets: int) -> str:
    lines = ["#CXTweetChat recap: five thousand tweets", "Published: 2019-11-21"]
    for i in range(tweets):
        if i % 5 == 0:
            lines.append(f"Paragraph {i}. The chat moved on to topic {i}. Everyone agreed.")
        lines.append(tweet_text(i))
        lines.append(f"— Person {i} (@person_{i}) October 25, 2019")
    return "\n".join(lines) + "\n"


def generated_html(tweets: int) -> str:
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>#CXTweetChat recap</title></head><body><nav>Home</nav><article>",
        "<h1>#CXTweetChat recap: five thousand tweets</h1>",
        "<p>Published: 2019-11-21</p>",
    ]
    for i in range(tweets):
        if i % 5 == 0:
            parts.append(f"<p>Paragraph {i}. The chat moved on to topic {i}. Everyone agreed.</p>")
        parts.append(
            f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{html.escape(tweet_text(i))}'
            f"</p>&mdash; Person {i} (@person_{i}) "
            f'<a href="https://twitter.com/person_{i}/status/{10**18 + i}">October 25, 2019</a>'
            "</blockquote>"
        )
    parts.append("</article><footer>Comments</footer></body></html>")
    return "\n".join(parts)


def bench_import(folder: Path) -> None:
    for suffix, content in ((".txt", generated_text(TWEETS)), (".html", generated_html(TWEETS))):
        source = folder / f"big{suffix}"
        source.write_text(content, encoding="utf-8")
        output = folder / f"big{suffix}.cxproj"
        started = time.perf_counter()
        result = create_project_from_files(output, source=source)
        elapsed = time.perf_counter() - started
        print(
            f"import {TWEETS} tweets from {suffix:5}: {elapsed:6.2f} s  "
            f"({result.tweets} tweets, {result.segments} segments; goal < 3 s)"
        )


def bench_open(folder: Path) -> None:
    blocks = []
    for i in range(SEGMENTS // 4):
        blocks.append(
            Block(
                BlockKind.PARAGRAPH,
                [
                    Segment(
                        f"Sentence {i}.{j} about #CXTweetChat and @host.",
                        f"문장 {i}.{j}.",
                        Status.DRAFT,
                    )
                    for j in range(3)
                ],
            )
        )
        blocks.append(
            Block(
                BlockKind.TWEET,
                [Segment(tweet_text(i))],
                tweet=Tweet(f"Person {i}", f"person_{i}", "2019-10-25"),
            )
        )
    path = folder / "big20k.cxproj"
    Project.create(path, Article(ArticleMeta(title="20k"), blocks))
    started = time.perf_counter()
    project = Project.open(path)
    article = project.load_article()
    first_row = next(article.segments())
    elapsed = time.perf_counter() - started
    project.close()
    print(
        f"open {article.segment_count()}-segment project to first rows: {elapsed:6.3f} s  "
        f"(first: {first_row.source[:20]!r}; goal < 0.5 s)"
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        bench_import(Path(folder))
        bench_open(Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
