"""Google: Cloud Translation (Basic, v2) with an API key, and the keyless web page.

`google` is the official API: the key in the `X-goog-api-key` header (never the `key=`
query parameter its examples use: URLs end up in logs), up to 128 texts per request,
`format=html` with the placeholders in `<span translate="no">`.

`google-web` is deep-translator's scrape of Google's mobile page: unofficial, one text
per request, labelled so and never chosen for a user who has a key. deep-translator
calls `requests.get` without a timeout and offers no way to pass one; rather than patch
requests for the whole process, each call runs on a daemon thread that we stop waiting
for after `timeout` seconds (the abandoned call ends when the server closes).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, ClassVar

from cxeditor.i18n import _
from cxeditor.mt.base import (
    Answer,
    Engine,
    EngineError,
    HttpEngine,
    RateLimited,
    TransientError,
    ascii_header,
    classify,
    join_url,
    retry_after_seconds,
    text_or_none,
)
from cxeditor.mt.markup import from_html, to_html

DEFAULT_URL = "https://translation.googleapis.com"


@dataclass(kw_only=True)
class GoogleCloudEngine(HttpEngine):
    api_key: str
    url: str = DEFAULT_URL
    name: ClassVar[str] = "google"
    max_batch: ClassVar[int] = 128
    max_chars: ClassVar[int] = 30000

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,)

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        answer = self.request(
            "POST",
            join_url(self.url, "language/translate/v2"),
            headers={"X-goog-api-key": ascii_header(self.api_key)},
            json={
                "q": [to_html(text) for text in texts],
                "source": source,
                "target": target,
                "format": "html",
            },
        )
        if answer.status >= 400:
            self._raise(answer)
        data = self.json(answer)
        inner = data.get("data") if isinstance(data, dict) else None
        translations = inner.get("translations") if isinstance(inner, dict) else None
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise EngineError(_("the server answered with the wrong number of texts"))
        results: list[str | None] = []
        for item in translations:
            text = text_or_none(item.get("translatedText") if isinstance(item, dict) else None)
            results.append(from_html(text) if text is not None else None)
        return results

    def _raise(self, answer: Answer) -> None:
        data = self.json(answer) if answer.body.strip().startswith(b"{") else {}
        error = data.get("error") if isinstance(data, dict) else None
        error = error if isinstance(error, dict) else {}
        status = str(error.get("status", ""))
        message = str(error.get("message", ""))
        reasons = {
            str(item.get("reason"))
            for item in error.get("errors", [])
            if isinstance(error.get("errors"), list) and isinstance(item, dict)
        }
        if answer.status == 429 or status == "RESOURCE_EXHAUSTED" or "rateLimitExceeded" in reasons:
            raise RateLimited(retry_after_seconds(answer.headers.get("Retry-After")))
        if "keyInvalid" in reasons or "API key not valid" in message or answer.status == 401:
            raise EngineError(
                _("Google refused the API key ({status})").format(status=status or answer.status)
            )
        if "dailyLimitExceeded" in reasons or "quotaExceeded" in reasons:
            raise EngineError(_("Google: the project's daily quota is used up"))
        if answer.status >= 500:
            raise TransientError(f"HTTP {answer.status}")
        raise EngineError(self.redact(f"Google {answer.status} {status}: {message}")[:200])


@dataclass(kw_only=True)
class GoogleWebEngine(Engine):
    url: str | None = None
    timeout: float = 15.0
    name: ClassVar[str] = "google-web"
    official: ClassVar[bool] = False
    max_chars: ClassVar[int] = 5000

    @property
    def label(self) -> str:
        return "google-web"

    def _translator(self, source: str, target: str) -> Any:
        import deep_translator  # noqa: PLC0415 - loads only when this engine is used

        translator = deep_translator.GoogleTranslator(source=source, target=target)
        if self.url:  # this instance only; deep-translator has no parameter for it
            translator._base_url = self.url
        return translator

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        translator = self._translator(source, target)
        return [self._one(translator, text) for text in texts]

    def _one(self, translator: Any, text: str) -> str | None:
        outcome: dict[str, Any] = {}

        def call() -> None:
            try:
                outcome["text"] = translator.translate(text)
            except Exception as error:  # noqa: BLE001 - carried to the waiting thread
                outcome["error"] = error

        worker = threading.Thread(target=call, daemon=True, name="google-web")
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            raise TransientError(_("no answer in time"))
        if "error" in outcome:
            raise classify(outcome["error"]) from outcome["error"]
        return text_or_none(outcome.get("text"))
