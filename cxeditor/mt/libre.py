"""LibreTranslate, including a self-hosted server on the LAN (an offline MT path).

Called directly: deep-translator sends one text per request and the API key in the query
string, where it ends up in server logs; the JSON API takes many texts and the key in
the body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cxeditor.i18n import _
from cxeditor.mt.base import EngineError, HttpEngine, join_url, text_or_none


@dataclass(kw_only=True)
class LibreEngine(HttpEngine):
    url: str = "https://libretranslate.com/"
    api_key: str | None = None
    name: ClassVar[str] = "libre"
    max_batch: ClassVar[int] = 25
    max_chars: ClassVar[int] = 20000

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key,) if self.api_key else ()

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        payload: dict[str, Any] = {"q": texts, "source": source, "target": target, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key  # in the body: a query string ends up in logs
        answer = self.request("POST", join_url(self.url, "translate"), json=payload)
        if answer.status in (400, 403):  # LibreTranslate: {"error": "Invalid API key"}
            data = self.json(answer) if answer.body else {}
            message = data.get("error") if isinstance(data, dict) else None
            raise EngineError(self.redact(str(message or f"HTTP {answer.status}"))[:200])
        self.check_status(answer)
        data = self.json(answer)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise EngineError(_("the server answered with the wrong number of texts"))
        return [text_or_none(item) for item in translated]
