"""Run the checks over an article, and apply the fixes that are unambiguous."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from itertools import pairwise
from operator import attrgetter
from typing import NamedTuple

from rapidfuzz import fuzz

from cxeditor.formats.align import IMPORTED_HANDLE, IMPORTED_NAME
from cxeditor.formats.blocks import GLUED_ON_IMPORT
from cxeditor.jobs import CancelFlag, ProgressCallback, collector_paused, no_progress
from cxeditor.model import Article, Block, Segment
from cxeditor.names import korean_names
from cxeditor.qa.article_checks import CHAT_LABEL
from cxeditor.qa.base import ArticleContext, Check, Finding, Unit
from cxeditor.qa.forked import check_in_processes
from cxeditor.qa.prose_checks import brand_skeletons
from cxeditor.qa.registry import ALL_CHECKS
from cxeditor.store import Project, SegmentChange
from cxeditor.text.damage import MT_TOKEN_PROBLEM, damage_score, damaged_span
from cxeditor.text.dates import find_dates, has_numeric_date
from cxeditor.text.korean import has_hangul
from cxeditor.tm.glossary import GlossaryEntry, TermIndex

QA_AUTHOR = "qa"
_SEGMENT_ID = attrgetter("segment")
_NEAR_MISS = 80  # rapidfuzz ratio of a misspelt tag to the article's own
_PROGRESS_STEP = 500  # units between progress reports and cancel checks
_TAG_LIKE_WORD = re.compile(
    r"(?<![#@\w])([A-Za-z][A-Za-z0-9_]*(?:[A-Z][a-z]|[A-Za-z]\d)"
    r"[A-Za-z0-9_]*)"
)


def segment_unit(block: Block, segment: Segment) -> Unit:
    """One segment as QA sees it, with what its comments record (import, MT problems)."""
    assert segment.id is not None
    unit = Unit(segment.id, segment.source, segment.target, block.kind, block.tweet)
    for comment in segment.comments:
        if comment.text == GLUED_ON_IMPORT:
            unit.analysis["glued_on_import"] = True
        elif comment.text.startswith(MT_TOKEN_PROBLEM):
            unit.analysis["mt_problem"] = comment.text[len(MT_TOKEN_PROBLEM) :].strip()
        elif comment.text.startswith(IMPORTED_NAME):
            unit.analysis["imported_name"] = comment.text[len(IMPORTED_NAME) :].strip()
        elif comment.text.startswith(IMPORTED_HANDLE):
            unit.analysis["imported_handle"] = comment.text[len(IMPORTED_HANDLE) :].strip()
    return unit


def article_units(article: Article) -> list[Unit]:
    return [segment_unit(block, segment) for block in article.blocks for segment in block.segments]


def _majority_forms(forms: dict[str, Counter[str]]) -> dict[str, str]:
    return {lower: counts.most_common(1)[0][0] for lower, counts in forms.items()}


class _TokenForms(NamedTuple):
    """How the article spells its hashtags and handles, gathered in one pass."""

    hashtags: dict[str, Counter[str]]  # lower -> spellings and their counts
    hangul_hashtags: list[str]  # Korean-only projects: tags with Hangul, resolved later
    handles: dict[str, Counter[str]]


def _token_forms(units: list[Unit], has_source: bool) -> _TokenForms:
    """The source's tokens, or (Korean-only) the article's own."""
    forms = _TokenForms(defaultdict(Counter), [], defaultdict(Counter))
    for unit in units:
        for entity in unit.source_entities if has_source else unit.twitter_target_entities:
            kind = entity.kind
            if kind == "hashtag":
                value = entity.value
                if not has_source and has_hangul(value):
                    # "#MktgDay2024를" is the tag #MktgDay2024 with a particle glued on
                    stem = value[: damaged_span(0, len(value), value)[1]]
                    if has_hangul(stem):
                        forms.hangul_hashtags.append(value)
                    else:
                        forms.hashtags[stem.lower()][stem] += 1
                else:
                    forms.hashtags[value.lower()][value] += 1
            elif kind == "mention" and not entity.list_slug:
                forms.handles[entity.value.lower()][entity.value] += 1
    return forms


def _known_hashtags(
    units: list[Unit], forms: _TokenForms, has_source: bool, glossary_tags: Collection[str]
) -> dict[str, str]:
    """Hashtags the article means to use: the source's, or (Korean-only) the forms the
    article itself uses most, plus bare words that a translated tag elsewhere points to."""
    for tag in glossary_tags:
        forms.hashtags[tag.lower()][tag] += 1000  # the glossary decides
    known = _majority_forms(forms.hashtags)
    if has_source:
        return known
    # A tag written once, an edit or two from one the article uses again and again, is
    # that tag misspelt (#MktgCaht beside #MktgChat), not a tag of its own.
    totals = {lower: sum(counts.values()) for lower, counts in forms.hashtags.items()}
    for lower, total in totals.items():
        if total == 1 and any(
            other_total >= 2 and other != lower and fuzz.ratio(lower, other) >= _NEAR_MISS
            for other, other_total in totals.items()
        ):
            del known[lower]
    for value in forms.hangul_hashtags:
        if any(damage_score(value, canonical) for canonical in known.values()):
            continue
        for unit in units:  # a bare "WorldCXDay2024" somewhere names the tag "#월드CX데이2024"
            for word in _TAG_LIKE_WORD.findall(unit.target):
                if damage_score(value, word) is not None:
                    known.setdefault(word.lower(), word)
    return known


def _known_handles(article: Article, forms: _TokenForms) -> dict[str, str]:
    """Handles as the attributions write them (authoritative), else the majority form."""
    for block in article.blocks:
        if block.tweet is not None:
            forms.handles[block.tweet.handle.lower()][block.tweet.handle] += 1000
    return _majority_forms(forms.handles)


def _chat_label_style(units: list[Unit]) -> dict[str, str]:
    marks: Counter[str] = Counter()
    for unit in units:
        match = CHAT_LABEL.match(unit.target)
        if match:
            marks[match.group("letter").upper() + "{n}" + match.group("mark")] += 1
    style = {}
    for letter in ("A", "Q"):
        candidates = [(count, form) for form, count in marks.items() if form.startswith(letter)]
        if candidates:
            style[letter] = max(candidates)[1]
    return style


def _month_first_dates(units: list[Unit]) -> bool:
    """Whether the article writes "11/7/2019" for November 7: it names months first
    elsewhere ("November 7, 2019"), as American English does, and never day first."""
    texts = "\n".join(unit.source or unit.target for unit in units)
    if not has_numeric_date(texts):  # one scan; such dates are rare
        return False
    styles = Counter(match.style for match in find_dates(texts))
    return styles["english"] > 0 and styles["english-dmy"] == 0


def build_context(
    article: Article,
    units: list[Unit],
    *,
    name_policy: str | None = None,
    glossary: Collection[GlossaryEntry] = (),
) -> ArticleContext:
    has_source = any(unit.source.strip() for unit in units)
    glossary_tags = [e.source[1:] for e in glossary if e.dnt and e.source.startswith("#")]
    forms = _token_forms(units, has_source)
    known = _known_hashtags(units, forms, has_source, glossary_tags)
    translations: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in units:
        if unit.source.strip() and unit.target.strip():
            translations[unit.source.strip()][unit.target.strip()] += 1
    variants = {
        source: (len(targets), targets.most_common(1)[0][0])
        for source, targets in translations.items()
        if len(targets) > 1
    }
    tweets = [
        (block.segments[0].id or 0, block.tweet)
        for block in article.blocks
        if block.tweet is not None and block.segments
    ]
    context = ArticleContext(
        has_source=has_source,
        known_hashtags=known,
        known_handles=_known_handles(article, forms),
        name_policy=name_policy or article.meta.name_policy,
        tweets=tweets,
        translations_of=variants,
        chat_label_style=_chat_label_style(units),
        glossary=list(glossary),
        korean_names=korean_names(article, glossary),
        month_first_dates=_month_first_dates(units),
    )
    for name in sorted({tweet.name for _id, tweet in tweets}, key=len, reverse=True):
        if " " in name.strip() and not has_hangul(name):  # a full name: "Mina" alone is no evidence
            context.authors_by_first_word.setdefault(name.split()[0], []).append(name)
    if context.authors_by_first_word:
        words = sorted(context.authors_by_first_word, key=len, reverse=True)
        # Plain literals: the engine then skips ahead by their first letters.
        context.author_first_word = re.compile("|".join(map(re.escape, words)))
    context.hangul_names = sum(has_hangul(tweet.name) for _id, tweet in tweets)
    context.latin_names = len(tweets) - context.hangul_names
    if context.glossary:
        context.glossary_index = TermIndex(context.glossary)
    brands = [*context.known_handles.values()]
    brands += [e.source for e in glossary if e.dnt and not e.source.startswith(("#", "@"))]
    people = {tweet.handle.lower() for _id, tweet in tweets if " " in tweet.name.strip()}
    context.brand_skeletons = brand_skeletons(brands, people)
    known_values = frozenset(known.values())
    for unit in units:
        unit.known_tags = known_values
    return context


def run_qa(
    article: Article,
    *,
    checks: Iterable[Check] = ALL_CHECKS,
    dismissed: Collection[tuple[int, str, str]] = frozenset(),
    name_policy: str | None = None,  # None: the article's own
    glossary: Collection[GlossaryEntry] = (),
    processes: int = 1,
    progress: ProgressCallback = no_progress,
    cancel: CancelFlag | None = None,
) -> list[Finding]:
    """Every finding of every check over the article, minus the dismissed ones, in
    article order (and, within a segment, in the order of `checks`).

    With `processes` > 1, large articles are checked in that many forked processes
    where that is safe (see qa/forked.py); the findings are the same."""
    with collector_paused():
        # The run's units and context die with _check_article's frame, while the
        # collector is still off: else its first pass would walk them all (~40 ms).
        findings = _check_article(
            article,
            tuple(checks),
            name_policy=name_policy,
            glossary=glossary,
            processes=processes,
            progress=progress,
            cancel=cancel,
        )
    if dismissed:
        dismissed_keys = set(dismissed)
        findings = [finding for finding in findings if finding.key not in dismissed_keys]
    return findings


def _check_article(
    article: Article,
    checks: tuple[Check, ...],
    *,
    name_policy: str | None,
    glossary: Collection[GlossaryEntry],
    processes: int,
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> list[Finding]:
    units = article_units(article)
    for check in checks:  # before the context: Kiwi's helper loads while it is built
        check.start(units)
    context = build_context(article, units, name_policy=name_policy, glossary=glossary)
    # The late checks' analyser is in a process of its own, not to be shared by forked
    # children: they run here, over the whole article, after the children's share.
    late = tuple(check for check in checks if check.late) if processes > 1 else ()
    shared = tuple(check for check in checks if check not in late)

    def check_slice(
        part: Sequence[Unit], report: ProgressCallback, flag: CancelFlag | None
    ) -> list[Finding]:
        return check_units(part, context, shared, report, flag)

    findings = check_in_processes(units, check_slice, processes, progress, cancel)
    if not late:
        return findings
    found_late = check_units(units, context, late, no_progress, cancel)
    if not found_late:
        return findings
    rank = {check.check_id: index for index, check in enumerate(checks)}
    position = {unit.segment_id: index for index, unit in enumerate(units)}
    findings += found_late
    findings.sort(key=lambda finding: (position[finding.segment], rank[finding.check]))
    return findings


def check_units(
    units: Sequence[Unit],
    context: ArticleContext,
    checks: tuple[Check, ...],
    progress: ProgressCallback,
    cancel: CancelFlag | None,
) -> list[Finding]:
    # One check over all units, then the next: each check's code and patterns stay
    # hot in the CPU caches, a quarter faster than all checks per unit in turn. The
    # late ones last (see Check.late); their findings still take their place below.
    found: list[list[Finding]] = [[] for _check in checks]
    total = len(checks) * len(units)
    done = 0
    for index in sorted(range(len(checks)), key=lambda index: checks[index].late):
        check = checks[index]
        check.prepare(units, context)
        detect = check.detect
        extend = found[index].extend
        for first in range(0, len(units), _PROGRESS_STEP):
            if cancel:
                cancel.check()
            progress(done, total, "")
            for unit in units[first : first + _PROGRESS_STEP]:
                extend(detect(unit, context))  # iterated in C: a hot loop
            done += min(_PROGRESS_STEP, len(units) - first)
    progress(total, total, "")
    findings = list(itertools.chain.from_iterable(found))
    if len(checks) > 1:  # back to article order; the sort is stable
        ids = [unit.segment_id for unit in units]
        if all(first < second for first, second in pairwise(ids)):
            findings.sort(key=_SEGMENT_ID)  # ids follow the article: a key in C
        else:
            position = {segment_id: index for index, segment_id in enumerate(ids)}
            findings.sort(key=lambda finding: position[finding.segment])
    return findings


def apply_fixes(project: Project, findings: Iterable[Finding], *, who: str = QA_AUTHOR) -> int:
    """Apply each finding's fix where it is certain and unambiguous (it has one, it is
    marked certain, and no other fix touches the same text), in one transaction;
    statuses stay for a human to confirm. Returns the number of fixes applied."""
    by_segment: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.fix is not None and finding.certain:
            by_segment[finding.segment].append(finding)
    changes = []
    applied = 0
    for segment_id, items in by_segment.items():
        target = project.segment(segment_id).target
        chosen: list[Finding] = []
        for finding in sorted(items, key=lambda f: (f.start, f.end)):
            if target[finding.start : finding.end] != finding.text:
                continue  # the target changed since QA ran
            overlapping = [
                c
                for c in chosen
                if (c.start < finding.end and finding.start < c.end)
                or (c.start == c.end == finding.start == finding.end)
            ]
            if overlapping:
                if any(
                    c.fix != finding.fix or (c.start, c.end) != (finding.start, finding.end)
                    for c in overlapping
                ):
                    chosen = [c for c in chosen if c not in overlapping]  # ambiguous: skip all
                continue
            chosen.append(finding)
        for finding in sorted(chosen, key=lambda f: f.start, reverse=True):
            assert finding.fix is not None
            target = target[: finding.start] + finding.fix + target[finding.end :]
        if chosen:
            changes.append(SegmentChange(segment_id, target=target))
            applied += len(chosen)
    if changes:
        project.apply_changes(changes, who=who)
    return applied


def suggested_fixes(findings: Iterable[Finding]) -> list[Finding]:
    """The findings whose fix is a suggestion only: `qa --fix` leaves them to the editor."""
    return [finding for finding in findings if finding.fix is not None and not finding.certain]
