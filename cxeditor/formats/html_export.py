"""The finished Korean article as one standalone HTML5 page (Jinja2, autoescaped).

Tweets use the standard `<blockquote class="twitter-tweet">` markup so a CMS can embed
them; Twitter's widget script is added only when asked for (no external requests
otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2

from cxeditor import __version__
from cxeditor.fileio import write_text_atomically
from cxeditor.formats.docx_export import attribution_parts
from cxeditor.formats.links import (
    Run,
    known_tags_of,
    published_text,
    text_runs,
    tweet_permalink,
    xml_safe,
)
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Article, BlockKind

TEMPLATE = "article.html.j2"


@dataclass(slots=True)
class BlockView:
    kind: str
    lines: list[list[Run]]
    level: int = 2
    attribution: str = ""
    date: str | None = None
    url: str | None = None


def _lines(runs: list[Run]) -> list[list[Run]]:
    """Runs split at line breaks (a tweet keeps its lines as <br>)."""
    lines: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for index, part in enumerate(parts):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Run(part, run.url))
    return lines


def _environment() -> jinja2.Environment:
    folder = resources.files("cxeditor.resources") / "templates"

    def load(name: str) -> str:
        return (folder / name).read_text(encoding="utf-8")

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(load), autoescape=True, keep_trailing_newline=True
    )


def render_html(article: Article, *, widget_script: bool = False) -> str:
    known = known_tags_of(article)
    views = []
    title = article.meta.title
    for block in article.blocks:
        text = xml_safe(published_text(block))  # HTML forbids the same control characters
        if block.kind is BlockKind.TITLE:
            title = text
        view = BlockView(
            block.kind.value, _lines(text_runs(text, known)), level=min(max(block.level, 2), 6)
        )
        if block.tweet is not None:
            attribution, view.date = attribution_parts(block.tweet)
            view.attribution = xml_safe(attribution)
            view.url = tweet_permalink(block.tweet.url)  # the project may be hand-made
        views.append(view)
    template = _environment().get_template(TEMPLATE)
    return template.render(
        lang="ko",
        title=xml_safe(title),
        author=xml_safe(article.meta.author or ""),
        published=article.meta.published,
        blocks=views,
        widget_script=widget_script,
        version=__version__,
    )


def export_html(
    article: Article,
    path: Path,
    *,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
    widget_script: bool = False,
) -> None:
    if cancel:
        cancel.check()
    write_text_atomically(path, render_html(article, widget_script=widget_script))
    progress(1, 1, "")
