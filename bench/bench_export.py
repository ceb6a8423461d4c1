"""Export a 2,000-segment article to .docx (goal <= 5 s) and HTML (goal <= 0.5 s)."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from cxeditor.formats.docx_export import export_docx
from cxeditor.formats.html_export import export_html
from cxeditor.model import Article, ArticleMeta, Block, BlockKind, Segment, Status, Tweet

SEGMENTS = 2_000


def build_article() -> Article:
    blocks = [Block(BlockKind.TITLE, [Segment("Recap", "#CXTweetChat 요약", Status.APPROVED)])]
    for i in range(SEGMENTS - 1):
        if i % 3 == 0:
            blocks.append(
                Block(
                    BlockKind.TWEET,
                    [
                        Segment(
                            f"A{i % 9}: tweet {i}",
                            f"A{i % 9}: {i}번째 트윗 #CXTweetChat에서 @SAP_CX와 함께 "
                            f"https://t.co/Ab{i:06d} 🚀",
                            Status.APPROVED,
                        )
                    ],
                    tweet=Tweet(
                        f"Person {i}",
                        f"person_{i}",
                        "2019-10-25",
                        f"https://twitter.com/person_{i}/status/{10**18 + i}",
                    ),
                )
            )
        else:
            blocks.append(
                Block(
                    BlockKind.PARAGRAPH,
                    [
                        Segment(
                            f"Sentence {i}.",
                            f"{i}번째 문장에서는 고객 경험(CX)을 이야기했습니다.",
                            Status.APPROVED,
                        )
                    ],
                )
            )
    return Article(ArticleMeta(title="Recap", author="bench"), blocks)


def main() -> int:
    article = build_article()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        export_docx(article, Path(folder) / "a.docx")
        docx_time = time.perf_counter() - started
        started = time.perf_counter()
        export_html(article, Path(folder) / "a.html")
        html_time = time.perf_counter() - started
    print(f"export {SEGMENTS} segments to .docx: {docx_time:6.2f} s (goal <= 5 s)")
    print(f"export {SEGMENTS} segments to HTML:  {html_time:6.3f} s (goal <= 0.5 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
