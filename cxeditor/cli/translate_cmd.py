"""`cxeditor translate PROJECT [--engine NAME] [--engine-url URL] [--api-key-env VAR]`.

Exit status: 0 when every segment has a translation, 1 when some are left (network
down, engine error), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys

from cxeditor.cli.common import add_project_argument
from cxeditor.cli.progress import terminal_progress
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag
from cxeditor.mt.engines import ENGINE_NAMES, make_engine
from cxeditor.mt.keys import api_key_for
from cxeditor.mt.runner import DEFAULT_CONCURRENCY, pretranslate
from cxeditor.store.factory import open_project
from cxeditor.tm.backend import open_glossary, open_memory
from cxeditor.tm.combined import PROJECT, USER, CombinedMemory, project_memory
from cxeditor.tm.glossary import iter_terms

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
        "--tm-server",
        metavar="URL",
        help=_("team server for the memory and glossary (default: $CXEDITOR_SERVER)"),
    )
    parser.add_argument(
        "--timeout", type=float, default=15.0, help=_("seconds to wait for one request")
    )


def run(args: argparse.Namespace) -> int:
    engine = None
    if args.engine != "tm":
        key = api_key_for(args.engine, args.api_key_env)
        engine = make_engine(args.engine, url=args.engine_url, api_key=key, timeout=args.timeout)
    memory = open_memory(server=args.tm_server, offline=True)
    glossary = open_glossary(server=args.tm_server, offline=True)
    terms = list(iter_terms(glossary.entries()))  # do-not-translate terms travel protected
    glossary.close()
    try:
        with open_project(args.project) as project:
            meta = project.meta()
            # The project's confirmed segments first (a sentence the article repeats),
            # then the user's memory.
            own = project_memory(project.load_article())
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
    finally:
        memory.close()
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
