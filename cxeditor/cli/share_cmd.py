"""`cxeditor share PROJECT.cxproj --server postgresql://USER@HOST/DATABASE [--name NAME]`:
put a project on the team server; it is then named by the URL this prints."""

from __future__ import annotations

import argparse
from pathlib import Path

from cxeditor.cli.common import open_for_reading
from cxeditor.cli.progress import terminal_progress
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.store.server import parse_url

NAME = "share"
HELP = N_("put a project on the team server (PostgreSQL) for several people to work on")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, metavar="PROJECT", help=_("a .cxproj file"))
    parser.add_argument(
        "--server", required=True, metavar="URL", help=_("postgresql://USER@HOST:PORT/DATABASE")
    )
    parser.add_argument(
        "--name", help=_("the shared project's name (default: the file's name without .cxproj)")
    )


def run(args: argparse.Namespace) -> int:
    parse_url(args.server)  # a bad address fails before the project is read
    from cxeditor.store.shared import SharedProject  # noqa: PLC0415 - psycopg loads lazily

    with open_for_reading(args.project) as project:
        article = project.load_article()
        report = project.import_report()
    url = SharedProject.share(
        args.server,
        args.name or args.project.stem,
        article,
        report=report,
        progress=terminal_progress(),
        cancel=CancelFlag(),
    )
    print(_("Shared {count} segments as {url}").format(count=article.segment_count(), url=url))
    return 0
