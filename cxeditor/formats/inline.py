"""Which stretches of a segment travel as protected inline markup in exchange files.

The tweet tokens a translator must leave as they are: hashtags, mentions, URLs,
cashtags, emoji (Twitter's rules, as everywhere in cxeditor) and a chat label opening
the segment (`Q1:`, `A2.`). Numbers are not protected: Korean may write them otherwise.
"""

from __future__ import annotations

import re

from cxeditor.text.entities import extract

_CHAT_LABEL = re.compile(r"^\s*([AQ]\d{1,2}[:.)])", re.IGNORECASE)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each protected token of `text`, in order, not overlapping."""
    spans = [(entity.start, entity.end) for entity in extract(text)]
    label = _CHAT_LABEL.match(text)
    if label:
        spans.append((label.start(1), label.end(1)))
    spans.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    kept: list[tuple[int, int]] = []
    for span in spans:  # the longest token wins where tokens overlap
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def spans_in_target(target: str, tokens: list[str], ids: list[str]) -> list[tuple[int, int, str]]:
    """Where the source's tokens occur in the target, each once, with the source token's
    id; Korean may reorder them, and a token the translation lost is simply absent."""
    taken: list[tuple[int, int, str]] = []
    for token, token_id in zip(tokens, ids, strict=True):
        position = 0
        while (found := target.find(token, position)) >= 0:
            end = found + len(token)
            if all(end <= start or found >= stop for start, stop, _id in taken):
                taken.append((found, end, token_id))
                break
            position = found + 1
    return sorted(taken)
