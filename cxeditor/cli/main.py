"""The `cxeditor` command: a thin face over the same functions the GUI calls.

`cxeditor [PROJECT]` opens the editor; `cxeditor COMMAND ...` runs a command.
Exit status: 0 success, 1 the command ran and found problems, 2 bad input or usage
(a full disk or read-only file system included), 3 an internal error (one line; the
traceback in the log, see crashlog.py), 130 interrupted, 141 the reader of the output
went away (`cxeditor stats P | head -1`).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from cxeditor import __version__
from cxeditor.crashlog import enable_faulthandler, log_exception
from cxeditor.errors import CxError, one_line
from cxeditor.faults import write_failure
from cxeditor.i18n import _, set_language
from cxeditor.jobs import Cancelled

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a shell reports for a tool ended by SIGPIPE

# Each command module has NAME, HELP, add_arguments(parser) and run(args) -> int.
# A command imports only its own module: `qa` need not load the MT engines' HTTP
# stack, nor `stats` the exporters (a third of the start-up time).
COMMAND_MODULES: dict[str, str] = {
    "new": "cxeditor.cli.new_cmd",
    "stats": "cxeditor.cli.stats_cmd",
    "translate": "cxeditor.cli.translate_cmd",
    "qa": "cxeditor.cli.qa_cmd",
    "export": "cxeditor.cli.export_cmd",
    "review-import": "cxeditor.cli.review_import_cmd",
    "tm": "cxeditor.cli.tm_cmd",
    "glossary": "cxeditor.cli.glossary_cmd",
    "share": "cxeditor.cli.share_cmd",
}


def command_module(name: str) -> ModuleType:
    module = importlib.import_module(COMMAND_MODULES[name])
    assert name == module.NAME
    return module


def error_line(message: str, *, prog: str = "cxeditor") -> str:
    """`cxeditor: error: …`: the one line a user sees for bad input."""
    return _("{prog}: error: {message}").format(prog=prog, message=message)


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors as one clear line (plus exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, error_line(message, prog=self.prog) + "\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone when it names one (all that run needs), else
    for every command (for help and usage errors)."""
    parser = _OneLineParser(
        prog="cxeditor",
        description=_("Localize English articles that quote tweets into Korean."),
    )
    parser.add_argument("--version", action="version", version=f"cxeditor {__version__}")
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_OneLineParser
    )
    names = [command] if command in COMMAND_MODULES else list(COMMAND_MODULES)
    for name in names:
        module = command_module(name)
        sub = subparsers.add_parser(name, help=_(module.HELP), description=_(module.HELP))
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _is_gui_invocation(argv: Sequence[str]) -> bool:
    """`cxeditor` or `cxeditor PROJECT` (anything that is not a command or an option)."""
    return not argv or (
        len(argv) == 1 and argv[0] not in COMMAND_MODULES and not argv[0].startswith("-")
    )


def run_gui(argv: Sequence[str]) -> int:
    from cxeditor.store.urls import is_server_url  # noqa: PLC0415

    if argv and is_server_url(argv[0]):  # a shared project: its server is asked on opening
        from cxeditor.store.shared import split_project_url  # noqa: PLC0415

        try:
            split_project_url(argv[0])
        except CxError as error:
            print(error_line(str(error)), file=sys.stderr)
            return EXIT_USAGE
    elif argv and not Path(argv[0]).exists():  # a mistyped name: say so without a window
        print(error_line(_("{path}: no such project file").format(path=argv[0])), file=sys.stderr)
        return EXIT_USAGE
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
    gui = _is_gui_invocation(args_list)
    if not gui:  # (the editor enables it itself, into its log: see gui/app.py)
        enable_faulthandler(to_log=False)
    try:
        code = _dispatch(args_list, gui=gui)
        sys.stdout.flush()  # a full device or a closed pipe must fail here, not at exit
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        reason = write_failure(error)
        if reason is None:
            return _internal_error(error)
        _silence_stdout()
        _say(_write_error_line(error, reason))
        return EXIT_USAGE
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, exit 3
        return _internal_error(error)
    return code


def _dispatch(args_list: list[str], *, gui: bool) -> int:
    set_language()
    if gui:
        return run_gui(args_list)
    parser = build_parser(args_list[0])
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
    except (OSError, sqlite3.Error) as error:
        reason = write_failure(error)
        if reason is None or isinstance(error, BrokenPipeError):
            raise
        _silence_stdout()
        _say(_write_error_line(error, reason))
        return EXIT_USAGE


def _write_error_line(error: BaseException, reason: str) -> str:
    filename = getattr(error, "filename", None)
    if filename:
        return error_line(_("cannot write {path}: {reason}").format(path=filename, reason=reason))
    if isinstance(error, OSError):  # no file named: it was our own output
        return error_line(_("cannot write the output: {reason}").format(reason=reason))
    return error_line(_("cannot write: {reason}").format(reason=reason))


def _internal_error(error: BaseException) -> int:
    log = log_exception(error)
    # one_line: a library's message may span lines (PostgreSQL's "LINE 1: …" and caret).
    message = _("internal error: {error}").format(
        error=one_line(f"{type(error).__name__}: {error}")
    )
    if log is not None:
        message += " " + _("(details in {log})").format(log=log)
    _say(error_line(message))
    return EXIT_INTERNAL


def _say(line: str) -> None:
    with contextlib.suppress(OSError, ValueError):  # stderr gone: the status is all that is left
        print(line, file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush at exit cannot fail
    again with "Exception ignored … BrokenPipeError"."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
