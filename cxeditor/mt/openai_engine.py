"""Any OpenAI-compatible chat endpoint (`POST {base}/chat/completions`): OpenAI itself,
and the servers an editor runs on their own machine (Ollama, llama.cpp's server,
LM Studio, vLLM), which make machine translation work with no network at all.

The prompt carries the placeholders (to be kept), the glossary's terms and what the
texts are (sentences of an article quoting tweets); it asks for a JSON list with one
translation per text. The answer is checked (JSON, count, placeholders) and asked for
once more when it fails; a batch the model's context cannot hold is split in two.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from cxeditor.i18n import _
from cxeditor.mt.base import (
    Answer,
    EngineError,
    HttpEngine,
    RateLimited,
    ascii_header,
    join_url,
    retry_after_seconds,
    text_or_none,
)

DEFAULT_URL = "http://localhost:11434/v1"  # Ollama's OpenAI-compatible API
_PLACEHOLDER = re.compile(r"\[T\d+\]")
_FENCE = re.compile(r"^\s*```(?:json)?\s*|\s*```\s*$")
_LANGUAGES = {"en": "English", "ko": "Korean"}


class _ContextTooSmall(Exception):  # noqa: N818 - the server's answer
    pass


@dataclass(kw_only=True)
class OpenAIEngine(HttpEngine):
    model: str
    url: str = DEFAULT_URL
    api_key: str | None = None
    terms: Sequence[tuple[str, str]] = ()  # (source, required target); target == source: keep
    context: str = ""  # the article's title
    timeout: float = 120.0  # a local model on a laptop is slow
    name: ClassVar[str] = "openai"
    max_batch: ClassVar[int] = 20
    max_chars: ClassVar[int] = 4000  # fits an 8k-token context with the answer

    @property
    def label(self) -> str:
        return f"openai:{self.model}"

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,) if self.api_key else ()

    def prompt(self, source: str, target: str) -> str:
        lines = [
            f"You translate {_LANGUAGES.get(source, source)} into "
            f"{_LANGUAGES.get(target, target)} for publication.",
            "The texts are sentences of an article that quotes tweets (a chat recap); "
            "keep its tone.",
            "Placeholders such as [T1] stand for hashtags, @handles, links, emoji, chat "
            "labels and numbers: copy every placeholder exactly once, unchanged, and "
            "translate nothing inside square brackets.",
            "Answer with a JSON list of strings only: one translation per input text, in "
            "the same order, and nothing else.",
        ]
        if self.context:
            lines.append(f"The article's title: {self.context}")
        if self.terms:
            lines.append("Glossary (use these renderings):")
            lines.extend(f"- {src} -> {dst}" for src, dst in self.terms[:200])
        return "\n".join(lines)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        try:
            return self._translate(texts, source, target)
        except _ContextTooSmall:
            if len(texts) == 1:
                raise EngineError(
                    _(
                        "the model {model} cannot hold even one segment in its context; "
                        "choose a model with a larger context"
                    ).format(model=self.model)
                ) from None
            half = len(texts) // 2
            return self.translate_batch(texts[:half], source, target) + self.translate_batch(
                texts[half:], source, target
            )

    def _translate(self, texts: list[str], source: str, target: str) -> list[str | None]:
        messages: list[dict[str, str]] = [
            {"role": "system", "content": self.prompt(source, target)},
            {"role": "user", "content": json.dumps(texts, ensure_ascii=False)},
        ]
        parsed: list[str | None] | None = None
        for _attempt in range(2):  # the answer, and one retry when it does not hold up
            content = self._complete(messages)
            parsed, problem = _parse(content, texts)
            if problem is None and parsed is not None:
                return parsed
            messages += [
                {"role": "assistant", "content": content if content is not None else ""},
                {"role": "user", "content": problem or ""},
            ]
        # Still wrong: usable items go on (restore repairs or flags their placeholders),
        # an unusable answer fails its segments.
        return parsed if parsed is not None else [None] * len(texts)

    def chat(self, messages: list[dict[str, str]]) -> str | None:
        """One chat completion with `messages` (the model's answer, or None): for
        other questions than translation, such as the second opinion's judge."""
        return self._complete(messages)

    def _complete(self, messages: list[dict[str, str]]) -> str | None:
        headers = {}
        if self.api_key:
            headers["Authorization"] = "Bearer " + ascii_header(self.api_key)
        answer = self.request(
            "POST",
            join_url(self.url, "chat/completions"),
            headers=headers,
            json={"model": self.model, "messages": messages, "temperature": 0, "stream": False},
        )
        if answer.status >= 400:
            self._raise(answer)
        data = self.json(answer)
        choices = data.get("choices") if isinstance(data, dict) else None
        first = choices[0] if isinstance(choices, list) and choices else None
        message = first.get("message") if isinstance(first, dict) else None
        return text_or_none(message.get("content") if isinstance(message, dict) else None)

    def _raise(self, answer: Answer) -> None:
        data = self.json(answer) if answer.body.strip().startswith(b"{") else {}
        error = data.get("error") if isinstance(data, dict) else None
        error = error if isinstance(error, dict) else {"message": str(error or "")}
        code = str(error.get("code") or error.get("type") or "")
        message = str(error.get("message") or "")
        if code == "context_length_exceeded" or "context length" in message.lower():
            raise _ContextTooSmall
        if answer.status == 429 and code == "insufficient_quota":
            raise EngineError(_("the OpenAI account has no quota left (insufficient_quota)"))
        if answer.status == 429:
            raise RateLimited(retry_after_seconds(answer.headers.get("Retry-After")))
        if answer.status == 404 or code == "model_not_found":
            raise EngineError(
                _("the server has no model {model} (for Ollama: ollama pull {model})").format(
                    model=self.model
                )
            )
        if answer.status in (401, 403):
            raise EngineError(
                _("the server refused the API key (HTTP {code})").format(code=answer.status)
            )
        self.check_status(answer)
        raise EngineError(self.redact(f"HTTP {answer.status} {code}: {message}")[:200])


def _parse(content: str | None, texts: list[str]) -> tuple[list[str | None] | None, str | None]:
    """The translations in `content`, and what to tell the model if they do not hold."""
    if content is None:
        return None, "Your answer was empty. Answer with the JSON list only."
    try:
        data: Any = json.loads(_FENCE.sub("", content))
    except ValueError:
        return None, "That was not valid JSON. Answer with the JSON list of strings only."
    if isinstance(data, dict):  # {"translations": [...]}, perhaps beside a note
        lists = [value for value in data.values() if isinstance(value, list)]
        data = data.get("translations", lists[0] if len(lists) == 1 else None)
    if not isinstance(data, list) or len(data) != len(texts):
        return None, (
            f"Give exactly {len(texts)} translations, one per input text, as a JSON list."
        )
    items = [text_or_none(item) for item in data]
    for item, text in zip(items, texts, strict=True):
        if item is not None and sorted(_PLACEHOLDER.findall(item)) != sorted(
            _PLACEHOLDER.findall(text)
        ):
            return items, (
                "Some translations lost or changed placeholders such as [T1]. Copy every "
                "placeholder exactly once. Answer with the whole JSON list again."
            )
    return items, None
