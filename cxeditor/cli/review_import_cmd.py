"""`cxeditor review-import PROJECT FILE`: apply a reviewed bilingual .docx or XLIFF file.

Valid rows are applied together in one transaction, as the reviewer's edits (history
records them); refused rows (unknown id, changed source, malformed status) are listed
and the exit status is 1. Nothing is applied half-way.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from pathlib import Path

from cxeditor.cli.common import add_project_argument
from cxeditor.errors import CxError
from cxeditor.formats.review_docx import import_review
from cxeditor.i18n import N_, _
from cxeditor.store.factory import open_project
from cxeditor.tm.backend import open_memory
from cxeditor.tm.combined import feed_user_memory, remembered_units

NAME = "review-import"
HELP = N_("apply a reviewed bilingual .docx or XLIFF (targets, statuses, comments) to a project")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("file", type=Path, metavar="FILE", help=_("the reviewed .docx or .xlf"))
    parser.add_argument(
        "--who", default="reviewer", help=_("name recorded in the history (default: reviewer)")
    )


def run(args: argparse.Namespace) -> int:
    suffix = args.file.suffix.lower()
    if suffix not in (".docx", ".xlf", ".xliff"):
        raise CxError(
            _("{name}: review files are .docx or XLIFF (.xlf, .xliff)").format(name=args.file.name)
        )
    with open_project(args.project) as project:
        # What the reviewer confirmed or approved feeds the user's memory, as an edit
        # confirmed in the editor does (a rejected segment does not). A project file
        # queues it in the review's own transaction, so a kill before the memory has it
        # loses nothing; a shared project has no such queue and feeds it directly.
        with project.feeding_memory(args.who):
            if suffix == ".docx":
                result = import_review(project, args.file, who=args.who)
            else:
                from cxeditor.formats.xliff import import_xliff  # noqa: PLC0415

                result = import_xliff(project, args.file, who=args.who)
        with closing(open_memory(offline=True)) as memory:  # the team server when one is set
            if project.queues_memory_feed:
                fed = feed_user_memory(project, memory)
            else:
                units = remembered_units(project.load_article(), result.changed_ids, who=args.who)
                memory.add(units)
                fed = len(units)
    for line in result.refused:
        print(_("cxeditor: refused: {line}").format(line=line), file=sys.stderr)
    print(
        _("Applied {applied} reviewed segments; {unchanged} unchanged; {refused} refused").format(
            applied=result.applied, unchanged=result.unchanged, refused=len(result.refused)
        )
    )
    if fed:
        print(_("Added {n} translations to the translation memory").format(n=fed))
    return 1 if result.refused else 0
