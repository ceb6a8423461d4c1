"""`cxeditor translate PROJECT [--engine NAME[,NAME...]] [--engine-url [NAME=]URL]
[--api-key-env [NAME=]VAR] [--model NAME] [--region REGION]`.

Several engine names make the engines compete per segment. Exit status: 0 when every
segment has a translation, 1 when some are left (network down, engine error, an answer
that was no translation), 2 for bad input.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing
from functools import partial
from pathlib import Path

from cxeditor.cli.common import add_project_argument
from cxeditor.cli.main import EXIT_INTERRUPTED, EXIT_USAGE, error_line
from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.jobs import CancelFlag, Cancelled
from cxeditor.model import Article, ArticleMeta
from cxeditor.mt.engines import (
    ENGINE_NAMES,
    FORMALITIES,
    Engine,
    make_engine,
    papago_glossary_key,
)
from cxeditor.mt.keys import api_key_for
from cxeditor.mt.runner import (
    DEFAULT_CONCURRENCY,
    PretranslateResult,
    engine_table,
    pretranslate,
)
from cxeditor.qa.candidates import CandidateQa
from cxeditor.store.factory import open_project
from cxeditor.tm.backend import open_glossary, open_memory
from cxeditor.tm.combined import (
    PROJECT,
    USER,
    CombinedMemory,
    feed_user_memory,
    project_memory,
)
from cxeditor.tm.glossary import GlossaryEntry, iter_terms

NAME = "translate"
HELP = N_("pre-translate untranslated segments (translation memory, then machine translation)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--engine",
        default="google",
        metavar="NAME[,NAME...]",
        help=_(
            "machine translation engine(s): {names}; several names make them compete "
            "per segment (tm: offline, memory only)"
        ).format(names=", ".join(ENGINE_NAMES)),
    )
    parser.add_argument(
        "--engine-url",
        metavar="[NAME=]URL",
        action="append",
        default=[],
        help=_(
            "the provider's base URL, e.g. http://localhost:11434/v1 for Ollama "
            "(NAME=URL, repeatable, with several engines)"
        ),
    )
    parser.add_argument(
        "--api-key-env",
        metavar="[NAME=]VAR",
        action="append",
        default=[],
        help=_("environment variable holding the API key (NAME=VAR with several engines)"),
    )
    parser.add_argument("--model", help=_("model name for the openai engine"))
    parser.add_argument("--region", help=_("Azure region of the Microsoft Translator resource"))
    parser.add_argument("--email", help=_("contact e-mail for MyMemory (raises its quota)"))
    parser.add_argument(
        "--formality",
        choices=FORMALITIES,
        help=_("register (DeepL formality, Papago honorifics); kept in the project"),
    )
    parser.add_argument(
        "--papago-glossary",
        metavar="KEY",
        help=_(
            'key of a glossary made in the NAVER Cloud console, for Papago ("" for none); '
            "kept in the project"
        ),
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
        "--timeout", type=float, default=None, help=_("seconds to wait for one request")
    )


def _per_engine(values: list[str], names: list[str], option: str) -> dict[str, str]:
    """`--option VALUE` (one engine) or `--option NAME=VALUE` (repeatable)."""
    found: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if sep and name in ENGINE_NAMES:
            if name not in names:
                raise CxError(
                    _("{option} names {name}, which is not among --engine {engines}").format(
                        option=option, name=name, engines=",".join(names)
                    )
                )
            found[name] = rest
        elif len(names) == 1:
            found[names[0]] = value
        else:
            raise CxError(
                _("with several engines, give {option} as NAME={value}").format(
                    option=option, value=option.removeprefix("--").split("-")[-1].upper()
                )
            )
    return found


def engine_options(
    meta: ArticleMeta, *, formality: str | None = None, papago_glossary: str | None = None
) -> tuple[str, str]:
    """The register and Papago glossary key to build the engines with: the options given
    (translate's --formality and --papago-glossary), else what the project keeps. Every
    command that asks engines for the project's translations uses this, so their answers
    (and the MT cache's keys) are the same register as pre-translation's."""
    key = meta.mt_papago_glossary
    if papago_glossary is not None:
        key = papago_glossary_key(papago_glossary)
    return formality or meta.mt_formality or "default", key


def build_engines(
    args: argparse.Namespace,
    formality: str,
    title: str,
    entries: list[GlossaryEntry],
    papago_glossary: str = "",
) -> list[Engine]:
    names = [name.strip() for name in str(args.engine).split(",") if name.strip()]
    if not names:
        raise CxError(_("--engine needs at least one name"))
    unknown = [name for name in names if name not in ENGINE_NAMES]
    if unknown:
        raise CxError(
            _("unknown engine {name} (known: {known})").format(
                name=unknown[0], known=", ".join(ENGINE_NAMES)
            )
        )
    if len(set(names)) != len(names):
        raise CxError(_("--engine names an engine twice"))
    if "tm" in names and len(names) > 1:
        raise CxError(_("tm is the memory alone; it cannot compete with engines"))
    urls = _per_engine(args.engine_url, names, "--engine-url")
    key_vars = _per_engine(args.api_key_env, names, "--api-key-env")
    if names == ["tm"]:
        return []
    return [
        make_engine(
            name,
            url=urls.get(name),
            api_key=None if name == "google-web" else api_key_for(name, key_vars.get(name)),
            timeout=args.timeout,
            region=args.region,
            model=args.model,
            email=args.email,
            formality=formality,
            papago_glossary=papago_glossary,
            glossary=entries,
            context=title,
        )
        for name in names
    ]


def run(args: argparse.Namespace) -> int:
    if args.concurrency < 1:
        raise CxError(_("--concurrency must be at least 1"))
    with closing(open_glossary(server=args.tm_server, offline=True)) as glossary:
        entries = glossary.entries()
    terms = list(iter_terms(entries))  # do-not-translate terms travel protected
    left_before: int | None = None
    try:
        with (
            closing(open_memory(server=args.tm_server, offline=True)) as memory,
            open_project(args.project) as project,
        ):
            feed_user_memory(project, memory)  # what a killed review-import left queued
            meta = project.meta()
            # A bad glossary key is refused here, before anything is kept.
            formality, papago_glossary = engine_options(
                meta, formality=args.formality, papago_glossary=args.papago_glossary
            )
            # Project settings: they stay for the next run and the editor.
            if args.formality and args.formality != meta.mt_formality:
                project.set_meta(mt_formality=args.formality)
            if papago_glossary != meta.mt_papago_glossary:
                project.set_meta(mt_papago_glossary=papago_glossary)
            engines = build_engines(args, formality, meta.title, entries, papago_glossary)
            article = project.load_article()
            left_before = _untranslated(article)
            # The project's confirmed segments first (a sentence the article repeats),
            # then the user's memory.
            with project_memory(article) as own:
                memories = CombinedMemory([(PROJECT, own), (USER, memory)])
                result = pretranslate(
                    project,
                    engines or None,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    concurrency=args.concurrency,
                    tm_lookup=lambda text: memories.best(text, args.tm_threshold),
                    terms=terms,
                    judge=partial(CandidateQa, glossary=entries),
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
    report(args.engine, result)
    return 1 if result.left else 0


def _untranslated(article: Article) -> int:
    """Segments pretranslate would still fill (a source, no target)."""
    return sum(1 for s in article.segments() if s.source.strip() and not s.target.strip())


def _kept_since(path: Path, left_before: int) -> tuple[int, int]:
    try:
        with open_project(path, readonly=True) as project:
            left = _untranslated(project.load_article())
    except CxError:
        return 0, left_before
    return left_before - left, left


def report(engine_names: str, result: PretranslateResult) -> None:
    errors = [stats.error for stats in result.engines if stats.error]
    for message in errors or ([result.error] if result.error else []):
        print(_("cxeditor: warning: {message}").format(message=message), file=sys.stderr)
    print(
        _(
            "Pre-translated {engine} {mt}, from memory {tm}, from cache {cache}; "
            "{left} left, {failed} failed, {problems} need a token check; {requests} requests"
        ).format(
            engine=engine_names,
            mt=result.from_engine,
            tm=result.from_tm,
            cache=result.from_cache,
            left=result.left,
            failed=result.failed,
            problems=result.with_problems,
            requests=result.requests,
        )
    )
    if result.engines:
        print("\n".join(engine_table(result)))
