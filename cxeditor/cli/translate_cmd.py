"""`cxeditor translate PROJECT [--engine NAME] [--engine-url URL] [--api-key-env VAR]`.

Exit status: 0 when every segment has a translation, 1 when some are left (network
down, engine error), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cxeditor.cli.common import add_project_argument
from cxeditor.cli.main import EXIT_INTERRUPTED, EXIT_USAGE, error_line
from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag, Cancelled
from cxeditor.model import Article
from cxeditor.mt.engines import ENGINE_NAMES, make_engine
from cxeditor.mt.keys import api_key_for
from cxeditor.mt.runner import DEFAULT_CONCURRENCY, pretranslate
from cxeditor.store import Project
from cxeditor.tm.combined import (
    PROJECT,
    USER,
    CombinedMemory,
    feed_user_memory,
    project_memory,
)
from cxeditor.tm.glossary import Glossary, glossary_path, iter_terms
from cxeditor.tm.memory import SqliteMemory, user_memory_path

NAME = "translate"
HELP = N_("pre-translate untranslated segments (translation memory, then machine translation)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--engine",
        choices=ENGINE_NAMES,
        default="google",
        help=_("machine translation engine (tm: offline, memory only)"),
    )
    parser.add_argument(
        "--engine-url",
        metavar="URL",
        help=_("server address, e.g. a LibreTranslate server on the LAN"),
    )
    parser.add_argument(
        "--api-key-env", metavar="VAR", help=_("environment variable holding the API key")
    )
    parser.add_argument(
        "--concurrency", type=int, default=DEFAULT_CONCURRENCY, help=_("requests in flight at once")
    )
    parser.add_argument(
        "--tm-threshold",
        type=int,
        default=100,
        metavar="PERCENT",
        help=_("use translation-memory matches at or above this score"),
    )
    parser.add_argument(
        "--timeout", type=float, default=15.0, help=_("seconds to wait for one request")
    )


def run(args: argparse.Namespace) -> int:
    engine = None
    if args.engine != "tm":
        key = api_key_for(args.engine, args.api_key_env)
        engine = make_engine(args.engine, url=args.engine_url, api_key=key, timeout=args.timeout)
    with Glossary(glossary_path()) as glossary:
        terms = list(iter_terms(glossary.entries()))  # do-not-translate terms travel protected
    left_before: int | None = None
    try:
        with SqliteMemory(user_memory_path()) as memory, Project.open(args.project) as project:
            feed_user_memory(project, memory)  # what a killed review-import left queued
            meta = project.meta()
            article = project.load_article()
            left_before = _untranslated(article)
            # The project's confirmed segments first (a sentence the article repeats),
            # then the user's memory.
            with project_memory(article) as own:
                memories = CombinedMemory([(PROJECT, own), (USER, memory)])
                result = pretranslate(
                    project,
                    engine,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    concurrency=args.concurrency,
                    tm_lookup=lambda text: memories.best(text, args.tm_threshold),
                    terms=terms,
                    progress=terminal_progress(),
                    cancel=CancelFlag(),
                )
    except (KeyboardInterrupt, Cancelled, CxError) as error:
        if left_before is None:
            raise
        # Each batch was committed as it came: say what stays, not "nothing changed".
        kept, left = _kept_since(args.project, left_before)
        note = _("{kept} segments pre-translated before the stop were kept; {left} left").format(
            kept=kept, left=left
        )
        if isinstance(error, CxError):
            print(error_line(f"{error} ({note})"), file=sys.stderr)
            return EXIT_USAGE
        print("cxeditor: " + _("cancelled; {note}").format(note=note), file=sys.stderr)
        return EXIT_INTERRUPTED
    if result.error:
        print(_("cxeditor: warning: {message}").format(message=result.error), file=sys.stderr)
    print(
        _(
            "Pre-translated {engine} {mt}, from memory {tm}, from cache {cache}; "
            "{left} left, {problems} need a token check; {requests} requests"
        ).format(
            engine=args.engine,
            mt=result.from_engine,
            tm=result.from_tm,
            cache=result.from_cache,
            left=result.left,
            problems=result.with_problems,
            requests=result.requests,
        )
    )
    return 1 if result.left else 0


def _untranslated(article: Article) -> int:
    """Segments pretranslate would still fill (a source, no target)."""
    return sum(1 for s in article.segments() if s.source.strip() and not s.target.strip())


def _kept_since(path: Path, left_before: int) -> tuple[int, int]:
    try:
        with Project.open(path, readonly=True) as project:
            left = _untranslated(project.load_article())
    except CxError:
        return 0, left_before
    return left_before - left, left
