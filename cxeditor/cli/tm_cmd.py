"""`cxeditor tm import FILE.tmx | export -o FILE.tmx | lookup TEXT`: the user's memory."""

from __future__ import annotations

import argparse
from contextlib import closing
from pathlib import Path

from cxeditor.cli.progress import terminal_progress
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.store import Project
from cxeditor.tm.backend import MemoryBackend, open_memory
from cxeditor.tm.combined import PROJECT, USER, CombinedMemory, project_memory
from cxeditor.tm.tmx import export_tmx_memory, import_tmx

NAME = "tm"
HELP = N_("translation memory: import or export TMX, look a sentence up")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--memory", type=Path, metavar="FILE", help=_("memory file (default: the user's memory)")
    )
    parser.add_argument(
        "--tm-server",
        metavar="URL",
        help=_("team server for the memory and glossary (default: $CXEDITOR_SERVER)"),
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = actions.add_parser("import", help=_("add a TMX file's units"))
    importing.add_argument("file", type=Path, metavar="FILE.tmx")
    importing.add_argument("--source-lang", default="en")
    importing.add_argument("--target-lang", default="ko")
    exporting = actions.add_parser("export", help=_("write the memory as TMX"))
    exporting.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.tmx")
    lookup = actions.add_parser("lookup", help=_("best matches for a sentence"))
    lookup.add_argument("text")
    lookup.add_argument(
        "--concordance",
        action="store_true",
        help=_("find the text inside source or target instead"),
    )
    lookup.add_argument("--threshold", type=int, default=70)
    lookup.add_argument(
        "--project",
        type=Path,
        metavar="PROJECT",
        help=_("also search this project's confirmed and approved segments"),
    )


def run(args: argparse.Namespace) -> int:
    with closing(open_memory(args.memory, server=args.tm_server)) as memory:
        if args.action == "import":
            added = import_tmx(
                memory,
                args.file,
                source_lang=args.source_lang,
                target_lang=args.target_lang,
                progress=terminal_progress(),
                cancel=CancelFlag(),
            )
            print(
                _("Added {n} units; the memory holds {total}").format(n=added, total=memory.count())
            )
        elif args.action == "export":
            count = export_tmx_memory(memory, args.output)
            print(_("Wrote {n} units to {out}").format(n=count, out=args.output))
        else:
            return _lookup(args, memory)
    return 0


def _lookup(args: argparse.Namespace, user_memory: MemoryBackend) -> int:
    if args.project is None:
        return _print_lookup(args, CombinedMemory([(USER, user_memory)]))
    with Project.open(args.project, readonly=True) as project:
        article = project.load_article()
    with project_memory(article) as own:
        return _print_lookup(args, CombinedMemory([(PROJECT, own), (USER, user_memory)]))


def _print_lookup(args: argparse.Namespace, combined: CombinedMemory) -> int:
    if args.concordance:
        units = combined.concordance(args.text) + combined.concordance(args.text, side="target")
        for unit in dict.fromkeys(units):
            print(f"{unit.source}\t{unit.target}")
        return 0 if units else 1
    matches = combined.lookup(args.text, threshold=args.threshold)
    for match in matches:
        print(f"{match.score:>3}%  {match.kind:<11}  {match.memory:<7}  {match.target}")
    return 0 if matches else 1
