"""`cxeditor glossary import FILE | export -o FILE | list | propose PROJECT [--accept]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxeditor.cli.common import open_for_reading
from cxeditor.i18n import N_, _
from cxeditor.tm.backend import open_glossary
from cxeditor.tm.glossary import propose_terms
from cxeditor.tm.glossary_io import read_glossary_file, write_glossary_file

NAME = "glossary"
HELP = N_("glossary: import or export CSV/TBX, list terms, propose do-not-translate terms")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help=_("glossary file (default: the user's glossary)"),
    )
    parser.add_argument(
        "--tm-server",
        metavar="URL",
        help=_("team server for the memory and glossary (default: $CXEDITOR_SERVER)"),
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", help=_("add terms from a .csv or .tbx file"))
    importing.add_argument("file", type=Path)
    exporting = actions.add_parser("export", help=_("write the glossary as .csv or .tbx"))
    exporting.add_argument("-o", "--output", type=Path, required=True)
    actions.add_parser("list", help=_("print every term"))
    propose = actions.add_parser(
        "propose",
        help=_("hashtags, handles and recurring names of a project, as do-not-translate terms"),
    )
    propose.add_argument("project", type=Path)
    propose.add_argument("--accept", action="store_true", help=_("add the proposals"))


def run(args: argparse.Namespace) -> int:
    glossary = open_glossary(args.glossary, server=args.tm_server)
    try:
        if args.action == "import":
            notices: list[str] = []
            count = glossary.add(read_glossary_file(args.file, notices))
            for notice in notices:
                print(_("cxeditor: warning: {message}").format(message=notice), file=sys.stderr)
            print(_("Added {n} terms").format(n=count))
        elif args.action == "export":
            write_glossary_file(glossary.entries(), args.output)
            print(_("Wrote {out}").format(out=args.output))
        elif args.action == "list":
            for entry in glossary.entries():
                flags = "DNT" if entry.dnt else ("FORBIDDEN" if entry.forbidden else "")
                print(f"{entry.source}\t{entry.target}\t{flags}\t{entry.note}")
        else:
            with open_for_reading(args.project) as project:
                article = project.load_article()
            known = [e.source for e in glossary.entries()] + sorted(glossary.dismissed())
            proposals = propose_terms(article, known)
            for entry in proposals:
                print(f"{entry.source}\t{entry.note}")
            if args.accept:
                glossary.add(proposals)
                print(_("Added {n} terms").format(n=len(proposals)))
    finally:
        glossary.close()
    return 0
