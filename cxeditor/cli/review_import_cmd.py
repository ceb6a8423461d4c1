"""`cxeditor review-import PROJECT FILE`: apply a reviewed bilingual .docx.

Valid rows are applied together in one transaction, as the reviewer's edits (history
records them); refused rows (unknown id, changed source, malformed status) are listed
and the exit status is 1. Nothing is applied half-way.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxeditor.cli.common import add_project_argument
from cxeditor.errors import CxError
from cxeditor.formats.review_docx import import_review
from cxeditor.i18n import N_, _
from cxeditor.store import Project

NAME = "review-import"
HELP = N_("apply a reviewed bilingual .docx (targets, statuses, comments) to a project")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the reviewed .docx"))
    parser.add_argument(
        "--who", default="reviewer", help=_("name recorded in the history (default: reviewer)")
    )


def run(args: argparse.Namespace) -> int:
    if args.file.suffix.lower() != ".docx":
        raise CxError(
            _("{name}: review files are .docx (export one with --to review-docx)").format(
                name=args.file.name
            )
        )
    with Project.open(args.project) as project:
        result = import_review(project, args.file, who=args.who)
    for line in result.refused:
        print(_("cxeditor: refused: {line}").format(line=line), file=sys.stderr)
    print(
        _("Applied {applied} reviewed segments; {unchanged} unchanged; {refused} refused").format(
            applied=result.applied, unchanged=result.unchanged, refused=len(result.refused)
        )
    )
    return 1 if result.refused else 0
