"""`cxeditor qa PROJECT [--json] [--fix] [--second-look]`: run the QA checks.

Exit status: 0 when no errors remain (warnings and info alone do not fail), 1 when
errors do, 2 for bad input. `--json` adds to each finding its segment's place in the
second-look ranking (qa/second_look.py): `second_look_rank` (1 = read first, null
without meaning suspects), `second_look_score`, `second_look_top` (in the top tenth).

`--second-opinion --engine NAME[,NAME...]` also asks those engines (and nothing is
sent without them) for their version of each segment, or an OpenAI-compatible model
for its judgement, and reports where they disagree (cxeditor/second_opinion.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import closing
from json.encoder import encode_basestring
from typing import Any

from cxeditor.cli.common import add_project_argument
from cxeditor.cli.progress import terminal_progress
from cxeditor.errors import CxError
from cxeditor.i18n import N_, _
from cxeditor.model import Article
from cxeditor.names import NAME_POLICIES
from cxeditor.qa.base import Finding, Severity
from cxeditor.qa.forked import available_processes
from cxeditor.qa.runner import apply_fixes, run_qa, suggested_fixes
from cxeditor.qa.second_look import NO_RANK, REASONS, rank_segments, ranking_fields
from cxeditor.store import Project
from cxeditor.store.factory import open_project
from cxeditor.tm.backend import open_glossary
from cxeditor.tm.glossary import GlossaryEntry, iter_terms

NAME = "qa"
HELP = N_("check a project's translations (tweet tokens, Korean particles, dates, …)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("--json", action="store_true", help=_("print findings as JSON"))
    parser.add_argument(
        "--fix",
        action="store_true",
        help=_("apply the unambiguous fixes (recorded in the history)"),
    )
    parser.add_argument(
        "--second-look",
        action="store_true",
        help=_("list the segments whose meaning most likely drifted, most likely first"),
    )
    opinion = parser.add_argument_group(_("second opinion (sends the segments to the engines)"))
    opinion.add_argument(
        "--second-opinion",
        action="store_true",
        help=_("ask the engines named by --engine where the translation's meaning differs"),
    )
    opinion.add_argument("--engine", metavar="NAME[,NAME...]", help=_("the engines to ask"))
    opinion.add_argument(
        "--engine-url",
        metavar="[NAME=]URL",
        action="append",
        default=[],
        help=_("the provider's base URL (NAME=URL, repeatable, with several engines)"),
    )
    opinion.add_argument(
        "--api-key-env",
        metavar="[NAME=]VAR",
        action="append",
        default=[],
        help=_("environment variable holding the API key (NAME=VAR with several engines)"),
    )
    opinion.add_argument("--model", help=_("model name for the openai engine"))
    opinion.add_argument("--region", help=_("Azure region of the Microsoft Translator resource"))
    opinion.add_argument(
        "--timeout", type=float, default=None, help=_("seconds to wait for one request")
    )
    parser.set_defaults(email=None)
    parser.add_argument(
        "--name-policy",
        choices=NAME_POLICIES,
        default=None,
        help=_("tweet author names: keep or transliterate (default: the project's policy)"),
    )


def run(args: argparse.Namespace) -> int:
    if args.second_opinion and not args.engine:
        raise CxError(_("--second-opinion sends the segments to engines: name them with --engine"))
    if args.engine and not args.second_opinion:
        raise CxError(_("--engine is for --second-opinion"))
    with closing(open_glossary(offline=True)) as glossary:  # the team server when one is set
        entries = glossary.entries()
    # a second opinion stores the engines' answers in the project's MT cache
    writable = args.fix or args.second_opinion
    with open_project(args.project, readonly=not writable) as project:
        article = project.load_article()
        dismissed = project.dismissed_findings()
        findings = run_qa(
            article,
            dismissed=dismissed,
            name_policy=args.name_policy,
            glossary=entries,
            processes=available_processes(),
            progress=terminal_progress(),
        )
        if args.fix:
            fixed = apply_fixes(project, findings)
            findings = run_qa(
                project.load_article(),
                dismissed=dismissed,
                name_policy=args.name_policy,
                glossary=entries,
                processes=available_processes(),
            )
            left = suggested_fixes(findings)
            # With --json the report goes to stderr: stdout stays one JSON document.
            out = sys.stderr if args.json else sys.stdout
            print(_("Applied {n} fixes.").format(n=fixed), file=out)
            if left:
                print(_("{n} suggested fixes left for the editor:").format(n=len(left)), file=out)
                for finding in left:
                    print(f"{finding.segment:>5}  {finding.text} -> {finding.fix}", file=out)
        if args.second_opinion:
            findings = _with_second_opinion(
                project,
                article=article,
                args=args,
                entries=entries,
                findings=findings,
                dismissed=dismissed,
            )
    segments = sum(1 for s in article.segments() if s.source.strip() or s.target.strip())
    ranks = rank_segments(findings, segments)
    if args.json:
        print(findings_json(findings, ranking_fields(ranks)))
    elif args.second_look:
        print(
            _("Second look: {n} of {total} segments have meaning suspects").format(
                n=len(ranks), total=segments
            )
        )
        for rank in ranks:
            reasons = ", ".join(_(REASONS[check]) for check in rank.checks)
            mark = "*" if rank.top else " "
            print(f"{rank.rank:>4}{mark} {rank.segment:>5}  {rank.score:>5.1f}  {reasons}")
    else:
        for finding in findings:
            print(
                f"{finding.segment:>5}  {finding.severity.value:<7}  {finding.check:<24}  "
                f"{finding.message}"
            )
        errors = sum(f.severity is Severity.ERROR for f in findings)
        print(_("{n} findings, {errors} errors").format(n=len(findings), errors=errors))
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def findings_json(findings: list[Finding], fields: dict[int, dict[str, Any]]) -> str:
    """The findings as `json.dumps(..., ensure_ascii=False)` writes them (compact: no
    indentation), each with its segment's ranking fields, byte for byte.

    Written row by row: a run repeats its checks, messages and segments' rankings, so
    each is escaped once, and no dict is built per finding (a quarter less time than
    json.dumps on 47,000 findings; tests/test_qa_json.py checks the bytes)."""
    escaped: dict[str, str] = {}
    heads: dict[tuple[str, Severity, str], str] = {}
    tails: dict[int, str] = {}
    rows = []
    for finding in findings:
        key = (finding.check, finding.severity, finding.message)
        head = heads.get(key)
        if head is None:
            check, severity, message = map(
                encode_basestring, (finding.check, finding.severity.value, finding.message)
            )
            head = f'"check": {check}, "severity": {severity}, "message": {message}, "text": '
            heads[key] = head
        tail = tails.get(finding.segment)
        if tail is None:  # `"second_look_rank": 1, ...}` as json.dumps writes the dict
            tail = json.dumps(fields.get(finding.segment, NO_RANK), ensure_ascii=False)[1:]
            tails[finding.segment] = tail
        text = escaped.get(finding.text)
        if text is None:
            text = escaped[finding.text] = encode_basestring(finding.text)
        fix = "null" if finding.fix is None else escaped.get(finding.fix)
        if fix is None:
            assert finding.fix is not None
            fix = escaped[finding.fix] = encode_basestring(finding.fix)
        rows.append(
            f'{{"segment": {finding.segment:d}, {head}{text}, "start": {finding.start:d}, '
            f'"end": {finding.end:d}, "fix": {fix}, {tail}'
        )
    return "[" + ", ".join(rows) + "]"


def _with_second_opinion(
    project: Project,
    *,
    article: Article,
    args: argparse.Namespace,
    entries: list[GlossaryEntry],
    findings: list[Finding],
    dismissed: set[tuple[int, str, str]],
) -> list[Finding]:
    """QA's findings and the engines' disagreements, in article order."""
    from cxeditor.cli.translate_cmd import (  # noqa: PLC0415 - loads requests
        build_engines,
        engine_options,
    )
    from cxeditor.second_opinion import second_opinion  # noqa: PLC0415

    meta = project.meta()
    # The register and Papago glossary `translate` keeps in the project: versions in
    # another register would disagree in form, and miss pre-translation's cache.
    formality, papago_glossary = engine_options(meta)
    engines = build_engines(args, formality, meta.title, entries, papago_glossary)
    opinion = second_opinion(project, engines, terms=list(iter_terms(entries)))
    for error in opinion.errors:
        print(_("cxeditor: warning: {message}").format(message=error), file=sys.stderr)
    extra = [f for f in opinion.findings if f.key not in dismissed]
    position = {s.id: index for index, s in enumerate(article.segments())}
    return sorted([*findings, *extra], key=lambda f: position.get(f.segment, 0))
