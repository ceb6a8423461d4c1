"""Ask a language model (an OpenAI-compatible chat endpoint) which spans of a Korean
translation change the meaning of its English source, and why.

The model answers with JSON: `[{"span": "...", "why": "..."}]`, each span copied from
the Korean. Answers are cached in the project's MT cache under the model's label, so a
second run asks nothing. The model's judgement is its own: cxeditor only checks that
each span occurs in the Korean, and drops the ones that do not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from cxeditor.mt.base import EngineError
from cxeditor.mt.openai_engine import OpenAIEngine
from cxeditor.store import Project

JUDGE_PROMPT = (
    "You review Korean translations of English sentences from an article that quotes "
    "tweets. Find the spans of the Korean that change the meaning of the English: a lost "
    "or added negation, a comparison turned round, a changed number or unit, a missing "
    "or wrong name, a clause left out, an idiom translated word by word. Ignore style, "
    "spacing and word order. Answer with a JSON list only: one object per problem, "
    '{"span": the exact Korean text, copied, "why": one short sentence in English}. '
    "Answer [] when the meaning is the same."
)
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
CACHE_PREFIX = "judge:"


@dataclass(frozen=True, slots=True)
class JudgedSpan:
    span: str
    why: str


def _cache_text(source: str, target: str) -> str:
    return json.dumps([source, target], ensure_ascii=False)


def parse_judgement(content: str | None, target: str) -> list[JudgedSpan] | None:
    """The spans in the model's answer that occur in `target`; None for no usable answer."""
    if content is None:
        return None
    try:
        data: Any = json.loads(_FENCE.sub("", content))
    except ValueError:
        return None
    if isinstance(data, dict) and len(data) == 1:  # {"problems": [...]}
        data = next(iter(data.values()))
    if not isinstance(data, list):
        return None
    spans = []
    for item in data:
        if not isinstance(item, dict):
            continue
        span, why = item.get("span"), item.get("why")
        if isinstance(span, str) and span.strip() and span in target:
            spans.append(JudgedSpan(span, why if isinstance(why, str) else ""))
    return spans


def judge(
    engine: OpenAIEngine, source: str, target: str, *, project: Project | None = None
) -> list[JudgedSpan]:
    """The model's spans for one segment, from the project's cache when it holds them."""
    key = CACHE_PREFIX + engine.cache_key
    text = _cache_text(source, target)
    if project is not None:
        cached = project.cached_translations(key, "en", "ko", [text]).get(text)
        if cached is not None:
            return parse_judgement(cached, target) or []
    messages = [
        {"role": "system", "content": JUDGE_PROMPT},
        {
            "role": "user",
            "content": json.dumps({"english": source, "korean": target}, ensure_ascii=False),
        },
    ]
    content = engine.chat(messages)
    spans = parse_judgement(content, target)
    if spans is None:  # once more, as the translation prompt does
        messages += [
            {"role": "assistant", "content": content or ""},
            {"role": "user", "content": "Answer with the JSON list only."},
        ]
        content = engine.chat(messages)
        spans = parse_judgement(content, target)
    if spans is None:
        raise EngineError(f"{engine.label}: the answer was no JSON list of spans")
    if project is not None and not project.readonly:
        stored = json.dumps([{"span": s.span, "why": s.why} for s in spans], ensure_ascii=False)
        project.store_translations(key, "en", "ko", {text: stored}, [])
    return spans
