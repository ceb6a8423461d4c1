"""`cxeditor export PROJECT --to FORMAT -o OUT`."""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from cxeditor.cli.common import add_project_argument, open_for_reading
from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.model import Status
from cxeditor.services import EXPORT_FORMATS, export_project
from cxeditor.store.factory import is_shared
from cxeditor.tm.backend import open_glossary

NAME = "export"
HELP = N_("export a project (docx, html, review-docx, xliff, xliff2, tmx, json)")


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
    parser.add_argument(
        "--approved-only",
        action="store_true",
        help=_("refuse (exit 1) unless every segment is approved"),
    )


def run(args: argparse.Namespace) -> int:
    if isinstance(args.project, Path) and args.output.resolve() == args.project.resolve():
        raise CxError(_("the output {out} is the project file itself").format(out=args.output))
    with open_for_reading(args.project) as project:
        article = project.load_article()
        if is_shared(args.project):
            from cxeditor.store.shared import SharedProject  # noqa: PLC0415 - psycopg lazily

            assert isinstance(project, SharedProject)
            project.record_export(args.to)  # publishers only: the server refuses others
    if args.approved_only:
        pending = [s.id for s in article.segments() if s.status is not Status.APPROVED]
        if pending:
            listed = ", ".join(str(i) for i in pending[:50]) + (" …" if len(pending) > 50 else "")
            print(
                _("Not exported: {n} segments are not approved: {ids}").format(
                    n=len(pending), ids=listed
                ),
                file=sys.stderr,
            )
            return 1
    with closing(open_glossary(offline=True)) as glossary:  # Korean spellings of authors' names
        entries = glossary.entries()
    export_project(
        article,
        args.to,
        args.output,
        glossary=entries,
        progress=terminal_progress(),
        cancel=CancelFlag(),
    )
    print(_("Wrote {out}").format(out=args.output))
    return 0
