"""Pre-translation: translation memory first, then machine translation, all as drafts.

Bounded concurrency, per-request timeouts (in the engines), retries with backoff that
honour Retry-After up to a cap, many texts per request where the API allows, a cache in
the project so a second run sends nothing, resumable (only empty targets are sent),
cancellable, with progress through a callback.

With one engine the batches are committed as they finish (those that finish together
in one transaction). With several, the
engines compete per segment: all of them translate (at the same time, each answer cached
as it arrives), every output is restored and checked by QA, an output that lost or broke
a token is never used, and the draft is the output with the fewest QA findings (ties:
the order the engines were given). QA checks each batch's outputs as they arrive, while
the other engines are still sending, and only where they could still win. An answer
that is not a translation (null, an object, an empty string) fails its segment: nothing
is stored for it.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from cxeditor.i18n import _
from cxeditor.jobs import CancelFlag, Cancelled, ProgressCallback, no_progress
from cxeditor.model import Article, Origin, OriginKind, Segment, Status
from cxeditor.mt.base import (
    Engine,
    EngineError,
    EngineUnavailable,
    RateLimited,
    TransientError,
    text_or_none,
)
from cxeditor.mt.protect import PLACEHOLDER, Masked, Restored, mask, restore
from cxeditor.store import Project, SegmentChange
from cxeditor.text.damage import MT_TOKEN_PROBLEM

# How outputs are judged: built once over the article, then asked for the number of QA
# findings of candidate texts (segment id -> text), per segment. The caller passes QA in
# (cxeditor.qa.candidates.CandidateQa): it sits beside MT, not below it.
Judge = Callable[[Mapping[int, str]], Mapping[int, int]]
MakeJudge = Callable[[Article], Judge]

MT_AUTHOR = "mt"
DEFAULT_CONCURRENCY = 8
MAX_BACKOFF = 8.0
# A server may ask for a pause (Retry-After); past this we stop rather than hang.
MAX_RETRY_AFTER = 30.0
_SAVE_EVERY = 0.5  # seconds between cache commits while engines compete

# source text -> (target, score in percent) or None
TmLookup = Callable[[str], tuple[str, int] | None]


class WaitTooLong(EngineError):  # noqa: N818 - reads as the server's demand
    """The server asked to wait longer than MAX_RETRY_AFTER."""


@dataclass(slots=True)
class EngineStats:
    """One engine's part in a run, for the table the CLI prints."""

    engine: str
    segments: int = 0  # segments it gave a translation for
    failed: int = 0  # answers that were no translation, or texts too long for it
    tokens_broken: int = 0  # tokens it lost or garbled past an exact repair
    tokens_repaired: int = 0  # placeholders it damaged that were put back exactly
    findings: int = 0  # QA findings over the outputs QA checked
    checked: int = 0  # outputs QA checked (competing: only where it could still win)
    chosen: int = 0  # drafts written from its outputs
    requests: int = 0
    seconds: float = 0.0
    error: str | None = None


@dataclass(slots=True)
class PretranslateResult:
    from_tm: int = 0
    from_cache: int = 0
    from_engine: int = 0
    requests: int = 0
    left: int = 0  # still untranslated (network down, cancelled, engine error, failed)
    with_problems: int = 0  # segments whose tokens needed a guess
    failed: int = 0  # segments no engine gave a usable translation for
    error: str | None = None  # why machine translation stopped early
    engines: list[EngineStats] = field(default_factory=list)


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
) -> list[str | None]:
    """One batch, with retries: Retry-After when the server gives it (up to a cap),
    else backoff."""
    for attempt in range(retries + 1):
        if cancel:
            cancel.check()
        counter.add()
        try:
            answer = engine.translate_batch(texts, source, target)
        except RateLimited as limited:
            wait_for = limited.retry_after
            if wait_for is not None and wait_for > MAX_RETRY_AFTER:
                raise WaitTooLong(
                    _(
                        "the {engine} service asks to wait {seconds:.0f} s before the next "
                        "request (more than {cap:.0f} s); try again later"
                    ).format(engine=engine.label, seconds=wait_for, cap=MAX_RETRY_AFTER)
                ) from limited
            if attempt == retries:
                raise TransientError(
                    _("still rate limited after {n} tries").format(n=retries + 1)
                ) from limited
            _sleep(
                wait_for if wait_for is not None else min(0.25 * 2**attempt, MAX_BACKOFF), cancel
            )
            continue
        except TransientError:
            if attempt == retries:
                raise
            _sleep(min(0.25 * 2**attempt, MAX_BACKOFF), cancel)
            continue
        if len(answer) != len(texts):  # an engine's own check missed it: still no guess
            raise EngineError(_("the server answered with the wrong number of texts"))
        return [_usable(text, item) for text, item in zip(texts, answer, strict=True)]
    raise AssertionError("unreachable")  # pragma: no cover


def _usable(source: str, item: object) -> str | None:
    """The engine's item as a translation, or None where it is none: not a string,
    empty, or many times longer than its source (a model rambling, a server's junk)."""
    text = text_or_none(item)
    if text is None or len(text) > 10 * len(source) + 500:
        return None
    return text


def describe_failure(engine: Engine, error: BaseException) -> str:
    """One line for the user: what failed, with which engine (and never its key)."""
    reason = " ".join(str(error).split())
    if isinstance(error, WaitTooLong):
        line = reason
    elif isinstance(error, EngineUnavailable):
        line = _("cannot reach the {engine} service ({reason}); check the network").format(
            engine=engine.label, reason=reason
        )
    elif isinstance(error, TransientError):
        line = _("the {engine} service did not answer ({reason})").format(
            engine=engine.label, reason=reason
        )
    else:
        line = _("the {engine} service refused the request: {reason}").format(
            engine=engine.label, reason=reason
        )
    return engine.redact(line)


def _change(
    segment: Segment, restored: Restored, engine: str, *, with_comment: bool = True
) -> SegmentChange:
    assert segment.id is not None
    problems = [f"{p.token} ({p.what})" for p in restored.problems]
    comment = (f"{MT_TOKEN_PROBLEM} " + ", ".join(problems)) if problems and with_comment else None
    return SegmentChange(
        segment.id,
        target=restored.text,
        status=Status.DRAFT,
        origin=Origin(OriginKind.MT, engine=engine),
        comment=comment,
    )


def _repaired(output: str, masked: Masked, restored: Restored) -> int:
    """Placeholders the engine damaged that restore still put back exactly."""
    broken = {problem.token for problem in restored.problems}
    return sum(
        1
        for token in masked.tokens
        if PLACEHOLDER.format(n=token.number) not in output and token.text not in broken
    )


@dataclass
class _Job:
    """One engine's share of a run."""

    engine: Engine
    stats: EngineStats
    batches: list[list[str]]
    outputs: dict[str, str | None] = field(default_factory=dict)
    counter: _Counter = field(default_factory=_Counter)
    stop: CancelFlag = field(default_factory=CancelFlag)
    started: float = field(default_factory=time.monotonic)
    complete: bool = False  # every batch answered (or the engine gave up)


def _batches(texts: list[str], engine: Engine) -> list[list[str]]:
    """Batches within the engine's limits on texts and characters per request."""
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for text in texts:
        if current and (len(current) >= engine.max_batch or size + len(text) > engine.max_chars):
            batches.append(current)
            current, size = [], 0
        current.append(text)
        size += len(text)
    if current:
        batches.append(current)
    return batches


def pretranslate(
    project: Project,
    engine: Engine | Sequence[Engine] | None,
    *,
    source_lang: str = "en",
    target_lang: str = "ko",
    concurrency: int = DEFAULT_CONCURRENCY,
    retries: int = 4,
    tm_lookup: TmLookup | None = None,
    terms: Collection[str] = (),
    judge: MakeJudge | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> PretranslateResult:
    """Fill every untranslated segment (TM first, then the engine, or the best of the
    engines: the output `judge` finds fewest problems in); results are drafts."""
    engines = [] if engine is None else [engine] if isinstance(engine, Engine) else list(engine)
    result = PretranslateResult()
    article = project.load_article()
    todo = [s for s in article.segments() if s.source.strip() and not s.target.strip()]
    total = len(todo)
    todo = _apply_tm(project, todo, tm_lookup, result)
    if not engines or not todo:
        result.left = len(todo)
        progress(total, total, "")
        return result
    # Segments whose masked text is the same share one request; each gets its own
    # tokens back.
    by_text: dict[str, list[tuple[Segment, Masked]]] = defaultdict(list)
    for segment in todo:
        masked = mask(segment.source, terms)
        by_text[masked.text].append((segment, masked))
    run = _Run(project, engines, by_text, source_lang, target_lang, result, progress, total)
    run.prepare(judge(article) if judge is not None else None)
    try:
        run.send(concurrency=concurrency, retries=retries, cancel=cancel)
        if len(engines) > 1:
            run.decide()
    except (Cancelled, KeyboardInterrupt):
        if len(engines) > 1:
            run.decide()  # keep what the engines already answered
        raise
    finally:
        run.finish()
    result.left = total - result.from_tm - result.from_engine - result.from_cache
    return result


class _Run:
    """The state of one pre-translation run over one or more engines."""

    def __init__(  # noqa: PLR0917 - one call site, the run's whole state
        self,
        project: Project,
        engines: list[Engine],
        by_text: dict[str, list[tuple[Segment, Masked]]],
        source: str,
        target: str,
        result: PretranslateResult,
        progress: ProgressCallback,
        total: int,
    ) -> None:
        self.project, self.by_text = project, by_text
        self.judge: Judge | None = None
        self.best: dict[int, tuple[int, int, str]] = {}  # id -> (findings, engine, text)
        # Competing: each engine's usable output per segment (None: none usable), and
        # per segment the engine whose output is to be judged next (in the given order).
        self.answers: list[dict[int, str | None]] = [{} for _engine in engines]
        self.frontier: dict[int, int] = {}
        self.source, self.target = source, target
        self.result, self.progress, self.total = result, progress, total
        self.compete = len(engines) > 1
        self.jobs = [_Job(e, EngineStats(e.label), []) for e in engines]
        result.engines = [job.stats for job in self.jobs]
        self.written: dict[int, tuple[int, str]] = {}  # segment id -> (job index, text)
        # Competing engines write only cache rows until the end: gathered and committed
        # a few times a second, not once per batch (each commit is a disk flush).
        self.unsaved: list[dict[str, str]] = [{} for _engine in engines]
        self.saved_at = time.monotonic()
        self.done = 0
        self.names = ", ".join(e.label for e in engines)

    def prepare(self, judge: Judge | None) -> None:
        """Cached answers first; the rest goes in batches within each engine's limits."""
        self.judge = judge
        texts = list(self.by_text)
        for index, job in enumerate(self.jobs):
            cached = self.project.cached_translations(
                job.engine.cache_key, self.source, self.target, texts
            )
            if cached:
                self.accept(index, dict(cached), cached=True)
            pending = [t for t in texts if t not in cached]
            fits = [t for t in pending if len(t) <= job.engine.max_chars]
            for text in pending:
                if len(text) > job.engine.max_chars:
                    job.outputs[text] = None  # too long for this engine: failed here
                    job.stats.failed += len(self.by_text[text])
            job.batches = _batches(fits, job.engine)
            job.complete = not job.batches

    def accept(self, index: int, outputs: dict[str, str | None], *, cached: bool) -> None:
        """One batch's answers: cached (the usable ones) and, with one engine, drafts."""
        job = self.jobs[index]
        job.outputs.update(outputs)
        good = {text: out for text, out in outputs.items() if out is not None}
        for text, output in outputs.items():
            if output is None:
                job.stats.failed += len(self.by_text[text])
        changes = []
        drafts: dict[int, str] = {}  # one engine: what it wrote
        answered: list[int] = []
        for text, output in outputs.items():
            for segment, masked in self.by_text[text]:
                assert segment.id is not None
                answered.append(segment.id)
                if output is None:
                    self.answers[index][segment.id] = None
                    continue
                restored = restore(output, masked)
                self._note(job, output, masked, restored)
                if self.compete:
                    # a lost or broken token: never a draft
                    self.answers[index][segment.id] = None if restored.problems else restored.text
                    continue
                changes.append(_change(segment, restored, job.engine.label))
                drafts[segment.id] = restored.text
                self.written[segment.id] = (index, restored.text)
                job.stats.chosen += 1
                self.result.with_problems += bool(restored.problems)
                if cached:
                    self.result.from_cache += 1
                else:
                    self.result.from_engine += 1
        if self.compete:
            if not cached:
                self.unsaved[index].update(good)
            if time.monotonic() - self.saved_at > _SAVE_EVERY:
                self.save_cache()
            self.settle(answered)
        else:
            self.project.store_translations(
                job.engine.cache_key,
                self.source,
                self.target,
                {} if cached else good,
                changes,
                who=MT_AUTHOR,
            )
            self._judge(index, drafts)  # for its row of the table
        self.done += sum(len(self.by_text[text]) for text in outputs)
        shown = min(self.done // len(self.jobs), self.total)
        self.progress(
            shown, self.total, _("Pre-translating with {engine}").format(engine=self.names)
        )

    def save_cache(self, changes: Sequence[SegmentChange] = ()) -> None:
        """The answers not yet saved, every engine's, and `changes`: one transaction."""
        rows: dict[str, dict[str, str]] = defaultdict(dict)
        for index, unsaved in enumerate(self.unsaved):
            rows[self.jobs[index].engine.cache_key].update(unsaved)
            unsaved.clear()
        rows = {key: outputs for key, outputs in rows.items() if outputs}
        if rows or changes:
            self.project.store_translations_by_engine(
                self.source, self.target, rows, list(changes), who=MT_AUTHOR
            )
        self.saved_at = time.monotonic()

    def _note(self, job: _Job, output: str, masked: Masked, restored: Restored) -> None:
        job.stats.segments += 1
        job.stats.tokens_broken += len(restored.problems)
        job.stats.tokens_repaired += _repaired(output, masked, restored)

    def send(self, *, concurrency: int, retries: int, cancel: CancelFlag | None) -> None:
        """Every engine's batches at once; answers are committed on this (the project's)
        thread. An engine that fails stops alone; the others go on."""
        pools = [ThreadPoolExecutor(max_workers=max(1, concurrency)) for _job in self.jobs]
        running: dict[Future[dict[str, str | None]], int] = {}

        def work(job: _Job, batch: list[str]) -> dict[str, str | None]:
            job.stop.check()
            answer = _send(
                job.engine,
                batch,
                self.source,
                self.target,
                retries=retries,
                counter=job.counter,
                cancel=job.stop,
            )
            return dict(zip(batch, answer, strict=True))

        try:
            for index, job in enumerate(self.jobs):
                for batch in job.batches:
                    running[pools[index].submit(work, job, batch)] = index
            pending = set(running)
            while pending:
                finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                if cancel:
                    cancel.check()
                # The batches that finished together go in one transaction: a commit
                # is a disk flush, and one text per request would mean 300 of them.
                answers: dict[int, dict[str, str | None]] = defaultdict(dict)
                for future in finished:
                    index = running[future]
                    job = self.jobs[index]
                    if future.cancelled():
                        continue
                    error = future.exception()
                    if isinstance(error, Cancelled) and job.stop.cancelled:
                        continue  # its engine already failed: the batch never ran
                    if isinstance(error, (EngineError, TransientError)):
                        self._fail(index, error, pending, running)
                        continue
                    if error is not None:
                        raise error
                    answers[index].update(future.result())
                for index, outputs in answers.items():
                    self.jobs[index].stats.seconds = time.monotonic() - self.jobs[index].started
                    self.accept(index, outputs, cached=False)
                    if self.compete and not any(running[f] == index for f in pending):
                        self._complete(index)
        finally:
            for job in self.jobs:
                job.stop.cancel()
            for future in running:
                future.cancel()
            for pool in pools:
                pool.shutdown(wait=True, cancel_futures=True)

    def _fail(
        self,
        index: int,
        error: BaseException,
        pending: set[Future[dict[str, str | None]]],
        running: dict[Future[dict[str, str | None]], int],
    ) -> None:
        job = self.jobs[index]
        if job.stats.error is None:
            job.stats.error = describe_failure(job.engine, error)
        job.stats.seconds = time.monotonic() - job.started
        job.stop.cancel()
        for future in pending:
            if running[future] == index:
                future.cancel()
        if self.result.error is None:
            self.result.error = job.stats.error
        self._complete(index)

    def _complete(self, index: int) -> None:
        """The engine answers nothing more: where it gave nothing, the next engine's
        output may be judged."""
        self.jobs[index].complete = True
        if self.compete:
            self.settle(s for s in self._segment_ids() if s not in self.answers[index])

    def _segment_ids(self) -> list[int]:
        return [s.id for pairs in self.by_text.values() for s, _m in pairs if s.id is not None]

    def finish(self) -> None:
        self.save_cache()
        for job in self.jobs:
            job.stats.requests = job.counter.value
        self.result.requests = sum(job.stats.requests for job in self.jobs)
        if self.compete and any(job.stats.error is None for job in self.jobs):
            self.result.error = None  # an engine that failed is in its row of the table
        if not self.compete:
            answered = {text for text, out in self.jobs[0].outputs.items() if out is None}
            self.result.failed = sum(len(self.by_text[text]) for text in answered)

    def settle(self, segment_ids: Iterable[int]) -> None:
        """Judge the segments' outputs in the order the engines were given, as far as
        their answers have come: an engine's output is checked where it could still win,
        that is where no earlier engine's output is free of findings (ties go to the
        earlier engine). One QA call per engine and round, not one per segment."""
        waiting = set(segment_ids)
        while waiting:
            due: dict[int, dict[int, str]] = defaultdict(dict)  # engine -> {segment: text}
            for segment_id in waiting:
                index = self.frontier.get(segment_id, 0)
                while index < len(self.jobs):
                    best = self.best.get(segment_id)
                    if best is not None and best[0] == 0:
                        index = len(self.jobs)  # decided: no later engine can win it
                        break
                    answers = self.answers[index]
                    if segment_id not in answers:
                        if not self.jobs[index].complete:
                            break  # its answer is still to come
                    elif (text := answers[segment_id]) is not None:
                        due[index][segment_id] = text
                        break
                    index += 1
                self.frontier[segment_id] = index
            waiting = set()
            for index, texts in due.items():
                scores = self._judge(index, texts)
                for segment_id, text in texts.items():
                    score = scores.get(segment_id, 0)
                    best = self.best.get(segment_id)
                    if best is None or score < best[0]:
                        self.best[segment_id] = (score, index, text)
                    self.frontier[segment_id] = index + 1
                waiting |= texts.keys()

    def _judge(self, index: int, texts: dict[int, str]) -> Mapping[int, int]:
        """QA findings per segment of one engine's texts, counted in its row."""
        if not texts or self.judge is None:
            return {}
        scores = self.judge(texts)
        stats = self.jobs[index].stats
        stats.findings += sum(scores.get(segment_id, 0) for segment_id in texts)
        stats.checked += len(texts)
        return scores

    def decide(self) -> None:
        """Competing engines: per segment, the restored output with the fewest QA
        findings among those that kept every token; ties go to the earlier engine."""
        for job in self.jobs:
            job.complete = True  # failed midway, cancelled or all from the cache
        self.settle(self._segment_ids())
        segments = {s.id: s for pairs in self.by_text.values() for s, _m in pairs}
        answered = {
            s.id for job in self.jobs for text in job.outputs for s, _m in self.by_text[text]
        }
        changes = []
        for segment_id, (_score, index, text) in self.best.items():
            if segment_id in self.written:
                continue
            self.jobs[index].stats.chosen += 1
            changes.append(
                _change(segments[segment_id], Restored(text), self.jobs[index].engine.label)
            )
            self.written[segment_id] = (index, text)
        self.save_cache(changes)  # the last answers and the drafts: one commit
        self.result.from_engine = len(self.written)
        self.result.failed = len(answered - set(self.written))


def engine_table(result: PretranslateResult) -> list[str]:
    """The run's table, a line per engine (the CLI prints it, the editor shows it)."""
    headers = [
        _("engine"),
        _("segments"),
        _("drafts"),
        _("failed"),
        _("tokens broken"),
        _("tokens repaired"),
        _("QA findings/checked"),
        _("requests"),
        _("time"),
    ]
    rows = [
        [
            stats.engine,
            str(stats.segments),
            str(stats.chosen),
            str(stats.failed),
            str(stats.tokens_broken),
            str(stats.tokens_repaired),
            f"{stats.findings}/{stats.checked}",
            str(stats.requests),
            f"{stats.seconds:.2f} s",
        ]
        for stats in result.engines
    ]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *rows]
    ]


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
        segment.target = text  # the article QA judges the engines' outputs in
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
        found = project.cached_translations(
            engine.cache_key, source_lang, target_lang, [masked.text]
        )
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
        if output is None:
            raise EngineError(
                _("the {engine} service answered with no translation").format(engine=engine.label)
            )
        if project is not None and not project.readonly:
            project.store_translations(
                engine.cache_key, source_lang, target_lang, {masked.text: output}, [], who=MT_AUTHOR
            )
    restored = restore(output, masked)
    problems = [f"{p.token} ({p.what})" for p in restored.problems]
    return MtSuggestion(engine.label, restored.text, problems, cached)


def suggest_each(
    engines: Sequence[Engine], source: str, **kwargs: object
) -> list[MtSuggestion | str]:
    """Every engine's suggestion for one segment (a row each in the suggestions dock),
    or the one line saying why an engine gave none."""
    rows: list[MtSuggestion | str] = []
    for engine in engines:
        try:
            rows.append(suggest(engine, source, **kwargs))  # type: ignore[arg-type]
        except EngineError as error:
            rows.append(str(error))
    return rows
