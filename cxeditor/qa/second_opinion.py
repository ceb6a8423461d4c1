"""Where the editor's translation disagrees with engines' versions of the same English,
or where a language model points at a span: the second opinion's findings.

Pure comparisons (the engines are asked in cxeditor/second_opinion.py): a segment is
flagged where every engine's version agrees on a negation, the numbers, a named thing
of the English or the number of sentences, and the editor's translation does not.
Warnings, never a fix: the engines may be the ones that are wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

from cxeditor.i18n import N_, _
from cxeditor.qa.base import Finding, Severity
from cxeditor.text import meaning

SECOND_OPINION = "second-opinion"
MODEL_JUDGEMENT = "model-judgement"
NAMES = {
    SECOND_OPINION: N_("Engines disagree"),
    MODEL_JUDGEMENT: N_("Model's judgement"),
}


def _negates(text: str) -> bool:
    return bool(meaning.korean_negations(text))


def _numbers(text: str) -> list[str]:
    return sorted(span.text.replace(",", "") for span in meaning.numbers_in(text))


def _sentences(text: str) -> int:
    return len(meaning.sentence_spans(text, "ko"))


def _finding(segment: int, target: str, message: str, start: int, end: int) -> Finding:
    return Finding(
        segment, SECOND_OPINION, Severity.WARNING, message, target[start:end], start, end
    )


def disagreements(
    segment: int, source: str, target: str, versions: Sequence[tuple[str, str]]
) -> list[Finding]:
    """Findings where all `versions` ((engine, Korean text)) agree and `target` differs."""
    if not versions or not target.strip():
        return []
    engines = ", ".join(label for label, _text in versions)
    texts = [text for _label, text in versions]
    end = len(target)
    found = []
    negations = {_negates(text) for text in texts}
    if len(negations) == 1 and _negates(target) not in negations:
        (theirs,) = negations
        message = (
            _("{engines} negate where this translation does not: {version}")
            if theirs
            else _("{engines} do not negate where this translation does: {version}")
        ).format(engines=engines, version=texts[0])
        found.append(_finding(segment, target, message, 0, end))
    numbers = {tuple(_numbers(text)) for text in texts}
    if len(numbers) == 1 and tuple(_numbers(target)) not in numbers:
        (theirs_numbers,) = numbers
        if theirs_numbers:
            message = _("{engines} give the numbers {numbers}: {version}").format(
                engines=engines, numbers=", ".join(theirs_numbers), version=texts[0]
            )
            found.append(_finding(segment, target, message, end, end))
    for name in meaning.named_things(source):
        word = name.text.lower()
        if all(word in text.lower() for text in texts) and word not in target.lower():
            message = _("{engines} keep {name}, this translation does not").format(
                engines=engines, name=name.text
            )
            found.append(_finding(segment, target, message, end, end))
    counts = {_sentences(text) for text in texts}
    mine = _sentences(target)
    if len(counts) == 1 and mine < min(counts):
        message = _("{engines} have {theirs} sentences, this translation {mine}: {version}").format(
            engines=engines, theirs=min(counts), mine=mine, version=texts[0]
        )
        found.append(_finding(segment, target, message, 0, end))
    return found


def judged(
    segment: int, target: str, model: str, spans: Sequence[tuple[str, str]]
) -> list[Finding]:
    """A finding on each span (span, why) the model points at in `target`."""
    found = []
    for span, why in spans:
        start = target.find(span)
        if start < 0:
            continue
        message = _("{model}: {why}").format(model=model, why=why or _("the meaning changes"))
        found.append(
            Finding(
                segment, MODEL_JUDGEMENT, Severity.WARNING, message, span, start, start + len(span)
            )
        )
    return found
