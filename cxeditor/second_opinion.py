"""The second opinion (issue 23, item 2): ask the editor's engines for their own version
of each translated segment, and a language model which spans change the meaning;
flag where they disagree with the translation.

Nothing is sent unless the caller names the engines (the editor's engine setting, or
`qa --second-opinion --engine NAME`). Engine versions come from the project's MT cache
when pre-translation or an earlier second opinion already asked, and are stored there;
the model's judgements likewise, so a second run sends nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.mt.base import Engine, EngineError, RateLimited, TransientError
from cxeditor.mt.judge import judge
from cxeditor.mt.openai_engine import OpenAIEngine
from cxeditor.mt.runner import describe_failure, suggest
from cxeditor.qa.base import Finding
from cxeditor.qa.second_opinion import disagreements, judged
from cxeditor.store import Project
from cxeditor.text.korean import has_hangul


@dataclass
class SecondOpinion:
    findings: list[Finding] = field(default_factory=list)
    versions: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # id -> (engine, text)
    errors: list[str] = field(default_factory=list)  # one line per engine that failed


def second_opinion(
    project: Project,
    engines: Sequence[Engine],
    *,
    terms: Collection[str] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> SecondOpinion:
    """Each segment with English and Korean, seen by every engine: translators give a
    version (compared with the editor's), an OpenAI-compatible model its judgement.
    An engine that fails is reported once and asked no more."""
    result = SecondOpinion()
    meta = project.meta()
    segments = [
        s
        for s in project.load_article().segments()
        if s.id is not None and s.source.strip() and has_hangul(s.target)
    ]
    failed: set[int] = set()
    for done, segment in enumerate(segments):
        if cancel:
            cancel.check()
        progress(done, len(segments), "")
        assert segment.id is not None
        versions: list[tuple[str, str]] = []
        for index, engine in enumerate(engines):
            if index in failed:
                continue
            try:
                if isinstance(engine, OpenAIEngine):
                    spans = judge(engine, segment.source, segment.target, project=project)
                    result.findings += judged(
                        segment.id, segment.target, engine.label, [(s.span, s.why) for s in spans]
                    )
                    continue
                suggestion = suggest(
                    engine,
                    segment.source,
                    project=project,
                    source_lang=meta.source_lang,
                    target_lang=meta.target_lang,
                    terms=terms,
                    cancel=cancel,
                )
            except EngineError as error:  # suggest() says which engine and why
                failed.add(index)
                result.errors.append(str(error))
                continue
            except (TransientError, RateLimited) as error:  # the judge's own request
                failed.add(index)
                result.errors.append(describe_failure(engine, error))
                continue
            versions.append((suggestion.engine, suggestion.text))
        if versions:
            result.versions[segment.id] = versions
            result.findings += disagreements(segment.id, segment.source, segment.target, versions)
    progress(len(segments), len(segments), "")
    return result
