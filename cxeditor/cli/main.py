"""The `cxeditor` command: a thin face over the same functions the GUI calls.

`cxeditor [PROJECT]` opens the editor; `cxeditor COMMAND ...` runs a command.
Exit status: 0 success, 1 the command ran and found problems, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from cxeditor import __version__
from cxeditor.cli import (
    export_cmd,
    glossary_cmd,
    new_cmd,
    qa_cmd,
    review_import_cmd,
    stats_cmd,
    tm_cmd,
    translate_cmd,
)
from cxeditor.errors import CxError
from cxeditor.i18n import _, set_language
from cxeditor.jobs import Cancelled

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# Each command module has NAME, HELP, add_arguments(parser) and run(args) -> int.
COMMANDS: tuple[ModuleType, ...] = (
    new_cmd,
    stats_cmd,
    translate_cmd,
    qa_cmd,
    export_cmd,
    review_import_cmd,
    tm_cmd,
    glossary_cmd,
)


def error_line(message: str, *, prog: str = "cxeditor") -> str:
    """`cxeditor: error: …`: the one line a user sees for bad input."""
    return _("{prog}: error: {message}").format(prog=prog, message=message)


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one clear line (plus exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, error_line(message, prog=self.prog) + "\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="cxeditor",
        description=_("Localize English articles that quote tweets into Korean."),
    )
    parser.add_argument("--version", action="version", version=f"cxeditor {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_OneLineParser
    )
    for command in COMMANDS:
        sub = subparsers.add_parser(command.NAME, help=_(command.HELP), description=_(command.HELP))
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def _is_gui_invocation(argv: Sequence[str]) -> bool:
    """`cxeditor` or `cxeditor PROJECT` (anything that is not a command or an option)."""
    names = {command.NAME for command in COMMANDS}
    return not argv or (len(argv) == 1 and argv[0] not in names and not argv[0].startswith("-"))


def run_gui(argv: Sequence[str]) -> int:
    try:
        from cxeditor.gui.app import run_app  # noqa: PLC0415 - Qt loads only for the GUI
    except ImportError as error:
        print(
            error_line(_("the editor cannot start: {error}").format(error=error)), file=sys.stderr
        )
        return EXIT_USAGE
    return int(run_app(list(argv)))


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language()
    if _is_gui_invocation(args_list):
        return run_gui(args_list)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.run(args))
    except CxError as error:
        print(error_line(str(error)), file=sys.stderr)
        return EXIT_USAGE
    except (KeyboardInterrupt, Cancelled):
        print("cxeditor: " + _("cancelled; nothing was changed"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print(error_line(_("out of memory")), file=sys.stderr)
        return EXIT_USAGE
