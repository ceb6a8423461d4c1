"""`cxeditor new [SOURCE] [--translation FILE] -o PROJECT`: import an article."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.names import KEEP, NAME_POLICIES
from cxeditor.services import create_project_from_files

NAME = "new"
HELP = N_("import an article (HTML, text, Markdown, .docx) into a new project")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "source",
        nargs="?",
        type=Path,
        metavar="SOURCE",
        help=_("the English article (.html, .txt, .md, .docx)"),
    )
    parser.add_argument(
        "--translation",
        type=Path,
        metavar="FILE",
        help=_("an existing Korean version, aligned to SOURCE; alone, a Korean article to review"),
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="PROJECT",
        help=_("the project file to create (.cxproj)"),
    )
    parser.add_argument("--force", action="store_true", help=_("replace PROJECT if it exists"))
    parser.add_argument(
        "--name-policy",
        choices=NAME_POLICIES,
        default=KEEP,
        help=_("tweet authors' names: keep as in the source (default) or transliterate"),
    )


def run(args: argparse.Namespace) -> int:
    if args.source is None and args.translation is None:
        raise CxError(_("give an article to import, or --translation FILE for a review project"))
    result = create_project_from_files(
        args.output,
        source=args.source,
        translation=args.translation,
        overwrite=args.force,
        name_policy=args.name_policy,
        progress=terminal_progress(),
        cancel=CancelFlag(),
    )
    for message in result.report:
        print(_("cxeditor: warning: {message}").format(message=message), file=sys.stderr)
    print(
        _("Created {path}: {segments} segments in {blocks} blocks ({tweets} tweets)").format(
            path=args.output, segments=result.segments, blocks=result.blocks, tweets=result.tweets
        )
    )
    return 0
