"""MyMemory (`GET https://api.mymemory.translated.net/get`), keyless.

deep-translator's MyMemory client goes over plain http and has no timeout: we call the
API ourselves over https, with the optional contact e-mail (`de=`, which raises the free
daily quota; an address, not a secret). One text of at most 500 bytes per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from cxeditor.i18n import _
from cxeditor.mt.base import (
    EngineError,
    HttpEngine,
    RateLimited,
    TransientError,
    join_url,
    text_or_none,
)

DEFAULT_URL = "https://api.mymemory.translated.net"
_LOCALES = {"en": "en-US", "ko": "ko-KR"}


@dataclass(kw_only=True)
class MyMemoryEngine(HttpEngine):
    url: str = DEFAULT_URL
    email: str | None = None
    name: ClassVar[str] = "mymemory"
    max_chars: ClassVar[int] = 500

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        pair = f"{_LOCALES.get(source, source)}|{_LOCALES.get(target, target)}"
        return [self._one(text, pair) for text in texts]

    def _one(self, text: str, pair: str) -> str | None:
        params = {"q": text, "langpair": pair}
        if self.email:
            params["de"] = self.email
        answer = self.request("GET", join_url(self.url, "get"), params=params)
        self.check_status(answer)
        data = self.json(answer)
        if not isinstance(data, dict):
            raise EngineError(_("the server answered with something that is not a translation"))
        status = str(data.get("responseStatus", ""))
        details = str(data.get("responseDetails") or "")[:200]
        if status == "429" or data.get("quotaFinished") is True:
            raise EngineError(
                _("MyMemory: the free daily quota is used up ({details})").format(details=details)
            )
        if status.startswith("5"):
            raise TransientError(f"MyMemory {status}")
        if status not in ("200", ""):
            if status == "403" and "RATE" in details.upper():
                raise RateLimited(None)
            raise EngineError(f"MyMemory {status}: {details}")
        inner = data.get("responseData")
        return text_or_none(inner.get("translatedText") if isinstance(inner, dict) else None)
