"""The whole project as JSON, in the shape DESIGN.md fixes for outside scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cxeditor.fileio import write_text_atomically
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, ArticleMeta, Block


def meta_to_json(meta: ArticleMeta) -> dict[str, Any]:
    return {
        "title": meta.title,
        "published": meta.published,
        "source_lang": meta.source_lang,
        "target_lang": meta.target_lang,
        "source_url": meta.source_url,
        "author": meta.author,
        "source_file": meta.source_file,
        "signed_off_by": meta.signed_off_by,
        "signed_off_at": meta.signed_off_at,
        "name_policy": meta.name_policy,
    }


def block_to_json(block: Block) -> dict[str, Any]:
    tweet = block.tweet
    return {
        "kind": block.kind.value,
        "tweet": {"name": tweet.name, "handle": tweet.handle, "date": tweet.date, "url": tweet.url}
        if tweet
        else None,
        "segments": [
            {
                "id": segment.id,
                "source": segment.source,
                "target": segment.target,
                "status": segment.status.value,
            }
            for segment in block.segments
        ],
    }


def article_to_json(article: Article) -> dict[str, Any]:
    return {
        "meta": meta_to_json(article.meta),
        "blocks": [block_to_json(block) for block in article.blocks],
    }


def export_json(
    article: Article,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> None:
    if cancel:
        cancel.check()
    text = json.dumps(article_to_json(article), ensure_ascii=False, indent=2) + "\n"
    write_text_atomically(path, text)
    progress(1, 1, "")
