"""`cxeditor export PROJECT --to FORMAT -o OUT`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cxeditor.cli.common import add_project_argument, open_for_reading
from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.services import EXPORT_FORMATS, export_project

NAME = "export"
HELP = N_("export a project (json)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--to",
        required=True,
        choices=sorted(EXPORT_FORMATS),
        metavar="FORMAT",
        help=_("output format: {formats}").format(formats=", ".join(sorted(EXPORT_FORMATS))),
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT")


def run(args: argparse.Namespace) -> int:
    if args.output.resolve() == args.project.resolve():
        raise CxError(_("the output {out} is the project file itself").format(out=args.output))
    with open_for_reading(args.project) as project:
        article = project.load_article()
    export_project(article, args.to, args.output, progress=terminal_progress(), cancel=CancelFlag())
    print(_("Wrote {out}").format(out=args.output))
    return 0
