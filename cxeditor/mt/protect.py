"""Protect tweet tokens from machine translation, and restore them afterwards.

Before a segment goes to an engine, hashtags, mentions, URLs, cashtags, emoji, chat
labels, numbers and do-not-translate terms become placeholders `[T1]`, `[T2]`, …;
afterwards each placeholder is replaced by its token, byte-exact. Engines mangle
placeholders (full-width `［Ｔ１］`, spaces inside, case, order, dropped, duplicated,
translated) and, when they see raw tokens, garble those too. Restoration survives all
of that, and a token that cannot be put back unambiguously is placed where it most
likely belongs and reported: a token is never lost silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from cxeditor.text.damage import damage_score, damaged_span, spaced_pattern
from cxeditor.text.entities import extract

# "[T12]" as sent; as received it may be "［Ｔ１２］", "[ t 12 ]", "[토큰12]", "【T12】" …
PLACEHOLDER = "[T{n}]"
_RECEIVED = re.compile(
    r"[\[［【〔]\s*(?:[A-Za-zＡ-Ｚａ-ｚ\uac00-\ud7a3]{1,4})?\s*[-_]?\s*(?P<n>[0-9０-９]{1,3})"
    r"\s*[\]］】〕]"
)
_CHAT_LABEL = re.compile(r"^\s*[AQ]\d{1,2}[:.)]", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*%?")


@dataclass(frozen=True, slots=True)
class Token:
    number: int
    text: str
    kind: str  # hashtag, mention, url, cashtag, emoji, label, number, term
    at_start: bool  # the token opened the segment
    at_end: bool  # nothing but tokens and punctuation followed it


@dataclass(slots=True)
class Masked:
    text: str
    tokens: list[Token] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RestoreProblem:
    token: str
    what: str  # "dropped", "duplicated", "garbled", "unknown-placeholder"


@dataclass(slots=True)
class Restored:
    text: str
    problems: list[RestoreProblem] = field(default_factory=list)


def _spans(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = [(e.start, e.end, e.kind) for e in extract(text)]
    label = _CHAT_LABEL.match(text)
    if label:
        spans.append((label.start(), label.end(), "label"))
    for term in terms:
        if term:
            spans.extend(
                (m.start(), m.end(), "term")
                for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text)
            )
    spans.extend((m.start(), m.end(), "number") for m in _NUMBER.finditer(text))
    spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    kept: list[tuple[int, int, str]] = []
    for span in spans:  # the longest token wins where tokens overlap
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def mask(text: str, terms: Collection[str] = ()) -> Masked:
    """Replace every protected token of `text` by a numbered placeholder."""
    spans = _spans(text, terms)
    parts: list[str] = []
    tokens: list[Token] = []
    position = 0
    for number, (start, end, kind) in enumerate(spans, start=1):
        parts.append(text[position:start])
        parts.append(PLACEHOLDER.format(n=number))
        tail = text[end:]
        at_end = not re.sub(r"[\W_]", "", _strip_spans(tail, spans, end))
        tokens.append(Token(number, text[start:end], kind, not text[:start].strip(), at_end))
        position = end
    parts.append(text[position:])
    return Masked("".join(parts), tokens)


def _strip_spans(tail: str, spans: list[tuple[int, int, str]], offset: int) -> str:
    """`tail` without the other tokens in it (to see if only tokens follow)."""
    result = list(tail)
    for start, end, _kind in spans:
        for index in range(max(start - offset, 0), max(end - offset, 0)):
            if 0 <= index < len(result):
                result[index] = " "
    return "".join(result)


def restore(translated: str, masked: Masked) -> Restored:
    """Put the tokens back into an engine's output (see the module docstring)."""
    by_number = {token.number: token for token in masked.tokens}
    used: set[int] = set()
    problems: list[RestoreProblem] = []

    def replace(match: re.Match[str]) -> str:
        number = int(unicodedata.normalize("NFKC", match.group("n")))
        token = by_number.get(number)
        if token is None:
            problems.append(RestoreProblem(match.group(), "unknown-placeholder"))
            return ""
        if number in used:
            problems.append(RestoreProblem(token.text, "duplicated"))
            return ""
        used.add(number)
        return token.text

    text = _RECEIVED.sub(replace, translated)
    for token in masked.tokens:
        if token.number in used:
            continue
        recovered = _recover_raw(text, token)
        if recovered is not None:
            text = recovered
            continue
        problems.append(RestoreProblem(token.text, "dropped"))
        text = _place(text, token)
    return Restored(_tidy(text), problems)


def _recover_raw(text: str, token: Token) -> str | None:
    """The engine passed the raw token through, perhaps damaged: repair it in place."""
    if token.text in text:
        return text
    if token.kind == "url":
        found = spaced_pattern(token.text).search(text)
        return text[: found.start()] + token.text + text[found.end() :] if found else None
    if token.kind == "hashtag":
        for entity in extract(text):  # "#CXT위챗" for "#CXTweetChat"
            # One token sought: any trace of it will do (min_kept), and a particle glued
            # after the damage stays ("#CXT위챗을" -> "#CXTweetChat을").
            if entity.kind == "hashtag" and damage_score(entity.value, token.text[1:], min_kept=2):
                start, end = damaged_span(entity.start, entity.end, entity.value)
                return text[:start] + token.text + text[end:]
    if token.kind in ("hashtag", "mention", "cashtag"):
        bare = re.escape(token.text[1:])
        found = re.search(rf"[#@$＃＠]?\s*{bare}(?![A-Za-z0-9_])", text, re.IGNORECASE)
        return text[: found.start()] + token.text + text[found.end() :] if found else None
    return None


def _place(text: str, token: Token) -> str:
    """Where a lost token most likely belongs: at the start for an opening chat label or
    token, at the end for trailing hashtags and URLs, else at the end as well (Korean is
    verb-final; the editor is told to check)."""
    if token.at_start and not token.at_end:
        return f"{token.text} {text.lstrip()}"
    return f"{text.rstrip()} {token.text}"


def _tidy(text: str) -> str:
    """Spaces doubled or left before punctuation by removed placeholders."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r" +([,.!?])(?=\s|$)", r"\1", text).strip()
