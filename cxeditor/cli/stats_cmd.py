"""`cxeditor stats PROJECT [--json]`: counts by status, words, tweets."""

from __future__ import annotations

import argparse
import json

from cxeditor.cli.common import add_project_argument, open_for_reading
from cxeditor.i18n import N_, _
from cxeditor.model import Status

NAME = "stats"
HELP = N_("show segment, status and word counts of a project")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def run(args: argparse.Namespace) -> int:
    with open_for_reading(args.project) as project:
        stats = project.stats()
        meta = project.meta()
    if args.json:
        data = {"title": meta.title, "published": meta.published, **stats.to_json()}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(meta.title)
    print(
        _("Segments: {n} in {blocks} blocks, {tweets} tweets").format(
            n=stats.segments, blocks=stats.blocks, tweets=stats.tweets
        )
    )
    for status in Status:
        print(f"  {status.value:<11} {stats.by_status.get(status.value, 0):>6}")
    print(
        _("Words: {source} source, {target} target").format(
            source=stats.source_words, target=stats.target_words
        )
    )
    return 0
