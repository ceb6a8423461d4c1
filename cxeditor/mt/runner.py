"""Pre-translation: translation memory first, then machine translation, all as drafts.

Bounded concurrency, per-request timeouts (in the engines), retries with backoff that
honour Retry-After, many texts per request where the API allows, a cache in the project
so a second run sends nothing, resumable (only empty targets are sent), cancellable,
with progress through a callback. Each finished batch is one committed transaction.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, ProgressCallback, no_progress
from cxeditor.model import Origin, OriginKind, Segment, Status
from cxeditor.mt.engines import (
    Engine,
    EngineError,
    EngineUnavailable,
    RateLimited,
    TransientError,
)
from cxeditor.mt.protect import Masked, mask, restore
from cxeditor.store import Project, SegmentChange
from cxeditor.text.damage import MT_TOKEN_PROBLEM

MT_AUTHOR = "mt"
DEFAULT_CONCURRENCY = 8
MAX_BACKOFF = 8.0

# source text -> (target, score in percent) or None
TmLookup = Callable[[str], tuple[str, int] | None]


@dataclass(slots=True)
class PretranslateResult:
    from_tm: int = 0
    from_cache: int = 0
    from_engine: int = 0
    requests: int = 0
    left: int = 0  # still untranslated (network down, cancelled, engine error)
    with_problems: int = 0  # segments whose tokens needed a guess
    error: str | None = None  # why machine translation stopped early


class _Counter:
    def __init__(self) -> None:
        self.value = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.value += 1


def _sleep(seconds: float, cancel: CancelFlag | None) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if cancel:
            cancel.check()
        time.sleep(min(left, 0.05))


def _send(
    engine: Engine,
    texts: list[str],
    source: str,
    target: str,
    *,
    retries: int,
    counter: _Counter,
    cancel: CancelFlag | None,
) -> list[str]:
    """One batch, with retries: Retry-After when the server gives it, else backoff."""
    for attempt in range(retries + 1):
        if cancel:
            cancel.check()
        counter.add()
        try:
            return engine.translate_batch(texts, source, target)
        except RateLimited as limited:
            if attempt == retries:
                raise TransientError(
                    _("still rate limited after {n} tries").format(n=retries + 1)
                ) from limited
            _sleep(
                limited.retry_after
                if limited.retry_after is not None
                else min(0.25 * 2**attempt, MAX_BACKOFF),
                cancel,
            )
        except TransientError:
            if attempt == retries:
                raise
            _sleep(min(0.25 * 2**attempt, MAX_BACKOFF), cancel)
    raise AssertionError("unreachable")  # pragma: no cover


def _change(segment: Segment, text: str, problems: list[str], engine: str) -> SegmentChange:
    assert segment.id is not None
    comment = (f"{MT_TOKEN_PROBLEM} " + ", ".join(problems)) if problems else None
    return SegmentChange(
        segment.id,
        target=text,
        status=Status.DRAFT,
        origin=Origin(OriginKind.MT, engine=engine),
        comment=comment,
    )


def pretranslate(
    project: Project,
    engine: Engine | None,
    *,
    source_lang: str = "en",
    target_lang: str = "ko",
    concurrency: int = DEFAULT_CONCURRENCY,
    retries: int = 4,
    tm_lookup: TmLookup | None = None,
    terms: Collection[str] = (),
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> PretranslateResult:
    """Fill every untranslated segment (TM first, then `engine`); results are drafts."""
    result = PretranslateResult()
    todo = [
        s for s in project.load_article().segments() if s.source.strip() and not s.target.strip()
    ]
    total = len(todo)
    todo = _apply_tm(project, todo, tm_lookup, result)
    if engine is None or not todo:
        result.left = len(todo)
        progress(total, total, "")
        return result
    # Segments whose masked text is the same share one request; each gets its own
    # tokens back.
    segments_by_text: dict[str, list[tuple[Segment, Masked]]] = defaultdict(list)
    for segment in todo:
        masked = mask(segment.source, terms)
        segments_by_text[masked.text].append((segment, masked))

    def commit(outputs: dict[str, str], cached: bool) -> None:
        changes = []
        for masked_text, output in outputs.items():
            for segment, masked in segments_by_text.pop(masked_text):
                restored = restore(output, masked)
                problems = [f"{p.token} ({p.what})" for p in restored.problems]
                changes.append(_change(segment, restored.text, problems, engine.label))
                result.with_problems += bool(problems)
                if cached:
                    result.from_cache += 1
                else:
                    result.from_engine += 1
        project.store_translations(
            engine.label,
            source_lang,
            target_lang,
            {} if cached else outputs,
            changes,
            who=MT_AUTHOR,
        )
        done = total - sum(len(v) for v in segments_by_text.values())
        progress(done, total, _("Pre-translating with {engine}").format(engine=engine.label))

    cached = project.cached_translations(
        engine.label, source_lang, target_lang, list(segments_by_text)
    )
    if cached:
        commit(cached, cached=True)
    pending = list(segments_by_text)
    batches = [pending[i : i + engine.max_batch] for i in range(0, len(pending), engine.max_batch)]
    counter = _Counter()
    try:
        _run_batches(
            engine,
            batches,
            source_lang,
            target_lang,
            concurrency=concurrency,
            retries=retries,
            counter=counter,
            cancel=cancel,
            commit=commit,
        )
    except (EngineError, TransientError) as error:
        result.error = describe_failure(engine, error)
    finally:
        result.requests = counter.value
        result.left = sum(len(v) for v in segments_by_text.values())
    return result


def describe_failure(engine: Engine, error: BaseException) -> str:
    """One line for the user: what failed, with which engine."""
    if isinstance(error, EngineUnavailable):
        return _("cannot reach the {engine} service ({reason}); check the network").format(
            engine=engine.label, reason=error
        )
    if isinstance(error, TransientError):
        return _("the {engine} service did not answer ({reason})").format(
            engine=engine.label, reason=error
        )
    return _("the {engine} service refused the request: {reason}").format(
        engine=engine.label, reason=error
    )


def _run_batches(
    engine: Engine,
    batches: list[list[str]],
    source: str,
    target: str,
    *,
    concurrency: int,
    retries: int,
    counter: _Counter,
    cancel: CancelFlag | None,
    commit: Callable[[dict[str, str], bool], None],
) -> None:
    """Send batches concurrently; commit each result on this (the project's) thread."""
    stop = CancelFlag()  # set when we give up, so queued batches do not start

    def job(batch: list[str]) -> dict[str, str]:
        stop.check()
        return dict(
            zip(
                batch,
                _send(engine, batch, source, target, retries=retries, counter=counter, cancel=stop),
                strict=True,
            )
        )

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        running: set[Future[dict[str, str]]] = {pool.submit(job, batch) for batch in batches}
        try:
            while running:
                finished, running = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
                if cancel:
                    cancel.check()
                for future in finished:
                    commit(future.result(), False)
        except BaseException:
            stop.cancel()
            for future in running:
                future.cancel()
            raise


def _apply_tm(
    project: Project, todo: list[Segment], tm_lookup: TmLookup | None, result: PretranslateResult
) -> list[Segment]:
    if tm_lookup is None:
        return todo
    changes, rest = [], []
    for segment in todo:
        hit = tm_lookup(segment.source)
        if hit is None:
            rest.append(segment)
            continue
        assert segment.id is not None
        text, score = hit
        changes.append(
            SegmentChange(
                segment.id,
                target=text,
                status=Status.DRAFT,
                origin=Origin(OriginKind.TM, score=score),
            )
        )
    if changes:
        project.apply_changes(changes, who="tm")
    result.from_tm = len(changes)
    return rest


@dataclass(frozen=True, slots=True)
class MtSuggestion:
    """One segment's machine translation, for the editor's suggestions panel."""

    engine: str
    text: str
    problems: list[str]  # tokens that could not be restored unambiguously
    cached: bool


def suggest(
    engine: Engine,
    source: str,
    *,
    project: Project | None = None,
    source_lang: str = "en",
    target_lang: str = "ko",
    terms: Collection[str] = (),
    retries: int = 2,
    cancel: CancelFlag | None = None,
) -> MtSuggestion:
    """Translate one segment as pre-translation would (tokens protected and restored,
    retries), from the project's MT cache when it holds the text, storing what it
    fetches there. Nothing is written to the segment: the editor decides."""
    masked = mask(source, terms)
    output: str | None = None
    if project is not None:
        found = project.cached_translations(engine.label, source_lang, target_lang, [masked.text])
        output = found.get(masked.text)
    cached = output is not None
    if output is None:
        try:
            output = _send(
                engine,
                [masked.text],
                source_lang,
                target_lang,
                retries=retries,
                counter=_Counter(),
                cancel=cancel,
            )[0]
        except (EngineError, TransientError) as error:
            raise EngineError(describe_failure(engine, error)) from error
        if project is not None and not project.readonly:
            project.store_translations(
                engine.label, source_lang, target_lang, {masked.text: output}, [], who=MT_AUTHOR
            )
    restored = restore(output, masked)
    problems = [f"{p.token} ({p.what})" for p in restored.problems]
    return MtSuggestion(engine.label, restored.text, problems, cached)
