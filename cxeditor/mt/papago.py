"""Papago text translation on NAVER Cloud Platform (`POST {base}/nmt/v1/translation`).

The NAVER Developers endpoint deep-translator calls was shut down in 2024, so this is
our own: the client id and secret in the `x-ncp-apigw-api-key-id` / `x-ncp-apigw-api-key`
headers (given as `ID:SECRET` in the key variable), one text of at most 5,000
characters per request, JSON body, `honorific` for polite Korean and `glossaryKey` for a
glossary the user made in the NAVER Cloud console (both body fields, as documented).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cxeditor.errors import CxError
from cxeditor.i18n import _
from cxeditor.mt.base import (
    Answer,
    EngineError,
    HttpEngine,
    RateLimited,
    TransientError,
    ascii_header,
    join_url,
    retry_after_seconds,
    text_or_none,
)

DEFAULT_URL = "https://papago.apigw.ntruss.com"
# NAVER Cloud's gateway codes (HTTP 401/429/...) and Papago's own N2MT codes.
_GATEWAY_KEY_ERRORS = {"200", "210"}
_GATEWAY_LIMITS = {"400", "410", "420"}


@dataclass(kw_only=True)
class PapagoEngine(HttpEngine):
    api_key: str  # "CLIENT_ID:CLIENT_SECRET"
    url: str = DEFAULT_URL
    honorific: bool = False
    glossary_key: str | None = None  # the glossary's id in the NAVER Cloud console
    name: ClassVar[str] = "papago"
    max_chars: ClassVar[int] = 5000

    def __post_init__(self) -> None:
        client_id, sep, secret = self.api_key.partition(":")
        if not (sep and client_id and secret):
            raise CxError(
                _("the papago key must be CLIENT_ID:CLIENT_SECRET (NAVER Cloud Platform)")
            )
        self._id, self._secret = ascii_header(client_id), ascii_header(secret)

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.api_key, self._secret, self._id)

    @property
    def cache_key(self) -> str:
        key = "papago+honorific" if self.honorific else "papago"
        return f"{key}+glossary:{self.glossary_key}" if self.glossary_key else key

    def translate_batch(self, texts: list[str], source: str, target: str) -> list[str | None]:
        return [self._one(text, source, target) for text in texts]

    def _one(self, text: str, source: str, target: str) -> str | None:
        body: dict[str, Any] = {"source": source, "target": target, "text": text}
        if self.honorific and target == "ko":
            body["honorific"] = True
        if self.glossary_key:
            body["glossaryKey"] = self.glossary_key
        answer = self.request(
            "POST",
            join_url(self.url, "nmt/v1/translation"),
            headers={"x-ncp-apigw-api-key-id": self._id, "x-ncp-apigw-api-key": self._secret},
            json=body,
        )
        if answer.status >= 400:
            self._raise(answer)
        data = self.json(answer)
        message = data.get("message") if isinstance(data, dict) else None
        result = message.get("result") if isinstance(message, dict) else None
        return text_or_none(result.get("translatedText") if isinstance(result, dict) else None)

    def _raise(self, answer: Answer) -> None:
        data = self.json(answer) if answer.body.strip().startswith(b"{") else {}
        error = data.get("error") if isinstance(data, dict) else None
        error = error if isinstance(error, dict) else {}
        code = str(error.get("errorCode", ""))
        message = str(error.get("message") or error.get("errorMessage") or "")
        if code in _GATEWAY_KEY_ERRORS or answer.status == 401:
            raise EngineError(
                _("NAVER Cloud refused the Papago client id or secret ({code})").format(
                    code=code or answer.status
                )
            )
        if code == "400":  # "Quota Exceeded": also what an unsubscribed application gets
            raise EngineError(
                _(
                    "Papago: quota exceeded, or Papago Translation is not enabled for "
                    "this application (429/400)"
                )
            )
        if code in _GATEWAY_LIMITS or answer.status == 429:
            raise RateLimited(retry_after_seconds(answer.headers.get("Retry-After")))
        if code == "N2MT99" or answer.status >= 500:
            raise TransientError(f"Papago {code or answer.status}")
        raise EngineError(self.redact(f"Papago {code or answer.status}: {message}")[:200])
